//! Users, organizations, memberships and documents.

use chrono::Duration;
use rentmark_domain::ids::{DocumentId, OrgId, UserId};
use rentmark_domain::org::{Organization, Role};
use rentmark_domain::ports::{AccountRepository, Document, DocumentRepository, RepoError};
use rentmark_domain::user::{AccountRole, Email, PasswordHash, User, UserStatus};
use rentmark_store::AnyStore;

use crate::harness::{Org, now};

fn user(email: &str) -> User {
    User {
        id: UserId::generate(now()),
        email: Email::parse(email).unwrap(),
        role: AccountRole::Landlord,
        status: UserStatus::Active,
        password_hash: PasswordHash::new("$argon2id$v=19$x".into()),
        display_name: Some("Camille".into()),
        created_at: now(),
    }
}

pub async fn users_organizations_and_memberships(store: AnyStore) {
    let alice = user("alice@example.fr");
    let org = Organization::new("Agence Alice", now()).unwrap();
    store.create_user(&alice, Some(&org)).await.unwrap();

    assert_eq!(store.user(alice.id).await.unwrap(), alice);
    let by_email = store.user_by_email(&alice.email).await.unwrap();
    assert_eq!(by_email, Some(alice.clone()));
    let nobody = Email::parse("nobody@example.fr").unwrap();
    assert_eq!(store.user_by_email(&nobody).await.unwrap(), None);
    assert!(matches!(
        store.user(UserId::generate(now())).await,
        Err(RepoError::NotFound)
    ));

    let memberships = store.memberships(alice.id).await.unwrap();
    assert_eq!(memberships.len(), 1);
    assert_eq!(memberships[0].org, org);
    assert_eq!(memberships[0].role, Role::Owner);

    // The same e-mail again: a conflict, and the second organization is not created.
    let mut twin = user("alice@example.fr");
    twin.id = UserId::generate(now() + Duration::seconds(1));
    let other_org = Organization::new("Agence Bis", now()).unwrap();
    match store.create_user(&twin, Some(&other_org)).await {
        Err(RepoError::Conflict { constraint }) => assert_eq!(constraint, "users_email"),
        other => panic!("expected a users_email conflict, got {other:?}"),
    }
    let orgs = store.organizations().await.unwrap();
    assert_eq!(orgs, vec![org.clone()]);
    assert!(matches!(
        store.user(twin.id).await,
        Err(RepoError::NotFound)
    ));

    // Memberships: added, changed, and refused for a missing user or organization.
    let bob = user("bob@example.fr");
    store.create_user(&bob, None).await.unwrap();
    assert!(store.memberships(bob.id).await.unwrap().is_empty());
    store
        .set_membership(org.id, bob.id, Role::Viewer)
        .await
        .unwrap();
    store
        .set_membership(org.id, bob.id, Role::Accountant)
        .await
        .unwrap();
    let bobs = store.memberships(bob.id).await.unwrap();
    assert_eq!(bobs.len(), 1);
    assert_eq!(bobs[0].role, Role::Accountant);
    assert!(matches!(
        store
            .set_membership(OrgId::generate(now()), bob.id, Role::Viewer)
            .await,
        Err(RepoError::NotFound)
    ));
    assert!(matches!(
        store
            .set_membership(org.id, UserId::generate(now()), Role::Viewer)
            .await,
        Err(RepoError::NotFound)
    ));
}

pub async fn user_with_memberships_reads_both_at_once(store: AnyStore) {
    let alice = user("alice@example.fr");
    let first = Organization::new("Agence Alice", now()).unwrap();
    store.create_user(&alice, Some(&first)).await.unwrap();
    let bob = user("bob@example.fr");
    let second = Organization::new("Agence Bob", now()).unwrap();
    store.create_user(&bob, Some(&second)).await.unwrap();
    store
        .set_membership(second.id, alice.id, Role::Viewer)
        .await
        .unwrap();

    // Two memberships, oldest first, and the same as the separate reads.
    let (found, memberships) = store.user_with_memberships(alice.id).await.unwrap();
    assert_eq!(found, alice);
    assert_eq!(memberships, store.memberships(alice.id).await.unwrap());
    let orgs: Vec<_> = memberships.iter().map(|m| (m.org.id, m.role)).collect();
    assert_eq!(
        orgs,
        vec![(first.id, Role::Owner), (second.id, Role::Viewer)]
    );
    assert!(memberships.iter().all(|m| m.user_id == alice.id));

    // A user without any membership still comes back, with none.
    let carol = user("carol@example.fr");
    store.create_user(&carol, None).await.unwrap();
    assert_eq!(
        store.user_with_memberships(carol.id).await.unwrap(),
        (carol.clone(), Vec::new())
    );

    // No such user.
    assert!(matches!(
        store.user_with_memberships(UserId::generate(now())).await,
        Err(RepoError::NotFound)
    ));
}

fn document(org: OrgId) -> Document {
    Document {
        id: DocumentId::generate(now()),
        org_id: org,
        kind: "receipt".into(),
        filename: "recu-mars.jpg".into(),
        content_type: "image/jpeg".into(),
        size_bytes: 48_213,
        blob_key: format!("{org}/receipts/recu-mars.jpg"),
        uploaded_by: None,
        created_at: now(),
    }
}

pub async fn documents_are_scoped_to_their_organization(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let mut doc = document(a.id());
    doc.uploaded_by = Some(a.actor.user_id);
    store.create_document(&doc).await.unwrap();
    assert_eq!(store.document(a.id(), doc.id).await.unwrap(), doc);
    assert!(matches!(
        store.document(b.id(), doc.id).await,
        Err(RepoError::NotFound)
    ));
    assert!(matches!(
        store.document(a.id(), DocumentId::generate(now())).await,
        Err(RepoError::NotFound)
    ));
}
