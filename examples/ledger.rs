//! The rent ledger with the domain crate alone (no database, no async runtime): a
//! lease shared by two co-tenants that started in the past, its schedule split into
//! ledger entries, a payment recorded then corrected, and the resulting balances and
//! aging.
//!
//! Run with `cargo run -p rentmark-domain --example ledger`.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rentmark_domain::calendar::{DueDay, local_date};
use rentmark_domain::ids::{LeaseId, OrgId, PropertyId, TenantId, UnitId};
use rentmark_domain::lease::{CoTenant, Lease, LeaseTerms, Share};
use rentmark_domain::ledger::{
    AccountSummary, Aging, EntryKind, LedgerEntry, Payment, PaymentDetails, PaymentMethod,
    RecordPayment, allocate, charge_entries, net_lines,
};
use rentmark_domain::money::{Currency, Money};
use rentmark_domain::org::Organization;
use rentmark_domain::schedule::{charges_due_through, next_due_date};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The domain never reads the clock: "now" is chosen by the caller.
    let now: DateTime<Utc> = Utc
        .with_ymd_and_hms(2026, 11, 21, 10, 0, 0)
        .single()
        .ok_or("invalid instant")?;
    let today = local_date(now, Organization::DEFAULT_TIMEZONE);
    let eur = |text: &str| Money::parse(text, Currency::Eur);

    // Alice pays 60 % and Bob 40 % of a flat let since August 16th, due on the 5th.
    let (alice, bob) = (TenantId::generate(now), TenantId::generate(now));
    let lease = Lease {
        id: LeaseId::generate(now),
        org_id: OrgId::generate(now),
        unit_id: UnitId::generate(now),
        property_id: PropertyId::generate(now),
        tenants: vec![
            CoTenant {
                tenant_id: alice,
                share: Share::from_basis_points(6_000).ok_or("bad share")?,
            },
            CoTenant {
                tenant_id: bob,
                share: Share::from_basis_points(4_000).ok_or("bad share")?,
            },
        ],
        terms: LeaseTerms {
            rent: eur("1150.00")?,
            charges: eur("80.00")?,
            deposit: eur("1150.00")?,
            start_date: NaiveDate::from_ymd_opt(2026, 8, 16).ok_or("invalid date")?,
            end_date: None,
            due_day: DueDay::new(5)?,
        },
        ended_at: None,
        next_charge_on: None,
        created_at: now,
        updated_at: now,
    };

    // The schedule up to today, split between the co-tenants.
    let due = charges_due_through(&lease.terms, today);
    println!(
        "Schedule through {today} (next charge on {}):",
        next_due_date(&lease.terms, today).map_or_else(|| "-".to_owned(), |d| d.to_string())
    );
    for charge in &due {
        println!(
            "  {} {:<16} due {}  {:>9} EUR",
            charge.period,
            charge.kind.as_str(),
            charge.due_on,
            charge.amount.to_string()
        );
    }
    let mut entries = charge_entries(&lease, &due, now);

    // Alice pays 2,000.00 on November 3rd; it was 2,100.00 in fact: corrected.
    let command = RecordPayment {
        lease_id: lease.id,
        tenant_id: alice,
        details: PaymentDetails {
            amount: eur("2000.00")?,
            paid_on: NaiveDate::from_ymd_opt(2026, 11, 3).ok_or("invalid date")?,
            method: PaymentMethod::Transfer,
            receipt_document_id: None,
        },
    };
    let (payment, entry) = Payment::record(lease.org_id, command, None, now);
    entries.push(entry.clone());
    let corrected = PaymentDetails {
        amount: eur("2100.00")?,
        paid_on: payment.paid_on,
        method: payment.method,
        receipt_document_id: payment.receipt_document_id,
    };
    let (payment, correction) = payment.amend(&entry, corrected, now)?;
    entries.extend(correction);
    println!(
        "\nPayment {} now {} EUR (revision {}), as ledger entries:",
        payment.id, payment.amount, payment.revision
    );
    for entry in entries.iter().filter(|e| e.payment_id == Some(payment.id)) {
        println!(
            "  {:<16} {:>9} EUR",
            entry.kind.category(),
            entry.amount.to_string()
        );
    }

    // Balances and aging per co-tenant, and for the lease.
    println!("\nBalances on {today}:");
    let mut lease_aging = Aging::zero(Currency::Eur);
    let mut lease_outstanding = 0;
    for (name, tenant) in [("Alice", alice), ("Bob", bob)] {
        let account: Vec<LedgerEntry> = entries
            .iter()
            .filter(|e| e.tenant_id == tenant)
            .cloned()
            .collect();
        let summary = AccountSummary::from_entries(&account, Currency::Eur);
        let (charges, payments) = net_lines(&account, Currency::Eur);
        let allocation = allocate(&charges, &payments, Currency::Eur);
        let aging = Aging::of(&allocation.open, today, Currency::Eur);
        println!(
            "  {name:<6} charged {:>9}  paid {:>9}  owes {:>9}  oldest unpaid {}",
            summary.charged.to_string(),
            summary.paid.to_string(),
            summary.outstanding().to_string(),
            summary
                .oldest_unpaid_on
                .map_or_else(|| "-".to_owned(), |d| d.to_string())
        );
        println!(
            "         aging 0-30 {:>9}  31-60 {:>9}  61-90 {:>9}  90+ {:>9}",
            aging.d0_30.to_string(),
            aging.d31_60.to_string(),
            aging.d61_90.to_string(),
            aging.d90_plus.to_string()
        );
        lease_aging = lease_aging.plus(aging);
        lease_outstanding += summary.outstanding().cents();
    }
    let payments_total: i64 = entries
        .iter()
        .filter(|e| matches!(e.kind, EntryKind::Payment(_) | EntryKind::PaymentReversal))
        .map(LedgerEntry::payment_delta)
        .sum();
    println!(
        "  Lease  owes {} EUR in all (payments net of corrections: {} EUR; aging total {} EUR)",
        Money::from_cents(lease_outstanding, Currency::Eur),
        Money::from_cents(payments_total, Currency::Eur),
        lease_aging.total()
    );
    Ok(())
}
