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
            open: allocation.open.iter().map(OpenDue::from).collect(),
        }
    }
}

/// Whether an entry is a payment still standing (not a reversal).
pub fn is_payment(entry: &LedgerEntry) -> bool {
    matches!(entry.kind, EntryKind::Payment(_))
}
