//! `/landlord/listings/<id>/edit`: the form that edits a listing's details (title,
//! city, address, description, type, availability, requirements), prefilled with its
//! values; its rooms are not edited. Another organization's listing is not found; a
//! closed one is said on the form (409 when posted).

use rentmark_domain::ids::ListingId;
use rentmark_domain::marketplace::listing::{Listing, ListingStatus};
use rocket::form::Form;
use rocket::{Route, State, get, post, routes};

use crate::html::Html;
use crate::pages::context::{Member, PageResult, Reply, path_id};
use crate::pages::forms::{FormView, Problems};
use crate::pages::market::listing_form::{ListingDetailsForm, details_form_field};
use crate::pages::market::renamed_service;
use crate::pages::submit::Submission;
use crate::pages::{FormPage, Link};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![edit_form, edit]
}

/// The edit page of `listing`, with `form` as typed and its problems.
fn edit_page(
    member: &Member,
    listing: &Listing,
    form: &ListingDetailsForm,
    problems: &Problems,
) -> FormPage {
    let tr = &member.tr;
    let back = format!("/landlord/listings/{}", listing.id);
    FormPage {
        tr: tr.clone(),
        layout: member.layout("listings"),
        title: format!("{} · {}", tr.t("listing-edit"), listing.title),
        intro: Some(tr.t("listing-edit-intro")),
        form: FormView::new(
            format!("{back}/edit"),
            &member.layout.csrf,
            tr.t("action-save"),
            form.fields(tr, None),
            problems,
        ),
        links: vec![Link::new(back, tr.t("action-cancel"))],
    }
}

#[get("/landlord/listings/<id>/edit")]
async fn edit_form(app: &State<App>, member: Member, id: &str) -> PageResult<Html<FormPage>> {
    let id: ListingId = path_id(id, "listing.not_found")?;
    let listing = app.services.org_listing(&member.actor, id).await?;
    let problems = if listing.status == ListingStatus::Closed {
        Problems::banner(member.tr.code("listing.closed"))
    } else {
        Problems::none()
    };
    Ok(Html(edit_page(
        &member,
        &listing,
        &ListingDetailsForm::of(&listing),
        &problems,
    )))
}

#[post("/landlord/listings/<id>/edit", data = "<form>")]
async fn edit(
    app: &State<App>,
    member: Member,
    id: &str,
    form: Form<ListingDetailsForm>,
) -> PageResult<Reply<FormPage>> {
    let id: ListingId = path_id(id, "listing.not_found")?;
    // Another organization's listing is not found before anything else.
    let listing = app.services.org_listing(&member.actor, id).await?;
    Submission::new(&member.tr, member.csrf_ok(app, &form.csrf))
        .showing_refusals()
        .run(
            form.into_inner(),
            async |form| {
                let input = form.input()?;
                app.services
                    .update_listing(&member.actor, id, &input, app.now())
                    .await
                    .map_err(|e| renamed_service(e, details_form_field))?;
                Ok(format!("/landlord/listings/{id}"))
            },
            async |form, problems| Ok(edit_page(&member, &listing, &form, &problems)),
        )
        .await
}
