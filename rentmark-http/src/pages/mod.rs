//! Server-rendered pages (Askama templates in `templates/`), usable without
//! JavaScript. One module per area, each with `routes()`; every form carries a CSRF
//! token bound to the session and every string comes from the Fluent catalog.

pub mod assets;
pub mod auth;
pub mod chart;
pub mod context;
pub mod dashboard;
pub mod format;
pub mod forms;
pub mod lease;
pub mod leases;
pub mod ledger;
pub mod market;
pub mod pager;
pub mod payment_delete;
pub mod payment_form;
pub mod payments;
pub mod properties;
pub mod receipts;
pub mod submit;
pub mod tenants;
pub mod units;
pub mod viewers;

use askama::Template;
use rocket::Route;
use rocket::http::Status;
use rocket::response::content::RawHtml;

use crate::i18n::Translator;
use context::Layout;
use forms::FormView;

/// Every page route, to be mounted at `/`.
pub fn routes() -> Vec<Route> {
    let mut routes = assets::routes();
    routes.extend(auth::routes());
    routes.extend(dashboard::routes());
    routes.extend(properties::routes());
    routes.extend(units::routes());
    routes.extend(tenants::routes());
    routes.extend(leases::routes());
    routes.extend(lease::routes());
    routes.extend(payments::routes());
    routes.extend(payment_delete::routes());
    routes.extend(receipts::routes());
    routes.extend(market::routes());
    routes
}

/// The error page.
#[derive(Template)]
#[template(path = "pages/error.html")]
pub struct ErrorTemplate<'a> {
    /// The translator.
    pub tr: &'a Translator,
    /// The status code.
    pub status: u16,
    /// The message.
    pub message: &'a str,
}

/// Renders the error page for `status` with `message`.
pub fn error_page(tr: &Translator, status: Status, message: &str) -> RawHtml<String> {
    let page = ErrorTemplate {
        tr,
        status: status.code,
        message,
    };
    RawHtml(page.render().unwrap_or_else(|_| message.to_owned()))
}

/// A link with its text.
#[derive(Debug, Clone)]
pub struct Link {
    /// Where it goes.
    pub href: String,
    /// What it says.
    pub label: String,
}

impl Link {
    /// A link to `href` saying `label`.
    pub fn new(href: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            href: href.into(),
            label: label.into(),
        }
    }
}

/// A page made of a title, an optional introduction, one form and links (sign-in,
/// sign-up, confirmations).
#[derive(Debug, Template)]
#[template(path = "pages/form_page.html")]
pub struct FormPage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// The heading and title.
    pub title: String,
    /// A paragraph under the heading.
    pub intro: Option<String>,
    /// The form.
    pub form: FormView,
    /// Links under the form.
    pub links: Vec<Link>,
}
