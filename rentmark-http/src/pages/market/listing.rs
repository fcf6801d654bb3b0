//! `/listings/<id>`: a published listing for everyone (its rooms with places left,
//! rent, charges, deposit and stays; what a dossier must hold), with the application
//! form for a signed-in renter; `POST /listings/<id>/apply` applies. A dossier that
//! does not meet the requirements comes back (422) with exactly what it lacks.

use std::sync::Mutex;

use askama::Template;
use rentmark_domain::ServiceError;
use rentmark_domain::calendar::local_date;
use rentmark_domain::ids::ListingId;
use rentmark_domain::marketplace::dossier::MissingRequirements;
use rentmark_domain::marketplace::listing::{Listing, Requirements};
use rentmark_domain::org::Organization;
use rentmark_domain::ports::PageRequest;
use rentmark_domain::user::User;
use rocket::form::Form;
use rocket::http::Status;
use rocket::{Route, State, get, post, routes};

use crate::html::Html;
use crate::i18n::Translator;
use crate::pages::context::{Layout, PageResult, Reply, path_id, urlencode};
use crate::pages::forms::{FormView, Problems};
use crate::pages::market::apply::{ApplyForm, form_field, missing_lines, missing_problems};
use crate::pages::market::{labels, renamed_service};
use crate::pages::submit::{Refused, Submission};
use crate::pages::viewers::{Renter, Viewer};
use crate::pages::{Link, format};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![show, apply]
}

/// One room of a listing.
#[derive(Debug, Clone)]
pub struct RoomRow {
    /// Its name.
    pub name: String,
    /// Places left ("full" when none).
    pub places: String,
    /// Monthly rent.
    pub rent: String,
    /// Monthly charges.
    pub charges: String,
    /// Deposit.
    pub deposit: String,
    /// Shortest and longest stay, in months.
    pub duration: String,
}

impl RoomRow {
    /// The rows of `listing`'s rooms.
    pub fn of(tr: &Translator, listing: &Listing) -> Vec<Self> {
        let lang = tr.lang();
        listing
            .rooms
            .iter()
            .map(|r| Self {
                name: r.name.clone(),
                places: if r.is_filled() {
                    tr.t("room-full")
                } else {
                    r.places_left().to_string()
                },
                rent: format::money(&r.rent, lang),
                charges: format::money(&r.charges, lang),
                deposit: format::money(&r.deposit, lang),
                duration: labels::duration(r.min_duration_months, r.max_duration_months),
            })
            .collect()
    }
}

/// What a dossier must hold, as (label, value) lines.
pub fn requirement_lines(tr: &Translator, requirements: &Requirements) -> Vec<(String, String)> {
    let income = requirements.income_min_multiplier.map_or_else(
        || tr.t("req-none"),
        |m| tr.t1("req-income-value", "multiple", &m.normalize()),
    );
    let documents = if requirements.documents.is_empty() {
        tr.t("req-none")
    } else {
        requirements
            .documents
            .iter()
            .map(|k| labels::document_kind(tr, *k))
            .collect::<Vec<_>>()
            .join(", ")
    };
    vec![
        (
            tr.t("req-guarantors"),
            requirements.guarantor_required_count.to_string(),
        ),
        (tr.t("req-income"), income),
        (tr.t("req-documents"), documents),
    ]
}

/// A published listing's page.
#[derive(Debug, Template)]
#[template(path = "pages/market_listing.html")]
pub struct ListingPage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// The title.
    pub title: String,
    /// Address and city.
    pub address: String,
    /// Facts: type, availability, rent from.
    pub facts: Vec<(String, String)>,
    /// Free text.
    pub description: Option<String>,
    /// The rooms.
    pub rooms: Vec<RoomRow>,
    /// The requirements.
    pub requirements: Vec<(String, String)>,
    /// The application form (a signed-in renter, places left).
    pub apply: Option<FormView>,
    /// What the renter's dossier lacks, after a refused application.
    pub missing: Vec<String>,
    /// Where to sign in to apply (a signed-out visitor).
    pub sign_in: Option<Link>,
    /// Why nobody can apply (no place left).
    pub closed: Option<String>,
}

/// The applying renter's side of the page: the form as typed, its problems, what
/// the dossier lacks.
struct Applying<'a> {
    user: &'a User,
    csrf: &'a str,
    form: ApplyForm,
    problems: Problems,
    missing: Option<MissingRequirements>,
}

async fn listing_page(
    app: &App,
    tr: &Translator,
    layout: Layout,
    listing: &Listing,
    applying: Option<Applying<'_>>,
    signed_in: bool,
) -> PageResult<ListingPage> {
    let lang = tr.lang();
    let open = listing.places_left() > 0;
    let (apply, missing) = match applying.filter(|_| open) {
        Some(applying) => {
            let guarantors = app
                .services
                .guarantors(applying.user, PageRequest::new(1, PageRequest::MAX_LIMIT))
                .await?;
            let fields = applying.form.fields(tr, listing, &guarantors.results);
            let form = FormView::new(
                format!("/listings/{}/apply", listing.id),
                applying.csrf,
                tr.t("apply-submit"),
                fields,
                &applying.problems,
            );
            let missing = applying
                .missing
                .as_ref()
                .map(|m| missing_lines(tr, m))
                .unwrap_or_default();
            (Some(form), missing)
        }
        None => (None, Vec::new()),
    };
    let sign_in = (!signed_in && open).then(|| {
        Link::new(
            format!(
                "/login?next={}",
                urlencode(&format!("/listings/{}", listing.id))
            ),
            tr.t("listing-apply-sign-in"),
        )
    });
    let mut facts = vec![
        (tr.t("field-type"), labels::listing_type(tr, listing.kind)),
        (
            tr.t("col-available"),
            format::date(tr, listing.availability_date),
        ),
    ];
    if let Some(rent) = listing.min_rent() {
        facts.push((tr.t("col-rent-from"), format::money(&rent, lang)));
    }
    Ok(ListingPage {
        tr: tr.clone(),
        layout,
        title: listing.title.clone(),
        address: format!("{}, {}", listing.address, listing.city),
        facts,
        description: listing.description.clone(),
        rooms: RoomRow::of(tr, listing),
        requirements: requirement_lines(tr, &listing.requirements),
        apply,
        missing,
        sign_in,
        closed: (!open).then(|| tr.t("listing-full")),
    })
}

/// The renter's "today" (the marketplace's zone, as the domain dates applications).
fn today(app: &App) -> chrono::NaiveDate {
    local_date(app.now(), Organization::DEFAULT_TIMEZONE)
}

#[get("/listings/<id>")]
async fn show(app: &State<App>, viewer: Viewer, id: &str) -> PageResult<Html<ListingPage>> {
    let id: ListingId = path_id(id, "listing.not_found")?;
    let listing = app.services.public_listing(id).await?;
    let applying = viewer.renter.as_ref().map(|renter| Applying {
        user: &renter.user,
        csrf: &renter.layout.csrf,
        form: ApplyForm::initial(&listing, today(app)),
        problems: Problems::none(),
        missing: None,
    });
    let layout = viewer.layout.at("search");
    Ok(Html(
        listing_page(
            app,
            &viewer.tr,
            layout,
            &listing,
            applying,
            viewer.signed_in,
        )
        .await?,
    ))
}

#[post("/listings/<id>/apply", data = "<form>")]
async fn apply(
    app: &State<App>,
    renter: Renter,
    id: &str,
    form: Form<ApplyForm>,
) -> PageResult<Reply<ListingPage>> {
    let id: ListingId = path_id(id, "listing.not_found")?;
    let listing = app.services.public_listing(id).await?;
    let tr = &renter.tr;
    // What the dossier lacks, from the refusal to the page shown again.
    let lacking: Mutex<Option<MissingRequirements>> = Mutex::new(None);
    Submission::new(tr, renter.csrf_ok(app, &form.csrf))
        .showing_refusals()
        .run(
            form.into_inner(),
            async |form| {
                let input = form.input(id)?;
                match app.services.apply(&renter.user, &input, app.now()).await {
                    Ok(application) => Ok(format!("/renter/applications/{}", application.id)),
                    Err(ServiceError::RequirementsNotMet(missing)) => {
                        let problems = missing_problems(tr, &missing);
                        if let Ok(mut slot) = lacking.lock() {
                            *slot = Some(missing);
                        }
                        Err(Refused::Form(Status::UnprocessableEntity, problems))
                    }
                    Err(other) => Err(renamed_service(other, form_field).into()),
                }
            },
            async |form, problems| {
                let missing = lacking.lock().ok().and_then(|mut slot| slot.take());
                let applying = Applying {
                    user: &renter.user,
                    csrf: &renter.layout.csrf,
                    form,
                    problems,
                    missing,
                };
                let layout = renter.layout("search");
                listing_page(app, tr, layout, &listing, Some(applying), true).await
            },
        )
        .await
}
