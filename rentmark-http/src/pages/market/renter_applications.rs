//! The renter's applications: `/renter/applications` (each with its listing, room,
//! status, the reason of a rejection such as the room being taken, and a withdraw
//! button while it is open), `/renter/applications/<id>` (one with its status
//! history and, once confirmed, the lease it created) and `POST /renter/applications/<id>/withdraw`.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use askama::Template;
use rentmark_domain::ids::{ApplicationId, ListingId};
use rentmark_domain::lease::Lease;
use rentmark_domain::marketplace::application::Application;
use rentmark_domain::marketplace::listing::Listing;
use rentmark_domain::org::Organization;
use rocket::form::Form;
use rocket::{Route, State, get, post, routes};

use crate::html::Html;
use crate::i18n::Translator;
use crate::pages::auth::TokenForm;
use crate::pages::context::{Layout, PageResult, Reply, path_id};
use crate::pages::forms::{FormView, Problems};
use crate::pages::market::labels;
use crate::pages::pager::{Pager, page_request};
use crate::pages::submit::Submission;
use crate::pages::viewers::Renter;
use crate::pages::{Link, format};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![home, list, show, withdraw]
}

/// The listings of `applications`, each read once (whatever their status now: a
/// listing closes when it fills).
async fn listings_of(
    app: &App,
    renter: &Renter,
    applications: &[Application],
) -> PageResult<HashMap<ListingId, Listing>> {
    let mut listings = HashMap::new();
    for a in applications {
        if let Entry::Vacant(slot) = listings.entry(a.listing_id) {
            slot.insert(app.services.listing_of_application(&renter.user, a).await?);
        }
    }
    Ok(listings)
}

/// One application, as the renter sees it.
#[derive(Debug, Clone)]
pub struct ApplicationRow {
    /// Its page, named by the listing's title.
    pub link: Link,
    /// The listing's public page (while published).
    pub listing: Option<String>,
    /// The room applied for.
    pub room: String,
    /// Move-in date.
    pub move_in: String,
    /// Stay in months.
    pub duration: u32,
    /// Status.
    pub status: String,
    /// Why it was rejected, if said.
    pub reason: Option<String>,
    /// When it was made.
    pub created: String,
    /// The withdraw button, while it is open.
    pub withdraw: Option<FormView>,
}

impl ApplicationRow {
    fn new(
        tr: &Translator,
        csrf: &str,
        application: &Application,
        listing: Option<&Listing>,
    ) -> Self {
        let title = listing.map_or_else(|| application.listing_id.to_string(), |l| l.title.clone());
        Self {
            link: Link::new(format!("/renter/applications/{}", application.id), title),
            listing: listing
                .filter(|l| l.accepts_applications())
                .map(|l| format!("/listings/{}", l.id)),
            room: listing
                .and_then(|l| l.room(application.room_id))
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            move_in: format::date(tr, application.move_in_date),
            duration: application.duration_months,
            status: labels::application_status(tr, application.status),
            reason: application.reason.as_deref().map(|r| labels::reason(tr, r)),
            created: format::instant(tr, application.created_at, Organization::DEFAULT_TIMEZONE),
            withdraw: application.status.is_open().then(|| {
                FormView::button(
                    format!("/renter/applications/{}/withdraw", application.id),
                    csrf,
                    tr.t("application-withdraw"),
                    "inline danger",
                )
            }),
        }
    }
}

/// The renter's applications page.
#[derive(Debug, Template)]
#[template(path = "pages/renter_applications.html")]
pub struct ApplicationsPage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// A message (a refused withdrawal).
    pub banner: Option<String>,
    /// This page of applications.
    pub rows: Vec<ApplicationRow>,
    /// Paging links.
    pub pager: Pager,
}

async fn applications_page(
    app: &App,
    renter: &Renter,
    page: Option<u32>,
    problems: &Problems,
) -> PageResult<ApplicationsPage> {
    let tr = &renter.tr;
    let applications = app
        .services
        .my_applications(&renter.user, page_request(page))
        .await?;
    let listings = listings_of(app, renter, &applications.results).await?;
    let csrf = &renter.layout.csrf;
    Ok(ApplicationsPage {
        tr: tr.clone(),
        layout: renter.layout("applications"),
        banner: problems.banner.clone(),
        rows: applications
            .results
            .iter()
            .map(|a| ApplicationRow::new(tr, csrf, a, listings.get(&a.listing_id)))
            .collect(),
        pager: Pager::new(tr, &applications, "/renter/applications"),
    })
}

#[get("/renter")]
fn home(_renter: Renter) -> rocket::response::Redirect {
    rocket::response::Redirect::to(crate::pages::viewers::RENTER_HOME)
}

#[get("/renter/applications?<page>")]
async fn list(
    app: &State<App>,
    renter: Renter,
    page: Option<u32>,
) -> PageResult<Html<ApplicationsPage>> {
    Ok(Html(
        applications_page(app, &renter, page, &Problems::none()).await?,
    ))
}

/// One step of an application's history.
#[derive(Debug, Clone)]
pub struct HistoryRow {
    /// When.
    pub at: String,
    /// Status before (empty for the creation).
    pub from: String,
    /// Status after.
    pub to: String,
    /// Who acted.
    pub actor: String,
    /// Why, if said.
    pub reason: String,
}

/// One application with its history.
#[derive(Debug, Template)]
#[template(path = "pages/renter_application.html")]
pub struct ApplicationPage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// The application as in the list.
    pub row: ApplicationRow,
    /// Guarantors named.
    pub guarantors: usize,
    /// Its status changes, oldest first.
    pub history: Vec<HistoryRow>,
    /// The lease its confirmation created: its terms as (label, value).
    pub lease: Option<Vec<(String, String)>>,
}

/// The terms of the renter's lease, as (label, value) in the reader's language.
fn lease_facts(tr: &Translator, lease: &Lease) -> Vec<(String, String)> {
    let lang = tr.lang();
    let terms = &lease.terms;
    vec![
        (tr.t("field-start-date"), format::date(tr, terms.start_date)),
        (
            tr.t("field-end-date"),
            terms
                .end_date
                .map_or_else(|| "—".to_owned(), |end| format::date(tr, end)),
        ),
        (tr.t("field-rent"), format::money(&terms.rent, lang)),
        (tr.t("field-charges"), format::money(&terms.charges, lang)),
        (tr.t("field-deposit"), format::money(&terms.deposit, lang)),
    ]
}

#[get("/renter/applications/<id>")]
async fn show(app: &State<App>, renter: Renter, id: &str) -> PageResult<Html<ApplicationPage>> {
    let id: ApplicationId = path_id(id, "application.not_found")?;
    let tr = &renter.tr;
    let application = app
        .services
        .application_for_renter(&renter.user, id)
        .await?;
    let history = app.services.history_for_renter(&renter.user, id).await?;
    let lease = app
        .services
        .lease_of_my_application(&renter.user, id)
        .await?;
    let listings = listings_of(app, &renter, std::slice::from_ref(&application)).await?;
    let zone = Organization::DEFAULT_TIMEZONE;
    Ok(Html(ApplicationPage {
        tr: tr.clone(),
        layout: renter.layout("applications"),
        row: ApplicationRow::new(
            tr,
            &renter.layout.csrf,
            &application,
            listings.get(&application.listing_id),
        ),
        guarantors: application.guarantor_ids.len(),
        history: history
            .iter()
            .map(|c| HistoryRow {
                at: format::instant(tr, c.at, zone),
                from: c
                    .old_status
                    .map(|s| labels::application_status(tr, s))
                    .unwrap_or_default(),
                to: labels::application_status(tr, c.new_status),
                actor: labels::actor(tr, c.actor),
                reason: c
                    .reason
                    .as_deref()
                    .map(|r| labels::reason(tr, r))
                    .unwrap_or_default(),
            })
            .collect(),
        lease: lease.map(|lease| lease_facts(tr, &lease)),
    }))
}

#[post("/renter/applications/<id>/withdraw", data = "<form>")]
async fn withdraw(
    app: &State<App>,
    renter: Renter,
    id: &str,
    form: Form<TokenForm>,
) -> PageResult<Reply<ApplicationsPage>> {
    let id: ApplicationId = path_id(id, "application.not_found")?;
    Submission::new(&renter.tr, renter.csrf_ok(app, &form.csrf))
        .showing_refusals()
        .run(
            form.into_inner(),
            async |_| {
                app.services
                    .withdraw_application(&renter.user, id, app.now())
                    .await?;
                Ok("/renter/applications".to_owned())
            },
            async |_, problems| applications_page(app, &renter, None, &problems).await,
        )
        .await
}
