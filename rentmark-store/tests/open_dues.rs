//! What remains due on each account is materialized on every posting (the tenant
//! balance reads it instead of the history), equals the allocation recomputed from the
//! entries, and is filled in from the entries when a database written before the
//! column existed is opened.

use chrono::{DateTime, TimeZone, Utc};
use rentmark_domain::Services;
use rentmark_domain::ids::TenantId;
use rentmark_domain::lease::LeaseInput;
use rentmark_domain::ledger::{AccountSummary, Aging, PaymentInput};
use rentmark_domain::org::Actor;
use rentmark_domain::ports::LedgerRepository;
use rentmark_domain::property::{PropertyInput, UnitInput};
use rentmark_domain::services::{LandlordSignup, Signup};
use rentmark_domain::tenant::TenantInput;
use rentmark_domain::user::{Email, PasswordHash};
use rentmark_store::AnyStore;
use sqlx::Connection;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 15, 9, 0, 0)
        .single()
        .expect("valid instant")
}

/// An organization with one lease to two co-tenants since June (six months charged)
/// and one partial payment by the first: returns the actor and the co-tenants.
async fn portfolio(services: &Services<AnyStore>) -> (Actor, Vec<TenantId>) {
    let (user, _) = services
        .sign_up(
            Signup::Landlord(LandlordSignup {
                email: Email::parse("owner@example.test").expect("email"),
                password_hash: PasswordHash::new("$argon2id$placeholder".into()),
                org_name: "Dues".into(),
            }),
            now(),
        )
        .await
        .expect("sign up");
    let actor = services.actor(user.id, None).await.expect("actor");
    let property = services
        .create_property(
            &actor,
            &PropertyInput {
                name: "Quai".into(),
                address: "1 quai".into(),
                city: "Lyon".into(),
                description: None,
            },
            now(),
        )
        .await
        .expect("property");
    let unit = services
        .create_unit(
            &actor,
            property.id,
            &UnitInput {
                name: "2A".into(),
                rent: "901.01".into(),
                ..UnitInput::default()
            },
            now(),
        )
        .await
        .expect("unit");
    let mut tenants = Vec::new();
    for name in ["Ana", "Ben"] {
        let input = TenantInput {
            full_name: name.into(),
            ..TenantInput::default()
        };
        tenants.push(
            services
                .create_tenant(&actor, &input, now())
                .await
                .expect("tenant")
                .id,
        );
    }
    let lease = services
        .create_lease(
            &actor,
            &LeaseInput {
                unit_id: unit.id.to_string(),
                tenant_ids: tenants.iter().map(ToString::to_string).collect(),
                rent: "901.01".into(),
                start_date: "2026-06-01".into(),
                ..LeaseInput::default()
            },
            now(),
        )
        .await
        .expect("lease");
    services
        .record_payment(
            &actor,
            &PaymentInput {
                lease_id: Some(lease.id.to_string()),
                tenant_id: Some(tenants[0].to_string()),
                amount: "1000.00".into(),
                paid_on: "2026-07-03".into(),
                method: "transfer".into(),
                receipt_document_id: None,
            },
            None,
            now(),
        )
        .await
        .expect("payment");
    (actor, tenants)
}

/// The aging recomputed from every entry, as before the dues were materialized.
async fn aging_from_entries(
    services: &Services<AnyStore>,
    actor: &Actor,
    tenant: TenantId,
) -> Aging {
    let entries = services
        .tenant_entries(actor, tenant)
        .await
        .expect("entries");
    let summary = AccountSummary::from_entries(&entries, actor.org.currency);
    Aging::of_dues(&summary.open, now().date_naive(), actor.org.currency)
}

#[tokio::test]
async fn open_dues_are_kept_on_posting_and_filled_in_for_older_databases() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", folder.path().join("dues.db").display());
    let store = rentmark_store::connect(&url).await.expect("store");
    let services = Services::new(store.clone());
    let (actor, tenants) = portfolio(&services).await;

    let mut before = Vec::new();
    for tenant in &tenants {
        let balance = services
            .tenant_balance(&actor, *tenant, now())
            .await
            .expect("balance");
        // The materialized dues give the aging the whole history gives.
        assert_eq!(
            balance.aging,
            aging_from_entries(&services, &actor, *tenant).await
        );
        let aged = balance.aging.d0_30.cents()
            + balance.aging.d31_60.cents()
            + balance.aging.d61_90.cents()
            + balance.aging.d90_plus.cents();
        assert_eq!(aged, balance.outstanding.cents(), "every open cent is aged");
        before.push(balance);
    }
    // Ana paid 1000.00 of her half of 6 x 901.01: the odd cent of each month goes to
    // the co-tenants in turn (450.51, 450.50, ...), so after six months she has been
    // charged exactly half, 2,703.03. The two oldest months are paid, the third partly.
    assert!(before[0].aging.d90_plus.cents() > 0);
    assert_eq!(before[0].charged.cents(), 3 * 45_051 + 3 * 45_050);
    assert_eq!(
        before[0].outstanding.cents(),
        3 * 45_051 + 3 * 45_050 - 100_000
    );
    assert!(before[0].aging.d90_plus.cents() < before[1].aging.d90_plus.cents());
    assert_eq!(
        store.reconcile(actor.org_id()).await.expect("reconcile"),
        vec![]
    );

    // A database written before the column existed: every account's dues are null.
    store.close().await;
    drop(services);
    drop(store);
    let mut raw = sqlx::SqliteConnection::connect(&url)
        .await
        .expect("raw connection");
    let nulled = sqlx::query("update ledger_accounts set open_dues = null")
        .execute(&mut raw)
        .await
        .expect("null the dues")
        .rows_affected();
    assert_eq!(nulled, 2);
    raw.close().await.expect("close");

    // Opening it fills them in from the entries: the same balances, nothing to report.
    let store = rentmark_store::connect(&url).await.expect("store reopened");
    let services = Services::new(store.clone());
    for (tenant, expected) in tenants.iter().zip(&before) {
        let balance = services
            .tenant_balance(&actor, *tenant, now())
            .await
            .expect("balance");
        assert_eq!(&balance, expected);
    }
    assert_eq!(
        store.reconcile(actor.org_id()).await.expect("reconcile"),
        vec![]
    );
}
