//! The management forms (properties, units, tenants, leases) and the dashboard: a
//! valid form changes what the pages show, an invalid one comes back with 422, its
//! values and a message next to each bad field.

use rocket::http::Status;
use serde_json::json;

use crate::common::TestApp;
use crate::{Part, encode, get, post, post_multipart, session_csrf, sign_in};

/// The id at the end of a redirect such as `/properties/<id>`.
fn id_from(location: Option<&str>, prefix: &str) -> String {
    location
        .and_then(|l| l.strip_prefix(prefix))
        .unwrap_or_else(|| panic!("expected a redirect to {prefix}..., got {location:?}"))
        .to_owned()
}

#[rocket::async_test]
async fn a_landlord_builds_a_portfolio_through_the_forms() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Alice").await;
    sign_in(&app, &landlord.email).await;
    let token = session_csrf(&app).await;

    let created = post(
        &app,
        "/properties",
        &[
            ("name", "Les Tilleuls"),
            ("address", "3 rue des Lilas"),
            ("city", "Lyon"),
            ("description", "Près du parc"),
            ("csrf", &token),
        ],
    )
    .await;
    let property = id_from(created.location.as_deref(), "/properties/");
    get(&app, "/properties")
        .await
        .is(Status::Ok)
        .shows("Les Tilleuls")
        .shows("Lyon");

    // A unit with a French decimal comma.
    let unit_form = [
        ("name", "Apt 2B"),
        ("beds", "2"),
        ("baths", "1,5"),
        ("sq_ft", ""),
        ("capacity", "2"),
        ("rent", "720,50"),
        ("charges", "60"),
        ("deposit", "720.50"),
        ("csrf", &token),
    ];
    post(&app, &format!("/properties/{property}/units"), &unit_form)
        .await
        .redirects_to(&format!("/properties/{property}"));
    let page = get(&app, &format!("/properties/{property}")).await;
    page.is(Status::Ok).shows("Apt 2B").shows("720,50\u{a0}€");
    let (_, units) = app
        .get(
            &format!("/api/v1/properties/{property}/units"),
            &landlord.token,
        )
        .await;
    let unit = units["data"]["results"][0]["id"]
        .as_str()
        .expect("unit id")
        .to_owned();
    assert_eq!(units["data"]["results"][0]["rent"], json!("720.50"));

    // Edit the property and the unit.
    post(
        &app,
        &format!("/properties/{property}"),
        &[
            ("name", "Les Tilleuls II"),
            ("address", "3 rue des Lilas"),
            ("city", "Lyon"),
            ("description", ""),
            ("csrf", &token),
        ],
    )
    .await
    .redirects_to(&format!("/properties/{property}"));
    let mut edited = unit_form;
    edited[0] = ("name", "Apt 2C");
    post(&app, &format!("/units/{unit}"), &edited)
        .await
        .redirects_to(&format!("/units/{unit}"));
    get(&app, &format!("/units/{unit}"))
        .await
        .is(Status::Ok)
        .shows("Apt 2C")
        .shows("Les Tilleuls II");

    // Two co-tenants share a lease.
    let first = id_from(
        post(
            &app,
            "/tenants",
            &[
                ("name", "Zoé Martin"),
                ("email", "zoe@mail.test"),
                ("phone", ""),
                ("csrf", &token),
            ],
        )
        .await
        .location
        .as_deref(),
        "/tenants/",
    );
    let second = id_from(
        post(
            &app,
            "/tenants",
            &[
                ("name", "Yanis Petit"),
                ("email", ""),
                ("phone", "06 00 00 00 00"),
                ("csrf", &token),
            ],
        )
        .await
        .location
        .as_deref(),
        "/tenants/",
    );
    let form = get(&app, "/leases").await;
    form.is(Status::Ok)
        .shows("Les Tilleuls II · Apt 2C")
        .shows("Zoé Martin")
        .shows("Yanis Petit");
    let lease_form = [
        ("unit_id", unit.as_str()),
        ("tenant_ids", first.as_str()),
        ("tenant_ids", second.as_str()),
        ("rent", "900"),
        ("charges", "100"),
        ("deposit", "0"),
        ("start_date", "2026-10-01"),
        ("end_date", ""),
        ("due_day", "5"),
        ("csrf", &token),
    ];
    let lease = id_from(
        post(&app, "/leases", &lease_form).await.location.as_deref(),
        "/leases/",
    );
    // October and November are due: 2 x 1,000.00, shared 50/50.
    let page = get(&app, &format!("/leases/{lease}")).await;
    page.is(Status::Ok)
        .shows("Zoé Martin")
        .shows("Yanis Petit")
        .shows("50,0\u{a0}%")
        .shows("id=\"lease-balance\">2\u{a0}000,00\u{a0}€");
    get(&app, &format!("/tenants/{first}"))
        .await
        .is(Status::Ok)
        .shows("id=\"tenant-outstanding\">1\u{a0}000,00\u{a0}€");
    get(&app, &format!("/units/{unit}"))
        .await
        .shows("Zoé Martin")
        .shows("En cours");

    // The same unit on overlapping dates is a conflict, shown on the form.
    post(&app, "/leases", &lease_form)
        .await
        .is(Status::Conflict)
        .shows("Ce logement est déjà loué");

    // End the lease: the page says so, the form is gone.
    post(
        &app,
        &format!("/leases/{lease}/end"),
        &[("end_date", "2026-11-30"), ("csrf", &token)],
    )
    .await
    .redirects_to(&format!("/leases/{lease}"));
    let ended = get(&app, &format!("/leases/{lease}")).await;
    ended.is(Status::Ok).shows("Bail terminé le");
    assert!(
        !ended
            .body
            .contains(&format!("action=\"/leases/{lease}/end\""))
    );

    // A unit with leases cannot be deleted; an empty property can.
    post(&app, &format!("/units/{unit}/delete"), &[("csrf", &token)])
        .await
        .is(Status::Conflict)
        .shows("Ce logement a des baux");
    let empty = id_from(
        post(
            &app,
            "/properties",
            &[
                ("name", "Vide"),
                ("address", "1 rue"),
                ("city", "Nice"),
                ("csrf", &token),
            ],
        )
        .await
        .location
        .as_deref(),
        "/properties/",
    );
    post(
        &app,
        &format!("/properties/{empty}/delete"),
        &[("csrf", &token)],
    )
    .await
    .redirects_to("/properties");
    get(&app, &format!("/properties/{empty}"))
        .await
        .is(Status::NotFound);
}

#[rocket::async_test]
async fn invalid_forms_come_back_with_their_values_and_messages() {
    let app = TestApp::spawn().await;
    let p = app.portfolio("Bob", "600.00", "2026-11-01").await;
    sign_in(&app, &p.landlord.email).await;
    let token = session_csrf(&app).await;

    post(
        &app,
        "/properties",
        &[
            ("name", "  "),
            ("address", "9 quai Sud"),
            ("city", &"x".repeat(101)),
            ("csrf", &token),
        ],
    )
    .await
    .is(Status::UnprocessableEntity)
    .shows("Certaines valeurs sont invalides.")
    .shows("Ce champ est obligatoire.")
    .shows("Ce texte est trop long.")
    .shows("value=\"9 quai Sud\"");

    post(
        &app,
        &format!("/properties/{}/units", p.property),
        &[
            ("name", "Studio"),
            ("beds", "two"),
            ("rent", "abc"),
            ("charges", "-5"),
            ("csrf", &token),
        ],
    )
    .await
    .is(Status::UnprocessableEntity)
    .shows("Valeur du mauvais type.")
    .shows("Montant invalide")
    .shows("Le montant ne peut pas être négatif.")
    .shows("value=\"abc\"")
    .shows("value=\"Studio\"");

    post(
        &app,
        "/tenants",
        &[("name", "Ann"), ("email", "not-an-email"), ("csrf", &token)],
    )
    .await
    .is(Status::UnprocessableEntity)
    .shows("Adresse e-mail invalide.")
    .shows("value=\"not-an-email\"");

    let lease = post(
        &app,
        "/leases",
        &[
            ("unit_id", &p.unit),
            ("rent", "700"),
            ("start_date", "2026-13-01"),
            ("due_day", "40"),
            ("csrf", &token),
        ],
    )
    .await;
    lease
        .is(Status::UnprocessableEntity)
        .shows("La liste ne peut pas être vide.")
        .shows("Date invalide")
        .shows("value=\"2026-13-01\"")
        .shows("Valeur hors limites.");
    assert!(
        lease
            .body
            .contains(&format!("<option value=\"{}\" selected>", p.unit)),
        "the chosen unit stays selected"
    );

    post(
        &app,
        &format!("/leases/{}/end", p.lease),
        &[("end_date", "2026-10-01"), ("csrf", &token)],
    )
    .await
    .is(Status::UnprocessableEntity)
    .shows("La date de fin précède la date de début.");

    let payment = post_multipart(
        &app,
        "/payments",
        &[
            Part::Text("csrf", &token),
            Part::Text("lease_id", &p.lease),
            Part::Text("tenant_id", &p.tenant),
            Part::Text("amount", "-5"),
            Part::Text("paid_on", "hier"),
            Part::Text("method", "cheque"),
        ],
    )
    .await;
    payment
        .is(Status::UnprocessableEntity)
        .shows("value=\"-5\"")
        .shows("value=\"hier\"")
        .shows("Choix invalide.")
        .shows("Date invalide");

    // The language links of a page shown again after a POST lead back to the page the
    // form was on.
    let refused = app
        .client
        .post("/properties")
        .header(rocket::http::ContentType::Form)
        .header(rocket::http::Header::new(
            "Referer",
            "http://127.0.0.1:8000/properties?page=2&lang=fr",
        ))
        .body(format!("name=&csrf={token}"))
        .dispatch()
        .await;
    assert_eq!(refused.status(), Status::UnprocessableEntity);
    let body = refused.into_string().await.unwrap_or_default();
    assert!(
        body.contains("href=\"/lang/en?next=/properties%3Fpage%3D2\""),
        "{}",
        crate::excerpt(&body)
    );

    // Nothing of it was written.
    let (_, properties) = app.get("/api/v1/properties", &p.landlord.token).await;
    assert_eq!(properties["data"]["total"], json!(1));
    let (_, units) = app
        .get(
            &format!("/api/v1/properties/{}/units", p.property),
            &p.landlord.token,
        )
        .await;
    assert_eq!(units["data"]["total"], json!(1));
    let (_, payments) = app
        .get(
            &format!("/api/v1/payments?lease_id={}", p.lease),
            &p.landlord.token,
        )
        .await;
    assert_eq!(payments["data"]["total"], json!(0));
}

#[rocket::async_test]
async fn the_dashboard_shows_who_owes_what() {
    let app = TestApp::spawn().await;
    let p = app.portfolio("Carol", "720.00", "2026-11-01").await;
    let other = app.portfolio("Dan", "999.00", "2026-11-01").await;
    sign_in(&app, &p.landlord.email).await;
    let token = session_csrf(&app).await;

    let before = get(&app, "/dashboard").await;
    before
        .is(Status::Ok)
        .shows("Carol Renter")
        .shows("720,00\u{a0}€")
        .shows("<svg")
        .shows("role=\"img\"")
        .shows(">nov.</text>");
    assert!(
        !before.body.contains("Dan Renter") && !before.body.contains("999,00"),
        "another organization's rows never show"
    );

    post_multipart(
        &app,
        "/payments",
        &[
            Part::Text("csrf", &token),
            Part::Text("lease_id", &p.lease),
            Part::Text("tenant_id", &p.tenant),
            Part::Text("amount", "200"),
            Part::Text("paid_on", "2026-11-10"),
            Part::Text("method", "transfer"),
        ],
    )
    .await
    .redirects_to(&format!("/tenants/{}", p.tenant));

    let after = get(&app, "/dashboard").await;
    after.is(Status::Ok);
    let figures = &after.body[after.body.find("class=\"figures\"").expect("figures")..];
    let figures = &figures[..figures.find("</section>").expect("end of figures")];
    assert!(figures.contains("520,00\u{a0}€"), "outstanding: {figures}");
    assert!(
        figures.contains("200,00\u{a0}€"),
        "collected this month: {figures}"
    );
    assert!(
        figures.contains("720,00\u{a0}€"),
        "due this month: {figures}"
    );
    assert!(figures.contains("100,0\u{a0}%"), "occupancy: {figures}");
    let billing = &after.body[after.body.find("class=\"billing\"").expect("billing table")..];
    assert!(billing.contains(&format!("href=\"/tenants/{}\">Carol Renter</a>", p.tenant)));
    assert!(
        billing.contains("520,00\u{a0}€") && billing.contains("10 nov. 2026"),
        "{}",
        &billing[..billing.len().min(2000)]
    );

    let english = get(&app, "/dashboard?lang=en").await;
    english
        .is(Status::Ok)
        .shows("€520.00")
        .shows("Who owes what")
        .shows(">Nov</text>");

    // Filtered by property; another organization's property is not found.
    get(&app, &format!("/dashboard?property_id={}", p.property))
        .await
        .is(Status::Ok)
        .shows("Carol Renter")
        .shows("value=\"Carol House\"");
    get(&app, &format!("/dashboard?property_id={}", other.property))
        .await
        .is(Status::NotFound);
}

/// The matches list of a dashboard page (empty when there is none).
fn matches_of(body: &str) -> &str {
    body.find("class=\"matches\"").map_or("", |start| {
        let list = &body[start..];
        &list[..list.find("</ul>").expect("end of the matches")]
    })
}

#[rocket::async_test]
async fn the_dashboard_finds_a_property_by_a_part_of_its_name() {
    let app = TestApp::spawn().await;
    let p = app.portfolio("Carol", "720.00", "2026-11-01").await;
    let annex = app.property(&p.landlord, "Carol House Annex").await;
    let harbour = app.property(&p.landlord, "Harbour 50%").await;
    app.portfolio("Dan", "999.00", "2026-11-01").await;
    sign_in(&app, &p.landlord.email).await;

    // One match filters the table, whatever the letter case.
    let one = get(&app, "/dashboard?property=ANNEX&lang=en").await;
    one.is(Status::Ok)
        .shows("value=\"Carol House Annex\"")
        .shows("No leases yet.");
    assert!(!one.body.contains("Carol Renter"), "only the annex's rows");
    assert_eq!(matches_of(&one.body), "");

    // A property's whole name picks it even when longer names contain it; the
    // others are offered as links.
    let whole = get(&app, "/dashboard?property=carol+house").await;
    whole
        .is(Status::Ok)
        .shows("value=\"Carol House\"")
        .shows("Carol Renter");
    let links = matches_of(&whole.body);
    assert!(links.contains(&format!("href=\"/dashboard?property_id={}\"", p.property)));
    assert!(links.contains(&format!("href=\"/dashboard?property_id={annex}\"")));

    // Several matches and no whole name: the organization's table and the links.
    let several = get(&app, "/dashboard?property=carol").await;
    several
        .is(Status::Ok)
        .shows("value=\"carol\"")
        .shows("Carol Renter");
    let links = matches_of(&several.body);
    assert_eq!(links.matches("<li>").count(), 2, "{links}");
    assert!(!links.contains(&harbour));

    // `%` is a character, not a wildcard.
    get(&app, "/dashboard?property=50%25")
        .await
        .is(Status::Ok)
        .shows("value=\"Harbour 50%\"");

    // Another organization's property is never found.
    let none = get(&app, "/dashboard?property=Dan&lang=en").await;
    none.is(Status::Ok)
        .shows("contains “Dan”.")
        .shows("Carol Renter");
    assert!(!none.body.contains("Dan House") && !none.body.contains("Dan Renter"));
    assert_eq!(matches_of(&none.body), "");

    // A search longer than any name is cut at 200 characters, not refused.
    let long = get(
        &app,
        &format!("/dashboard?property={}", encode(&"é".repeat(300))),
    )
    .await;
    long.is(Status::Ok)
        .shows(&format!("value=\"{}\"", "é".repeat(200)));
    assert!(!long.body.contains(&"é".repeat(201)));
}

#[rocket::async_test]
async fn a_property_search_offers_twenty_links_and_says_when_there_are_more() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Erin").await;
    for n in 1..=22 {
        app.property(&landlord, &format!("Block {n:02}")).await;
    }
    sign_in(&app, &landlord.email).await;
    let page = get(&app, "/dashboard?property=block&lang=fr").await;
    page.is(Status::Ok).shows("Plus de 20 biens correspondent");
    let links = matches_of(&page.body);
    assert_eq!(links.matches("<li>").count(), 20, "{links}");
    assert!(links.contains(">Block 01</a>") && links.contains(">Block 20</a>"));
    assert!(!links.contains("Block 21"));
}
