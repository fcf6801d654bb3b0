//! Who may see and do what in the marketplace pages: a renter never opens the
//! landlord's pages nor the reverse (403), another organization's listings and
//! applications and another renter's applications, guarantors and documents are
//! "not found", signed-out visitors are sent to sign in, and a marketplace form
//! without the session's token changes nothing.

use rocket::http::Status;
use serde_json::json;

use crate::common::TestApp;
use crate::marketplace_support::{
    BLANK_ROW, api_listing, listing_form, no_requirements, renter_csrf, renter_sign_in,
    sign_out_from,
};
use crate::{Part, get, post, post_multipart, session_csrf, sign_in};

#[rocket::async_test]
async fn renters_and_landlords_stay_on_their_side() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Marc").await;
    let listing = api_listing(
        &app,
        &landlord,
        "Studio Part-Dieu",
        "Lyon",
        "500.00",
        1,
        no_requirements(),
    )
    .await;
    let renter = app.renter("Nina").await;
    let (status, body) = app
        .post(
            "/api/v1/tenant/applications",
            &renter.token,
            json!({"listing_id": listing, "move_in_date": "2026-12-01", "duration_months": 6}),
        )
        .await;
    assert_eq!(status, Status::Created, "{body}");
    let application = body["data"]["id"].as_str().expect("id").to_owned();

    // A renter: their area, 403 on the landlord's pages and the management pages.
    renter_sign_in(&app, &renter.email).await;
    let token = renter_csrf(&app).await;
    for path in [
        "/renter/applications",
        "/renter/guarantors",
        "/renter/documents",
        "/renter/profile",
        "/listings",
    ] {
        get(&app, path).await.is(Status::Ok);
    }
    for path in [
        "/landlord/listings".to_owned(),
        format!("/landlord/listings/{listing}"),
        "/dashboard".to_owned(),
        "/properties".to_owned(),
    ] {
        let page = get(&app, &path).await;
        assert_eq!(page.status, Status::Forbidden, "{path}");
        assert!(
            !page.body.contains("Studio Part-Dieu"),
            "{path} leaks nothing"
        );
    }
    post(
        &app,
        &format!("/landlord/applications/{application}/accept"),
        &[("csrf", &token)],
    )
    .await
    .is(Status::Forbidden);
    post(
        &app,
        &format!("/landlord/listings/{listing}/close"),
        &[("csrf", &token)],
    )
    .await
    .is(Status::Forbidden);
    sign_out_from(&app, "/renter/applications").await;

    // A landlord: 403 on the renter's area, and cannot apply.
    sign_in(&app, &landlord.email).await;
    let token = session_csrf(&app).await;
    for path in [
        "/renter/applications".to_owned(),
        "/renter/guarantors".to_owned(),
        "/renter/documents".to_owned(),
        "/renter/profile".to_owned(),
        format!("/renter/applications/{application}"),
    ] {
        let page = get(&app, &path).await;
        assert_eq!(page.status, Status::Forbidden, "{path}");
        page.shows("Cette page est réservée aux locataires.");
    }
    post(
        &app,
        &format!("/listings/{listing}/apply"),
        &[
            ("move_in_date", "2026-12-01"),
            ("duration_months", "6"),
            ("csrf", &token),
        ],
    )
    .await
    .is(Status::Forbidden);
    post(
        &app,
        &format!("/renter/applications/{application}/withdraw"),
        &[("csrf", &token)],
    )
    .await
    .is(Status::Forbidden);
    let (_, mine) = app
        .get(
            &format!("/api/v1/applications/{application}"),
            &renter.token,
        )
        .await;
    assert_eq!(mine["data"]["status"], json!("pending"), "nothing changed");
    sign_out_from(&app, "/landlord/listings").await;

    // Signed out: the private areas send to the sign-in page, the search is open.
    for path in [
        "/renter/applications",
        "/renter/documents",
        "/landlord/listings",
    ] {
        get(&app, path)
            .await
            .redirects_to(&format!("/login?next={path}"));
    }
    get(&app, "/listings")
        .await
        .is(Status::Ok)
        .shows("Studio Part-Dieu");
}

#[rocket::async_test]
async fn other_organizations_and_other_renters_are_not_found() {
    let app = TestApp::spawn().await;
    let mine = app.landlord("Olga").await;
    let theirs = app.landlord("Paul").await;
    let my_listing = api_listing(
        &app,
        &mine,
        "Chez Olga",
        "Nantes",
        "400.00",
        1,
        no_requirements(),
    )
    .await;
    let their_listing = api_listing(
        &app,
        &theirs,
        "Chez Paul",
        "Nantes",
        "410.00",
        1,
        no_requirements(),
    )
    .await;
    let their_draft = app
        .draft_listing(
            &theirs,
            crate::common::listing_body(
                "Brouillon de Paul",
                "Nantes",
                "100.00",
                1,
                no_requirements(),
            ),
        )
        .await;
    let quentin = app.renter("Quentin").await;
    let rose = app.renter("Rose").await;
    let apply = |listing: &str| json!({"listing_id": listing, "move_in_date": "2026-12-01", "duration_months": 6});
    let (_, body) = app
        .post(
            "/api/v1/tenant/applications",
            &quentin.token,
            apply(&their_listing),
        )
        .await;
    let their_application = body["data"]["id"].as_str().expect("id").to_owned();
    let (_, body) = app
        .post(
            "/api/v1/tenant/applications",
            &rose.token,
            apply(&my_listing),
        )
        .await;
    let roses_application = body["data"]["id"].as_str().expect("id").to_owned();
    let quentins_guarantor = app.guarantor(&quentin, "Sam", "2000.00").await;
    let quentins_document = app.upload_document(&quentin, "id_card").await;

    // Olga sees her listing and Rose's application, not Paul's.
    sign_in(&app, &mine.email).await;
    let token = session_csrf(&app).await;
    get(&app, &format!("/landlord/listings/{my_listing}"))
        .await
        .is(Status::Ok)
        .shows("rose@renter.test");
    let listings = get(&app, "/landlord/listings").await;
    listings.is(Status::Ok).shows("Chez Olga");
    assert!(!listings.body.contains("Chez Paul"));
    for path in [
        format!("/landlord/listings/{their_listing}"),
        format!("/landlord/listings/{their_draft}"),
        "/landlord/listings/nope".to_owned(),
    ] {
        let page = get(&app, &path).await;
        assert_eq!(page.status, Status::NotFound, "{path}");
        assert!(!page.body.contains("Paul"), "{path} leaks nothing");
    }
    for action in ["accept", "reject", "confirm"] {
        post(
            &app,
            &format!("/landlord/applications/{their_application}/{action}"),
            &[("csrf", &token)],
        )
        .await
        .is(Status::NotFound);
    }
    for action in ["publish", "close"] {
        post(
            &app,
            &format!("/landlord/listings/{their_draft}/{action}"),
            &[("csrf", &token)],
        )
        .await
        .is(Status::NotFound);
    }
    let (_, paul) = app.get("/api/v1/landlord/listings", &theirs.token).await;
    assert!(
        paul["data"]["results"]
            .as_array()
            .expect("list")
            .iter()
            .any(|l| l["status"] == json!("draft")),
        "Paul's draft is still a draft: {paul}"
    );
    let (_, application) = app
        .get(
            &format!("/api/v1/applications/{their_application}"),
            &quentin.token,
        )
        .await;
    assert_eq!(application["data"]["status"], json!("pending"));
    sign_out_from(&app, "/landlord/listings").await;

    // Rose sees her application, not Quentin's, nor his guarantor or document.
    renter_sign_in(&app, &rose.email).await;
    let token = renter_csrf(&app).await;
    get(&app, &format!("/renter/applications/{roses_application}"))
        .await
        .is(Status::Ok)
        .shows("Chez Olga");
    for path in [
        format!("/renter/applications/{their_application}"),
        format!("/renter/guarantors/{quentins_guarantor}"),
        format!("/renter/documents/{quentins_document}"),
        "/renter/applications/123".to_owned(),
    ] {
        let page = get(&app, &path).await;
        assert_eq!(page.status, Status::NotFound, "{path}");
        assert!(
            !page.body.contains("Chez Paul") && !page.body.contains("Sam"),
            "{path}"
        );
    }
    for path in [
        format!("/renter/applications/{their_application}/withdraw"),
        format!("/renter/guarantors/{quentins_guarantor}/delete"),
        format!("/renter/documents/{quentins_document}/delete"),
    ] {
        post(&app, &path, &[("csrf", &token)])
            .await
            .is(Status::NotFound);
    }
    post(
        &app,
        &format!("/renter/guarantors/{quentins_guarantor}"),
        &[
            ("first_name", "Mine"),
            ("last_name", "Now"),
            ("relation", "x"),
            ("csrf", &token),
        ],
    )
    .await
    .is(Status::NotFound);
    let (_, guarantors) = app.get("/api/v1/tenant/guarantors", &quentin.token).await;
    assert_eq!(guarantors["data"]["results"][0]["first_name"], json!("Sam"));
    let (_, documents) = app.get("/api/v1/documents", &quentin.token).await;
    assert_eq!(
        documents["data"].as_array().map(Vec::len),
        Some(1),
        "{documents}"
    );
    let (_, application) = app
        .get(
            &format!("/api/v1/applications/{their_application}"),
            &quentin.token,
        )
        .await;
    assert_eq!(application["data"]["status"], json!("pending"));
}

#[rocket::async_test]
async fn a_marketplace_form_without_the_session_token_writes_nothing() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Sara").await;
    let listing = api_listing(
        &app,
        &landlord,
        "Studio Opéra",
        "Lyon",
        "500.00",
        1,
        no_requirements(),
    )
    .await;
    let renter = app.renter("Tom").await;

    sign_in(&app, &landlord.email).await;
    for csrf in ["forged", ""] {
        let form = listing_form(
            &[
                ("title", "Forged listing"),
                ("city", "Lyon"),
                ("address", "1 rue"),
                ("type", "studio"),
                ("availability_date", "2026-12-01"),
            ],
            &[
                ["A", "1", "400", "", "", "1", "12"],
                BLANK_ROW,
                BLANK_ROW,
                BLANK_ROW,
                BLANK_ROW,
            ],
            &[("csrf", csrf)],
        );
        post(&app, "/landlord/listings", &form)
            .await
            .is(Status::Forbidden)
            .shows("Le formulaire a expiré")
            .shows("value=\"Forged listing\"");
        post(
            &app,
            &format!("/landlord/listings/{listing}/close"),
            &[("csrf", csrf)],
        )
        .await
        .is(Status::Forbidden);
    }
    let (_, listings) = app.get("/api/v1/landlord/listings", &landlord.token).await;
    assert_eq!(listings["data"]["total"], json!(1));
    assert_eq!(listings["data"]["results"][0]["status"], json!("published"));
    sign_out_from(&app, "/landlord/listings").await;

    renter_sign_in(&app, &renter.email).await;
    post(
        &app,
        &format!("/listings/{listing}/apply"),
        &[
            ("move_in_date", "2026-12-01"),
            ("duration_months", "6"),
            ("csrf", "forged"),
        ],
    )
    .await
    .is(Status::Forbidden)
    .shows("Le formulaire a expiré");
    post(
        &app,
        "/renter/guarantors",
        &[
            ("first_name", "Ugo"),
            ("last_name", "Vidal"),
            ("relation", "père"),
            ("csrf", "forged"),
        ],
    )
    .await
    .is(Status::Forbidden);
    post_multipart(
        &app,
        "/renter/documents",
        &[
            Part::Text("csrf", "forged"),
            Part::Text("kind", "id_card"),
            Part::File("file", "id.png", "image/png", crate::PNG),
        ],
    )
    .await
    .is(Status::Forbidden);
    let (_, applications) = app.get("/api/v1/tenant/applications", &renter.token).await;
    assert_eq!(applications["data"]["total"], json!(0));
    let (_, guarantors) = app.get("/api/v1/tenant/guarantors", &renter.token).await;
    assert_eq!(guarantors["data"]["total"], json!(0));
    get(&app, "/renter/documents")
        .await
        .shows("Aucun document pour l&#39;instant.");
}
