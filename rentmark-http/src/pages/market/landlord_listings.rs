//! `/landlord/listings`: the organization's listings (status, places, rent, with
//! publish and close buttons) and the create form; a new listing is a draft, shown on
//! its own page ([`super::landlord_listing`]).

use askama::Template;
use rentmark_domain::calendar::local_date;
use rentmark_domain::marketplace::listing::{Listing, ListingStatus};
use rocket::form::Form;
use rocket::{Route, State, get, post, routes};

use crate::html::Html;
use crate::i18n::Translator;
use crate::pages::context::{Layout, Member, PageResult, Reply};
use crate::pages::forms::{FormView, Problems};
use crate::pages::market::listing_form::ListingForm;
use crate::pages::market::{labels, renamed_service};
use crate::pages::pager::{Pager, page_request};
use crate::pages::submit::Submission;
use crate::pages::{Link, format};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![list, create]
}

/// The publish and close buttons a listing in `status` offers.
pub fn status_buttons(
    tr: &Translator,
    csrf: &str,
    listing: &Listing,
) -> (Option<FormView>, Option<FormView>) {
    let id = listing.id;
    let publish = (listing.status == ListingStatus::Draft).then(|| {
        FormView::button(
            format!("/landlord/listings/{id}/publish"),
            csrf,
            tr.t("listing-publish"),
            "inline",
        )
    });
    let close = (listing.status != ListingStatus::Closed).then(|| {
        FormView::button(
            format!("/landlord/listings/{id}/close"),
            csrf,
            tr.t("listing-close"),
            "inline danger",
        )
    });
    (publish, close)
}

/// One listing in the list.
#[derive(Debug, Clone)]
pub struct ListingRow {
    /// Its page.
    pub link: Link,
    /// City.
    pub city: String,
    /// Type.
    pub kind: String,
    /// Status.
    pub status: String,
    /// Places left of all places.
    pub places: String,
    /// The lowest rent.
    pub rent_from: String,
    /// The publish button (drafts).
    pub publish: Option<FormView>,
    /// The close button (drafts and published listings).
    pub close: Option<FormView>,
}

/// The landlord's listings page.
#[derive(Debug, Template)]
#[template(path = "pages/landlord_listings.html")]
pub struct ListingsPage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// This page of listings.
    pub rows: Vec<ListingRow>,
    /// Paging links.
    pub pager: Pager,
    /// The create form.
    pub create: FormView,
}

async fn listings_page(
    app: &App,
    member: &Member,
    page: Option<u32>,
    form: &ListingForm,
    problems: &Problems,
) -> PageResult<ListingsPage> {
    let tr = &member.tr;
    let actor = &member.actor;
    let csrf = &member.layout.csrf;
    let listings = app.services.org_listings(actor, page_request(page)).await?;
    let properties: Vec<_> = app
        .services
        .property_names(actor)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let rows = listings
        .results
        .iter()
        .map(|l| {
            let (publish, close) = status_buttons(tr, csrf, l);
            let capacity: u32 = l.rooms.iter().map(|r| r.capacity).sum();
            ListingRow {
                link: Link::new(format!("/landlord/listings/{}", l.id), l.title.clone()),
                city: l.city.clone(),
                kind: labels::listing_type(tr, l.kind),
                status: labels::listing_status(tr, l.status),
                places: format!("{} / {capacity}", l.places_left()),
                rent_from: l
                    .min_rent()
                    .map(|m| format::money(&m, tr.lang()))
                    .unwrap_or_default(),
                publish,
                close,
            }
        })
        .collect();
    let create = FormView::new(
        "/landlord/listings",
        csrf,
        tr.t("listing-create"),
        form.fields(tr, &properties),
        problems,
    )
    .with_rows(form.rows(tr), problems);
    Ok(ListingsPage {
        tr: tr.clone(),
        layout: member.layout("listings"),
        rows,
        pager: Pager::new(tr, &listings, "/landlord/listings"),
        create,
    })
}

#[get("/landlord/listings?<page>")]
async fn list(
    app: &State<App>,
    member: Member,
    page: Option<u32>,
) -> PageResult<Html<ListingsPage>> {
    let today = local_date(app.now(), member.actor.org.timezone);
    let form = ListingForm::initial(&format::iso(today));
    Ok(Html(
        listings_page(app, &member, page, &form, &Problems::none()).await?,
    ))
}

#[post("/landlord/listings", data = "<form>")]
async fn create(
    app: &State<App>,
    member: Member,
    form: Form<ListingForm>,
) -> PageResult<Reply<ListingsPage>> {
    Submission::new(&member.tr, member.csrf_ok(app, &form.csrf))
        .run(
            form.into_inner(),
            async |form| {
                let (input, rows) = form.input()?;
                let listing = app
                    .services
                    .create_listing(&member.actor, &input, app.now())
                    .await
                    .map_err(|e| renamed_service(e, |f| rows.form_field(f)))?;
                Ok(format!("/landlord/listings/{}", listing.id))
            },
            async |form, problems| listings_page(app, &member, None, &form, &problems).await,
        )
        .await
}
