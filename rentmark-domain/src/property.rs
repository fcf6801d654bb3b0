//! Properties and their units.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::ids::{OrgId, PropertyId, UnitId};
use crate::money::{Currency, Money};
use crate::validation::{ValidationErrors, codes, optional_multiline_text, required_text};

/// A property (a building or a house) of an organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// Its id.
    pub id: PropertyId,
    /// The organization it belongs to.
    pub org_id: OrgId,
    /// Its validated details.
    pub details: PropertyDetails,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// The editable details of a property, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyDetails {
    /// Display name, 1-200 characters.
    pub name: String,
    /// Street address, 1-300 characters.
    pub address: String,
    /// City, 1-100 characters.
    pub city: String,
    /// Free text, at most 5,000 characters.
    pub description: Option<String>,
}

/// Property details as the user typed them (API body or form), to be parsed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PropertyInput {
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Street address.
    #[serde(default)]
    pub address: String,
    /// City.
    #[serde(default)]
    pub city: String,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
}

impl PropertyInput {
    /// Validates every field.
    ///
    /// # Errors
    /// Every invalid field (`validation.required`, `validation.too_long`).
    pub fn parse(&self) -> Result<PropertyDetails, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.check("name", required_text(&self.name, 200), |c| c);
        let address = errors.check("address", required_text(&self.address, 300), |c| c);
        let city = errors.check("city", required_text(&self.city, 100), |c| c);
        let description = errors.check(
            "description",
            optional_multiline_text(self.description.as_deref(), 5000),
            |c| c,
        );
        errors.finish(|| PropertyDetails {
            name: name.unwrap_or_default(),
            address: address.unwrap_or_default(),
            city: city.unwrap_or_default(),
            description: description.flatten(),
        })
    }
}

impl Property {
    /// A new property of `org_id`.
    pub fn new(org_id: OrgId, details: PropertyDetails, now: DateTime<Utc>) -> Self {
        Self {
            id: PropertyId::generate(now),
            org_id,
            details,
            created_at: now,
            updated_at: now,
        }
    }
}

/// A rentable unit of a property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Its id.
    pub id: UnitId,
    /// The organization it belongs to.
    pub org_id: OrgId,
    /// The property it is part of.
    pub property_id: PropertyId,
    /// Its validated details.
    pub details: UnitDetails,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// The editable details of a unit, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitDetails {
    /// Display name (`Apt 3B`), 1-100 characters.
    pub name: String,
    /// Bedrooms, 0-50.
    pub beds: u16,
    /// Bathrooms in halves (1.5), 0-50.
    pub baths: Decimal,
    /// Floor area in square feet, if known.
    pub sq_ft: Option<u32>,
    /// How many people may live there, 1-50.
    pub capacity: u16,
    /// The asking monthly rent.
    pub rent: Money,
    /// The asking monthly service charges.
    pub charges: Money,
    /// The asking deposit.
    pub deposit: Money,
}

/// Unit details as typed (API body or form); amounts are decimal strings.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UnitInput {
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Bedrooms.
    #[serde(default)]
    pub beds: Option<i64>,
    /// Bathrooms, a decimal string such as `"1.5"` (a JSON number is accepted too).
    #[serde(default)]
    pub baths: Option<DecimalText>,
    /// Floor area in square feet.
    #[serde(default)]
    pub sq_ft: Option<i64>,
    /// Capacity (defaults to 1).
    #[serde(default)]
    pub capacity: Option<i64>,
    /// Monthly rent, decimal string.
    #[serde(default)]
    pub rent: String,
    /// Monthly service charges, decimal string (defaults to 0).
    #[serde(default)]
    pub charges: Option<String>,
    /// Deposit, decimal string (defaults to 0).
    #[serde(default)]
    pub deposit: Option<String>,
}

/// A decimal as sent: a JSON string (`"1.5"`, the API's form, like the seeds'
/// `DECIMAL(3,1)`) or a number (`1.5`). Kept as sent so that a bad value is reported
/// on its field (422) rather than failing the whole body (400).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum DecimalText {
    /// A decimal string.
    Text(String),
    /// A JSON number.
    Number(Decimal),
}

impl DecimalText {
    /// The decimal.
    ///
    /// # Errors
    /// `validation.out_of_range` for text that is not a plain decimal number.
    pub fn parse(&self) -> Result<Decimal, &'static str> {
        match self {
            Self::Number(value) => Ok(*value),
            Self::Text(text) => {
                let text = text.trim();
                let plain = !text.is_empty()
                    && text
                        .chars()
                        .enumerate()
                        .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && c == '-'));
                if plain {
                    Decimal::from_str_exact(text).map_err(|_| codes::OUT_OF_RANGE)
                } else {
                    Err(codes::OUT_OF_RANGE)
                }
            }
        }
    }
}

/// Parses a required amount that must be above zero.
pub(crate) fn positive_amount(text: &str, currency: Currency) -> Result<Money, &'static str> {
    let money = Money::parse(text, currency).map_err(|_| codes::INVALID_AMOUNT)?;
    if money.is_positive() {
        Ok(money)
    } else {
        Err(codes::MUST_BE_POSITIVE)
    }
}

/// Parses an optional amount that must not be negative (blank is zero).
pub(crate) fn non_negative_amount(
    text: Option<&str>,
    currency: Currency,
) -> Result<Money, &'static str> {
    match text.map(str::trim) {
        None | Some("") => Ok(Money::zero(currency)),
        Some(text) => {
            let money = Money::parse(text, currency).map_err(|_| codes::INVALID_AMOUNT)?;
            if money.is_negative() {
                Err(codes::MUST_NOT_BE_NEGATIVE)
            } else {
                Ok(money)
            }
        }
    }
}

fn in_range(value: Option<i64>, default: i64, min: i64, max: i64) -> Result<i64, &'static str> {
    let value = value.unwrap_or(default);
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(codes::OUT_OF_RANGE)
    }
}

impl UnitInput {
    /// Validates every field; amounts are in `currency`.
    ///
    /// # Errors
    /// Every invalid field.
    pub fn parse(&self, currency: Currency) -> Result<UnitDetails, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.check("name", required_text(&self.name, 100), |c| c);
        let beds = errors.check("beds", in_range(self.beds, 0, 0, 50), |c| c);
        let baths = match self.baths.as_ref().map(DecimalText::parse) {
            None => Decimal::ZERO,
            Some(Ok(baths)) => {
                let baths_ok = baths >= Decimal::ZERO
                    && baths <= Decimal::from(50)
                    && (baths * Decimal::from(2)).fract().is_zero();
                if !baths_ok {
                    errors.add("baths", codes::OUT_OF_RANGE);
                }
                baths
            }
            Some(Err(code)) => {
                errors.add("baths", code);
                Decimal::ZERO
            }
        };
        let sq_ft = match self.sq_ft {
            None => Some(None),
            Some(v) => errors
                .check("sq_ft", in_range(Some(v), 0, 1, 1_000_000), |c| c)
                .map(Some),
        };
        let capacity = errors.check("capacity", in_range(self.capacity, 1, 1, 50), |c| c);
        let rent = errors.check("rent", positive_amount(&self.rent, currency), |c| c);
        let charges = errors.check(
            "charges",
            non_negative_amount(self.charges.as_deref(), currency),
            |c| c,
        );
        let deposit = errors.check(
            "deposit",
            non_negative_amount(self.deposit.as_deref(), currency),
            |c| c,
        );
        errors.finish(|| UnitDetails {
            name: name.unwrap_or_default(),
            beds: beds.and_then(|b| u16::try_from(b).ok()).unwrap_or(0),
            baths: baths.normalize(),
            sq_ft: sq_ft.flatten().and_then(|s| u32::try_from(s).ok()),
            capacity: capacity.and_then(|c| u16::try_from(c).ok()).unwrap_or(1),
            rent: rent.unwrap_or(Money::zero(currency)),
            charges: charges.unwrap_or(Money::zero(currency)),
            deposit: deposit.unwrap_or(Money::zero(currency)),
        })
    }
}

impl Unit {
    /// A new unit of `property_id`.
    pub fn new(
        org_id: OrgId,
        property_id: PropertyId,
        details: UnitDetails,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id: UnitId::generate(now),
            org_id,
            property_id,
            details,
            created_at: now,
            updated_at: now,
        }
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "a broken fixture fails the test loudly")]
mod tests {
    use super::*;

    #[test]
    fn property_input_reports_every_bad_field() {
        let input = PropertyInput {
            name: " ".into(),
            address: "1 rue de la Paix".into(),
            city: "x".repeat(101),
            description: None,
        };
        let errors = input.parse().unwrap_err();
        let fields: Vec<_> = errors
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.code))
            .collect();
        assert_eq!(
            fields,
            vec![("name", codes::REQUIRED), ("city", codes::TOO_LONG)]
        );
    }

    #[test]
    fn unit_input_parses_amounts_exactly() {
        let input = UnitInput {
            name: "Apt 1".into(),
            beds: Some(2),
            baths: Some(DecimalText::Text("1.5".into())),
            sq_ft: None,
            capacity: None,
            rent: "720.50".into(),
            charges: Some("80".into()),
            deposit: None,
        };
        let unit = input.parse(Currency::Eur).unwrap();
        assert_eq!(unit.baths, Decimal::new(15, 1));
        assert_eq!(unit.rent.cents(), 72_050);
        assert_eq!(unit.charges.cents(), 8_000);
        assert!(unit.deposit.is_zero());
        assert_eq!(unit.capacity, 1);
    }

    #[test]
    fn baths_is_a_decimal_string_or_number_and_a_bad_one_is_a_field_error() {
        for (sent, expected) in [
            (DecimalText::Text("1.5".into()), Ok(Decimal::new(15, 1))),
            (DecimalText::Text(" 2 ".into()), Ok(Decimal::from(2))),
            (
                DecimalText::Number(Decimal::new(5, 1)),
                Ok(Decimal::new(5, 1)),
            ),
            (DecimalText::Text("1,5".into()), Err(codes::OUT_OF_RANGE)),
            (DecimalText::Text("1e1".into()), Err(codes::OUT_OF_RANGE)),
            (DecimalText::Text(String::new()), Err(codes::OUT_OF_RANGE)),
        ] {
            assert_eq!(sent.parse(), expected, "{sent:?}");
        }
        let bad = UnitInput {
            name: "Apt 1".into(),
            baths: Some(DecimalText::Text("one".into())),
            rent: "500".into(),
            ..UnitInput::default()
        };
        let errors = bad.parse(Currency::Eur).unwrap_err();
        let fields: Vec<_> = errors.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["baths"]);
    }

    #[test]
    fn unit_input_refuses_bad_amounts_and_ranges() {
        let input = UnitInput {
            name: "Apt 1".into(),
            beds: Some(-1),
            baths: Some(DecimalText::Number(Decimal::new(13, 1))),
            capacity: Some(0),
            rent: "0".into(),
            charges: Some("-5".into()),
            deposit: Some("12.345".into()),
            ..UnitInput::default()
        };
        let errors = input.parse(Currency::Eur).unwrap_err();
        let fields: Vec<_> = errors.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["beds", "baths", "capacity", "rent", "charges", "deposit"]
        );
    }
}
