//! The renter's guarantors: `/renter/guarantors` (the list and the add form) and
//! `/renter/guarantors/<id>` (the edit form and the delete button; a guarantor named
//! on an application cannot be deleted: 409, said on the page).

use askama::Template;
use rentmark_domain::ids::GuarantorId;
use rentmark_domain::marketplace::dossier::{Guarantor, GuarantorInput};
use rocket::form::{Form, FromForm};
use rocket::{Route, State, get, post, routes};

use crate::html::Html;
use crate::i18n::Translator;
use crate::pages::auth::TokenForm;
use crate::pages::context::{Layout, PageResult, Reply, path_id};
use crate::pages::forms::{Field, FormView, Kind, Problems};
use crate::pages::pager::{Pager, page_request};
use crate::pages::submit::Submission;
use crate::pages::units::amount_text;
use crate::pages::viewers::Renter;
use crate::pages::{Link, format};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![list, create, edit, update, delete]
}

/// The guarantor form, as typed.
#[derive(Debug, Clone, Default, FromForm)]
pub struct GuarantorForm {
    #[field(default = String::new())]
    first_name: String,
    #[field(default = String::new())]
    last_name: String,
    #[field(default = String::new())]
    relation: String,
    #[field(default = String::new())]
    email: String,
    #[field(default = String::new())]
    phone: String,
    #[field(default = String::new())]
    income_eur: String,
    #[field(default = String::new())]
    nationality: String,
    #[field(default = String::new())]
    birth_date: String,
    #[field(default = String::new())]
    csrf: String,
}

impl GuarantorForm {
    fn of(guarantor: &Guarantor) -> Self {
        let d = &guarantor.details;
        Self {
            first_name: d.first_name.clone(),
            last_name: d.last_name.clone(),
            relation: d.relation.clone(),
            email: d
                .email
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            phone: d.phone.clone().unwrap_or_default(),
            income_eur: d.monthly_income.amount().to_string(),
            nationality: d.nationality.clone().unwrap_or_default(),
            birth_date: d.birth_date.map(format::iso).unwrap_or_default(),
            csrf: String::new(),
        }
    }

    fn input(&self) -> GuarantorInput {
        GuarantorInput {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            relation: self.relation.clone(),
            email: Some(self.email.clone()),
            phone: Some(self.phone.clone()),
            income_eur: Some(amount_text(&self.income_eur)),
            nationality: Some(self.nationality.clone()),
            birth_date: Some(self.birth_date.clone()),
        }
    }

    fn fields(&self, tr: &Translator) -> Vec<Field> {
        let field =
            |kind, name, label: &str, value: &str| Field::new(kind, name, tr.t(label), value);
        vec![
            field(
                Kind::Text,
                "first_name",
                "field-first-name",
                &self.first_name,
            )
            .required(),
            field(Kind::Text, "last_name", "field-last-name", &self.last_name).required(),
            field(Kind::Text, "relation", "field-relation", &self.relation)
                .required()
                .hint(tr.t("field-relation-hint")),
            field(Kind::Email, "email", "field-email", &self.email),
            field(Kind::Text, "phone", "field-phone", &self.phone),
            field(
                Kind::Amount,
                "income_eur",
                "field-monthly-income",
                &self.income_eur,
            ),
            field(
                Kind::Text,
                "nationality",
                "field-nationality",
                &self.nationality,
            ),
            field(
                Kind::Date,
                "birth_date",
                "field-birth-date",
                &self.birth_date,
            ),
        ]
    }
}

/// One guarantor in the list.
#[derive(Debug, Clone)]
pub struct GuarantorRow {
    /// Its edit page, named by the guarantor's name.
    pub link: Link,
    /// Relation to the renter.
    pub relation: String,
    /// E-mail and phone.
    pub contact: String,
    /// Monthly income.
    pub income: String,
}

/// The guarantors page.
#[derive(Debug, Template)]
#[template(path = "pages/renter_guarantors.html")]
pub struct GuarantorsPage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// This page of guarantors.
    pub rows: Vec<GuarantorRow>,
    /// Paging links.
    pub pager: Pager,
    /// The add form.
    pub create: FormView,
}

async fn guarantors_page(
    app: &App,
    renter: &Renter,
    page: Option<u32>,
    form: &GuarantorForm,
    problems: &Problems,
) -> PageResult<GuarantorsPage> {
    let tr = &renter.tr;
    let guarantors = app
        .services
        .guarantors(&renter.user, page_request(page))
        .await?;
    Ok(GuarantorsPage {
        tr: tr.clone(),
        layout: renter.layout("guarantors"),
        rows: guarantors
            .results
            .iter()
            .map(|g| {
                let d = &g.details;
                let contact = [d.email.as_ref().map(ToString::to_string), d.phone.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ");
                GuarantorRow {
                    link: Link::new(
                        format!("/renter/guarantors/{}", g.id),
                        format!("{} {}", d.first_name, d.last_name),
                    ),
                    relation: d.relation.clone(),
                    contact,
                    income: format::money(&d.monthly_income, tr.lang()),
                }
            })
            .collect(),
        pager: Pager::new(tr, &guarantors, "/renter/guarantors"),
        create: FormView::new(
            "/renter/guarantors",
            &renter.layout.csrf,
            tr.t("guarantor-create"),
            form.fields(tr),
            problems,
        ),
    })
}

#[get("/renter/guarantors?<page>")]
async fn list(
    app: &State<App>,
    renter: Renter,
    page: Option<u32>,
) -> PageResult<Html<GuarantorsPage>> {
    let form = <GuarantorForm as Default>::default();
    Ok(Html(
        guarantors_page(app, &renter, page, &form, &Problems::none()).await?,
    ))
}

#[post("/renter/guarantors", data = "<form>")]
async fn create(
    app: &State<App>,
    renter: Renter,
    form: Form<GuarantorForm>,
) -> PageResult<Reply<GuarantorsPage>> {
    Submission::new(&renter.tr, renter.csrf_ok(app, &form.csrf))
        .run(
            form.into_inner(),
            async |form| {
                app.services
                    .create_guarantor(&renter.user, &form.input(), app.now())
                    .await?;
                Ok("/renter/guarantors".to_owned())
            },
            async |form, problems| guarantors_page(app, &renter, None, &form, &problems).await,
        )
        .await
}

/// A guarantor's page: the edit form and the delete button.
#[derive(Debug, Template)]
#[template(path = "pages/renter_guarantor.html")]
pub struct GuarantorPage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// The guarantor's name.
    pub name: String,
    /// The edit form.
    pub edit: FormView,
    /// The delete button (with the message of a refused deletion).
    pub delete: FormView,
}

/// What the page shows again after a refusal.
enum Submitted {
    Nothing,
    Edit(Box<GuarantorForm>, Problems),
    Delete(Problems),
}

async fn guarantor_page(
    app: &App,
    renter: &Renter,
    id: GuarantorId,
    submitted: Submitted,
) -> PageResult<GuarantorPage> {
    let tr = &renter.tr;
    let guarantor = app.services.guarantor(&renter.user, id).await?;
    let csrf = &renter.layout.csrf;
    let (form, problems, refused_delete) = match submitted {
        Submitted::Nothing => (GuarantorForm::of(&guarantor), Problems::none(), None),
        Submitted::Edit(form, problems) => (*form, problems, None),
        Submitted::Delete(problems) => (
            GuarantorForm::of(&guarantor),
            Problems::none(),
            problems.banner,
        ),
    };
    let mut delete = FormView::button(
        format!("/renter/guarantors/{id}/delete"),
        csrf,
        tr.t("guarantor-delete"),
        "danger",
    );
    delete.banner = refused_delete;
    let d = &guarantor.details;
    Ok(GuarantorPage {
        tr: tr.clone(),
        layout: renter.layout("guarantors"),
        name: format!("{} {}", d.first_name, d.last_name),
        edit: FormView::new(
            format!("/renter/guarantors/{id}"),
            csrf,
            tr.t("action-save"),
            form.fields(tr),
            &problems,
        ),
        delete,
    })
}

#[get("/renter/guarantors/<id>")]
async fn edit(app: &State<App>, renter: Renter, id: &str) -> PageResult<Html<GuarantorPage>> {
    let id = path_id(id, "guarantor.not_found")?;
    Ok(Html(
        guarantor_page(app, &renter, id, Submitted::Nothing).await?,
    ))
}

#[post("/renter/guarantors/<id>", data = "<form>")]
async fn update(
    app: &State<App>,
    renter: Renter,
    id: &str,
    form: Form<GuarantorForm>,
) -> PageResult<Reply<GuarantorPage>> {
    let id: GuarantorId = path_id(id, "guarantor.not_found")?;
    Submission::new(&renter.tr, renter.csrf_ok(app, &form.csrf))
        .run(
            form.into_inner(),
            async |form| {
                app.services
                    .update_guarantor(&renter.user, id, &form.input(), app.now())
                    .await?;
                Ok("/renter/guarantors".to_owned())
            },
            async |form, problems| {
                guarantor_page(app, &renter, id, Submitted::Edit(Box::new(form), problems)).await
            },
        )
        .await
}

#[post("/renter/guarantors/<id>/delete", data = "<form>")]
async fn delete(
    app: &State<App>,
    renter: Renter,
    id: &str,
    form: Form<TokenForm>,
) -> PageResult<Reply<GuarantorPage>> {
    let id: GuarantorId = path_id(id, "guarantor.not_found")?;
    Submission::new(&renter.tr, renter.csrf_ok(app, &form.csrf))
        .showing_refusals()
        .run(
            form.into_inner(),
            async |_| {
                app.services.delete_guarantor(&renter.user, id).await?;
                Ok("/renter/guarantors".to_owned())
            },
            async |_, problems| guarantor_page(app, &renter, id, Submitted::Delete(problems)).await,
        )
        .await
}
