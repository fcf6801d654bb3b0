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
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use base64::Engine as _;
use fantoccini::elements::{Element, ElementRef};
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use crate::finders::{PAGE_STATE, VALIDITY, find, row, table};
use crate::setup::CHROMIUM;

/// How long a navigation may take before the journey fails.
const NAVIGATION_TIMEOUT: Duration = Duration::from_secs(20);

/// Where a journey's screenshots go, and their running number.
#[derive(Debug)]
pub struct Shots {
    dir: PathBuf,
    journey: String,
    next: AtomicUsize,
}

impl Shots {
    /// `dir/<journey>-<nn>-<slug>.png`; removes the journey's screenshots of an earlier
    /// run.
    pub fn new(dir: PathBuf, journey: &str) -> Self {
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        let prefix = format!("{journey}-");
        for entry in std::fs::read_dir(&dir)
            .expect("screenshot folder")
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(&prefix) && name.ends_with(".png") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Self {
            dir,
            journey: journey.to_owned(),
            next: AtomicUsize::new(1),
        }
    }

    fn path_for(&self, slug: &str) -> PathBuf {
        let n = self.next.fetch_add(1, Ordering::SeqCst);
        self.dir.join(format!("{}-{n:02}-{slug}.png", self.journey))
    }
}

/// The commands fantoccini has no method for: Chromium's console log (chromedriver's
/// log endpoint, fed by `goog:loggingPrefs`) and DevTools commands.
#[derive(Debug)]
enum ChromeCommand {
    BrowserLog,
    DevTools(&'static str, Value),
}

impl WebDriverCompatibleCommand for ChromeCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        match self {
            Self::BrowserLog => base_url.join(&format!("session/{session}/se/log")),
            Self::DevTools(..) => base_url.join(&format!("session/{session}/goog/cdp/execute")),
        }
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        let body = match self {
            Self::BrowserLog => json!({"type": "browser"}),
            Self::DevTools(cmd, params) => json!({"cmd": cmd, "params": params}),
        };
        (http::Method::POST, Some(body.to_string()))
    }
}

/// One person's browser.
pub struct Browser {
    client: Client,
    base_url: String,
    shots: Arc<Shots>,
    lang: &'static str,
    /// The path of the last screenshot, named in failure messages.
    last_shot: Option<PathBuf>,
    _profile: tempfile::TempDir,
}

/// What [`Browser::locate`] looks for.
#[derive(Debug, Clone, Copy)]
enum Target {
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

    async fn row_in(&self, scope: Option<&str>, text: &str) -> Vec<String> {
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

    async fn table_in(&self, scope: Option<&str>) -> Vec<Vec<String>> {
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

    // ---- Checks ----

    /// What is wrong with the page shown: console errors logged since the last check,
    /// an HTTP error page, missing translations. Empty when all is well.
    pub async fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let here = self
            .client
            .current_url()
            .await
            .map(String::from)
            .unwrap_or_default();
        let log = self
            .client
            .issue_cmd(ChromeCommand::BrowserLog)
            .await
            .unwrap_or_else(|e| panic!("cannot read Chromium's console log: {e}"));
        for entry in log.as_array().into_iter().flatten() {
            let message = entry["message"].as_str().unwrap_or_default();
            // The status of the page itself is logged too ("<url> - Failed to load
            // resource: .. 422"): an error page is caught below, a refused form by the
            // click that sent it; a failed image, stylesheet or script stays an error.
            let about_this_page = entry["source"] == "network"
                && message
                    .strip_prefix(here.as_str())
                    .is_some_and(|m| m.starts_with(" - "));
            if entry["level"] == "SEVERE" && !about_this_page {
                problems.push(format!("console error: {message}"));
            }
        }
        let state: Value = self
            .client
            .execute(PAGE_STATE, vec![json!(rentmark_http::i18n::MISSING_MARKER)])
            .await
            .unwrap_or_else(|e| panic!("cannot read the page: {e}"));
        if let Some(status) = state["errorPage"]["status"].as_str() {
            problems.push(format!(
                "HTTP error page {status}: {}",
                state["errorPage"]["text"].as_str().unwrap_or_default()
            ));
        }
        for missing in state["missing"].as_array().into_iter().flatten() {
            problems.push(format!(
                "missing translation: {}",
                missing.as_str().unwrap_or_default()
            ));
        }
        problems
    }

    /// Waits for the page to load, saves its screenshot and fails the journey on any of
    /// [`Self::problems`]. `what` says what led here, for the failure message.
    async fn settle(&mut self, what: &str) {
        self.wait_loaded(what).await;
        self.screenshot().await;
        let problems = self.problems().await;
        assert!(
            problems.is_empty(),
            "after {what}: {}; {}",
            problems.join("; "),
            self.where_am_i()
        );
    }

    /// The refusal shown by a form page: the banner and the fields' errors.
    async fn refusal(&self) -> Vec<String> {
        self.eval(
            "const norm = s => s.replace(/\\s+/g, ' ').trim();
             return [...document.querySelectorAll('.banner.error, .field-error')].map(e => norm(e.innerText));",
        )
        .await
    }

    async fn wait_loaded(&self, what: &str) {
        let deadline = Instant::now() + NAVIGATION_TIMEOUT;
        loop {
            let ready = self
                .client
                .execute(
                    "return document.readyState === 'complete' && !document.documentElement.hasAttribute('data-rm-left');",
                    Vec::new(),
                )
                .await;
            if matches!(ready, Ok(Value::Bool(true))) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "after {what}: no new page within {NAVIGATION_TIMEOUT:?} (a required field left \
                 empty, or a click that leads nowhere); {}",
                self.where_am_i()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Saves a PNG of the whole page, named after its main heading.
    async fn screenshot(&mut self) {
        let slug: String = self
            .eval(
                "const h = document.querySelector('h1'); return (h ? h.innerText : document.title) || 'page';",
            )
            .await;
        let path = self.shots.path_for(&slugify(&slug));
        let shot = self
            .client
            .issue_cmd(ChromeCommand::DevTools(
                "Page.captureScreenshot",
                json!({"format": "png", "captureBeyondViewport": true}),
            ))
            .await
            .unwrap_or_else(|e| panic!("screenshot failed: {e}"));
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap_or_default())
            .expect("the screenshot is base64");
        std::fs::write(&path, png).expect("screenshot written");
        self.last_shot = Some(path);
    }

    fn where_am_i(&self) -> String {
        match &self.last_shot {
            Some(path) => format!("last screenshot: {}", path.display()),
            None => "no screenshot yet".to_owned(),
        }
    }

    // ---- Finding and acting ----

    async fn locate(&self, scope: Option<&str>, target: Target, name: &str) -> Element {
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

    async fn click_and_wait(&mut self, element: &Element, what: &str) {
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
    fn date_keys(&self, iso: &str) -> String {
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
    browser: &'a mut Browser,
    scope: Option<&'a str>,
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

/// `Add a property` -> `add-a-property`, ASCII only, at most 40 characters.
fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            other => other,
        };
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() {
        "page".to_owned()
    } else {
        slug
    }
}

fn excerpt(text: &str) -> String {
    text.chars().take(1500).collect()
}
