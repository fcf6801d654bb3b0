//! The renter's application form on a listing page: the room, the move-in date, the
//! stay, the guarantors to name, and profile details overridden for this application
//! only (including the renter's own monthly income, counted with the guarantors'),
//! and the list of what a dossier lacks when the listing's requirements are not met.

use chrono::NaiveDate;
use rentmark_domain::ids::ListingId;
use rentmark_domain::marketplace::application::ApplicationInput;
use rentmark_domain::marketplace::dossier::{
    Guarantor, MissingRequirements, ProfileOverridesInput,
};
use rentmark_domain::marketplace::listing::Listing;
use rentmark_domain::validation::ValidationErrors;
use rocket::form::FromForm;

use crate::i18n::Translator;
use crate::pages::format;
use crate::pages::forms::{Choice, Field, Kind, Problems};
use crate::pages::market::{labels, non_blank, optional_int};
use crate::pages::units::amount_text;

/// The application form, as typed.
#[derive(Debug, Clone, Default, FromForm)]
pub struct ApplyForm {
    #[field(default = String::new())]
    room_id: String,
    #[field(default = String::new())]
    move_in_date: String,
    #[field(default = String::new())]
    duration_months: String,
    guarantor_ids: Vec<String>,
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
    monthly_income_eur: String,
    #[field(default = String::new())]
    pub(super) csrf: String,
}

/// The form's name of a field the domain names `field` (`profile_overrides.phone`
/// is the form's `phone`).
pub fn form_field(field: &str) -> String {
    field
        .strip_prefix("profile_overrides.")
        .unwrap_or(field)
        .to_owned()
}

impl ApplyForm {
    /// The form as first shown for `listing`: its first room with a place left, the
    /// later of its availability date and `today`, the room's shortest stay.
    pub fn initial(listing: &Listing, today: NaiveDate) -> Self {
        let room = listing.rooms.iter().find(|r| !r.is_filled());
        Self {
            room_id: room.map(|r| r.id.to_string()).unwrap_or_default(),
            move_in_date: format::iso(listing.availability_date.max(today)),
            duration_months: room
                .map(|r| r.min_duration_months.to_string())
                .unwrap_or_default(),
            ..<Self as Default>::default()
        }
    }

    /// The domain input for `listing`, or the fields that are not even numbers.
    ///
    /// # Errors
    /// `validation.invalid_type` on a stay that is not a whole number.
    pub fn input(&self, listing: ListingId) -> Result<ApplicationInput, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let duration_months = optional_int(&mut errors, "duration_months", &self.duration_months);
        let money = |text: &str| non_blank(&amount_text(text));
        let input = ApplicationInput {
            listing_id: listing.to_string(),
            room_id: non_blank(&self.room_id),
            move_in_date: self.move_in_date.trim().to_owned(),
            duration_months,
            guarantor_ids: self
                .guarantor_ids
                .iter()
                .filter(|g| !g.trim().is_empty())
                .cloned()
                .collect(),
            profile_overrides: Some(ProfileOverridesInput {
                first_name: non_blank(&self.first_name),
                last_name: non_blank(&self.last_name),
                phone: non_blank(&self.phone),
                nationality: non_blank(&self.nationality),
                birth_date: non_blank(&self.birth_date),
                education: non_blank(&self.education),
                budget_eur: money(&self.budget_eur),
                monthly_income_eur: money(&self.monthly_income_eur),
            }),
        };
        errors.finish(|| input)
    }

    /// The form's fields: the rooms with a place left, the renter's `guarantors`.
    pub fn fields(
        &self,
        tr: &Translator,
        listing: &Listing,
        guarantors: &[Guarantor],
    ) -> Vec<Field> {
        let lang = tr.lang();
        let room = [self.room_id.as_str()];
        let rooms = listing
            .rooms
            .iter()
            .filter(|r| !r.is_filled())
            .map(|r| {
                let label = format!(
                    "{} — {} ({})",
                    r.name,
                    format::money(&r.rent, lang),
                    tr.t1("apply-room-places", "count", &r.places_left())
                );
                Choice::new(r.id.to_string(), label, &room)
            })
            .collect();
        let chosen: Vec<&str> = self.guarantor_ids.iter().map(String::as_str).collect();
        let guarantor_choices = guarantors
            .iter()
            .map(|g| {
                let d = &g.details;
                let label = format!(
                    "{} {} ({}, {})",
                    d.first_name,
                    d.last_name,
                    d.relation,
                    format::money(&d.monthly_income, lang)
                );
                Choice::new(g.id.to_string(), label, &chosen)
            })
            .collect();
        let text =
            |kind, name, label: &str, value: &str| Field::new(kind, name, tr.t(label), value);
        let mut fields = vec![
            Field::new(Kind::Select, "room_id", tr.t("field-room"), "")
                .required()
                .choices(rooms),
            text(
                Kind::Date,
                "move_in_date",
                "field-move-in",
                &self.move_in_date,
            )
            .required(),
            text(
                Kind::Number,
                "duration_months",
                "field-duration-months",
                &self.duration_months,
            )
            .required(),
        ];
        let guarantors_field = Field::new(
            Kind::Checkboxes,
            "guarantor_ids",
            tr.t("field-guarantors"),
            "",
        )
        .choices(guarantor_choices);
        fields.push(if guarantors.is_empty() {
            guarantors_field.hint(tr.t("apply-no-guarantors"))
        } else {
            guarantors_field
        });
        fields.extend([
            text(
                Kind::Amount,
                "monthly_income_eur",
                "field-monthly-income",
                &self.monthly_income_eur,
            )
            .hint(tr.t("apply-overrides-hint")),
            text(
                Kind::Text,
                "first_name",
                "field-first-name",
                &self.first_name,
            ),
            text(Kind::Text, "last_name", "field-last-name", &self.last_name),
            text(Kind::Text, "phone", "field-phone", &self.phone),
            text(
                Kind::Text,
                "nationality",
                "field-nationality",
                &self.nationality,
            ),
            text(
                Kind::Date,
                "birth_date",
                "field-birth-date",
                &self.birth_date,
            ),
            text(Kind::Text, "education", "field-education", &self.education),
            text(Kind::Amount, "budget_eur", "field-budget", &self.budget_eur),
        ]);
        fields
    }
}

/// Everything a dossier lacks, one line each, in the renter's language: each missing
/// document, how many more guarantors, and the income shortfall with what is
/// required.
pub fn missing_lines(tr: &Translator, missing: &MissingRequirements) -> Vec<String> {
    let lang = tr.lang();
    let mut lines: Vec<String> = missing
        .documents
        .iter()
        .map(|kind| {
            tr.t1(
                "apply-missing-document",
                "kind",
                &labels::document_kind(tr, *kind),
            )
        })
        .collect();
    if missing.guarantors_missing > 0 {
        lines.push(tr.t1(
            "apply-missing-guarantors",
            "count",
            &missing.guarantors_missing,
        ));
    }
    if let Some(shortfall) = &missing.income_shortfall {
        lines.push(tr.t1(
            "apply-missing-income",
            "amount",
            &format::money(shortfall, lang),
        ));
        if let Some(required) = &missing.income_required {
            lines.push(tr.t1(
                "apply-income-required",
                "amount",
                &format::money(required, lang),
            ));
        }
    }
    lines
}

/// The problems of a refused application whose dossier lacks `missing`: the banner,
/// and next to the guarantors and the income the part that concerns them.
pub fn missing_problems(tr: &Translator, missing: &MissingRequirements) -> Problems {
    let mut problems = Problems::banner(tr.code("application.requirements_not_met"));
    if missing.guarantors_missing > 0 {
        problems.add(
            "guarantor_ids",
            tr.t1(
                "apply-missing-guarantors",
                "count",
                &missing.guarantors_missing,
            ),
        );
    }
    if let Some(shortfall) = &missing.income_shortfall {
        problems.add(
            "monthly_income_eur",
            tr.t1(
                "apply-missing-income",
                "amount",
                &format::money(shortfall, tr.lang()),
            ),
        );
    }
    problems
}
