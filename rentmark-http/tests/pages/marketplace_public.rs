//! The public marketplace pages: the search shows published listings only, filters
//! them, says what is wrong with a filter; a listing page shows its rooms and
//! requirements, and invites a signed-out visitor to sign in to apply.

use rocket::http::Status;
use serde_json::json;

use crate::common::TestApp;
use crate::marketplace_support::{api_listing, no_requirements};
use crate::{get, sign_in};

#[rocket::async_test]
async fn the_search_shows_published_listings_and_never_a_draft() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Hugo").await;
    let studio = api_listing(
        &app,
        &landlord,
        "Studio Croix-Rousse",
        "Lyon",
        "480.00",
        1,
        no_requirements(),
    )
    .await;
    let requirements = json!({"guarantor_required_count": 2, "income_min_multiplier": "3", "documents": ["id_card", "rib"]});
    let shared = api_listing(
        &app,
        &landlord,
        "Colocation Bellecour",
        "Lyon",
        "390.00",
        3,
        requirements,
    )
    .await;
    let draft = app
        .draft_listing(
            &landlord,
            crate::common::listing_body("Brouillon secret", "Lyon", "100.00", 1, no_requirements()),
        )
        .await;
    api_listing(
        &app,
        &landlord,
        "Studio Vieux-Port",
        "Marseille",
        "520.00",
        1,
        no_requirements(),
    )
    .await;

    let page = get(&app, "/listings?city=lyon").await;
    page.is(Status::Ok)
        .shows("Studio Croix-Rousse")
        .shows("Colocation Bellecour")
        .shows("Annonces trouvées : 2")
        .shows("480,00\u{a0}€")
        .shows(&format!("href=\"/listings/{studio}\""));
    assert!(
        !page.body.contains("Brouillon secret"),
        "a draft never shows"
    );
    assert!(!page.body.contains("Vieux-Port"), "the city filter applies");
    // Sorted by rent: the shared flat (390) before the studio (480).
    let cheaper = page.body.find("Colocation Bellecour").expect("listed");
    let dearer = page.body.find("Studio Croix-Rousse").expect("listed");
    assert!(cheaper < dearer, "sorted by rent");

    let everything = get(&app, "/listings").await;
    everything
        .is(Status::Ok)
        .shows("Studio Vieux-Port")
        .shows("Annonces trouvées : 3");
    assert!(!everything.body.contains("Brouillon secret"));
    let cheap = get(&app, "/listings?city=Lyon&price_max=400&type=room").await;
    cheap.is(Status::Ok).shows("Colocation Bellecour");
    assert!(!cheap.body.contains("Studio Croix-Rousse"));
    get(&app, "/listings?available_from=2026-11-01")
        .await
        .is(Status::Ok)
        .shows("Aucune annonce ne correspond à ces filtres.");

    // A bad filter is said next to its input, with the values kept.
    get(
        &app,
        "/listings?city=Lyon&price_max=cheap&available_from=2026-02-30",
    )
    .await
    .is(Status::UnprocessableEntity)
    .shows("Montant invalide")
    .shows("value=\"cheap\"")
    .shows("Date invalide");

    // The listing page: rooms, requirements, and a sign-in link for visitors.
    let listing = get(&app, &format!("/listings/{shared}")).await;
    listing
        .is(Status::Ok)
        .shows("Colocation Bellecour")
        .shows("Room A")
        .shows("390,00\u{a0}€")
        .shows("60,00\u{a0}€")
        .shows("1–12")
        .shows("identité ou passeport")
        .shows("bancaire (RIB)")
        .shows("3 × loyer et charges")
        .shows(&format!("/login?next=/listings/{shared}"));
    assert!(
        !listing.body.contains("name=\"room_id\""),
        "no form for visitors"
    );
    get(&app, &format!("/listings/{draft}"))
        .await
        .is(Status::NotFound);
    get(&app, "/listings/not-an-id").await.is(Status::NotFound);

    // In English.
    get(&app, "/lang/en?next=/listings").await;
    get(&app, &format!("/listings/{shared}"))
        .await
        .shows("Identity card or passport")
        .shows("€390.00")
        .shows("Sign in as a renter to apply");

    // A landlord sees the public pages with their own navigation, and no form.
    sign_in(&app, &landlord.email).await;
    let signed_in = get(&app, &format!("/listings/{shared}")).await;
    signed_in
        .is(Status::Ok)
        .shows("href=\"/landlord/listings\"");
    assert!(!signed_in.body.contains("name=\"room_id\""));
    assert!(!signed_in.body.contains("/login?next="));
}
