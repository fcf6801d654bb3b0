//! Steps that several journeys take, each what a person does in a few clicks: sign
//! up, sign in and out, add a property, a unit, a tenant, a lease, read the dashboard.
//! A later journey reuses them and adds its own here.

use std::collections::BTreeMap;

use crate::Browser;

/// The password every person of the journeys signs up with.
pub const PASSWORD: &str = "correct horse battery";

/// Signs up at `/signup` as a landlord whose account creates the organization `org`;
/// lands on the dashboard.
pub async fn sign_up_landlord(me: &mut Browser, email: &str, org: &str) {
    me.visit("/signup").await;
    me.fill("E-mail address", email).await;
    me.fill("Password", PASSWORD).await;
    me.choose("I am", "Letting homes (landlord or agency)")
        .await;
    me.fill("Your organization's name", org).await;
    me.click_button("Create my account").await;
    me.expect_heading("Dashboard").await;
    me.expect_text(org).await;
}

/// Signs up at `/signup` as a renter.
pub async fn sign_up_renter(me: &mut Browser, email: &str) {
    me.visit("/signup").await;
    me.fill("E-mail address", email).await;
    me.fill("Password", PASSWORD).await;
    me.choose("I am", "Looking for a home (renter)").await;
    me.click_button("Create my account").await;
    me.expect_text(email).await;
}

/// Signs in through the sign-in form.
pub async fn sign_in(me: &mut Browser, email: &str) {
    me.visit("/login").await;
    me.fill("E-mail address", email).await;
    me.fill("Password", PASSWORD).await;
    me.click_button("Sign in").await;
    me.expect_text(email).await;
}

/// Signs out with the button at the top of every page; lands on the sign-in page.
pub async fn sign_out(me: &mut Browser) {
    me.click_button("Sign out").await;
    me.expect_heading("Sign in").await;
}

/// Adds a property from the Properties page; lands on the property's page.
pub async fn add_property(me: &mut Browser, name: &str, address: &str, city: &str) {
    me.menu("Properties").await;
    me.fill("Property name", name).await;
    me.fill("Address", address).await;
    me.fill("City", city).await;
    me.click_button("Add a property").await;
    me.expect_heading(name).await;
}

/// A unit as typed into the "Add a unit" form (amounts as the person types them).
pub struct UnitForm<'a> {
    /// Its name.
    pub name: &'a str,
    /// Bedrooms.
    pub beds: &'a str,
    /// Monthly rent.
    pub rent: &'a str,
    /// Monthly service charges.
    pub charges: &'a str,
    /// Deposit.
    pub deposit: &'a str,
}

/// Adds a unit from the property page the browser shows; stays on that page.
pub async fn add_unit(me: &mut Browser, unit: &UnitForm<'_>) {
    me.fill("Unit name", unit.name).await;
    me.fill("Bedrooms", unit.beds).await;
    me.fill("Monthly rent", unit.rent).await;
    me.fill("Monthly service charges", unit.charges).await;
    me.fill("Deposit", unit.deposit).await;
    me.click_button("Add a unit").await;
    me.row(unit.name).await;
}

/// Adds a tenant from the Tenants page; lands on the tenant's page.
pub async fn add_tenant(me: &mut Browser, full_name: &str, email: &str) {
    me.menu("Tenants").await;
    me.fill("Full name", full_name).await;
    me.fill("E-mail address", email).await;
    me.click_button("Add a tenant").await;
    me.expect_heading(full_name).await;
}

/// A lease as typed into the "Create a lease" form.
pub struct LeaseForm<'a> {
    /// The unit, as the list of units names it.
    pub unit: &'a str,
    /// The co-tenants' names.
    pub tenants: &'a [&'a str],
    /// Monthly rent.
    pub rent: &'a str,
    /// Monthly service charges.
    pub charges: &'a str,
    /// Deposit.
    pub deposit: &'a str,
    /// First day, `YYYY-MM-DD`.
    pub start: &'a str,
}

/// Creates a lease from the Leases page; lands on the lease's page.
pub async fn create_lease(me: &mut Browser, lease: &LeaseForm<'_>) {
    me.menu("Leases").await;
    me.choose("Unit", lease.unit).await;
    for tenant in lease.tenants {
        me.check(tenant).await;
    }
    me.fill("Monthly rent", lease.rent).await;
    me.fill("Monthly service charges", lease.charges).await;
    me.fill("Deposit", lease.deposit).await;
    me.fill("Start date", lease.start).await;
    me.click_button("Create a lease").await;
    me.expect_text("Lease ledger").await;
}

/// The dashboard's headline figures, by label ("Outstanding", "Collected this month",
/// "Due this month", "Occupancy"), read after clicking Dashboard.
pub async fn dashboard(me: &mut Browser) -> BTreeMap<String, String> {
    me.menu("Dashboard").await;
    me.eval(
        "const norm = s => s.replace(/\\s+/g, ' ').trim();
         return Object.fromEntries([...document.querySelectorAll('.figures .figure')]
           .map(f => [norm(f.querySelector('.label').innerText), norm(f.querySelector('.value').innerText)]));",
    )
    .await
}

/// Asserts the dashboard's figures: `expected` as (label, value) pairs.
pub async fn expect_dashboard(me: &mut Browser, expected: &[(&str, &str)]) {
    let figures = dashboard(me).await;
    for (label, value) in expected {
        assert_eq!(
            figures.get(*label).map(String::as_str),
            Some(*value),
            "dashboard figure {label:?}; all figures: {figures:?}"
        );
    }
}
