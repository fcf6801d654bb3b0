//! The checks of every page a journey visits, and its screenshot: Chromium's console
//! log (read through chromedriver's log endpoint), the HTTP error page, missing
//! translations; a PNG of the whole page through the DevTools protocol.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use base64::Engine as _;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{Value, json};

use crate::Browser;
use crate::finders::PAGE_STATE;
use crate::page::NAVIGATION_TIMEOUT;

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

    pub(crate) fn path_for(&self, slug: &str) -> PathBuf {
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

impl Browser {
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
    pub(crate) async fn settle(&mut self, what: &str) {
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
    pub(crate) async fn refusal(&self) -> Vec<String> {
        self.eval(
            "const norm = s => s.replace(/\\s+/g, ' ').trim();
             return [...document.querySelectorAll('.banner.error, .field-error')].map(e => norm(e.innerText));",
        )
        .await
    }

    pub(crate) async fn wait_loaded(&self, what: &str) {
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
    pub(crate) async fn screenshot(&mut self) {
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

    pub(crate) fn where_am_i(&self) -> String {
        match &self.last_shot {
            Some(path) => format!("last screenshot: {}", path.display()),
            None => "no screenshot yet".to_owned(),
        }
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
