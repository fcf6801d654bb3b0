//! Forms as data: a page builds a [`FormView`] (action, translated labels, the values
//! to show, each field's error message) and one template renders every form the same
//! way, with its CSRF token. A form re-rendered after a refusal keeps what the user
//! typed and shows each message next to its field.

use askama::Template;
use rentmark_domain::validation::ValidationErrors;

use crate::i18n::Translator;

/// The kind of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `<input type=text>`.
    Text,
    /// `<input type=email>`.
    Email,
    /// `<input type=password>` (never re-filled).
    Password,
    /// `<input type=date>`.
    Date,
    /// `<input inputmode=decimal>` for amounts.
    Amount,
    /// `<input type=number>`.
    Number,
    /// `<textarea>`.
    TextArea,
    /// `<select>`.
    Select,
    /// A group of checkboxes sharing one name.
    Checkboxes,
    /// `<input type=file>` for an image.
    Image,
    /// `<input type=checkbox>` with value `on`.
    Checkbox,
    /// `<input type=hidden>`.
    Hidden,
    /// `<input type=file>` for a document; the field's value lists the accepted
    /// types (its `accept` attribute).
    File,
}

impl Kind {
    /// The name the template switches on.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Email => "email",
            Self::Password => "password",
            Self::Date => "date",
            Self::Amount => "amount",
            Self::Number => "number",
            Self::TextArea => "textarea",
            Self::Select => "select",
            Self::Checkboxes => "checkboxes",
            Self::Image => "image",
            Self::Checkbox => "checkbox",
            Self::Hidden => "hidden",
            Self::File => "file",
        }
    }
}

/// One option of a select or checkbox group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The submitted value.
    pub value: String,
    /// What the user sees.
    pub label: String,
    /// Selected or checked.
    pub selected: bool,
}

impl Choice {
    /// An option, selected when `value` is among `current`.
    pub fn new(value: impl Into<String>, label: impl Into<String>, current: &[&str]) -> Self {
        let value = value.into();
        let selected = current.iter().any(|c| c.trim() == value);
        Self {
            value,
            label: label.into(),
            selected,
        }
    }
}

/// One field of a form.
#[derive(Debug, Clone)]
pub struct Field {
    /// The submitted name.
    pub name: &'static str,
    /// The translated label.
    pub label: String,
    /// The value to show.
    pub value: String,
    /// `kind.as_str()`, for the template.
    pub kind: &'static str,
    /// Must be filled.
    pub required: bool,
    /// Options of a select or checkbox group.
    pub choices: Vec<Choice>,
    /// The message of the field's error, if any.
    pub error: Option<String>,
    /// A hint shown under the field.
    pub hint: Option<String>,
}

impl Field {
    /// A field of `kind`.
    pub fn new(kind: Kind, name: &'static str, label: String, value: impl Into<String>) -> Self {
        Self {
            name,
            label,
            value: if kind == Kind::Password {
                String::new()
            } else {
                value.into()
            },
            kind: kind.as_str(),
            required: false,
            choices: Vec::new(),
            error: None,
            hint: None,
        }
    }

    /// Marks the field required.
    #[must_use]
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// Sets the options.
    #[must_use]
    pub fn choices(mut self, choices: Vec<Choice>) -> Self {
        self.choices = choices;
        self
    }

    /// Sets a hint.
    #[must_use]
    pub fn hint(mut self, hint: String) -> Self {
        self.hint = Some(hint);
        self
    }
}

/// The messages of a refused submission: per field, and one for the whole form.
#[derive(Debug, Clone, Default)]
pub struct Problems {
    fields: Vec<(String, String)>,
    /// A message about the whole form (expired CSRF token, conflict, ...).
    pub banner: Option<String>,
}

impl Problems {
    /// No problem.
    pub fn none() -> Self {
        Self::default()
    }

    /// One message for the whole form.
    pub fn banner(message: String) -> Self {
        Self {
            fields: Vec::new(),
            banner: Some(message),
        }
    }

    /// The messages of validation errors. A field such as `tenant_ids[1]` or
    /// `items[0].name` is reported on its base name (`tenant_ids`).
    pub fn from_validation(errors: &ValidationErrors, tr: &Translator) -> Self {
        let mut problems = Self::default();
        for error in &errors.errors {
            problems.add(error.field.as_str(), tr.code(error.code));
        }
        problems.banner = Some(tr.code("error.validation"));
        problems
    }

    /// Adds a message on `field` (its base name).
    pub fn add(&mut self, field: &str, message: String) {
        let base = field.split(['[', '.']).next().unwrap_or(field).to_owned();
        if !self.fields.iter().any(|(f, m)| *f == base && *m == message) {
            self.fields.push((base, message));
        }
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.banner.is_none()
    }

    /// The messages of `field`, joined.
    pub fn get(&self, field: &str) -> Option<String> {
        let messages: Vec<&str> = self
            .fields
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
            .collect();
        (!messages.is_empty()).then(|| messages.join(" "))
    }

    /// Messages of fields the form does not show (kept for the banner).
    fn orphans(&self, shown: &[&str]) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(f, _)| !shown.contains(&f.as_str()))
            .map(|(_, m)| m.clone())
            .collect()
    }
}

/// One input of a [`Rows`] table.
#[derive(Debug, Clone)]
pub struct Cell {
    /// The submitted name (the same in every row: the values come as a list).
    pub name: &'static str,
    /// The key of its problems (unique per row, such as `room_rent_eur_2`).
    pub key: String,
    /// `kind.as_str()` (text, amount or number).
    pub kind: &'static str,
    /// The accessible label (the column and the row).
    pub label: String,
    /// The value to show.
    pub value: String,
    /// The message of its error, if any.
    pub error: Option<String>,
}

impl Cell {
    /// A cell of `kind` posted as `name`, its problems under `key`.
    pub fn new(
        kind: Kind,
        name: &'static str,
        key: String,
        label: String,
        value: impl Into<String>,
    ) -> Self {
        Self {
            name,
            key,
            kind: kind.as_str(),
            label,
            value: value.into(),
            error: None,
        }
    }
}

/// Repeated rows of the same inputs inside a form (the rooms of a listing), shown as
/// a table under the form's fields.
#[derive(Debug, Clone)]
pub struct Rows {
    /// The table's legend.
    pub legend: String,
    /// A hint under the legend.
    pub hint: Option<String>,
    /// The key of problems about the rows as a whole.
    pub key: &'static str,
    /// The column headings.
    pub columns: Vec<String>,
    /// The rows of cells.
    pub rows: Vec<Vec<Cell>>,
    /// The message about the rows as a whole, if any.
    pub error: Option<String>,
}

/// The banner of a form: the problems' own banner, followed by the messages of fields
/// the form does not show.
fn banner_of(problems: &Problems, shown: &[&str]) -> Option<String> {
    let orphans = problems.orphans(shown);
    match (&problems.banner, orphans.is_empty()) {
        (Some(banner), true) => Some(banner.clone()),
        (Some(banner), false) => Some(format!("{banner} {}", orphans.join(" "))),
        (None, false) => Some(orphans.join(" ")),
        (None, true) => None,
    }
}

/// A form ready to render.
#[derive(Debug, Clone, Template)]
#[template(path = "partials/form.html")]
pub struct FormView {
    /// Where it posts.
    pub action: String,
    /// Prefix of its fields' element ids (several forms share a page).
    pub id: String,
    /// The session's CSRF token.
    pub csrf: String,
    /// `multipart/form-data` (for a file).
    pub multipart: bool,
    /// The fields.
    pub fields: Vec<Field>,
    /// The submit button's label.
    pub submit: String,
    /// A message about the whole form.
    pub banner: Option<String>,
    /// A CSS class (`inline`, `danger`).
    pub class: &'static str,
    /// An id for the heading that names the form, if any.
    pub title: Option<String>,
    /// Repeated rows shown after the fields, if any.
    pub rows: Option<Rows>,
}

impl FormView {
    /// A form posting to `action`, with `fields`, showing `problems`.
    pub fn new(
        action: impl Into<String>,
        csrf: &str,
        submit: String,
        fields: Vec<Field>,
        problems: &Problems,
    ) -> Self {
        // An error on a hidden field is shown in the banner.
        let shown: Vec<&str> = fields
            .iter()
            .filter(|f| f.kind != Kind::Hidden.as_str())
            .map(|f| f.name)
            .collect();
        let banner = banner_of(problems, &shown);
        let fields = fields
            .into_iter()
            .map(|mut field| {
                field.error = problems.get(field.name);
                field
            })
            .collect();
        let action = action.into();
        let id = format!(
            "f{}",
            action
                .split('?')
                .next()
                .unwrap_or_default()
                .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        );
        Self {
            action,
            id,
            csrf: csrf.to_owned(),
            multipart: false,
            fields,
            submit,
            banner,
            class: "",
            title: None,
            rows: None,
        }
    }

    /// A form made of one button (delete, log out, end).
    pub fn button(
        action: impl Into<String>,
        csrf: &str,
        submit: String,
        class: &'static str,
    ) -> Self {
        let mut form = Self::new(action, csrf, submit, Vec::new(), &Problems::none());
        form.class = class;
        form
    }

    /// Sends the form as `multipart/form-data`.
    #[must_use]
    pub fn multipart(mut self) -> Self {
        self.multipart = true;
        self
    }

    /// Adds repeated rows after the fields, each cell showing its problem (under its
    /// key) from `problems`; messages shown in the rows leave the banner.
    #[must_use]
    pub fn with_rows(mut self, mut rows: Rows, problems: &Problems) -> Self {
        rows.error = problems.get(rows.key);
        for cell in rows.rows.iter_mut().flatten() {
            cell.error = problems.get(&cell.key);
        }
        let mut shown: Vec<&str> = self
            .fields
            .iter()
            .filter(|f| f.kind != Kind::Hidden.as_str())
            .map(|f| f.name)
            .collect();
        shown.push(rows.key);
        shown.extend(rows.rows.iter().flatten().map(|c| c.key.as_str()));
        self.banner = banner_of(problems, &shown);
        self.rows = Some(rows);
        self
    }

    /// Sets the CSS class.
    #[must_use]
    pub fn class(mut self, class: &'static str) -> Self {
        self.class = class;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rentmark_domain::validation::codes;

    #[test]
    fn problems_attach_to_base_field_names() {
        let mut problems = Problems::none();
        problems.add("tenant_ids[1]", "dup".into());
        problems.add("tenant_ids[2]", "dup".into());
        problems.add("rent", "bad".into());
        assert_eq!(problems.get("tenant_ids").as_deref(), Some("dup"));
        assert_eq!(problems.get("rent").as_deref(), Some("bad"));
        assert_eq!(problems.get("name"), None);
        let tr = Translator::new(
            std::sync::Arc::new(crate::i18n::Catalogs::load().expect("catalogs")),
            crate::i18n::Lang::En,
        );
        let problems =
            Problems::from_validation(&ValidationErrors::single("deposit", codes::REQUIRED), &tr);
        assert_eq!(
            problems.get("deposit").as_deref(),
            Some("This field is required.")
        );
        assert_eq!(problems.banner.as_deref(), Some("Some values are invalid."));
    }

    #[test]
    fn renders_values_errors_and_the_csrf_token_escaped() {
        let mut problems = Problems::none();
        problems.add("name", "Required <now>".into());
        problems.add("hidden_field", "Elsewhere".into());
        let fields = vec![
            Field::new(Kind::Text, "name", "Name".into(), "A \"quoted\" <b>").required(),
            Field::new(Kind::Password, "password", "Password".into(), "secret"),
            Field::new(Kind::Select, "method", "Method".into(), "").choices(vec![
                Choice::new("cash", "Cash", &["cash"]),
                Choice::new("card", "Card", &["cash"]),
            ]),
        ];
        let html = FormView::new("/x", "tok&en", "Save".into(), fields, &problems)
            .render()
            .expect("renders");
        assert!(html.contains(r#"name="csrf" value="tok&#38;en""#), "{html}");
        assert!(
            html.contains("value=\"A &#34;quoted&#34; &#60;b&#62;\""),
            "{html}"
        );
        assert!(html.contains("Required &#60;now&#62;"));
        assert!(!html.contains("secret"));
        assert!(
            html.contains(r#"<option value="cash" selected>Cash</option>"#),
            "{html}"
        );
        assert!(html.contains(r#"<option value="card">Card</option>"#));
        assert!(
            html.contains("Elsewhere"),
            "an error on a field not shown goes to the banner"
        );
        assert!(
            html.contains(r#"<label for="f-x-name">"#) && html.contains(r#"id="f-x-name""#),
            "{html}"
        );
    }

    #[test]
    fn rows_show_each_problem_in_its_cell_and_not_in_the_banner() {
        let mut problems = Problems::banner("Invalid.".into());
        problems.add("room2_rent", "Bad amount".into());
        problems.add("rooms", "Empty".into());
        problems.add("title", "Required".into());
        let rows = Rows {
            legend: "Rooms".into(),
            hint: None,
            key: "rooms",
            columns: vec!["Rent".into()],
            rows: (0..3)
                .map(|row| {
                    vec![Cell::new(
                        Kind::Amount,
                        "room_rent",
                        format!("room{}_rent", row + 1),
                        format!("Rent {}", row + 1),
                        if row == 1 { "abc" } else { "" },
                    )]
                })
                .collect(),
            error: None,
        };
        let form = FormView::new("/x", "t", "Save".into(), Vec::new(), &problems)
            .with_rows(rows, &problems);
        assert_eq!(form.banner.as_deref(), Some("Invalid. Required"));
        let html = form.render().expect("renders");
        let start = html.find(r#"value="abc""#).expect("the typed value");
        let cell = &html[start..start + html[start..].find("</td>").expect("cell end")];
        assert!(cell.contains("Bad amount"), "{html}");
        assert_eq!(html.matches("Bad amount").count(), 1);
        assert!(html.contains("Empty"));
        assert_eq!(html.matches(r#"name="room_rent""#).count(), 3);
    }
}
