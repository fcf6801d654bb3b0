//! A user's own data: the profile saved with an organization rename in one
//! transaction, the erasure request (status and job in one transaction, idempotent),
//! the erasure (what is cleared, what the organizations keep) and the export query.

use chrono::{Duration, NaiveDate};
use rentmark_domain::ids::UserId;
use rentmark_domain::ledger::{Payment, PaymentInput};
use rentmark_domain::money::{Currency, Money};
use rentmark_domain::org::Role;
use rentmark_domain::ports::{
    AccountRepository, JobQueue, JobStatus, LeaseRepository, LedgerRepository, PageRequest,
    RepoError, TenantRepository,
};
use rentmark_domain::profile::Profile;
use rentmark_domain::services::{ERASE_USER_JOB, erase_user_job};
use rentmark_domain::tenant::{Tenant, TenantDetails};
use rentmark_domain::user::{AccountRole, Email, PasswordHash, User, UserStatus};
use rentmark_store::AnyStore;

use crate::harness::{Org, conflict, date, not_found, now};

/// A new account of `role`.
async fn account(store: &AnyStore, email: &str, role: AccountRole) -> User {
    let user = User {
        id: UserId::generate(now()),
        email: Email::parse(email).unwrap(),
        role,
        status: UserStatus::Active,
        password_hash: PasswordHash::new("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into()),
        display_name: Some("Léa M.".into()),
        created_at: now(),
    };
    store.create_user(&user, None).await.unwrap();
    user
}

/// A tenant record of `org` linked to `user`'s account.
async fn linked_tenant(store: &AnyStore, org: &Org, name: &str, user: Option<UserId>) -> Tenant {
    let tenant = Tenant::new(
        org.id(),
        TenantDetails {
            full_name: name.into(),
            email: Some(Email::parse("lea@example.fr").unwrap()),
            phone: Some("06 00 00 00 00".into()),
        },
        user,
        now(),
    );
    store.create_tenant(&tenant).await.unwrap();
    tenant
}

fn eur(text: &str) -> Money {
    Money::parse(text, Currency::Eur).unwrap()
}

fn renter_profile() -> Profile {
    Profile {
        first_name: Some("Léa".into()),
        last_name: Some("Martin".into()),
        phone: Some("+33 6 12 34 56 78".into()),
        nationality: Some("française".into()),
        birth_date: NaiveDate::from_ymd_opt(2004, 2, 29),
        education: Some("Master 1".into()),
        budget: Some(eur("650.50")),
        contact_name: None,
    }
}

async fn pay(
    org: &Org,
    lease: &rentmark_domain::lease::Lease,
    tenant: &Tenant,
    amount: &str,
) -> Payment {
    let input = PaymentInput {
        lease_id: Some(lease.id.to_string()),
        tenant_id: Some(tenant.id.to_string()),
        amount: amount.into(),
        paid_on: "2026-02-03".into(),
        method: "transfer".into(),
        receipt_document_id: None,
    };
    org.services
        .record_payment(&org.actor, &input, None, now())
        .await
        .unwrap()
}

pub async fn profiles_are_saved_with_an_org_rename_in_one_transaction(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let owner = a.actor.user_id;
    assert_eq!(store.profile(owner).await.unwrap(), None);

    // Saved and renamed together; read back exactly (cents and dates round-trip).
    let landlord = Profile {
        contact_name: Some("Camille Bernard".into()),
        phone: Some("01 23 45 67 89".into()),
        ..Profile::default()
    };
    store
        .save_profile(owner, &landlord, Some((a.id(), "Agence du Parc")), now())
        .await
        .unwrap();
    assert_eq!(store.profile(owner).await.unwrap(), Some(landlord.clone()));
    let memberships = store.memberships(owner).await.unwrap();
    assert_eq!(memberships[0].org.name, "Agence du Parc");

    // A second save replaces the whole row (a cleared field is stored as null).
    let renter = renter_profile();
    store
        .save_profile(owner, &renter, None, now() + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(store.profile(owner).await.unwrap(), Some(renter.clone()));
    let cleared = Profile {
        phone: None,
        budget: None,
        birth_date: None,
        ..renter.clone()
    };
    store
        .save_profile(owner, &cleared, None, now())
        .await
        .unwrap();
    assert_eq!(store.profile(owner).await.unwrap(), Some(cleared.clone()));

    // Renaming an organization the user is only a viewer of, or not a member of:
    // NotFound, and neither the name nor the profile changes (one transaction).
    store
        .set_membership(b.id(), owner, Role::Viewer)
        .await
        .unwrap();
    for org in [b.id(), rentmark_domain::ids::OrgId::generate(now())] {
        not_found(
            store
                .save_profile(owner, &landlord, Some((org, "Pris")), now())
                .await,
        );
    }
    assert_eq!(store.profile(owner).await.unwrap(), Some(cleared.clone()));
    let names: Vec<String> = store
        .memberships(owner)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.org.name)
        .collect();
    assert_eq!(
        names,
        vec!["Agence du Parc".to_owned(), b.actor.org.name.clone()]
    );

    // A profile the database refuses (a negative budget, which the domain never
    // builds) rolls the rename back with it.
    let refused = Profile {
        budget: Some(eur("-1")),
        ..Profile::default()
    };
    let result = store
        .save_profile(owner, &refused, Some((a.id(), "Jamais")), now())
        .await;
    assert!(
        matches!(result, Err(RepoError::Unavailable(_))),
        "{result:?}"
    );
    assert_eq!(
        store.memberships(owner).await.unwrap()[0].org.name,
        "Agence du Parc"
    );
    assert_eq!(store.profile(owner).await.unwrap(), Some(cleared.clone()));

    // An unknown user has no profile and cannot save one.
    let nobody = UserId::generate(now());
    assert_eq!(store.profile(nobody).await.unwrap(), None);
    not_found(store.save_profile(nobody, &renter, None, now()).await);
    // Profiles are per user.
    assert_eq!(store.profile(b.actor.user_id).await.unwrap(), None);
}

pub async fn erasure_requests_mark_the_user_and_enqueue_one_job(store: AnyStore) {
    let lea = account(&store, "lea@example.fr", AccountRole::Tenant).await;
    let job = erase_user_job(lea.id, now());
    assert!(store.request_erasure(lea.id, &job, now()).await.unwrap());
    assert_eq!(
        store.user(lea.id).await.unwrap().status,
        UserStatus::Erasing
    );
    // Asking again: nothing new.
    let later = now() + Duration::minutes(5);
    let again = erase_user_job(lea.id, later);
    assert!(!store.request_erasure(lea.id, &again, later).await.unwrap());
    let queued = store
        .jobs(JobStatus::Queued, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(queued.total, 1);
    assert_eq!(queued.results[0].kind, ERASE_USER_JOB);
    assert_eq!(
        queued.results[0].payload,
        format!("{{\"user_id\":\"{}\"}}", lea.id)
    );
    assert_eq!(queued.results[0].run_at, now());

    // A platform admin is refused and nothing is written.
    let admin = account(&store, "admin@example.fr", AccountRole::Admin).await;
    conflict(
        store
            .request_erasure(admin.id, &erase_user_job(admin.id, now()), now())
            .await,
        "user_admin",
    );
    assert_eq!(
        store.user(admin.id).await.unwrap().status,
        UserStatus::Active
    );
    let total = |store: AnyStore| async move {
        store
            .jobs(JobStatus::Queued, PageRequest::default())
            .await
            .unwrap()
            .total
    };
    assert_eq!(total(store.clone()).await, 1);

    // An unknown user.
    let nobody = UserId::generate(now());
    not_found(
        store
            .request_erasure(nobody, &erase_user_job(nobody, now()), now())
            .await,
    );
    assert_eq!(total(store.clone()).await, 1);

    // Once erased, asking again changes nothing (the status stays `erased`).
    assert!(store.erase_user(lea.id, now()).await.unwrap());
    assert!(!store.request_erasure(lea.id, &again, later).await.unwrap());
    assert_eq!(store.user(lea.id).await.unwrap().status, UserStatus::Erased);
    assert_eq!(total(store.clone()).await, 1);
}

pub async fn erasure_clears_the_account_and_keeps_the_ledgers(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let lea = account(&store, "lea@example.fr", AccountRole::Tenant).await;
    let hugo = account(&store, "hugo@example.fr", AccountRole::Tenant).await;
    store
        .save_profile(lea.id, &renter_profile(), None, now())
        .await
        .unwrap();
    store
        .save_profile(hugo.id, &renter_profile(), None, now())
        .await
        .unwrap();
    store
        .set_membership(b.id(), lea.id, Role::Viewer)
        .await
        .unwrap();

    // Léa and Hugo rent together in organization A; Léa paid something.
    let home = a.property("Les Tilleuls").await;
    let unit = a.unit(&home, "3B", "900").await;
    let t_lea = linked_tenant(&store, &a, "Léa Martin", Some(lea.id)).await;
    let t_hugo = linked_tenant(&store, &a, "Hugo Roux", Some(hugo.id)).await;
    let lease = a
        .lease(&Org::lease_input(
            &unit,
            &[&t_lea, &t_hugo],
            "2026-01-01",
            "900",
        ))
        .await;
    let payment = pay(&a, &lease, &t_lea, "450").await;
    let entries_before = store.lease_entries(a.id(), lease.id).await.unwrap();
    let totals_before = store.org_totals(a.id(), date(2026, 3, 15)).await.unwrap();

    // Not requested: refused, nothing changes.
    conflict(store.erase_user(lea.id, now()).await, "user_not_erasing");
    assert_eq!(store.user(lea.id).await.unwrap(), lea);
    not_found(store.erase_user(UserId::generate(now()), now()).await);

    store
        .request_erasure(lea.id, &erase_user_job(lea.id, now()), now())
        .await
        .unwrap();
    assert!(store.erase_user(lea.id, now()).await.unwrap());

    // The account: anonymous, unusable, its profile and memberships gone.
    let erased = store.user(lea.id).await.unwrap();
    assert_eq!(erased.email, Email::erased(lea.id));
    assert_eq!(erased.password_hash, PasswordHash::unusable());
    assert_eq!(erased.display_name, None);
    assert_eq!(erased.status, UserStatus::Erased);
    assert_eq!((erased.role, erased.created_at), (lea.role, lea.created_at));
    assert_eq!(store.user_by_email(&lea.email).await.unwrap(), None);
    assert_eq!(store.profile(lea.id).await.unwrap(), None);
    assert!(store.memberships(lea.id).await.unwrap().is_empty());
    assert!(store.linked_tenancies(lea.id).await.unwrap().is_empty());
    // The old address is free again.
    let mut newcomer = lea.clone();
    newcomer.id = UserId::generate(now() + Duration::seconds(1));
    store.create_user(&newcomer, None).await.unwrap();

    // The organization keeps its tenant record (unlinked), lease, entries, payment.
    let kept = store.tenant(a.id(), t_lea.id).await.unwrap();
    assert_eq!(kept.user_id, None);
    assert_eq!(kept.details, t_lea.details);
    assert_eq!(store.lease(a.id(), lease.id).await.unwrap(), lease);
    assert_eq!(
        store.lease_entries(a.id(), lease.id).await.unwrap(),
        entries_before
    );
    assert_eq!(store.payment(a.id(), payment.id).await.unwrap(), payment);
    assert_eq!(
        store.org_totals(a.id(), date(2026, 3, 15)).await.unwrap(),
        totals_before
    );
    assert!(store.reconcile(a.id()).await.unwrap().is_empty());
    // Organization B still exists with its owner; only Léa's membership went.
    assert_eq!(store.memberships(b.actor.user_id).await.unwrap().len(), 1);

    // Hugo is untouched.
    assert_eq!(store.user(hugo.id).await.unwrap(), hugo);
    assert_eq!(
        store.profile(hugo.id).await.unwrap(),
        Some(renter_profile())
    );
    assert_eq!(
        store.tenant(a.id(), t_hugo.id).await.unwrap().user_id,
        Some(hugo.id)
    );

    // Running the erasure again is harmless.
    assert!(!store.erase_user(lea.id, now()).await.unwrap());
    assert_eq!(store.user(lea.id).await.unwrap(), erased);
}

pub async fn exports_gather_the_linked_tenancies_across_organizations(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let lea = account(&store, "lea@example.fr", AccountRole::Tenant).await;
    assert!(store.linked_tenancies(lea.id).await.unwrap().is_empty());

    // In A: Léa shares a lease with Hugo (not linked to her); both paid.
    let home = a.property("Les Tilleuls").await;
    let unit = a.unit(&home, "3B", "900").await;
    let other = a.unit(&home, "4C", "700").await;
    let t_lea = linked_tenant(&store, &a, "Léa Martin", Some(lea.id)).await;
    let hugo = a.tenant("Hugo Roux").await;
    let lease = a
        .lease(&Org::lease_input(
            &unit,
            &[&t_lea, &hugo],
            "2026-01-01",
            "900",
        ))
        .await;
    let mine = pay(&a, &lease, &t_lea, "450").await;
    pay(&a, &lease, &hugo, "300").await;
    // A lease of A without Léa.
    a.lease(&Org::lease_input(&other, &[&hugo], "2026-02-01", "700"))
        .await;
    // In B: a record linked to Léa, with no lease yet; and an unlinked one.
    let t_lea_b = linked_tenant(&store, &b, "Léa Martin", Some(lea.id)).await;
    b.tenant("Someone Else").await;

    let mut linked = store.linked_tenancies(lea.id).await.unwrap();
    assert_eq!(linked.len(), 2);
    linked.sort_by_key(|l| l.tenant.org_id != a.id());
    let (in_a, in_b) = (&linked[0], &linked[1]);

    assert_eq!(in_a.tenant, t_lea);
    assert_eq!(in_a.leases, vec![lease.clone()]);
    assert_eq!(in_a.payments, vec![mine]);
    // Only her own entries: January to March charged to her half, and her payment.
    let expected: Vec<_> = store.tenant_entries(a.id(), t_lea.id).await.unwrap();
    assert_eq!(in_a.entries, expected);
    assert_eq!(in_a.entries.len(), 4);
    assert!(in_a.entries.iter().all(|e| e.tenant_id == t_lea.id));

    assert_eq!(in_b.tenant, t_lea_b);
    assert!(in_b.leases.is_empty() && in_b.entries.is_empty() && in_b.payments.is_empty());

    // Another user's export holds none of it.
    let stranger = account(&store, "x@example.fr", AccountRole::Tenant).await;
    assert!(
        store
            .linked_tenancies(stranger.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        store.linked_tenancies(UserId::generate(now())).await,
        Ok(list) if list.is_empty()
    ));
}

/// The organizations and role of each membership of `user`, as the identity read
/// (the one every authenticated request makes) answers them.
async fn identity(store: &AnyStore, user: UserId) -> (UserStatus, Vec<(String, Role)>) {
    let (found, memberships) = store.user_with_memberships(user).await.unwrap();
    let orgs = memberships
        .into_iter()
        .map(|m| (m.org.name, m.role))
        .collect();
    (found.status, orgs)
}

pub async fn identity_changes_made_through_the_store_are_seen_at_once(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let owner = a.actor.user_id;
    let a_name = a.actor.org.name.to_string();
    let b_name = b.actor.org.name.to_string();
    // Read once, so that the store keeps it (the default keeps it two seconds).
    assert_eq!(
        identity(&store, owner).await,
        (UserStatus::Active, vec![(a_name.clone(), Role::Owner)])
    );

    // A membership granted, an organization renamed, an erasure requested: each is
    // in the very next read, through `user_with_memberships` and through `user`.
    store
        .set_membership(b.id(), owner, Role::Viewer)
        .await
        .unwrap();
    assert_eq!(
        identity(&store, owner).await.1,
        vec![(a_name, Role::Owner), (b_name.clone(), Role::Viewer)]
    );
    store
        .save_profile(
            owner,
            &Profile::default(),
            Some((a.id(), "Agence du Parc")),
            now(),
        )
        .await
        .unwrap();
    assert_eq!(
        identity(&store, owner).await.1,
        vec![
            ("Agence du Parc".to_owned(), Role::Owner),
            (b_name, Role::Viewer)
        ]
    );
    assert!(
        store
            .request_erasure(owner, &erase_user_job(owner, now()), now())
            .await
            .unwrap()
    );
    assert_eq!(identity(&store, owner).await.0, UserStatus::Erasing);
    assert_eq!(store.user(owner).await.unwrap().status, UserStatus::Erasing);

    // A failed write changes nothing, and what is read stays right.
    not_found(
        store
            .set_membership(b.id(), UserId::generate(now()), Role::Viewer)
            .await,
    );
    assert_eq!(identity(&store, owner).await.0, UserStatus::Erasing);
}

pub async fn identities_changed_by_another_instance_are_seen_within_the_ttl(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let owner = a.actor.user_id;
    // Three instances over the same database, each with its own cache.
    let keeping = store.with_identity_ttl(std::time::Duration::from_secs(60));
    let brief = store.with_identity_ttl(std::time::Duration::from_millis(100));
    let elsewhere = store.with_identity_ttl(std::time::Duration::ZERO);
    assert_eq!(identity(&keeping, owner).await.1.len(), 1);
    assert_eq!(identity(&brief, owner).await.1.len(), 1);

    elsewhere
        .set_membership(b.id(), owner, Role::Manager)
        .await
        .unwrap();
    // The instance that made the change and one that keeps nothing see it now.
    assert_eq!(identity(&elsewhere, owner).await.1.len(), 2);
    assert_eq!(
        identity(&store.with_identity_ttl(std::time::Duration::ZERO), owner)
            .await
            .1
            .len(),
        2
    );
    // Another instance answers from what it keeps until its entry expires: the
    // cache does serve the reads...
    assert_eq!(identity(&keeping, owner).await.1.len(), 1);
    // ...and a short time to live bounds how stale that can be.
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    assert_eq!(identity(&brief, owner).await.1.len(), 2);
}
