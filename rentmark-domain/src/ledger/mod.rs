//! The rent ledger: append-only entries, payments allocated to the oldest open charge
//! first, balances per account (a co-tenant of a lease), lease, tenant and
//! organization, and aging buckets.

mod account;
mod allocation;
mod entry;
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

use chrono::{DateTime, Utc};

use crate::ids::EntryId;
use crate::lease::Lease;
use crate::schedule::ScheduledCharge;

/// Splits scheduled charges among the lease's co-tenants by their shares (shares sum
/// to the whole to the cent) and turns them into ledger entries with their
/// idempotency keys. Zero shares produce no entry.
pub fn charge_entries(
    lease: &Lease,
    charges: &[ScheduledCharge],
    now: DateTime<Utc>,
) -> Vec<LedgerEntry> {
    let weights = lease.share_weights();
    let mut entries = Vec::with_capacity(charges.len() * lease.tenants.len());
    for charge in charges {
        let Ok(shares) = charge.amount.split(&weights) else {
            continue;
        };
        for (co_tenant, share) in lease.tenants.iter().zip(shares) {
            if !share.is_positive() {
                continue;
            }
            entries.push(LedgerEntry {
                id: EntryId::generate(now),
                org_id: lease.org_id,
                lease_id: lease.id,
                tenant_id: co_tenant.tenant_id,
                kind: EntryKind::Charge(charge.kind),
                amount: share,
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

/// When a lease ends early, the charges already posted for days after the end must be
/// cancelled: each posted charge of a month the new schedule charges differently is
/// reversed, and the new amount (if any) is charged again. `posted` are the lease's
/// entries; `ended` is the lease with its new end date.
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
    let mut adjustments = Vec::new();
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
        // What this co-tenant owes for this month under the new end date.
        let scheduled = crate::schedule::charges_for_period(&ended.terms, period);
        let new_total = scheduled.iter().find(|c| c.kind == kind).map(|c| c.amount);
        let weights = ended.share_weights();
        let index = ended
            .tenants
            .iter()
            .position(|t| t.tenant_id == entry.tenant_id);
        let new_share = match (new_total, index) {
            (Some(total), Some(index)) => total
                .split(&weights)
                .ok()
                .and_then(|s| s.get(index).copied()),
            _ => None,
        };
        if new_share == Some(line.amount) {
            continue;
        }
        if let Ok(reversal) = entry.reversal(now) {
            adjustments.push(reversal);
        }
        if let Some(share) = new_share.filter(|s| s.is_positive()) {
            let due_on = scheduled
                .iter()
                .find(|c| c.kind == kind)
                .map_or(end, |c| c.due_on);
            adjustments.push(LedgerEntry {
                id: EntryId::generate(now),
                org_id: entry.org_id,
                lease_id: entry.lease_id,
                tenant_id: entry.tenant_id,
                kind: entry.kind,
                amount: share,
                effective_on: due_on,
                period: Some(period),
                reverses: None,
                payment_id: None,
                idempotency_key: IdempotencyKey::for_adjustment(
                    entry.lease_id,
                    period,
                    kind,
                    entry.tenant_id,
                    end,
                ),
                recorded_at: now,
            });
        }
    }
    adjustments
}

#[cfg(test)]
mod tests;
