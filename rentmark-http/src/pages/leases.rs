//! `/leases`: the list and the create form (a unit, co-tenants, rent, charges,
//! deposit, dates, due day). A lease's own page is in [`super::lease`].

use askama::Template;
use rentmark_domain::ServiceError;
use rentmark_domain::calendar::local_date;
use rentmark_domain::ids::{TenantId, UnitId};
use rentmark_domain::lease::{Lease, LeaseInput};
use rentmark_domain::org::Actor;
use rentmark_domain::ports::{LeaseFilter, PageRequest};
use rentmark_domain::validation::ValidationErrors;
use rocket::form::{Form, FromForm};
use rocket::http::Status;
use rocket::{Route, State, get, post, routes};

use crate::api::envelope::INVALID_TYPE;
use crate::html::Html;
use crate::i18n::Translator;
use crate::pages::context::{Layout, Member, PageResult, Reply};
use crate::pages::forms::{Choice, Field, FormView, Kind, Problems};
use crate::pages::pager::{Pager, page_request};
use crate::pages::submit::{Refused, Submission};
use crate::pages::units::amount_text;
use crate::pages::{Link, format};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![list, create]
}

/// The lease form, as typed.
#[derive(Debug, Clone, Default, FromForm)]
pub struct LeaseForm {
    #[field(default = String::new())]
    unit_id: String,
    tenant_ids: Vec<String>,
    #[field(default = String::new())]
    rent: String,
    #[field(default = String::new())]
    charges: String,
    #[field(default = String::new())]
    deposit: String,
    #[field(default = String::new())]
    start_date: String,
    #[field(default = String::new())]
    end_date: String,
    #[field(default = String::new())]
    due_day: String,
    #[field(default = String::new())]
    csrf: String,
}

impl LeaseForm {
    /// The domain input, or every bad field at once.
    fn input(&self, actor: &Actor) -> Result<LeaseInput, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let due_day = match self.due_day.trim() {
            "" => None,
            text => errors.check("due_day", text.parse::<i64>(), |_| INVALID_TYPE),
        };
        let input = LeaseInput {
            unit_id: self.unit_id.clone(),
            tenant_ids: self
                .tenant_ids
                .iter()
                .filter(|t| !t.trim().is_empty())
                .cloned()
                .collect(),
            shares: None,
            rent: amount_text(&self.rent),
            charges: Some(amount_text(&self.charges)),
            deposit: Some(amount_text(&self.deposit)),
            start_date: self.start_date.clone(),
            end_date: Some(self.end_date.clone()),
            due_day,
        };
        if let Err(more) = input.parse(actor.org.currency) {
            errors.errors.extend(more.errors);
        }
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }

    fn fields(
        &self,
        tr: &Translator,
        units: &[(UnitId, String)],
        tenants: &[(TenantId, String)],
    ) -> Vec<Field> {
        let unit = [self.unit_id.as_str()];
        let mut unit_choices = vec![Choice::new("", tr.t("lease-choose-unit"), &unit)];
        unit_choices.extend(
            units
                .iter()
                .map(|(id, name)| Choice::new(id.to_string(), name.clone(), &unit)),
        );
        let chosen: Vec<&str> = self.tenant_ids.iter().map(String::as_str).collect();
        let tenant_choices = tenants
            .iter()
            .map(|(id, name)| Choice::new(id.to_string(), name.clone(), &chosen))
            .collect();
        vec![
            Field::new(Kind::Select, "unit_id", tr.t("field-unit"), "")
                .required()
                .choices(unit_choices),
            Field::new(Kind::Checkboxes, "tenant_ids", tr.t("field-co-tenants"), "")
                .required()
                .choices(tenant_choices),
            Field::new(Kind::Amount, "rent", tr.t("field-rent"), self.rent.as_str()).required(),
            Field::new(
                Kind::Amount,
                "charges",
                tr.t("field-charges"),
                self.charges.as_str(),
            ),
            Field::new(
                Kind::Amount,
                "deposit",
                tr.t("field-deposit"),
                self.deposit.as_str(),
            ),
            Field::new(
                Kind::Date,
                "start_date",
                tr.t("field-start-date"),
                self.start_date.as_str(),
            )
            .required(),
            Field::new(
                Kind::Date,
                "end_date",
                tr.t("field-end-date"),
                self.end_date.as_str(),
            ),
            Field::new(
                Kind::Number,
                "due_day",
                tr.t("field-due-day"),
                self.due_day.as_str(),
            )
            .hint(tr.t("field-due-day-hint")),
        ]
    }
}

/// One lease in the list.
#[derive(Debug, Clone)]
pub struct LeaseRow {
    /// Its page.
    pub link: Link,
    /// The unit and its property.
    pub unit: String,
    /// The co-tenants' names.
    pub tenants: String,
    /// Monthly rent.
    pub rent: String,
    /// Start to end.
    pub dates: String,
    /// Where it stands today.
    pub status: String,
}

/// The leases page.
#[derive(Debug, Template)]
#[template(path = "pages/leases.html")]
pub struct LeasesPage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// This page of leases.
    pub rows: Vec<LeaseRow>,
    /// Paging links.
    pub pager: Pager,
    /// The create form.
    pub create: FormView,
}

/// Names of units ("Property · Unit") and tenants, loaded for the form and the list.
struct Names {
    units: Vec<(UnitId, String)>,
    tenants: Vec<(TenantId, String)>,
}

impl Names {
    /// The organization's first 100 properties' first 100 units, and its first 100
    /// tenants (what a form can reasonably offer).
    async fn load(app: &App, actor: &Actor) -> PageResult<Self> {
        let all = PageRequest::new(1, PageRequest::MAX_LIMIT);
        let properties = app.services.properties(actor, all).await?;
        let mut units = Vec::new();
        for property in &properties.results {
            let page = app.services.units(actor, property.id, all).await?;
            units.extend(page.results.into_iter().map(|u| {
                (
                    u.id,
                    format!("{} · {}", property.details.name, u.details.name),
                )
            }));
        }
        let tenants = app
            .services
            .tenants(actor, all)
            .await?
            .results
            .into_iter()
            .map(|t| (t.id, t.details.full_name))
            .collect();
        Ok(Self { units, tenants })
    }

    async fn unit(&mut self, app: &App, actor: &Actor, id: UnitId) -> PageResult<String> {
        if let Some((_, name)) = self.units.iter().find(|(u, _)| *u == id) {
            return Ok(name.clone());
        }
        let unit = app.services.unit(actor, id).await?;
        let property = app.services.property(actor, unit.property_id).await?;
        let name = format!("{} · {}", property.details.name, unit.details.name);
        self.units.push((id, name.clone()));
        Ok(name)
    }

    async fn tenant(&mut self, app: &App, actor: &Actor, id: TenantId) -> PageResult<String> {
        if let Some((_, name)) = self.tenants.iter().find(|(t, _)| *t == id) {
            return Ok(name.clone());
        }
        let name = app.services.tenant(actor, id).await?.details.full_name;
        self.tenants.push((id, name.clone()));
        Ok(name)
    }
}

fn dates(tr: &Translator, lease: &Lease) -> String {
    format!(
        "{} → {}",
        format::date(tr, lease.terms.start_date),
        format::date_or_dash(tr, lease.terms.end_date)
    )
}

async fn leases_page(
    app: &App,
    member: &Member,
    page: Option<u32>,
    form: &LeaseForm,
    problems: &Problems,
) -> PageResult<LeasesPage> {
    let tr = &member.tr;
    let actor = &member.actor;
    let leases = app
        .services
        .leases(actor, LeaseFilter::default(), page_request(page))
        .await?;
    let mut names = Names::load(app, actor).await?;
    let create = FormView::new(
        "/leases",
        &member.layout.csrf,
        tr.t("lease-create"),
        form.fields(tr, &names.units, &names.tenants),
        problems,
    );
    let today = local_date(app.now(), actor.org.timezone);
    let mut rows = Vec::with_capacity(leases.results.len());
    for lease in &leases.results {
        let mut tenants = Vec::with_capacity(lease.tenants.len());
        for co_tenant in &lease.tenants {
            tenants.push(names.tenant(app, actor, co_tenant.tenant_id).await?);
        }
        rows.push(LeaseRow {
            link: Link::new(format!("/leases/{}", lease.id), tr.t("lease-open")),
            unit: names.unit(app, actor, lease.unit_id).await?,
            tenants: tenants.join(", "),
            rent: format::money(&lease.terms.rent, tr.lang()),
            dates: dates(tr, lease),
            status: tr.t(&format!("status-{}", lease.status_on(today).as_str())),
        });
    }
    Ok(LeasesPage {
        tr: tr.clone(),
        layout: member.layout("leases"),
        rows,
        pager: Pager::new(tr, &leases, "/leases"),
        create,
    })
}

#[get("/leases?<page>")]
async fn list(app: &State<App>, member: Member, page: Option<u32>) -> PageResult<Html<LeasesPage>> {
    let form = LeaseForm {
        due_day: "1".to_owned(),
        ..<LeaseForm as Default>::default()
    };
    Ok(Html(
        leases_page(app, &member, page, &form, &Problems::none()).await?,
    ))
}

#[post("/leases", data = "<form>")]
async fn create(
    app: &State<App>,
    member: Member,
    form: Form<LeaseForm>,
) -> PageResult<Reply<LeasesPage>> {
    let tr = &member.tr;
    Submission::new(tr, member.csrf_ok(app, &form.csrf))
        .showing_refusals()
        .run(
            form.into_inner(),
            async |form| {
                let input = form.input(&member.actor)?;
                match app
                    .services
                    .create_lease(&member.actor, &input, app.now())
                    .await
                {
                    Ok(lease) => Ok(format!("/leases/{}", lease.id)),
                    // A unit or tenant that is not (or no longer) the organization's:
                    // the choice in the form is wrong, not the page.
                    Err(ServiceError::NotFound(code @ ("unit.not_found" | "tenant.not_found"))) => {
                        let mut problems = Problems::banner(tr.code("error.validation"));
                        let field = if code == "unit.not_found" {
                            "unit_id"
                        } else {
                            "tenant_ids"
                        };
                        problems.add(field, tr.code(code));
                        Err(Refused::Form(Status::UnprocessableEntity, problems))
                    }
                    Err(error) => Err(error.into()),
                }
            },
            async |form, problems| leases_page(app, &member, None, &form, &problems).await,
        )
        .await
}
