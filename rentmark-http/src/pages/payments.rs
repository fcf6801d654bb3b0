//! The payment form: `/payments/new?lease_id=&tenant_id=` records a payment,
//! `/payments/<id>/edit` corrects one, `/payments/<id>/delete` asks for confirmation
//! and deletes it. Each form may carry a receipt image (see [`super::receipts`]).
//!
//! Every field is validated before the receipt is stored, so a refused form never
//! leaves a document behind; a new payment carries a one-time key so that a form
//! submitted twice records one payment.

use askama::Template;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rentmark_domain::ServiceError;
use rentmark_domain::calendar::local_date;
use rentmark_domain::ids::{LeaseId, PaymentId, TenantId};
use rentmark_domain::lease::Lease;
use rentmark_domain::ledger::{Payment, PaymentInput, PaymentMethod, PaymentStatus};
use rentmark_domain::validation::ValidationErrors;
use rocket::data::Capped;
use rocket::form::{Form, FromForm};
use rocket::fs::TempFile;
use rocket::http::Status;
use rocket::{Route, State, get, post, routes};

use crate::html::Html;
use crate::i18n::Translator;
use crate::pages::auth::TokenForm;
use crate::pages::context::{
    CSRF_STATUS, Layout, Member, PageError, PageResult, Reply, form_status, path_id, service_code,
};
use crate::pages::forms::{Choice, Field, FormView, Kind, Problems};
use crate::pages::ledger::method_label;
use crate::pages::receipts::{self, read_upload};
use crate::pages::units::amount_text;
use crate::pages::{FormPage, Link, format};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![new, record, edit, amend, confirm_delete, delete]
}

/// The payment form as posted (multipart, with an optional file).
#[derive(Debug, FromForm)]
pub struct PaymentForm<'r> {
    #[field(default = String::new())]
    lease_id: String,
    #[field(default = String::new())]
    tenant_id: String,
    #[field(default = String::new())]
    amount: String,
    #[field(default = String::new())]
    paid_on: String,
    #[field(default = String::new())]
    method: String,
    #[field(default = String::new())]
    idempotency_key: String,
    remove_receipt: bool,
    receipt: Option<Capped<TempFile<'r>>>,
    #[field(default = String::new())]
    csrf: String,
}

/// What the form shows (the typed values, never the file).
#[derive(Debug, Clone, Default)]
struct Values {
    lease_id: String,
    tenant_id: String,
    amount: String,
    paid_on: String,
    method: String,
    idempotency_key: String,
    remove_receipt: bool,
}

impl Values {
    fn of(form: &PaymentForm<'_>) -> Self {
        Self {
            lease_id: form.lease_id.clone(),
            tenant_id: form.tenant_id.clone(),
            amount: form.amount.clone(),
            paid_on: form.paid_on.clone(),
            method: form.method.clone(),
            idempotency_key: form.idempotency_key.clone(),
            remove_receipt: form.remove_receipt,
        }
    }

    fn of_payment(payment: &Payment) -> Self {
        Self {
            lease_id: payment.lease_id.to_string(),
            tenant_id: payment.tenant_id.to_string(),
            amount: payment.amount.to_string(),
            paid_on: format::iso(payment.paid_on),
            method: payment.method.as_str().to_owned(),
            idempotency_key: String::new(),
            remove_receipt: false,
        }
    }

    fn input(&self) -> PaymentInput {
        PaymentInput {
            lease_id: Some(self.lease_id.clone()),
            tenant_id: Some(self.tenant_id.clone()),
            amount: amount_text(&self.amount),
            paid_on: self.paid_on.clone(),
            method: self.method.clone(),
            receipt_document_id: None,
        }
    }
}

/// A co-tenant who is not on the lease (the domain's code).
const TENANT_NOT_ON_LEASE: &str = "payment.tenant_not_on_lease";

/// A random one-time key for a new payment form.
fn one_time_key() -> String {
    let mut bytes = [0_u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        tracing::error!("no entropy for a payment form key");
    }
    format!("form-{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Adding or correcting.
#[derive(Debug, Clone, Copy)]
enum Mode<'a> {
    Add,
    Edit(&'a Payment),
}

/// The payment page.
#[derive(Debug, Template)]
#[template(path = "pages/payment.html")]
pub struct PaymentPage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// The heading.
    pub title: String,
    /// The lease (label, value) facts.
    pub facts: Vec<(String, String)>,
    /// The lease's page.
    pub lease: Link,
    /// The form.
    pub form: FormView,
    /// The current receipt, when correcting a payment that has one.
    pub receipt: Option<String>,
    /// The delete confirmation, when correcting.
    pub delete: Option<String>,
}

/// The lease a payment form is about, with what it shows of it.
struct LeaseContext {
    lease: Lease,
    unit: String,
    tenants: Vec<(TenantId, String)>,
}

async fn lease_context(app: &App, member: &Member, lease_id: LeaseId) -> PageResult<LeaseContext> {
    let actor = &member.actor;
    let lease = app.services.lease(actor, lease_id).await?;
    let unit = app.services.unit(actor, lease.unit_id).await?;
    let property = app.services.property(actor, lease.property_id).await?;
    let mut tenants = Vec::with_capacity(lease.tenants.len());
    for co_tenant in &lease.tenants {
        tenants.push((
            co_tenant.tenant_id,
            app.services
                .tenant(actor, co_tenant.tenant_id)
                .await?
                .details
                .full_name,
        ));
    }
    Ok(LeaseContext {
        unit: format!("{} · {}", property.details.name, unit.details.name),
        lease,
        tenants,
    })
}

fn method_choices(tr: &Translator, current: &str) -> Vec<Choice> {
    let mut methods = vec![
        PaymentMethod::Transfer,
        PaymentMethod::Card,
        PaymentMethod::Cash,
    ];
    if current == PaymentMethod::Stripe.as_str() {
        methods.push(PaymentMethod::Stripe);
    }
    methods
        .into_iter()
        .map(|m| Choice::new(m.as_str(), method_label(tr, m), &[current]))
        .collect()
}

fn payment_page(
    member: &Member,
    context: &LeaseContext,
    mode: Mode<'_>,
    values: &Values,
    problems: &Problems,
) -> PaymentPage {
    let tr = &member.tr;
    let lease = &context.lease;
    let tenant_name = |id: &str| {
        context
            .tenants
            .iter()
            .find(|(t, _)| t.to_string() == id.trim())
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let mut fields = Vec::new();
    let mut facts = vec![(tr.t("col-unit"), context.unit.clone())];
    match mode {
        Mode::Add => {
            fields.push(Field::new(
                Kind::Hidden,
                "lease_id",
                String::new(),
                values.lease_id.as_str(),
            ));
            fields.push(Field::new(
                Kind::Hidden,
                "idempotency_key",
                String::new(),
                values.idempotency_key.as_str(),
            ));
            let current = [values.tenant_id.as_str()];
            let choices = context
                .tenants
                .iter()
                .map(|(id, name)| Choice::new(id.to_string(), name.clone(), &current))
                .collect();
            fields.push(
                Field::new(Kind::Select, "tenant_id", tr.t("col-tenant"), "")
                    .required()
                    .choices(choices),
            );
        }
        Mode::Edit(payment) => facts.push((
            tr.t("col-tenant"),
            tenant_name(&payment.tenant_id.to_string()),
        )),
    }
    fields.push(
        Field::new(
            Kind::Amount,
            "amount",
            tr.t("col-amount"),
            values.amount.as_str(),
        )
        .required(),
    );
    fields.push(
        Field::new(
            Kind::Date,
            "paid_on",
            tr.t("field-paid-on"),
            values.paid_on.as_str(),
        )
        .required(),
    );
    fields.push(
        Field::new(Kind::Select, "method", tr.t("field-method"), "")
            .required()
            .choices(method_choices(tr, &values.method)),
    );
    fields.push(
        Field::new(Kind::Image, "receipt", tr.t("field-receipt"), "")
            .hint(tr.t("field-receipt-hint")),
    );
    let receipt = match mode {
        Mode::Edit(payment) => payment
            .receipt_document_id
            .map(|id| format!("/documents/{id}")),
        Mode::Add => None,
    };
    if receipt.is_some() {
        fields.push(Field::new(
            Kind::Checkbox,
            "remove_receipt",
            tr.t("field-remove-receipt"),
            if values.remove_receipt { "on" } else { "" },
        ));
    }
    let (title, action, submit, delete) = match mode {
        Mode::Add => (
            tr.t("payment-new-title"),
            "/payments".to_owned(),
            tr.t("payment-record"),
            None,
        ),
        Mode::Edit(payment) => (
            tr.t("payment-edit-title"),
            format!("/payments/{}/edit", payment.id),
            tr.t("action-save"),
            Some(format!("/payments/{}/delete", payment.id)),
        ),
    };
    PaymentPage {
        tr: tr.clone(),
        layout: member.layout("tenants"),
        title,
        facts,
        lease: Link::new(format!("/leases/{}", lease.id), tr.t("payment-see-lease")),
        form: FormView::new(action, &member.layout.csrf, submit, fields, problems).multipart(),
        receipt,
        delete,
    }
}

#[get("/payments/new?<lease_id>&<tenant_id>")]
async fn new(
    app: &State<App>,
    member: Member,
    lease_id: Option<&str>,
    tenant_id: Option<&str>,
) -> PageResult<Html<PaymentPage>> {
    let lease_id: LeaseId = path_id(lease_id.unwrap_or_default(), "lease.not_found")?;
    let context = lease_context(app, &member, lease_id).await?;
    let tenant_id = tenant_id
        .filter(|t| context.tenants.iter().any(|(id, _)| id.to_string() == *t))
        .map(str::to_owned)
        .or_else(|| context.tenants.first().map(|(id, _)| id.to_string()))
        .unwrap_or_default();
    let values = Values {
        lease_id: lease_id.to_string(),
        tenant_id,
        paid_on: format::iso(local_date(app.now(), member.actor.org.timezone)),
        method: PaymentMethod::Transfer.as_str().to_owned(),
        idempotency_key: one_time_key(),
        ..Values::default()
    };
    Ok(Html(payment_page(
        &member,
        &context,
        Mode::Add,
        &values,
        &Problems::none(),
    )))
}

/// The problems of a refused form, from validation errors and an upload's code.
fn problems(tr: &Translator, errors: &ValidationErrors, upload: Option<&'static str>) -> Problems {
    let mut problems = if errors.is_empty() {
        Problems::banner(tr.code("error.validation"))
    } else {
        Problems::from_validation(errors, tr)
    };
    if let Some(code) = upload {
        problems.add("receipt", tr.code(code));
    }
    problems
}

#[post("/payments", data = "<form>")]
async fn record(
    app: &State<App>,
    member: Member,
    form: Form<PaymentForm<'_>>,
) -> PageResult<Reply<PaymentPage>> {
    let tr = &member.tr;
    let values = Values::of(&form);
    let lease_id: LeaseId = path_id(&values.lease_id, "lease.not_found")?;
    let context = lease_context(app, &member, lease_id).await?;
    let refuse = |status: Status, problems: Problems| {
        Ok(Reply::page(
            status,
            payment_page(&member, &context, Mode::Add, &values, &problems),
        ))
    };
    if !member.csrf_ok(app, &form.csrf) {
        return refuse(CSRF_STATUS, Problems::banner(tr.code("auth.csrf")));
    }
    // Every field first: the receipt is stored only for a payment that can be recorded.
    let mut input = values.input();
    let mut errors = input
        .parse_record(member.actor.org.currency)
        .err()
        .unwrap_or_default();
    if values
        .tenant_id
        .trim()
        .parse::<TenantId>()
        .is_ok_and(|t| !context.lease.has_tenant(t))
    {
        errors.add("tenant_id", TENANT_NOT_ON_LEASE);
    }
    let upload = read_upload(form.receipt.as_ref()).await;
    if !errors.is_empty() || upload.is_err() {
        return refuse(
            Status::UnprocessableEntity,
            problems(tr, &errors, upload.err()),
        );
    }
    let document = match upload {
        Ok(Some(upload)) => Some(receipts::store(app, &member.actor, upload).await?),
        _ => None,
    };
    input.receipt_document_id = document.as_ref().map(|d| d.id.to_string());
    let key = Some(values.idempotency_key.as_str()).filter(|k| !k.trim().is_empty());
    match app
        .services
        .record_payment(&member.actor, &input, key, app.now())
        .await
    {
        Ok(payment) => {
            // A form posted twice gets the payment of the first post back: this
            // upload's bytes belong to no payment.
            if let Some(document) = document
                .as_ref()
                .filter(|d| payment.receipt_document_id != Some(d.id))
            {
                receipts::discard_blob(app, document).await;
            }
            Ok(Reply::to(format!("/tenants/{}", payment.tenant_id)))
        }
        Err(error) => {
            if let Some(document) = &document {
                receipts::discard_blob(app, document).await;
            }
            match (&error, form_status(&error)) {
                (ServiceError::Invalid(errors), _) => {
                    refuse(Status::UnprocessableEntity, problems(tr, errors, None))
                }
                (_, Some(status)) => {
                    refuse(status, Problems::banner(tr.code(service_code(&error))))
                }
                (_, None) => Err(error.into()),
            }
        }
    }
}

#[get("/payments/<id>/edit")]
async fn edit(app: &State<App>, member: Member, id: &str) -> PageResult<Html<PaymentPage>> {
    let id: PaymentId = path_id(id, "payment.not_found")?;
    let payment = app.services.payment(&member.actor, id).await?;
    let context = lease_context(app, &member, payment.lease_id).await?;
    let problems = if payment.status == PaymentStatus::Deleted {
        Problems::banner(member.tr.code("payment.deleted"))
    } else {
        Problems::none()
    };
    Ok(Html(payment_page(
        &member,
        &context,
        Mode::Edit(&payment),
        &Values::of_payment(&payment),
        &problems,
    )))
}

#[post("/payments/<id>/edit", data = "<form>")]
async fn amend(
    app: &State<App>,
    member: Member,
    id: &str,
    form: Form<PaymentForm<'_>>,
) -> PageResult<Reply<PaymentPage>> {
    let id: PaymentId = path_id(id, "payment.not_found")?;
    let tr = &member.tr;
    let payment = app.services.payment(&member.actor, id).await?;
    let context = lease_context(app, &member, payment.lease_id).await?;
    let values = Values {
        lease_id: payment.lease_id.to_string(),
        tenant_id: payment.tenant_id.to_string(),
        ..Values::of(&form)
    };
    let refuse = |status: Status, problems: Problems| {
        Ok(Reply::page(
            status,
            payment_page(&member, &context, Mode::Edit(&payment), &values, &problems),
        ))
    };
    if !member.csrf_ok(app, &form.csrf) {
        return refuse(CSRF_STATUS, Problems::banner(tr.code("auth.csrf")));
    }
    if payment.status == PaymentStatus::Deleted {
        return refuse(
            Status::Conflict,
            Problems::banner(tr.code("payment.deleted")),
        );
    }
    let mut input = values.input();
    let errors = input
        .parse_amend(member.actor.org.currency)
        .err()
        .unwrap_or_default();
    let upload = read_upload(form.receipt.as_ref()).await;
    if !errors.is_empty() || upload.is_err() {
        return refuse(
            Status::UnprocessableEntity,
            problems(tr, &errors, upload.err()),
        );
    }
    let document = match upload {
        Ok(Some(upload)) => Some(receipts::store(app, &member.actor, upload).await?),
        _ => None,
    };
    input.receipt_document_id = match &document {
        Some(document) => Some(document.id.to_string()),
        None if values.remove_receipt => None,
        None => payment.receipt_document_id.map(|d| d.to_string()),
    };
    match app
        .services
        .amend_payment(&member.actor, id, &input, app.now())
        .await
    {
        Ok(payment) => Ok(Reply::to(format!("/tenants/{}", payment.tenant_id))),
        Err(error) => {
            if let Some(document) = &document {
                receipts::discard_blob(app, document).await;
            }
            match (&error, form_status(&error)) {
                (ServiceError::Invalid(errors), _) => {
                    refuse(Status::UnprocessableEntity, problems(tr, errors, None))
                }
                (_, Some(status)) => {
                    refuse(status, Problems::banner(tr.code(service_code(&error))))
                }
                (_, None) => Err(error.into()),
            }
        }
    }
}

/// The delete confirmation of `payment`.
fn delete_page(member: &Member, payment: &Payment, tenant: &str, problems: &Problems) -> FormPage {
    let tr = &member.tr;
    let summary = format!(
        "{} · {} · {}",
        tenant,
        format::date(tr, payment.paid_on),
        format::money(&payment.amount, tr.lang())
    );
    let mut form = FormView::button(
        format!("/payments/{}/delete", payment.id),
        &member.layout.csrf,
        tr.t("payment-delete-confirm"),
        "danger",
    );
    form.banner.clone_from(&problems.banner);
    FormPage {
        tr: tr.clone(),
        layout: member.layout("tenants"),
        title: tr.t("payment-delete-title"),
        intro: Some(format!("{} {summary}", tr.t("payment-delete-intro"))),
        form,
        links: vec![Link::new(
            format!("/tenants/{}", payment.tenant_id),
            tr.t("action-cancel"),
        )],
    }
}

#[get("/payments/<id>/delete")]
async fn confirm_delete(app: &State<App>, member: Member, id: &str) -> PageResult<Html<FormPage>> {
    let id: PaymentId = path_id(id, "payment.not_found")?;
    let payment = app.services.payment(&member.actor, id).await?;
    let tenant = app
        .services
        .tenant(&member.actor, payment.tenant_id)
        .await?;
    let problems = if payment.status == PaymentStatus::Deleted {
        Problems::banner(member.tr.code("payment.deleted"))
    } else {
        Problems::none()
    };
    Ok(Html(delete_page(
        &member,
        &payment,
        &tenant.details.full_name,
        &problems,
    )))
}

#[post("/payments/<id>/delete", data = "<form>")]
async fn delete(
    app: &State<App>,
    member: Member,
    id: &str,
    form: Form<TokenForm>,
) -> PageResult<Reply<FormPage>> {
    let id: PaymentId = path_id(id, "payment.not_found")?;
    let tr = &member.tr;
    let payment = app.services.payment(&member.actor, id).await?;
    let tenant = app
        .services
        .tenant(&member.actor, payment.tenant_id)
        .await?;
    let (status, problems) = if member.csrf_ok(app, &form.csrf) {
        match app
            .services
            .delete_payment(&member.actor, id, app.now())
            .await
        {
            Ok(_) => return Ok(Reply::to(format!("/tenants/{}", payment.tenant_id))),
            Err(error) => match form_status(&error) {
                Some(status) => (status, Problems::banner(tr.code(service_code(&error)))),
                None => return Err(PageError::from(error)),
            },
        }
    } else {
        (CSRF_STATUS, Problems::banner(tr.code("auth.csrf")))
    };
    Ok(Reply::page(
        status,
        delete_page(&member, &payment, &tenant.details.full_name, &problems),
    ))
}
