use rentmark_domain::ids::OrgId;
use rentmark_domain::ports::LedgerRepository;
use std::collections::{BTreeMap, BTreeSet};

use rentmark_http::demo::{ACCOUNTS, AGENCY_EMAIL, DEMO_EMAIL, DEMO_PASSWORD, DemoSummary, load};
use rocket::http::{Method, Status};
use serde_json::json;

use crate::common::{TestApp, default_now};

async fn loaded() -> (TestApp, DemoSummary) {
    let app = TestApp::spawn().await;
    let summary = load(&app.store, &app.blobs, default_now(), 2, 10)
        .await
        .expect("demo loads");
    (app, summary)
}

async fn sign_in(app: &TestApp, email: &str) -> (String, String) {
    let (status, login) = app
        .call(
            Method::Post,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": email, "password": DEMO_PASSWORD})),
        )
        .await;
    assert_eq!(status, Status::Ok, "{email}: {login}");
    (
        login["data"]["token"].as_str().expect("token").to_owned(),
        login["data"]["role"].as_str().expect("role").to_owned(),
    )
}

/// Every row of a paged list.
async fn all_rows(app: &TestApp, path: &str, token: Option<&str>) -> Vec<serde_json::Value> {
    let mut rows = Vec::new();
    for page in 1.. {
        let separator = if path.contains('?') { '&' } else { '?' };
        let (status, body) = app
            .call(
                Method::Get,
                &format!("{path}{separator}page={page}&limit=100"),
                token,
                None,
            )
            .await;
        assert_eq!(status, Status::Ok, "{path}: {body}");
        let results = body["data"]["results"].as_array().expect("results").clone();
        let done = results.len() < 100;
        rows.extend(results);
        if done {
            break;
        }
    }
    rows
}

/// Applications per status in the organization of `token`'s owner.
async fn statuses(app: &TestApp, token: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for row in all_rows(app, "/api/v1/landlord/applications", Some(token)).await {
        *counts
            .entry(row["status"].as_str().expect("status").to_owned())
            .or_default() += 1;
    }
    counts
}

const STATES: [&str; 5] = [
    "pending",
    "accepted_pending_payment",
    "confirmed",
    "rejected",
    "withdrawn",
];

fn cents(text: &serde_json::Value) -> i64 {
    let text = text.as_str().expect("money string");
    let (units, fraction) = text.split_once('.').expect("two decimals");
    let sign = if units.starts_with('-') { -1 } else { 1 };
    sign * (units.trim_start_matches('-').parse::<i64>().expect("units") * 100
        + fraction.parse::<i64>().expect("cents"))
}

#[tokio::test]
async fn the_demo_organization_reconciles_and_its_dashboard_adds_up() {
    let app = TestApp::spawn().await;
    let summary = load(&app.store, &app.blobs, default_now(), 2, 10)
        .await
        .expect("demo loads");
    assert!(summary.loaded);
    // 20 units of its own properties, and the units its listings advertise.
    assert!(summary.units > 20, "{summary:?}");
    assert!(summary.leases >= 15, "{summary:?}");
    assert!(
        summary.payments > summary.leases * 3,
        "two years of history: {summary:?}"
    );
    // Loading again changes nothing.
    assert!(
        !load(&app.store, &app.blobs, default_now(), 2, 10)
            .await
            .expect("second load")
            .loaded
    );

    let (status, login) = app
        .call(
            Method::Post,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": DEMO_EMAIL, "password": DEMO_PASSWORD})),
        )
        .await;
    assert_eq!(status, Status::Ok, "{login}");
    let token = login["data"]["token"].as_str().expect("token").to_owned();
    let (_, me) = app.get("/api/v1/users/me", &token).await;
    let org = OrgId::from_uuid(
        me["data"]["organizations"][0]["id"]
            .as_str()
            .expect("org")
            .parse()
            .expect("uuid"),
    );
    let differences = app.store.reconcile(org).await.expect("reconcile");
    assert!(
        differences.is_empty(),
        "materialized balances differ from the entries: {differences:?}"
    );

    let (status, dashboard) = app.get("/api/v1/dashboard?limit=100", &token).await;
    assert_eq!(status, Status::Ok, "{dashboard}");
    let d = &dashboard["data"];
    let rows = d["rows"]["results"].as_array().expect("rows");
    assert_eq!(d["rows"]["total"].as_u64(), Some(rows.len() as u64));
    let sum_of_rows: i64 = rows.iter().map(|r| cents(&r["outstanding"])).sum();
    assert_eq!(
        sum_of_rows,
        cents(&d["totals"]["outstanding"]),
        "billing rows add up to the organization's outstanding"
    );
    assert_eq!(d["totals"]["units"], json!(summary.units));
    let let_units: std::collections::HashSet<&str> =
        rows.iter().filter_map(|r| r["unit_id"].as_str()).collect();
    assert_eq!(
        d["totals"]["occupied_units"].as_u64(),
        Some(let_units.len() as u64)
    );
    assert_eq!(
        let_units.len(),
        summary.leases,
        "every demo lease runs today"
    );
    // Twelve months, each collected at most what was due plus earlier arrears, never negative.
    for month in d["months"].as_array().expect("months") {
        assert!(
            cents(&month["due"]) >= 0 && cents(&month["collected"]) >= 0,
            "{month}"
        );
    }
    // Each tenant's balance agrees with their billing rows.
    for row in rows.iter().take(5) {
        let tenant = row["tenant_id"].as_str().expect("tenant");
        let (_, balance) = app
            .get(&format!("/api/v1/tenants/{tenant}/balance"), &token)
            .await;
        let tenant_rows: i64 = rows
            .iter()
            .filter(|r| r["tenant_id"] == row["tenant_id"])
            .map(|r| cents(&r["outstanding"]))
            .sum();
        assert_eq!(cents(&balance["data"]["outstanding"]), tenant_rows);
        let aging = &balance["data"]["aging"];
        let aged: i64 = ["d0_30", "d31_60", "d61_90", "d90_plus"]
            .iter()
            .map(|k| cents(&aging[*k]))
            .sum();
        assert!(
            aged >= cents(&balance["data"]["outstanding"]),
            "open charges cover what is owed: {balance}"
        );
    }
}

#[tokio::test]
async fn the_public_search_shows_forty_listings_of_every_type_in_several_cities() {
    let (app, summary) = loaded().await;
    let listings = all_rows(&app, "/api/v1/listings", None).await;
    assert!(listings.len() >= 40, "{} listings", listings.len());
    assert_eq!(listings.len(), summary.listings, "{summary:?}");
    let cities: BTreeSet<&str> = listings.iter().filter_map(|l| l["city"].as_str()).collect();
    assert!(cities.len() >= 3, "{cities:?}");
    for city in ["Paris", "Lyon", "Lille", "Bordeaux", "Toulouse"] {
        assert!(cities.contains(city), "{city} missing from {cities:?}");
    }
    let types: BTreeSet<&str> = listings.iter().filter_map(|l| l["type"].as_str()).collect();
    assert_eq!(types, BTreeSet::from(["flat", "room", "studio"]));
    let rents: BTreeSet<&str> = listings
        .iter()
        .filter_map(|l| l["rent_from"].as_str())
        .collect();
    let dates: BTreeSet<&str> = listings
        .iter()
        .filter_map(|l| l["availability_date"].as_str())
        .collect();
    assert!(rents.len() >= 20 && dates.len() >= 5, "{rents:?} {dates:?}");
    // Both organizations publish (the agency also has a draft and a closed one).
    let mut published = 0;
    for owner in [DEMO_EMAIL, AGENCY_EMAIL] {
        let (token, _) = sign_in(&app, owner).await;
        let own = all_rows(&app, "/api/v1/landlord/listings", Some(&token)).await;
        let count = own.iter().filter(|l| l["status"] == "published").count();
        assert!(count >= 10, "{owner}: {count} published");
        published += count;
        if owner == AGENCY_EMAIL {
            let states: BTreeSet<&str> = own.iter().filter_map(|l| l["status"].as_str()).collect();
            assert_eq!(states, BTreeSet::from(["closed", "draft", "published"]));
        }
    }
    assert_eq!(published, listings.len());
    // A shared flat offers several rooms.
    let shared = listings
        .iter()
        .find(|l| l["type"] == "room")
        .expect("a shared flat");
    let (status, page) = app
        .call(
            Method::Get,
            &format!("/api/v1/listings/{}", shared["id"].as_str().expect("id")),
            None,
            None,
        )
        .await;
    assert_eq!(status, Status::Ok, "{page}");
    assert!(
        page["data"]["rooms"].as_array().expect("rooms").len() >= 3,
        "{page}"
    );
}

#[tokio::test]
async fn every_demo_account_signs_in_with_its_role() {
    let (app, _) = loaded().await;
    assert!(ACCOUNTS.len() >= 8);
    assert_eq!(ACCOUNTS[0].email, DEMO_EMAIL);
    for account in ACCOUNTS {
        let (_, role) = sign_in(&app, account.email).await;
        assert_eq!(role, account.role, "{}", account.email);
    }
}

#[tokio::test]
async fn both_organizations_have_applications_in_every_state() {
    let (app, summary) = loaded().await;
    let (demo, _) = sign_in(&app, DEMO_EMAIL).await;
    let (agency, _) = sign_in(&app, AGENCY_EMAIL).await;
    let demo_states = statuses(&app, &demo).await;
    let agency_states = statuses(&app, &agency).await;
    for state in STATES {
        assert!(demo_states.contains_key(state), "{state}: {demo_states:?}");
        assert!(
            agency_states.contains_key(state),
            "{state}: {agency_states:?}"
        );
    }
    let total: usize = demo_states.values().chain(agency_states.values()).sum();
    assert_eq!(total, summary.applications);
    // The room Hugo got closed Zoé's application on it.
    let rejected = all_rows(
        &app,
        "/api/v1/landlord/applications?status=rejected",
        Some(&demo),
    )
    .await;
    assert!(
        rejected.iter().any(|a| a["reason"] == "room_taken"),
        "{rejected:?}"
    );
}

#[tokio::test]
async fn a_confirmed_renter_has_a_lease_a_paid_first_month_and_a_dossier() {
    let (app, _) = loaded().await;
    let (hugo, _) = sign_in(&app, "hugo.bernard@rentmark.test").await;
    let (_, me) = app.get("/api/v1/users/me", &hugo).await;
    let hugo_id = me["data"]["id"].as_str().expect("user id").to_owned();
    let mine = all_rows(&app, "/api/v1/tenant/applications", Some(&hugo)).await;
    let confirmed = mine
        .iter()
        .find(|a| a["status"] == "confirmed")
        .expect("a confirmed application");

    let (demo, _) = sign_in(&app, DEMO_EMAIL).await;
    let tenants = all_rows(&app, "/api/v1/tenants", Some(&demo)).await;
    let tenant = tenants
        .iter()
        .find(|t| t["user_id"].as_str() == Some(hugo_id.as_str()))
        .expect("the confirmation made Hugo a tenant");
    let tenant_id = tenant["id"].as_str().expect("tenant id");
    let leases = all_rows(
        &app,
        &format!("/api/v1/leases?tenant_id={tenant_id}"),
        Some(&demo),
    )
    .await;
    assert_eq!(leases.len(), 1, "{leases:?}");
    assert_eq!(leases[0]["start_date"], confirmed["move_in_date"]);
    assert_eq!(leases[0]["status"], "active", "{leases:?}");
    let (_, balance) = app
        .get(&format!("/api/v1/tenants/{tenant_id}/balance"), &demo)
        .await;
    assert!(cents(&balance["data"]["charges_total"]) > 0, "{balance}");
    assert_eq!(
        cents(&balance["data"]["payments_total"]),
        cents(&balance["data"]["charges_total"]),
        "{balance}"
    );
    assert_eq!(cents(&balance["data"]["outstanding"]), 0, "{balance}");

    let (_, guarantors) = app.get("/api/v1/tenant/guarantors", &hugo).await;
    assert_eq!(guarantors["data"]["total"], json!(2), "{guarantors}");
    let (_, documents) = app.get("/api/v1/documents", &hugo).await;
    let documents = documents["data"].as_array().expect("documents").clone();
    let kinds: BTreeSet<&str> = documents
        .iter()
        .filter_map(|d| d["kind"].as_str())
        .collect();
    assert_eq!(kinds, BTreeSet::from(["id_card", "proof_of_study", "rib"]));
    for document in &documents {
        assert_eq!(document["state"], "stored", "{document}");
        let url = document["download_url"].as_str().expect("download url");
        let path = url.split_once("/api/v1").map_or(url, |(_, p)| p);
        let response = app.client.get(format!("/api/v1{path}")).dispatch().await;
        assert_eq!(response.status(), Status::Ok, "{url}");
        let bytes = response.into_bytes().await.expect("bytes");
        let magic: &[u8] = if document["content_type"] == "application/pdf" {
            b"%PDF-1.4"
        } else {
            b"\x89PNG"
        };
        assert!(bytes.starts_with(magic), "{document}");
        assert_eq!(document["size_bytes"], json!(bytes.len()));
    }
}

#[tokio::test]
async fn loading_twice_changes_nothing() {
    let (app, first) = loaded().await;
    assert!(
        first.loaded && first.renters >= 6 && first.applications >= 10,
        "{first:?}"
    );
    let listings = all_rows(&app, "/api/v1/listings", None).await.len();
    let (demo, _) = sign_in(&app, DEMO_EMAIL).await;
    let applications = statuses(&app, &demo).await;
    let again = load(&app.store, &app.blobs, default_now(), 2, 10)
        .await
        .expect("second load");
    assert_eq!(again, DemoSummary::default());
    assert_eq!(
        all_rows(&app, "/api/v1/listings", None).await.len(),
        listings
    );
    assert_eq!(statuses(&app, &demo).await, applications);
    let (lea, _) = sign_in(&app, "lea.martin@rentmark.test").await;
    let (_, documents) = app.get("/api/v1/documents", &lea).await;
    assert_eq!(documents["data"].as_array().map(Vec::len), Some(3));
}

#[tokio::test]
async fn each_renter_has_the_applications_the_readme_describes() {
    let (app, _) = loaded().await;
    let expected: [(&str, &[&str]); 6] = [
        (
            "lea.martin@rentmark.test",
            &["accepted_pending_payment", "pending", "withdrawn"],
        ),
        ("hugo.bernard@rentmark.test", &["confirmed", "rejected"]),
        (
            "ines.haddad@rentmark.test",
            &["pending", "pending", "rejected"],
        ),
        (
            "yanis.petit@rentmark.test",
            &["accepted_pending_payment", "pending", "withdrawn"],
        ),
        (
            "zoe.leroy@rentmark.test",
            &["confirmed", "pending", "rejected"],
        ),
        ("sam.moreau@rentmark.test", &[]),
    ];
    for (email, states) in expected {
        let (token, _) = sign_in(&app, email).await;
        let mut found: Vec<String> = all_rows(&app, "/api/v1/tenant/applications", Some(&token))
            .await
            .iter()
            .map(|a| a["status"].as_str().expect("status").to_owned())
            .collect();
        found.sort();
        assert_eq!(found, states, "{email}");
    }
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README");
    for account in ACCOUNTS {
        assert!(
            readme.contains(&format!("| {} |", account.email)),
            "the README's table names {}",
            account.email
        );
    }
}
