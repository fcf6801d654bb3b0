//! A person at a browser: one WebDriver session of headless Chromium with a fresh
//! profile. Journeys call [`Browser::visit`], [`Browser::fill`],
//! [`Browser::click_button`], [`Browser::expect_text`] and friends with what the person
//! reads on the page (labels, button and link texts), never CSS selectors.
//!
//! After every navigation the page is checked ([`Browser::problems`]): a JavaScript or
//! network error in Chromium's console, an HTTP error page (`data-http-error`, set by
//! `templates/pages/error.html`), a missing translation
//! ([`rentmark_http::i18n::MISSING_MARKER`]); any of them fails the journey. A PNG of
//! the whole page is saved first, as `target/browser/<journey>-<nn>-<heading>.png`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::checks::Shots;
use crate::finders::{row, table};
use crate::setup::CHROMIUM;
use crate::within::{Target, Within};

/// How long a navigation may take before the journey fails.
pub(crate) const NAVIGATION_TIMEOUT: Duration = Duration::from_secs(20);
/// One person's browser.
pub struct Browser {
    pub(crate) client: Client,
    base_url: String,
    pub(crate) shots: Arc<Shots>,
    pub(crate) lang: &'static str,
    /// The path of the last screenshot, named in failure messages.
    pub(crate) last_shot: Option<PathBuf>,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Opens headless Chromium through the chromedriver at `driver_url`, its pages in
    /// `lang` (`en` or `fr`: the `Accept-Language` it sends).
    pub async fn open(
        driver_url: &str,
        base_url: &str,
        shots: Arc<Shots>,
        lang: &'static str,
    ) -> Self {
        let profile = tempfile::tempdir().expect("profile folder");
        let accept = match lang {
            "fr" => "fr-FR,fr",
            _ => "en-US,en",
        };
        let args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--no-first-run".to_owned(),
            "--window-size=1280,900".to_owned(),
            format!("--lang={}", accept.split(',').next().unwrap_or("en-US")),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let capabilities: Capabilities = serde_json::from_value(json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": args,
                "prefs": {"intl.accept_languages": accept},
            },
            "goog:loggingPrefs": {"browser": "ALL"},
        }))
        .expect("capabilities");
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(driver_url)
            .await
            .unwrap_or_else(|e| panic!("cannot open Chromium through chromedriver: {e}"));
        Self {
            client,
            base_url: base_url.to_owned(),
            shots,
            lang,
            last_shot: None,
            _profile: profile,
        }
    }

    /// Ends the browser session (Chromium exits).
    pub async fn close(self) {
        let _ = self.client.close().await;
    }

    // ---- Navigation ----

    /// Opens `path` of the app (or a full URL) as if typed in the address bar.
    pub async fn visit(&mut self, path: &str) {
        self.goto_unchecked(path).await;
        self.settle(&format!("visit {path}")).await;
    }

    /// Opens `path` without checking the page nor saving its screenshot (for the
    /// harness's own tests, which read [`Self::problems`] themselves).
    pub async fn goto_unchecked(&self, path: &str) {
        let url = if path.contains("://") || path.starts_with("data:") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base_url)
        };
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
        self.wait_loaded(&format!("opening {path}")).await;
    }

    /// Clicks `item` in the main navigation (the menu at the top of every page).
    pub async fn menu(&mut self, item: &str) {
        self.within("Main navigation").click_link(item).await;
    }

    /// Clicks the link that says `text`.
    pub async fn click_link(&mut self, text: &str) {
        self.within_page().click_link(text).await;
    }

    /// Clicks the button that says `text` and waits for the page it leads to; fails
    /// when that page refuses the form (a banner or field errors).
    pub async fn click_button(&mut self, text: &str) {
        self.within_page().click_button(text).await;
    }

    /// Clicks the button that says `text` expecting the form to be refused; returns the
    /// messages shown (banner first, then the fields' errors).
    pub async fn click_button_expecting_refusal(&mut self, text: &str) -> Vec<String> {
        let button = self.locate(None, Target::Button, text).await;
        self.click_and_wait(&button, &format!("button {text:?}"))
            .await;
        let refusal = self.refusal().await;
        assert!(
            !refusal.is_empty(),
            "expected {text:?} to be refused, but the page shows no error; {}",
            self.where_am_i()
        );
        refusal
    }

    /// Types `value` into the field labelled `field` (or named `field`).
    pub async fn fill(&mut self, field: &str, value: &str) {
        self.within_page().fill(field, value).await;
    }

    /// Picks `option` (its visible text) in the list labelled `field`.
    pub async fn choose(&mut self, field: &str, option: &str) {
        self.within_page().choose(field, option).await;
    }

    /// Ticks the checkbox labelled `label`.
    pub async fn check(&mut self, label: &str) {
        self.within_page().check(label).await;
    }

    /// Picks the file at `path` in the file input labelled `field`.
    pub async fn attach(&mut self, field: &str, path: &Path) {
        self.within_page().attach(field, path).await;
    }

    /// The part of the page under the heading `scope` (a section, fieldset or table),
    /// or else the one table row or list item that contains `scope`.
    pub fn within<'a>(&'a mut self, scope: &'a str) -> Within<'a> {
        Within {
            browser: self,
            scope: Some(scope),
        }
    }

    fn within_page(&mut self) -> Within<'_> {
        Within {
            browser: self,
            scope: None,
        }
    }

    // ---- Reading the page ----

    /// The page's visible text, whitespace collapsed.
    pub async fn text(&self) -> String {
        let text: String = self
            .eval("return document.body ? document.body.innerText : '';")
            .await;
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The current path (and query).
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("current URL");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Asserts the page shows `text`.
    pub async fn expect_text(&self, text: &str) {
        let page = self.text().await;
        assert!(
            page.contains(text),
            "expected {text:?} on the page; {}\npage text: {}",
            self.where_am_i(),
            excerpt(&page)
        );
    }

    /// Asserts the page does not show `text`.
    pub async fn expect_no_text(&self, text: &str) {
        let page = self.text().await;
        assert!(
            !page.contains(text),
            "did not expect {text:?} on the page; {}\npage text: {}",
            self.where_am_i(),
            excerpt(&page)
        );
    }

    /// Asserts the page's main heading is `heading`.
    pub async fn expect_heading(&self, heading: &str) {
        let h1: String = self
            .eval("const h = document.querySelector('h1'); return h ? h.innerText.trim() : '';")
            .await;
        assert_eq!(
            h1,
            heading,
            "unexpected main heading; {}",
            self.where_am_i()
        );
    }

    /// Runs `script` (a function body that `return`s) in the page and converts its result.
    pub async fn eval<T: serde::de::DeserializeOwned>(&self, script: &str) -> T {
        let value = self
            .client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"));
        serde_json::from_value(value.clone())
            .unwrap_or_else(|e| panic!("unexpected script result {value}: {e}"))
    }

    /// The one table row that contains `text`, as its cells' texts.
    pub async fn row(&self, text: &str) -> Vec<String> {
        self.row_in(None, text).await
    }

    pub(crate) async fn row_in(&self, scope: Option<&str>, text: &str) -> Vec<String> {
        let found = self
            .client
            .execute(&row(), vec![json!(text), json!(scope)])
            .await
            .unwrap_or_else(|e| panic!("cannot search the page: {e}"));
        if let Some(error) = found["error"].as_str() {
            panic!("{error}; {}", self.where_am_i());
        }
        serde_json::from_value(found["cells"].clone()).expect("cells")
    }

    pub(crate) async fn table_in(&self, scope: Option<&str>) -> Vec<Vec<String>> {
        let found = self
            .client
            .execute(&table(), vec![json!(scope)])
            .await
            .unwrap_or_else(|e| panic!("cannot search the page: {e}"));
        if let Some(error) = found["error"].as_str() {
            panic!("{error}; {}", self.where_am_i());
        }
        serde_json::from_value(found["rows"].clone()).expect("rows")
    }
}

/// The start of a page's text, for failure messages.
pub(crate) fn excerpt(text: &str) -> String {
    text.chars().take(1500).collect()
}
