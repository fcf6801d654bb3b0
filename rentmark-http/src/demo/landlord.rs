//! The landlord organization "Démo Immobilier" ([`DEMO_EMAIL`] / [`DEMO_PASSWORD`]):
//! a landlord with a few hundred units and two years of rent history, loaded through
//! the real use cases so that every balance is what the ledger says. Deterministic (a
//! fixed seed) apart from "today".

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rentmark_domain::Services;
use rentmark_domain::calendar::{Period, local_date};
use rentmark_domain::lease::LeaseInput;
use rentmark_domain::ledger::PaymentInput;
use rentmark_domain::org::Actor;
use rentmark_domain::property::{PropertyInput, UnitInput};
use rentmark_domain::tenant::TenantInput;

#[cfg(doc)]
use super::DEMO_PASSWORD;
use super::{DEMO_EMAIL, DemoError, DemoSummary, err, existing, sign_up};
use crate::state::AppStore;

const CITIES: [(&str, &str); 6] = [
    ("Paris", "rue de Rivoli"),
    ("Lyon", "rue de la République"),
    ("Marseille", "la Canebière"),
    ("Toulouse", "rue d'Alsace-Lorraine"),
    ("Lille", "rue Nationale"),
    ("Bordeaux", "cours de l'Intendance"),
];
const FIRST_NAMES: [&str; 16] = [
    "Camille", "Léa", "Hugo", "Lucas", "Manon", "Chloé", "Louis", "Emma", "Jules", "Inès",
    "Nathan", "Sarah", "Yanis", "Zoé", "Adam", "Lina",
];
const LAST_NAMES: [&str; 16] = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "Roux",
];

/// Loads the landlord organization unless the demo account exists. `properties` x
/// `units_per_property` units; 95 % let; leases started over the two years before
/// `now`; each month 95 % paid in full between the 1st and the 10th, 3 % half, 2 %
/// unpaid.
///
/// # Errors
/// [`DemoError`] when a use case fails.
pub(super) async fn load(
    services: &Services<AppStore>,
    now: DateTime<Utc>,
    properties: usize,
    units_per_property: usize,
) -> Result<DemoSummary, DemoError> {
    if existing(services, DEMO_EMAIL).await?.is_some() {
        return Ok(DemoSummary::default());
    }
    let user = sign_up(services, DEMO_EMAIL, Some("Démo Immobilier"), now).await?;
    let actor = services.actor(user.id, None).await.map_err(err)?;
    let mut rng = fastrand::Rng::with_seed(2026);
    let mut summary = DemoSummary {
        loaded: true,
        ..DemoSummary::default()
    };
    let today = local_date(now, actor.org.timezone);
    let mut people = 0_usize;
    for p in 0..properties {
        let (city, street) = CITIES[p % CITIES.len()];
        let property = services
            .create_property(
                &actor,
                &PropertyInput {
                    name: format!("Résidence {} {}", city, p / CITIES.len() + 1),
                    address: format!("{} {street}", 10 + p),
                    city: city.into(),
                    description: None,
                },
                now,
            )
            .await
            .map_err(err)?;
        for u in 0..units_per_property {
            let rent_euros = 400 + rng.u32(0..=22) * 50;
            let unit = services
                .create_unit(
                    &actor,
                    property.id,
                    &UnitInput {
                        name: format!("Apt {}{:02}", u / 10 + 1, u % 10 + 1),
                        beds: Some(i64::from(rng.u8(0..=3))),
                        rent: format!("{rent_euros}.00"),
                        charges: Some(format!("{}.00", 30 + rng.u32(0..=6) * 10)),
                        deposit: Some(format!("{rent_euros}.00")),
                        capacity: Some(2),
                        ..UnitInput::default()
                    },
                    now,
                )
                .await
                .map_err(err)?;
            summary.units += 1;
            if rng.u8(0..100) >= 95 {
                continue;
            }
            let co_tenants = match rng.u8(0..100) {
                0..=59 => 1,
                60..=89 => 2,
                _ => 3,
            };
            let mut tenant_ids = Vec::new();
            for _ in 0..co_tenants {
                let name = format!(
                    "{} {}",
                    FIRST_NAMES[people % FIRST_NAMES.len()],
                    LAST_NAMES[(people / FIRST_NAMES.len() + people * 7) % LAST_NAMES.len()]
                );
                people += 1;
                let tenant = services
                    .create_tenant(
                        &actor,
                        &TenantInput {
                            full_name: name,
                            email: Some(format!("locataire{people}@demo.rentmark.test")),
                            phone: None,
                        },
                        now,
                    )
                    .await
                    .map_err(err)?;
                tenant_ids.push(tenant.id);
            }
            let start = today - Duration::days(i64::from(rng.u32(0..730)));
            let lease = services
                .create_lease(
                    &actor,
                    &LeaseInput {
                        unit_id: unit.id.to_string(),
                        tenant_ids: tenant_ids.iter().map(ToString::to_string).collect(),
                        shares: None,
                        rent: unit.details.rent.to_string(),
                        charges: Some(unit.details.charges.to_string()),
                        deposit: Some(unit.details.deposit.to_string()),
                        start_date: start.to_string(),
                        end_date: Some((start + Duration::days(365 * 2)).to_string()),
                        due_day: Some(1),
                    },
                    now,
                )
                .await
                .map_err(err)?;
            summary.leases += 1;
            summary.payments += pay_history(services, &actor, &lease, &mut rng, today, now).await?;
        }
    }
    Ok(summary)
}

/// Pays each month of `lease` up to `today`: 95 % in full, 3 % half, 2 % nothing,
/// each co-tenant their share, on a day from the 1st to the 10th.
async fn pay_history(
    services: &Services<AppStore>,
    actor: &Actor,
    lease: &rentmark_domain::lease::Lease,
    rng: &mut fastrand::Rng,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, DemoError> {
    let mut payments = 0;
    let schedule = rentmark_domain::schedule::charges_due_through(&lease.terms, today);
    // What each co-tenant was charged for each month: the lease posted its whole
    // history when it was created, split as this computes it (the remainder cents
    // rotate among co-tenants), so each pays their own charges.
    let charged = rentmark_domain::ledger::charge_entries(lease, &schedule, now);
    let mut period = Period::of(lease.terms.start_date);
    while period <= Period::of(today) {
        let roll = rng.u8(0..100);
        let day = period
            .clamped_day(1 + rng.u32(0..10))
            .max(lease.terms.start_date);
        if day <= today {
            let shares = lease.tenants.iter().map(|co_tenant| {
                let owed: i64 = charged
                    .iter()
                    .filter(|e| e.period == Some(period) && e.tenant_id == co_tenant.tenant_id)
                    .map(|e| e.amount.cents())
                    .sum();
                let paid = match roll {
                    0..=94 => owed,
                    95..=97 => owed / 2,
                    _ => 0,
                };
                rentmark_domain::money::Money::from_cents(paid, lease.currency())
            });
            let shares: Vec<_> = shares.collect();
            for (co_tenant, share) in lease.tenants.iter().zip(shares) {
                if !share.is_positive() {
                    continue;
                }
                let method = if day.day().is_multiple_of(3) {
                    "card"
                } else {
                    "transfer"
                };
                services
                    .record_payment(
                        actor,
                        &PaymentInput {
                            lease_id: Some(lease.id.to_string()),
                            tenant_id: Some(co_tenant.tenant_id.to_string()),
                            amount: share.to_string(),
                            paid_on: day.to_string(),
                            method: method.into(),
                            receipt_document_id: None,
                        },
                        None,
                        now,
                    )
                    .await
                    .map_err(err)?;
                payments += 1;
            }
        }
        period = period.next();
    }
    Ok(payments)
}
