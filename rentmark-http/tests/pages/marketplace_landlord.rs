//! The landlord's side through the forms: creating a listing (blank room rows
//! ignored, a bad room value shown in its cell), publishing it, reading the dossier
//! summary of each application, accepting, confirming (the lease then exists, and
//! the other application to the last place is cancelled), and the refusals; editing
//! a listing's details (prefilled form, 422 with the typed values kept, CSRF, another
//! organization's listing, a closed listing).

use rocket::http::Status;
use serde_json::json;

use crate::common::TestApp;
use crate::marketplace_support::{
    BLANK_ROW, api_listing, id_after, listing_form, renter_sign_in, sign_out_from,
};
use crate::{get, post, session_csrf, sign_in};

#[rocket::async_test]
async fn a_landlord_lists_publishes_and_confirms_an_application() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Jade").await;
    sign_in(&app, &landlord.email).await;
    let token = session_csrf(&app).await;
    get(&app, "/landlord/listings")
        .await
        .is(Status::Ok)
        .shows("Aucune annonce pour l&#39;instant.")
        .shows("name=\"room_rent\"")
        .shows("value=\"2026-11-15\"");

    let fields = [
        ("title", "Maison des Pentes"),
        ("city", "Lyon"),
        ("address", "8 montée de la Grande-Côte"),
        ("description", "Deux chambres, jardin"),
        ("type", "room"),
        ("property_id", ""),
        ("availability_date", "2026-12-01"),
    ];
    let requirements = [
        ("guarantor_required_count", "1"),
        ("income_min_multiplier", "2,5"),
        ("documents", "id_card"),
        ("documents", "rib"),
        ("csrf", token.as_str()),
    ];
    // A bad rent in the second room, and a stay that ends before it starts: each
    // shown in its own cell, the typed values kept.
    let bad = listing_form(
        &fields,
        &[
            ["Chambre bleue", "1", "450", "40", "450", "1", "12"],
            BLANK_ROW,
            ["Chambre verte", "1", "abc", "40", "450", "6", "3"],
            BLANK_ROW,
            BLANK_ROW,
        ],
        &requirements,
    );
    let refused = post(&app, "/landlord/listings", &bad).await;
    refused
        .is(Status::UnprocessableEntity)
        .shows("value=\"Chambre verte\"")
        .shows("value=\"abc\"")
        .shows("Montant invalide")
        .shows("Valeur hors limites.");
    // The message is in the cell of the third row (the second, blank, is skipped).
    let cell = |input: &str| {
        let start = refused
            .body
            .find(input)
            .unwrap_or_else(|| panic!("no {input}"));
        let end = refused.body[start..]
            .find("</td>")
            .expect("end of the cell")
            + start;
        refused.body[start..end].to_owned()
    };
    assert!(cell("name=\"room_rent\" value=\"abc\"").contains("Montant invalide"));
    assert!(cell("name=\"room_max\" value=\"3\"").contains("Valeur hors limites."));
    assert!(!cell("name=\"room_rent\" value=\"450\"").contains("field-error"));
    // Every row left blank: no room at all.
    let empty = listing_form(&fields, &[BLANK_ROW; 5], &requirements);
    post(&app, "/landlord/listings", &empty)
        .await
        .is(Status::UnprocessableEntity)
        .shows("La liste ne peut pas être vide.");
    let (_, none) = app.get("/api/v1/landlord/listings", &landlord.token).await;
    assert_eq!(none["data"]["total"], json!(0), "nothing was created");

    let good = listing_form(
        &fields,
        &[
            ["Chambre bleue", "1", "450", "40", "450", "1", "12"],
            BLANK_ROW,
            ["Chambre verte", "2", "420,50", "", "", "3", "10"],
            BLANK_ROW,
            BLANK_ROW,
        ],
        &requirements,
    );
    let created = post(&app, "/landlord/listings", &good).await;
    let listing = id_after(&created, "/landlord/listings/");
    let page = get(&app, &format!("/landlord/listings/{listing}")).await;
    page.is(Status::Ok)
        .shows("Maison des Pentes")
        .shows("Brouillon")
        .shows("Chambre bleue")
        .shows("Chambre verte")
        .shows("420,50\u{a0}€")
        .shows("3–10")
        .shows("2.5 × loyer et charges")
        .shows(&format!("/landlord/listings/{listing}/publish"))
        .shows("Aucune candidature pour l&#39;instant.");
    let (_, api) = app
        .get("/api/v1/landlord/listings?page=1", &landlord.token)
        .await;
    let data = &api["data"]["results"][0];
    assert_eq!(
        data["rooms"].as_array().map(Vec::len),
        Some(2),
        "blank rows ignored: {api}"
    );
    assert_eq!(data["rooms"][1]["capacity"], json!(2));
    assert_eq!(data["rooms"][1]["rent_eur"], json!("420.50"));
    assert_eq!(data["requirements"]["documents"], json!(["id_card", "rib"]));
    assert_eq!(data["requirements"]["guarantor_required_count"], json!(1));
    // Not in the search while a draft.
    assert!(
        !get(&app, "/listings")
            .await
            .body
            .contains("Maison des Pentes")
    );

    // Publish; publishing again is refused on the page.
    post(
        &app,
        &format!("/landlord/listings/{listing}/publish"),
        &[("csrf", &token)],
    )
    .await
    .redirects_to(&format!("/landlord/listings/{listing}"));
    get(&app, &format!("/landlord/listings/{listing}"))
        .await
        .shows("Publiée")
        .shows(&format!("href=\"/listings/{listing}\""));
    post(
        &app,
        &format!("/landlord/listings/{listing}/publish"),
        &[("csrf", &token)],
    )
    .await
    .is(Status::Conflict)
    .shows("Cette annonce ne peut pas passer à ce statut maintenant.");
    get(&app, "/listings?city=Lyon")
        .await
        .shows("Maison des Pentes");

    // Two renters apply (through the API) for the blue room, which has one place.
    let (_, public) = app
        .call(
            rocket::http::Method::Get,
            &format!("/api/v1/listings/{listing}"),
            None,
            None,
        )
        .await;
    let blue = public["data"]["rooms"][0]["id"]
        .as_str()
        .expect("room")
        .to_owned();
    let mut applications = Vec::new();
    for (name, income) in [("Karim", "1200.00"), ("Lou", "1000.00")] {
        let renter = app.renter(name).await;
        app.upload_document(&renter, "id_card").await;
        app.upload_document(&renter, "rib").await;
        let guarantor = app
            .guarantor(&renter, &format!("{name} senior"), income)
            .await;
        let (status, body) = app
            .post(
                "/api/v1/tenant/applications",
                &renter.token,
                json!({"listing_id": listing, "room_id": blue, "move_in_date": "2026-12-01", "duration_months": 10, "guarantor_ids": [guarantor], "profile_overrides": {"first_name": name, "last_name": "Renter", "monthly_income_eur": "300"}}),
            )
            .await;
        assert_eq!(status, Status::Created, "{body}");
        applications.push((renter, body["data"]["id"].as_str().expect("id").to_owned()));
    }
    let (karim, karim_application) = &applications[0];
    let (_, lou_application) = &applications[1];

    // The dossier summary of each.
    let page = get(&app, &format!("/landlord/listings/{listing}")).await;
    page.is(Status::Ok)
        .shows("Karim Renter")
        .shows("karim@renter.test")
        .shows("Lou Renter")
        .shows("1\u{a0}200,00\u{a0}€")
        .shows("1\u{a0}000,00\u{a0}€")
        .shows("Revenus propres : 300,00\u{a0}€")
        .shows("identité ou passeport, Relevé")
        .shows("1 déc. 2026")
        .shows("En attente")
        .shows(&format!(
            "/landlord/applications/{karim_application}/accept"
        ))
        .shows(&format!("/landlord/applications/{lou_application}/reject"));

    // Confirming before accepting is refused; accept, then confirm.
    post(
        &app,
        &format!("/landlord/applications/{karim_application}/confirm"),
        &[("csrf", &token)],
    )
    .await
    .is(Status::Conflict)
    .shows("Cette candidature ne peut pas passer à ce statut maintenant.");
    for id in [karim_application, lou_application] {
        post(
            &app,
            &format!("/landlord/applications/{id}/accept"),
            &[("csrf", &token)],
        )
        .await
        .redirects_to(&format!("/landlord/listings/{listing}"));
    }
    get(&app, &format!("/landlord/listings/{listing}"))
        .await
        .shows("Acceptée, en attente du paiement")
        .shows(&format!(
            "/landlord/applications/{karim_application}/confirm"
        ));
    post(
        &app,
        &format!("/landlord/applications/{karim_application}/confirm"),
        &[("csrf", &token)],
    )
    .await
    .redirects_to(&format!("/landlord/listings/{listing}"));
    let page = get(&app, &format!("/landlord/listings/{listing}")).await;
    page.is(Status::Ok)
        .shows("Confirmée")
        .shows("Voir le bail")
        .shows("La chambre a été attribuée à un autre locataire.");
    let lease = {
        let marker = "href=\"/leases/";
        let start = page.body.find(marker).expect("a lease link") + marker.len();
        page.body[start..start + 36].to_owned()
    };
    get(&app, &format!("/leases/{lease}"))
        .await
        .is(Status::Ok)
        .shows("Karim Renter")
        .shows("450,00\u{a0}€");
    // The other place was the last one: confirming Lou is refused.
    post(
        &app,
        &format!("/landlord/applications/{lou_application}/confirm"),
        &[("csrf", &token)],
    )
    .await
    .is(Status::Conflict);

    // The renter sees it confirmed; the other sees why theirs was rejected.
    sign_out_from(&app, "/landlord/listings").await;
    renter_sign_in(&app, &karim.email).await;
    get(&app, "/renter/applications")
        .await
        .shows("Maison des Pentes")
        .shows("Confirmée");
    // ... with the lease its confirmation created.
    get(&app, &format!("/renter/applications/{karim_application}"))
        .await
        .is(Status::Ok)
        .shows("Votre bail")
        .shows("1 déc. 2026")
        .shows("450,00\u{a0}€");
    sign_out_from(&app, "/renter/applications").await;
    renter_sign_in(&app, &applications[1].0.email).await;
    get(&app, "/renter/applications")
        .await
        .shows("Refusée")
        .shows("La chambre a été attribuée à un autre locataire.");
    let rejected = get(&app, &format!("/renter/applications/{lou_application}")).await;
    rejected.shows("RentMark");
    assert!(
        !rejected.body.contains("Votre bail"),
        "no lease for a rejected one"
    );
    sign_out_from(&app, "/renter/applications").await;

    // Close the listing: it leaves the search.
    sign_in(&app, &landlord.email).await;
    let token = session_csrf(&app).await;
    post(
        &app,
        &format!("/landlord/listings/{listing}/close"),
        &[("csrf", &token)],
    )
    .await
    .redirects_to(&format!("/landlord/listings/{listing}"));
    get(&app, "/landlord/listings").await.shows("Fermée");
    assert!(
        !get(&app, "/listings")
            .await
            .body
            .contains("Maison des Pentes")
    );
}

#[rocket::async_test]
async fn a_landlord_edits_a_listing_through_its_form() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Jade").await;
    let other = app.landlord("Marc").await;
    let requirements = json!({"guarantor_required_count": 1, "income_min_multiplier": "2.5", "documents": ["rib"]});
    let listing = api_listing(
        &app,
        &landlord,
        "Studio Croix-Rousse",
        "Lyon",
        "500.00",
        1,
        requirements,
    )
    .await;
    let theirs = api_listing(&app, &other, "Chez Marc", "Nantes", "400.00", 1, json!({})).await;
    sign_in(&app, &landlord.email).await;
    let token = session_csrf(&app).await;
    let edit = format!("/landlord/listings/{listing}/edit");
    let api = format!("/api/v1/landlord/listings/{listing}");
    let (_, before) = app.get(&api, &landlord.token).await;

    // The listing's page links to the form, which comes prefilled.
    get(&app, &format!("/landlord/listings/{listing}"))
        .await
        .shows(&format!("href=\"{edit}\""));
    get(&app, &edit)
        .await
        .is(Status::Ok)
        .shows("Modifier l&#39;annonce")
        .shows("value=\"Studio Croix-Rousse\"")
        .shows("value=\"Lyon\"")
        .shows("value=\"12 rue des Écoles\"")
        .shows("value=\"2026-11-15\"")
        .shows("value=\"2.5\"")
        .shows(&format!("action=\"{edit}\""));

    let form = |title: &'static str, available: &'static str, count: &'static str| {
        vec![
            ("title", title),
            ("city", "Villeurbanne"),
            ("address", "4 cours Émile-Zola"),
            ("description", "Refait à neuf"),
            ("type", "flat"),
            ("availability_date", available),
            ("guarantor_required_count", count),
            ("income_min_multiplier", "3"),
            ("documents", "id_card"),
        ]
    };
    // Bad values: 422, each message shown, the typed values kept, nothing written.
    let mut bad = form("", "2026-02-30", "51");
    bad.push(("csrf", &token));
    post(&app, &edit, &bad)
        .await
        .is(Status::UnprocessableEntity)
        .shows("Ce champ est obligatoire.")
        .shows("Date invalide")
        .shows("Valeur hors limites.")
        .shows("value=\"Villeurbanne\"")
        .shows("value=\"4 cours Émile-Zola\"")
        .shows("value=\"51\"");
    let (_, unchanged) = app.get(&api, &landlord.token).await;
    assert_eq!(unchanged["data"], before["data"]);

    // A bad token is refused and writes nothing.
    let mut forged = form("Piraté", "2026-12-01", "0");
    forged.push(("csrf", "not-the-token"));
    post(&app, &edit, &forged)
        .await
        .is(Status::Forbidden)
        .shows("Le formulaire a expiré");
    let (_, unchanged) = app.get(&api, &landlord.token).await;
    assert_eq!(unchanged["data"], before["data"]);

    // Another organization's listing is not found, shown or posted.
    let foreign = format!("/landlord/listings/{theirs}/edit");
    get(&app, &foreign).await.is(Status::NotFound);
    let mut good = form("Grand studio", "2026-12-01", "0");
    good.push(("csrf", &token));
    post(&app, &foreign, &good).await.is(Status::NotFound);
    let (_, marc) = app
        .get(&format!("/api/v1/landlord/listings/{theirs}"), &other.token)
        .await;
    assert_eq!(marc["data"]["title"], json!("Chez Marc"));

    // Saved: back to the listing's page; the rooms are unchanged; the search sees
    // the new city.
    post(&app, &edit, &good)
        .await
        .redirects_to(&format!("/landlord/listings/{listing}"));
    let (_, after) = app.get(&api, &landlord.token).await;
    let data = &after["data"];
    assert_eq!(data["title"], json!("Grand studio"));
    assert_eq!(data["city"], json!("Villeurbanne"));
    assert_eq!(data["type"], json!("flat"));
    assert_eq!(data["availability_date"], json!("2026-12-01"));
    assert_eq!(
        data["requirements"],
        json!({"guarantor_required_count": 0, "income_min_multiplier": "3", "documents": ["id_card"]})
    );
    assert_eq!(data["rooms"], before["data"]["rooms"]);
    get(&app, "/listings?city=Villeurbanne")
        .await
        .shows("Grand studio");

    // Closed: the form says so and posting it is refused with 409.
    post(
        &app,
        &format!("/landlord/listings/{listing}/close"),
        &[("csrf", &token)],
    )
    .await
    .redirects_to(&format!("/landlord/listings/{listing}"));
    let page = get(&app, &format!("/landlord/listings/{listing}")).await;
    assert!(!page.body.contains(&edit), "no edit link once closed");
    get(&app, &edit)
        .await
        .is(Status::Ok)
        .shows("Cette annonce est fermée");
    post(&app, &edit, &good)
        .await
        .is(Status::Conflict)
        .shows("Cette annonce est fermée")
        .shows("value=\"Grand studio\"");
}
