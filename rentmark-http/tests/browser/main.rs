//! Real-browser tests: headless Chromium, driven through chromedriver (WebDriver),
//! uses the real app over real HTTP the way people do: it reads labels, types, picks,
//! clicks buttons and links. Each journey gets its own app (a fresh SQLite file), its
//! own chromedriver and one browser per person.
//!
//! Every page visited is saved as `target/browser/<journey>-<nn>-<heading>.png`, and
//! every page is checked: a JavaScript or network error in the console, an HTTP error
//! page or a missing translation fails the journey (see `checks.rs`).
//!
//! Chromium and chromedriver come from Debian's packages; when they are missing the
//! first journey runs `scripts/install-browser.sh`, and fails with its advice when it
//! cannot install them.
//!
//! Adding a journey: a `#[tokio::test]` that calls [`Journey::start`], opens a
//! [`Browser`] per person with [`Journey::browser`], reuses the person-level steps of
//! `steps.rs` (sign up, add a property, ...) and ends with [`Journey::finish`].

#[path = "../common/mod.rs"]
mod common;

mod checks;
mod finders;
mod harness_checks;
mod landlord;
mod marketplace;
mod page;
mod setup;
mod steps;
mod within;

use std::sync::Arc;

use checks::Shots;
pub use page::Browser;
use setup::{Driver, RunningApp, workspace_root};

/// One journey: the app, a chromedriver, the screenshots' numbering.
pub struct Journey {
    /// The running app.
    pub app: RunningApp,
    driver: Driver,
    shots: Arc<Shots>,
}

impl Journey {
    /// Starts the app and chromedriver for the journey `name` (the screenshots'
    /// prefix); removes the screenshots of an earlier run of it.
    pub async fn start(name: &str) -> Self {
        let dir = workspace_root().join("target/browser");
        let shots = Arc::new(Shots::new(dir.clone(), name));
        let driver = Driver::start(dir.join(format!("{name}-chromedriver.log")));
        let app = RunningApp::start().await;
        Self { app, driver, shots }
    }

    /// A new person's browser, its pages in English.
    pub async fn browser(&self) -> Browser {
        self.browser_in("en").await
    }

    /// A new person's browser, its pages in `lang` (`en` or `fr`).
    pub async fn browser_in(&self, lang: &'static str) -> Browser {
        Browser::open(
            &self.driver.url,
            &self.app.base_url,
            self.shots.clone(),
            lang,
        )
        .await
    }

    /// Closes the browsers and stops the app and chromedriver.
    pub async fn finish(self, browsers: Vec<Browser>) {
        for browser in browsers {
            browser.close().await;
        }
        self.app.stop();
    }
}
