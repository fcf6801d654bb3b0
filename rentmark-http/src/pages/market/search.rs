//! `/listings`: the public search (city, maximum rent, type, move-in date), published
//! listings only, sorted by rent then newest, twenty to a page. Open to everyone; the
//! filters are a GET form, so a search is a link one can share.

use askama::Template;
use rentmark_domain::marketplace::search::{ListingQueryInput, ListingSummary};
use rentmark_domain::ports::Page;
use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{Route, State, get, routes};

use crate::html::Html;
use crate::i18n::Translator;
use crate::pages::context::{Layout, PageResult, urlencode};
use crate::pages::forms::{Field, Kind, Problems};
use crate::pages::market::labels;
use crate::pages::pager::{Pager, page_request};
use crate::pages::units::amount_text;
use crate::pages::viewers::Viewer;
use crate::pages::{Link, format};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![search]
}

/// The search filters, as typed in the query string.
#[derive(Debug, Clone, Default, FromForm)]
pub struct Filters {
    #[field(default = String::new())]
    city: String,
    #[field(default = String::new())]
    price_max: String,
    #[field(name = "type", default = String::new())]
    kind: String,
    #[field(default = String::new())]
    available_from: String,
    page: Option<u32>,
}

impl Filters {
    /// The query string of these filters (without the page), for the pager.
    fn query(&self) -> String {
        [
            ("city", &self.city),
            ("price_max", &self.price_max),
            ("type", &self.kind),
            ("available_from", &self.available_from),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", urlencode(v.trim())))
        .collect::<Vec<_>>()
        .join("&")
    }

    fn fields(&self, tr: &Translator) -> Vec<Field> {
        vec![
            Field::new(Kind::Text, "city", tr.t("field-city"), self.city.as_str()),
            Field::new(
                Kind::Amount,
                "price_max",
                tr.t("field-price-max"),
                self.price_max.as_str(),
            ),
            Field::new(Kind::Select, "type", tr.t("field-type"), "").choices(
                labels::listing_type_choices(tr, &self.kind, Some(tr.t("search-any-type"))),
            ),
            Field::new(
                Kind::Date,
                "available_from",
                tr.t("field-available-from"),
                self.available_from.as_str(),
            )
            .hint(tr.t("field-available-from-hint")),
        ]
    }
}

/// One search result.
#[derive(Debug, Clone)]
pub struct ResultRow {
    /// The listing's page.
    pub link: Link,
    /// City.
    pub city: String,
    /// Studio, room or flat.
    pub kind: String,
    /// The lowest room rent.
    pub rent_from: String,
    /// When renters may move in.
    pub available: String,
    /// Places left.
    pub places: u32,
}

impl ResultRow {
    fn new(tr: &Translator, listing: &ListingSummary) -> Self {
        Self {
            link: Link::new(format!("/listings/{}", listing.id), listing.title.clone()),
            city: listing.city.clone(),
            kind: labels::listing_type(tr, listing.kind),
            rent_from: format::money(&listing.rent_from, tr.lang()),
            available: format::date(tr, listing.availability_date),
            places: listing.places_left,
        }
    }
}

/// The search page.
#[derive(Debug, Template)]
#[template(path = "pages/market_search.html")]
pub struct SearchPage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// The filter inputs, as typed, with their errors.
    pub filters: Vec<Field>,
    /// A message about the filters.
    pub banner: Option<String>,
    /// How many listings match.
    pub total: String,
    /// This page of results.
    pub rows: Vec<ResultRow>,
    /// Paging links.
    pub pager: Option<Pager>,
}

#[get("/listings?<filters..>")]
async fn search(
    app: &State<App>,
    viewer: Viewer,
    filters: Filters,
) -> PageResult<(Status, Html<SearchPage>)> {
    let tr = &viewer.tr;
    let price_max = amount_text(&filters.price_max);
    let input = ListingQueryInput {
        city: Some(filters.city.as_str()),
        price_max: Some(price_max.as_str()),
        kind: Some(filters.kind.as_str()),
        available_from: Some(filters.available_from.as_str()),
    };
    let (status, problems, results) = match input.parse(page_request(filters.page)) {
        Ok(query) => {
            let results: Page<ListingSummary> = app.services.search_listings(&query).await?;
            (Status::Ok, Problems::none(), Some(results))
        }
        Err(errors) => (
            Status::UnprocessableEntity,
            Problems::from_validation(&errors, tr),
            None,
        ),
    };
    let mut fields = filters.fields(tr);
    for field in &mut fields {
        field.error = problems.get(field.name);
    }
    let query = filters.query();
    let base = if query.is_empty() {
        "/listings".to_owned()
    } else {
        format!("/listings?{query}")
    };
    let page = SearchPage {
        tr: tr.clone(),
        layout: viewer.layout.at("search"),
        filters: fields,
        banner: problems.banner.clone(),
        total: results
            .as_ref()
            .map(|r| tr.t1("search-total", "count", &r.total))
            .unwrap_or_default(),
        rows: results
            .as_ref()
            .map(|r| r.results.iter().map(|l| ResultRow::new(tr, l)).collect())
            .unwrap_or_default(),
        pager: results.as_ref().map(|r| Pager::new(tr, r, &base)),
    };
    Ok((status, Html(page)))
}
