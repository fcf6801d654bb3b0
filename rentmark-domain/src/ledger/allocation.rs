//! Allocation of payments to charges, oldest open charge first, and what follows from
//! it: open charges, the oldest unpaid due date and aging buckets.
//!
//! Allocation is derived, never stored: it is a pure function of an account's entries,
//! so correcting or deleting a payment re-allocates everything after it for free.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::days_between;
use crate::ids::EntryId;
use crate::ledger::entry::{EntryKind, LedgerEntry};
use crate::money::{Currency, Money};

/// A charge net of its reversals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChargeLine {
    /// The charge entry.
    pub entry_id: EntryId,
    /// When it fell due.
    pub due_on: NaiveDate,
    /// Its amount net of reversals (zero once reversed).
    pub amount: Money,
}

/// A payment net of its reversals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentLine {
    /// The payment entry.
    pub entry_id: EntryId,
    /// When it was paid.
    pub paid_on: NaiveDate,
    /// Its amount net of reversals.
    pub amount: Money,
}

/// Part of a payment applied to part of a charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllocationLine {
    /// The payment entry.
    pub payment: EntryId,
    /// The charge entry.
    pub charge: EntryId,
    /// How much of the payment went to the charge.
    pub amount: Money,
}

/// A charge not yet fully paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenCharge {
    /// The charge entry.
    pub entry_id: EntryId,
    /// When it fell due.
    pub due_on: NaiveDate,
    /// What remains to be paid.
    pub remaining: Money,
}

/// What remains due from one charge, without the charge's identity: what an
/// account keeps materialized so that its aging never reads the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenDue {
    /// When it fell due.
    pub due_on: NaiveDate,
    /// What remains to be paid (positive).
    pub remaining: Money,
}

impl From<&OpenCharge> for OpenDue {
    fn from(charge: &OpenCharge) -> Self {
        Self {
            due_on: charge.due_on,
            remaining: charge.remaining,
        }
    }
}

/// The result of allocating an account's payments to its charges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    /// Every (payment, charge, amount) applied, in allocation order.
    pub lines: Vec<AllocationLine>,
    /// Charges still owed, oldest first.
    pub open: Vec<OpenCharge>,
    /// Paid beyond every charge (a credit in the tenant's favour).
    pub credit: Money,
}

/// Nets reversals against the entries they cancel: the charges and payments of an
/// account as they stand, each sorted oldest first (then by id, for determinism).
pub fn net_lines(
    entries: &[LedgerEntry],
    currency: Currency,
) -> (Vec<ChargeLine>, Vec<PaymentLine>) {
    let mut reversed: HashMap<EntryId, i64> = HashMap::new();
    for entry in entries {
        if let (EntryKind::ChargeReversal | EntryKind::PaymentReversal, Some(target)) =
            (entry.kind, entry.reverses)
        {
            *reversed.entry(target).or_default() += entry.amount.cents();
        }
    }
    let net = |entry: &LedgerEntry| {
        let cents = entry.amount.cents() - reversed.get(&entry.id).copied().unwrap_or(0);
        Money::from_cents(cents.max(0), currency)
    };
    let mut charges: Vec<ChargeLine> = entries
        .iter()
        .filter(|e| matches!(e.kind, EntryKind::Charge(_)))
        .map(|e| ChargeLine {
            entry_id: e.id,
            due_on: e.effective_on,
            amount: net(e),
        })
        .collect();
    let mut payments: Vec<PaymentLine> = entries
        .iter()
        .filter(|e| matches!(e.kind, EntryKind::Payment(_)))
        .map(|e| PaymentLine {
            entry_id: e.id,
            paid_on: e.effective_on,
            amount: net(e),
        })
        .collect();
    charges.sort_by_key(|c| (c.due_on, c.entry_id));
    payments.sort_by_key(|p| (p.paid_on, p.entry_id));
    (charges, payments)
}

/// Allocates payments (in date order) to the oldest open charge first.
///
/// Never allocates more than a payment's amount or more than a charge's amount;
/// what no charge absorbs is `credit`.
pub fn allocate(
    charges: &[ChargeLine],
    payments: &[PaymentLine],
    currency: Currency,
) -> Allocation {
    let mut remaining: Vec<i64> = charges.iter().map(|c| c.amount.cents()).collect();
    let mut lines = Vec::new();
    let mut cursor = 0;
    let mut credit = 0_i64;
    for payment in payments {
        let mut left = payment.amount.cents();
        while left > 0 && cursor < charges.len() {
            if remaining[cursor] == 0 {
                cursor += 1;
                continue;
            }
            let applied = left.min(remaining[cursor]);
            remaining[cursor] -= applied;
            left -= applied;
            lines.push(AllocationLine {
                payment: payment.entry_id,
                charge: charges[cursor].entry_id,
                amount: Money::from_cents(applied, currency),
            });
        }
        credit += left;
    }
    let open = charges
        .iter()
        .zip(&remaining)
        .filter(|(_, left)| **left > 0)
        .map(|(charge, left)| OpenCharge {
            entry_id: charge.entry_id,
            due_on: charge.due_on,
            remaining: Money::from_cents(*left, currency),
        })
        .collect();
    Allocation {
        lines,
        open,
        credit: Money::from_cents(credit, currency),
    }
}

/// What is owed, by how long it has been overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Aging {
    /// Due 0-30 days ago (or not yet due).
    pub d0_30: Money,
    /// Due 31-60 days ago.
    pub d31_60: Money,
    /// Due 61-90 days ago.
    pub d61_90: Money,
    /// Due more than 90 days ago.
    pub d90_plus: Money,
}

impl Aging {
    /// All buckets empty.
    pub const fn zero(currency: Currency) -> Self {
        Self {
            d0_30: Money::zero(currency),
            d31_60: Money::zero(currency),
            d61_90: Money::zero(currency),
            d90_plus: Money::zero(currency),
        }
    }

    /// Buckets the open charges by days overdue on `as_of`.
    pub fn of(open: &[OpenCharge], as_of: NaiveDate, currency: Currency) -> Self {
        Self::bucket(
            open.iter().map(|c| (c.due_on, c.remaining)),
            as_of,
            currency,
        )
    }

    /// Buckets what remains due (an account's materialized [`OpenDue`]s) by days
    /// overdue on `as_of`; the same figures as [`Aging::of`] on the allocation the
    /// dues were taken from.
    pub fn of_dues(open: &[OpenDue], as_of: NaiveDate, currency: Currency) -> Self {
        Self::bucket(
            open.iter().map(|d| (d.due_on, d.remaining)),
            as_of,
            currency,
        )
    }

    fn bucket(
        open: impl Iterator<Item = (NaiveDate, Money)>,
        as_of: NaiveDate,
        currency: Currency,
    ) -> Self {
        let mut buckets = [0_i64; 4];
        for (due_on, remaining) in open {
            let index = match days_between(due_on, as_of) {
                ..=30 => 0,
                31..=60 => 1,
                61..=90 => 2,
                _ => 3,
            };
            buckets[index] += remaining.cents();
        }
        Self {
            d0_30: Money::from_cents(buckets[0], currency),
            d31_60: Money::from_cents(buckets[1], currency),
            d61_90: Money::from_cents(buckets[2], currency),
            d90_plus: Money::from_cents(buckets[3], currency),
        }
    }

    /// Adds another account's buckets.
    #[must_use]
    pub fn plus(self, other: Self) -> Self {
        let add = |a: Money, b: Money| Money::from_cents(a.cents() + b.cents(), a.currency());
        Self {
            d0_30: add(self.d0_30, other.d0_30),
            d31_60: add(self.d31_60, other.d31_60),
            d61_90: add(self.d61_90, other.d61_90),
            d90_plus: add(self.d90_plus, other.d90_plus),
        }
    }

    /// The sum of the buckets.
    pub fn total(&self) -> Money {
        Money::from_cents(
            self.d0_30.cents() + self.d31_60.cents() + self.d61_90.cents() + self.d90_plus.cents(),
            self.d0_30.currency(),
        )
    }
}
