//! `/properties` (the list and the create form) and `/properties/<id>` (details, edit
//! form, delete button, its units and the create-unit form).

use askama::Template;
use rentmark_domain::ids::PropertyId;
use rentmark_domain::property::{Property, PropertyInput};
use rocket::form::{Form, FromForm};
use rocket::{Route, State, get, post, routes};

use crate::html::Html;
use crate::i18n::Translator;
use crate::pages::auth::TokenForm;
use crate::pages::context::{Layout, Member, PageResult, Reply, path_id};
use crate::pages::forms::{Field, FormView, Kind, Problems};
use crate::pages::pager::{Pager, page_request};
use crate::pages::submit::Submission;
use crate::pages::units::UnitForm;
use crate::pages::{Link, format};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![list, create, show, update, delete, create_unit]
}

/// The property form, as typed.
#[derive(Debug, Clone, Default, FromForm)]
pub struct PropertyForm {
    #[field(default = String::new())]
    name: String,
    #[field(default = String::new())]
    address: String,
    #[field(default = String::new())]
    city: String,
    #[field(default = String::new())]
    description: String,
    #[field(default = String::new())]
    csrf: String,
}

impl PropertyForm {
    fn of(property: &Property) -> Self {
        let d = &property.details;
        Self {
            name: d.name.clone(),
            address: d.address.clone(),
            city: d.city.clone(),
            description: d.description.clone().unwrap_or_default(),
            csrf: String::new(),
        }
    }

    fn input(&self) -> PropertyInput {
        PropertyInput {
            name: self.name.clone(),
            address: self.address.clone(),
            city: self.city.clone(),
            description: Some(self.description.clone()),
        }
    }

    fn fields(&self, tr: &Translator) -> Vec<Field> {
        vec![
            Field::new(
                Kind::Text,
                "name",
                tr.t("field-property-name"),
                self.name.as_str(),
            )
            .required(),
            Field::new(
                Kind::Text,
                "address",
                tr.t("field-address"),
                self.address.as_str(),
            )
            .required(),
            Field::new(Kind::Text, "city", tr.t("field-city"), self.city.as_str()).required(),
            Field::new(
                Kind::TextArea,
                "description",
                tr.t("field-description"),
                self.description.as_str(),
            ),
        ]
    }
}

/// One property in the list.
#[derive(Debug, Clone)]
pub struct PropertyRow {
    /// Its page.
    pub link: Link,
    /// Street address.
    pub address: String,
    /// City.
    pub city: String,
}

/// The properties page.
#[derive(Debug, Template)]
#[template(path = "pages/properties.html")]
pub struct PropertiesPage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// This page of properties.
    pub rows: Vec<PropertyRow>,
    /// Paging links.
    pub pager: Pager,
    /// The create form.
    pub create: FormView,
}

async fn properties_page(
    app: &App,
    member: &Member,
    page: Option<u32>,
    form: &PropertyForm,
    problems: &Problems,
) -> PageResult<PropertiesPage> {
    let tr = &member.tr;
    let properties = app
        .services
        .properties(&member.actor, page_request(page))
        .await?;
    Ok(PropertiesPage {
        tr: tr.clone(),
        layout: member.layout("properties"),
        rows: properties
            .results
            .iter()
            .map(|p| PropertyRow {
                link: Link::new(format!("/properties/{}", p.id), p.details.name.clone()),
                address: p.details.address.clone(),
                city: p.details.city.clone(),
            })
            .collect(),
        pager: Pager::new(tr, &properties, "/properties"),
        create: FormView::new(
            "/properties",
            &member.layout.csrf,
            tr.t("property-create"),
            form.fields(tr),
            problems,
        ),
    })
}

#[get("/properties?<page>")]
async fn list(
    app: &State<App>,
    member: Member,
    page: Option<u32>,
) -> PageResult<Html<PropertiesPage>> {
    Ok(Html(
        properties_page(
            app,
            &member,
            page,
            &<PropertyForm as Default>::default(),
            &Problems::none(),
        )
        .await?,
    ))
}

#[post("/properties", data = "<form>")]
async fn create(
    app: &State<App>,
    member: Member,
    form: Form<PropertyForm>,
) -> PageResult<Reply<PropertiesPage>> {
    Submission::new(&member.tr, member.csrf_ok(app, &form.csrf))
        .run(
            form.into_inner(),
            async |form| {
                let input = form.input();
                let property = app
                    .services
                    .create_property(&member.actor, &input, app.now())
                    .await?;
                Ok(format!("/properties/{}", property.id))
            },
            async |form, problems| properties_page(app, &member, None, &form, &problems).await,
        )
        .await
}

/// One unit in a property's list.
#[derive(Debug, Clone)]
pub struct UnitRow {
    /// Its page.
    pub link: Link,
    /// Bedrooms.
    pub beds: String,
    /// Capacity.
    pub capacity: String,
    /// Asking rent.
    pub rent: String,
}

/// A property's page.
#[derive(Debug, Template)]
#[template(path = "pages/property.html")]
pub struct PropertyPage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// Its name.
    pub name: String,
    /// Street address and city.
    pub address: String,
    /// Free text.
    pub description: Option<String>,
    /// The dashboard filtered on this property.
    pub dashboard: String,
    /// This page of its units.
    pub units: Vec<UnitRow>,
    /// Paging links of the units.
    pub pager: Pager,
    /// The edit form.
    pub edit: FormView,
    /// The create-unit form.
    pub unit_form: FormView,
    /// The delete button.
    pub delete: FormView,
}

/// What a property page shows again after a refused submission: one form as typed,
/// with its problems.
#[derive(Debug, Default)]
enum Submitted {
    /// Nothing: the page as it stands.
    #[default]
    Nothing,
    /// The edit form.
    Edit(PropertyForm, Problems),
    /// The create-unit form.
    Unit(UnitForm, Problems),
    /// The delete button (its message).
    Delete(Problems),
}

async fn property_page(
    app: &App,
    member: &Member,
    id: PropertyId,
    page: Option<u32>,
    submitted: Submitted,
) -> PageResult<PropertyPage> {
    let tr = &member.tr;
    let actor = &member.actor;
    let property = app.services.property(actor, id).await?;
    let units = app.services.units(actor, id, page_request(page)).await?;
    let lang = tr.lang();
    let csrf = &member.layout.csrf;
    let (edit, unit, refused_delete) = match submitted {
        Submitted::Nothing => (None, None, Problems::none()),
        Submitted::Edit(form, problems) => (Some((form, problems)), None, Problems::none()),
        Submitted::Unit(form, problems) => (None, Some((form, problems)), Problems::none()),
        Submitted::Delete(problems) => (None, None, problems),
    };
    let (edit, edit_problems) =
        edit.unwrap_or_else(|| (PropertyForm::of(&property), Problems::none()));
    let (unit, unit_problems) = unit.unwrap_or_default();
    let mut delete = FormView::button(
        format!("/properties/{id}/delete"),
        csrf,
        tr.t("property-delete"),
        "danger",
    );
    delete.banner = refused_delete.banner;
    let d = &property.details;
    Ok(PropertyPage {
        tr: tr.clone(),
        layout: member.layout("properties"),
        name: d.name.clone(),
        address: format!("{}, {}", d.address, d.city),
        description: d.description.clone(),
        dashboard: format!("/dashboard?property_id={id}"),
        units: units
            .results
            .iter()
            .map(|u| UnitRow {
                link: Link::new(format!("/units/{}", u.id), u.details.name.clone()),
                beds: u.details.beds.to_string(),
                capacity: u.details.capacity.to_string(),
                rent: format::money(&u.details.rent, lang),
            })
            .collect(),
        pager: Pager::new(tr, &units, &format!("/properties/{id}")),
        edit: FormView::new(
            format!("/properties/{id}"),
            csrf,
            tr.t("action-save"),
            edit.fields(tr),
            &edit_problems,
        ),
        unit_form: FormView::new(
            format!("/properties/{id}/units"),
            csrf,
            tr.t("unit-create"),
            unit.fields(tr),
            &unit_problems,
        ),
        delete,
    })
}

#[get("/properties/<id>?<page>")]
async fn show(
    app: &State<App>,
    member: Member,
    id: &str,
    page: Option<u32>,
) -> PageResult<Html<PropertyPage>> {
    let id = path_id(id, "property.not_found")?;
    Ok(Html(
        property_page(app, &member, id, page, Submitted::default()).await?,
    ))
}

#[post("/properties/<id>", data = "<form>")]
async fn update(
    app: &State<App>,
    member: Member,
    id: &str,
    form: Form<PropertyForm>,
) -> PageResult<Reply<PropertyPage>> {
    let id: PropertyId = path_id(id, "property.not_found")?;
    Submission::new(&member.tr, member.csrf_ok(app, &form.csrf))
        .run(
            form.into_inner(),
            async |form| {
                app.services
                    .update_property(&member.actor, id, &form.input(), app.now())
                    .await?;
                Ok(format!("/properties/{id}"))
            },
            async |form, problems| {
                let submitted = Submitted::Edit(form, problems);
                property_page(app, &member, id, None, submitted).await
            },
        )
        .await
}

#[post("/properties/<id>/delete", data = "<form>")]
async fn delete(
    app: &State<App>,
    member: Member,
    id: &str,
    form: Form<TokenForm>,
) -> PageResult<Reply<PropertyPage>> {
    let id: PropertyId = path_id(id, "property.not_found")?;
    Submission::new(&member.tr, member.csrf_ok(app, &form.csrf))
        .showing_refusals()
        .run(
            form.into_inner(),
            async |_| {
                app.services.delete_properties(&member.actor, &[id]).await?;
                Ok("/properties".to_owned())
            },
            async |_, problems| {
                let submitted = Submitted::Delete(problems);
                property_page(app, &member, id, None, submitted).await
            },
        )
        .await
}

#[post("/properties/<id>/units", data = "<form>")]
async fn create_unit(
    app: &State<App>,
    member: Member,
    id: &str,
    form: Form<UnitForm>,
) -> PageResult<Reply<PropertyPage>> {
    let id: PropertyId = path_id(id, "property.not_found")?;
    Submission::new(&member.tr, member.csrf_ok(app, &form.csrf))
        .run(
            form.into_inner(),
            async |form| {
                let input = form.input(member.actor.org.currency)?;
                app.services
                    .create_unit(&member.actor, id, &input, app.now())
                    .await?;
                Ok(format!("/properties/{id}"))
            },
            async |form, problems| {
                let submitted = Submitted::Unit(form, problems);
                property_page(app, &member, id, None, submitted).await
            },
        )
        .await
}
