//! `/units/<id>`: a unit's details, its edit form, its delete button and its tenant
//! history (who lived there, move-in, move-out, whether they still do). The unit form
//! itself (also used to create a unit from its property's page) lives here.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use askama::Template;
use rentmark_domain::calendar::local_date;
use rentmark_domain::ids::{TenantId, UnitId};
use rentmark_domain::money::Currency;
use rentmark_domain::property::{DecimalText, Unit, UnitInput};
use rentmark_domain::validation::ValidationErrors;
use rocket::form::{Form, FromForm};
use rocket::{Route, State, get, post, routes};
use rust_decimal::Decimal;

use crate::api::envelope::INVALID_TYPE;
use crate::html::Html;
use crate::i18n::Translator;
use crate::pages::auth::TokenForm;
use crate::pages::context::{Layout, Member, PageError, PageResult, Reply, path_id};
use crate::pages::forms::{Field, FormView, Kind, Problems};
use crate::pages::submit::Submission;
use crate::pages::{Link, format};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![show, update, delete]
}

/// The unit form, as typed.
#[derive(Debug, Clone, Default, FromForm)]
pub struct UnitForm {
    #[field(default = String::new())]
    name: String,
    #[field(default = String::new())]
    beds: String,
    #[field(default = String::new())]
    baths: String,
    #[field(default = String::new())]
    sq_ft: String,
    #[field(default = String::new())]
    capacity: String,
    #[field(default = String::new())]
    rent: String,
    #[field(default = String::new())]
    charges: String,
    #[field(default = String::new())]
    deposit: String,
    /// The CSRF token.
    #[field(default = String::new())]
    pub csrf: String,
}

/// An amount as typed: a French decimal comma is accepted (`720,50`).
pub fn amount_text(text: &str) -> String {
    let text = text.trim();
    if text.contains(',') && !text.contains('.') && text.matches(',').count() == 1 {
        text.replace(',', ".")
    } else {
        text.to_owned()
    }
}

fn optional_number<T: std::str::FromStr>(
    errors: &mut ValidationErrors,
    field: &str,
    text: &str,
) -> Option<T> {
    let text = amount_text(text);
    if text.is_empty() {
        return None;
    }
    errors.check(field, text.parse::<T>(), |_| INVALID_TYPE)
}

impl UnitForm {
    /// The form of an existing unit.
    pub fn of(unit: &Unit) -> Self {
        let d = &unit.details;
        Self {
            name: d.name.clone(),
            beds: d.beds.to_string(),
            baths: d.baths.to_string(),
            sq_ft: d.sq_ft.map(|s| s.to_string()).unwrap_or_default(),
            capacity: d.capacity.to_string(),
            rent: d.rent.to_string(),
            charges: d.charges.to_string(),
            deposit: d.deposit.to_string(),
            csrf: String::new(),
        }
    }

    /// The domain input, or every bad field (numbers that are not numbers, and what
    /// the domain refuses) so that the form shows all of them at once.
    ///
    /// # Errors
    /// Every invalid field.
    pub fn input(&self, currency: Currency) -> Result<UnitInput, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let input = UnitInput {
            name: self.name.clone(),
            beds: optional_number(&mut errors, "beds", &self.beds),
            baths: optional_number::<Decimal>(&mut errors, "baths", &self.baths)
                .map(DecimalText::Number),
            sq_ft: optional_number(&mut errors, "sq_ft", &self.sq_ft),
            capacity: optional_number(&mut errors, "capacity", &self.capacity),
            rent: amount_text(&self.rent),
            charges: Some(amount_text(&self.charges)),
            deposit: Some(amount_text(&self.deposit)),
        };
        if let Err(more) = input.parse(currency) {
            errors.errors.extend(more.errors);
        }
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }

    /// The fields of the form.
    pub fn fields(&self, tr: &Translator) -> Vec<Field> {
        vec![
            Field::new(
                Kind::Text,
                "name",
                tr.t("field-unit-name"),
                self.name.as_str(),
            )
            .required(),
            Field::new(Kind::Number, "beds", tr.t("field-beds"), self.beds.as_str()),
            Field::new(
                Kind::Amount,
                "baths",
                tr.t("field-baths"),
                self.baths.as_str(),
            ),
            Field::new(
                Kind::Number,
                "sq_ft",
                tr.t("field-sq-ft"),
                self.sq_ft.as_str(),
            ),
            Field::new(
                Kind::Number,
                "capacity",
                tr.t("field-capacity"),
                self.capacity.as_str(),
            ),
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
        ]
    }
}

/// One row of a unit's tenant history.
#[derive(Debug, Clone)]
pub struct HistoryRow {
    /// The tenant.
    pub tenant: Link,
    /// The lease.
    pub lease: Link,
    /// Move-in date.
    pub move_in: String,
    /// Move-out date or a dash.
    pub move_out: String,
    /// Lives there today.
    pub active: bool,
}

/// The unit page.
#[derive(Debug, Template)]
#[template(path = "pages/unit.html")]
pub struct UnitPage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// The unit's name.
    pub name: String,
    /// Its property.
    pub property: Link,
    /// Label and value pairs.
    pub facts: Vec<(String, String)>,
    /// The tenant history, latest first.
    pub history: Vec<HistoryRow>,
    /// The edit form.
    pub edit: FormView,
    /// The delete button.
    pub delete: FormView,
}

/// What the unit page shows again after a refused submission: one form as typed,
/// with its problems.
#[derive(Debug, Default)]
#[expect(
    clippy::large_enum_variant,
    reason = "one value per request, moved once into the page"
)]
enum Submitted {
    /// Nothing: the page as it stands.
    #[default]
    Nothing,
    /// The edit form.
    Edit(UnitForm, Problems),
    /// The delete button (its message).
    Delete(Problems),
}

async fn unit_page(
    app: &App,
    member: &Member,
    id: UnitId,
    submitted: Submitted,
) -> PageResult<UnitPage> {
    let tr = &member.tr;
    let actor = &member.actor;
    let unit = app.services.unit(actor, id).await?;
    let property = app.services.property(actor, unit.property_id).await?;
    let records = app.services.unit_history(actor, id).await?;
    let today = local_date(app.now(), actor.org.timezone);
    let mut names: HashMap<TenantId, String> = HashMap::new();
    let mut history = Vec::with_capacity(records.len());
    for record in records.iter().rev() {
        if let Entry::Vacant(slot) = names.entry(record.tenant_id) {
            slot.insert(
                app.services
                    .tenant(actor, record.tenant_id)
                    .await?
                    .details
                    .full_name,
            );
        }
        history.push(HistoryRow {
            tenant: Link::new(
                format!("/tenants/{}", record.tenant_id),
                names.get(&record.tenant_id).cloned().unwrap_or_default(),
            ),
            lease: Link::new(
                format!("/leases/{}", record.lease_id),
                tr.t("unit-history-lease"),
            ),
            move_in: format::date(tr, record.move_in),
            move_out: format::date_or_dash(tr, record.move_out),
            active: record.is_active_on(today),
        });
    }
    let lang = tr.lang();
    let d = &unit.details;
    let facts = vec![
        (tr.t("field-beds"), d.beds.to_string()),
        (
            tr.t("field-baths"),
            format::decimal_one_place(d.baths, lang),
        ),
        (
            tr.t("field-sq-ft"),
            d.sq_ft.map_or_else(|| "—".to_owned(), |s| s.to_string()),
        ),
        (tr.t("field-capacity"), d.capacity.to_string()),
        (tr.t("field-rent"), format::money(&d.rent, lang)),
        (tr.t("field-charges"), format::money(&d.charges, lang)),
        (tr.t("field-deposit"), format::money(&d.deposit, lang)),
    ];
    let (edit, refused_delete) = match submitted {
        Submitted::Nothing => (None, Problems::none()),
        Submitted::Edit(form, problems) => (Some((form, problems)), Problems::none()),
        Submitted::Delete(problems) => (None, problems),
    };
    let (form, problems) = edit.unwrap_or_else(|| (UnitForm::of(&unit), Problems::none()));
    let csrf = &member.layout.csrf;
    Ok(UnitPage {
        tr: tr.clone(),
        layout: member.layout("properties"),
        name: d.name.clone(),
        property: Link::new(
            format!("/properties/{}", property.id),
            property.details.name,
        ),
        facts,
        history,
        edit: FormView::new(
            format!("/units/{id}"),
            csrf,
            tr.t("action-save"),
            form.fields(tr),
            &problems,
        ),
        delete: {
            let mut button = FormView::button(
                format!("/units/{id}/delete"),
                csrf,
                tr.t("unit-delete"),
                "danger",
            );
            button.banner = refused_delete.banner;
            button
        },
    })
}

#[get("/units/<id>")]
async fn show(app: &State<App>, member: Member, id: &str) -> PageResult<Html<UnitPage>> {
    let id = path_id(id, "unit.not_found")?;
    Ok(Html(
        unit_page(app, &member, id, Submitted::default()).await?,
    ))
}

#[post("/units/<id>", data = "<form>")]
async fn update(
    app: &State<App>,
    member: Member,
    id: &str,
    form: Form<UnitForm>,
) -> PageResult<Reply<UnitPage>> {
    let id: UnitId = path_id(id, "unit.not_found")?;
    Submission::new(&member.tr, member.csrf_ok(app, &form.csrf))
        .run(
            form.into_inner(),
            async |form| {
                let input = form.input(member.actor.org.currency)?;
                app.services
                    .update_unit(&member.actor, id, &input, app.now())
                    .await?;
                Ok(format!("/units/{id}"))
            },
            async |form, problems| {
                unit_page(app, &member, id, Submitted::Edit(form, problems)).await
            },
        )
        .await
}

#[post("/units/<id>/delete", data = "<form>")]
async fn delete(
    app: &State<App>,
    member: Member,
    id: &str,
    form: Form<TokenForm>,
) -> PageResult<Reply<UnitPage>> {
    let id: UnitId = path_id(id, "unit.not_found")?;
    Submission::new(&member.tr, member.csrf_ok(app, &form.csrf))
        .showing_refusals()
        .run(
            form.into_inner(),
            async |_| {
                // Read first: where to go once it is gone (a failure is the error page).
                let unit = app
                    .services
                    .unit(&member.actor, id)
                    .await
                    .map_err(PageError::from)?;
                app.services.delete_unit(&member.actor, id).await?;
                Ok(format!("/properties/{}", unit.property_id))
            },
            async |_, problems| unit_page(app, &member, id, Submitted::Delete(problems)).await,
        )
        .await
}
