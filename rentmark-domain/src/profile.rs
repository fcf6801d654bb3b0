//! User profiles: what a renter or a landlord tells about themselves beyond their
//! sign-in address, and the partial update that changes it (`PUT /users/me`).
//!
//! Which fields exist depends on the account role: a renter has a name, phone,
//! nationality, birth date, education and budget; a landlord a contact name and a
//! phone, plus the name of the organization they own (stored on the organization,
//! not in the profile). A field of another role, or an unknown one, is refused.
//!
//! Updates are partial: an absent field keeps its value, `null` or an empty string
//! clears an optional field. The organization name cannot be cleared.

use std::fmt;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::money::{Currency, Money};
use crate::user::AccountRole;
use crate::validation::{ValidationErrors, codes, optional_text, required_text};

/// The youngest age (in whole years, on the day of the update) a birth date may give.
pub const MIN_AGE: u32 = 16;
/// The oldest age a birth date may give.
pub const MAX_AGE: u32 = 120;

/// Profile-specific validation codes (i18n keys).
pub mod profile_codes {
    /// A birth date in the future, or giving an age outside 16-120 years.
    pub const AGE_OUT_OF_RANGE: &str = "validation.age_out_of_range";
    /// A JSON value that is not a string (or null) where text was expected.
    pub const INVALID_TYPE: &str = "validation.invalid_type";
}

/// What a user tells about themselves. Every field is optional; which ones a user
/// may set depends on their role ([`ProfileField::allowed_for`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// A renter's first name, 1-100 characters.
    pub first_name: Option<String>,
    /// A renter's last name, 1-100 characters.
    pub last_name: Option<String>,
    /// A phone number, at most 40 characters (both roles).
    pub phone: Option<String>,
    /// A renter's nationality, at most 100 characters.
    pub nationality: Option<String>,
    /// A renter's birth date (age 16-120 when set).
    pub birth_date: Option<NaiveDate>,
    /// A renter's education (school, degree), at most 200 characters.
    pub education: Option<String>,
    /// A renter's monthly budget, in euros, not negative.
    pub budget: Option<Money>,
    /// A landlord's contact name, at most 200 characters.
    pub contact_name: Option<String>,
}

impl Profile {
    /// The value of `field` as the API shows it (money `"720.00"`, dates
    /// `YYYY-MM-DD`); `None` when unset, and always for
    /// [`ProfileField::OrgName`], which lives on the organization.
    pub fn value(&self, field: ProfileField) -> Option<String> {
        match field {
            ProfileField::FirstName => self.first_name.clone(),
            ProfileField::LastName => self.last_name.clone(),
            ProfileField::Phone => self.phone.clone(),
            ProfileField::Nationality => self.nationality.clone(),
            ProfileField::BirthDate => self.birth_date.map(|d| d.format("%Y-%m-%d").to_string()),
            ProfileField::Education => self.education.clone(),
            ProfileField::BudgetEur => self.budget.map(|m| m.to_string()),
            ProfileField::ContactName => self.contact_name.clone(),
            ProfileField::OrgName => None,
        }
    }
}

/// A field of `PUT /users/me`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProfileField {
    /// `first_name` (renters).
    FirstName,
    /// `last_name` (renters).
    LastName,
    /// `phone` (everyone).
    Phone,
    /// `nationality` (renters).
    Nationality,
    /// `birth_date` (renters).
    BirthDate,
    /// `education` (renters).
    Education,
    /// `budget_eur` (renters).
    BudgetEur,
    /// `org_name` (landlords: renames the organization they own).
    OrgName,
    /// `contact_name` (landlords, admins).
    ContactName,
}

impl ProfileField {
    /// Every field, in the order the API lists them.
    pub const ALL: [Self; 9] = [
        Self::FirstName,
        Self::LastName,
        Self::Phone,
        Self::Nationality,
        Self::BirthDate,
        Self::Education,
        Self::BudgetEur,
        Self::OrgName,
        Self::ContactName,
    ];

    /// The name in JSON bodies.
    pub const fn name(self) -> &'static str {
        match self {
            Self::FirstName => "first_name",
            Self::LastName => "last_name",
            Self::Phone => "phone",
            Self::Nationality => "nationality",
            Self::BirthDate => "birth_date",
            Self::Education => "education",
            Self::BudgetEur => "budget_eur",
            Self::OrgName => "org_name",
            Self::ContactName => "contact_name",
        }
    }

    /// The field called `name`, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether a user of `role` may set this field.
    pub const fn allowed_for(self, role: AccountRole) -> bool {
        match role {
            AccountRole::Tenant => matches!(
                self,
                Self::FirstName
                    | Self::LastName
                    | Self::Phone
                    | Self::Nationality
                    | Self::BirthDate
                    | Self::Education
                    | Self::BudgetEur
            ),
            AccountRole::Landlord => {
                matches!(self, Self::OrgName | Self::ContactName | Self::Phone)
            }
            AccountRole::Admin => matches!(self, Self::ContactName | Self::Phone),
        }
    }

    /// The fields of `role` that the profile itself holds (not `org_name`), in API
    /// order: what `GET /users/me` shows under `profile`.
    pub fn shown_for(role: AccountRole) -> impl Iterator<Item = Self> {
        Self::ALL
            .into_iter()
            .filter(move |f| f.allowed_for(role) && *f != Self::OrgName)
    }
}

/// One field of a partial update as sent: `null`, a string, or another JSON value
/// (a number, a list...), which is refused field by field rather than failing the
/// whole body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldPatch {
    /// `null`: clears the field.
    Null,
    /// A string (blank clears an optional field).
    Text(String),
    /// Anything else.
    NotText,
}

impl FieldPatch {
    /// `Ok(None)` to clear, `Ok(Some(trimmed))` to set.
    fn value(&self) -> Result<Option<&str>, &'static str> {
        match self {
            Self::Null => Ok(None),
            Self::Text(text) => Ok(Some(text.trim()).filter(|t| !t.is_empty())),
            Self::NotText => Err(profile_codes::INVALID_TYPE),
        }
    }
}

impl<'de> Deserialize<'de> for FieldPatch {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PatchVisitor;

        impl<'de> Visitor<'de> for PatchVisitor {
            type Value = FieldPatch;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or null")
            }

            fn visit_unit<E: de::Error>(self) -> Result<FieldPatch, E> {
                Ok(FieldPatch::Null)
            }

            fn visit_none<E: de::Error>(self) -> Result<FieldPatch, E> {
                Ok(FieldPatch::Null)
            }

            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<FieldPatch, D::Error> {
                FieldPatch::deserialize(d)
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<FieldPatch, E> {
                Ok(FieldPatch::Text(v.to_owned()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<FieldPatch, E> {
                Ok(FieldPatch::Text(v))
            }

            fn visit_bool<E: de::Error>(self, _: bool) -> Result<FieldPatch, E> {
                Ok(FieldPatch::NotText)
            }

            fn visit_i64<E: de::Error>(self, _: i64) -> Result<FieldPatch, E> {
                Ok(FieldPatch::NotText)
            }

            fn visit_u64<E: de::Error>(self, _: u64) -> Result<FieldPatch, E> {
                Ok(FieldPatch::NotText)
            }

            fn visit_f64<E: de::Error>(self, _: f64) -> Result<FieldPatch, E> {
                Ok(FieldPatch::NotText)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FieldPatch, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(FieldPatch::NotText)
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FieldPatch, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(FieldPatch::NotText)
            }
        }

        deserializer.deserialize_any(PatchVisitor)
    }
}

/// A partial profile update as sent: the fields present in the body, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileInput {
    /// `(field name, value)` for every field present.
    pub fields: Vec<(String, FieldPatch)>,
}

impl ProfileInput {
    /// An update of the given fields (form handlers and tests).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, FieldPatch)>) -> Self {
        Self {
            fields: pairs
                .into_iter()
                .map(|(name, patch)| (name.to_owned(), patch))
                .collect(),
        }
    }

    /// Applies the update to `current` for a user of `role`, `today` being the day of
    /// the request (for the age check).
    ///
    /// # Errors
    /// Every invalid field: `validation.invalid_choice` for an unknown field or one
    /// of another role; `validation.invalid_type` for a value that is not a string
    /// or null; `validation.too_long`; `validation.invalid_date` and
    /// `validation.age_out_of_range` for the birth date; `validation.invalid_amount`
    /// and `validation.must_not_be_negative` for the budget; `validation.required`
    /// when the organization name is blank or null.
    pub fn apply(
        &self,
        role: AccountRole,
        current: &Profile,
        today: NaiveDate,
    ) -> Result<ProfileChange, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let mut profile = current.clone();
        let mut org_name = None;
        for (name, patch) in &self.fields {
            let Some(field) = ProfileField::from_name(name).filter(|f| f.allowed_for(role)) else {
                errors.add(name.clone(), codes::INVALID_CHOICE);
                continue;
            };
            let text = |max| patch.value().and_then(|v| optional_text(v, max));
            let result = match field {
                ProfileField::FirstName => text(100).map(|v| profile.first_name = v),
                ProfileField::LastName => text(100).map(|v| profile.last_name = v),
                ProfileField::Phone => text(40).map(|v| profile.phone = v),
                ProfileField::Nationality => text(100).map(|v| profile.nationality = v),
                ProfileField::Education => text(200).map(|v| profile.education = v),
                ProfileField::ContactName => text(200).map(|v| profile.contact_name = v),
                ProfileField::BirthDate => patch
                    .value()
                    .and_then(|v| v.map(|t| birth_date(t, today)).transpose())
                    .map(|v| profile.birth_date = v),
                ProfileField::BudgetEur => patch
                    .value()
                    .and_then(|v| v.map(budget).transpose())
                    .map(|v| profile.budget = v),
                ProfileField::OrgName => patch
                    .value()
                    .and_then(|v| required_text(v.unwrap_or_default(), 200))
                    .map(|v| org_name = Some(v)),
            };
            if let Err(code) = result {
                errors.add(name.clone(), code);
            }
        }
        errors.finish(|| ProfileChange { profile, org_name })
    }
}

/// A validated update: the new profile and, when `org_name` was sent, the new name
/// of the organization the landlord owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileChange {
    /// The profile after the update.
    pub profile: Profile,
    /// The organization's new name, when sent.
    pub org_name: Option<String>,
}

/// Parses a birth date and checks the age it gives on `today`.
fn birth_date(text: &str, today: NaiveDate) -> Result<NaiveDate, &'static str> {
    let date = crate::lease::parse_date(text)?;
    match today.years_since(date) {
        Some(age) if date < today && (MIN_AGE..=MAX_AGE).contains(&age) => Ok(date),
        _ => Err(profile_codes::AGE_OUT_OF_RANGE),
    }
}

/// Parses a budget in euros, not negative.
fn budget(text: &str) -> Result<Money, &'static str> {
    let money = Money::parse(text, Currency::Eur).map_err(|_| codes::INVALID_AMOUNT)?;
    if money.is_negative() {
        Err(codes::MUST_NOT_BE_NEGATIVE)
    } else {
        Ok(money)
    }
}

impl<'de> Deserialize<'de> for ProfileInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InputVisitor;

        impl<'de> Visitor<'de> for InputVisitor {
            type Value = ProfileInput;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of profile fields")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ProfileInput, A::Error> {
                let mut fields = Vec::new();
                while let Some((name, patch)) = map.next_entry::<String, FieldPatch>()? {
                    fields.push((name, patch));
                }
                Ok(ProfileInput { fields })
            }
        }

        deserializer.deserialize_map(InputVisitor)
    }
}

#[cfg(test)]
mod tests;
