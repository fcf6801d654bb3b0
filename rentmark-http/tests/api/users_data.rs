//! The caller's data rights: the ZIP export of everything held about them (GDPR
//! art. 15 and 20) and the erasure of their account (art. 17), carried out by the
//! in-server worker.

use std::io::Read;
use std::time::Duration;

use rentmark_domain::ports::AccountRepository;
use rentmark_domain::user::{Email, UserStatus};
use rocket::http::{Header, Method, Status};
use serde_json::{Value, json};

use crate::common::{Landlord, TestApp, assert_error, default_now};
use crate::users::{PASSWORD, linked_tenant, put_me, renter, user_id};

/// The export of `who`: status, headers and the files by name.
async fn export(
    app: &TestApp,
    who: &Landlord,
) -> (
    Status,
    Option<String>,
    Option<String>,
    Vec<(String, String)>,
) {
    let response = app
        .client
        .get("/api/v1/users/me/export")
        .header(Header::new(
            "Authorization",
            format!("Bearer {}", who.token),
        ))
        .dispatch()
        .await;
    let status = response.status();
    let content_type = response.content_type().map(|c| c.to_string());
    let disposition = response
        .headers()
        .get_one("Content-Disposition")
        .map(str::to_owned);
    let bytes = response.into_bytes().await.unwrap_or_default();
    let mut files = Vec::new();
    if status == Status::Ok {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
        for index in 0..archive.len() {
            let mut file = archive.by_index(index).expect("a file");
            let mut text = String::new();
            file.read_to_string(&mut text).expect("UTF-8 JSON");
            files.push((file.name().expect("a UTF-8 name").into_owned(), text));
        }
    }
    (status, content_type, disposition, files)
}

fn file<'a>(files: &'a [(String, String)], name: &str) -> Value {
    let text: &'a str = &files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} is missing"))
        .1;
    serde_json::from_str(text).expect("JSON")
}

#[tokio::test]
async fn the_export_is_a_zip_of_everything_held_about_the_caller() {
    let app = TestApp::spawn().await;
    let p = app.portfolio("Alice", "900.00", "2026-09-01").await;
    let lea = renter(&app, "Lea").await;
    put_me(
        &app,
        &lea,
        None,
        json!({"first_name": "Léa", "budget_eur": "700"}),
    )
    .await;
    // Alice's organization knows Léa (linked to her account) as a co-tenant.
    let record = linked_tenant(&app, &p.landlord, "Léa Martin", &lea).await;
    let unit = app.unit(&p.landlord, &p.property, "Apt 2", "800.00").await;
    let lease = app
        .lease(&p.landlord, &unit, &[&record], "800.00", "2026-10-01")
        .await;
    let (status, paid) = app
        .post(
            "/api/v1/payments",
            &p.landlord.token,
            json!({"lease_id": lease["id"], "tenant_id": record, "amount": "800.00",
                   "paid_on": "2026-10-03", "method": "transfer"}),
        )
        .await;
    assert_eq!(status, Status::Created, "{paid}");

    let (status, content_type, disposition, files) = export(&app, &lea).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(content_type.as_deref(), Some("application/zip"));
    assert_eq!(
        disposition,
        Some(format!(
            "attachment; filename=\"rentmark-export-{}.zip\"",
            lea.user_id
        ))
    );
    let mut names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    let tenancy = format!("tenancies/{}/{record}.json", p.landlord.org_id);
    assert_eq!(
        names,
        [
            "account.json",
            "organizations.json",
            "profile.json",
            tenancy.as_str()
        ]
    );
    for (name, text) in &files {
        assert!(
            !text.contains("argon2") && !text.contains("password"),
            "{name} leaks the password hash"
        );
    }
    assert_eq!(
        file(&files, "account.json"),
        json!({"id": lea.user_id, "email": "lea@renter.test", "role": "tenant",
               "status": "active", "created_at": "2026-11-15T10:00:00Z"})
    );
    let profile = file(&files, "profile.json");
    assert_eq!(profile["first_name"], json!("Léa"));
    assert_eq!(profile["budget_eur"], json!("700.00"));
    assert_eq!(file(&files, "organizations.json"), json!([]));
    let tenancy = file(&files, &tenancy);
    assert_eq!(tenancy["organization_id"], json!(p.landlord.org_id));
    assert_eq!(tenancy["tenant"]["id"], json!(record));
    assert_eq!(tenancy["tenant"]["name"], json!("Léa Martin"));
    assert_eq!(tenancy["tenant"]["user_id"], json!(lea.user_id));
    assert_eq!(tenancy["leases"].as_array().map(Vec::len), Some(1));
    assert_eq!(tenancy["leases"][0]["id"], lease["id"]);
    assert_eq!(tenancy["leases"][0]["rent"], json!("800.00"));
    assert_eq!(tenancy["leases"][0]["start_date"], json!("2026-10-01"));
    // October and November charged, one payment; nothing of the other tenant.
    let entries = tenancy["ledger_entries"].as_array().expect("entries");
    let kinds: Vec<&str> = entries
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(kinds, ["charge", "payment", "charge"]);
    assert!(entries.iter().all(|e| e["tenant_id"] == json!(record)));
    assert_eq!(tenancy["payments"][0]["amount"], json!("800.00"));
    assert_eq!(tenancy["payments"][0]["id"], paid["data"]["id"]);

    // The landlord's own export: their account and membership, no tenancy.
    let (status, _, _, files) = export(&app, &p.landlord).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(files.len(), 3);
    let orgs = file(&files, "organizations.json");
    assert_eq!(orgs[0]["id"], json!(p.landlord.org_id));
    assert_eq!(orgs[0]["role"], json!("owner"));
    // Without a token: the JSON 401.
    let (status, body) = app
        .call(Method::Get, "/api/v1/users/me/export", None, None)
        .await;
    assert_error(status, &body, Status::Unauthorized, "error.unauthorized");
}

#[tokio::test]
async fn delete_queues_the_erasure_which_the_worker_carries_out() {
    let app = TestApp::spawn_with_worker(default_now()).await;
    let p = app.portfolio("Alice", "900.00", "2026-09-01").await;
    let lea = renter(&app, "Lea").await;
    let hugo = renter(&app, "Hugo").await;
    for who in [&lea, &hugo] {
        let (status, body) = put_me(
            &app,
            who,
            None,
            json!({"first_name": "Someone", "phone": "0600"}),
        )
        .await;
        assert_eq!(status, Status::Ok, "{body}");
    }
    let record = linked_tenant(&app, &p.landlord, "Léa Martin", &lea).await;
    let hugo_record = linked_tenant(&app, &p.landlord, "Hugo Roux", &hugo).await;
    let unit = app.unit(&p.landlord, &p.property, "Apt 2", "800.00").await;
    let lease = app
        .lease(
            &p.landlord,
            &unit,
            &[&record, &hugo_record],
            "800.00",
            "2026-10-01",
        )
        .await;
    let ledger_path = format!(
        "/api/v1/leases/{}/ledger",
        lease["id"].as_str().expect("id")
    );
    let (_, ledger_before) = app.get(&ledger_path, &p.landlord.token).await;

    let (status, body) = app.delete("/api/v1/users/me", &lea.token).await;
    assert_eq!(status, Status::Accepted, "{body}");
    assert_eq!(body["data"], json!({"status": "erasure_queued"}));
    assert_eq!(body["success"], json!(true));

    // At once: the token and the password stop working; a second DELETE is refused.
    let (status, body) = app.get("/api/v1/users/me", &lea.token).await;
    assert_error(status, &body, Status::Unauthorized, "auth.invalid_token");
    let (status, body) = app.delete("/api/v1/users/me", &lea.token).await;
    assert_error(status, &body, Status::Unauthorized, "auth.invalid_token");
    let (status, body) = app
        .call(
            Method::Post,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": lea.email, "password": PASSWORD})),
        )
        .await;
    assert_error(
        status,
        &body,
        Status::Unauthorized,
        "auth.invalid_credentials",
    );

    // The in-server worker erases the account.
    let id = user_id(&lea);
    let mut erased = None;
    for _ in 0..100 {
        let user = app.store.user(id).await.expect("the user row stays");
        if user.status == UserStatus::Erased {
            erased = Some(user);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let erased = erased.expect("erased within 10 s");
    assert_eq!(erased.email, Email::erased(id));
    assert_eq!(app.store.profile(id).await.expect("answers"), None);
    let (status, body) = app
        .call(
            Method::Post,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": lea.email, "password": PASSWORD})),
        )
        .await;
    assert_error(
        status,
        &body,
        Status::Unauthorized,
        "auth.invalid_credentials",
    );

    // The landlord keeps the tenant record (unlinked) and the ledger as it was.
    let (status, tenant) = app
        .get(&format!("/api/v1/tenants/{record}"), &p.landlord.token)
        .await;
    assert_eq!(status, Status::Ok, "{tenant}");
    assert_eq!(tenant["data"]["name"], json!("Léa Martin"));
    assert_eq!(tenant["data"]["user_id"], Value::Null);
    let (_, ledger_after) = app.get(&ledger_path, &p.landlord.token).await;
    assert_eq!(ledger_after, ledger_before);

    // Hugo is untouched.
    let (status, me) = app.get("/api/v1/users/me", &hugo.token).await;
    assert_eq!(status, Status::Ok, "{me}");
    assert_eq!(me["data"]["profile"]["first_name"], json!("Someone"));
    let (_, tenant) = app
        .get(&format!("/api/v1/tenants/{hugo_record}"), &p.landlord.token)
        .await;
    assert_eq!(tenant["data"]["user_id"], json!(hugo.user_id));
    // The address can be used again.
    renter(&app, "Lea").await;
}

#[tokio::test]
async fn a_platform_admin_cannot_be_erased_this_way() {
    let app = TestApp::spawn().await;
    let services = rentmark_domain::Services::new(app.store.clone());
    let hash = rentmark_http::auth::password::hash_password(PASSWORD).expect("a hash");
    let email = Email::parse("admin@platform.test").expect("an address");
    assert!(
        services
            .ensure_admin(email, hash, default_now())
            .await
            .expect("bootstrapped")
    );
    let (status, login) = app
        .call(
            Method::Post,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "admin@platform.test", "password": PASSWORD})),
        )
        .await;
    assert_eq!(status, Status::Ok, "{login}");
    let token = login["data"]["token"].as_str().expect("token");
    let (status, body) = app.delete("/api/v1/users/me", token).await;
    assert_error(status, &body, Status::Conflict, "user.admin_erasure");
    let (status, me) = app.get("/api/v1/users/me", token).await;
    assert_eq!(status, Status::Ok, "{me}");
    assert_eq!(me["data"]["status"], json!("active"));
}
