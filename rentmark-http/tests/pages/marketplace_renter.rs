//! The renter's side through the forms: signing up as a renter, building a dossier
//! (documents, guarantors, profile), applying (first refused with exactly what is
//! missing), following the application and withdrawing it.

use rocket::http::Status;
use serde_json::json;

use crate::common::TestApp;
use crate::marketplace_support::{api_listing, id_after, renter_csrf};
use crate::{PASSWORD, Part, get, post, post_multipart};

/// A small PDF.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

#[rocket::async_test]
async fn a_renter_signs_up_builds_a_dossier_applies_and_withdraws() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Iris").await;
    let requirements = json!({"guarantor_required_count": 1, "income_min_multiplier": "2", "documents": ["id_card", "proof_of_study"]});
    // Rent 500 + charges 60: twice that is 1,120.00 a month.
    let listing = api_listing(
        &app,
        &landlord,
        "Chambre Guillotière",
        "Lyon",
        "500.00",
        2,
        requirements,
    )
    .await;

    // Sign up as a renter through the form.
    let form = get(&app, "/signup").await;
    form.is(Status::Ok)
        .shows("name=\"role\"")
        .shows("value=\"tenant\"");
    let token = form.csrf();
    post(
        &app,
        "/signup",
        &[
            ("email", "lea@renter.test"),
            ("password", PASSWORD),
            ("role", "tenant"),
            ("org_name", ""),
            ("csrf", &token),
        ],
    )
    .await
    .redirects_to("/renter/applications");
    get(&app, "/renter/applications")
        .await
        .is(Status::Ok)
        .shows("lea@renter.test")
        .shows("Vous n&#39;avez pas encore candidaté.")
        .shows("href=\"/renter/guarantors\"");
    get(&app, "/").await.redirects_to("/renter/applications");
    let token = renter_csrf(&app).await;

    // The listing page offers the form; an empty dossier is refused with exactly
    // what is missing.
    let page = get(&app, &format!("/listings/{listing}")).await;
    page.is(Status::Ok)
        .shows("name=\"room_id\"")
        .shows("value=\"2026-11-15\"")
        .shows("Vous n&#39;avez pas encore de garant");
    let room = {
        let marker = "<option value=\"";
        let start = page.body.find(marker).expect("a room option") + marker.len();
        page.body[start..start + 36].to_owned()
    };
    let apply = |extra: Vec<(&'static str, String)>| {
        let mut pairs: Vec<(&str, String)> = vec![
            ("room_id", room.clone()),
            ("move_in_date", "2026-12-01".into()),
            ("duration_months", "9".into()),
            ("csrf", token.clone()),
        ];
        pairs.extend(extra);
        pairs
    };
    let pairs = apply(vec![("monthly_income_eur", "300".into())]);
    let refused = post(
        &app,
        &format!("/listings/{listing}/apply"),
        &as_refs(&pairs),
    )
    .await;
    refused
        .is(Status::UnprocessableEntity)
        .shows("Votre dossier ne remplit pas les conditions de cette annonce.")
        .shows("Il manque à votre dossier")
        .shows("Document manquant : Pièce d&#39;identité ou passeport")
        .shows("Document manquant : Certificat de scolarité")
        .shows("Garants manquants : 1")
        .shows("Revenus mensuels cumulés insuffisants de 820,00\u{a0}€")
        .shows("Revenus mensuels cumulés exigés : 1\u{a0}120,00\u{a0}€")
        .shows("value=\"300\"");
    // The same, in English.
    get(&app, "/lang/en?next=/").await;
    post(
        &app,
        &format!("/listings/{listing}/apply"),
        &as_refs(&pairs),
    )
    .await
    .is(Status::UnprocessableEntity)
    .shows("Missing document: Identity card or passport")
    .shows("Missing document: Proof of study")
    .shows("Guarantors missing: 1")
    .shows("Combined monthly income short by €820.00");
    get(&app, "/lang/fr?next=/").await;

    // Documents: a PDF and an image are kept, anything else refused.
    post_multipart(
        &app,
        "/renter/documents",
        &[
            Part::Text("csrf", &token),
            Part::Text("kind", "id_card"),
            Part::File("file", "passeport.pdf", "application/pdf", PDF),
        ],
    )
    .await
    .redirects_to("/renter/documents");
    post_multipart(
        &app,
        "/renter/documents",
        &[
            Part::Text("csrf", &token),
            Part::Text("kind", "proof_of_study"),
            Part::File("file", "certificat.png", "image/png", crate::PNG),
        ],
    )
    .await
    .redirects_to("/renter/documents");
    post_multipart(
        &app,
        "/renter/documents",
        &[
            Part::Text("csrf", &token),
            Part::Text("kind", "rib"),
            Part::File(
                "file",
                "rib.pdf",
                "application/pdf",
                b"<script>alert(1)</script>",
            ),
        ],
    )
    .await
    .is(Status::UnprocessableEntity)
    .shows("type de fichier n&#39;est pas accepté");
    post_multipart(
        &app,
        "/renter/documents",
        &[Part::Text("csrf", &token), Part::Text("kind", "castle")],
    )
    .await
    .is(Status::UnprocessableEntity)
    .shows("Choix invalide.")
    .shows("Ce champ est obligatoire.");
    let documents = get(&app, "/renter/documents").await;
    documents
        .is(Status::Ok)
        .shows("passeport.pdf")
        .shows("certificat.png")
        .shows("Certificat de scolarité")
        .shows("Enregistré");
    assert!(!documents.body.contains("rib.pdf"));
    let href = {
        let marker = "href=\"/renter/documents/";
        let start = documents.body.find(marker).expect("a document link") + "href=\"".len();
        let end = documents.body[start..].find('"').expect("end") + start;
        documents.body[start..end].to_owned()
    };
    let (status, content_type, bytes) = crate::get_bytes(&app, &href).await;
    assert_eq!(status, Status::Ok);
    assert!(
        bytes == PDF || bytes == crate::PNG,
        "the stored bytes come back"
    );
    assert!(content_type.is_some());

    // A guarantor: refused without a name, then added.
    post(
        &app,
        "/renter/guarantors",
        &[
            ("first_name", ""),
            ("last_name", "Martin"),
            ("relation", "mère"),
            ("income_eur", "1500,00"),
            ("csrf", &token),
        ],
    )
    .await
    .is(Status::UnprocessableEntity)
    .shows("Ce champ est obligatoire.")
    .shows("value=\"1500,00\"");
    post(
        &app,
        "/renter/guarantors",
        &[
            ("first_name", "Anne"),
            ("last_name", "Martin"),
            ("relation", "mère"),
            ("email", "anne@mail.test"),
            ("income_eur", "1500,00"),
            ("birth_date", "1970-05-02"),
            ("csrf", &token),
        ],
    )
    .await
    .redirects_to("/renter/guarantors");
    let guarantors = get(&app, "/renter/guarantors").await;
    guarantors
        .is(Status::Ok)
        .shows("Anne Martin")
        .shows("1\u{a0}500,00\u{a0}€");
    let guarantor = {
        let marker = "href=\"/renter/guarantors/";
        let start = guarantors.body.find(marker).expect("a guarantor link") + marker.len();
        guarantors.body[start..start + 36].to_owned()
    };
    // Edit it.
    post(
        &app,
        &format!("/renter/guarantors/{guarantor}"),
        &[
            ("first_name", "Anne"),
            ("last_name", "Martin-Dupont"),
            ("relation", "mère"),
            ("income_eur", "1600"),
            ("csrf", &token),
        ],
    )
    .await
    .redirects_to("/renter/guarantors");
    get(&app, &format!("/renter/guarantors/{guarantor}"))
        .await
        .is(Status::Ok)
        .shows("value=\"Martin-Dupont\"")
        .shows("value=\"1600.00\"");

    // The profile.
    post(
        &app,
        "/renter/profile",
        &[
            ("first_name", "Léa"),
            ("last_name", "Petit"),
            ("phone", ""),
            ("nationality", "française"),
            ("birth_date", "2040-01-01"),
            ("education", "Master 1"),
            ("budget_eur", "600"),
            ("csrf", &token),
        ],
    )
    .await
    .is(Status::UnprocessableEntity)
    .shows("value=\"Léa\"");
    post(
        &app,
        "/renter/profile",
        &[
            ("first_name", "Léa"),
            ("last_name", "Petit"),
            ("phone", "06 11 22 33 44"),
            ("nationality", "française"),
            ("birth_date", "2004-03-09"),
            ("education", "Master 1"),
            ("budget_eur", "600,50"),
            ("csrf", &token),
        ],
    )
    .await
    .redirects_to("/renter/profile?saved=true");
    get(&app, "/renter/profile")
        .await
        .is(Status::Ok)
        .shows("value=\"Petit\"")
        .shows("value=\"2004-03-09\"")
        .shows("value=\"600.50\"");

    // Applying with the guarantor and a stated income now succeeds.
    let pairs = apply(vec![
        ("guarantor_ids", guarantor.clone()),
        ("monthly_income_eur", "300".into()),
    ]);
    let applied = post(
        &app,
        &format!("/listings/{listing}/apply"),
        &as_refs(&pairs),
    )
    .await;
    let application = id_after(&applied, "/renter/applications/");
    let detail = get(&app, &format!("/renter/applications/{application}")).await;
    detail
        .is(Status::Ok)
        .shows("Chambre Guillotière")
        .shows("En attente")
        .shows("Historique")
        .shows("Locataire");
    get(&app, "/renter/applications")
        .await
        .is(Status::Ok)
        .shows("Chambre Guillotière")
        .shows("Room A")
        .shows("1 déc. 2026")
        .shows(&format!("/renter/applications/{application}/withdraw"));
    // A second application to the same listing is a conflict said on the form.
    post(
        &app,
        &format!("/listings/{listing}/apply"),
        &as_refs(&pairs),
    )
    .await
    .is(Status::Conflict)
    .shows("Vous avez déjà candidaté à cette annonce.");
    // The guarantor is named on it: it cannot be deleted.
    post(
        &app,
        &format!("/renter/guarantors/{guarantor}/delete"),
        &[("csrf", &token)],
    )
    .await
    .is(Status::Conflict)
    .shows("Ce garant figure sur une candidature");

    // Withdraw; a second withdrawal is refused.
    post(
        &app,
        &format!("/renter/applications/{application}/withdraw"),
        &[("csrf", &token)],
    )
    .await
    .redirects_to("/renter/applications");
    let list = get(&app, "/renter/applications").await;
    list.is(Status::Ok).shows("Retirée");
    assert!(
        !list.body.contains("/withdraw\""),
        "no withdraw button any more"
    );
    post(
        &app,
        &format!("/renter/applications/{application}/withdraw"),
        &[("csrf", &token)],
    )
    .await
    .is(Status::Conflict)
    .shows("Cette candidature ne peut pas passer à ce statut maintenant.");
    get(&app, &format!("/renter/applications/{application}"))
        .await
        .shows("Retirée")
        .shows("En attente");

    // A document is deleted from the dossier.
    post(&app, &format!("{href}/delete"), &[("csrf", &token)])
        .await
        .redirects_to("/renter/documents");
    get(&app, &href).await.is(Status::NotFound);
}

/// Borrows the pairs of a form built with owned values.
fn as_refs<'a>(pairs: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}
