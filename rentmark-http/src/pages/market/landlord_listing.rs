//! `/landlord/listings/<id>`: one of the organization's listings (rooms, requirements,
//! edit link, publish and close buttons) with the applications to it, each with the applicant's
//! dossier summary and the buttons its status allows: accept and reject while
//! pending, confirm (an offline first payment) or reject once accepted; a confirmed
//! application links to the lease it created. `POST /landlord/listings/<id>/publish`,
//! `/close` and `POST /landlord/applications/<id>/accept`, `/reject`, `/confirm` act;
//! a refusal (409) is said on the listing's page.

use askama::Template;
use rentmark_domain::ids::{ApplicationId, ListingId};
use rentmark_domain::marketplace::application::{Application, ApplicationStatus};
use rentmark_domain::marketplace::listing::{Listing, ListingStatus};
use rentmark_domain::marketplace::ports::ApplicationFilter;
use rocket::form::Form;
use rocket::{Route, State, get, post, routes};

use crate::html::Html;
use crate::i18n::Translator;
use crate::pages::auth::TokenForm;
use crate::pages::context::{Layout, Member, PageResult, Reply, path_id};
use crate::pages::forms::{FormView, Problems};
use crate::pages::market::dossier::{DossierSummary, lease_of};
use crate::pages::market::labels;
use crate::pages::market::landlord_listings::status_buttons;
use crate::pages::market::listing::{RoomRow, requirement_lines};
use crate::pages::pager::{Pager, page_request};
use crate::pages::submit::Submission;
use crate::pages::{Link, format};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![show, publish, close, accept, reject, confirm]
}

/// One application to the listing.
#[derive(Debug, Clone)]
pub struct ApplicationRow {
    /// The dossier summary.
    pub dossier: DossierSummary,
    /// Status.
    pub status: String,
    /// Why it was rejected, if said.
    pub reason: Option<String>,
    /// When it was made.
    pub applied: String,
    /// The buttons its status allows.
    pub actions: Vec<FormView>,
    /// The lease it created, once confirmed.
    pub lease: Option<Link>,
}

/// A listing's page for its organization.
#[derive(Debug, Template)]
#[template(path = "pages/landlord_listing.html")]
pub struct ListingPage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// A message (a refused action).
    pub banner: Option<String>,
    /// The title.
    pub title: String,
    /// Facts: status, type, address, availability.
    pub facts: Vec<(String, String)>,
    /// The public page, while published.
    pub public: Option<String>,
    /// The edit form, unless closed.
    pub edit: Option<String>,
    /// The rooms.
    pub rooms: Vec<RoomRow>,
    /// The requirements.
    pub requirements: Vec<(String, String)>,
    /// The publish button.
    pub publish: Option<FormView>,
    /// The close button.
    pub close: Option<FormView>,
    /// This page of applications.
    pub applications: Vec<ApplicationRow>,
    /// Paging links of the applications.
    pub pager: Pager,
}

/// The buttons an application in its status offers.
fn actions(tr: &Translator, csrf: &str, application: &Application) -> Vec<FormView> {
    let button = |action: &str, class: &'static str| {
        FormView::button(
            format!("/landlord/applications/{}/{action}", application.id),
            csrf,
            tr.t(&format!("application-{action}")),
            class,
        )
    };
    match application.status {
        ApplicationStatus::Pending => vec![
            button("accept", "inline"),
            button("reject", "inline danger"),
        ],
        ApplicationStatus::AcceptedPendingPayment => {
            vec![
                button("confirm", "inline"),
                button("reject", "inline danger"),
            ]
        }
        _ => Vec::new(),
    }
}

async fn listing_page(
    app: &App,
    member: &Member,
    id: ListingId,
    page: Option<u32>,
    problems: &Problems,
) -> PageResult<ListingPage> {
    let tr = &member.tr;
    let actor = &member.actor;
    let csrf = &member.layout.csrf;
    let listing: Listing = app.services.org_listing(actor, id).await?;
    let filter = ApplicationFilter {
        listing_id: Some(id),
        status: None,
    };
    let dossiers = app
        .services
        .org_application_dossiers(actor, filter, page_request(page))
        .await?;
    let mut rows = Vec::with_capacity(dossiers.results.len());
    for dossier in &dossiers.results {
        let a = &dossier.application;
        let lease = lease_of(app, actor, &listing, a)
            .await?
            .map(|lease| Link::new(format!("/leases/{lease}"), tr.t("application-see-lease")));
        rows.push(ApplicationRow {
            dossier: DossierSummary::new(tr, dossier),
            status: labels::application_status(tr, a.status),
            reason: a.reason.as_deref().map(|r| labels::reason(tr, r)),
            applied: format::instant(tr, a.created_at, actor.org.timezone),
            actions: actions(tr, csrf, a),
            lease,
        });
    }
    let (publish, close) = status_buttons(tr, csrf, &listing);
    Ok(ListingPage {
        tr: tr.clone(),
        layout: member.layout("listings"),
        banner: problems.banner.clone(),
        title: listing.title.clone(),
        facts: vec![
            (
                tr.t("col-status"),
                labels::listing_status(tr, listing.status),
            ),
            (tr.t("field-type"), labels::listing_type(tr, listing.kind)),
            (
                tr.t("field-address"),
                format!("{}, {}", listing.address, listing.city),
            ),
            (
                tr.t("col-available"),
                format::date(tr, listing.availability_date),
            ),
        ],
        public: (listing.status == ListingStatus::Published && listing.taken_down_at.is_none())
            .then(|| format!("/listings/{id}")),
        edit: (listing.status != ListingStatus::Closed)
            .then(|| format!("/landlord/listings/{id}/edit")),
        rooms: RoomRow::of(tr, &listing),
        requirements: requirement_lines(tr, &listing.requirements),
        publish,
        close,
        applications: rows,
        pager: Pager::new(tr, &dossiers, &format!("/landlord/listings/{id}")),
    })
}

#[get("/landlord/listings/<id>?<page>")]
async fn show(
    app: &State<App>,
    member: Member,
    id: &str,
    page: Option<u32>,
) -> PageResult<Html<ListingPage>> {
    let id = path_id(id, "listing.not_found")?;
    Ok(Html(
        listing_page(app, &member, id, page, &Problems::none()).await?,
    ))
}

/// What a button on the page does.
#[derive(Debug, Clone, Copy)]
enum Step {
    Publish,
    Close,
    Accept,
    Reject,
    Confirm,
}

/// Runs `step` on the listing `listing` (or on `application` of it), then shows the
/// listing's page again, with the refusal when there is one.
async fn act(
    app: &App,
    member: &Member,
    listing: ListingId,
    application: Option<ApplicationId>,
    step: Step,
    form: TokenForm,
) -> PageResult<Reply<ListingPage>> {
    let (actor, now) = (&member.actor, app.now());
    Submission::new(&member.tr, member.csrf_ok(app, &form.csrf))
        .showing_refusals()
        .run(
            form,
            async |_| {
                let services = &app.services;
                match (step, application) {
                    (Step::Publish, _) => {
                        services.publish_listing(actor, listing, now).await?;
                    }
                    (Step::Close, _) => {
                        services.close_listing(actor, listing, now).await?;
                    }
                    (Step::Accept, Some(id)) => {
                        services.accept_application(actor, id, now).await?;
                    }
                    (Step::Reject, Some(id)) => {
                        services.reject_application(actor, id, now).await?;
                    }
                    (Step::Confirm, Some(id)) => {
                        services.confirm_application(actor, id, now).await?;
                    }
                    (_, None) => {}
                }
                Ok(format!("/landlord/listings/{listing}"))
            },
            async |_, problems| listing_page(app, member, listing, None, &problems).await,
        )
        .await
}

#[post("/landlord/listings/<id>/publish", data = "<form>")]
async fn publish(
    app: &State<App>,
    member: Member,
    id: &str,
    form: Form<TokenForm>,
) -> PageResult<Reply<ListingPage>> {
    let id = path_id(id, "listing.not_found")?;
    act(app, &member, id, None, Step::Publish, form.into_inner()).await
}

#[post("/landlord/listings/<id>/close", data = "<form>")]
async fn close(
    app: &State<App>,
    member: Member,
    id: &str,
    form: Form<TokenForm>,
) -> PageResult<Reply<ListingPage>> {
    let id = path_id(id, "listing.not_found")?;
    act(app, &member, id, None, Step::Close, form.into_inner()).await
}

/// Runs `step` on one of the organization's applications (another organization's is
/// "not found" before anything is done).
async fn on_application(
    app: &App,
    member: &Member,
    id: &str,
    step: Step,
    form: TokenForm,
) -> PageResult<Reply<ListingPage>> {
    let id: ApplicationId = path_id(id, "application.not_found")?;
    let application = app
        .services
        .application_for_member(&member.actor, id)
        .await?;
    act(app, member, application.listing_id, Some(id), step, form).await
}

#[post("/landlord/applications/<id>/accept", data = "<form>")]
async fn accept(
    app: &State<App>,
    member: Member,
    id: &str,
    form: Form<TokenForm>,
) -> PageResult<Reply<ListingPage>> {
    on_application(app, &member, id, Step::Accept, form.into_inner()).await
}

#[post("/landlord/applications/<id>/reject", data = "<form>")]
async fn reject(
    app: &State<App>,
    member: Member,
    id: &str,
    form: Form<TokenForm>,
) -> PageResult<Reply<ListingPage>> {
    on_application(app, &member, id, Step::Reject, form.into_inner()).await
}

#[post("/landlord/applications/<id>/confirm", data = "<form>")]
async fn confirm(
    app: &State<App>,
    member: Member,
    id: &str,
    form: Form<TokenForm>,
) -> PageResult<Reply<ListingPage>> {
    on_application(app, &member, id, Step::Confirm, form.into_inner()).await
}
