//! Journeys 2 and 3, two people at two browsers: a landlord creates and publishes a
//! listing; a renter signs up, builds a dossier (profile, a guarantor, an identity
//! document uploaded through the file input), searches, opens the listing and
//! applies; the landlord accepts and confirms the application, and the lease appears
//! on the landlord's lease page and on the renter's application page.

use crate::steps;
use crate::{Browser, Journey};

const LISTING: &str = "Room near the campus";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_renter_applies_and_the_landlord_lets_the_room() {
    let journey = Journey::start("marketplace").await;
    let mut landlord = journey.browser().await;
    let mut renter = journey.browser().await;

    steps::sign_up_landlord(&mut landlord, "marc@studios.test", "Studios du Campus").await;
    publish_listing(&mut landlord).await;

    steps::sign_up_renter(&mut renter, "ines@etu.test").await;
    build_dossier(&mut renter).await;
    search_and_apply(&mut renter).await;

    // The landlord sees the application with the dossier, accepts, then confirms once
    // the first payment is received.
    landlord.menu("Listings").await;
    landlord.click_link(LISTING).await;
    let application = landlord.within("Applications").row("Inès Benali").await;
    assert_eq!(application[7], "Pending", "{application:?}");
    assert_eq!(
        application[6], "Identity card or passport",
        "the landlord sees which documents the dossier holds: {application:?}"
    );
    landlord.within("Inès Benali").click_button("Accept").await;
    let application = landlord.within("Applications").row("Inès Benali").await;
    assert_eq!(
        application[7], "Accepted, awaiting payment",
        "{application:?}"
    );
    landlord
        .within("Inès Benali")
        .click_button("Confirm (payment received)")
        .await;
    let application = landlord.within("Applications").row("Inès Benali").await;
    assert_eq!(application[7], "Confirmed", "{application:?}");
    landlord
        .within("Inès Benali")
        .click_link("See the lease")
        .await;
    landlord.expect_text("Inès Benali").await;
    landlord.expect_text("€450.00").await;
    landlord.expect_text("1 Dec 2026").await;
    landlord.menu("Leases").await;
    let lease = landlord.row("Inès Benali").await;
    assert!(lease.iter().any(|cell| cell == "€450.00"), "{lease:?}");

    // The renter finds the application confirmed, with its history.
    renter.menu("My applications").await;
    renter.click_link(LISTING).await;
    renter.expect_heading(LISTING).await;
    let status: String = renter
        .eval("return document.getElementById('application-status').innerText.trim();")
        .await;
    assert_eq!(status, "Confirmed");
    renter.expect_text("Your lease").await;
    let lease: Vec<(String, String)> = renter
        .eval(
            "return [...document.querySelectorAll('section.lease .facts > div')]
               .map(d => [d.querySelector('dt').innerText.trim(), d.querySelector('dd').innerText.trim()]);",
        )
        .await;
    let expected = [
        ("Start date", "1 Dec 2026"),
        ("End date", "30 Sep 2027"),
        ("Monthly rent", "€450.00"),
        ("Monthly service charges", "€50.00"),
        ("Deposit", "€450.00"),
    ]
    .map(|(label, value)| (label.to_owned(), value.to_owned()));
    assert_eq!(
        lease, expected,
        "the renter's lease on the application page"
    );
    let history: Vec<(String, String)> = renter
        .within("History")
        .table()
        .await
        .into_iter()
        .map(|row| (row[2].clone(), row[3].clone()))
        .collect();
    let expected = [
        ("Pending", "Renter"),
        ("Accepted, awaiting payment", "Landlord"),
        ("Confirmed", "Landlord"),
    ]
    .map(|(to, by)| (to.to_owned(), by.to_owned()));
    assert_eq!(history, expected);

    journey.finish(vec![landlord, renter]).await;
}

/// The landlord creates a listing with one room and its requirements, then publishes it.
async fn publish_listing(me: &mut Browser) {
    me.menu("Listings").await;
    me.fill("Title", LISTING).await;
    me.fill("City", "Grenoble").await;
    me.fill("Address", "12 rue des Écoles").await;
    me.fill(
        "Description",
        "A bright room five minutes from the university.",
    )
    .await;
    me.choose("Type", "Room").await;
    me.choose("Property", "New property from the address").await;
    me.fill("Available from", "2026-12-01").await;
    me.fill("Guarantors required", "1").await;
    me.fill("Minimum income (multiple of rent and charges)", "3")
        .await;
    me.check("Identity card or passport").await;
    me.fill("Room 1", "Room A").await;
    me.fill("Places 1", "1").await;
    me.fill("Monthly rent 1", "450.00").await;
    me.fill("Monthly service charges 1", "50.00").await;
    me.fill("Deposit 1", "450.00").await;
    me.fill("Min. months 1", "1").await;
    me.fill("Max. months 1", "12").await;
    me.click_button("Create a listing").await;
    me.expect_heading(LISTING).await;
    me.expect_text("Draft").await;
    me.click_button("Publish").await;
    me.expect_text("Published").await;
}

/// The renter fills the profile, adds a guarantor and uploads an identity document.
async fn build_dossier(me: &mut Browser) {
    me.menu("Profile").await;
    me.fill("First name", "Inès").await;
    me.fill("Last name", "Benali").await;
    me.fill("Phone", "+33 6 12 34 56 78").await;
    me.fill("Nationality", "French").await;
    me.fill("Birth date", "2004-03-12").await;
    me.fill("Education", "Master's student").await;
    me.fill("Monthly budget", "550.00").await;
    me.click_button("Save").await;
    me.expect_text("Your profile is saved.").await;

    me.menu("Guarantors").await;
    me.fill("First name", "Karim").await;
    me.fill("Last name", "Benali").await;
    me.fill("Relation", "Parent").await;
    me.fill("E-mail address", "karim.benali@mail.test").await;
    me.fill("Monthly income", "2800.00").await;
    me.click_button("Add a guarantor").await;
    me.row("Karim Benali").await;

    let folder = tempfile::tempdir().expect("temp dir");
    let id_card = folder.path().join("identity-card.pdf");
    std::fs::write(
        &id_card,
        b"%PDF-1.4\n% identity card of Ines Benali\n%%EOF\n",
    )
    .expect("the file to upload");
    me.menu("Documents").await;
    me.choose("Kind of document", "Identity card or passport")
        .await;
    me.attach("File", &id_card).await;
    me.click_button("Add a document").await;
    let document = me.row("identity-card.pdf").await;
    assert!(
        document
            .iter()
            .any(|cell| cell == "Identity card or passport"),
        "{document:?}"
    );
}

/// The renter searches listings in Grenoble, opens the room and applies with the
/// guarantor.
async fn search_and_apply(me: &mut Browser) {
    me.menu("Find a home").await;
    me.fill("City", "Grenoble").await;
    me.click_button("Search").await;
    me.expect_text("Listings found: 1").await;
    me.click_link(LISTING).await;
    me.expect_heading(LISTING).await;
    me.choose("Room", "Room A").await;
    me.fill("Move-in date", "2026-12-01").await;
    me.fill("Stay (months)", "10").await;
    me.check("Karim Benali (Parent, €2,800.00)").await;
    me.click_button("Send my application").await;
    me.expect_text("Pending").await;
}
