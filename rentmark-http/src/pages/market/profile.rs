//! `/renter/profile`: what a renter tells landlords about themselves (name, phone,
//! nationality, birth date, education, budget). Every field is sent; a blank one
//! clears it. An application may override these details without changing them.

use rentmark_domain::profile::{FieldPatch, Profile, ProfileField, ProfileInput};
use rocket::form::{Form, FromForm};
use rocket::{Route, State, get, post, routes};

use crate::html::Html;
use crate::i18n::Translator;
use crate::pages::FormPage;
use crate::pages::context::{PageResult, Reply};
use crate::pages::forms::{Field, FormView, Kind, Problems};
use crate::pages::submit::Submission;
use crate::pages::units::amount_text;
use crate::pages::viewers::Renter;
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![show, save]
}

/// The profile form, as typed.
#[derive(Debug, Clone, Default, FromForm)]
pub struct ProfileForm {
    #[field(default = String::new())]
    first_name: String,
    #[field(default = String::new())]
    last_name: String,
    #[field(default = String::new())]
    phone: String,
    #[field(default = String::new())]
    nationality: String,
    #[field(default = String::new())]
    birth_date: String,
    #[field(default = String::new())]
    education: String,
    #[field(default = String::new())]
    budget_eur: String,
    #[field(default = String::new())]
    csrf: String,
}

impl ProfileForm {
    fn of(profile: &Profile) -> Self {
        let value = |field| profile.value(field).unwrap_or_default();
        Self {
            first_name: value(ProfileField::FirstName),
            last_name: value(ProfileField::LastName),
            phone: value(ProfileField::Phone),
            nationality: value(ProfileField::Nationality),
            birth_date: value(ProfileField::BirthDate),
            education: value(ProfileField::Education),
            budget_eur: value(ProfileField::BudgetEur),
            csrf: String::new(),
        }
    }

    fn input(&self) -> ProfileInput {
        let text = |value: &str| FieldPatch::Text(value.to_owned());
        ProfileInput::from_pairs([
            ("first_name", text(&self.first_name)),
            ("last_name", text(&self.last_name)),
            ("phone", text(&self.phone)),
            ("nationality", text(&self.nationality)),
            ("birth_date", text(&self.birth_date)),
            ("education", text(&self.education)),
            ("budget_eur", text(&amount_text(&self.budget_eur))),
        ])
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
            ),
            field(Kind::Text, "last_name", "field-last-name", &self.last_name),
            field(Kind::Text, "phone", "field-phone", &self.phone),
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
            field(Kind::Text, "education", "field-education", &self.education),
            field(Kind::Amount, "budget_eur", "field-budget", &self.budget_eur),
        ]
    }
}

fn profile_page(renter: &Renter, form: &ProfileForm, problems: &Problems, saved: bool) -> FormPage {
    let tr = &renter.tr;
    FormPage {
        tr: tr.clone(),
        layout: renter.layout("profile"),
        title: tr.t("profile-title"),
        intro: Some(if saved {
            tr.t("profile-saved")
        } else {
            tr.t("profile-intro")
        }),
        form: FormView::new(
            "/renter/profile",
            &renter.layout.csrf,
            tr.t("action-save"),
            form.fields(tr),
            problems,
        ),
        links: Vec::new(),
    }
}

#[get("/renter/profile?<saved>")]
async fn show(app: &State<App>, renter: Renter, saved: Option<bool>) -> PageResult<Html<FormPage>> {
    let profile = app.services.profile(renter.user.id).await?;
    let form = ProfileForm::of(&profile);
    Ok(Html(profile_page(
        &renter,
        &form,
        &Problems::none(),
        saved.unwrap_or(false),
    )))
}

#[post("/renter/profile", data = "<form>")]
async fn save(
    app: &State<App>,
    renter: Renter,
    form: Form<ProfileForm>,
) -> PageResult<Reply<FormPage>> {
    Submission::new(&renter.tr, renter.csrf_ok(app, &form.csrf))
        .run(
            form.into_inner(),
            async |form| {
                app.services
                    .update_profile(&renter.user, &form.input(), None, app.now())
                    .await?;
                Ok("/renter/profile?saved=true".to_owned())
            },
            async |form, problems| Ok(profile_page(&renter, &form, &problems, false)),
        )
        .await
}
