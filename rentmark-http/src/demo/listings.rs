//! The demo's listings, created and published through the listing use cases: the
//! landlord organization advertises its vacant units and new studios, flats and shared
//! flats in its own properties; the agency has thirty listings in ten cities, a draft
//! and a closed one. Studios, rooms in shared flats (several rooms each) and flats,
//! with rents by city, availability dates around today and requirements from none to
//! strict. Fixed data and a fixed seed: the same catalogue on every load.

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rentmark_domain::Services;
use rentmark_domain::marketplace::listing::{
    Listing, ListingInput, ListingType, RequirementsInput, RoomInput,
};
use rentmark_domain::org::Actor;
use rentmark_domain::ports::{LeaseFilter, PageRequest};
use rentmark_domain::property::{Property, Unit};
use rust_decimal::Decimal;

use super::{DemoError, err};
use crate::state::AppStore;

/// Where the agency's homes are: city, street address, neighbourhood, and the monthly
/// rent of a studio there in euros (rooms and flats are priced from it).
const SPOTS: [(&str, &str, &str, u32); 20] = [
    ("Paris", "12 rue Monge", "Jussieu", 890),
    ("Paris", "48 boulevard Voltaire", "Oberkampf", 940),
    ("Paris", "5 rue Ordener", "Montmartre", 860),
    ("Lyon", "22 rue Garibaldi", "Part-Dieu", 620),
    ("Lyon", "7 quai Claude Bernard", "Guillotière", 600),
    ("Lille", "31 rue Solférino", "Wazemmes", 520),
    ("Lille", "3 rue de Valmy", "Vauban", 540),
    ("Bordeaux", "14 cours Victor Hugo", "Saint-Michel", 590),
    ("Bordeaux", "60 rue Judaïque", "Gambetta", 610),
    ("Toulouse", "9 allées Jean Jaurès", "Capitole", 530),
    ("Toulouse", "18 rue des Lois", "Arnaud-Bernard", 510),
    ("Nantes", "4 rue Kervégan", "Île Feydeau", 560),
    ("Montpellier", "25 rue de l'Aiguillerie", "Écusson", 540),
    ("Strasbourg", "11 rue de la Krutenau", "Krutenau", 550),
    ("Rennes", "6 rue Saint-Malo", "Sainte-Anne", 520),
    ("Marseille", "40 boulevard Longchamp", "Cinq-Avenues", 540),
    ("Lyon", "15 montée de la Grande-Côte", "Croix-Rousse", 640),
    ("Paris", "30 rue de la Glacière", "Glacière", 910),
    ("Bordeaux", "2 place de la Victoire", "Victoire", 570),
    ("Toulouse", "41 rue du Taur", "Saint-Sernin", 550),
];

/// Days from today to the availability date, picked in turn.
const AVAILABLE_IN: [i64; 9] = [-20, 0, 7, 14, 21, 30, 45, 60, 90];

/// The listings the marketplace loader created, published unless said otherwise.
pub(super) struct Catalogue {
    /// The landlord organization's, in creation order.
    pub demo: Vec<Listing>,
    /// The agency's published ones, in creation order.
    pub agency: Vec<Listing>,
    /// Units created by the landlord organization's listings.
    pub demo_new_units: usize,
}

/// What a listing's dossier must hold, from none (0) to strict (5).
fn requirements(preset: usize) -> RequirementsInput {
    let (guarantors, multiplier, documents): (i64, Option<Decimal>, &[&str]) = match preset % 6 {
        0 => (0, None, &[]),
        1 => (1, Some(Decimal::new(3, 0)), &["id_card", "proof_of_study"]),
        2 => (
            0,
            Some(Decimal::new(3, 0)),
            &["id_card", "payslip", "tax_notice"],
        ),
        3 => (1, None, &["id_card"]),
        4 => (
            1,
            Some(Decimal::new(25, 1)),
            &["id_card", "proof_of_study", "rib"],
        ),
        _ => (
            2,
            Some(Decimal::new(3, 0)),
            &["id_card", "proof_of_study", "rib"],
        ),
    };
    RequirementsInput {
        guarantor_required_count: Some(guarantors),
        income_min_multiplier: multiplier,
        documents: documents.iter().map(|d| (*d).to_owned()).collect(),
    }
}

fn euros(amount: u32) -> String {
    format!("{amount}.00")
}

/// A room of `rent` euros a month, with charges and a one-month deposit.
fn room(name: String, rent: u32, charges: u32, min: i64, max: i64) -> RoomInput {
    RoomInput {
        unit_id: None,
        name,
        capacity: Some(1),
        rent_eur: euros(rent),
        charges_eur: Some(euros(charges)),
        deposit_eur: Some(euros(rent)),
        min_duration_months: Some(min),
        max_duration_months: Some(max),
    }
}

/// The rooms, title and description of a home of `kind` near `area`, priced from a
/// studio's `base` rent.
fn home(
    kind: ListingType,
    area: &str,
    base: u32,
    rng: &mut fastrand::Rng,
) -> (String, String, Vec<RoomInput>) {
    let step = 10 * rng.u32(0..=8);
    match kind {
        ListingType::Studio => {
            let size = 16 + rng.u32(0..=12);
            (
                format!("Studio meublé de {size} m², {area}"),
                format!(
                    "Studio de {size} m² entièrement meublé : kitchenette, douche, bureau. \
                     Proche des transports et des universités ({area})."
                ),
                vec![room("Studio".into(), base + step, 40 + step / 2, 3, 12)],
            )
        }
        ListingType::Room => {
            let rooms = 3 + rng.usize(0..=2);
            let rooms_input = (0..rooms)
                .map(|r| {
                    let rent = base * 3 / 4 + step + 15 * u32::try_from(r).unwrap_or(0);
                    room(format!("Chambre {}", r + 1), rent, 50, 1, 12)
                })
                .collect();
            (
                format!("Chambre en colocation ({rooms} chambres), {area}"),
                format!(
                    "Colocation de {rooms} chambres meublées, salon et cuisine partagés, \
                     fibre incluse, à {area}. Chaque chambre a son bail."
                ),
                rooms_input,
            )
        }
        ListingType::Flat => {
            let bedrooms = 1 + rng.u32(0..=2);
            let rent = base * (5 + 3 * bedrooms) / 5 + step;
            (
                format!("T{} lumineux, {area}", bedrooms + 1),
                format!(
                    "Appartement de {} pièces, {bedrooms} chambre(s), cuisine équipée, \
                     balcon, quartier {area}.",
                    bedrooms + 1
                ),
                vec![room("Appartement".into(), rent, 60 + 20 * bedrooms, 6, 36)],
            )
        }
    }
}

async fn create(
    services: &Services<AppStore>,
    actor: &Actor,
    input: &ListingInput,
    at: DateTime<Utc>,
    publish: bool,
) -> Result<Listing, DemoError> {
    let mut listing = services
        .create_listing(actor, input, at)
        .await
        .map_err(err)?;
    if publish {
        listing.status = services
            .publish_listing(actor, listing.id, at + Duration::minutes(20))
            .await
            .map_err(err)?;
    }
    Ok(listing)
}

fn availability(index: usize, today: NaiveDate) -> String {
    (today + Duration::days(AVAILABLE_IN[index % AVAILABLE_IN.len()])).to_string()
}

/// Creation time of the `index`-th listing: a few weeks before `now`, a day apart.
fn created_at(index: usize, now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::days(40 - i64::try_from(index % 30).unwrap_or(0))
}

/// The agency's thirty published listings, one draft and one closed.
pub(super) async fn agency(
    services: &Services<AppStore>,
    actor: &Actor,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Vec<Listing>, DemoError> {
    let mut rng = fastrand::Rng::with_seed(18);
    let mut published = Vec::new();
    for index in 0..32 {
        let (city, address, area, base) = SPOTS[index % SPOTS.len()];
        let kind = ListingType::ALL[(index + index / SPOTS.len()) % 3];
        let (title, description, rooms) = home(kind, area, base, &mut rng);
        let input = ListingInput {
            title,
            city: city.into(),
            address: address.into(),
            description: Some(description),
            kind: kind.as_str().into(),
            property_id: None,
            rooms,
            availability_date: availability(index * 5 + 1, today),
            requirements: requirements(index),
        };
        let at = created_at(index, now);
        // The last two show the other states: a draft being written, a closed one.
        let listing = create(services, actor, &input, at, index != 30).await?;
        if index == 31 {
            services
                .close_listing(actor, listing.id, at + Duration::days(2))
                .await
                .map_err(err)?;
        } else if index < 30 {
            published.push(listing);
        }
    }
    Ok(published)
}

/// The landlord organization's listings: each vacant unit (at most eight), then ten
/// homes with new units in its properties (shared flats, studios, flats).
pub(super) async fn landlord(
    services: &Services<AppStore>,
    actor: &Actor,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<(Vec<Listing>, usize), DemoError> {
    let mut properties = Vec::new();
    for page in 1.. {
        let found = services
            .properties(actor, PageRequest::new(page, PageRequest::MAX_LIMIT))
            .await
            .map_err(err)?;
        let last = found.results.len() < PageRequest::MAX_LIMIT as usize;
        properties.extend(found.results);
        if last {
            break;
        }
    }
    if properties.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let mut listings = Vec::new();
    for (index, (property, unit)) in vacant_units(services, actor, &properties)
        .await?
        .into_iter()
        .take(8)
        .enumerate()
    {
        let kind = if unit.details.beds == 0 {
            ListingType::Studio
        } else {
            ListingType::Flat
        };
        let label = if kind == ListingType::Studio {
            "Studio"
        } else {
            "Appartement"
        };
        let input = ListingInput {
            title: format!("{label} {} – {}", unit.details.name, property.details.name),
            city: property.details.city.clone(),
            address: property.details.address.clone(),
            description: Some(format!(
                "{label} libre dans la {} : {} chambre(s), charges comprises dans l'annonce.",
                property.details.name, unit.details.beds
            )),
            kind: kind.as_str().into(),
            property_id: Some(property.id.to_string()),
            rooms: vec![RoomInput {
                unit_id: Some(unit.id.to_string()),
                name: unit.details.name.clone(),
                capacity: Some(1),
                rent_eur: unit.details.rent.amount().to_string(),
                charges_eur: Some(unit.details.charges.amount().to_string()),
                deposit_eur: Some(unit.details.deposit.amount().to_string()),
                min_duration_months: Some(6),
                max_duration_months: Some(36),
            }],
            availability_date: availability(index * 2, today),
            requirements: requirements(index + 3),
        };
        listings.push(create(services, actor, &input, created_at(index, now), true).await?);
    }
    let mut rng = fastrand::Rng::with_seed(2027);
    let mut new_units = 0;
    // The first is the shared flat the demo's confirmed application takes a room in.
    for index in 0..10 {
        let property = &properties[index % properties.len()];
        let kind = [
            ListingType::Room,
            ListingType::Studio,
            ListingType::Room,
            ListingType::Flat,
        ][index % 4];
        let base = if property.details.city == "Paris" {
            880
        } else {
            580
        };
        let (title, description, rooms) = home(kind, &property.details.name, base, &mut rng);
        new_units += rooms.len();
        // Unit names stay unique in the property: "Colocation B – Chambre 2", "Studio F".
        let letter = char::from(b'A' + u8::try_from(index).unwrap_or(0));
        let rooms = rooms
            .into_iter()
            .map(|room| RoomInput {
                name: if kind == ListingType::Room {
                    format!("Colocation {letter} – {}", room.name)
                } else {
                    format!("{} {letter}", room.name)
                },
                ..room
            })
            .collect();
        let input = ListingInput {
            title,
            city: property.details.city.clone(),
            address: property.details.address.clone(),
            description: Some(description),
            kind: kind.as_str().into(),
            property_id: Some(property.id.to_string()),
            rooms,
            availability_date: availability(index * 3, today),
            requirements: requirements(index),
        };
        let at = created_at(index + 8, now);
        listings.push(create(services, actor, &input, at, true).await?);
    }
    Ok((listings, new_units))
}

/// The units of `properties` that no lease names, property by property (reading the
/// first 100 units and leases of each: the demo's properties have 25).
async fn vacant_units<'p>(
    services: &Services<AppStore>,
    actor: &Actor,
    properties: &'p [Property],
) -> Result<Vec<(&'p Property, Unit)>, DemoError> {
    let mut vacant = Vec::new();
    for property in properties {
        let let_units: HashSet<_> = services
            .leases(
                actor,
                LeaseFilter {
                    property_id: Some(property.id),
                    ..LeaseFilter::default()
                },
                PageRequest::new(1, PageRequest::MAX_LIMIT),
            )
            .await
            .map_err(err)?
            .results
            .into_iter()
            .map(|lease| lease.unit_id)
            .collect();
        let units = services
            .units(
                actor,
                property.id,
                PageRequest::new(1, PageRequest::MAX_LIMIT),
            )
            .await
            .map_err(err)?
            .results;
        vacant.extend(
            units
                .into_iter()
                .filter(|unit| !let_units.contains(&unit.id))
                .map(|unit| (property, unit)),
        );
    }
    Ok(vacant)
}
