//! Micro-benchmarks of the domain's hot paths: what a balance page or the charge job
//! computes per account. Run with `cargo bench -p rentmark-domain --bench domain`
//! (add `-- --test` to run each once, as CI does).

use chrono::{DateTime, Datelike, Months, NaiveDate, TimeZone, Utc};
use divan::{Bencher, black_box};
use rentmark_domain::calendar::DueDay;
use rentmark_domain::ids::{LeaseId, OrgId, PropertyId, TenantId, UnitId};
use rentmark_domain::lease::{CoTenant, Lease, LeaseTerms, Share};
use rentmark_domain::ledger::{
    AccountSummary, LedgerEntry, Payment, PaymentDetails, PaymentMethod, RecordPayment, allocate,
    charge_entries, net_lines,
};
use rentmark_domain::money::{Currency, Money};
use rentmark_domain::schedule::charges_due_through;

fn main() {
    divan::main();
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0)
        .single()
        .expect("a valid instant")
}

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 15).expect("a valid date")
}

fn eur(cents: i64) -> Money {
    Money::from_cents(cents, Currency::Eur)
}

/// A 24-month lease of one tenant, 850.00 rent, no service charges or deposit, so
/// that it makes exactly one charge a month.
fn lease() -> Lease {
    let end = start()
        .checked_add_months(Months::new(24))
        .and_then(|d| d.pred_opt())
        .expect("a valid date");
    Lease {
        id: LeaseId::generate(now()),
        org_id: OrgId::generate(now()),
        unit_id: UnitId::generate(now()),
        property_id: PropertyId::generate(now()),
        tenants: vec![CoTenant {
            tenant_id: TenantId::generate(now()),
            share: Share::WHOLE,
        }],
        terms: LeaseTerms {
            rent: eur(85_000),
            charges: eur(0),
            deposit: eur(0),
            start_date: start(),
            end_date: Some(end),
            due_day: DueDay::new(5).expect("a valid due day"),
        },
        ended_at: None,
        next_charge_on: None,
        created_at: now(),
        updated_at: now(),
    }
}

/// 24 months of an account: 25 charges (prorated first and last months) and 24
/// payments, one of them corrected (a reversal and a new entry).
fn entries(lease: &Lease) -> Vec<LedgerEntry> {
    let through = lease.terms.end_date.expect("the lease has an end");
    let mut entries = charge_entries(lease, &charges_due_through(&lease.terms, through), now());
    for month in 0..24_u32 {
        let paid_on = start()
            .with_day(1)
            .and_then(|d| d.checked_add_months(Months::new(month)))
            .and_then(|d| d.with_day(7))
            .expect("a valid date");
        let command = RecordPayment {
            lease_id: lease.id,
            tenant_id: lease.tenants[0].tenant_id,
            details: PaymentDetails {
                amount: eur(80_000 + i64::from(month) * 500),
                paid_on,
                method: PaymentMethod::Transfer,
                receipt_document_id: None,
            },
        };
        let (payment, entry) = Payment::record(lease.org_id, command, None, now());
        if month == 12 {
            let corrected = PaymentDetails {
                amount: eur(85_000),
                paid_on,
                method: PaymentMethod::Card,
                receipt_document_id: None,
            };
            let (_, correction) = payment
                .amend(&entry, corrected, now())
                .expect("a correction of an active payment");
            entries.push(entry);
            entries.extend(correction);
        } else {
            entries.push(entry);
        }
    }
    entries
}

/// Allocating 24 payments to 24 charges, oldest first.
#[divan::bench]
fn allocate_24_payments_to_24_charges(bencher: Bencher) {
    let lease = lease();
    let entries = entries(&lease);
    let (mut charges, mut payments) = net_lines(&entries, Currency::Eur);
    charges.truncate(24);
    // The corrected payment's first revision nets to zero.
    payments.retain(|p| p.amount.is_positive());
    assert_eq!((charges.len(), payments.len()), (24, 24));
    bencher.bench(|| allocate(black_box(&charges), black_box(&payments), Currency::Eur));
}

/// The schedule of a 24-month lease (prorated first and last months).
#[divan::bench]
fn schedule_of_a_24_month_lease(bencher: Bencher) {
    let lease = lease();
    let through = lease.terms.end_date.expect("the lease has an end");
    bencher.bench(|| charges_due_through(black_box(&lease.terms), black_box(through)));
}

/// Recomputing an account's balance from 24 months of entries (the reconciliation
/// and the balance page).
#[divan::bench]
fn account_summary_from_24_months_of_entries(bencher: Bencher) {
    let lease = lease();
    let entries = entries(&lease);
    bencher.bench(|| AccountSummary::from_entries(black_box(&entries), Currency::Eur));
}

/// Splitting a rent among three co-tenants.
#[divan::bench]
fn split_three_ways(bencher: Bencher) {
    let rent = eur(100_000);
    bencher.bench(|| black_box(rent).split(black_box(&[3_334, 3_333, 3_333])));
}
