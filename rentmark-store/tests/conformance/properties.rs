//! Properties, units and tenants: isolation between organizations, paging, batches
//! that are all or nothing, deletions guarded by leases.

use rentmark_domain::ids::{PropertyId, TenantId, UnitId};
use rentmark_domain::ports::{
    LedgerRepository, PageRequest, PropertyRepository, RepoError, TenantRepository, Unstorable,
};
use rentmark_domain::property::{Property, PropertyDetails, Unit};
use rentmark_domain::tenant::{Tenant, TenantDetails};
use rentmark_store::AnyStore;

use crate::harness::{Org, conflict, not_found, now};

fn details(name: &str) -> PropertyDetails {
    PropertyDetails {
        name: name.into(),
        address: "12 rue Oberkampf".into(),
        city: "Paris".into(),
        description: Some("Immeuble haussmannien".into()),
    }
}

pub async fn properties_are_isolated_and_paged(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let names = ["Cèdres", "Acacias", "Bouleaux"];
    let batch: Vec<Property> = names
        .iter()
        .map(|n| Property::new(a.id(), details(n), now()))
        .collect();
    store.create_properties(a.id(), &batch).await.unwrap();
    let theirs = b.property("Chez B").await;

    let first = store
        .properties(a.id(), PageRequest::new(1, 2))
        .await
        .unwrap();
    assert_eq!(first.total, 3);
    let listed: Vec<_> = first
        .results
        .iter()
        .map(|p| p.details.name.as_str())
        .collect();
    assert_eq!(listed, vec!["Acacias", "Bouleaux"]);
    let second = store
        .properties(a.id(), PageRequest::new(2, 2))
        .await
        .unwrap();
    assert_eq!(second.results.len(), 1);
    assert_eq!(second.results[0].details.name, "Cèdres");
    assert_eq!(store.property(a.id(), batch[0].id).await.unwrap(), batch[0]);

    // Another organization's property is not found, in every method.
    not_found(store.property(a.id(), theirs.id).await);
    let mut hijack = theirs.clone();
    hijack.org_id = a.id();
    hijack.details.name = "Hijacked".into();
    not_found(store.update_property(&hijack).await);
    assert_eq!(store.property(b.id(), theirs.id).await.unwrap(), theirs);
    not_found(store.units(a.id(), theirs.id, PageRequest::default()).await);
    not_found(store.delete_properties(a.id(), &[theirs.id]).await);
    not_found(
        store
            .account_rows(a.id(), Some(theirs.id), PageRequest::default())
            .await,
    );
    // Creating a property under another organization's id is refused.
    not_found(
        store
            .create_properties(a.id(), std::slice::from_ref(&theirs))
            .await,
    );

    let mut renamed = batch[1].clone();
    renamed.details = details("Acacias II");
    renamed.details.description = None;
    store.update_property(&renamed).await.unwrap();
    assert_eq!(store.property(a.id(), renamed.id).await.unwrap(), renamed);
    let b_list = store
        .properties(b.id(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(b_list.total, 1);
    assert_eq!(b_list.results, vec![theirs]);
}

pub async fn property_names_are_the_organization_s_first_properties_by_name(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let zola = a.property("Zola").await;
    let arago = a.property("Arago").await;
    b.property("Bastille").await;
    let names: Vec<_> = store
        .property_names(a.id(), None, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    assert_eq!(
        names,
        vec![(arago.id, "Arago".to_owned()), (zola.id, "Zola".to_owned())]
    );
    let first = store.property_names(a.id(), None, 1).await.unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].id, arago.id);
    let none = Org::sign_up(&store).await;
    assert!(
        store
            .property_names(none.id(), None, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn property_search_matches_a_part_of_the_name_in_any_case(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let garden = a.property("Rose Garden").await;
    let gardens = a.property("GARDENS of Rennes").await;
    let percent = a.property("50% Rue").await;
    a.property("Station").await;
    b.property("Garden of B").await;
    let found = |org, text: &'static str, limit| {
        let store = store.clone();
        async move {
            store
                .property_names(org, Some(text), limit)
                .await
                .unwrap()
                .into_iter()
                .map(|p| p.id)
                .collect::<Vec<_>>()
        }
    };
    // By name, letter case aside, never another organization's.
    assert_eq!(
        found(a.id(), "garden", 10).await,
        vec![gardens.id, garden.id]
    );
    assert_eq!(found(a.id(), "garden", 1).await, vec![gardens.id]);
    assert_eq!(found(b.id(), "GARDEN", 10).await.len(), 1);
    // The text is literal: `%` and `_` are not wildcards.
    assert_eq!(found(a.id(), "0% r", 10).await, vec![percent.id]);
    assert_eq!(found(a.id(), "%", 10).await, vec![percent.id]);
    assert!(found(a.id(), "_", 10).await.is_empty());
    assert!(found(a.id(), "Gare", 10).await.is_empty());
}

pub async fn property_batches_are_all_or_nothing(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let one = a.property("Un").await;
    let two = a.property("Deux").await;
    let leased = a.property("Loué").await;
    let unit = a.unit(&one, "A1", "700").await;
    let leased_unit = a.unit(&leased, "L1", "700").await;
    let tenant = a.tenant("Jeanne Martin").await;
    a.lease(&Org::lease_input(
        &leased_unit,
        &[&tenant],
        "2026-01-01",
        "700",
    ))
    .await;
    let foreign = b.property("Ailleurs").await;

    // One unknown id, or one of another organization: nothing is deleted.
    not_found(
        store
            .delete_properties(a.id(), &[one.id, PropertyId::generate(now())])
            .await,
    );
    not_found(store.delete_properties(a.id(), &[one.id, foreign.id]).await);
    // One with a lease: a conflict, and nothing is deleted.
    conflict(
        store
            .delete_properties(a.id(), &[one.id, two.id, leased.id])
            .await,
        "property_has_leases",
    );
    assert_eq!(store.property(a.id(), one.id).await.unwrap(), one);
    assert_eq!(store.unit(a.id(), unit.id).await.unwrap(), unit);
    assert_eq!(store.property(b.id(), foreign.id).await.unwrap(), foreign);

    // Without them: the properties and their units are gone.
    store
        .delete_properties(a.id(), &[one.id, two.id, one.id])
        .await
        .unwrap();
    not_found(store.property(a.id(), one.id).await);
    not_found(store.property(a.id(), two.id).await);
    not_found(store.unit(a.id(), unit.id).await);
    assert_eq!(
        store
            .properties(a.id(), PageRequest::default())
            .await
            .unwrap()
            .total,
        1
    );

    // A bulk insert with one property of another organization writes nothing.
    let fine = Property::new(a.id(), details("Bien"), now());
    let mut bad = Property::new(a.id(), details("Mal"), now());
    bad.org_id = b.id();
    not_found(store.create_properties(a.id(), &[fine.clone(), bad]).await);
    not_found(store.property(a.id(), fine.id).await);
}

pub async fn units_are_isolated_and_guarded_by_leases(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let home = a.property("Maison").await;
    let foreign = b.property("Ailleurs").await;
    let u1 = a.unit(&home, "B", "650.50").await;
    let u2 = a.unit(&home, "A", "700").await;
    let theirs = b.unit(&foreign, "Z", "900").await;

    let page = store
        .units(a.id(), home.id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(page.results, vec![u2.clone(), u1.clone()]);
    assert_eq!(
        store
            .unit(a.id(), u1.id)
            .await
            .unwrap()
            .details
            .rent
            .cents(),
        65_050
    );

    // A unit under another organization's property is refused.
    let mut stray = Unit::new(a.id(), foreign.id, u1.details.clone(), now());
    not_found(store.create_unit(&stray).await);
    stray.property_id = PropertyId::generate(now());
    not_found(store.create_unit(&stray).await);
    // Bulk: one bad unit, nothing written.
    let good = Unit::new(a.id(), home.id, u1.details.clone(), now());
    let bad = Unit::new(a.id(), foreign.id, u1.details.clone(), now());
    not_found(store.create_units(a.id(), &[good.clone(), bad]).await);
    not_found(store.unit(a.id(), good.id).await);
    let many: Vec<Unit> = (0..450)
        .map(|i| {
            let mut details = u1.details.clone();
            details.name = format!("Lot {i:03}");
            Unit::new(a.id(), home.id, details, now())
        })
        .collect();
    store.create_units(a.id(), &many).await.unwrap();
    assert_eq!(
        store
            .units(a.id(), home.id, PageRequest::default())
            .await
            .unwrap()
            .total,
        452
    );

    not_found(store.unit(a.id(), theirs.id).await);
    let mut hijack = theirs.clone();
    hijack.org_id = a.id();
    not_found(store.update_unit(&hijack).await);
    not_found(store.delete_unit(a.id(), theirs.id).await);
    not_found(store.delete_unit(a.id(), UnitId::generate(now())).await);
    assert_eq!(store.unit(b.id(), theirs.id).await.unwrap(), theirs);

    let mut changed = u1.clone();
    changed.details.name = "B bis".into();
    changed.details.sq_ft = Some(430);
    store.update_unit(&changed).await.unwrap();
    assert_eq!(store.unit(a.id(), u1.id).await.unwrap(), changed);

    let tenant = a.tenant("Louis Petit").await;
    a.lease(&Org::lease_input(&u2, &[&tenant], "2026-02-01", "700"))
        .await;
    // The billing rows show the unit's name, and its new name once renamed.
    let unit_names = || async {
        store
            .account_rows(a.id(), Some(home.id), PageRequest::default())
            .await
            .unwrap()
            .results
            .into_iter()
            .map(|r| r.unit_name)
            .collect::<Vec<_>>()
    };
    assert_eq!(unit_names().await, std::slice::from_ref(&u2.details.name));
    let mut renamed = u2.clone();
    renamed.details.name = "C ter".into();
    store.update_unit(&renamed).await.unwrap();
    assert_eq!(unit_names().await, ["C ter"]);
    store.update_unit(&u2).await.unwrap();
    conflict(store.delete_unit(a.id(), u2.id).await, "unit_has_leases");
    assert_eq!(store.unit(a.id(), u2.id).await.unwrap(), u2);
    store.delete_unit(a.id(), u1.id).await.unwrap();
    not_found(store.unit(a.id(), u1.id).await);
}

pub async fn tenants_are_isolated_and_bulk_loaded(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let theirs = b.tenant("Zoé Bernard").await;
    let bulk: Vec<Tenant> = (0..250)
        .map(|i| {
            Tenant::new(
                a.id(),
                TenantDetails {
                    full_name: format!("Locataire {i:03}"),
                    email: None,
                    phone: Some("+33 6 00 00 00 00".into()),
                },
                None,
                now(),
            )
        })
        .collect();
    store.create_tenants(a.id(), &bulk).await.unwrap();
    let page = store
        .tenants(a.id(), PageRequest::new(3, 100))
        .await
        .unwrap();
    assert_eq!(page.total, 250);
    assert_eq!(page.results.len(), 50);
    assert_eq!(page.results[0], bulk[200]);

    // A bulk insert with a tenant of another organization writes nothing.
    let fresh = Tenant::new(a.id(), bulk[0].details.clone(), None, now());
    not_found(
        store
            .create_tenants(a.id(), &[fresh.clone(), theirs.clone()])
            .await,
    );
    not_found(store.tenant(a.id(), fresh.id).await);

    not_found(store.tenant(a.id(), theirs.id).await);
    not_found(store.tenant(a.id(), TenantId::generate(now())).await);
    let mut hijack = theirs.clone();
    hijack.org_id = a.id();
    not_found(store.update_tenant(&hijack).await);
    assert_eq!(store.tenant(b.id(), theirs.id).await.unwrap(), theirs);
    let b_page = store.tenants(b.id(), PageRequest::default()).await.unwrap();
    assert_eq!(b_page.results, vec![theirs]);

    // Renaming a tenant renames their billing rows too.
    let home = a.property("Maison").await;
    let unit = a.unit(&home, "1", "800").await;
    let mut renamed = bulk[7].clone();
    a.lease(&Org::lease_input(&unit, &[&renamed], "2026-03-01", "800"))
        .await;
    renamed.details.full_name = "Aline Nouveau".into();
    store.update_tenant(&renamed).await.unwrap();
    assert_eq!(store.tenant(a.id(), renamed.id).await.unwrap(), renamed);
    let rows = store
        .account_rows(a.id(), None, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(rows.results[0].tenant_name, "Aline Nouveau");
}

/// What the domain's parsing refuses never reaches a store through the use cases; a
/// store handed such text anyway either keeps it as it was (SQLite) or reports it as
/// `Unstorable`, never as an outage (PostgreSQL cannot hold NUL in `text`).
pub async fn text_the_database_cannot_hold_is_unstorable_not_an_outage(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let property = Property::new(a.id(), details("Nul\u{0}Part"), now());
    match store
        .create_properties(a.id(), std::slice::from_ref(&property))
        .await
    {
        Ok(()) => {
            assert_eq!(store.backend(), "sqlite");
            assert_eq!(store.property(a.id(), property.id).await.unwrap(), property);
        }
        Err(error) => {
            assert_eq!(store.backend(), "postgres");
            assert!(
                matches!(error, RepoError::Unstorable(Unstorable::Text)),
                "{error:?}"
            );
            not_found(store.property(a.id(), property.id).await);
        }
    }
}
