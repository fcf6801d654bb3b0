//! Listings: creation with their property and units (all or nothing), isolation
//! between organizations, status moves guarded by the expected status, edits of the
//! details (scoped, refused once closed, seen by the search), and the public
//! search (filters, order, total, pages; drafts, closed and taken-down listings never
//! appear).

use rentmark_domain::ids::{ListingId, PropertyId, RoomId, UnitId};
use rentmark_domain::marketplace::listing::{
    DocumentKind, Listing, ListingDetailsInput, ListingStatus, ListingType, RequirementsInput,
};
use rentmark_domain::marketplace::ports::MarketplaceRepository;
use rentmark_domain::marketplace::search::{ListingQuery, ListingQueryInput};
use rentmark_domain::money::{Currency, Money};
use rentmark_domain::ports::{PageRequest, PropertyRepository};
use rentmark_domain::property::{Property, PropertyDetails, Unit, UnitDetails};
use rentmark_domain::services::ServiceError;
use rentmark_store::AnyStore;

use super::{draft, later, listing_input, published, room};
use crate::harness::{Org, conflict, date, not_found, now};

fn eur(cents: i64) -> Money {
    Money::from_cents(cents, Currency::Eur)
}

/// `listing` as a new listing of the same property and units, under new ids.
fn copy_of(listing: &Listing) -> Listing {
    let mut copy = listing.clone();
    copy.id = ListingId::generate(now());
    for room in &mut copy.rooms {
        room.id = RoomId::generate(now());
    }
    copy
}

pub async fn listings_are_created_all_or_nothing_and_isolated(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let input = listing_input(
        "Coloc Sorbonne",
        "Paris",
        "room",
        vec![room("A", "600", 1), room("B", "450", 2)],
    );
    let listing = draft(&a, &input).await;
    assert_eq!(store.listing(a.id(), listing.id).await.unwrap(), listing);
    assert_eq!(listing.rooms.len(), 2);
    assert_eq!(listing.status, ListingStatus::Draft);

    // The property and the units were created with it; each unit takes its room's
    // capacity.
    let property = store.property(a.id(), listing.property_id).await.unwrap();
    assert_eq!(property.details.city, "Paris");
    let units = store
        .units(a.id(), listing.property_id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(units.total, 2);
    let shared = store.unit(a.id(), listing.rooms[1].unit_id).await.unwrap();
    assert_eq!(shared.details.capacity, 2);

    // Another organization sees nothing; the public does not see a draft.
    not_found(store.listing(b.id(), listing.id).await);
    not_found(store.public_listing(listing.id).await);
    assert_eq!(
        store
            .org_listings(b.id(), PageRequest::default())
            .await
            .unwrap()
            .total,
        0
    );

    // A second listing on the same property, advertising an existing unit.
    let mut again = listing_input("Chambre A", "Paris", "room", vec![room("A bis", "610", 1)]);
    again.property_id = Some(listing.property_id.to_string());
    again.rooms[0].unit_id = Some(listing.rooms[0].unit_id.to_string());
    let second = a
        .services
        .create_listing(&a.actor, &again, later(1))
        .await
        .unwrap();
    assert_eq!(second.property_id, listing.property_id);
    assert_eq!(second.rooms[0].unit_id, listing.rooms[0].unit_id);
    let mine = store
        .org_listings(a.id(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(mine.total, 2);
    assert_eq!(mine.results, vec![second.clone(), listing.clone()]);
    let page_two = store
        .org_listings(a.id(), PageRequest::new(2, 1))
        .await
        .unwrap();
    assert_eq!(page_two.results, vec![listing.clone()]);

    // All or nothing: a new property and unit, and a room naming another
    // organization's unit.
    let theirs = b.property("B").await;
    let their_unit = b.unit(&theirs, "1", "500").await;
    let new_property = Property::new(
        a.id(),
        PropertyDetails {
            name: "Neuf".into(),
            address: "9 rue Neuve".into(),
            city: "Paris".into(),
            description: None,
        },
        now(),
    );
    let new_unit = Unit::new(
        a.id(),
        new_property.id,
        UnitDetails {
            name: "N1".into(),
            beds: 1,
            baths: rust_decimal::Decimal::ONE,
            sq_ft: None,
            capacity: 1,
            rent: eur(50_000),
            charges: eur(0),
            deposit: eur(0),
        },
        now(),
    );
    let mut bad = copy_of(&listing);
    bad.property_id = new_property.id;
    bad.rooms[0].unit_id = new_unit.id;
    bad.rooms[1].unit_id = their_unit.id;
    not_found(
        store
            .create_listing(&bad, Some(&new_property), std::slice::from_ref(&new_unit))
            .await,
    );
    not_found(store.property(a.id(), new_property.id).await);
    not_found(store.unit(a.id(), new_unit.id).await);
    not_found(store.listing(a.id(), bad.id).await);

    // A unit missing altogether, or of another property of the organization, or a
    // missing property: nothing written either.
    let mut missing_unit = copy_of(&listing);
    missing_unit.rooms[1].unit_id = UnitId::generate(now());
    not_found(store.create_listing(&missing_unit, None, &[]).await);
    let elsewhere = a.property("Ailleurs").await;
    let elsewhere_unit = a.unit(&elsewhere, "E1", "400").await;
    let mut wrong_property = copy_of(&listing);
    wrong_property.rooms[0].unit_id = elsewhere_unit.id;
    not_found(store.create_listing(&wrong_property, None, &[]).await);
    let mut no_property = copy_of(&listing);
    no_property.property_id = PropertyId::generate(now());
    not_found(store.create_listing(&no_property, None, &[]).await);
    // A listing of another organization passed with our property: its org is b.
    let mut foreign = copy_of(&listing);
    foreign.org_id = b.id();
    not_found(store.create_listing(&foreign, None, &[]).await);
    assert_eq!(
        store
            .org_listings(a.id(), PageRequest::default())
            .await
            .unwrap()
            .total,
        2
    );
}

pub async fn listing_status_moves_expect_their_status(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let input = listing_input("Studio", "Lille", "studio", vec![room("S", "520", 1)]);
    let listing = draft(&a, &input).await;
    let status = a
        .services
        .publish_listing(&a.actor, listing.id, later(5))
        .await
        .unwrap();
    assert_eq!(status, ListingStatus::Published);
    let public = store.public_listing(listing.id).await.unwrap();
    assert_eq!(public.status, ListingStatus::Published);
    assert_eq!(public.rooms, listing.rooms);

    // A stale move conflicts and writes nothing; another organization's is not found.
    conflict(
        store
            .set_listing_status(
                a.id(),
                listing.id,
                ListingStatus::Draft,
                ListingStatus::Closed,
                later(6),
            )
            .await,
        "listing_status",
    );
    not_found(
        store
            .set_listing_status(
                b.id(),
                listing.id,
                ListingStatus::Published,
                ListingStatus::Closed,
                later(6),
            )
            .await,
    );
    not_found(
        store
            .set_listing_status(
                a.id(),
                ListingId::generate(now()),
                ListingStatus::Draft,
                ListingStatus::Published,
                later(6),
            )
            .await,
    );
    let still = store.listing(a.id(), listing.id).await.unwrap();
    assert_eq!(still.status, ListingStatus::Published);
    assert_eq!(still.updated_at, later(5));
    let again = a
        .services
        .publish_listing(&a.actor, listing.id, later(7))
        .await;
    assert!(
        matches!(
            again,
            Err(ServiceError::Conflict("listing.invalid_transition"))
        ),
        "{again:?}"
    );

    // Closed: gone from the public.
    a.services
        .close_listing(&a.actor, listing.id, later(8))
        .await
        .unwrap();
    assert_eq!(
        store.listing(a.id(), listing.id).await.unwrap().status,
        ListingStatus::Closed
    );
    not_found(store.public_listing(listing.id).await);
    let everything = query(ListingQueryInput::default(), PageRequest::default());
    assert_eq!(store.search_listings(&everything).await.unwrap().total, 0);
}

fn query(input: ListingQueryInput<'_>, page: PageRequest) -> ListingQuery {
    input.parse(page).expect("a valid query")
}

pub async fn search_filters_orders_counts_and_pages(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let odeon = published(
        &a,
        &listing_input("Studio Odéon", "Paris", "studio", vec![room("S", "700", 1)]),
        later(1),
    )
    .await;
    let bastille = published(
        &b,
        &listing_input(
            "Chambres Bastille",
            " paris ",
            "room",
            vec![room("1", "480", 1), room("2", "400", 1)],
        ),
        later(2),
    )
    .await;
    let mut nation_input = listing_input("T2 Nation", "PARIS", "flat", vec![room("T2", "400", 2)]);
    nation_input.availability_date = "2026-09-01".into();
    let nation = published(&a, &nation_input, later(3)).await;
    let lyon = published(
        &a,
        &listing_input("Croix-Rousse", "Lyon", "room", vec![room("C", "300", 1)]),
        later(4),
    )
    .await;
    // Never shown: a draft, a closed listing, a taken-down listing (all in Paris and
    // cheaper than the rest).
    draft(
        &a,
        &listing_input("Brouillon", "Paris", "room", vec![room("D", "100", 1)]),
    )
    .await;
    let closed = published(
        &a,
        &listing_input("Fermée", "Paris", "room", vec![room("F", "150", 1)]),
        later(5),
    )
    .await;
    a.services
        .close_listing(&a.actor, closed.id, later(6))
        .await
        .unwrap();
    let mut taken_down = copy_of(&odeon);
    taken_down.rooms[0].rent = eur(5_000);
    taken_down.taken_down_at = Some(later(7));
    store.create_listing(&taken_down, None, &[]).await.unwrap();
    not_found(store.public_listing(taken_down.id).await);

    let ids = |page: &rentmark_domain::ports::Page<_>| -> Vec<ListingId> {
        let results: &Vec<rentmark_domain::marketplace::search::ListingSummary> = &page.results;
        results.iter().map(|s| s.id).collect()
    };

    // A city, whatever its case and spaces: by lowest rent, then newest first.
    let paris = ListingQueryInput {
        city: Some("Paris"),
        ..ListingQueryInput::default()
    };
    let found = store
        .search_listings(&query(paris.clone(), PageRequest::default()))
        .await
        .unwrap();
    assert_eq!(found.total, 3);
    assert_eq!(ids(&found), vec![nation.id, bastille.id, odeon.id]);
    let summary = &found.results[1];
    assert_eq!(summary.org_id, b.id());
    assert_eq!(summary.title, "Chambres Bastille");
    assert_eq!(summary.city, bastille.city);
    assert_eq!(summary.kind, ListingType::Room);
    assert_eq!(summary.rent_from, eur(40_000));
    assert_eq!(summary.places_left, 2);
    assert_eq!(summary.availability_date, date(2026, 3, 1));
    assert_eq!(summary.published_at, Some(later(2)));
    assert_eq!(found.results[0].places_left, 2);

    // Everything published: Lyon first (cheapest).
    let all = store
        .search_listings(&query(ListingQueryInput::default(), PageRequest::default()))
        .await
        .unwrap();
    assert_eq!(all.total, 4);
    assert_eq!(ids(&all), vec![lyon.id, nation.id, bastille.id, odeon.id]);

    // price_max keeps listings with a room at or below it.
    let cheap = ListingQueryInput {
        price_max: Some("450"),
        ..paris.clone()
    };
    let found = store
        .search_listings(&query(cheap, PageRequest::default()))
        .await
        .unwrap();
    assert_eq!(
        (found.total, ids(&found)),
        (2, vec![nation.id, bastille.id])
    );

    // type.
    let studios = ListingQueryInput {
        kind: Some("studio"),
        ..ListingQueryInput::default()
    };
    let found = store
        .search_listings(&query(studios, PageRequest::default()))
        .await
        .unwrap();
    assert_eq!((found.total, ids(&found)), (1, vec![odeon.id]));

    // available_from keeps listings available on or before the date.
    let june = ListingQueryInput {
        available_from: Some("2026-06-01"),
        ..ListingQueryInput::default()
    };
    let found = store
        .search_listings(&query(june, PageRequest::default()))
        .await
        .unwrap();
    assert_eq!(
        (found.total, ids(&found)),
        (3, vec![lyon.id, bastille.id, odeon.id])
    );
    let september = ListingQueryInput {
        available_from: Some("2026-09-01"),
        ..paris.clone()
    };
    let found = store
        .search_listings(&query(september, PageRequest::default()))
        .await
        .unwrap();
    assert_eq!(found.total, 3);

    // Pages: the total is the whole match, the page its slice.
    let second = store
        .search_listings(&query(paris.clone(), PageRequest::new(2, 2)))
        .await
        .unwrap();
    assert_eq!(
        (second.total, second.page, second.limit, ids(&second)),
        (3, 2, 2, vec![odeon.id])
    );
    let beyond = store
        .search_listings(&query(paris, PageRequest::new(5, 2)))
        .await
        .unwrap();
    assert_eq!((beyond.total, beyond.results.len()), (3, 0));

    // A city with nothing.
    let nowhere = ListingQueryInput {
        city: Some("Brest"),
        ..ListingQueryInput::default()
    };
    let found = store
        .search_listings(&query(nowhere, PageRequest::default()))
        .await
        .unwrap();
    assert_eq!((found.total, found.results.len()), (0, 0));
}

pub async fn listing_edits_replace_details_and_stay_scoped(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let b = Org::sign_up(&store).await;
    let listing = published(
        &a,
        &listing_input("Studio Odéon", "Paris", "studio", vec![room("S", "700", 2)]),
        later(1),
    )
    .await;
    let edit = ListingDetailsInput {
        title: "Grand studio".into(),
        city: " Lyon ".into(),
        address: "3 quai Saint-Antoine".into(),
        description: Some("Refait à neuf".into()),
        kind: "flat".into(),
        availability_date: "2026-09-01".into(),
        requirements: RequirementsInput {
            guarantor_required_count: Some(1),
            income_min_multiplier: Some(rust_decimal::Decimal::new(25, 1)),
            documents: vec!["rib".into(), "id_card".into()],
        },
    };
    let edited = a
        .services
        .update_listing(&a.actor, listing.id, &edit, later(2))
        .await
        .unwrap();
    let stored = store.listing(a.id(), listing.id).await.unwrap();
    assert_eq!(stored, edited);
    assert_eq!(stored.title, "Grand studio");
    assert_eq!(stored.city, "Lyon");
    assert_eq!(stored.address, "3 quai Saint-Antoine");
    assert_eq!(stored.description.as_deref(), Some("Refait à neuf"));
    assert_eq!(stored.kind, ListingType::Flat);
    assert_eq!(stored.availability_date, date(2026, 9, 1));
    assert_eq!(stored.requirements.guarantor_required_count, 1);
    assert_eq!(
        stored.requirements.documents,
        [DocumentKind::IdCard, DocumentKind::Rib]
            .into_iter()
            .collect()
    );
    assert_eq!(stored.updated_at, later(2));
    // Rooms, status, property and creation are kept.
    assert_eq!(stored.rooms, listing.rooms);
    assert_eq!(stored.status, ListingStatus::Published);
    assert_eq!(stored.property_id, listing.property_id);
    assert_eq!(stored.created_at, listing.created_at);

    // The search sees the new city (by its key) and type, and no longer the old ones.
    let lyon_flats = ListingQueryInput {
        city: Some("lyon"),
        kind: Some("flat"),
        ..ListingQueryInput::default()
    };
    let found = store
        .search_listings(&query(lyon_flats, PageRequest::default()))
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.results[0].id, listing.id);
    assert_eq!(found.results[0].title, "Grand studio");
    assert_eq!(found.results[0].rent_from, eur(70_000));
    assert_eq!(found.results[0].places_left, 2);
    let paris = ListingQueryInput {
        city: Some("Paris"),
        ..ListingQueryInput::default()
    };
    let found = store
        .search_listings(&query(paris, PageRequest::default()))
        .await
        .unwrap();
    assert_eq!(found.total, 0);

    // Another organization's id (or an unknown one) is not found, and nothing changes.
    let mut foreign = stored.clone();
    foreign.org_id = b.id();
    foreign.title = "Piraté".into();
    foreign.updated_at = later(3);
    not_found(store.update_listing(&foreign).await);
    let mut unknown = stored.clone();
    unknown.id = ListingId::generate(now());
    not_found(store.update_listing(&unknown).await);
    let theirs = b
        .services
        .update_listing(&b.actor, listing.id, &edit, later(3))
        .await;
    assert!(
        matches!(theirs, Err(ServiceError::NotFound("listing.not_found"))),
        "{theirs:?}"
    );
    assert_eq!(store.listing(a.id(), listing.id).await.unwrap(), stored);

    // Closed: the edit conflicts and writes nothing.
    a.services
        .close_listing(&a.actor, listing.id, later(4))
        .await
        .unwrap();
    let closed = store.listing(a.id(), listing.id).await.unwrap();
    let mut late = closed.clone();
    late.title = "Trop tard".into();
    conflict(store.update_listing(&late).await, "listing_closed");
    let refused = a
        .services
        .update_listing(&a.actor, listing.id, &edit, later(5))
        .await;
    assert!(
        matches!(refused, Err(ServiceError::Conflict("listing.closed"))),
        "{refused:?}"
    );
    assert_eq!(store.listing(a.id(), listing.id).await.unwrap(), closed);
}

/// One listing as the search should see it.
struct Expected {
    id: ListingId,
    city_key: &'static str,
    kind: &'static str,
    rent_cents: i64,
    shown: bool,
}

/// Every combination of city, type and price ceiling (on, under and over the edges of
/// the stored counts' 25-euro rent bands) answers the total counted from `expected`.
async fn totals_match(store: &AnyStore, expected: &[Expected], moment: &str) {
    let ceilings = [
        None,
        Some(("0", 0)),
        Some(("24.99", 2_499)),
        Some(("25", 2_500)),
        Some(("25.01", 2_501)),
        Some(("49.99", 4_999)),
        Some(("50", 5_000)),
        Some(("400", 40_000)),
        Some(("10000", 1_000_000)),
    ];
    for city in [None, Some(("Paris", "paris")), Some((" LYON ", "lyon"))] {
        for kind in [None, Some("room"), Some("flat")] {
            for ceiling in ceilings {
                let input = ListingQueryInput {
                    city: city.map(|(typed, _)| typed),
                    kind,
                    price_max: ceiling.map(|(typed, _)| typed),
                    ..ListingQueryInput::default()
                };
                let want = expected
                    .iter()
                    .filter(|e| {
                        e.shown
                            && city.is_none_or(|(_, key)| e.city_key == key)
                            && kind.is_none_or(|k| e.kind == k)
                            && ceiling.is_none_or(|(_, cents)| e.rent_cents <= cents)
                    })
                    .count();
                let found = store
                    .search_listings(&query(input, PageRequest::new(1, 100)))
                    .await
                    .unwrap();
                assert_eq!(
                    (found.total, found.results.len()),
                    (u64::try_from(want).unwrap(), want),
                    "{moment}: city {city:?}, type {kind:?}, price_max {ceiling:?}"
                );
            }
        }
    }
}

pub async fn search_totals_follow_every_listing_write(store: AnyStore) {
    let a = Org::sign_up(&store).await;
    let rents = [
        ("24.99", 2_499),
        ("25", 2_500),
        ("25.01", 2_501),
        ("49.99", 4_999),
        ("50", 5_000),
        ("400", 40_000),
        ("412.50", 41_250),
    ];
    let kinds = ["room", "studio", "flat"];
    let mut expected = Vec::new();
    let mut minute = 0;
    for (rent, cents) in rents {
        for (city, key) in [("Paris", "paris"), ("Lyon", "lyon")] {
            minute += 1;
            let kind = kinds[minute as usize % kinds.len()];
            let input = listing_input("Annonce", city, kind, vec![room("R", rent, 1)]);
            // Every fifth stays a draft.
            let shown = minute % 5 != 0;
            let listing = if shown {
                published(&a, &input, later(minute)).await
            } else {
                draft(&a, &input).await
            };
            expected.push(Expected {
                id: listing.id,
                city_key: key,
                kind,
                rent_cents: cents,
                shown,
            });
        }
    }
    totals_match(&store, &expected, "created").await;

    // Closing three published listings.
    for index in [0, 3, 8] {
        assert!(expected[index].shown);
        a.services
            .close_listing(&a.actor, expected[index].id, later(20))
            .await
            .unwrap();
        expected[index].shown = false;
    }
    totals_match(&store, &expected, "closed").await;

    // Publishing the drafts.
    for index in [4, 9] {
        assert!(!expected[index].shown);
        a.services
            .publish_listing(&a.actor, expected[index].id, later(21))
            .await
            .unwrap();
        expected[index].shown = true;
    }
    totals_match(&store, &expected, "published").await;

    // Edits that move a listing to another city and type (and one that changes
    // neither), published or draft.
    for (index, city, key, kind) in [
        (1, "Paris", "paris", "flat"),
        (6, "Lyon", "lyon", "room"),
        (10, "Paris", "paris", "room"),
        (13, "Lyon", "lyon", expected[13].kind),
    ] {
        let listing = store.listing(a.id(), expected[index].id).await.unwrap();
        let edit = ListingDetailsInput {
            title: listing.title.clone(),
            city: city.into(),
            address: listing.address.clone(),
            description: listing.description.clone(),
            kind: kind.into(),
            availability_date: "2026-03-01".into(),
            requirements: RequirementsInput::default(),
        };
        a.services
            .update_listing(&a.actor, listing.id, &edit, later(22))
            .await
            .unwrap();
        expected[index].city_key = key;
        expected[index].kind = kind;
    }
    totals_match(&store, &expected, "edited").await;

    // A listing stored taken down is never counted.
    let shown = store.listing(a.id(), expected[2].id).await.unwrap();
    let mut taken_down = copy_of(&shown);
    taken_down.taken_down_at = Some(later(23));
    store.create_listing(&taken_down, None, &[]).await.unwrap();
    totals_match(&store, &expected, "taken down").await;
}
