//! Response shapes of the marketplace API (listings, search results, guarantors,
//! applications, their history, dossier documents), built from domain types. Money
//! is a two-decimal string, dates `YYYY-MM-DD`, instants RFC 3339 UTC.

use chrono::{DateTime, NaiveDate, Utc};
use rentmark_domain::marketplace::ApplicationDossier;
use rentmark_domain::marketplace::application::{Application, StatusChange};
use rentmark_domain::marketplace::dossier::{Guarantor, ProfileOverrides};
use rentmark_domain::marketplace::listing::{Listing, Requirements, Room};
use rentmark_domain::marketplace::ports::DossierDocument;
use rentmark_domain::marketplace::search::ListingSummary;
use serde::Serialize;
use uuid::Uuid;

use crate::api::json::money;

/// What a dossier must hold.
#[derive(Debug, Serialize)]
pub struct RequirementsJson {
    guarantor_required_count: u32,
    income_min_multiplier: Option<String>,
    documents: Vec<&'static str>,
}

impl From<&Requirements> for RequirementsJson {
    fn from(r: &Requirements) -> Self {
        Self {
            guarantor_required_count: r.guarantor_required_count,
            income_min_multiplier: r.income_min_multiplier.map(|m| m.normalize().to_string()),
            documents: r.documents.iter().map(|k| k.as_str()).collect(),
        }
    }
}

/// One room of a listing. The unit it lets is shown to the organization only.
#[derive(Debug, Serialize)]
pub struct RoomJson {
    id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit_id: Option<Uuid>,
    name: String,
    capacity: u32,
    occupied: u32,
    places_left: u32,
    rent_eur: String,
    charges_eur: String,
    deposit_eur: String,
    min_duration_months: u32,
    max_duration_months: u32,
}

impl RoomJson {
    fn new(room: &Room, for_org: bool) -> Self {
        Self {
            id: room.id.as_uuid(),
            unit_id: for_org.then(|| room.unit_id.as_uuid()),
            name: room.name.clone(),
            capacity: room.capacity,
            occupied: room.occupied,
            places_left: room.places_left(),
            rent_eur: money(room.rent),
            charges_eur: money(room.charges),
            deposit_eur: money(room.deposit),
            min_duration_months: room.min_duration_months,
            max_duration_months: room.max_duration_months,
        }
    }
}

/// A listing with its rooms and requirements.
#[derive(Debug, Serialize)]
pub struct ListingJson {
    id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    property_id: Option<Uuid>,
    title: String,
    city: String,
    address: String,
    description: Option<String>,
    #[serde(rename = "type")]
    kind: &'static str,
    status: &'static str,
    availability_date: NaiveDate,
    rent_from: Option<String>,
    places_left: u32,
    requirements: RequirementsJson,
    rooms: Vec<RoomJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    taken_down_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl ListingJson {
    fn new(listing: &Listing, for_org: bool) -> Self {
        Self {
            id: listing.id.as_uuid(),
            property_id: for_org.then(|| listing.property_id.as_uuid()),
            title: listing.title.clone(),
            city: listing.city.clone(),
            address: listing.address.clone(),
            description: listing.description.clone(),
            kind: listing.kind.as_str(),
            status: listing.status.as_str(),
            availability_date: listing.availability_date,
            rent_from: listing.min_rent().map(money),
            places_left: listing.rooms.iter().map(Room::places_left).sum(),
            requirements: RequirementsJson::from(&listing.requirements),
            rooms: listing
                .rooms
                .iter()
                .map(|r| RoomJson::new(r, for_org))
                .collect(),
            taken_down_at: listing.taken_down_at.filter(|_| for_org),
            created_at: listing.created_at,
            updated_at: listing.updated_at,
        }
    }

    /// A listing as anyone sees it (no property or unit ids).
    pub fn public(listing: &Listing) -> Self {
        Self::new(listing, false)
    }

    /// A listing as its organization sees it.
    pub fn for_org(listing: &Listing) -> Self {
        Self::new(listing, true)
    }
}

/// One search result.
#[derive(Debug, Serialize)]
pub struct SearchResultJson {
    id: Uuid,
    title: String,
    city: String,
    #[serde(rename = "type")]
    kind: &'static str,
    rent_from: String,
    availability_date: NaiveDate,
    places_left: u32,
    published_at: Option<DateTime<Utc>>,
}

impl From<&ListingSummary> for SearchResultJson {
    fn from(s: &ListingSummary) -> Self {
        Self {
            id: s.id.as_uuid(),
            title: s.title.clone(),
            city: s.city.clone(),
            kind: s.kind.as_str(),
            rent_from: money(s.rent_from),
            availability_date: s.availability_date,
            places_left: s.places_left,
            published_at: s.published_at,
        }
    }
}

/// A guarantor of the renter's dossier.
#[derive(Debug, Serialize)]
pub struct GuarantorJson {
    id: Uuid,
    first_name: String,
    last_name: String,
    relation: String,
    email: Option<String>,
    phone: Option<String>,
    income_eur: String,
    nationality: Option<String>,
    birth_date: Option<NaiveDate>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<&Guarantor> for GuarantorJson {
    fn from(g: &Guarantor) -> Self {
        let d = &g.details;
        Self {
            id: g.id.as_uuid(),
            first_name: d.first_name.clone(),
            last_name: d.last_name.clone(),
            relation: d.relation.clone(),
            email: d.email.as_ref().map(ToString::to_string),
            phone: d.phone.clone(),
            income_eur: money(d.monthly_income),
            nationality: d.nationality.clone(),
            birth_date: d.birth_date,
            created_at: g.created_at,
            updated_at: g.updated_at,
        }
    }
}

/// Profile details overridden for one application.
#[derive(Debug, Serialize)]
pub struct OverridesJson {
    first_name: Option<String>,
    last_name: Option<String>,
    phone: Option<String>,
    nationality: Option<String>,
    birth_date: Option<NaiveDate>,
    education: Option<String>,
    budget_eur: Option<String>,
    monthly_income_eur: Option<String>,
}

impl From<&ProfileOverrides> for OverridesJson {
    fn from(o: &ProfileOverrides) -> Self {
        Self {
            first_name: o.first_name.clone(),
            last_name: o.last_name.clone(),
            phone: o.phone.clone(),
            nationality: o.nationality.clone(),
            birth_date: o.birth_date,
            education: o.education.clone(),
            budget_eur: o.budget.map(money),
            monthly_income_eur: o.monthly_income.map(money),
        }
    }
}

/// The room an application is for, with its name when known.
#[derive(Debug, Serialize)]
pub struct RoomRefJson {
    id: Uuid,
    name: Option<String>,
}

/// What a landlord sees of an applicant's dossier in the applications list.
#[derive(Debug, Serialize)]
pub struct DossierSummaryJson {
    applicant_id: Uuid,
    email: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    phone: Option<String>,
    monthly_income_eur: Option<String>,
    guarantor_count: usize,
    guarantors_income_eur: String,
    documents: Vec<&'static str>,
    move_in_date: NaiveDate,
    duration_months: u32,
    room: RoomRefJson,
}

impl From<&ApplicationDossier> for DossierSummaryJson {
    fn from(d: &ApplicationDossier) -> Self {
        let application = &d.application;
        Self {
            applicant_id: application.applicant.as_uuid(),
            email: d.email.as_ref().map(ToString::to_string),
            first_name: d.first_name.clone(),
            last_name: d.last_name.clone(),
            phone: d.phone.clone(),
            monthly_income_eur: d.monthly_income.map(money),
            guarantor_count: d.guarantor_count,
            guarantors_income_eur: money(d.guarantors_income),
            documents: d.documents.iter().map(|k| k.as_str()).collect(),
            move_in_date: application.move_in_date,
            duration_months: application.duration_months,
            room: RoomRefJson {
                id: application.room_id.as_uuid(),
                name: d.room_name.clone(),
            },
        }
    }
}

/// An application.
#[derive(Debug, Serialize)]
pub struct ApplicationJson {
    id: Uuid,
    listing_id: Uuid,
    room_id: Uuid,
    status: &'static str,
    reason: Option<String>,
    move_in_date: NaiveDate,
    duration_months: u32,
    guarantor_ids: Vec<Uuid>,
    profile_overrides: OverridesJson,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dossier: Option<DossierSummaryJson>,
}

impl From<&Application> for ApplicationJson {
    fn from(a: &Application) -> Self {
        Self {
            id: a.id.as_uuid(),
            listing_id: a.listing_id.as_uuid(),
            room_id: a.room_id.as_uuid(),
            status: a.status.as_str(),
            reason: a.reason.clone(),
            move_in_date: a.move_in_date,
            duration_months: a.duration_months,
            guarantor_ids: a.guarantor_ids.iter().map(|g| g.as_uuid()).collect(),
            profile_overrides: OverridesJson::from(&a.overrides),
            created_at: a.created_at,
            updated_at: a.updated_at,
            dossier: None,
        }
    }
}

impl ApplicationJson {
    /// The application with its dossier summary (for the landlord).
    pub fn with_dossier(application: &Application, dossier: DossierSummaryJson) -> Self {
        Self {
            dossier: Some(dossier),
            ..Self::from(application)
        }
    }
}

/// One row of an application's status history.
#[derive(Debug, Serialize)]
pub struct StatusChangeJson {
    old_status: Option<&'static str>,
    new_status: &'static str,
    actor: &'static str,
    actor_id: Option<Uuid>,
    reason: Option<String>,
    at: DateTime<Utc>,
}

impl From<&StatusChange> for StatusChangeJson {
    fn from(c: &StatusChange) -> Self {
        Self {
            old_status: c.old_status.map(|s| s.as_str()),
            new_status: c.new_status.as_str(),
            actor: c.actor.as_str(),
            actor_id: c.actor_id.map(|u| u.as_uuid()),
            reason: c.reason.clone(),
            at: c.at,
        }
    }
}

/// A dossier document's metadata, with a short-lived download URL once stored.
#[derive(Debug, Serialize)]
pub struct DocumentJson {
    id: Uuid,
    kind: &'static str,
    filename: String,
    content_type: String,
    size_bytes: u64,
    state: &'static str,
    created_at: DateTime<Utc>,
    download_url: Option<String>,
    download_expires_at: Option<DateTime<Utc>>,
}

impl DocumentJson {
    /// The document; `download` is the signed URL and its expiry, when it has bytes.
    pub fn new(document: &DossierDocument, download: Option<(String, DateTime<Utc>)>) -> Self {
        let (download_url, download_expires_at) = download.unzip();
        Self {
            id: document.id.as_uuid(),
            kind: document.kind.as_str(),
            filename: document.filename.clone(),
            content_type: document.content_type.clone(),
            size_bytes: document.size_bytes,
            state: document.state.as_str(),
            created_at: document.created_at,
            download_url,
            download_expires_at,
        }
    }
}
