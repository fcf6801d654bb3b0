//! `/tenants` (the list and the create form) and `/tenants/<id>`: the balance, the
//! aging buckets, the tenant's leases (with "record a payment"), their charges and
//! payments, the payments with edit and delete buttons, and the edit form.

use std::collections::HashMap;

use askama::Template;
use rentmark_domain::calendar::local_date;
use rentmark_domain::ids::TenantId;
use rentmark_domain::ports::{LeaseFilter, PageRequest, PaymentFilter};
use rentmark_domain::tenant::{Tenant, TenantInput};
use rocket::form::{Form, FromForm};
use rocket::{Route, State, get, post, routes};

use crate::html::Html;
use crate::i18n::Translator;
use crate::pages::context::{Layout, Member, PageResult, Reply, path_id};
use crate::pages::forms::{Field, FormView, Kind, Problems};
use crate::pages::ledger::{EntryRow, PaymentRow, entry_row, payment_row};
use crate::pages::pager::{Pager, page_request};
use crate::pages::submit::Submission;
use crate::pages::{Link, format};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![list, create, show, update]
}

/// The tenant form, as typed.
#[derive(Debug, Clone, Default, FromForm)]
pub struct TenantForm {
    #[field(default = String::new())]
    name: String,
    #[field(default = String::new())]
    email: String,
    #[field(default = String::new())]
    phone: String,
    #[field(default = String::new())]
    csrf: String,
}

impl TenantForm {
    fn of(tenant: &Tenant) -> Self {
        let d = &tenant.details;
        Self {
            name: d.full_name.clone(),
            email: d
                .email
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            phone: d.phone.clone().unwrap_or_default(),
            csrf: String::new(),
        }
    }

    fn input(&self) -> TenantInput {
        TenantInput {
            full_name: self.name.clone(),
            email: Some(self.email.clone()),
            phone: Some(self.phone.clone()),
        }
    }

    fn fields(&self, tr: &Translator) -> Vec<Field> {
        vec![
            Field::new(
                Kind::Text,
                "name",
                tr.t("field-full-name"),
                self.name.as_str(),
            )
            .required(),
            Field::new(
                Kind::Email,
                "email",
                tr.t("field-email"),
                self.email.as_str(),
            ),
            Field::new(
                Kind::Text,
                "phone",
                tr.t("field-phone"),
                self.phone.as_str(),
            ),
        ]
    }
}

/// One tenant in the list.
#[derive(Debug, Clone)]
pub struct TenantRow {
    /// Their page.
    pub link: Link,
    /// Contact address.
    pub email: String,
    /// Phone number.
    pub phone: String,
}

/// The tenants page.
#[derive(Debug, Template)]
#[template(path = "pages/tenants.html")]
pub struct TenantsPage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// This page of tenants.
    pub rows: Vec<TenantRow>,
    /// Paging links.
    pub pager: Pager,
    /// The create form.
    pub create: FormView,
}

async fn tenants_page(
    app: &App,
    member: &Member,
    page: Option<u32>,
    form: &TenantForm,
    problems: &Problems,
) -> PageResult<TenantsPage> {
    let tr = &member.tr;
    let tenants = app
        .services
        .tenants(&member.actor, page_request(page))
        .await?;
    Ok(TenantsPage {
        tr: tr.clone(),
        layout: member.layout("tenants"),
        rows: tenants
            .results
            .iter()
            .map(|t| TenantRow {
                link: Link::new(format!("/tenants/{}", t.id), t.details.full_name.clone()),
                email: t
                    .details
                    .email
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                phone: t.details.phone.clone().unwrap_or_default(),
            })
            .collect(),
        pager: Pager::new(tr, &tenants, "/tenants"),
        create: FormView::new(
            "/tenants",
            &member.layout.csrf,
            tr.t("tenant-create"),
            form.fields(tr),
            problems,
        ),
    })
}

#[get("/tenants?<page>")]
async fn list(
    app: &State<App>,
    member: Member,
    page: Option<u32>,
) -> PageResult<Html<TenantsPage>> {
    Ok(Html(
        tenants_page(
            app,
            &member,
            page,
            &<TenantForm as Default>::default(),
            &Problems::none(),
        )
        .await?,
    ))
}

#[post("/tenants", data = "<form>")]
async fn create(
    app: &State<App>,
    member: Member,
    form: Form<TenantForm>,
) -> PageResult<Reply<TenantsPage>> {
    Submission::new(&member.tr, member.csrf_ok(app, &form.csrf))
        .run(
            form.into_inner(),
            async |form| {
                let tenant = app
                    .services
                    .create_tenant(&member.actor, &form.input(), app.now())
                    .await?;
                Ok(format!("/tenants/{}", tenant.id))
            },
            async |form, problems| tenants_page(app, &member, None, &form, &problems).await,
        )
        .await
}

/// One of the tenant's leases.
#[derive(Debug, Clone)]
pub struct TenantLeaseRow {
    /// The lease.
    pub lease: Link,
    /// The unit and its property.
    pub unit: String,
    /// Start to end.
    pub dates: String,
    /// `upcoming`, `active` or `ended`, in words.
    pub status: String,
    /// What the tenant owes on it.
    pub outstanding: String,
    /// The payment form for this tenant and lease.
    pub record_payment: String,
}

/// A tenant's page.
#[derive(Debug, Template)]
#[template(path = "pages/tenant.html")]
pub struct TenantPage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// Their name.
    pub name: String,
    /// Contact details (label, value).
    pub contact: Vec<(String, String)>,
    /// Charged, paid, outstanding (label, value).
    pub balance: Vec<(String, String)>,
    /// What they owe, formatted, and whether it is a debt.
    pub outstanding: String,
    /// The aging buckets (label, value).
    pub aging: Vec<(String, String)>,
    /// Their leases.
    pub leases: Vec<TenantLeaseRow>,
    /// Their entries, latest first.
    pub entries: Vec<EntryRow>,
    /// Their payments, latest first.
    pub payments: Vec<PaymentRow>,
    /// Paging links of the payments.
    pub pager: Pager,
    /// The edit form.
    pub edit: FormView,
}

async fn tenant_page(
    app: &App,
    member: &Member,
    id: TenantId,
    page: Option<u32>,
    edit: Option<(TenantForm, Problems)>,
) -> PageResult<TenantPage> {
    let tr = &member.tr;
    let actor = &member.actor;
    let lang = tr.lang();
    let now = app.now();
    let balance = app.services.tenant_balance(actor, id, now).await?;
    let entries = app.services.tenant_entries(actor, id).await?;
    let leases = app
        .services
        .leases(
            actor,
            LeaseFilter {
                tenant_id: Some(id),
                ..LeaseFilter::default()
            },
            PageRequest::new(1, PageRequest::MAX_LIMIT),
        )
        .await?;
    let payments = app
        .services
        .payments(
            actor,
            PaymentFilter {
                tenant_id: Some(id),
                lease_id: None,
            },
            page_request(page),
        )
        .await?;
    let accounts: HashMap<_, _> = balance.accounts.iter().map(|a| (a.lease_id, a)).collect();
    let today = local_date(now, actor.org.timezone);
    let mut lease_rows = Vec::with_capacity(leases.results.len());
    for lease in &leases.results {
        let (unit, outstanding) = match accounts.get(&lease.id) {
            Some(account) => (
                format!("{} · {}", account.unit_name, account.property_name),
                format::money(&account.outstanding(), lang),
            ),
            None => {
                let unit = app.services.unit(actor, lease.unit_id).await?;
                (unit.details.name, format::cents(0, lease.currency(), lang))
            }
        };
        lease_rows.push(TenantLeaseRow {
            lease: Link::new(format!("/leases/{}", lease.id), tr.t("col-lease")),
            unit,
            dates: format!(
                "{} → {}",
                format::date(tr, lease.terms.start_date),
                format::date_or_dash(tr, lease.terms.end_date)
            ),
            status: tr.t(&format!("status-{}", lease.status_on(today).as_str())),
            outstanding,
            record_payment: format!("/payments/new?lease_id={}&tenant_id={id}", lease.id),
        });
    }
    let aging = &balance.aging;
    let (form, problems) =
        edit.unwrap_or_else(|| (TenantForm::of(&balance.tenant), Problems::none()));
    let d = &balance.tenant.details;
    Ok(TenantPage {
        tr: tr.clone(),
        layout: member.layout("tenants"),
        name: d.full_name.clone(),
        contact: vec![
            (
                tr.t("field-email"),
                d.email
                    .as_ref()
                    .map_or_else(|| "—".to_owned(), ToString::to_string),
            ),
            (
                tr.t("field-phone"),
                d.phone.clone().unwrap_or_else(|| "—".to_owned()),
            ),
        ],
        balance: vec![
            (
                tr.t("tenant-charged"),
                format::money(&balance.charged, lang),
            ),
            (tr.t("tenant-paid"), format::money(&balance.paid, lang)),
        ],
        outstanding: format::money(&balance.outstanding, lang),
        aging: vec![
            (tr.t("aging-0-30"), format::money(&aging.d0_30, lang)),
            (tr.t("aging-31-60"), format::money(&aging.d31_60, lang)),
            (tr.t("aging-61-90"), format::money(&aging.d61_90, lang)),
            (tr.t("aging-90-plus"), format::money(&aging.d90_plus, lang)),
        ],
        leases: lease_rows,
        entries: entries
            .iter()
            .rev()
            .map(|e| entry_row(tr, e, None))
            .collect(),
        payments: payments
            .results
            .iter()
            .map(|p| payment_row(tr, p))
            .collect(),
        pager: Pager::new(tr, &payments, &format!("/tenants/{id}")),
        edit: FormView::new(
            format!("/tenants/{id}"),
            &member.layout.csrf,
            tr.t("action-save"),
            form.fields(tr),
            &problems,
        ),
    })
}

#[get("/tenants/<id>?<page>")]
async fn show(
    app: &State<App>,
    member: Member,
    id: &str,
    page: Option<u32>,
) -> PageResult<Html<TenantPage>> {
    let id = path_id(id, "tenant.not_found")?;
    Ok(Html(tenant_page(app, &member, id, page, None).await?))
}

#[post("/tenants/<id>", data = "<form>")]
async fn update(
    app: &State<App>,
    member: Member,
    id: &str,
    form: Form<TenantForm>,
) -> PageResult<Reply<TenantPage>> {
    let id: TenantId = path_id(id, "tenant.not_found")?;
    Submission::new(&member.tr, member.csrf_ok(app, &form.csrf))
        .run(
            form.into_inner(),
            async |form| {
                app.services
                    .update_tenant(&member.actor, id, &form.input(), app.now())
                    .await?;
                Ok(format!("/tenants/{id}"))
            },
            async |form, problems| {
                tenant_page(app, &member, id, None, Some((form, problems))).await
            },
        )
        .await
}
