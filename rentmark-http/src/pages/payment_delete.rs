//! `/payments/<id>/delete`: a confirmation page with one button; the deletion is a
//! reversal, so the payment stays visible as deleted.

use rentmark_domain::ids::PaymentId;
use rentmark_domain::ledger::{Payment, PaymentStatus};
use rocket::form::Form;
use rocket::{Route, State, get, post, routes};

use crate::html::Html;
use crate::pages::auth::TokenForm;
use crate::pages::context::{Member, PageResult, Reply, path_id};
use crate::pages::forms::{FormView, Problems};
use crate::pages::submit::Submission;
use crate::pages::{FormPage, Link, format};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![confirm_delete, delete]
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
    let payment = app.services.payment(&member.actor, id).await?;
    let tenant = app
        .services
        .tenant(&member.actor, payment.tenant_id)
        .await?;
    Submission::new(&member.tr, member.csrf_ok(app, &form.csrf))
        .showing_refusals()
        .run(
            form.into_inner(),
            async |_| {
                app.services
                    .delete_payment(&member.actor, id, app.now())
                    .await?;
                Ok(format!("/tenants/{}", payment.tenant_id))
            },
            async |_, problems| {
                Ok(delete_page(
                    &member,
                    &payment,
                    &tenant.details.full_name,
                    &problems,
                ))
            },
        )
        .await
}
