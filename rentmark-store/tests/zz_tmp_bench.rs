#![allow(clippy::unwrap_used, missing_docs)]
use chrono::{TimeZone, Utc};
use rentmark_domain::Services;
use rentmark_domain::lease::LeaseInput;
use rentmark_domain::money::{Currency, Money};
use rentmark_domain::ports::*;
use rentmark_domain::property::{Property, PropertyDetails, Unit, UnitDetails};
use rentmark_domain::services::{LandlordSignup, Signup};
use rentmark_domain::tenant::{Tenant, TenantDetails};
use rentmark_domain::user::{Email, PasswordHash};
use std::time::Instant;

async fn run(url: &str) {
    let store = rentmark_store::connect(url).await.unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 15, 10, 0, 0).unwrap();
    let s = Services::new(store.clone());
    let (user, _) = s
        .sign_up(
            Signup::Landlord(LandlordSignup {
                email: Email::parse(&format!("b{}@x.fr", uuid::Uuid::now_v7().simple())).unwrap(),
                password_hash: PasswordHash::new("x".into()),
                org_name: "B".into(),
            }),
            now,
        )
        .await
        .unwrap();
    let actor = s.actor(user.id, None).await.unwrap();
    let org = actor.org_id();
    let t = Instant::now();
    let props: Vec<Property> = (0..20)
        .map(|i| {
            Property::new(
                org,
                PropertyDetails {
                    name: format!("P{i}"),
                    address: "a".into(),
                    city: "c".into(),
                    description: None,
                },
                now,
            )
        })
        .collect();
    store.create_properties(org, &props).await.unwrap();
    let units: Vec<Unit> = (0..300)
        .map(|i| {
            Unit::new(
                org,
                props[i % 20].id,
                UnitDetails {
                    name: format!("U{i}"),
                    beds: 1,
                    baths: 1.into(),
                    sq_ft: None,
                    capacity: 2,
                    rent: Money::from_cents(80000, Currency::Eur),
                    charges: Money::from_cents(5000, Currency::Eur),
                    deposit: Money::from_cents(80000, Currency::Eur),
                },
                now,
            )
        })
        .collect();
    store.create_units(org, &units).await.unwrap();
    let tenants: Vec<Tenant> = (0..450)
        .map(|i| {
            Tenant::new(
                org,
                TenantDetails {
                    full_name: format!("T{i}"),
                    email: None,
                    phone: None,
                },
                None,
                now,
            )
        })
        .collect();
    store.create_tenants(org, &tenants).await.unwrap();
    println!("{url}: bulk {:?}", t.elapsed());
    let t = Instant::now();
    for (i, u) in units.iter().enumerate() {
        let mut ids = vec![tenants[i].id.to_string()];
        if i % 2 == 0 {
            ids.push(tenants[300 + i / 2].id.to_string());
        }
        let input = LeaseInput {
            unit_id: u.id.to_string(),
            tenant_ids: ids,
            rent: "800".into(),
            charges: Some("50".into()),
            deposit: Some("800".into()),
            start_date: "2024-03-01".into(),
            due_day: Some(5),
            ..LeaseInput::default()
        };
        s.create_lease(&actor, &input, now).await.unwrap();
    }
    println!("{url}: 300 leases x 25 months {:?}", t.elapsed());
    let t = Instant::now();
    let d = s
        .dashboard(&actor, None, PageRequest::default(), now)
        .await
        .unwrap();
    println!("{url}: dashboard {:?} rows {}", t.elapsed(), d.rows.total);
    let t = Instant::now();
    assert!(store.reconcile(org).await.unwrap().is_empty());
    println!("{url}: reconcile {:?}", t.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bench_sqlite() {
    run(&format!(
        "sqlite:///tmp/rmbench/{}.db",
        uuid::Uuid::now_v7().simple()
    ))
    .await;
}
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bench_pg() {
    run("postgres://postgres@127.0.0.1:5432/test").await;
}
