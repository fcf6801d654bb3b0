use rocket::http::{Header, Status};
use serde_json::{Value, json};

use crate::common::{TestApp, assert_error};

async fn balance(app: &TestApp, token: &str, tenant: &str) -> Value {
    let (status, body) = app
        .get(&format!("/api/v1/tenants/{tenant}/balance"), token)
        .await;
    assert_eq!(status, Status::Ok, "{body}");
    body["data"].clone()
}

#[tokio::test]
async fn a_lease_started_in_the_past_owes_its_past_rent_at_once_with_aging() {
    let app = TestApp::spawn().await;
    let p = app.portfolio("Alice", "800.00", "2026-09-01").await;
    let b = balance(&app, &p.landlord.token, &p.tenant).await;
    assert_eq!(b["charges_total"], json!("2400.00"));
    assert_eq!(b["payments_total"], json!("0.00"));
    assert_eq!(b["outstanding"], json!("2400.00"));
    // Today is 2026-11-15: Nov 1 is 14 days old, Oct 1 45, Sep 1 75.
    assert_eq!(
        b["aging"],
        json!({"d0_30": "800.00", "d31_60": "800.00", "d61_90": "800.00", "d90_plus": "0.00"})
    );
    let (_, lease) = app
        .get(&format!("/api/v1/leases/{}", p.lease), &p.landlord.token)
        .await;
    assert_eq!(lease["data"]["next_charge_on"], json!("2026-12-01"));
    assert_eq!(lease["data"]["status"], json!("active"));
}

#[tokio::test]
async fn payments_are_allocated_oldest_first_and_corrections_are_reversals() {
    let app = TestApp::spawn().await;
    let p = app.portfolio("Alice", "800.00", "2026-09-01").await;
    let t = &p.landlord.token;
    let (status, paid) = app
        .post("/api/v1/payments", t, json!({"lease_id": p.lease, "tenant_id": p.tenant, "amount": "1000.00", "paid_on": "2026-11-02", "method": "transfer"}))
        .await;
    assert_eq!(status, Status::Created, "{paid}");
    let payment = paid["data"]["id"].as_str().expect("id").to_owned();
    assert_eq!(paid["data"]["amount"], json!("1000.00"));
    assert_eq!(paid["data"]["revision"], json!(1));
    let b = balance(&app, t, &p.tenant).await;
    assert_eq!(b["outstanding"], json!("1400.00"));
    // September is paid in full, October has 600 left, November 800.
    assert_eq!(
        b["aging"],
        json!({"d0_30": "800.00", "d31_60": "600.00", "d61_90": "0.00", "d90_plus": "0.00"})
    );
    assert_eq!(b["payments"][0]["id"], json!(payment));

    let (status, edited) = app
        .put(
            &format!("/api/v1/payments/{payment}"),
            t,
            json!({"amount": "900.00", "paid_on": "2026-11-03", "method": "card"}),
        )
        .await;
    assert_eq!(status, Status::Ok, "{edited}");
    assert_eq!(edited["data"]["id"], json!(payment));
    assert_eq!(edited["data"]["revision"], json!(2));
    assert_eq!(edited["data"]["method"], json!("card"));
    assert_eq!(
        balance(&app, t, &p.tenant).await["outstanding"],
        json!("1500.00")
    );

    let (_, ledger) = app
        .get(&format!("/api/v1/leases/{}/ledger", p.lease), t)
        .await;
    let kinds: Vec<&str> = ledger["data"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "payment").count(),
        2,
        "{kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == "payment_reversal").count(),
        1,
        "{kinds:?}"
    );
    let last = ledger["data"]
        .as_array()
        .and_then(|e| e.last())
        .expect("entries");
    assert_eq!(last["balance"], json!("1500.00"));

    let (status, deleted) = app.delete(&format!("/api/v1/payments/{payment}"), t).await;
    assert_eq!(status, Status::Ok, "{deleted}");
    assert_eq!(deleted["data"]["status"], json!("deleted"));
    assert_eq!(
        balance(&app, t, &p.tenant).await["outstanding"],
        json!("2400.00")
    );
    let (status, body) = app.delete(&format!("/api/v1/payments/{payment}"), t).await;
    assert_error(status, &body, Status::Conflict, "payment.deleted");
    let (status, body) = app
        .put(
            &format!("/api/v1/payments/{payment}"),
            t,
            json!({"amount": "5", "paid_on": "2026-11-03", "method": "cash"}),
        )
        .await;
    assert_error(status, &body, Status::Conflict, "payment.deleted");
    let (_, listed) = app
        .get(&format!("/api/v1/payments?lease_id={}", p.lease), t)
        .await;
    assert_eq!(listed["data"]["total"], json!(1));
    assert_eq!(listed["data"]["results"][0]["status"], json!("deleted"));
}

#[tokio::test]
async fn an_idempotency_key_makes_a_retried_payment_count_once() {
    let app = TestApp::spawn().await;
    let p = app.portfolio("Alice", "800.00", "2026-11-01").await;
    let body = json!({"lease_id": p.lease, "tenant_id": p.tenant, "amount": "300.00", "paid_on": "2026-11-05", "method": "cash"});
    let mut ids = Vec::new();
    for _ in 0..2 {
        let response = app
            .client
            .post("/api/v1/payments")
            .header(Header::new(
                "Authorization",
                format!("Bearer {}", p.landlord.token),
            ))
            .header(Header::new("Idempotency-Key", "retry-42"))
            .header(rocket::http::ContentType::JSON)
            .body(body.to_string())
            .dispatch()
            .await;
        assert!(
            response.status() == Status::Created,
            "{}",
            response.status()
        );
        let answer: Value =
            serde_json::from_str(&response.into_string().await.unwrap_or_default()).expect("json");
        ids.push(answer["data"]["id"].clone());
    }
    assert_eq!(ids[0], ids[1]);
    assert_eq!(
        balance(&app, &p.landlord.token, &p.tenant).await["outstanding"],
        json!("500.00")
    );
}

#[tokio::test]
async fn payment_input_is_validated() {
    let app = TestApp::spawn().await;
    let p = app.portfolio("Alice", "800.00", "2026-11-01").await;
    let stranger = app.tenant(&p.landlord, "Not On Lease").await;
    let t = &p.landlord.token;
    let (status, body) = app
        .post("/api/v1/payments", t, json!({"lease_id": p.lease, "tenant_id": p.tenant, "amount": "12.345", "paid_on": "2026-02-30", "method": "bitcoin"}))
        .await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "error.validation",
    );
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(fields, vec!["amount", "paid_on", "method"]);
    let (status, body) = app
        .post("/api/v1/payments", t, json!({"lease_id": p.lease, "tenant_id": stranger, "amount": "10", "paid_on": "2026-11-02", "method": "cash"}))
        .await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "error.validation",
    );
    assert_eq!(
        body["error"]["fields"][0]["code"],
        json!("payment.tenant_not_on_lease")
    );
    let (status, body) = app
        .post("/api/v1/payments", t, json!({"lease_id": p.lease, "tenant_id": p.tenant, "amount": "0", "paid_on": "2026-11-02", "method": "cash"}))
        .await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "error.validation",
    );
    let (status, body) = app
        .post(
            "/api/v1/payments",
            t,
            json!({"lease_id": p.lease, "tenant_id": p.tenant, "amount": "10", "paid_on": "2026-11-02", "method": "cash", "receipt_document_id": uuid::Uuid::new_v4()}),
        )
        .await;
    assert_error(status, &body, Status::NotFound, "document.not_found");
    // Nothing was recorded by any of these.
    assert_eq!(
        balance(&app, t, &p.tenant).await["payments_total"],
        json!("0.00")
    );
}

#[tokio::test]
async fn co_tenants_share_every_charge_to_the_cent() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Alice").await;
    let property = app.property(&landlord, "House").await;
    let unit = app.unit(&landlord, &property, "Flat", "1000.01").await;
    let a = app.tenant(&landlord, "Ann").await;
    let b = app.tenant(&landlord, "Ben").await;
    let c = app.tenant(&landlord, "Cat").await;
    let (status, lease) = app
        .post(
            "/api/v1/leases",
            &landlord.token,
            json!({"unit_id": unit, "tenant_ids": [a, b, c], "shares": ["50", "25", "25"], "rent": "1000.01", "start_date": "2026-11-01"}),
        )
        .await;
    assert_eq!(status, Status::Created, "{lease}");
    let mut owed = Vec::new();
    for tenant in [&a, &b, &c] {
        owed.push(balance(&app, &landlord.token, tenant).await["outstanding"].clone());
    }
    assert_eq!(
        owed,
        vec![json!("500.01"), json!("250.00"), json!("250.00")]
    );
    // Shares come back under the name they were sent, in `tenant_ids` order.
    assert_eq!(lease["data"]["shares"], json!(["50.00", "25.00", "25.00"]));
    assert!(lease["data"].get("tenants").is_none(), "{lease}");
}

#[tokio::test]
async fn first_month_is_prorated_and_overlapping_leases_conflict() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Alice").await;
    let property = app.property(&landlord, "House").await;
    let unit = app.unit(&landlord, &property, "Flat", "900.00").await;
    let tenant = app.tenant(&landlord, "Ann").await;
    // A full November is owed at once (the lease started before today).
    let lease = app
        .lease(&landlord, &unit, &[&tenant], "900.00", "2026-11-01")
        .await;
    let lease_id = lease["id"].as_str().expect("id");
    assert_eq!(
        balance(&app, &landlord.token, &tenant).await["outstanding"],
        json!("900.00")
    );

    let other = app.tenant(&landlord, "Bob").await;
    let (status, body) = app
        .post("/api/v1/leases", &landlord.token, json!({"unit_id": unit, "tenant_ids": [other], "rent": "900", "start_date": "2027-01-01"}))
        .await;
    assert_error(status, &body, Status::Conflict, "lease.overlap");
    assert_eq!(
        balance(&app, &landlord.token, &other).await["charges_total"],
        json!("0.00")
    );

    // Ending the first lease on Nov 15 cancels half of November and frees the unit.
    let (status, body) = app
        .post(
            &format!("/api/v1/leases/{lease_id}/end"),
            &landlord.token,
            json!({"end_date": "2026-11-15"}),
        )
        .await;
    assert_eq!(status, Status::Ok, "{body}");
    assert_eq!(body["data"]["end_date"], json!("2026-11-15"));
    assert_eq!(body["data"]["next_charge_on"], Value::Null);
    assert_eq!(
        balance(&app, &landlord.token, &tenant).await["outstanding"],
        json!("450.00")
    );
    let (status, body) = app
        .post(
            &format!("/api/v1/leases/{lease_id}/end"),
            &landlord.token,
            json!({"end_date": "2026-11-15"}),
        )
        .await;
    assert_error(status, &body, Status::Conflict, "lease.already_ended");

    let (status, second) = app
        .post("/api/v1/leases", &landlord.token, json!({"unit_id": unit, "tenant_ids": [other], "rent": "900", "start_date": "2026-11-16"}))
        .await;
    assert_eq!(status, Status::Created, "{second}");
    // The next lease starts after today: nothing owed yet.
    assert_eq!(
        balance(&app, &landlord.token, &other).await["outstanding"],
        json!("0.00")
    );
    assert_eq!(second["data"]["status"], json!("upcoming"));
    assert_eq!(second["data"]["next_charge_on"], json!("2026-11-16"));
}

#[tokio::test]
async fn lease_input_is_validated_field_by_field() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Alice").await;
    let (status, body) = app
        .post(
            "/api/v1/leases",
            &landlord.token,
            json!({"unit_id": "nope", "tenant_ids": [], "rent": "abc", "start_date": "2026-13-01", "end_date": "2026-01-01", "due_day": 32}),
        )
        .await;
    assert_error(
        status,
        &body,
        Status::UnprocessableEntity,
        "error.validation",
    );
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        fields,
        vec!["unit_id", "tenant_ids", "rent", "start_date", "due_day"]
    );
    let (status, body) = app
        .post("/api/v1/leases", &landlord.token, json!({"unit_id": uuid::Uuid::new_v4(), "tenant_ids": [uuid::Uuid::new_v4()], "rent": "10", "start_date": "2026-01-01"}))
        .await;
    assert_error(status, &body, Status::NotFound, "unit.not_found");
}

#[tokio::test]
async fn the_dashboard_answers_who_owes_what() {
    let app = TestApp::spawn().await;
    let p = app.portfolio("Alice", "800.00", "2026-09-01").await;
    let t = &p.landlord.token;
    let empty_unit = app.unit(&p.landlord, &p.property, "Apt 2", "500.00").await;
    let second = app.tenant(&p.landlord, "Zoe Late").await;
    let other_property = app.property(&p.landlord, "Other House").await;
    let other_unit = app
        .unit(&p.landlord, &other_property, "Studio", "600.00")
        .await;
    app.lease(&p.landlord, &other_unit, &[&second], "600.00", "2026-11-01")
        .await;
    app.post("/api/v1/payments", t, json!({"lease_id": p.lease, "tenant_id": p.tenant, "amount": "1000.00", "paid_on": "2026-11-02", "method": "transfer"}))
        .await;
    app.post("/api/v1/payments", t, json!({"lease_id": p.lease, "tenant_id": p.tenant, "amount": "100.00", "paid_on": "2026-10-02", "method": "cash"}))
        .await;

    let (status, body) = app.get("/api/v1/dashboard", t).await;
    assert_eq!(status, Status::Ok, "{body}");
    let d = &body["data"];
    // Charged 2400 + 600, paid 1100.
    assert_eq!(d["totals"]["outstanding"], json!("1900.00"));
    assert_eq!(d["totals"]["collected_this_month"], json!("1000.00"));
    assert_eq!(d["totals"]["due_this_month"], json!("1400.00"));
    assert_eq!(d["totals"]["units"], json!(3));
    assert_eq!(d["totals"]["occupied_units"], json!(2));
    assert_eq!(d["totals"]["occupancy_rate"], json!("0.6667"));
    assert_eq!(d["rows"]["total"], json!(2));
    // Largest outstanding first.
    assert_eq!(d["rows"]["results"][0]["outstanding"], json!("1300.00"));
    assert_eq!(
        d["rows"]["results"][0]["last_payment_on"],
        json!("2026-11-02")
    );
    assert_eq!(
        d["rows"]["results"][0]["oldest_unpaid_on"],
        json!("2026-10-01")
    );
    assert_eq!(d["rows"]["results"][1]["name"], json!("Zoe Late"));
    assert_eq!(d["months"].as_array().map(Vec::len), Some(12));
    assert_eq!(
        d["months"][11],
        json!({"month": "2026-11", "due": "1400.00", "collected": "1000.00"})
    );
    assert_eq!(
        d["months"][10],
        json!({"month": "2026-10", "due": "800.00", "collected": "100.00"})
    );

    let (_, body) = app
        .get(
            &format!("/api/v1/dashboard?property_id={other_property}"),
            t,
        )
        .await;
    assert_eq!(body["data"]["rows"]["total"], json!(1));
    assert_eq!(body["data"]["rows"]["results"][0]["unit"], json!("Studio"));
    assert_eq!(
        body["data"]["totals"]["outstanding"],
        json!("1900.00"),
        "totals stay organization-wide"
    );
    let _ = empty_unit;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_in_process_worker_posts_rent_when_it_falls_due() {
    let app = TestApp::spawn_with_worker(crate::common::default_now()).await;
    let p = app.portfolio("Alice", "800.00", "2026-09-01").await;
    assert_eq!(
        balance(&app, &p.landlord.token, &p.tenant).await["charges_total"],
        json!("2400.00")
    );
    // December 1st, 00:30 in Paris (23:30 UTC on Nov 30): December's rent is due.
    app.clock.set(
        chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 30, 23, 30, 0)
            .single()
            .expect("date"),
    );
    let landlord = app.sign_in(&p.landlord).await;
    let mut charged = json!(null);
    for _ in 0..100 {
        charged = balance(&app, &landlord.token, &p.tenant).await["charges_total"].clone();
        if charged == json!("3200.00") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        charged,
        json!("3200.00"),
        "the worker did not post December's rent within 10 s"
    );
    // Later runs post nothing twice.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(
        balance(&app, &landlord.token, &p.tenant).await["charges_total"],
        json!("3200.00")
    );
}
