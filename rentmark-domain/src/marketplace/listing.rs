//! Listings: a landlord advertises one or more rooms (each a unit of a property, with
//! a capacity), with requirements a renter's dossier must meet. A listing goes
//! draft -> published -> closed; each room goes open -> filled as applications are
//! confirmed, and the listing closes when every room is filled.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::ids::{ListingId, OrgId, PropertyId, RoomId, UnitId};
use crate::money::Money;

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

pub use super::listing_input::{
    ListingDetails, ListingDetailsInput, ListingInput, NewListing, NewRoom, RequirementsInput,
    RoomInput,
};

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

    /// The listing with `details` in place of its own (rooms, status and dates of
    /// creation unchanged), for an edit at `now`.
    ///
    /// # Errors
    /// [`ListingTransitionError`] when the listing is closed.
    pub fn edited(
        &self,
        details: ListingDetails,
        now: DateTime<Utc>,
    ) -> Result<Self, ListingTransitionError> {
        if self.status == ListingStatus::Closed {
            return Err(ListingTransitionError {
                from: self.status,
                action: "edited",
            });
        }
        Ok(Self {
            title: details.title,
            city: details.city,
            address: details.address,
            description: details.description,
            kind: details.kind,
            availability_date: details.availability_date,
            requirements: details.requirements,
            updated_at: now,
            ..self.clone()
        })
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

/// Normalizes a city for search: trimmed and lower-cased, so "Paris" matches "paris ".
pub fn city_key(city: &str) -> String {
    city.trim().to_lowercase()
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;
    use crate::money::Currency;
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
        let details = ListingDetails {
            title: "New".into(),
            city: "Lyon".into(),
            address: "2 rue".into(),
            description: Some("D".into()),
            kind: ListingType::Flat,
            availability_date: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            requirements: Requirements::default(),
        };
        let edited = listing
            .edited(details.clone(), DateTime::<Utc>::MAX_UTC)
            .unwrap();
        assert_eq!(
            (edited.title.as_str(), edited.kind),
            ("New", ListingType::Flat)
        );
        assert_eq!(edited.rooms, listing.rooms);
        assert_eq!(edited.status, listing.status);
        assert_eq!(edited.created_at, listing.created_at);
        assert_eq!(edited.updated_at, DateTime::<Utc>::MAX_UTC);
        listing.status = ListingStatus::Closed;
        assert!(listing.edited(details, DateTime::<Utc>::MAX_UTC).is_err());
        assert!(listing.close().is_err());
        assert!(listing.publish().is_err());
    }
}
