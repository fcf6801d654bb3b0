//! Journey 1: a landlord signs up, adds a property, a unit, a tenant and a lease,
//! records the first rent payment (mistyping the amount once), corrects it, deletes
//! it, and watches the dashboard's figures follow each step. The app's today is
//! 2026-11-15; the lease starts on 2026-11-01, so November's rent, service charges
//! and the deposit fall due at once.

use crate::Journey;
use crate::steps::{self, LeaseForm, UnitForm};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_landlord_lets_a_flat_and_follows_its_rent_on_the_dashboard() {
    let journey = Journey::start("landlord").await;
    let mut me = journey.browser().await;

    steps::sign_up_landlord(&mut me, "claire@tilleuls.test", "Tilleuls Gestion").await;
    steps::expect_dashboard(
        &mut me,
        &[
            ("Outstanding", "€0.00"),
            ("Collected this month", "€0.00"),
            ("Due this month", "€0.00"),
        ],
    )
    .await;
    me.expect_text("No leases yet.").await;

    steps::add_property(&mut me, "Les Tilleuls", "4 rue des Tilleuls", "Lyon").await;
    steps::add_unit(
        &mut me,
        &UnitForm {
            name: "Apt 2B",
            beds: "2",
            rent: "700.00",
            charges: "50.00",
            deposit: "700.00",
        },
    )
    .await;
    steps::add_tenant(&mut me, "Léa Martin", "lea.martin@mail.test").await;
    steps::create_lease(
        &mut me,
        &LeaseForm {
            unit: "Les Tilleuls · Apt 2B",
            tenants: &["Léa Martin"],
            rent: "700.00",
            charges: "50.00",
            deposit: "700.00",
            start: "2026-11-01",
        },
    )
    .await;
    me.expect_text("Balance: €1,450.00").await;
    steps::expect_dashboard(
        &mut me,
        &[
            ("Outstanding", "€1,450.00"),
            ("Collected this month", "€0.00"),
            ("Due this month", "€1,450.00"),
            ("Occupancy", "100.0%"),
        ],
    )
    .await;
    let row = me.row("Léa Martin").await;
    assert_eq!(
        row[..4],
        ["Léa Martin", "Apt 2B", "Les Tilleuls", "€1,450.00"],
        "{row:?}"
    );

    // She pays 500 euros by transfer; the landlord mistypes the amount first.
    me.click_link("Léa Martin").await;
    me.click_link("Record a payment").await;
    me.expect_heading("Record a payment").await;
    me.fill("Amount", "5OO").await;
    me.fill("Payment date", "2026-11-10").await;
    me.choose("Payment method", "Bank transfer").await;
    let refusal = me.click_button_expecting_refusal("Record a payment").await;
    assert!(!refusal.is_empty());
    me.fill("Amount", "500.00").await;
    me.click_button("Record a payment").await;
    me.expect_heading("Léa Martin").await;
    let payment = me.within("Payments").row("Bank transfer").await;
    assert_eq!(
        payment[..3],
        ["10 Nov 2026", "€500.00", "Bank transfer"],
        "{payment:?}"
    );
    steps::expect_dashboard(
        &mut me,
        &[
            ("Outstanding", "€950.00"),
            ("Collected this month", "€500.00"),
            ("Due this month", "€1,450.00"),
        ],
    )
    .await;

    // It was 750 euros: the landlord corrects the payment.
    me.click_link("Léa Martin").await;
    me.within("Payments").click_link("Edit").await;
    me.expect_heading("Correct a payment").await;
    me.fill("Amount", "750.00").await;
    me.click_button("Save").await;
    me.expect_text("€750.00").await;
    steps::expect_dashboard(
        &mut me,
        &[
            ("Outstanding", "€700.00"),
            ("Collected this month", "€750.00"),
        ],
    )
    .await;

    // The transfer bounced: the landlord deletes the payment.
    me.click_link("Léa Martin").await;
    me.within("Payments").click_link("Delete").await;
    me.expect_heading("Delete this payment").await;
    me.click_button("Yes, delete the payment").await;
    me.expect_heading("Léa Martin").await;
    me.expect_text("Deleted").await;
    steps::expect_dashboard(
        &mut me,
        &[
            ("Outstanding", "€1,450.00"),
            ("Collected this month", "€0.00"),
            ("Due this month", "€1,450.00"),
        ],
    )
    .await;

    // Another day: she signs out, signs in again and finds her dashboard.
    steps::sign_out(&mut me).await;
    steps::sign_in(&mut me, "claire@tilleuls.test").await;
    me.expect_heading("Dashboard").await;

    // The same dashboard in French.
    me.click_link("FR").await;
    me.expect_heading("Tableau de bord").await;
    me.expect_text("1 450,00").await;

    journey.finish(vec![me]).await;
}
