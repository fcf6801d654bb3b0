//! The rent schedule charges each month exactly once (issue 2, "proptest
//! invariants"): a lease is created on some day (posting what is already due, like
//! `Services::create_lease`), then the charge job runs on random later instants
//! (posting what fell due since the lease's `next_charge_on` horizon, like
//! `Services::post_due_charges`), with idempotency keys deduplicated as the store
//! does; on one run day the terms may change (an earlier end date, another due day,
//! like `Services::end_lease` / `update_lease`). The posted charges, net of
//! reversals, must be exactly the schedule of the final terms, which this file
//! recomputes independently: one rent and one service charge per month occupied, the
//! deposit once, full months at the monthly amount and prorated months below it.

mod support;

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use proptest::prelude::*;
use rentmark_domain::calendar::{DueDay, Period, local_date};
use rentmark_domain::lease::{Lease, LeaseTerms};
use rentmark_domain::ledger::{
    ChargeKind, EntryKind, IdempotencyKey, LedgerEntry, charge_entries, charge_entries_after,
    charged_so_far, end_of_lease_adjustments,
};
use rentmark_domain::money::{Currency, Money};
use rentmark_domain::schedule::{charges_due_through, next_due_date};

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 1, 1).expect("a valid date")
}

fn eur(cents: i64) -> Money {
    Money::from_cents(cents, Currency::Eur)
}

/// A lease's terms and when things happen to it, as generated.
#[derive(Debug, Clone)]
struct Scenario {
    terms: LeaseTerms,
    /// Shares of the co-tenants, basis points.
    shares: Vec<u32>,
    /// When the lease is created (may be before or after its start).
    created_at: DateTime<Utc>,
    /// When the charge job runs, increasing.
    runs: Vec<DateTime<Utc>>,
    /// A change of terms made just before one of the runs.
    change: Option<Change>,
}

/// A change of terms on the day of a run, before the job runs.
#[derive(Debug, Clone)]
struct Change {
    /// Which run (modulo their count; no change without runs).
    run: usize,
    /// The new end, in days after the start (never after the old end).
    end_after_start: Option<i64>,
    /// The new due day.
    due_day: Option<DueDay>,
}

fn change_strategy() -> impl Strategy<Value = Option<Change>> {
    proptest::option::of(
        (
            0_usize..30,
            proptest::option::of(0_i64..1_500),
            proptest::option::of(1_u32..=31),
        )
            .prop_map(|(run, end_after_start, due_day)| Change {
                run,
                end_after_start,
                due_day: due_day.and_then(|d| DueDay::new(d).ok()),
            }),
    )
}

fn scenario_strategy() -> impl Strategy<Value = Scenario> {
    (
        (
            0_i64..3_653,                                    // start: 2020-01-01 .. 2029-12-31
            proptest::option::of(0_i64..1_500),              // length in days
            1_u32..=31,                                      // due day
            10_000_i64..500_000,                             // rent, cents
            0_i64..30_000,                                   // service charges, cents
            prop_oneof![Just(0_i64), 10_000_i64..1_000_000], // deposit
        ),
        (
            -60_i64..400,                                   // created, days after the start
            0_i64..24 * 60,                                 // ... minute of the day (UTC)
            proptest::collection::vec(1_i64..2_000, 0..30), // hours between runs
            prop_oneof![
                Just(vec![10_000_u32]),
                Just(vec![5_000, 5_000]),
                Just(vec![3_334, 3_333, 3_333])
            ],
            change_strategy(),
        ),
    )
        .prop_map(
            |(
                (start, length, due_day, rent, service, deposit),
                (created, minute, gaps, shares, change),
            )| {
                let start_date = first_day() + Duration::days(start);
                let terms = LeaseTerms {
                    rent: eur(rent),
                    charges: eur(service),
                    deposit: eur(deposit),
                    start_date,
                    end_date: length.map(|l| start_date + Duration::days(l)),
                    due_day: DueDay::new(due_day).unwrap_or(DueDay::FIRST),
                };
                let created_at = start_date
                    .and_hms_opt(0, 0, 0)
                    .expect("midnight exists in UTC")
                    .and_utc()
                    + Duration::days(created)
                    + Duration::minutes(minute);
                let mut runs = Vec::with_capacity(gaps.len());
                let mut at = created_at;
                for gap in gaps {
                    at += Duration::hours(gap);
                    runs.push(at);
                }
                Scenario {
                    terms,
                    shares,
                    created_at,
                    runs,
                    change,
                }
            },
        )
}

fn lease_of(scenario: &Scenario) -> Lease {
    support::lease_with(&scenario.shares, &scenario.terms, scenario.created_at)
}

/// The ledger as the store keeps it: one entry per idempotency key.
#[derive(Default)]
struct Posted {
    keys: HashSet<IdempotencyKey>,
    entries: Vec<LedgerEntry>,
}

impl Posted {
    /// Posts entries, skipping known keys; returns how many were written.
    fn post(&mut self, entries: Vec<LedgerEntry>) -> usize {
        let before = self.entries.len();
        for entry in entries {
            if self.keys.insert(entry.idempotency_key.clone()) {
                self.entries.push(entry);
            }
        }
        self.entries.len() - before
    }
}

/// What the schedule must have charged through `through`, recomputed from the
/// rules: (period, kind) -> (due date, amount in cents).
fn expected_schedule(terms: &LeaseTerms, through: NaiveDate) -> Charged {
    let mut expected = BTreeMap::new();
    if terms.deposit.is_positive() && terms.start_date <= through {
        expected.insert(
            (Period::of(terms.start_date), ChargeKind::Deposit),
            (terms.start_date, terms.deposit.cents()),
        );
    }
    let mut period = Period::of(terms.start_date);
    let horizon = terms.end_date.map_or(through, |end| end.min(through));
    while period <= Period::of(horizon) {
        let first = period.first_day().max(terms.start_date);
        let last = terms
            .end_date
            .map_or(period.last_day(), |end| end.min(period.last_day()));
        if first <= last {
            let days = i64::from(period.days());
            let occupied = (last - first).num_days() + 1;
            let nominal = NaiveDate::from_ymd_opt(
                period.year(),
                period.month(),
                terms.due_day.get().min(period.last_day().day()),
            )
            .unwrap_or(first);
            let due_on = nominal.max(first).min(last);
            for (kind, monthly) in [
                (ChargeKind::Rent, terms.rent.cents()),
                (ChargeKind::ServiceCharges, terms.charges.cents()),
            ] {
                // Half away from zero, on positive amounts: floor(x + 1/2).
                let amount = (2 * monthly * occupied + days) / (2 * days);
                if amount > 0 && due_on <= through {
                    expected.insert((period, kind), (due_on, amount));
                }
            }
        }
        period = period.next();
    }
    expected
}

/// `Services::save_terms` on `at`: the end-of-lease adjustments, then what the new
/// terms make due by today from the old horizon's month on and is not posted yet,
/// split from what each co-tenant stands charged.
fn change_terms(lease: &mut Lease, change: &Change, posted: &mut Posted, at: DateTime<Utc>) {
    let today = local_date(at, Paris);
    let mut changed = lease.clone();
    if let Some(days) = change.end_after_start {
        let end = lease.terms.start_date + Duration::days(days);
        changed.terms.end_date = Some(lease.terms.end_date.map_or(end, |old| old.min(end)));
    }
    if let Some(due_day) = change.due_day {
        changed.terms.due_day = due_day;
    }
    let mut entries = end_of_lease_adjustments(&changed, &posted.entries, at);
    let already: HashSet<(Period, ChargeKind)> = posted
        .entries
        .iter()
        .filter_map(|e| match (e.kind, e.period) {
            (EntryKind::Charge(kind), Some(period)) => Some((period, kind)),
            _ => None,
        })
        .collect();
    let from = Period::of(changed.next_charge_on.unwrap_or(changed.terms.start_date));
    let due: Vec<_> = charges_due_through(&changed.terms, today)
        .into_iter()
        .filter(|c| c.period >= from && !already.contains(&(c.period, c.kind)))
        .collect();
    let all: Vec<LedgerEntry> = posted.entries.iter().chain(&entries).cloned().collect();
    let charged = charged_so_far(&changed, &all);
    entries.extend(charge_entries_after(&changed, &charged, &due, at));
    changed.next_charge_on = next_due_date(&changed.terms, today);
    posted.post(entries);
    *lease = changed;
}

/// `Services::unposted_charges` (the charge job): the charges due from the posting
/// horizon through `today`.
fn unposted(
    terms: &LeaseTerms,
    horizon: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<rentmark_domain::schedule::ScheduledCharge> {
    let horizon = horizon.unwrap_or(terms.start_date);
    charges_due_through(terms, today)
        .into_iter()
        .filter(|c| c.due_on >= horizon)
        .collect()
}

/// What was charged for each month and kind: the due date and the amount in cents.
type Charged = BTreeMap<(Period, ChargeKind), (NaiveDate, i64)>;

/// Net charges per (period, kind); fails when a co-tenant has two standing charges
/// of the same month and kind.
fn net_charges(entries: &[LedgerEntry]) -> Result<Charged, TestCaseError> {
    let mut reversed: BTreeMap<_, i64> = BTreeMap::new();
    for entry in entries {
        match (entry.kind, entry.reverses) {
            (EntryKind::ChargeReversal, Some(target)) => {
                *reversed.entry(target).or_default() += entry.amount.cents();
            }
            (EntryKind::Charge(_), None) => {}
            _ => return Err(TestCaseError::fail("the schedule posts charges only")),
        }
    }
    let mut standing = HashSet::new();
    let mut net = Charged::new();
    for entry in entries {
        let (EntryKind::Charge(kind), Some(period)) = (entry.kind, entry.period) else {
            continue;
        };
        let cents = entry.amount.cents() - reversed.get(&entry.id).copied().unwrap_or(0);
        prop_assert!(cents >= 0, "a charge reversed beyond its amount");
        if cents == 0 {
            continue;
        }
        prop_assert!(
            standing.insert((period, kind, entry.tenant_id)),
            "{} {} charged twice to a co-tenant",
            period,
            kind
        );
        let slot = net.entry((period, kind)).or_insert((entry.effective_on, 0));
        prop_assert_eq!(slot.0, entry.effective_on);
        slot.1 += cents;
    }
    Ok(net)
}

fn run(scenario: &Scenario) -> Result<(), TestCaseError> {
    let mut lease = lease_of(scenario);
    let mut posted = Posted::default();
    // create_lease: what is due today is posted with the lease.
    let created_on = local_date(scenario.created_at, Paris);
    let due = charges_due_through(&lease.terms, created_on);
    posted.post(charge_entries(&lease, &due, scenario.created_at));
    lease.next_charge_on = next_due_date(&lease.terms, created_on);
    let change_at = scenario
        .change
        .as_ref()
        .filter(|_| !scenario.runs.is_empty())
        .map(|change| (change.run % scenario.runs.len(), change));
    let mut last_day = created_on;
    for (index, at) in scenario.runs.iter().enumerate() {
        let today = local_date(*at, Paris);
        last_day = last_day.max(today);
        if let Some((_, change)) = change_at.filter(|(run, _)| *run == index) {
            change_terms(&mut lease, change, &mut posted, *at);
        }
        for attempt in 0..2 {
            // leases_due: only leases whose next charge is due by today.
            if lease.next_charge_on.is_none_or(|next| next > today) {
                continue;
            }
            prop_assert_eq!(attempt, 0, "a second run the same day finds nothing due");
            let due = unposted(&lease.terms, lease.next_charge_on, today);
            let charged = charged_so_far(&lease, &posted.entries);
            let written = posted.post(charge_entries_after(&lease, &charged, &due, *at));
            if change_at.is_none() {
                prop_assert!(written > 0, "a lease found due posts something");
            }
            lease.next_charge_on = next_due_date(&lease.terms, today);
        }
    }

    // Exactly once per (period, kind, co-tenant), splits summing to the charge, and
    // the whole schedule of the final terms.
    let terms = &lease.terms;
    let mut got = net_charges(&posted.entries)?;
    let mut expected = expected_schedule(terms, last_day);
    let due_day_changed = change_at.is_some_and(|(_, c)| c.due_day.is_some());
    if due_day_changed {
        // Months charged before the due day changed keep their due date, and the
        // month of the last run may be due under one due day and not the other:
        // compare amounts of the months wholly in the past.
        let current = Period::of(last_day);
        let past = |map: &mut Charged| {
            map.retain(|(period, _), _| *period < current);
            map.values_mut()
                .for_each(|(due_on, _)| *due_on = NaiveDate::MIN);
        };
        past(&mut got);
        past(&mut expected);
    }
    prop_assert_eq!(&got, &expected);

    // Full months cost the monthly amount; prorated ones less.
    for ((period, kind), (_, cents)) in &expected {
        let monthly = match kind {
            ChargeKind::Rent => terms.rent.cents(),
            ChargeKind::ServiceCharges => terms.charges.cents(),
            _ => continue,
        };
        let full = terms.start_date <= period.first_day()
            && terms.end_date.is_none_or(|end| end >= period.last_day());
        if full {
            prop_assert_eq!(*cents, monthly);
        } else if *kind == ChargeKind::Rent {
            prop_assert!(
                *cents < monthly,
                "a prorated month costs less than a full one"
            );
        } else {
            prop_assert!(*cents <= monthly);
        }
    }

    // The horizon is the first due date after the last run, if any.
    let later = expected_schedule(terms, last_day + Duration::days(100));
    let next = later
        .values()
        .map(|(due_on, _)| *due_on)
        .filter(|due_on| *due_on > last_day)
        .min();
    prop_assert_eq!(lease.next_charge_on, next);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn the_schedule_charges_each_month_exactly_once(scenario in scenario_strategy()) {
        run(&scenario)?;
    }
}

/// A run late on the last day of a month in Paris is already the next month's first
/// day in local time: the next month's rent is posted, and only once.
#[test]
fn a_run_across_midnight_paris_time_posts_the_new_month_once() {
    let start = NaiveDate::from_ymd_opt(2026, 9, 1).expect("a valid date");
    let scenario = Scenario {
        terms: LeaseTerms {
            rent: eur(72_000),
            charges: eur(0),
            deposit: eur(0),
            start_date: start,
            end_date: None,
            due_day: DueDay::FIRST,
        },
        shares: vec![10_000],
        created_at: Utc
            .with_ymd_and_hms(2026, 9, 1, 8, 0, 0)
            .single()
            .expect("a valid instant"),
        runs: vec![
            // 22:30 UTC on Sept 30 is 00:30 on Oct 1 in Paris (CEST, +2).
            Utc.with_ymd_and_hms(2026, 9, 30, 22, 30, 0)
                .single()
                .expect("a valid instant"),
            Utc.with_ymd_and_hms(2026, 10, 1, 6, 0, 0)
                .single()
                .expect("a valid instant"),
            // 23:30 UTC on Oct 31 is Nov 1 in Paris (CET, +1, after the DST change).
            Utc.with_ymd_and_hms(2026, 10, 31, 23, 30, 0)
                .single()
                .expect("a valid instant"),
        ],
        change: None,
    };
    if let Err(failure) = run(&scenario) {
        panic!("{failure}");
    }
    let expected = expected_schedule(
        &scenario.terms,
        NaiveDate::from_ymd_opt(2026, 11, 1).expect("a valid date"),
    );
    assert_eq!(expected.len(), 3, "September, October and November rent");
}
