//! The rent schedule: which charges a lease produces, for which month, due on which
//! day. Monthly rent and service charges fall due on the lease's due day (clamped to
//! short months), the first and last months are prorated by days occupied, and the
//! deposit is due on the start date.
//!
//! Proration follows the usual French practice for a month begun or ended mid-way:
//! rent × days occupied / days in that calendar month, rounded to the cent.

use chrono::NaiveDate;

use crate::calendar::Period;
use crate::lease::LeaseTerms;
use crate::ledger::ChargeKind;
use crate::money::Money;

/// One charge the schedule says a lease owes (before it is split among co-tenants).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduledCharge {
    /// The month it is for.
    pub period: Period,
    /// What it is for.
    pub kind: ChargeKind,
    /// When it falls due.
    pub due_on: NaiveDate,
    /// How much, after proration.
    pub amount: Money,
}

/// The charges of the month `period`, in kind order (deposit, rent, service charges);
/// empty when the lease does not cover any day of it.
pub fn charges_for_period(terms: &LeaseTerms, period: Period) -> Vec<ScheduledCharge> {
    let mut charges = Vec::with_capacity(3);
    let first = period.first_day().max(terms.start_date);
    let last = terms
        .end_date
        .map_or(period.last_day(), |end| end.min(period.last_day()));
    if first > last {
        return charges;
    }
    if Period::of(terms.start_date) == period && terms.deposit.is_positive() {
        charges.push(ScheduledCharge {
            period,
            kind: ChargeKind::Deposit,
            due_on: terms.start_date,
            amount: terms.deposit,
        });
    }
    let days_in_month = period.days();
    let days_occupied = u32::try_from((last - first).num_days() + 1).unwrap_or(0);
    let due_on = {
        let nominal = terms.due_day.in_period(period);
        // A month begun late is due when the lease starts; a month ended early is due
        // at the latest on the last day of the lease.
        nominal.max(first).min(last)
    };
    for (kind, monthly) in [
        (ChargeKind::Rent, terms.rent),
        (ChargeKind::ServiceCharges, terms.charges),
    ] {
        let amount = if days_occupied >= days_in_month {
            monthly
        } else {
            monthly.prorate(days_occupied, days_in_month)
        };
        if amount.is_positive() {
            charges.push(ScheduledCharge {
                period,
                kind,
                due_on,
                amount,
            });
        }
    }
    charges
}

/// Every charge due on or before `through`, oldest first.
pub fn charges_due_through(terms: &LeaseTerms, through: NaiveDate) -> Vec<ScheduledCharge> {
    let mut due = Vec::new();
    if through < terms.start_date {
        return due;
    }
    let last_period = Period::of(terms.end_date.map_or(through, |end| end.min(through)));
    let mut period = Period::of(terms.start_date);
    while period <= last_period {
        due.extend(
            charges_for_period(terms, period)
                .into_iter()
                .filter(|c| c.due_on <= through),
        );
        period = period.next();
    }
    due
}

/// The first due date strictly after `after`, if the lease owes anything later.
pub fn next_due_date(terms: &LeaseTerms, after: NaiveDate) -> Option<NaiveDate> {
    let mut period = Period::of(after.max(terms.start_date));
    // A charge due after `after` can be at the latest in the month after `after`'s
    // month (the due date of a month never leaves it), or at the start of the lease.
    for _ in 0..3 {
        if let Some(end) = terms.end_date
            && period > Period::of(end)
        {
            return None;
        }
        if let Some(date) = charges_for_period(terms, period)
            .into_iter()
            .map(|c| c.due_on)
            .filter(|due| *due > after)
            .min()
        {
            return Some(date);
        }
        period = period.next();
    }
    None
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "a broken fixture fails the test loudly")]
mod tests {
    use super::*;
    use crate::calendar::DueDay;
    use crate::money::Currency;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn eur(cents: i64) -> Money {
        Money::from_cents(cents, Currency::Eur)
    }

    fn terms(start: NaiveDate, end: Option<NaiveDate>, due_day: u32) -> LeaseTerms {
        LeaseTerms {
            rent: eur(90_000),
            charges: eur(6_000),
            deposit: eur(0),
            start_date: start,
            end_date: end,
            due_day: DueDay::new(due_day).unwrap(),
        }
    }

    #[test]
    fn full_months_charge_the_whole_rent_on_the_due_day() {
        let t = terms(date(2026, 1, 1), Some(date(2026, 3, 31)), 5);
        let due = charges_due_through(&t, date(2026, 12, 31));
        let rents: Vec<_> = due
            .iter()
            .filter(|c| c.kind == ChargeKind::Rent)
            .map(|c| (c.due_on, c.amount.cents()))
            .collect();
        assert_eq!(
            rents,
            vec![
                (date(2026, 1, 5), 90_000),
                (date(2026, 2, 5), 90_000),
                (date(2026, 3, 5), 90_000)
            ]
        );
    }

    #[test]
    fn first_and_last_months_are_prorated() {
        // Starts on the 16th of a 30-day month: 15 days of 30.
        let t = terms(date(2026, 4, 16), Some(date(2026, 6, 10)), 1);
        let due = charges_due_through(&t, date(2026, 12, 31));
        let rents: Vec<_> = due
            .iter()
            .filter(|c| c.kind == ChargeKind::Rent)
            .map(|c| (c.period.to_string(), c.due_on, c.amount.cents()))
            .collect();
        assert_eq!(
            rents,
            vec![
                ("2026-04".into(), date(2026, 4, 16), 45_000),
                ("2026-05".into(), date(2026, 5, 1), 90_000),
                // 10 days of 30: 300.00
                ("2026-06".into(), date(2026, 6, 1), 30_000),
            ]
        );
    }

    #[test]
    fn february_and_the_31st() {
        let t = terms(date(2027, 1, 31), None, 31);
        let due = charges_due_through(&t, date(2027, 4, 30));
        let rents: Vec<_> = due
            .iter()
            .filter(|c| c.kind == ChargeKind::Rent)
            .map(|c| (c.due_on, c.amount.cents()))
            .collect();
        assert_eq!(
            rents,
            vec![
                // one day of 31
                (date(2027, 1, 31), 2_903),
                (date(2027, 2, 28), 90_000),
                (date(2027, 3, 31), 90_000),
                (date(2027, 4, 30), 90_000),
            ]
        );
        // In a leap year February's due day is the 29th, and a lease starting Feb 29th
        // owes 1 day of 29.
        let t = terms(date(2028, 2, 29), None, 29);
        let due = charges_due_through(&t, date(2028, 3, 31));
        let rents: Vec<_> = due
            .iter()
            .filter(|c| c.kind == ChargeKind::Rent)
            .map(|c| (c.due_on, c.amount.cents()))
            .collect();
        assert_eq!(
            rents,
            vec![(date(2028, 2, 29), 3_103), (date(2028, 3, 29), 90_000)]
        );
    }

    #[test]
    fn deposit_is_due_on_the_start_date() {
        let mut t = terms(date(2026, 9, 1), None, 1);
        t.deposit = eur(90_000);
        let due = charges_due_through(&t, date(2026, 9, 1));
        assert_eq!(
            due.iter().filter(|c| c.kind == ChargeKind::Deposit).count(),
            1
        );
        assert_eq!(due.len(), 3);
    }

    #[test]
    fn nothing_is_due_before_the_start_or_after_the_end() {
        let t = terms(date(2026, 9, 1), Some(date(2026, 9, 30)), 1);
        assert!(charges_due_through(&t, date(2026, 8, 31)).is_empty());
        assert_eq!(charges_due_through(&t, date(2030, 1, 1)).len(), 2);
        assert_eq!(next_due_date(&t, date(2026, 9, 1)), None);
        assert_eq!(next_due_date(&t, date(2026, 8, 1)), Some(date(2026, 9, 1)));
    }

    #[test]
    fn next_due_date_walks_month_by_month() {
        let t = terms(date(2026, 1, 1), None, 31);
        assert_eq!(
            next_due_date(&t, date(2026, 1, 31)),
            Some(date(2026, 2, 28))
        );
        assert_eq!(
            next_due_date(&t, date(2026, 2, 28)),
            Some(date(2026, 3, 31))
        );
        // Before the start, the first due date is January's due day (the lease starts
        // on the 1st, so January is not begun late)...
        assert_eq!(next_due_date(&t, date(2025, 6, 1)), Some(date(2026, 1, 31)));
        // ...or the start date itself when a deposit falls due then.
        let mut with_deposit = t.clone();
        with_deposit.deposit = eur(90_000);
        assert_eq!(
            next_due_date(&with_deposit, date(2025, 6, 1)),
            Some(date(2026, 1, 1))
        );
    }
}
