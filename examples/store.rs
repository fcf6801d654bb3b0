//! Embedding RentMark without Rocket: the domain's use cases over the SQLite store.
//!
//! Creates an organization in a temporary database, lets a unit to two co-tenants from
//! September, records a payment, and prints who owes what.
//!
//! `cargo run -p rentmark-store --example store`

use chrono::{TimeZone, Utc};
use rentmark_domain::Services;
use rentmark_domain::lease::LeaseInput;
use rentmark_domain::ledger::PaymentInput;
use rentmark_domain::ports::PageRequest;
use rentmark_domain::property::{PropertyInput, UnitInput};
use rentmark_domain::services::{LandlordSignup, Signup};
use rentmark_domain::tenant::TenantInput;
use rentmark_domain::user::{Email, PasswordHash};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = std::env::temp_dir().join(format!("rentmark-example-{}", std::process::id()));
    let store =
        rentmark_store::connect(&format!("sqlite://{}/example.db", folder.display())).await?;
    let services = Services::new(store);
    // The domain never reads the clock: the embedder passes the time in.
    let now = Utc
        .with_ymd_and_hms(2026, 11, 15, 9, 0, 0)
        .single()
        .ok_or("bad date")?;

    let (user, _) = services
        .sign_up(
            Signup::Landlord(LandlordSignup {
                email: Email::parse("owner@example.test")?,
                // Hash with argon2 in a real embedding; the domain only stores it.
                password_hash: PasswordHash::new("$argon2id$placeholder".into()),
                org_name: "Example Lettings".into(),
            }),
            now,
        )
        .await?;
    let actor = services.actor(user.id, None).await?;
    let property = services
        .create_property(
            &actor,
            &PropertyInput {
                name: "Rue Oberkampf".into(),
                address: "12 rue Oberkampf".into(),
                city: "Paris".into(),
                description: None,
            },
            now,
        )
        .await?;
    let unit = services
        .create_unit(
            &actor,
            property.id,
            &UnitInput {
                name: "3B".into(),
                rent: "1200.00".into(),
                charges: Some("80.00".into()),
                ..UnitInput::default()
            },
            now,
        )
        .await?;
    let mut tenants = Vec::new();
    for name in ["Ana Lopez", "Ben Okafor"] {
        let input = TenantInput {
            full_name: name.into(),
            ..TenantInput::default()
        };
        tenants.push(services.create_tenant(&actor, &input, now).await?);
    }
    // Started in the past: September to November are charged at once.
    let lease = services
        .create_lease(
            &actor,
            &LeaseInput {
                unit_id: unit.id.to_string(),
                tenant_ids: tenants.iter().map(|t| t.id.to_string()).collect(),
                rent: "1200.00".into(),
                charges: Some("80.00".into()),
                start_date: "2026-09-01".into(),
                ..LeaseInput::default()
            },
            now,
        )
        .await?;
    services
        .record_payment(
            &actor,
            &PaymentInput {
                lease_id: Some(lease.id.to_string()),
                tenant_id: Some(tenants[0].id.to_string()),
                amount: "1920.00".into(),
                paid_on: "2026-11-03".into(),
                method: "transfer".into(),
                receipt_document_id: None,
            },
            None,
            now,
        )
        .await?;

    let dashboard = services
        .dashboard(&actor, None, PageRequest::default(), now)
        .await?;
    println!(
        "outstanding for the organization: {} EUR",
        dashboard.outstanding
    );
    for row in &dashboard.rows.results {
        println!(
            "  {:<10} unit {} owes {:>8} EUR (oldest unpaid {:?})",
            row.tenant_name,
            row.unit_name,
            row.outstanding().to_string(),
            row.oldest_unpaid_on
        );
    }
    std::fs::remove_dir_all(&folder)?;
    Ok(())
}
