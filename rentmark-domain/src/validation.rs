//! Field-level validation errors, collected so that a form or an API answer can say
//! everything that is wrong at once. Codes are stable i18n keys.
//!
//! Also the one rule for free text ([`storable`]), which every text field goes
//! through ([`required_text`], [`optional_text`], [`optional_multiline_text`], and
//! [`crate::user::Email::parse`]): what both databases store as it was typed and what
//! means something to a reader.

use serde::Serialize;

/// One invalid field: which one and why (an i18n key such as `validation.required`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field name as the caller sent it (`rent`, `tenant_ids[1]`).
    pub field: String,
    /// A stable i18n key.
    pub code: &'static str,
}

/// Every invalid field of one command. Never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, thiserror::Error)]
#[error("invalid input: {}", .errors.iter().map(|e| format!("{} ({})", e.field, e.code)).collect::<Vec<_>>().join(", "))]
pub struct ValidationErrors {
    /// The invalid fields, in the order they were checked.
    pub errors: Vec<FieldError>,
}

impl ValidationErrors {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// One error on one field.
    pub fn single(field: impl Into<String>, code: &'static str) -> Self {
        let mut errors = Self::new();
        errors.add(field, code);
        errors
    }

    /// Records an invalid field.
    pub fn add(&mut self, field: impl Into<String>, code: &'static str) {
        self.errors.push(FieldError {
            field: field.into(),
            code,
        });
    }

    /// Records the error of `result` if any, and gives back its value.
    pub fn check<T, E>(
        &mut self,
        field: &str,
        result: Result<T, E>,
        code: impl FnOnce(E) -> &'static str,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.add(field, code(error));
                None
            }
        }
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok(value)` when nothing was recorded, else `Err(self)`.
    ///
    /// # Errors
    /// `self` when any field was invalid.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, Self> {
        if self.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

/// Stable validation codes (i18n keys).
pub mod codes {
    /// The field is missing or blank.
    pub const REQUIRED: &str = "validation.required";
    /// The text is longer than allowed.
    pub const TOO_LONG: &str = "validation.too_long";
    /// Not a valid amount of money (decimal string, at most two places).
    pub const INVALID_AMOUNT: &str = "validation.invalid_amount";
    /// An amount that must be above zero is not.
    pub const MUST_BE_POSITIVE: &str = "validation.must_be_positive";
    /// An amount that must not be negative is.
    pub const MUST_NOT_BE_NEGATIVE: &str = "validation.must_not_be_negative";
    /// A number outside its allowed range.
    pub const OUT_OF_RANGE: &str = "validation.out_of_range";
    /// Not a valid e-mail address.
    pub const INVALID_EMAIL: &str = "validation.invalid_email";
    /// A password too short or too long.
    pub const WEAK_PASSWORD: &str = "validation.weak_password";
    /// Not a `YYYY-MM-DD` date.
    pub const INVALID_DATE: &str = "validation.invalid_date";
    /// An end date on or before the start date.
    pub const END_BEFORE_START: &str = "validation.end_before_start";
    /// Not an IANA time zone name.
    pub const INVALID_TIMEZONE: &str = "validation.invalid_timezone";
    /// The same item listed twice.
    pub const DUPLICATE: &str = "validation.duplicate";
    /// Co-tenant shares that do not add up to 100 %.
    pub const SHARES_MUST_SUM: &str = "validation.shares_must_sum";
    /// An amount in another currency than the organization's.
    pub const CURRENCY_MISMATCH: &str = "validation.currency_mismatch";
    /// A list that must not be empty is.
    pub const EMPTY_LIST: &str = "validation.empty_list";
    /// Too many items in one request.
    pub const TOO_MANY: &str = "validation.too_many";
    /// A value that is not one of the allowed choices.
    pub const INVALID_CHOICE: &str = "validation.invalid_choice";
    /// A referenced item that does not exist (in this organization).
    pub const UNKNOWN_REFERENCE: &str = "validation.unknown_reference";
    /// Text holding a character that cannot be stored or means nothing to a reader
    /// (NUL, another control character, a line break in a one-line field).
    pub const INVALID_CHARACTERS: &str = "validation.invalid_characters";
}

/// Whether a text field may hold line breaks and tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// One line: a name, a city, a phone number, a file name.
    Single,
    /// Free text typed in a text area (a description): tab, line feed and carriage
    /// return are allowed.
    Multi,
}

/// Checks that `text` can be stored by both backends and means something to a
/// reader:
///
/// - never NUL (U+0000): PostgreSQL's `text` cannot hold it (the driver's error
///   would otherwise be read as an outage), and C strings end at it;
/// - no other C0 control (U+0001-U+001F), DEL (U+007F) or C1 control
///   (U+0080-U+009F): invisible, meaningless in a name or a description, and a
///   line break in a one-line field would split a CSV row, a log line or a mail
///   header. Only tab, line feed and carriage return are allowed, and only in
///   [`Lines::Multi`] fields, as are Unicode's line and paragraph separators
///   (U+2028, U+2029), line breaks too.
///
/// Everything else is kept as typed: right-to-left marks, combining characters (also
/// a lone one), emoji and their joiner sequences, U+FEFF, noncharacters such as
/// U+FFFF (which Unicode allows in interchange, Corrigendum #9). A Rust `&str` cannot
/// hold a lone surrogate, so there is nothing to check for those.
///
/// # Errors
/// `validation.invalid_characters`.
pub fn storable(text: &str, lines: Lines) -> Result<(), &'static str> {
    let allowed = |c: char| match c {
        '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => lines == Lines::Multi,
        c => !c.is_control(),
    };
    if text.chars().all(allowed) {
        Ok(())
    } else {
        Err(codes::INVALID_CHARACTERS)
    }
}

/// Checks a required, trimmed, one-line text of at most `max` characters.
///
/// # Errors
/// `validation.required` when blank, `validation.too_long` when longer than `max`,
/// `validation.invalid_characters` as [`storable`] says.
pub fn required_text(value: &str, max: usize) -> Result<String, &'static str> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        Err(codes::REQUIRED)
    } else {
        bounded(trimmed, max, Lines::Single)
    }
}

/// Checks an optional, one-line text of at most `max` characters; blank becomes
/// `None`.
///
/// # Errors
/// `validation.too_long` when longer than `max`, `validation.invalid_characters` as
/// [`storable`] says.
pub fn optional_text(value: Option<&str>, max: usize) -> Result<Option<String>, &'static str> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => bounded(text, max, Lines::Single).map(Some),
    }
}

/// Checks an optional free text of at most `max` characters that may span lines (a
/// description); blank becomes `None`.
///
/// # Errors
/// `validation.too_long` when longer than `max`, `validation.invalid_characters` as
/// [`storable`] says.
pub fn optional_multiline_text(
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, &'static str> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => bounded(text, max, Lines::Multi).map(Some),
    }
}

/// `text` if it has at most `max` characters and is [`storable`]. The length is
/// checked first, without counting past `max`, so a huge text costs little.
fn bounded(text: &str, max: usize, lines: Lines) -> Result<String, &'static str> {
    if text.chars().nth(max).is_some() {
        return Err(codes::TOO_LONG);
    }
    storable(text, lines)?;
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_and_control_characters_are_refused_everywhere() {
        for bad in [
            "a\u{0}b",
            "\u{0}",
            "a\u{1}b",
            "a\u{1b}[31mb",
            "a\u{7f}b",
            "a\u{85}b",
            "a\u{9f}b",
        ] {
            assert_eq!(
                required_text(bad, 100),
                Err(codes::INVALID_CHARACTERS),
                "{bad:?}"
            );
            assert_eq!(
                optional_text(Some(bad), 100),
                Err(codes::INVALID_CHARACTERS),
                "{bad:?}"
            );
            assert_eq!(
                optional_multiline_text(Some(bad), 100),
                Err(codes::INVALID_CHARACTERS),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn line_breaks_and_tabs_only_in_multiline_fields() {
        for text in [
            "one\ntwo",
            "one\r\ntwo",
            "a\tb",
            "one\u{2028}two\u{2029}three",
        ] {
            assert_eq!(
                required_text(text, 100),
                Err(codes::INVALID_CHARACTERS),
                "{text:?}"
            );
            assert_eq!(
                optional_text(Some(text), 100),
                Err(codes::INVALID_CHARACTERS),
                "{text:?}"
            );
            assert_eq!(
                optional_multiline_text(Some(text), 100),
                Ok(Some(text.to_owned()))
            );
        }
    }

    #[test]
    fn unusual_but_meaningful_text_is_kept_as_typed() {
        for text in [
            "\u{200f}שלום\u{200f}",
            "e\u{301}te\u{301}",
            "\u{301}",
            "👩\u{200d}👩\u{200d}👧\u{200d}👦",
            "🏳\u{fe0f}\u{200d}🌈",
            "a\u{feff}b",
            "a\u{ffff}b",
        ] {
            assert_eq!(required_text(text, 100), Ok(text.to_owned()), "{text:?}");
            assert_eq!(optional_text(Some(text), 100), Ok(Some(text.to_owned())));
        }
    }

    #[test]
    fn length_is_counted_in_characters_and_checked_before_the_characters() {
        assert_eq!(required_text(&"é".repeat(3), 3), Ok("é".repeat(3)));
        assert_eq!(required_text(&"é".repeat(4), 3), Err(codes::TOO_LONG));
        let huge = format!("{}\u{0}", "x".repeat(1_000_000));
        assert_eq!(optional_text(Some(&huge), 200), Err(codes::TOO_LONG));
        assert_eq!(
            optional_multiline_text(Some(&huge), 10_000),
            Err(codes::TOO_LONG)
        );
    }
}
