//! Finding what a person names on the page (a label, a button's or a link's text,
//! optionally within a part of the page) and acting on it: typing, picking, ticking,
//! attaching a file, clicking and waiting for the page it leads to.

use std::path::Path;

use fantoccini::elements::{Element, ElementRef};
use serde_json::{Value, json};

use crate::Browser;
use crate::finders::{VALIDITY, find};

/// What [`Browser::locate`] looks for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Target {
    Control,
    Button,
    Link,
}

impl Target {
    const fn as_str(self) -> &'static str {
        match self {
            Self::Control => "control",
            Self::Button => "button",
            Self::Link => "link",
        }
    }
}

impl Browser {
    pub(crate) async fn locate(&self, scope: Option<&str>, target: Target, name: &str) -> Element {
        let found = self
            .client
            .execute(
                &find(),
                vec![json!(target.as_str()), json!(name), json!(scope)],
            )
            .await
            .unwrap_or_else(|e| panic!("cannot search the page: {e}"));
        if let Some(error) = found["error"].as_str() {
            panic!("{error}; {}", self.where_am_i());
        }
        let id = found["element"]
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("unexpected search result {found}"));
        Element::from_element_id(self.client.clone(), ElementRef::from(id.to_owned()))
    }

    pub(crate) async fn click_and_wait(&mut self, element: &Element, what: &str) {
        self.client
            .execute(
                "document.documentElement.setAttribute('data-rm-left', '');",
                Vec::new(),
            )
            .await
            .expect("mark the page");
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {what}: {e}; {}", self.where_am_i()));
        self.settle(&format!("clicking {what}")).await;
    }

    /// Types a date the way the browser's date field takes it: its segments in the
    /// locale's order, digits only.
    pub(crate) fn date_keys(&self, iso: &str) -> String {
        let parts: Vec<&str> = iso.split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            panic!("dates are typed as YYYY-MM-DD, got {iso:?}");
        };
        match self.lang {
            "fr" => format!("{d}{m}{y}"),
            _ => format!("{m}{d}{y}"),
        }
    }
}

/// The part of a page that one heading, row or item covers.
pub struct Within<'a> {
    pub(crate) browser: &'a mut Browser,
    pub(crate) scope: Option<&'a str>,
}

impl Within<'_> {
    /// The one table row (in this part of the page) that contains `text`, as its
    /// cells' texts.
    pub async fn row(self, text: &str) -> Vec<String> {
        self.browser.row_in(self.scope, text).await
    }

    /// The body rows of the (first) table in this part of the page, as the cells'
    /// texts.
    pub async fn table(self) -> Vec<Vec<String>> {
        self.browser.table_in(self.scope).await
    }

    /// Clicks the link that says `text`.
    pub async fn click_link(self, text: &str) {
        let link = self.browser.locate(self.scope, Target::Link, text).await;
        self.browser
            .click_and_wait(&link, &format!("link {text:?}"))
            .await;
    }

    /// Clicks the button that says `text`; fails when the page it leads to refuses the
    /// form, or when the browser refuses to send it (a required field left empty).
    pub async fn click_button(self, text: &str) {
        let button = self.browser.locate(self.scope, Target::Button, text).await;
        let invalid: Vec<String> = self
            .browser
            .client
            .execute(
                VALIDITY,
                vec![serde_json::to_value(&button).expect("element")],
            )
            .await
            .map(|v| serde_json::from_value(v).unwrap_or_default())
            .expect("form validity");
        assert!(
            invalid.is_empty(),
            "the browser will not send the form of {text:?}: {}; {}",
            invalid.join("; "),
            self.browser.where_am_i()
        );
        self.browser
            .click_and_wait(&button, &format!("button {text:?}"))
            .await;
        let refusal = self.browser.refusal().await;
        assert!(
            refusal.is_empty(),
            "the form of {text:?} was refused: {}; {}",
            refusal.join("; "),
            self.browser.where_am_i()
        );
    }

    /// Types `value` into the field labelled `field`; a date field takes `YYYY-MM-DD`.
    pub async fn fill(self, field: &str, value: &str) {
        let input = self
            .browser
            .locate(self.scope, Target::Control, field)
            .await;
        let kind = input.attr("type").await.ok().flatten().unwrap_or_default();
        let tag = input.tag_name().await.unwrap_or_default();
        assert!(
            tag != "select" && kind != "checkbox" && kind != "file",
            "{field:?} is a {tag} {kind}: use choose, check or attach"
        );
        input.clear().await.expect("clear the field");
        let keys = if kind == "date" {
            self.browser.date_keys(value)
        } else {
            value.to_owned()
        };
        input.send_keys(&keys).await.expect("type into the field");
        let typed = input.prop("value").await.ok().flatten().unwrap_or_default();
        assert_eq!(
            typed, value,
            "the field {field:?} holds something else than typed"
        );
    }

    /// Picks `option` in the list labelled `field`: the option that says exactly that,
    /// else the only one that begins with it (`Room A` for `Room A — €450.00 (..)`).
    pub async fn choose(self, field: &str, option: &str) {
        let select = self
            .browser
            .locate(self.scope, Target::Control, field)
            .await;
        let options: Vec<(String, String)> = self
            .browser
            .client
            .execute(
                "return [...arguments[0].options].map(o => [o.value, o.text.replace(/\\s+/g, ' ').trim()]);",
                vec![serde_json::to_value(&select).expect("element")],
            )
            .await
            .map(|v| serde_json::from_value(v).unwrap_or_default())
            .expect("the list's options");
        let exact: Vec<&(String, String)> = options.iter().filter(|(_, t)| t == option).collect();
        let begins: Vec<&(String, String)> = options
            .iter()
            .filter(|(_, t)| t.starts_with(option))
            .collect();
        let value = match (exact.as_slice(), begins.as_slice()) {
            ([(value, _)], _) | ([], [(value, _)]) => value.clone(),
            _ => panic!(
                "no single option {option:?} in {field:?}; the options: {:?}; {}",
                options.iter().map(|(_, t)| t).collect::<Vec<_>>(),
                self.browser.where_am_i()
            ),
        };
        select
            .select_by_value(&value)
            .await
            .unwrap_or_else(|e| panic!("cannot pick {option:?} in {field:?}: {e}"));
    }

    /// Ticks the checkbox labelled `label` (left ticked if it is).
    pub async fn check(self, label: &str) {
        let checkbox = self
            .browser
            .locate(self.scope, Target::Control, label)
            .await;
        if !checkbox.is_selected().await.expect("checkbox state") {
            checkbox.click().await.expect("tick the checkbox");
        }
    }

    /// Picks the file at `path` in the file input labelled `field`.
    pub async fn attach(self, field: &str, path: &Path) {
        let input = self
            .browser
            .locate(self.scope, Target::Control, field)
            .await;
        let path = path.canonicalize().expect("the file to attach exists");
        input
            .send_keys(&path.to_string_lossy())
            .await
            .expect("choose the file");
    }
}
