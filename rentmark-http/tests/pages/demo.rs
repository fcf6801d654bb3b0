//! The demo as a newcomer sees it: the search page, a renter's applications and the
//! landlord's listings with their applications, each full of the demo's data.

use rentmark_http::demo::{DEMO_EMAIL, DEMO_PASSWORD, load};
use rocket::http::Status;

use crate::common::{TestApp, default_now};
use crate::marketplace_support::sign_out_from;
use crate::{get, post};

/// Signs in through the form with the demo password; expects to land on `home`.
async fn sign_in_demo(app: &TestApp, email: &str, home: &str) {
    let token = get(app, "/login").await.csrf();
    post(
        app,
        "/login",
        &[
            ("email", email),
            ("password", DEMO_PASSWORD),
            ("csrf", &token),
        ],
    )
    .await
    .redirects_to(home);
}

#[tokio::test]
async fn the_demo_fills_the_search_the_renter_and_the_landlord_pages() {
    let app = TestApp::spawn().await;
    let summary = load(&app.store, &app.blobs, default_now(), 2, 10)
        .await
        .expect("demo loads");

    let search = get(&app, "/listings").await;
    search.is(Status::Ok).shows("Chambre en colocation");
    let total = &search.body[search.body.find("Annonces trouvées").unwrap_or(0)..];
    let digits: String = total
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    assert_eq!(digits, summary.listings.to_string());
    for city in ["Paris", "Lyon", "Toulouse"] {
        get(&app, &format!("/listings?city={city}&type=studio"))
            .await
            .is(Status::Ok)
            .shows("Studio meublé")
            .shows(city);
    }

    sign_in_demo(&app, "lea.martin@rentmark.test", "/renter/applications").await;
    get(&app, "/renter/applications")
        .await
        .is(Status::Ok)
        .shows("En attente")
        .shows("Acceptée, en attente du paiement")
        .shows("Retirée");
    sign_out_from(&app, "/renter/applications").await;

    sign_in_demo(&app, DEMO_EMAIL, "/dashboard").await;
    let listings = get(&app, "/landlord/listings").await;
    listings.is(Status::Ok).shows("Chambre en colocation");
    let mut pages = String::new();
    for link in listings.body.split("href=\"/landlord/listings/").skip(1) {
        let id = &link[..link.find('"').unwrap_or(0)];
        if !id.is_empty() && !id.contains('/') && !id.contains('?') {
            pages.push_str(&get(&app, &format!("/landlord/listings/{id}")).await.body);
        }
    }
    for shown in [
        "Hugo Bernard",
        "Zoé Leroy",
        "En attente",
        "Acceptée, en attente du paiement",
        "Confirmée",
        "Refusée",
        "Retirée",
    ] {
        assert!(
            pages.contains(shown),
            "{shown} on no listing page of the landlord"
        );
    }
}
