//! Field-level validation errors, collected so that a form or an API answer can say
//! everything that is wrong at once. Codes are stable i18n keys.

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
}

/// Checks a required, trimmed text of at most `max` characters.
///
/// # Errors
/// `validation.required` when blank, `validation.too_long` when longer than `max`.
pub fn required_text(value: &str, max: usize) -> Result<String, &'static str> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        Err(codes::REQUIRED)
    } else if trimmed.chars().count() > max {
        Err(codes::TOO_LONG)
    } else {
        Ok(trimmed.to_owned())
    }
}

/// Checks an optional text of at most `max` characters; blank becomes `None`.
///
/// # Errors
/// `validation.too_long` when longer than `max`.
pub fn optional_text(value: Option<&str>, max: usize) -> Result<Option<String>, &'static str> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) if text.chars().count() > max => Err(codes::TOO_LONG),
        Some(text) => Ok(Some(text.to_owned())),
    }
}
