//! The payment form itself: what is posted (with the optional receipt file), the
//! values shown again after a refusal, and the page around the form.

use askama::Template;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rentmark_domain::ids::{LeaseId, TenantId};
use rentmark_domain::lease::Lease;
use rentmark_domain::ledger::{Payment, PaymentInput, PaymentMethod};
use rocket::data::Capped;
use rocket::form::FromForm;
use rocket::fs::TempFile;

use crate::i18n::Translator;
use crate::pages::context::{Layout, Member, PageResult};
use crate::pages::forms::{Choice, Field, FormView, Kind, Problems};
use crate::pages::ledger::method_label;
use crate::pages::units::amount_text;
use crate::pages::{Link, format};
use crate::state::App;

/// The payment form as posted (multipart, with an optional file).
#[derive(Debug, FromForm)]
pub struct PaymentForm<'r> {
    #[field(default = String::new())]
    pub(super) lease_id: String,
    #[field(default = String::new())]
    pub(super) tenant_id: String,
    #[field(default = String::new())]
    pub(super) amount: String,
    #[field(default = String::new())]
    pub(super) paid_on: String,
    #[field(default = String::new())]
    pub(super) method: String,
    #[field(default = String::new())]
    pub(super) idempotency_key: String,
    pub(super) remove_receipt: bool,
    pub(super) receipt: Option<Capped<TempFile<'r>>>,
    #[field(default = String::new())]
    pub(super) csrf: String,
}

/// What the form shows (the typed values, never the file).
#[derive(Debug, Clone, Default)]
pub(super) struct Values {
    pub(super) lease_id: String,
    pub(super) tenant_id: String,
    pub(super) amount: String,
    pub(super) paid_on: String,
    pub(super) method: String,
    pub(super) idempotency_key: String,
    pub(super) remove_receipt: bool,
}

impl Values {
    pub(super) fn of(form: &PaymentForm<'_>) -> Self {
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

    pub(super) fn of_payment(payment: &Payment) -> Self {
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

    pub(super) fn input(&self) -> PaymentInput {
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
pub(super) const TENANT_NOT_ON_LEASE: &str = "payment.tenant_not_on_lease";

/// A random one-time key for a new payment form.
pub(super) fn one_time_key() -> String {
    let mut bytes = [0_u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        tracing::error!("no entropy for a payment form key");
    }
    format!("form-{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Adding or correcting.
#[derive(Debug, Clone, Copy)]
pub(super) enum Mode<'a> {
    /// Recording a new payment.
    Add,
    /// Correcting this one.
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
pub(super) struct LeaseContext {
    pub(super) lease: Lease,
    pub(super) unit: String,
    pub(super) tenants: Vec<(TenantId, String)>,
}

pub(super) async fn lease_context(
    app: &App,
    member: &Member,
    lease_id: LeaseId,
) -> PageResult<LeaseContext> {
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

pub(super) fn payment_page(
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
