//! Paging links under a list: previous, "page 2 of 5", next.

use askama::Template;
use rentmark_domain::ports::{Page, PageRequest};

use crate::i18n::Translator;

/// Rows per page on every list page.
pub const PAGE_SIZE: u32 = 20;

/// The page request of `?page=` (1 when absent or zero).
pub fn page_request(page: Option<u32>) -> PageRequest {
    PageRequest::new(page.unwrap_or(1).max(1), PAGE_SIZE)
}

/// The paging links of a list.
#[derive(Debug, Clone, Template)]
#[template(path = "partials/pager.html")]
pub struct Pager {
    /// How many pages.
    pub pages: u64,
    /// The link to the previous page.
    pub prev: Option<String>,
    /// The link to the next page.
    pub next: Option<String>,
    /// "Page 2 / 5".
    pub position: String,
    /// The navigation's accessible label.
    pub label: String,
    /// "Previous".
    pub prev_label: String,
    /// "Next".
    pub next_label: String,
}

impl Pager {
    /// The links of `page`, built on `base` (a path with or without a query).
    pub fn new<T>(tr: &Translator, page: &Page<T>, base: &str) -> Self {
        let limit = u64::from(page.limit.max(1));
        let pages = page.total.div_ceil(limit).max(1);
        let current = u64::from(page.page);
        let separator = if base.contains('?') { '&' } else { '?' };
        let link = |n: u64| format!("{base}{separator}page={n}");
        Self {
            pages,
            prev: (current > 1).then(|| link(current - 1)),
            next: (current < pages).then(|| link(current + 1)),
            position: format!("{} {current} / {pages}", tr.t("pager-page")),
            label: tr.t("pager-label"),
            prev_label: tr.t("pager-prev"),
            next_label: tr.t("pager-next"),
        }
    }
}
