//! Listings as typed (`POST /landlord/listings`, the listing form) and their parsing
//! into validated domain values, every bad field reported at once.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::ids::{PropertyId, UnitId};
use crate::lease::parse_date;
use crate::marketplace::listing::{
    DocumentKind, ListingType, MAX_GUARANTORS, MAX_ROOMS, Requirements,
};
use crate::money::{Currency, Money};
use crate::property::{non_negative_amount, positive_amount};
use crate::validation::{ValidationErrors, codes, optional_multiline_text, required_text};
use std::collections::BTreeSet;

/// A room as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RoomInput {
    /// An existing unit of the organization to advertise; a new unit is created in
    /// the listing's property when absent.
    #[serde(default)]
    pub unit_id: Option<String>,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Places, 1-20 (default 1).
    #[serde(default)]
    pub capacity: Option<i64>,
    /// Monthly rent, decimal string.
    #[serde(default)]
    pub rent_eur: String,
    /// Monthly charges, decimal string.
    #[serde(default)]
    pub charges_eur: Option<String>,
    /// Deposit, decimal string.
    #[serde(default)]
    pub deposit_eur: Option<String>,
    /// Shortest stay, 1-60 months (default 1).
    #[serde(default)]
    pub min_duration_months: Option<i64>,
    /// Longest stay, 1-60 months (default 12).
    #[serde(default)]
    pub max_duration_months: Option<i64>,
}

/// Requirements as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RequirementsInput {
    /// 0-50.
    #[serde(default)]
    pub guarantor_required_count: Option<i64>,
    /// A decimal such as `3` or `2.5`, 0-20.
    #[serde(default)]
    pub income_min_multiplier: Option<Decimal>,
    /// Document kinds.
    #[serde(default)]
    pub documents: Vec<String>,
}

/// A listing as typed (`POST /landlord/listings`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListingInput {
    /// Title, 1-200 characters.
    #[serde(default)]
    pub title: String,
    /// City, 1-100 characters.
    #[serde(default)]
    pub city: String,
    /// Address, 1-300 characters.
    #[serde(default)]
    pub address: String,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
    /// `studio`, `room` or `flat`.
    #[serde(default, rename = "type")]
    pub kind: String,
    /// The property the rooms belong to; a property is created from the address when
    /// absent.
    #[serde(default)]
    pub property_id: Option<String>,
    /// 1-50 rooms.
    #[serde(default)]
    pub rooms: Vec<RoomInput>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub availability_date: String,
    /// What a dossier must hold.
    #[serde(default)]
    pub requirements: RequirementsInput,
}

/// A listing's details as typed (`PUT /landlord/listings/{id}`, the edit form): the
/// fields of [`ListingInput`] without the property and rooms, which are not edited.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListingDetailsInput {
    /// Title, 1-200 characters.
    #[serde(default)]
    pub title: String,
    /// City, 1-100 characters.
    #[serde(default)]
    pub city: String,
    /// Address, 1-300 characters.
    #[serde(default)]
    pub address: String,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
    /// `studio`, `room` or `flat`.
    #[serde(default, rename = "type")]
    pub kind: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub availability_date: String,
    /// What a dossier must hold.
    #[serde(default)]
    pub requirements: RequirementsInput,
}

/// Validated listing details, ready to replace a listing's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingDetails {
    /// Title.
    pub title: String,
    /// City.
    pub city: String,
    /// Address.
    pub address: String,
    /// Free text.
    pub description: Option<String>,
    /// Studio, room or flat.
    pub kind: ListingType,
    /// When renters may move in.
    pub availability_date: NaiveDate,
    /// What a dossier must hold.
    pub requirements: Requirements,
}

/// A parsed room, before its unit is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRoom {
    /// An existing unit, if named.
    pub unit_id: Option<UnitId>,
    /// Display name.
    pub name: String,
    /// Places.
    pub capacity: u32,
    /// Monthly rent.
    pub rent: Money,
    /// Monthly charges.
    pub charges: Money,
    /// Deposit.
    pub deposit: Money,
    /// Shortest stay.
    pub min_duration_months: u32,
    /// Longest stay.
    pub max_duration_months: u32,
}

/// A parsed listing, before its property and units are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewListing {
    /// Title.
    pub title: String,
    /// City.
    pub city: String,
    /// Address.
    pub address: String,
    /// Free text.
    pub description: Option<String>,
    /// Studio, room or flat.
    pub kind: ListingType,
    /// An existing property, if named.
    pub property_id: Option<PropertyId>,
    /// The rooms.
    pub rooms: Vec<NewRoom>,
    /// When renters may move in.
    pub availability_date: NaiveDate,
    /// What a dossier must hold.
    pub requirements: Requirements,
}

/// The text fields and type shared by [`ListingInput`] and [`ListingDetailsInput`].
struct Head {
    title: String,
    city: String,
    address: String,
    description: Option<String>,
    kind: ListingType,
}

/// Checks the shared text fields and type, recording each bad one.
fn parse_head(
    errors: &mut ValidationErrors,
    title: &str,
    city: &str,
    address: &str,
    description: Option<&str>,
    kind: &str,
) -> Option<Head> {
    let title = errors.check("title", required_text(title, 200), |c| c);
    let city = errors.check("city", required_text(city, 100), |c| c);
    let address = errors.check("address", required_text(address, 300), |c| c);
    let description = errors.check(
        "description",
        optional_multiline_text(description, 10_000),
        |c| c,
    );
    let kind = errors.check("type", kind.trim().parse::<ListingType>(), |_| {
        codes::INVALID_CHOICE
    });
    Some(Head {
        title: title?,
        city: city?,
        address: address?,
        description: description?,
        kind: kind?,
    })
}

fn bounded(value: Option<i64>, default: i64, min: i64, max: i64) -> Result<u32, &'static str> {
    let value = value.unwrap_or(default);
    if (min..=max).contains(&value) {
        u32::try_from(value).map_err(|_| codes::OUT_OF_RANGE)
    } else {
        Err(codes::OUT_OF_RANGE)
    }
}

fn parse_uuid(
    errors: &mut ValidationErrors,
    field: &str,
    text: Option<&str>,
) -> Option<Option<uuid::Uuid>> {
    match text.map(str::trim) {
        None | Some("") => Some(None),
        Some(text) => errors
            .check(field, uuid::Uuid::parse_str(text), |_| {
                codes::UNKNOWN_REFERENCE
            })
            .map(Some),
    }
}

impl RoomInput {
    fn parse(
        &self,
        prefix: &str,
        currency: Currency,
        errors: &mut ValidationErrors,
    ) -> Option<NewRoom> {
        let field = |name: &str| format!("{prefix}.{name}");
        let unit_id = parse_uuid(errors, &field("unit_id"), self.unit_id.as_deref());
        let name = errors.check(&field("name"), required_text(&self.name, 100), |c| c);
        let capacity = errors.check(&field("capacity"), bounded(self.capacity, 1, 1, 20), |c| c);
        let rent = errors.check(
            &field("rent_eur"),
            positive_amount(&self.rent_eur, currency),
            |c| c,
        );
        let charges = errors.check(
            &field("charges_eur"),
            non_negative_amount(self.charges_eur.as_deref(), currency),
            |c| c,
        );
        let deposit = errors.check(
            &field("deposit_eur"),
            non_negative_amount(self.deposit_eur.as_deref(), currency),
            |c| c,
        );
        let min = errors.check(
            &field("min_duration_months"),
            bounded(self.min_duration_months, 1, 1, 60),
            |c| c,
        );
        let max = errors.check(
            &field("max_duration_months"),
            bounded(self.max_duration_months, 12, 1, 60),
            |c| c,
        );
        if let (Some(min), Some(max)) = (min, max)
            && min > max
        {
            errors.add(field("max_duration_months"), codes::OUT_OF_RANGE);
            return None;
        }
        Some(NewRoom {
            unit_id: unit_id?.map(UnitId::from_uuid),
            name: name?,
            capacity: capacity?,
            rent: rent?,
            charges: charges?,
            deposit: deposit?,
            min_duration_months: min?,
            max_duration_months: max?,
        })
    }
}

impl RequirementsInput {
    fn parse(&self, errors: &mut ValidationErrors) -> Option<Requirements> {
        let count = errors.check(
            "requirements.guarantor_required_count",
            bounded(self.guarantor_required_count, 0, 0, MAX_GUARANTORS as i64),
            |c| c,
        );
        let multiplier = match self.income_min_multiplier {
            None => Some(None),
            Some(m) if m >= Decimal::ZERO && m <= Decimal::from(20) => Some(Some(m.normalize())),
            Some(_) => {
                errors.add("requirements.income_min_multiplier", codes::OUT_OF_RANGE);
                None
            }
        };
        let mut documents = BTreeSet::new();
        for (index, kind) in self.documents.iter().enumerate() {
            match kind.trim().parse::<DocumentKind>() {
                Ok(kind) => {
                    documents.insert(kind);
                }
                Err(_) => errors.add(
                    format!("requirements.documents[{index}]"),
                    codes::INVALID_CHOICE,
                ),
            }
        }
        Some(Requirements {
            guarantor_required_count: count?,
            income_min_multiplier: multiplier?,
            documents,
        })
    }
}

impl ListingInput {
    /// Validates every field; amounts in `currency`.
    ///
    /// # Errors
    /// Every invalid field (rooms as `rooms[i].field`).
    pub fn parse(&self, currency: Currency) -> Result<NewListing, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let head = parse_head(
            &mut errors,
            &self.title,
            &self.city,
            &self.address,
            self.description.as_deref(),
            &self.kind,
        );
        let property_id = parse_uuid(&mut errors, "property_id", self.property_id.as_deref());
        if self.rooms.is_empty() {
            errors.add("rooms", codes::EMPTY_LIST);
        } else if self.rooms.len() > MAX_ROOMS {
            errors.add("rooms", codes::TOO_MANY);
        }
        let rooms: Vec<Option<NewRoom>> = self
            .rooms
            .iter()
            .take(MAX_ROOMS)
            .enumerate()
            .map(|(index, room)| room.parse(&format!("rooms[{index}]"), currency, &mut errors))
            .collect();
        let availability_date = errors.check(
            "availability_date",
            parse_date(&self.availability_date),
            |c| c,
        );
        let requirements = self.requirements.parse(&mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let listing = (|| {
            let head = head?;
            Some(NewListing {
                title: head.title,
                city: head.city,
                address: head.address,
                description: head.description,
                kind: head.kind,
                property_id: property_id?.map(PropertyId::from_uuid),
                rooms: rooms.into_iter().collect::<Option<Vec<_>>>()?,
                availability_date: availability_date?,
                requirements: requirements?,
            })
        })();
        listing.ok_or(errors)
    }
}

impl ListingDetailsInput {
    /// Validates every field with the rules of [`ListingInput::parse`].
    ///
    /// # Errors
    /// Every invalid field.
    pub fn parse(&self) -> Result<ListingDetails, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let head = parse_head(
            &mut errors,
            &self.title,
            &self.city,
            &self.address,
            self.description.as_deref(),
            &self.kind,
        );
        let availability_date = errors.check(
            "availability_date",
            parse_date(&self.availability_date),
            |c| c,
        );
        let requirements = self.requirements.parse(&mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let details = (|| {
            let head = head?;
            Some(ListingDetails {
                title: head.title,
                city: head.city,
                address: head.address,
                description: head.description,
                kind: head.kind,
                availability_date: availability_date?,
                requirements: requirements?,
            })
        })();
        details.ok_or(errors)
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn listing_details_input_parses_and_reports_fields() {
        let mut input = ListingDetailsInput {
            title: " Studio ".into(),
            city: "Lyon".into(),
            address: "2 rue".into(),
            description: Some("Bright".into()),
            kind: "flat".into(),
            availability_date: "2026-10-01".into(),
            requirements: RequirementsInput {
                guarantor_required_count: Some(2),
                income_min_multiplier: Some(Decimal::new(25, 1)),
                documents: vec!["rib".into()],
            },
        };
        let details = input.parse().unwrap();
        assert_eq!(details.city, "Lyon");
        assert_eq!(details.kind, ListingType::Flat);
        assert_eq!(
            details.availability_date,
            NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
        );
        assert_eq!(details.requirements.guarantor_required_count, 2);
        assert_eq!(
            details.requirements.income_min_multiplier,
            Some(Decimal::new(25, 1))
        );
        assert!(details.requirements.documents.contains(&DocumentKind::Rib));
        input.title = String::new();
        input.kind = "castle".into();
        input.availability_date = "soon".into();
        input.requirements.documents = vec!["selfie".into()];
        let fields: Vec<_> = input
            .parse()
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                "title",
                "type",
                "availability_date",
                "requirements.documents[0]"
            ]
        );
    }

    #[test]
    fn listing_input_reports_room_fields() {
        let input = ListingInput {
            title: "Studio".into(),
            city: "Paris".into(),
            address: "1 rue".into(),
            kind: "castle".into(),
            rooms: vec![RoomInput {
                name: "A".into(),
                rent_eur: "0".into(),
                min_duration_months: Some(12),
                max_duration_months: Some(6),
                ..RoomInput::default()
            }],
            availability_date: "2026-12-01".into(),
            requirements: RequirementsInput {
                guarantor_required_count: Some(51),
                income_min_multiplier: None,
                documents: vec!["passport_photo".into()],
            },
            ..ListingInput::default()
        };
        let fields: Vec<_> = input
            .parse(Currency::Eur)
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                "type",
                "rooms[0].rent_eur",
                "rooms[0].max_duration_months",
                "requirements.guarantor_required_count",
                "requirements.documents[0]"
            ]
        );
    }
}
