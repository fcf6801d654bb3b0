//! Table tests of the ledger: charges split among co-tenants, allocation oldest
//! first, and the adjustments made when a lease ends early (reversal of what was
//! charged for days after the end, prorated re-charge, shares preserved).
//!
//! The randomized invariants live in `rentmark-domain/tests/ledger_invariants.rs`.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::*;
use crate::calendar::{DueDay, Period};
use crate::ids::{LeaseId, OrgId, PropertyId, TenantId, UnitId};
use crate::lease::{CoTenant, Lease, LeaseTerms, Share};
use crate::money::{Currency, Money};
use crate::schedule::charges_due_through;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid calendar date")
}

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0)
        .single()
        .expect("a valid instant")
}

fn eur(cents: i64) -> Money {
    Money::from_cents(cents, Currency::Eur)
}

fn period(y: i32, m: u32) -> Period {
    Period::new(y, m).expect("a valid period")
}

/// A lease of 900.00 rent + 60.00 service charges, deposit 900.00, due on the 1st,
/// shared by co-tenants with these basis points.
fn lease(start: NaiveDate, end: Option<NaiveDate>, shares: &[u32]) -> Lease {
    let now = at(2025, 12, 1);
    Lease {
        id: LeaseId::generate(now),
        org_id: OrgId::generate(now),
        unit_id: UnitId::generate(now),
        property_id: PropertyId::generate(now),
        tenants: shares
            .iter()
            .map(|bp| CoTenant {
                tenant_id: TenantId::generate(now),
                share: Share::from_basis_points(*bp).expect("a share of 1-10,000 points"),
            })
            .collect(),
        terms: LeaseTerms {
            rent: eur(90_000),
            charges: eur(6_000),
            deposit: eur(90_000),
            start_date: start,
            end_date: end,
            due_day: DueDay::FIRST,
        },
        ended_at: None,
        next_charge_on: None,
        created_at: now,
        updated_at: now,
    }
}

/// The entries the schedule posts through `through`.
fn posted_through(lease: &Lease, through: NaiveDate) -> Vec<LedgerEntry> {
    charge_entries(
        lease,
        &charges_due_through(&lease.terms, through),
        at(2026, 1, 1),
    )
}

/// The same lease ending on `end`.
fn ended(lease: &Lease, end: NaiveDate) -> Lease {
    let mut ended = lease.clone();
    ended.terms.end_date = Some(end);
    ended
}

/// Net charges per (period, kind, tenant) in cents, zero lines left out.
fn net_charges(entries: &[LedgerEntry]) -> BTreeMap<(Period, ChargeKind, TenantId), i64> {
    let mut net = BTreeMap::new();
    let reversed: BTreeMap<_, _> = entries
        .iter()
        .filter_map(|e| e.reverses.map(|target| (target, e.amount.cents())))
        .collect();
    for entry in entries {
        if let (EntryKind::Charge(kind), Some(period)) = (entry.kind, entry.period) {
            let cents = entry.amount.cents() - reversed.get(&entry.id).copied().unwrap_or(0);
            *net.entry((period, kind, entry.tenant_id)).or_insert(0) += cents;
        }
    }
    net.retain(|_, cents| *cents != 0);
    net
}

#[test]
fn charges_are_split_by_share_and_keyed_per_co_tenant() {
    let lease = lease(date(2026, 1, 1), None, &[6_000, 4_000]);
    let entries = posted_through(&lease, date(2026, 1, 1));
    // Deposit, rent, service charges, each split 60/40.
    let cents: Vec<_> = entries
        .iter()
        .map(|e| (e.kind, e.tenant_id, e.amount.cents()))
        .collect();
    let (a, b) = (lease.tenants[0].tenant_id, lease.tenants[1].tenant_id);
    assert_eq!(
        cents,
        vec![
            (EntryKind::Charge(ChargeKind::Deposit), a, 54_000),
            (EntryKind::Charge(ChargeKind::Deposit), b, 36_000),
            (EntryKind::Charge(ChargeKind::Rent), a, 54_000),
            (EntryKind::Charge(ChargeKind::Rent), b, 36_000),
            (EntryKind::Charge(ChargeKind::ServiceCharges), a, 3_600),
            (EntryKind::Charge(ChargeKind::ServiceCharges), b, 2_400),
        ]
    );
    let keys: std::collections::HashSet<_> =
        entries.iter().map(|e| e.idempotency_key.clone()).collect();
    assert_eq!(keys.len(), entries.len(), "one key per co-tenant and kind");
    assert!(entries.iter().all(|e| e.period == Some(period(2026, 1))));
}

#[test]
fn a_tiny_share_of_a_tiny_charge_posts_no_zero_entry() {
    let mut lease = lease(date(2026, 1, 31), None, &[9_999, 1]);
    lease.terms.deposit = eur(0);
    lease.terms.charges = eur(0);
    // One day of 31: 900 * 1 / 31 = 29.03, and 0.01 % of it is below a cent.
    let entries = posted_through(&lease, date(2026, 1, 31));
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].amount, eur(2_903));
    assert_eq!(entries[0].tenant_id, lease.tenants[0].tenant_id);
}

#[test]
fn payments_go_to_the_oldest_charge_first_and_the_rest_is_credit() {
    let mut lease = lease(date(2026, 1, 1), None, &[10_000]);
    lease.terms.deposit = eur(0);
    lease.terms.charges = eur(0);
    let mut entries = posted_through(&lease, date(2026, 3, 1));
    let pay = |cents: i64, on: NaiveDate| {
        let command = RecordPayment {
            lease_id: lease.id,
            tenant_id: lease.tenants[0].tenant_id,
            details: PaymentDetails {
                amount: eur(cents),
                paid_on: on,
                method: PaymentMethod::Transfer,
                receipt_document_id: None,
            },
        };
        Payment::record(lease.org_id, command, None, at(2026, 3, 2)).1
    };
    // 1,000 then 1,000: January and February are paid, 200 of March.
    entries.push(pay(100_000, date(2026, 3, 2)));
    entries.push(pay(100_000, date(2026, 3, 3)));
    let (charges, payments) = net_lines(&entries, Currency::Eur);
    let allocation = allocate(&charges, &payments, Currency::Eur);
    assert_eq!(allocation.open.len(), 1);
    assert_eq!(allocation.open[0].due_on, date(2026, 3, 1));
    assert_eq!(allocation.open[0].remaining, eur(70_000));
    assert!(allocation.credit.is_zero());
    let summary = AccountSummary::from_entries(&entries, Currency::Eur);
    assert_eq!(summary.outstanding(), eur(70_000));
    assert_eq!(summary.oldest_unpaid_on, Some(date(2026, 3, 1)));
    assert_eq!(summary.last_payment_on, Some(date(2026, 3, 3)));
    // Another 1,000 settles March and leaves 300 of credit.
    entries.push(pay(100_000, date(2026, 3, 4)));
    let summary = AccountSummary::from_entries(&entries, Currency::Eur);
    assert_eq!(summary.outstanding(), eur(-30_000));
    assert_eq!(summary.oldest_unpaid_on, None);
    let (charges, payments) = net_lines(&entries, Currency::Eur);
    assert_eq!(
        allocate(&charges, &payments, Currency::Eur).credit,
        eur(30_000)
    );
}

#[test]
fn aging_buckets_by_days_overdue() {
    let open = [
        (date(2026, 6, 1), 100),
        (date(2026, 5, 1), 200),
        (date(2026, 4, 1), 400),
        (date(2026, 3, 1), 800),
    ]
    .map(|(due_on, cents)| OpenCharge {
        entry_id: crate::ids::EntryId::generate(at(2026, 1, 1)),
        due_on,
        remaining: eur(cents),
    });
    // On July 1st: 30, 61, 91 and 122 days overdue.
    let aging = Aging::of(&open, date(2026, 7, 1), Currency::Eur);
    assert_eq!(
        (aging.d0_30, aging.d31_60, aging.d61_90, aging.d90_plus),
        (eur(100), eur(0), eur(200), eur(1_200))
    );
    assert_eq!(aging.total(), eur(1_500));
}

#[test]
fn ending_mid_month_after_it_was_charged_reverses_and_prorates() {
    let lease = lease(date(2026, 1, 1), None, &[6_000, 4_000]);
    let posted = posted_through(&lease, date(2026, 3, 1));
    let ended = ended(&lease, date(2026, 3, 15));
    let adjustments = end_of_lease_adjustments(&ended, &posted, at(2026, 3, 10));
    // March's rent and service charges are reversed for both co-tenants...
    let reversals: Vec<_> = adjustments
        .iter()
        .filter(|e| e.kind == EntryKind::ChargeReversal)
        .collect();
    assert_eq!(reversals.len(), 4);
    for reversal in &reversals {
        let target = posted
            .iter()
            .find(|e| Some(e.id) == reversal.reverses)
            .expect("a reversal names the charge it cancels");
        assert_eq!(target.period, Some(period(2026, 3)));
        assert_eq!(target.amount, reversal.amount);
        assert_eq!(target.tenant_id, reversal.tenant_id);
    }
    // ...and re-charged for 15 days of 31, split 60/40 to the cent:
    // rent 900 * 15 / 31 = 435.48 -> 261.29 + 174.19; charges 29.03 -> 17.42 + 11.61.
    let (a, b) = (lease.tenants[0].tenant_id, lease.tenants[1].tenant_id);
    let mut recharges: Vec<_> = adjustments
        .iter()
        .filter(|e| matches!(e.kind, EntryKind::Charge(_)))
        .map(|e| (e.kind, e.tenant_id, e.amount.cents(), e.effective_on))
        .collect();
    recharges.sort_by_key(|r| (r.0 == EntryKind::Charge(ChargeKind::ServiceCharges), r.2));
    let rent = EntryKind::Charge(ChargeKind::Rent);
    let service = EntryKind::Charge(ChargeKind::ServiceCharges);
    let march_1 = date(2026, 3, 1);
    assert_eq!(
        recharges,
        vec![
            (rent, b, 17_419, march_1),
            (rent, a, 26_129, march_1),
            (service, b, 1_161, march_1),
            (service, a, 1_742, march_1),
        ]
    );
    // January, February and the deposit are untouched; the net is the new schedule.
    let mut all = posted.clone();
    all.extend(adjustments.iter().cloned());
    assert_eq!(
        net_charges(&all),
        net_charges(&posted_through(&ended, date(2026, 12, 31)))
    );
    // Ending again on the same date changes nothing more.
    assert!(end_of_lease_adjustments(&ended, &all, at(2026, 3, 11)).is_empty());
}

#[test]
fn ending_before_charged_months_cancels_them_entirely() {
    let lease = lease(date(2026, 1, 1), None, &[5_000, 5_000]);
    let posted = posted_through(&lease, date(2026, 4, 1));
    let ended = ended(&lease, date(2026, 2, 10));
    let adjustments = end_of_lease_adjustments(&ended, &posted, at(2026, 4, 2));
    let mut all = posted.clone();
    all.extend(adjustments.iter().cloned());
    let net = net_charges(&all);
    assert!(
        !net.keys()
            .any(|(p, _, _)| *p == period(2026, 3) || *p == period(2026, 4)),
        "March and April are fully reversed"
    );
    // February: 10 days of 28, rent 321.43 split 160.72 + 160.71.
    let rent_feb: Vec<_> = lease
        .tenants
        .iter()
        .map(|t| net[&(period(2026, 2), ChargeKind::Rent, t.tenant_id)])
        .collect();
    assert_eq!(rent_feb, vec![16_072, 16_071]);
    assert_eq!(
        net,
        net_charges(&posted_through(&ended, date(2026, 12, 31)))
    );
    // The deposit stays charged in full.
    let deposit: i64 = net
        .iter()
        .filter(|((_, kind, _), _)| *kind == ChargeKind::Deposit)
        .map(|(_, cents)| cents)
        .sum();
    assert_eq!(deposit, 90_000);
    // Every adjustment is keyed to the end date, so a retry posts nothing twice.
    assert!(adjustments.iter().all(|e| {
        let key = e.idempotency_key.as_str();
        key.starts_with("reversal:") || key.ends_with(":2026-02-10")
    }));
}

#[test]
fn ending_on_a_month_end_or_after_the_charged_months_changes_nothing() {
    let lease = lease(date(2026, 1, 1), None, &[10_000]);
    let posted = posted_through(&lease, date(2026, 3, 1));
    for end in [date(2026, 3, 31), date(2026, 5, 20)] {
        assert!(
            end_of_lease_adjustments(&ended(&lease, end), &posted, at(2026, 3, 2)).is_empty(),
            "ending on {end} leaves the charged months whole"
        );
    }
    // Without an end date there is nothing to adjust.
    assert!(end_of_lease_adjustments(&lease, &posted, at(2026, 3, 2)).is_empty());
}

#[test]
fn ending_within_a_prorated_first_month_prorates_again() {
    let mut lease = lease(date(2026, 1, 10), None, &[3_334, 3_333, 3_333]);
    lease.terms.deposit = eur(0);
    lease.terms.charges = eur(0);
    let posted = posted_through(&lease, date(2026, 1, 10));
    // 22 days of 31: 638.71, split in thirds.
    let first: i64 = posted.iter().map(|e| e.amount.cents()).sum();
    assert_eq!(first, 63_871);
    let ended = ended(&lease, date(2026, 1, 20));
    let adjustments = end_of_lease_adjustments(&ended, &posted, at(2026, 1, 15));
    let mut all = posted.clone();
    all.extend(adjustments);
    let net = net_charges(&all);
    // 11 days of 31: 319.35, split in thirds: 106.45 each. (Shares of 33.34 % +
    // 33.33 % + 33.33 % are equal shares; weighted by their basis points they charged
    // the first co-tenant 106.47 and the others 106.44.)
    let shares: Vec<_> = lease
        .tenants
        .iter()
        .map(|t| net[&(period(2026, 1), ChargeKind::Rent, t.tenant_id)])
        .collect();
    assert_eq!(shares.iter().sum::<i64>(), 31_935);
    assert_eq!(shares, vec![10_645, 10_645, 10_645]);
}

#[test]
fn a_paid_charge_cancelled_by_an_early_end_turns_into_credit() {
    let mut lease = lease(date(2026, 1, 1), None, &[10_000]);
    lease.terms.deposit = eur(0);
    lease.terms.charges = eur(0);
    let mut posted = posted_through(&lease, date(2026, 2, 1));
    let command = RecordPayment {
        lease_id: lease.id,
        tenant_id: lease.tenants[0].tenant_id,
        details: PaymentDetails {
            amount: eur(180_000),
            paid_on: date(2026, 2, 1),
            method: PaymentMethod::Cash,
            receipt_document_id: None,
        },
    };
    posted.push(Payment::record(lease.org_id, command, None, at(2026, 2, 1)).1);
    let ended = ended(&lease, date(2026, 1, 31));
    posted.extend(end_of_lease_adjustments(&ended, &posted, at(2026, 2, 2)));
    let summary = AccountSummary::from_entries(&posted, Currency::Eur);
    assert_eq!(summary.charged, eur(90_000));
    assert_eq!(summary.outstanding(), eur(-90_000));
    assert_eq!(summary.oldest_unpaid_on, None);
}
