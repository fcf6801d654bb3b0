//! Co-tenants are charged fairly to the cent (issue 18): a lease with 1-6 co-tenants
//! (equal shares, or random ones) is charged month after month for 1-60 months, as
//! `Services` does it (the lease's creation posts what is due, the charge job then
//! posts what fell due from the lease's horizon on, split from what each co-tenant
//! stands charged), with prorated first and last months, a deposit, and on one month a
//! change of rent and service charges or an earlier end (adjustments). After every
//! month: each charge was split exactly (its shares sum to it, none negative), and
//! every co-tenant's total is within 0.01 of their exact proportion of the lease's
//! total, so co-tenants with equal shares are within 0.01 of each other.

mod support;

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use proptest::prelude::*;
use rentmark_domain::calendar::{DueDay, Period};
use rentmark_domain::lease::{Lease, LeaseTerms, Share};
use rentmark_domain::ledger::{
    ChargeKind, EntryKind, IdempotencyKey, LedgerEntry, charge_entries, charge_entries_after,
    charged_so_far, end_of_lease_adjustments,
};
use rentmark_domain::money::{Currency, Money};
use rentmark_domain::schedule::{ScheduledCharge, charges_due_through, next_due_date};

fn eur(cents: i64) -> Money {
    Money::from_cents(cents, Currency::Eur)
}

fn noon(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(12, 0, 0).expect("noon exists").and_utc()
}

/// A change of terms made on one month's run, before the job runs.
#[derive(Debug, Clone)]
struct Change {
    /// On which month (modulo the months run).
    month: usize,
    /// New rent and service charges, cents.
    rent: i64,
    service: i64,
    /// An earlier end, in days after the change (may fall in months already charged
    /// when negative).
    end_after: Option<i64>,
}

#[derive(Debug, Clone)]
struct Scenario {
    terms: LeaseTerms,
    /// Basis points, summing to 10,000.
    shares: Vec<u32>,
    months: usize,
    change: Option<Change>,
}

fn shares_strategy() -> impl Strategy<Value = Vec<u32>> {
    (1_usize..=6).prop_flat_map(|count| {
        prop_oneof![
            Just(
                Share::equal(count)
                    .iter()
                    .map(|s| s.basis_points())
                    .collect()
            ),
            proptest::collection::vec(1_u32..1_000, count).prop_map(|raw| {
                // Random shares summing to 100 %, each at least 0.01 %.
                let split = Money::from_cents(10_000, Currency::Eur)
                    .split(&raw)
                    .expect("positive weights");
                split
                    .iter()
                    .map(|m| u32::try_from(m.cents()).expect("at most 10,000"))
                    .collect()
            }),
        ]
    })
}

fn scenario_strategy() -> impl Strategy<Value = Scenario> {
    (
        0_i64..730,                                          // start
        proptest::option::of(1_i64..2_000),                  // length, days
        1_u32..=31,                                          // due day
        prop_oneof![1_i64..100, 100_i64..500_000],           // rent, cents
        prop_oneof![Just(0_i64), 1_i64..50, 50_i64..30_000], // service charges
        prop_oneof![Just(0_i64), 1_i64..1_000_000],          // deposit
        shares_strategy(),
        1_usize..=60,
        proptest::option::of((
            0_usize..60,
            1_i64..500_000,
            0_i64..30_000,
            proptest::option::of(-60_i64..60),
        )),
    )
        .prop_map(
            |(start, length, due_day, rent, service, deposit, shares, months, change)| {
                let start_date =
                    NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date") + Duration::days(start);
                Scenario {
                    terms: LeaseTerms {
                        rent: eur(rent),
                        charges: eur(service),
                        deposit: eur(deposit),
                        start_date,
                        end_date: length.map(|l| start_date + Duration::days(l)),
                        due_day: DueDay::new(due_day).unwrap_or(DueDay::FIRST),
                    },
                    shares,
                    months,
                    change: change.map(|(month, rent, service, end_after)| Change {
                        month,
                        rent,
                        service,
                        end_after,
                    }),
                }
            },
        )
}

fn lease_of(scenario: &Scenario, now: DateTime<Utc>) -> Lease {
    support::lease_with(&scenario.shares, &scenario.terms, now)
}

/// The ledger as the store keeps it: one entry per idempotency key.
#[derive(Default)]
struct Posted {
    keys: HashSet<IdempotencyKey>,
    entries: Vec<LedgerEntry>,
}

impl Posted {
    fn post(&mut self, entries: Vec<LedgerEntry>) -> Result<(), TestCaseError> {
        for entry in entries {
            prop_assert!(entry.amount.is_positive(), "an entry of {}", entry.amount);
            // The services never hand the store an entry it would skip: a skipped
            // charge would leave the next splits computed from a wrong total.
            prop_assert!(
                self.keys.insert(entry.idempotency_key.clone()),
                "posted twice: {}",
                entry.idempotency_key.as_str()
            );
            self.entries.push(entry);
        }
        Ok(())
    }
}

/// Each charge's shares sum to it.
fn split_exactly(
    charges: &[ScheduledCharge],
    entries: &[LedgerEntry],
) -> Result<(), TestCaseError> {
    let mut sums: BTreeMap<(Period, ChargeKind), i64> = BTreeMap::new();
    for entry in entries {
        if let (EntryKind::Charge(kind), Some(period)) = (entry.kind, entry.period) {
            *sums.entry((period, kind)).or_default() += entry.amount.cents();
        }
    }
    for charge in charges {
        prop_assert_eq!(
            sums.get(&(charge.period, charge.kind))
                .copied()
                .unwrap_or(0),
            charge.amount.cents(),
            "{} {} not split exactly",
            charge.period,
            charge.kind
        );
    }
    Ok(())
}

/// Every co-tenant within 0.01 of their exact proportion of the lease's total; with
/// equal shares, within 0.01 of each other.
fn fair(lease: &Lease, scenario: &Scenario, posted: &Posted) -> Result<(), TestCaseError> {
    let charged: Vec<i64> = charged_so_far(lease, &posted.entries)
        .iter()
        .map(Money::cents)
        .collect();
    let total: i64 = charged.iter().sum();
    let equal = Share::equal(scenario.shares.len())
        .iter()
        .map(|s| s.basis_points())
        .collect::<Vec<_>>()
        == scenario.shares;
    if equal {
        let spread = charged.iter().max().unwrap_or(&0) - charged.iter().min().unwrap_or(&0);
        prop_assert!(
            spread <= 1,
            "equal shares {:?} apart by {}",
            charged,
            spread
        );
        let count = i128::try_from(charged.len()).unwrap_or(1);
        for cents in &charged {
            prop_assert!((i128::from(*cents) * count - i128::from(total)).abs() < count);
        }
    } else {
        for (cents, bp) in charged.iter().zip(&scenario.shares) {
            let exact_times = i128::from(total) * i128::from(*bp);
            let share_times = i128::from(*cents) * 10_000;
            prop_assert!(
                (exact_times - share_times).abs() < 10_000,
                "{} of {} for a share of {} bp",
                cents,
                total,
                bp
            );
        }
    }
    Ok(())
}

/// `Services::save_terms`: the adjustments of an earlier end, then what the new terms
/// make due by `today` and is not posted yet, split from where the co-tenants stand.
fn change_terms(
    lease: &mut Lease,
    change: &Change,
    posted: &mut Posted,
    today: NaiveDate,
) -> Result<(), TestCaseError> {
    let at = noon(today);
    lease.terms.rent = eur(change.rent);
    lease.terms.charges = eur(change.service);
    if let Some(days) = change.end_after {
        let end = (today + Duration::days(days)).max(lease.terms.start_date);
        lease.terms.end_date = Some(lease.terms.end_date.map_or(end, |old| old.min(end)));
    }
    let mut entries = end_of_lease_adjustments(lease, &posted.entries, at);
    let already: HashSet<(Period, ChargeKind)> = posted
        .entries
        .iter()
        .filter_map(|e| match (e.kind, e.period) {
            (EntryKind::Charge(kind), Some(period)) => Some((period, kind)),
            _ => None,
        })
        .collect();
    let from = Period::of(lease.next_charge_on.unwrap_or(lease.terms.start_date));
    let due: Vec<_> = charges_due_through(&lease.terms, today)
        .into_iter()
        .filter(|c| c.period >= from && !already.contains(&(c.period, c.kind)))
        .collect();
    let all: Vec<LedgerEntry> = posted.entries.iter().chain(&entries).cloned().collect();
    let new = charge_entries_after(lease, &charged_so_far(lease, &all), &due, at);
    split_exactly(&due, &new)?;
    entries.extend(new);
    lease.next_charge_on = next_due_date(&lease.terms, today);
    posted.post(entries)
}

fn run(scenario: &Scenario) -> Result<(), TestCaseError> {
    // Created on its start date: posts the deposit (and a month due that day).
    let start = scenario.terms.start_date;
    let mut lease = lease_of(scenario, noon(start));
    let mut posted = Posted::default();
    let due = charges_due_through(&lease.terms, start);
    let first = charge_entries(&lease, &due, noon(start));
    split_exactly(&due, &first)?;
    posted.post(first)?;
    lease.next_charge_on = next_due_date(&lease.terms, start);
    fair(&lease, scenario, &posted)?;
    // The charge job on the last day of every month.
    let mut period = Period::of(start);
    for month in 0..scenario.months {
        let today = period.last_day();
        if let Some(change) = scenario
            .change
            .as_ref()
            .filter(|c| c.month % scenario.months == month)
        {
            change_terms(&mut lease, change, &mut posted, today)?;
            fair(&lease, scenario, &posted)?;
        }
        if let Some(horizon) = lease.next_charge_on.filter(|next| *next <= today) {
            let charged = charged_so_far(&lease, &posted.entries);
            let due: Vec<_> = charges_due_through(&lease.terms, today)
                .into_iter()
                .filter(|c| c.due_on >= horizon)
                .collect();
            let entries = charge_entries_after(&lease, &charged, &due, noon(today));
            split_exactly(&due, &entries)?;
            posted.post(entries)?;
            lease.next_charge_on = next_due_date(&lease.terms, today);
        }
        fair(&lease, scenario, &posted)?;
        period = period.next();
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn co_tenants_are_charged_fairly_to_the_cent_after_every_month(scenario in scenario_strategy()) {
        run(&scenario)?;
    }
}

/// The case: a 3-way rent used to put one co-tenant 0.04 ahead of another
/// after four months (the remainder cent always on the same co-tenant).
#[test]
fn a_three_way_rent_rotates_the_remainder_cent() {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");
    let scenario = Scenario {
        terms: LeaseTerms {
            rent: eur(75_001),
            charges: eur(0),
            deposit: eur(0),
            start_date: start,
            end_date: None,
            due_day: DueDay::FIRST,
        },
        shares: vec![3_334, 3_333, 3_333],
        months: 4,
        change: None,
    };
    let mut lease = lease_of(&scenario, noon(start));
    let mut posted = Posted::default();
    let mut period = Period::of(start);
    for _ in 0..4 {
        let charged = charged_so_far(&lease, &posted.entries);
        let due: Vec<_> = charges_due_through(&lease.terms, period.last_day())
            .into_iter()
            .filter(|c| c.period == period)
            .collect();
        let entries = charge_entries_after(&lease, &charged, &due, noon(period.first_day()));
        if let Err(failure) = posted.post(entries) {
            panic!("{failure}");
        }
        period = period.next();
    }
    lease.next_charge_on = None;
    let charged: Vec<i64> = charged_so_far(&lease, &posted.entries)
        .iter()
        .map(Money::cents)
        .collect();
    // 4 x 750.01 = 3,000.04: 1,000.02 + 1,000.01 + 1,000.01, not 1,000.04 + 1,000.00
    // + 1,000.00.
    assert_eq!(charged, vec![100_002, 100_001, 100_001]);
}
