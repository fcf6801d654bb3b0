use rentmark_domain::ids::OrgId;
use rentmark_domain::ports::LedgerRepository;
use rentmark_http::demo::{DEMO_EMAIL, DEMO_PASSWORD, load};
use rocket::http::{Method, Status};
use serde_json::json;

use crate::common::{TestApp, default_now};

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
    let summary = load(&app.store, default_now(), 2, 10)
        .await
        .expect("demo loads");
    assert!(summary.loaded);
    assert_eq!(summary.units, 20);
    assert!(summary.leases >= 15, "{summary:?}");
    assert!(
        summary.payments > summary.leases * 3,
        "two years of history: {summary:?}"
    );
    // Loading again changes nothing.
    assert!(
        !load(&app.store, default_now(), 2, 10)
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
    assert_eq!(d["totals"]["units"], json!(20));
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
