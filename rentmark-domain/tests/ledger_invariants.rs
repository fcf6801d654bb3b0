//! Randomized invariants of the rent ledger (ARCHITECTURE.md, "The ledger"):
//!
//! - the summary materialized on write (extended entry by entry when it can be, as
//!   the store does) equals the summary recomputed from the entries;
//! - no money is created or lost by any sequence of record / amend / delete: what is
//!   paid is the sum of the active payments' current amounts;
//! - allocation never exceeds a payment or a charge, and goes oldest first;
//! - a charge split among co-tenants sums to the charge.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use rentmark_domain::calendar::{DueDay, Period};
use rentmark_domain::ids::{EntryId, LeaseId, OrgId, PaymentId, PropertyId, TenantId, UnitId};
use rentmark_domain::lease::{CoTenant, Lease, LeaseTerms, Share};
use rentmark_domain::ledger::{
    AccountSummary, ChargeKind, EntryKind, IdempotencyKey, LedgerEntry, Payment, PaymentDetails,
    PaymentError, PaymentMethod, PaymentStatus, RecordPayment, allocate, charge_entries, net_lines,
};
use rentmark_domain::money::{Currency, Money};
use rentmark_domain::schedule::{ScheduledCharge, charges_due_through};

const EUR: Currency = Currency::Eur;

fn base_instant() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 8, 0, 0)
        .single()
        .expect("a valid instant")
}

fn day(offset: u16) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).expect("a valid date") + Duration::days(i64::from(offset))
}

fn eur(cents: i64) -> Money {
    Money::from_cents(cents, EUR)
}

/// Shares in basis points for `count` co-tenants from sorted cut points in 1..10,000.
fn shares_from_cuts(cuts: &[u32]) -> Vec<u32> {
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(10_000);
    bounds.windows(2).map(|w| w[1] - w[0]).collect()
}

/// 1-5 co-tenant shares (basis points, each at least 1, summing to 10,000).
fn shares_strategy() -> impl Strategy<Value = Vec<u32>> {
    (1_usize..=5).prop_flat_map(|count| {
        proptest::sample::subsequence((1_u32..10_000).collect::<Vec<_>>(), count - 1)
            .prop_map(|cuts| shares_from_cuts(&cuts))
    })
}

fn lease_with_shares(shares: &[u32], terms: LeaseTerms) -> Lease {
    let now = base_instant();
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
        terms,
        ended_at: None,
        next_charge_on: None,
        created_at: now,
        updated_at: now,
    }
}

fn simple_terms() -> LeaseTerms {
    LeaseTerms {
        rent: eur(80_000),
        charges: eur(5_000),
        deposit: eur(80_000),
        start_date: day(0),
        end_date: None,
        due_day: DueDay::FIRST,
    }
}

/// One step of a random history of a lease's ledger.
#[derive(Debug, Clone)]
enum Op {
    /// A charge of `cents` due on `day`, split among the co-tenants.
    Charge { cents: i64, day: u16, kind: u8 },
    /// A payment by co-tenant `tenant` (index, modulo their count).
    Pay { tenant: usize, cents: i64, day: u16 },
    /// A correction of payment `payment` (index, modulo the payments made).
    Amend {
        payment: usize,
        cents: i64,
        day: u16,
        method: u8,
    },
    /// A deletion of payment `payment`.
    Delete { payment: usize },
    /// A reversal of charge entry `charge` (index, modulo the charges posted), as an
    /// early end of lease does; reversing twice is refused by the idempotency key.
    ReverseCharge { charge: usize },
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (1_i64..200_000, 0_u16..400, 0_u8..4)
            .prop_map(|(cents, day, kind)| Op::Charge { cents, day, kind }),
        3 => (0_usize..5, 1_i64..200_000, 0_u16..400)
            .prop_map(|(tenant, cents, day)| Op::Pay { tenant, cents, day }),
        2 => (0_usize..20, 1_i64..200_000, 0_u16..400, 0_u8..4)
            .prop_map(|(payment, cents, day, method)| Op::Amend { payment, cents, day, method }),
        1 => (0_usize..20).prop_map(|payment| Op::Delete { payment }),
        1 => (0_usize..60).prop_map(|charge| Op::ReverseCharge { charge }),
    ]
}

const KINDS: [ChargeKind; 4] = [
    ChargeKind::Deposit,
    ChargeKind::Rent,
    ChargeKind::ServiceCharges,
    ChargeKind::Fee,
];
const METHODS: [PaymentMethod; 4] = [
    PaymentMethod::Transfer,
    PaymentMethod::Card,
    PaymentMethod::Cash,
    PaymentMethod::Stripe,
];

/// An account: one co-tenant of one lease.
type Account = (LeaseId, TenantId);

/// What the store does on write, in memory: entries are appended once per
/// idempotency key, and each account's summary is extended by the new entry when
/// [`AccountSummary::extended`] can, recomputed from its entries otherwise.
#[derive(Default)]
struct MaterializedLedger {
    entries: Vec<LedgerEntry>,
    keys: HashSet<IdempotencyKey>,
    /// Each account's summary, updated on every write.
    summaries: HashMap<Account, AccountSummary>,
}

impl MaterializedLedger {
    /// Appends `entry` unless its key was used; returns whether it was written.
    fn post(&mut self, entry: LedgerEntry) -> bool {
        if !self.keys.insert(entry.idempotency_key.clone()) {
            return false;
        }
        let account = (entry.lease_id, entry.tenant_id);
        let extended = self
            .summaries
            .get(&account)
            .cloned()
            .unwrap_or_else(|| AccountSummary::empty(EUR))
            .extended([&entry]);
        self.entries.push(entry);
        let summary = extended
            .unwrap_or_else(|| AccountSummary::from_entries(&self.account_entries(account), EUR));
        self.summaries.insert(account, summary);
        true
    }

    fn account_entries(&self, account: Account) -> Vec<LedgerEntry> {
        self.entries
            .iter()
            .filter(|e| (e.lease_id, e.tenant_id) == account)
            .cloned()
            .collect()
    }
}

/// What the model expects, computed without the ledger's own arithmetic.
#[derive(Default)]
struct Expected {
    /// Charges posted and not reversed, in cents, per account.
    charged: HashMap<Account, i64>,
}

/// A payment as the user sees it, with the entry of its current revision.
struct Tracked {
    payment: Payment,
    current: LedgerEntry,
}

fn check_account(
    ledger: &MaterializedLedger,
    account: Account,
    expected_charged: i64,
    expected_paid: i64,
) -> Result<(), TestCaseError> {
    let entries = ledger.account_entries(account);
    let summary = AccountSummary::from_entries(&entries, EUR);
    let materialized = ledger
        .summaries
        .get(&account)
        .cloned()
        .unwrap_or_else(|| AccountSummary::empty(EUR));
    // Materialized on write = recomputed from the entries, every figure.
    prop_assert_eq!(&materialized, &summary);
    // No money created or lost.
    prop_assert_eq!(summary.charged.cents(), expected_charged);
    prop_assert_eq!(summary.paid.cents(), expected_paid);
    // What is outstanding is what the allocation leaves open, less any credit.
    let (charges, payments) = net_lines(&entries, EUR);
    let allocation = allocate(&charges, &payments, EUR);
    let open: i64 = allocation.open.iter().map(|c| c.remaining.cents()).sum();
    prop_assert_eq!(
        summary.outstanding().cents(),
        open - allocation.credit.cents()
    );
    prop_assert_eq!(
        summary.oldest_unpaid_on,
        allocation.open.first().map(|c| c.due_on)
    );
    Ok(())
}

fn run_history(shares: &[u32], ops: &[Op]) -> Result<(), TestCaseError> {
    let lease = lease_with_shares(shares, simple_terms());
    let mut ledger = MaterializedLedger::default();
    let mut expected = Expected::default();
    let mut payments: Vec<Tracked> = Vec::new();
    let mut charges: Vec<LedgerEntry> = Vec::new();
    for (step, op) in ops.iter().enumerate() {
        let now = base_instant() + Duration::seconds(i64::try_from(step).unwrap_or(0));
        match op {
            Op::Charge {
                cents,
                day: d,
                kind,
            } => {
                let due_on = day(*d);
                let scheduled = ScheduledCharge {
                    period: Period::of(due_on),
                    kind: KINDS[usize::from(*kind) % KINDS.len()],
                    due_on,
                    amount: eur(*cents),
                };
                let entries = charge_entries(&lease, &[scheduled], now);
                let mut split_total = 0;
                for entry in entries {
                    split_total += entry.amount.cents();
                    let account = (entry.lease_id, entry.tenant_id);
                    let cents = entry.amount.cents();
                    if ledger.post(entry.clone()) {
                        *expected.charged.entry(account).or_default() += cents;
                        charges.push(entry);
                    }
                }
                // The co-tenants' shares sum to the charge.
                prop_assert_eq!(split_total, *cents);
            }
            Op::Pay {
                tenant,
                cents,
                day: d,
            } => {
                let command = RecordPayment {
                    lease_id: lease.id,
                    tenant_id: lease.tenants[tenant % lease.tenants.len()].tenant_id,
                    details: PaymentDetails {
                        amount: eur(*cents),
                        paid_on: day(*d),
                        method: PaymentMethod::Transfer,
                        receipt_document_id: None,
                    },
                };
                let (payment, entry) = Payment::record(lease.org_id, command, None, now);
                prop_assert!(ledger.post(entry.clone()));
                payments.push(Tracked {
                    payment,
                    current: entry,
                });
            }
            Op::Amend {
                payment,
                cents,
                day: d,
                method,
            } => {
                let Some(len) = (!payments.is_empty()).then_some(payments.len()) else {
                    continue;
                };
                let tracked = &mut payments[payment % len];
                let details = PaymentDetails {
                    amount: eur(*cents),
                    paid_on: day(*d),
                    method: METHODS[usize::from(*method) % METHODS.len()],
                    receipt_document_id: None,
                };
                match tracked
                    .payment
                    .amend(&tracked.current, details.clone(), now)
                {
                    Ok((next, entries)) => {
                        prop_assert_eq!(tracked.payment.status, PaymentStatus::Active);
                        prop_assert_eq!(entries.len(), 2);
                        for entry in &entries {
                            prop_assert!(ledger.post(entry.clone()));
                        }
                        prop_assert_eq!(entries[1].id, next.entry_id);
                        prop_assert_eq!(next.id, tracked.payment.id);
                        prop_assert_eq!(next.revision, tracked.payment.revision + 1);
                        tracked.current = entries[1].clone();
                        tracked.payment = next;
                    }
                    Err(PaymentError::AlreadyDeleted) => {
                        prop_assert_eq!(tracked.payment.status, PaymentStatus::Deleted);
                    }
                    Err(PaymentError::Unchanged) => {
                        prop_assert_eq!(tracked.payment.amount, details.amount);
                        prop_assert_eq!(tracked.payment.paid_on, details.paid_on);
                        prop_assert_eq!(tracked.payment.method, details.method);
                    }
                }
            }
            Op::Delete { payment } => {
                let Some(len) = (!payments.is_empty()).then_some(payments.len()) else {
                    continue;
                };
                let tracked = &mut payments[payment % len];
                match tracked.payment.delete(&tracked.current, now) {
                    Ok((next, reversal)) => {
                        prop_assert_eq!(tracked.payment.status, PaymentStatus::Active);
                        prop_assert_eq!(reversal.reverses, Some(tracked.current.id));
                        prop_assert!(ledger.post(reversal));
                        tracked.payment = next;
                    }
                    Err(error) => {
                        prop_assert_eq!(error, PaymentError::AlreadyDeleted);
                        prop_assert_eq!(tracked.payment.status, PaymentStatus::Deleted);
                    }
                }
            }
            Op::ReverseCharge { charge } => {
                let Some(len) = (!charges.is_empty()).then_some(charges.len()) else {
                    continue;
                };
                let target = &charges[charge % len];
                let reversal = target
                    .reversal(now)
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                if ledger.post(reversal) {
                    *expected
                        .charged
                        .entry((target.lease_id, target.tenant_id))
                        .or_default() -= target.amount.cents();
                }
            }
        }
        // Check every account after every step.
        for co_tenant in &lease.tenants {
            let account = (lease.id, co_tenant.tenant_id);
            let paid: i64 = payments
                .iter()
                .filter(|t| t.payment.tenant_id == co_tenant.tenant_id)
                .filter(|t| t.payment.status == PaymentStatus::Active)
                .map(|t| t.payment.amount.cents())
                .sum();
            let charged = expected.charged.get(&account).copied().unwrap_or(0);
            check_account(&ledger, account, charged, paid)?;
        }
    }
    // Each payment's entries net to its current amount, or to zero once deleted.
    let mut net_by_payment: HashMap<PaymentId, i64> = HashMap::new();
    for entry in &ledger.entries {
        if let Some(id) = entry.payment_id {
            *net_by_payment.entry(id).or_default() += entry.payment_delta();
        }
    }
    for tracked in &payments {
        let standing = match tracked.payment.status {
            PaymentStatus::Active => tracked.payment.amount.cents(),
            PaymentStatus::Deleted => 0,
        };
        prop_assert_eq!(net_by_payment.get(&tracked.payment.id), Some(&standing));
    }
    // The organization's total is the sum of its accounts'.
    let org_total: i64 = ledger
        .summaries
        .values()
        .map(|s| s.outstanding().cents())
        .sum();
    let entries_total: i64 = ledger.entries.iter().map(LedgerEntry::balance_delta).sum();
    prop_assert_eq!(org_total, entries_total);
    Ok(())
}

/// A standalone charge or payment entry for the allocation tests.
fn entry(kind: EntryKind, cents: i64, on: NaiveDate, seq: i64) -> LedgerEntry {
    let now = base_instant() + Duration::milliseconds(seq);
    let id = EntryId::generate(now);
    LedgerEntry {
        id,
        org_id: OrgId::from_uuid(uuid_zero()),
        lease_id: LeaseId::from_uuid(uuid_zero()),
        tenant_id: TenantId::from_uuid(uuid_zero()),
        kind,
        amount: eur(cents),
        effective_on: on,
        period: Some(Period::of(on)),
        reverses: None,
        payment_id: None,
        idempotency_key: IdempotencyKey::from_stored(format!("test:{id}")),
        recorded_at: now,
    }
}

fn uuid_zero() -> uuid::Uuid {
    uuid::Uuid::nil()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn materialized_balance_equals_recomputed_and_no_money_is_lost(
        shares in shares_strategy(),
        ops in proptest::collection::vec(op_strategy(), 1..40),
    ) {
        run_history(&shares, &ops)?;
    }

    #[test]
    fn later_charges_and_payments_extend_a_summary_without_the_history(
        history in proptest::collection::vec((any::<bool>(), 1_i64..150_000, 0_u16..40), 0..30),
        batches in proptest::collection::vec(
            proptest::collection::vec((any::<bool>(), 0_i64..150_000, 1_u16..40), 1..5),
            1..12,
        ),
    ) {
        // A history (charges and payments on any day, some reversed), then batches of
        // charges each due after every earlier one, and payments on any day.
        let mut entries = Vec::new();
        let mut seq = 0;
        for (is_charge, cents, d) in &history {
            seq += 1;
            let kind = if *is_charge { EntryKind::Charge(ChargeKind::Rent) } else { EntryKind::Payment(PaymentMethod::Card) };
            let e = entry(kind, *cents, day(*d), seq);
            if cents % 3 == 0 {
                entries.push(e.reversal(base_instant()).map_err(|e| TestCaseError::fail(e.to_string()))?);
            }
            entries.push(e);
        }
        let mut summary = AccountSummary::from_entries(&entries, EUR);
        let mut last_due = summary.last_charge_on.unwrap_or_else(|| day(0));
        for batch in &batches {
            let mut new = Vec::new();
            for (is_charge, cents, gap) in batch {
                seq += 1;
                if *is_charge {
                    last_due += Duration::days(i64::from(*gap));
                    new.push(entry(EntryKind::Charge(ChargeKind::Rent), *cents, last_due, seq));
                } else {
                    new.push(entry(EntryKind::Payment(PaymentMethod::Card), *cents, day(*gap * 7), seq));
                }
            }
            let Some(extended) = summary.extended(&new) else {
                return Err(TestCaseError::fail("later charges and payments must extend"));
            };
            entries.extend(new);
            prop_assert_eq!(&extended, &AccountSummary::from_entries(&entries, EUR));
            summary = extended;
        }
        // A reversal, or a charge not after the latest, cannot.
        if let Some(last) = summary.last_charge_on {
            seq += 1;
            let early = entry(EntryKind::Charge(ChargeKind::Rent), 100, last, seq);
            prop_assert!(summary.extended([&early]).is_none());
            if let Some(target) = entries.iter().find(|e| e.reverses.is_none()) {
                let reversal = target.reversal(base_instant()).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert!(summary.extended([&reversal]).is_none());
            }
        }
    }

    #[test]
    fn allocation_never_exceeds_a_payment_or_a_charge_and_goes_oldest_first(
        charges in proptest::collection::vec((1_i64..150_000, 0_u16..200, any::<bool>()), 0..24),
        payments in proptest::collection::vec((1_i64..150_000, 0_u16..200, any::<bool>()), 0..24),
    ) {
        let mut entries = Vec::new();
        let mut seq = 0;
        for (cents, d, reversed) in &charges {
            seq += 1;
            let charge = entry(EntryKind::Charge(ChargeKind::Rent), *cents, day(*d), seq);
            if *reversed {
                entries.push(charge.reversal(base_instant()).map_err(|e| TestCaseError::fail(e.to_string()))?);
            }
            entries.push(charge);
        }
        for (cents, d, reversed) in &payments {
            seq += 1;
            let payment = entry(EntryKind::Payment(PaymentMethod::Card), *cents, day(*d), seq);
            if *reversed {
                entries.push(payment.reversal(base_instant()).map_err(|e| TestCaseError::fail(e.to_string()))?);
            }
            entries.push(payment);
        }
        let (charge_lines, payment_lines) = net_lines(&entries, EUR);
        // Reversed entries net to zero, standing ones to their amount.
        let charged: i64 = charges.iter().filter(|c| !c.2).map(|c| c.0).sum();
        let paid: i64 = payments.iter().filter(|p| !p.2).map(|p| p.0).sum();
        prop_assert_eq!(charge_lines.iter().map(|c| c.amount.cents()).sum::<i64>(), charged);
        prop_assert_eq!(payment_lines.iter().map(|p| p.amount.cents()).sum::<i64>(), paid);

        let allocation = allocate(&charge_lines, &payment_lines, EUR);
        let mut per_payment: BTreeMap<EntryId, i64> = BTreeMap::new();
        let mut per_charge: BTreeMap<EntryId, i64> = BTreeMap::new();
        for line in &allocation.lines {
            prop_assert!(line.amount.is_positive());
            *per_payment.entry(line.payment).or_default() += line.amount.cents();
            *per_charge.entry(line.charge).or_default() += line.amount.cents();
        }
        for payment in &payment_lines {
            prop_assert!(per_payment.get(&payment.entry_id).copied().unwrap_or(0) <= payment.amount.cents());
        }
        for charge in &charge_lines {
            prop_assert!(per_charge.get(&charge.entry_id).copied().unwrap_or(0) <= charge.amount.cents());
        }
        let allocated: i64 = per_payment.values().sum();
        let open: i64 = allocation.open.iter().map(|c| c.remaining.cents()).sum();
        prop_assert_eq!(allocation.credit.cents() + allocated, paid);
        prop_assert_eq!(open + allocated, charged);
        prop_assert_eq!(allocated, paid.min(charged));
        prop_assert!(allocation.credit.is_zero() || allocation.open.is_empty());
        for open_charge in &allocation.open {
            let line = charge_lines.iter().find(|c| c.entry_id == open_charge.entry_id);
            let Some(line) = line else { return Err(TestCaseError::fail("open charge without a line")); };
            let allocated_to = per_charge.get(&line.entry_id).copied().unwrap_or(0);
            prop_assert_eq!(open_charge.remaining.cents(), line.amount.cents() - allocated_to);
        }
        // Oldest first: no line goes to a charge while an older one stays open.
        let position = |id: EntryId| charge_lines.iter().position(|c| c.entry_id == id);
        if let Some(oldest_open) = allocation.open.first().and_then(|c| position(c.entry_id)) {
            for line in &allocation.lines {
                prop_assert!(position(line.charge).is_some_and(|p| p <= oldest_open));
            }
        }
        // Payments are applied in date order: a later payment never pays an older
        // charge than an earlier payment did.
        let payment_order = |id: EntryId| payment_lines.iter().position(|p| p.entry_id == id);
        for pair in allocation.lines.windows(2) {
            prop_assert!(payment_order(pair[0].payment) <= payment_order(pair[1].payment));
            prop_assert!(position(pair[0].charge) <= position(pair[1].charge));
        }
    }

    #[test]
    fn every_scheduled_charge_is_split_among_co_tenants_to_the_cent(
        shares in shares_strategy(),
        rent in 1_i64..500_000,
        service in 0_i64..50_000,
        deposit in 0_i64..1_000_000,
        start in 0_u16..365,
        length in 0_u16..800,
        due_day in 1_u32..=31,
    ) {
        let terms = LeaseTerms {
            rent: eur(rent),
            charges: eur(service),
            deposit: eur(deposit),
            start_date: day(start),
            end_date: Some(day(start + length)),
            due_day: DueDay::new(due_day).map_err(|e| TestCaseError::fail(e.to_string()))?,
        };
        let lease = lease_with_shares(&shares, terms);
        let scheduled = charges_due_through(&lease.terms, day(start + length));
        let entries = charge_entries(&lease, &scheduled, base_instant());
        // The weights the lease splits by (equal shares as equal weights) and what
        // each co-tenant has been charged after each charge.
        let weights = lease.share_weights();
        let weight_sum: i128 = weights.iter().map(|w| i128::from(*w)).sum();
        let mut charged = vec![0_i64; lease.tenants.len()];
        let mut lease_total = 0_i64;
        for charge in &scheduled {
            let parts: Vec<_> = entries
                .iter()
                .filter(|e| e.period == Some(charge.period) && e.kind == EntryKind::Charge(charge.kind))
                .collect();
            let total: i64 = parts.iter().map(|e| e.amount.cents()).sum();
            prop_assert_eq!(total, charge.amount.cents());
            for part in &parts {
                prop_assert!(part.amount.is_positive());
                prop_assert_eq!(part.effective_on, charge.due_on);
                // Within two cents of the exact share of this charge (the difference
                // of two cumulative totals each within a cent of theirs).
                let index = lease.tenants.iter().position(|t| t.tenant_id == part.tenant_id);
                let Some(index) = index else { return Err(TestCaseError::fail("a stranger was charged")); };
                let exact = i128::from(charge.amount.cents()) * i128::from(weights[index]);
                let got = i128::from(part.amount.cents()) * weight_sum;
                prop_assert!((exact - got).abs() < 2 * weight_sum);
                charged[index] += part.amount.cents();
            }
            // And every co-tenant's total so far within a cent of their exact share
            // of the lease's total so far.
            lease_total += charge.amount.cents();
            for (cents, weight) in charged.iter().zip(&weights) {
                let exact = i128::from(lease_total) * i128::from(*weight);
                prop_assert!((exact - i128::from(*cents) * weight_sum).abs() < weight_sum);
            }
            // At most one entry per co-tenant.
            let tenants: HashSet<_> = parts.iter().map(|e| e.tenant_id).collect();
            prop_assert_eq!(tenants.len(), parts.len());
        }
        let keys: HashSet<_> = entries.iter().map(|e| e.idempotency_key.clone()).collect();
        prop_assert_eq!(keys.len(), entries.len());
    }
}
