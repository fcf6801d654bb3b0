//! The balance of one account (one co-tenant of one lease), as materialized by the
//! store on every write and as recomputed from the entries by the reconciliation.

use chrono::NaiveDate;

use crate::ledger::allocation::{OpenDue, allocate, net_lines};
use crate::ledger::entry::{EntryKind, LedgerEntry};
use crate::money::{Currency, Money};

/// The figures of one account that the store keeps up to date on write, so that
/// dashboards never sum the whole history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSummary {
    /// Sum of charges net of reversals.
    pub charged: Money,
    /// Sum of payments net of reversals.
    pub paid: Money,
    /// The due date of the oldest charge not fully paid, if any.
    pub oldest_unpaid_on: Option<NaiveDate>,
    /// The date of the latest payment still standing, if any.
    pub last_payment_on: Option<NaiveDate>,
    /// The due date of the latest charge, reversed or not, if any: what tells whether
    /// a new charge comes after every other (see [`AccountSummary::extended`]).
    pub last_charge_on: Option<NaiveDate>,
    /// What remains due, charge by charge, oldest first (after allocating the
    /// payments to the oldest charges first): the input of the aging.
    pub open: Vec<OpenDue>,
}

impl AccountSummary {
    /// An account with no entries.
    pub fn empty(currency: Currency) -> Self {
        Self {
            charged: Money::zero(currency),
            paid: Money::zero(currency),
            oldest_unpaid_on: None,
            last_payment_on: None,
            last_charge_on: None,
            open: Vec::new(),
        }
    }

    /// What the tenant owes (negative: a credit in their favour).
    pub fn outstanding(&self) -> Money {
        Money::from_cents(
            self.charged.cents() - self.paid.cents(),
            self.charged.currency(),
        )
    }

    /// Recomputes the summary from every entry of the account.
    pub fn from_entries(entries: &[LedgerEntry], currency: Currency) -> Self {
        let charged: i64 = entries.iter().map(LedgerEntry::charge_delta).sum();
        let paid: i64 = entries.iter().map(LedgerEntry::payment_delta).sum();
        let (charges, payments) = net_lines(entries, currency);
        let allocation = allocate(&charges, &payments, currency);
        let last_payment_on = payments
            .iter()
            .filter(|p| p.amount.is_positive())
            .map(|p| p.paid_on)
            .max();
        Self {
            charged: Money::from_cents(charged, currency),
            paid: Money::from_cents(paid, currency),
            oldest_unpaid_on: allocation.open.first().map(|c| c.due_on),
            last_payment_on,
            last_charge_on: charges.last().map(|c| c.due_on),
            open: allocation.open.iter().map(OpenDue::from).collect(),
        }
    }

    /// The summary once `entries` are added to the account, computed from this summary
    /// alone (no history), or `None` when that cannot be done and
    /// [`AccountSummary::from_entries`] over every entry must be used instead.
    ///
    /// It can be done for payments, and for charges due after every charge already on
    /// the account (the monthly charges): the allocation gives the payments' sum to the
    /// charges oldest first whatever the payments' dates, so a payment pays off what
    /// remains due from the front, and a later charge joins the end, less any credit.
    /// A reversal, or a charge due on or before the latest one, gives `None`; so does
    /// another currency.
    ///
    /// The credit is taken as `paid - charged` when nothing remains due, which holds
    /// when reversals cancel whole entries at most once, as [`LedgerEntry::reversal`]
    /// and its idempotency key make them.
    pub fn extended<'a>(&self, entries: impl IntoIterator<Item = &'a LedgerEntry>) -> Option<Self> {
        let currency = self.charged.currency();
        let mut new_charges: Vec<&LedgerEntry> = Vec::new();
        let mut new_paid = 0_i64;
        let mut last_payment_on = self.last_payment_on;
        for entry in entries {
            if entry.amount.currency() != currency || entry.reverses.is_some() {
                return None;
            }
            match entry.kind {
                EntryKind::Charge(_) => {
                    if self
                        .last_charge_on
                        .is_some_and(|last| entry.effective_on <= last)
                    {
                        return None;
                    }
                    new_charges.push(entry);
                }
                EntryKind::Payment(_) => {
                    new_paid += entry.amount.cents();
                    if entry.amount.is_positive() {
                        last_payment_on = last_payment_on.max(Some(entry.effective_on));
                    }
                }
                EntryKind::ChargeReversal | EntryKind::PaymentReversal => return None,
            }
        }
        new_charges.sort_by_key(|e| (e.effective_on, e.id));
        let mut open = self.open.clone();
        let mut credit = if open.is_empty() {
            (self.paid.cents() - self.charged.cents()).max(0)
        } else {
            0
        };
        for charge in &new_charges {
            let absorbed = credit.min(charge.amount.cents());
            credit -= absorbed;
            let remaining = charge.amount.cents() - absorbed;
            if remaining > 0 {
                open.push(OpenDue {
                    due_on: charge.effective_on,
                    remaining: Money::from_cents(remaining, currency),
                });
            }
        }
        let mut left = new_paid;
        let mut settled = 0;
        for due in &mut open {
            if left == 0 {
                break;
            }
            let applied = left.min(due.remaining.cents());
            left -= applied;
            due.remaining = Money::from_cents(due.remaining.cents() - applied, currency);
            if due.remaining.is_zero() {
                settled += 1;
            }
        }
        open.drain(..settled);
        let charged: i64 = new_charges.iter().map(|e| e.amount.cents()).sum();
        Some(Self {
            charged: Money::from_cents(self.charged.cents() + charged, currency),
            paid: Money::from_cents(self.paid.cents() + new_paid, currency),
            oldest_unpaid_on: open.first().map(|d| d.due_on),
            last_payment_on,
            last_charge_on: new_charges
                .last()
                .map(|c| c.effective_on)
                .or(self.last_charge_on),
            open,
        })
    }
}

/// Whether an entry is a payment still standing (not a reversal).
pub fn is_payment(entry: &LedgerEntry) -> bool {
    matches!(entry.kind, EntryKind::Payment(_))
}
