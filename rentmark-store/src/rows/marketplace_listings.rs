//! Rows of the listing tables: listings, their rooms, and search results. The
//! requirements are stored flat: the income multiplier as a decimal string and the
//! required document kinds as a comma-separated list.

use std::collections::BTreeSet;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use rentmark_domain::ids::{ListingId, OrgId, PropertyId, RoomId, UnitId};
use rentmark_domain::marketplace::listing::{DocumentKind, Listing, Requirements, Room};
use rentmark_domain::marketplace::search::ListingSummary;
use rentmark_domain::money::Money;
use rentmark_domain::ports::RepoResult;
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::error::corrupt;
use crate::rows::{currency, to_u32};

/// The stored form of required document kinds: `id_card,rib` (empty when none).
pub(crate) fn documents_text(kinds: &BTreeSet<DocumentKind>) -> String {
    kinds
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Parses the stored document kinds.
fn documents(text: &str) -> RepoResult<BTreeSet<DocumentKind>> {
    text.split(',')
        .filter(|k| !k.is_empty())
        .map(|k| {
            DocumentKind::from_str(k).map_err(|_| corrupt(format_args!("document kind {k:?}")))
        })
        .collect()
}

/// The stored form of an income multiplier (`3`, `2.5`).
pub(crate) fn multiplier_text(multiplier: Option<Decimal>) -> Option<String> {
    multiplier.map(|m| m.normalize().to_string())
}

macro_rules! listing_columns {
    () => {
        "org_id, id, property_id, title, city, address, description, kind, availability_date, \
         status, guarantor_required_count, income_min_multiplier, required_documents, \
         taken_down_at, created_at, updated_at"
    };
}
pub(crate) use listing_columns;

/// A `listings` row, without its rooms.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct ListingRow {
    pub(crate) org_id: Uuid,
    pub(crate) id: Uuid,
    property_id: Uuid,
    title: String,
    city: String,
    address: String,
    description: Option<String>,
    kind: String,
    availability_date: NaiveDate,
    status: String,
    guarantor_required_count: i64,
    income_min_multiplier: Option<String>,
    required_documents: String,
    taken_down_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl ListingRow {
    /// The listing with its rooms (rows of this listing, in position order).
    pub(crate) fn into_domain(self, rooms: Vec<RoomRow>) -> RepoResult<Listing> {
        let multiplier = self
            .income_min_multiplier
            .map(|m| Decimal::from_str(&m).map_err(|_| corrupt(format_args!("multiplier {m:?}"))))
            .transpose()?;
        Ok(Listing {
            id: ListingId::from_uuid(self.id),
            org_id: OrgId::from_uuid(self.org_id),
            property_id: PropertyId::from_uuid(self.property_id),
            title: self.title,
            city: self.city,
            address: self.address,
            description: self.description,
            kind: self.kind.parse().map_err(|_| corrupt("listing kind"))?,
            availability_date: self.availability_date,
            requirements: Requirements {
                guarantor_required_count: to_u32(self.guarantor_required_count, "guarantors")?,
                income_min_multiplier: multiplier,
                documents: documents(&self.required_documents)?,
            },
            rooms: rooms
                .into_iter()
                .map(RoomRow::into_domain)
                .collect::<RepoResult<_>>()?,
            status: self.status.parse().map_err(|_| corrupt("listing status"))?,
            taken_down_at: self.taken_down_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

macro_rules! room_columns {
    () => {
        "listing_id, id, unit_id, name, capacity, occupied, currency, rent_cents, charges_cents, \
         deposit_cents, min_duration_months, max_duration_months"
    };
}
pub(crate) use room_columns;

/// A `listing_rooms` row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct RoomRow {
    pub(crate) listing_id: Uuid,
    id: Uuid,
    unit_id: Uuid,
    name: String,
    capacity: i64,
    occupied: i64,
    currency: String,
    rent_cents: i64,
    charges_cents: i64,
    deposit_cents: i64,
    min_duration_months: i64,
    max_duration_months: i64,
}

impl RoomRow {
    fn into_domain(self) -> RepoResult<Room> {
        let currency = currency(&self.currency)?;
        Ok(Room {
            id: RoomId::from_uuid(self.id),
            unit_id: UnitId::from_uuid(self.unit_id),
            name: self.name,
            capacity: to_u32(self.capacity, "capacity")?,
            occupied: to_u32(self.occupied, "occupied")?,
            rent: Money::from_cents(self.rent_cents, currency),
            charges: Money::from_cents(self.charges_cents, currency),
            deposit: Money::from_cents(self.deposit_cents, currency),
            min_duration_months: to_u32(self.min_duration_months, "min duration")?,
            max_duration_months: to_u32(self.max_duration_months, "max duration")?,
        })
    }
}

macro_rules! summary_columns {
    () => {
        "id, org_id, title, city, kind, currency, min_rent_cents, availability_date, places_left, \
         published_at"
    };
}
pub(crate) use summary_columns;

/// A search result: the listing columns the search index covers.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct SummaryRow {
    id: Uuid,
    org_id: Uuid,
    title: String,
    city: String,
    kind: String,
    currency: String,
    min_rent_cents: i64,
    availability_date: NaiveDate,
    places_left: i64,
    published_at: Option<DateTime<Utc>>,
}

/// A search result with the total number of matches (the same for every row).
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct CountedSummaryRow {
    #[sqlx(flatten)]
    pub(crate) summary: SummaryRow,
    pub(crate) total: i64,
}

impl SummaryRow {
    pub(crate) fn into_domain(self) -> RepoResult<ListingSummary> {
        Ok(ListingSummary {
            id: ListingId::from_uuid(self.id),
            org_id: OrgId::from_uuid(self.org_id),
            title: self.title,
            city: self.city,
            kind: self.kind.parse().map_err(|_| corrupt("listing kind"))?,
            rent_from: Money::from_cents(self.min_rent_cents, currency(&self.currency)?),
            availability_date: self.availability_date,
            places_left: to_u32(self.places_left, "places left")?,
            published_at: self.published_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_kinds_round_trip_through_their_text() {
        let kinds: BTreeSet<DocumentKind> = [DocumentKind::Rib, DocumentKind::IdCard].into();
        let text = documents_text(&kinds);
        assert_eq!(text, "id_card,rib");
        assert_eq!(documents(&text).expect("stored kinds"), kinds);
        assert!(documents("").expect("no kinds").is_empty());
        assert!(documents("id_card,passport").is_err());
    }

    #[test]
    fn multipliers_are_stored_normalized() {
        assert_eq!(
            multiplier_text(Some(Decimal::new(2500, 3))).as_deref(),
            Some("2.5")
        );
        assert_eq!(multiplier_text(None), None);
    }
}
