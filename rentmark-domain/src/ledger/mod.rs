//! The rent ledger: append-only entries, payments allocated to the oldest open charge
//! first, balances per account (a co-tenant of a lease), lease, tenant and
//! organization, and aging buckets.

mod account;
mod allocation;
mod entry;
pub mod fair;
mod payment;

pub use account::{AccountSummary, is_payment};
pub use allocation::{
    Aging, Allocation, AllocationLine, ChargeLine, OpenCharge, OpenDue, PaymentLine, allocate,
    net_lines,
};
pub use entry::{
    ChargeKind, EntryKind, IdempotencyKey, LedgerEntry, NotReversible, PaymentMethod, UnknownName,
};
pub use payment::{
    Payment, PaymentDetails, PaymentError, PaymentInput, PaymentStatus, RecordPayment,
};

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::calendar::Period;
use crate::ids::EntryId;
use crate::lease::Lease;
use crate::ledger::fair::FairSplitter;
use crate::money::Money;
use crate::schedule::ScheduledCharge;

/// Splits scheduled charges among the co-tenants of a lease on which nothing has been
/// charged yet (a new lease) and turns them into ledger entries with their idempotency
/// keys: [`charge_entries_after`] with nothing charged so far.
pub fn charge_entries(
    lease: &Lease,
    charges: &[ScheduledCharge],
    now: DateTime<Utc>,
) -> Vec<LedgerEntry> {
    charge_entries_after(lease, &[], charges, now)
}

/// Splits scheduled charges (in schedule order) among the lease's co-tenants, each
/// having been charged `charged` so far on this lease (in co-tenant order, net of
/// reversals: what the store's accounts hold), and turns them into ledger entries
/// with their idempotency keys. Each charge is split exactly, and after each one every
/// co-tenant's total is within a cent of their exact proportion of the lease's total
/// ([`fair`]: the remainder cents rotate rather than always falling on the same
/// co-tenant). Zero shares produce no entry.
///
/// `charges` must be charges not posted yet: one the store would skip (its key
/// exists) would leave the shares of the following ones computed from a total that
/// was never charged.
pub fn charge_entries_after(
    lease: &Lease,
    charged: &[Money],
    charges: &[ScheduledCharge],
    now: DateTime<Utc>,
) -> Vec<LedgerEntry> {
    let charged: Vec<i64> = charged.iter().map(Money::cents).collect();
    let Some(mut splitter) = FairSplitter::new(&lease.share_weights(), &charged) else {
        return Vec::new();
    };
    let mut entries = Vec::with_capacity(charges.len() * lease.tenants.len());
    for charge in charges {
        let shares = splitter.next(charge.amount.cents());
        for (co_tenant, share) in lease.tenants.iter().zip(shares) {
            if share <= 0 {
                continue;
            }
            entries.push(LedgerEntry {
                id: EntryId::generate(now),
                org_id: lease.org_id,
                lease_id: lease.id,
                tenant_id: co_tenant.tenant_id,
                kind: EntryKind::Charge(charge.kind),
                amount: Money::from_cents(share, charge.amount.currency()),
                effective_on: charge.due_on,
                period: Some(charge.period),
                reverses: None,
                payment_id: None,
                idempotency_key: IdempotencyKey::for_charge(
                    lease.id,
                    charge.period,
                    charge.kind,
                    co_tenant.tenant_id,
                ),
                recorded_at: now,
            });
        }
    }
    entries
}

/// What each co-tenant of `lease` has been charged by `entries` (the lease's entries),
/// net of reversals, in co-tenant order: the starting point of
/// [`charge_entries_after`].
pub fn charged_so_far(lease: &Lease, entries: &[LedgerEntry]) -> Vec<Money> {
    lease
        .tenants
        .iter()
        .map(|co_tenant| {
            let cents = entries
                .iter()
                .filter(|e| e.lease_id == lease.id && e.tenant_id == co_tenant.tenant_id)
                .map(LedgerEntry::charge_delta)
                .sum();
            Money::from_cents(cents, lease.currency())
        })
        .collect()
}

/// When a lease ends early, the charges already posted for days after the end must be
/// cancelled: each posted charge of a month the new schedule charges differently is
/// reversed, and the new amount (if any) is charged again. `posted` are the lease's
/// entries; `ended` is the lease with its new end date.
///
/// The months after the end are the last ones charged, so the new amounts are split
/// as if they followed everything charged before those months
/// ([`charge_entries_after`]): every co-tenant stays within a cent of their exact
/// proportion. A co-tenant whose share of a month does not change keeps their charge.
pub fn end_of_lease_adjustments(
    ended: &Lease,
    posted: &[LedgerEntry],
    now: DateTime<Utc>,
) -> Vec<LedgerEntry> {
    let Some(end) = ended.terms.end_date else {
        return Vec::new();
    };
    let currency = ended.currency();
    let (charges, _) = net_lines(posted, currency);
    // The charges still standing for days after the end, and the (month, kind) pairs
    // they are for, in schedule order.
    let mut affected: Vec<(&LedgerEntry, Money)> = Vec::new();
    let mut months: BTreeSet<(Period, ChargeKind)> = BTreeSet::new();
    for line in charges.iter().filter(|c| c.amount.is_positive()) {
        let Some(entry) = posted.iter().find(|e| e.id == line.entry_id) else {
            continue;
        };
        let (EntryKind::Charge(kind), Some(period)) = (entry.kind, entry.period) else {
            continue;
        };
        if period.last_day() <= end || kind == ChargeKind::Deposit {
            continue;
        }
        affected.push((entry, line.amount));
        months.insert((period, kind));
    }
    if affected.is_empty() {
        return Vec::new();
    }
    // What each co-tenant was charged before those months...
    let affected_ids: BTreeSet<EntryId> = affected.iter().map(|(e, _)| e.id).collect();
    let before: Vec<LedgerEntry> = posted
        .iter()
        .filter(|e| {
            !affected_ids.contains(&e.id) && !e.reverses.is_some_and(|r| affected_ids.contains(&r))
        })
        .cloned()
        .collect();
    let charged = charged_so_far(ended, &before);
    // ...and what the new schedule charges for them, split from there.
    let rescheduled: Vec<ScheduledCharge> = months
        .iter()
        .map(|(period, kind)| {
            crate::schedule::charges_for_period(&ended.terms, *period)
                .into_iter()
                .find(|c| c.kind == *kind)
                .unwrap_or(ScheduledCharge {
                    period: *period,
                    kind: *kind,
                    due_on: end,
                    amount: Money::zero(currency),
                })
        })
        .collect();
    let new_shares = charge_entries_after(ended, &charged, &rescheduled, now);
    let mut adjustments = Vec::new();
    for (entry, standing) in &affected {
        let new_share = new_shares.iter().find(|n| {
            n.tenant_id == entry.tenant_id && n.period == entry.period && n.kind == entry.kind
        });
        if new_share.map(|n| n.amount) == Some(*standing) {
            continue;
        }
        if let Ok(reversal) = entry.reversal(now) {
            adjustments.push(reversal);
        }
        if let Some(new_share) = new_share {
            adjustments.push(adjustment(new_share, end, now));
        }
    }
    // A co-tenant who had no charge of that month (a share of zero cents) and now has
    // one.
    for new_share in &new_shares {
        let had_one = affected.iter().any(|(e, _)| {
            e.tenant_id == new_share.tenant_id
                && e.period == new_share.period
                && e.kind == new_share.kind
        });
        if !had_one {
            adjustments.push(adjustment(new_share, end, now));
        }
    }
    adjustments
}

/// A charge of the new schedule posted by [`end_of_lease_adjustments`], keyed by the
/// end date that caused it.
fn adjustment(share: &LedgerEntry, end: chrono::NaiveDate, now: DateTime<Utc>) -> LedgerEntry {
    let key = match (share.kind, share.period) {
        (EntryKind::Charge(kind), Some(period)) => {
            IdempotencyKey::for_adjustment(share.lease_id, period, kind, share.tenant_id, end)
        }
        _ => share.idempotency_key.clone(),
    };
    LedgerEntry {
        id: EntryId::generate(now),
        idempotency_key: key,
        ..share.clone()
    }
}

#[cfg(test)]
mod tests;
