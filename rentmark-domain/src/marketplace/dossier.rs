//! The renter's dossier: guarantors kept once and picked per application, documents
//! by kind, profile details that may be overridden for one application, and the
//! check against a listing's requirements that says exactly what is missing.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::ids::{GuarantorId, UserId};
use crate::lease::parse_date;
use crate::marketplace::listing::{DocumentKind, Requirements, Room};
use crate::money::{Currency, Money};
use crate::property::non_negative_amount;
use crate::user::Email;
use crate::validation::{ValidationErrors, codes, optional_text, required_text};

/// A guarantor (a person vouching for the renter's rent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guarantor {
    /// Its id.
    pub id: GuarantorId,
    /// The renter who keeps it.
    pub owner: UserId,
    /// Validated details.
    pub details: GuarantorDetails,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A guarantor's details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuarantorDetails {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Relation to the renter (`parent`, `friend`, `employer`, ...).
    pub relation: String,
    /// Contact address.
    pub email: Option<Email>,
    /// Contact phone.
    pub phone: Option<String>,
    /// Monthly net income.
    pub monthly_income: Money,
    /// Nationality.
    pub nationality: Option<String>,
    /// Birth date.
    pub birth_date: Option<NaiveDate>,
}

/// A guarantor as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GuarantorInput {
    /// First name, 1-100 characters.
    #[serde(default)]
    pub first_name: String,
    /// Last name, 1-100 characters.
    #[serde(default)]
    pub last_name: String,
    /// Relation, 1-50 characters.
    #[serde(default)]
    pub relation: String,
    /// Contact address.
    #[serde(default)]
    pub email: Option<String>,
    /// Contact phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Monthly net income, decimal string (default 0).
    #[serde(default)]
    pub income_eur: Option<String>,
    /// Nationality.
    #[serde(default)]
    pub nationality: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub birth_date: Option<String>,
}

fn past_birth_date(
    text: Option<&str>,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, &'static str> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => {
            let date = parse_date(text)?;
            let age = today.year() - date.year();
            if date >= today || !(16..=120).contains(&age) {
                Err(codes::OUT_OF_RANGE)
            } else {
                Ok(Some(date))
            }
        }
    }
}

impl GuarantorInput {
    /// Validates every field; `today` bounds the birth date.
    ///
    /// # Errors
    /// Every invalid field.
    pub fn parse(
        &self,
        currency: Currency,
        today: NaiveDate,
    ) -> Result<GuarantorDetails, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let first_name = errors.check("first_name", required_text(&self.first_name, 100), |c| c);
        let last_name = errors.check("last_name", required_text(&self.last_name, 100), |c| c);
        let relation = errors.check("relation", required_text(&self.relation, 50), |c| c);
        let email = match self.email.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(text) => errors.check("email", Email::parse(text), |c| c).map(Some),
        };
        let phone = errors.check("phone", optional_text(self.phone.as_deref(), 40), |c| c);
        let income = errors.check(
            "income_eur",
            non_negative_amount(self.income_eur.as_deref(), currency),
            |c| c,
        );
        let nationality = errors.check(
            "nationality",
            optional_text(self.nationality.as_deref(), 100),
            |c| c,
        );
        let birth_date = errors.check(
            "birth_date",
            past_birth_date(self.birth_date.as_deref(), today),
            |c| c,
        );
        let details = (|| {
            Some(GuarantorDetails {
                first_name: first_name?,
                last_name: last_name?,
                relation: relation?,
                email: email?,
                phone: phone?,
                monthly_income: income?,
                nationality: nationality?,
                birth_date: birth_date?,
            })
        })();
        match details {
            Some(details) if errors.is_empty() => Ok(details),
            _ => Err(errors),
        }
    }
}

/// Profile details a renter overrides for one application, without changing their
/// profile.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProfileOverrides {
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Nationality.
    pub nationality: Option<String>,
    /// Birth date.
    pub birth_date: Option<NaiveDate>,
    /// Education.
    pub education: Option<String>,
    /// Monthly budget.
    pub budget: Option<Money>,
    /// The applicant's own monthly income (counted with the guarantors' for the
    /// income requirement).
    pub monthly_income: Option<Money>,
}

/// Overrides as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProfileOverridesInput {
    /// First name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Nationality.
    #[serde(default)]
    pub nationality: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub birth_date: Option<String>,
    /// Education.
    #[serde(default)]
    pub education: Option<String>,
    /// Decimal string.
    #[serde(default)]
    pub budget_eur: Option<String>,
    /// Decimal string.
    #[serde(default)]
    pub monthly_income_eur: Option<String>,
}

impl ProfileOverridesInput {
    /// Validates the overrides into `errors` (fields as `profile_overrides.name`).
    pub fn parse(
        &self,
        today: NaiveDate,
        errors: &mut ValidationErrors,
    ) -> Option<ProfileOverrides> {
        let text = |errors: &mut ValidationErrors, name: &str, value: Option<&str>, max: usize| {
            errors.check(
                &format!("profile_overrides.{name}"),
                optional_text(value, max),
                |c| c,
            )
        };
        let money = |errors: &mut ValidationErrors, name: &str, value: Option<&str>| match value
            .map(str::trim)
        {
            None | Some("") => Some(None),
            Some(v) => errors
                .check(
                    &format!("profile_overrides.{name}"),
                    non_negative_amount(Some(v), Currency::Eur),
                    |c| c,
                )
                .map(Some),
        };
        let first_name = text(errors, "first_name", self.first_name.as_deref(), 100);
        let last_name = text(errors, "last_name", self.last_name.as_deref(), 100);
        let phone = text(errors, "phone", self.phone.as_deref(), 40);
        let nationality = text(errors, "nationality", self.nationality.as_deref(), 100);
        let birth_date = errors.check(
            "profile_overrides.birth_date",
            past_birth_date(self.birth_date.as_deref(), today),
            |c| c,
        );
        let education = text(errors, "education", self.education.as_deref(), 200);
        let budget = money(errors, "budget_eur", self.budget_eur.as_deref());
        let monthly_income = money(
            errors,
            "monthly_income_eur",
            self.monthly_income_eur.as_deref(),
        );
        Some(ProfileOverrides {
            first_name: first_name?,
            last_name: last_name?,
            phone: phone?,
            nationality: nationality?,
            birth_date: birth_date?,
            education: education?,
            budget: budget?,
            monthly_income: monthly_income?,
        })
    }
}

/// What a renter brings to one application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dossier {
    /// Kinds of the documents in their dossier.
    pub documents: BTreeSet<DocumentKind>,
    /// The guarantors named on the application.
    pub guarantors: Vec<GuarantorDetails>,
    /// The applicant's own monthly income, if given.
    pub applicant_income: Option<Money>,
}

/// Everything a dossier lacks for a listing (the 422 answer lists it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingRequirements {
    /// Required document kinds the dossier does not hold.
    pub documents: Vec<DocumentKind>,
    /// How many more guarantors are needed.
    pub guarantors_missing: u32,
    /// The combined income required, when the listing sets a multiplier.
    pub income_required: Option<Money>,
    /// How much the combined income falls short of it.
    pub income_shortfall: Option<Money>,
}

impl MissingRequirements {
    /// Whether nothing is missing.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty() && self.guarantors_missing == 0 && self.income_shortfall.is_none()
    }
}

/// Checks a dossier against a listing's requirements for `room`.
///
/// Income rule: the applicant's income plus every named guarantor's must reach
/// `income_min_multiplier x (rent + charges)` of the room, rounded to the cent.
///
/// # Errors
/// [`MissingRequirements`] listing exactly what is missing.
pub fn check_requirements(
    requirements: &Requirements,
    room: &Room,
    dossier: &Dossier,
) -> Result<(), MissingRequirements> {
    let currency = room.rent.currency();
    let documents: Vec<DocumentKind> = requirements
        .documents
        .difference(&dossier.documents)
        .copied()
        .collect();
    let named = u32::try_from(dossier.guarantors.len()).unwrap_or(u32::MAX);
    let guarantors_missing = requirements.guarantor_required_count.saturating_sub(named);
    let (income_required, income_shortfall) = match requirements.income_min_multiplier {
        None => (None, None),
        Some(multiplier) => {
            let monthly = room.rent.amount() + room.charges.amount();
            let mut required = (monthly * multiplier)
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            required.rescale(2);
            let required = Money::from_decimal(required, currency).unwrap_or(Money::zero(currency));
            let combined: i64 = dossier.applicant_income.map_or(0, |m| m.cents())
                + dossier
                    .guarantors
                    .iter()
                    .map(|g| g.monthly_income.cents())
                    .sum::<i64>();
            let shortfall = required.cents() - combined;
            (
                Some(required),
                (shortfall > 0).then(|| Money::from_cents(shortfall, currency)),
            )
        }
    };
    let missing = MissingRequirements {
        documents,
        guarantors_missing,
        income_required,
        income_shortfall,
    };
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing)
    }
}

/// A multiplier expressed as a decimal (helper for callers building requirements).
pub fn multiplier(text: &str) -> Option<Decimal> {
    Decimal::from_str_exact(text.trim()).ok()
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;
    use crate::ids::{RoomId, UnitId};

    fn eur(cents: i64) -> Money {
        Money::from_cents(cents, Currency::Eur)
    }

    fn room() -> Room {
        Room {
            id: RoomId::from_uuid(uuid::Uuid::nil()),
            unit_id: UnitId::from_uuid(uuid::Uuid::nil()),
            name: "A".into(),
            capacity: 1,
            occupied: 0,
            rent: eur(60_000),
            charges: eur(5_000),
            deposit: eur(60_000),
            min_duration_months: 1,
            max_duration_months: 12,
        }
    }

    fn guarantor(income: i64) -> GuarantorDetails {
        GuarantorDetails {
            first_name: "G".into(),
            last_name: "H".into(),
            relation: "parent".into(),
            email: None,
            phone: None,
            monthly_income: eur(income),
            nationality: None,
            birth_date: None,
        }
    }

    #[test]
    fn lists_exactly_what_is_missing() {
        let requirements = Requirements {
            guarantor_required_count: 2,
            income_min_multiplier: multiplier("3"),
            documents: [
                DocumentKind::IdCard,
                DocumentKind::ProofOfStudy,
                DocumentKind::Rib,
            ]
            .into_iter()
            .collect(),
        };
        let dossier = Dossier {
            documents: [DocumentKind::IdCard].into_iter().collect(),
            guarantors: vec![guarantor(150_000)],
            applicant_income: Some(eur(20_000)),
        };
        let missing = check_requirements(&requirements, &room(), &dossier).unwrap_err();
        assert_eq!(
            missing.documents,
            vec![DocumentKind::ProofOfStudy, DocumentKind::Rib]
        );
        assert_eq!(missing.guarantors_missing, 1);
        // 3 x 650.00 = 1950.00 required, 1700.00 brought.
        assert_eq!(missing.income_required, Some(eur(195_000)));
        assert_eq!(missing.income_shortfall, Some(eur(25_000)));
    }

    #[test]
    fn a_complete_dossier_passes() {
        let requirements = Requirements {
            guarantor_required_count: 1,
            income_min_multiplier: multiplier("2.5"),
            documents: [DocumentKind::IdCard].into_iter().collect(),
        };
        let dossier = Dossier {
            documents: [DocumentKind::IdCard, DocumentKind::Visa]
                .into_iter()
                .collect(),
            guarantors: vec![guarantor(162_500)],
            applicant_income: None,
        };
        assert!(check_requirements(&requirements, &room(), &dossier).is_ok());
        assert!(
            check_requirements(
                &Requirements::default(),
                &room(),
                &Dossier {
                    documents: BTreeSet::new(),
                    guarantors: vec![],
                    applicant_income: None
                }
            )
            .is_ok()
        );
    }

    #[test]
    fn guarantor_input_is_validated() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
        let bad = GuarantorInput {
            first_name: "".into(),
            last_name: "Dupont".into(),
            relation: "parent".into(),
            email: Some("nope".into()),
            income_eur: Some("-5".into()),
            birth_date: Some("2020-01-01".into()),
            ..GuarantorInput::default()
        };
        let fields: Vec<_> = bad
            .parse(Currency::Eur, today)
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            vec!["first_name", "email", "income_eur", "birth_date"]
        );
    }
}
