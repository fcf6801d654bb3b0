//! Listings: a landlord advertises one or more rooms (each a unit of a property, with
//! a capacity), with requirements a renter's dossier must meet. A listing goes
//! draft -> published -> closed; each room goes open -> filled as applications are
//! confirmed, and the listing closes when every room is filled.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::ids::{ListingId, OrgId, PropertyId, RoomId, UnitId};
use crate::lease::parse_date;
use crate::money::{Currency, Money};
use crate::property::{non_negative_amount, positive_amount};
use crate::validation::{ValidationErrors, codes, optional_text, required_text};

/// The most rooms one listing may advertise.
pub const MAX_ROOMS: usize = 50;
/// The most guarantors a listing may require (and an application may name).
pub const MAX_GUARANTORS: usize = 50;

macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),* }

        impl $name {
            /// Every variant.
            pub const ALL: &'static [Self] = &[$(Self::$variant),*];

            /// The stored and serialized name.
            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),* }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::marketplace::listing::UnknownVariant;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s { $($text => Ok(Self::$variant),)* _ => Err($crate::marketplace::listing::UnknownVariant) }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use named_enum;

/// A name that is not one of an enum's variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown variant")]
pub struct UnknownVariant;

named_enum!(
    /// What kind of home a listing offers.
    ListingType {
        /// A studio.
        Studio => "studio",
        /// A room in a shared home.
        Room => "room",
        /// A whole flat.
        Flat => "flat",
    }
);

named_enum!(
    /// Where a listing stands.
    ListingStatus {
        /// Being written; not visible to renters.
        Draft => "draft",
        /// Visible in search; renters may apply.
        Published => "published",
        /// Filled, closed by the landlord, or taken down by an admin.
        Closed => "closed",
    }
);

named_enum!(
    /// The kinds of document a listing may require in a renter's dossier.
    DocumentKind {
        /// Identity card or passport.
        IdCard => "id_card",
        /// Certificate of enrolment.
        ProofOfStudy => "proof_of_study",
        /// Bank details (relevé d'identité bancaire).
        Rib => "rib",
        /// Visa or residence permit.
        Visa => "visa",
        /// Payslip.
        Payslip => "payslip",
        /// Tax notice (avis d'imposition).
        TaxNotice => "tax_notice",
        /// Anything else.
        Other => "other",
    }
);

/// What a renter's dossier must hold to apply.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Requirements {
    /// How many guarantors, 0-50.
    pub guarantor_required_count: u32,
    /// The applicant's and guarantors' combined monthly income must be at least this
    /// multiple of the monthly rent plus charges (e.g. 3).
    pub income_min_multiplier: Option<Decimal>,
    /// Document kinds the dossier must hold.
    pub documents: BTreeSet<DocumentKind>,
}

/// One advertised room: a unit of the organization, with a capacity and terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    /// Its id.
    pub id: RoomId,
    /// The unit it lets (created with the listing when not given).
    pub unit_id: UnitId,
    /// Display name.
    pub name: String,
    /// How many renters it takes.
    pub capacity: u32,
    /// How many confirmed renters it has.
    pub occupied: u32,
    /// Monthly rent per renter.
    pub rent: Money,
    /// Monthly service charges per renter.
    pub charges: Money,
    /// Deposit per renter.
    pub deposit: Money,
    /// Shortest stay, in months.
    pub min_duration_months: u32,
    /// Longest stay, in months.
    pub max_duration_months: u32,
}

impl Room {
    /// Whether every place is taken.
    pub fn is_filled(&self) -> bool {
        self.occupied >= self.capacity
    }

    /// Places left.
    pub fn places_left(&self) -> u32 {
        self.capacity.saturating_sub(self.occupied)
    }

    /// Takes one place for a confirmed renter.
    ///
    /// # Errors
    /// [`RoomFull`] when no place is left (the room is unchanged).
    pub fn take_place(&mut self) -> Result<(), RoomFull> {
        if self.is_filled() {
            return Err(RoomFull);
        }
        self.occupied += 1;
        Ok(())
    }
}

/// No place is left in the room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the room is full")]
pub struct RoomFull;

/// A listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// Its id.
    pub id: ListingId,
    /// The organization that publishes it.
    pub org_id: OrgId,
    /// The property its rooms belong to.
    pub property_id: PropertyId,
    /// Title.
    pub title: String,
    /// City (search key).
    pub city: String,
    /// Street address.
    pub address: String,
    /// Free text.
    pub description: Option<String>,
    /// Studio, room or flat.
    pub kind: ListingType,
    /// When renters may move in.
    pub availability_date: NaiveDate,
    /// What a dossier must hold.
    pub requirements: Requirements,
    /// The rooms, at least one.
    pub rooms: Vec<Room>,
    /// Draft, published or closed.
    pub status: ListingStatus,
    /// Set when a platform admin took it down.
    pub taken_down_at: Option<DateTime<Utc>>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A listing status change that is not allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a {from} listing cannot be {action}")]
pub struct ListingTransitionError {
    /// The current status.
    pub from: ListingStatus,
    /// What was attempted (`published`, `closed`).
    pub action: &'static str,
}

impl Listing {
    /// The lowest rent of its rooms (what search sorts and filters by).
    pub fn min_rent(&self) -> Option<Money> {
        self.rooms.iter().map(|r| r.rent).min_by_key(Money::cents)
    }

    /// The room `id`, if it is one of this listing's.
    pub fn room(&self, id: RoomId) -> Option<&Room> {
        self.rooms.iter().find(|r| r.id == id)
    }

    /// Publishes a draft.
    ///
    /// # Errors
    /// [`ListingTransitionError`] unless the listing is a draft.
    pub fn publish(&self) -> Result<ListingStatus, ListingTransitionError> {
        match self.status {
            ListingStatus::Draft => Ok(ListingStatus::Published),
            from => Err(ListingTransitionError {
                from,
                action: "published",
            }),
        }
    }

    /// Closes a draft or published listing.
    ///
    /// # Errors
    /// [`ListingTransitionError`] when already closed.
    pub fn close(&self) -> Result<ListingStatus, ListingTransitionError> {
        match self.status {
            ListingStatus::Draft | ListingStatus::Published => Ok(ListingStatus::Closed),
            from => Err(ListingTransitionError {
                from,
                action: "closed",
            }),
        }
    }

    /// Whether every room is filled (the listing then closes).
    pub fn is_full(&self) -> bool {
        self.rooms.iter().all(Room::is_filled)
    }

    /// Places left across rooms.
    pub fn places_left(&self) -> u32 {
        self.rooms.iter().map(Room::places_left).sum()
    }

    /// Whether renters may apply now.
    pub fn accepts_applications(&self) -> bool {
        self.status == ListingStatus::Published && self.taken_down_at.is_none()
    }
}

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
        let title = errors.check("title", required_text(&self.title, 200), |c| c);
        let city = errors.check("city", required_text(&self.city, 100), |c| c);
        let address = errors.check("address", required_text(&self.address, 300), |c| c);
        let description = errors.check(
            "description",
            optional_text(self.description.as_deref(), 10_000),
            |c| c,
        );
        let kind = errors.check("type", self.kind.trim().parse::<ListingType>(), |_| {
            codes::INVALID_CHOICE
        });
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
            Some(NewListing {
                title: title?,
                city: city?,
                address: address?,
                description: description?,
                kind: kind?,
                property_id: property_id?.map(PropertyId::from_uuid),
                rooms: rooms.into_iter().collect::<Option<Vec<_>>>()?,
                availability_date: availability_date?,
                requirements: requirements?,
            })
        })();
        listing.ok_or(errors)
    }
}

/// Normalizes a city for search: trimmed and lower-cased, so "Paris" matches "paris ".
pub fn city_key(city: &str) -> String {
    city.trim().to_lowercase()
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn room(capacity: u32) -> Room {
        Room {
            id: RoomId::from_uuid(uuid::Uuid::new_v4()),
            unit_id: UnitId::from_uuid(uuid::Uuid::new_v4()),
            name: "R".into(),
            capacity,
            occupied: 0,
            rent: Money::from_cents(50_000, Currency::Eur),
            charges: Money::zero(Currency::Eur),
            deposit: Money::zero(Currency::Eur),
            min_duration_months: 1,
            max_duration_months: 12,
        }
    }

    proptest! {
        /// Any sequence of confirmations never puts more renters in a room than it
        /// takes, fills each room exactly at its capacity, and the listing is full
        /// exactly when every room is.
        #[test]
        fn capacity_is_never_exceeded(capacities in proptest::collection::vec(1_u32..5, 1..5), picks in proptest::collection::vec(0_usize..5, 0..40)) {
            let mut rooms: Vec<Room> = capacities.iter().map(|c| room(*c)).collect();
            let mut confirmed = vec![0_u32; rooms.len()];
            for pick in picks {
                let index = pick % rooms.len();
                let was_filled = rooms[index].is_filled();
                match rooms[index].take_place() {
                    Ok(()) => { prop_assert!(!was_filled); confirmed[index] += 1; }
                    Err(RoomFull) => prop_assert!(was_filled),
                }
                for (r, c) in rooms.iter().zip(&confirmed) {
                    prop_assert!(r.occupied <= r.capacity);
                    prop_assert_eq!(r.occupied, *c);
                    prop_assert_eq!(r.places_left() + r.occupied, r.capacity);
                }
            }
            let listing_full = rooms.iter().all(Room::is_filled);
            prop_assert_eq!(listing_full, rooms.iter().zip(&capacities).all(|(r, c)| r.occupied == *c));
        }
    }

    #[test]
    fn listing_transitions() {
        let mut listing = Listing {
            id: ListingId::from_uuid(uuid::Uuid::new_v4()),
            org_id: OrgId::from_uuid(uuid::Uuid::new_v4()),
            property_id: PropertyId::from_uuid(uuid::Uuid::new_v4()),
            title: "T".into(),
            city: "Paris".into(),
            address: "1 rue".into(),
            description: None,
            kind: ListingType::Studio,
            availability_date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            requirements: Requirements::default(),
            rooms: vec![room(1)],
            status: ListingStatus::Draft,
            taken_down_at: None,
            created_at: DateTime::<Utc>::MIN_UTC,
            updated_at: DateTime::<Utc>::MIN_UTC,
        };
        assert_eq!(listing.publish(), Ok(ListingStatus::Published));
        assert!(!listing.accepts_applications());
        listing.status = ListingStatus::Published;
        assert!(listing.accepts_applications());
        assert!(listing.publish().is_err());
        assert_eq!(listing.close(), Ok(ListingStatus::Closed));
        listing.status = ListingStatus::Closed;
        assert!(listing.close().is_err());
        assert!(listing.publish().is_err());
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
