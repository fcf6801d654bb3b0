//! `/leases/<id>`: a lease's terms, its co-tenants (each with "record a payment"),
//! the ledger with the balance after each entry, and the end-lease form.

use askama::Template;
use rentmark_domain::calendar::local_date;
use rentmark_domain::ids::LeaseId;
use rocket::form::{Form, FromForm};
use rocket::{Route, State, get, post, routes};
use rust_decimal::Decimal;

use crate::html::Html;
use crate::i18n::Translator;
use crate::pages::context::{Layout, Member, PageResult, Reply, path_id};
use crate::pages::forms::{Field, FormView, Kind, Problems};
use crate::pages::ledger::{EntryRow, entry_row};
use crate::pages::submit::Submission;
use crate::pages::{Link, format};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![show, end]
}

/// One co-tenant of a lease.
#[derive(Debug, Clone)]
pub struct CoTenantRow {
    /// Their page.
    pub tenant: Link,
    /// Their share of every charge.
    pub share: String,
    /// The payment form for them on this lease.
    pub record_payment: String,
}

/// A lease's page.
#[derive(Debug, Template)]
#[template(path = "pages/lease.html")]
pub struct LeasePage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// The heading (the unit and property).
    pub title: String,
    /// The unit's page.
    pub unit: Link,
    /// The terms (label, value).
    pub terms: Vec<(String, String)>,
    /// The co-tenants.
    pub tenants: Vec<CoTenantRow>,
    /// The ledger, oldest first, with the balance after each entry.
    pub ledger: Vec<EntryRow>,
    /// What the co-tenants owe now.
    pub balance: String,
    /// The end-lease form, unless it has ended.
    pub end: Option<FormView>,
    /// When it was ended early.
    pub ended: Option<String>,
}

async fn lease_page(
    app: &App,
    member: &Member,
    id: LeaseId,
    end: Option<(EndForm, Problems)>,
) -> PageResult<LeasePage> {
    let tr = &member.tr;
    let actor = &member.actor;
    let lang = tr.lang();
    let lease = app.services.lease(actor, id).await?;
    let lines = app.services.lease_ledger(actor, id).await?;
    let unit = app.services.unit(actor, lease.unit_id).await?;
    let property = app.services.property(actor, lease.property_id).await?;
    let today = local_date(app.now(), actor.org.timezone);
    let mut tenants = Vec::with_capacity(lease.tenants.len());
    for co_tenant in &lease.tenants {
        let tenant = app.services.tenant(actor, co_tenant.tenant_id).await?;
        tenants.push(CoTenantRow {
            tenant: Link::new(format!("/tenants/{}", tenant.id), tenant.details.full_name),
            share: format::percent(
                Decimal::new(i64::from(co_tenant.share.basis_points()), 4),
                lang,
            ),
            record_payment: format!("/payments/new?lease_id={id}&tenant_id={}", tenant.id),
        });
    }
    let t = &lease.terms;
    let terms = vec![
        (
            tr.t("col-status"),
            tr.t(&format!("status-{}", lease.status_on(today).as_str())),
        ),
        (tr.t("field-rent"), format::money(&t.rent, lang)),
        (tr.t("field-charges"), format::money(&t.charges, lang)),
        (tr.t("field-deposit"), format::money(&t.deposit, lang)),
        (tr.t("field-start-date"), format::date(tr, t.start_date)),
        (tr.t("field-end-date"), format::date_or_dash(tr, t.end_date)),
        (tr.t("field-due-day"), u32::from(t.due_day).to_string()),
    ];
    let balance = lines.last().map_or_else(
        || format::cents(0, lease.currency(), lang),
        |l| format::money(&l.balance, lang),
    );
    let end = match lease.ended_at {
        Some(_) => None,
        None => {
            let (form, problems) = end.unwrap_or_else(|| {
                (
                    EndForm {
                        end_date: format::iso(today),
                        csrf: String::new(),
                    },
                    Problems::none(),
                )
            });
            let fields = vec![
                Field::new(
                    Kind::Date,
                    "end_date",
                    tr.t("field-end-date"),
                    form.end_date,
                )
                .required(),
            ];
            Some(
                FormView::new(
                    format!("/leases/{id}/end"),
                    &member.layout.csrf,
                    tr.t("lease-end"),
                    fields,
                    &problems,
                )
                .class("danger"),
            )
        }
    };
    Ok(LeasePage {
        tr: tr.clone(),
        layout: member.layout("leases"),
        title: format!("{} · {}", property.details.name, unit.details.name),
        unit: Link::new(format!("/units/{}", unit.id), unit.details.name.clone()),
        terms,
        tenants,
        ledger: lines
            .iter()
            .map(|l| entry_row(tr, &l.entry, Some(&l.balance)))
            .collect(),
        balance,
        end,
        ended: lease
            .ended_at
            .map(|at| format::instant(tr, at, actor.org.timezone)),
    })
}

#[get("/leases/<id>")]
async fn show(app: &State<App>, member: Member, id: &str) -> PageResult<Html<LeasePage>> {
    let id = path_id(id, "lease.not_found")?;
    Ok(Html(lease_page(app, &member, id, None).await?))
}

/// The end-lease form.
#[derive(Debug, Clone, Default, FromForm)]
pub struct EndForm {
    #[field(default = String::new())]
    end_date: String,
    #[field(default = String::new())]
    csrf: String,
}

#[post("/leases/<id>/end", data = "<form>")]
async fn end(
    app: &State<App>,
    member: Member,
    id: &str,
    form: Form<EndForm>,
) -> PageResult<Reply<LeasePage>> {
    let id: LeaseId = path_id(id, "lease.not_found")?;
    Submission::new(&member.tr, member.csrf_ok(app, &form.csrf))
        .showing_refusals()
        .run(
            form.into_inner(),
            async |form| {
                app.services
                    .end_lease(&member.actor, id, &form.end_date, app.now())
                    .await?;
                Ok(format!("/leases/{id}"))
            },
            async |form, problems| lease_page(app, &member, id, Some((form, problems))).await,
        )
        .await
}
