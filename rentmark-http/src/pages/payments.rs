//! Recording and correcting payments: `/payments/new?lease_id=&tenant_id=` and
//! `POST /payments` record one, `/payments/<id>/edit` corrects one (deleting is in
//! [`super::payment_delete`]). Each form may carry a receipt image (see
//! [`super::receipts`]).
//!
//! Every field is validated before the receipt is stored, so a refused form never
//! leaves a document behind; a new payment carries a one-time key so that a form
//! submitted twice records one payment.

use rentmark_domain::calendar::local_date;
use rentmark_domain::ids::{LeaseId, PaymentId, TenantId};
use rentmark_domain::ledger::{PaymentMethod, PaymentStatus};
use rentmark_domain::ports::Document;
use rentmark_domain::validation::ValidationErrors;
use rocket::data::Capped;
use rocket::form::Form;
use rocket::fs::TempFile;
use rocket::http::Status;
use rocket::{Route, State, get, post, routes};

use crate::html::Html;
use crate::i18n::Translator;
use crate::pages::context::{Member, PageResult, Reply, path_id};
use crate::pages::format;
use crate::pages::forms::Problems;
use crate::pages::payment_form::{
    Mode, PaymentForm, PaymentPage, TENANT_NOT_ON_LEASE, Values, lease_context, one_time_key,
    payment_page,
};
use crate::pages::receipts::{self, read_upload};
use crate::pages::submit::{Refused, Submission};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![new, record, edit, amend]
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

/// The receipt of a form whose fields are valid: stored, if one was sent. Refused
/// (422) when a field or the upload is invalid, so that a refused form never leaves a
/// document behind.
async fn valid_receipt(
    app: &App,
    member: &Member,
    errors: &ValidationErrors,
    file: Option<&Capped<TempFile<'_>>>,
) -> Result<Option<Document>, Refused> {
    let upload = read_upload(file).await;
    if !errors.is_empty() || upload.is_err() {
        let problems = problems(&member.tr, errors, upload.err());
        return Err(Refused::Form(Status::UnprocessableEntity, problems));
    }
    match upload {
        Ok(Some(upload)) => Ok(Some(receipts::store(app, &member.actor, upload).await?)),
        _ => Ok(None),
    }
}

#[post("/payments", data = "<form>")]
async fn record(
    app: &State<App>,
    member: Member,
    form: Form<PaymentForm<'_>>,
) -> PageResult<Reply<PaymentPage>> {
    let values = Values::of(&form);
    let lease_id: LeaseId = path_id(&values.lease_id, "lease.not_found")?;
    let context = lease_context(app, &member, lease_id).await?;
    // The page shows `values` again (never the file): the form itself stays here.
    Submission::new(&member.tr, member.csrf_ok(app, &form.csrf))
        .showing_refusals()
        .run(
            (),
            async |()| {
                // Every field first: the receipt is stored only for a payment that can
                // be recorded.
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
                let document = valid_receipt(app, &member, &errors, form.receipt.as_ref()).await?;
                input.receipt_document_id = document.as_ref().map(|d| d.id.to_string());
                let key = Some(values.idempotency_key.as_str()).filter(|k| !k.trim().is_empty());
                let recorded = app
                    .services
                    .record_payment(&member.actor, &input, key, app.now())
                    .await;
                // A refused payment keeps no receipt, and a form posted twice gets the
                // payment of the first post back: this upload's bytes belong to no
                // payment.
                if let Some(document) = document.as_ref().filter(|d| {
                    !recorded
                        .as_ref()
                        .is_ok_and(|p| p.receipt_document_id == Some(d.id))
                }) {
                    receipts::discard_blob(app, document).await;
                }
                Ok(format!("/tenants/{}", recorded?.tenant_id))
            },
            async |(), problems| {
                Ok(payment_page(
                    &member,
                    &context,
                    Mode::Add,
                    &values,
                    &problems,
                ))
            },
        )
        .await
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
    // As for a new payment, the page shows `values` again.
    Submission::new(tr, member.csrf_ok(app, &form.csrf))
        .showing_refusals()
        .run(
            (),
            async |()| {
                if payment.status == PaymentStatus::Deleted {
                    let problems = Problems::banner(tr.code("payment.deleted"));
                    return Err(Refused::Form(Status::Conflict, problems));
                }
                let mut input = values.input();
                let errors = input
                    .parse_amend(member.actor.org.currency)
                    .err()
                    .unwrap_or_default();
                let document = valid_receipt(app, &member, &errors, form.receipt.as_ref()).await?;
                input.receipt_document_id = match &document {
                    Some(document) => Some(document.id.to_string()),
                    None if values.remove_receipt => None,
                    None => payment.receipt_document_id.map(|d| d.to_string()),
                };
                let amended = app
                    .services
                    .amend_payment(&member.actor, id, &input, app.now())
                    .await;
                if let (Err(_), Some(document)) = (&amended, &document) {
                    receipts::discard_blob(app, document).await;
                }
                Ok(format!("/tenants/{}", amended?.tenant_id))
            },
            async |(), problems| {
                let mode = Mode::Edit(&payment);
                Ok(payment_page(&member, &context, mode, &values, &problems))
            },
        )
        .await
}
