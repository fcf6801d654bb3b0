//! "Who owes what": the tenant balance with aging, the lease ledger with a running
//! balance, and the organization dashboard. Totals come from the balances the store
//! materializes on write, so their cost does not grow with the history.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::calendar::Period;
use crate::ids::{LeaseId, PropertyId, TenantId};
use crate::ledger::{Aging, LedgerEntry, Payment};
use crate::money::Money;
use crate::org::{Action, Actor};
use crate::ports::{AccountRow, MonthTotals, OrgFigures, OrgTotals, Page, PageRequest, Store};
use crate::services::{RepoResultExt, ServiceError, Services, today};
use crate::tenant::Tenant;

/// How many of a tenant's latest payments their balance lists.
pub const RECENT_PAYMENTS: u32 = 12;

/// A tenant's balance across their leases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantBalance {
    /// The tenant.
    pub tenant: Tenant,
    /// Charges net of reversals.
    pub charged: Money,
    /// Payments net of reversals.
    pub paid: Money,
    /// Charged minus paid.
    pub outstanding: Money,
    /// Open charges by days overdue.
    pub aging: Aging,
    /// One row per lease.
    pub accounts: Vec<AccountRow>,
    /// The last 12 payments (`RECENT_PAYMENTS`), newest first.
    pub recent_payments: Vec<Payment>,
    /// The day the aging was computed for.
    pub as_of: NaiveDate,
}

/// One ledger entry and the balance after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerLine {
    /// The entry.
    pub entry: LedgerEntry,
    /// What the lease's co-tenants owe after it.
    pub balance: Money,
}

/// The organization's dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    /// The organization's figures.
    pub totals: OrgTotals,
    /// All charges minus all payments.
    pub outstanding: Money,
    /// Payments made this month.
    pub collected_this_month: Money,
    /// Charges falling due this month.
    pub due_this_month: Money,
    /// Occupied units / units, 0-1 with four decimals.
    pub occupancy_rate: Decimal,
    /// Billing rows, largest outstanding first.
    pub rows: Page<AccountRow>,
    /// Due and collected for the last 12 months, oldest first.
    pub months: Vec<MonthTotals>,
    /// The organization's today.
    pub today: NaiveDate,
}

impl<S: Store> Services<S> {
    /// A tenant's balance, aging and last payments. Reads the materialized accounts
    /// (with what remains due on each) and the last payments, never the history: its
    /// cost does not grow with the length of the ledger.
    ///
    /// # Errors
    /// `NotFound("tenant.not_found")`.
    pub async fn tenant_balance(
        &self,
        actor: &Actor,
        id: TenantId,
        now: DateTime<Utc>,
    ) -> Result<TenantBalance, ServiceError> {
        actor.require(Action::Read)?;
        let currency = actor.org.currency;
        let ledger = self
            .store
            .tenant_ledger(actor.org_id(), id, RECENT_PAYMENTS)
            .await
            .or_not_found("tenant.not_found")?;
        let as_of = today(actor, now);
        let aging = ledger
            .accounts
            .iter()
            .fold(Aging::zero(currency), |acc, account| {
                acc.plus(Aging::of_dues(&account.open, as_of, currency))
            });
        let charged = Money::from_cents(
            ledger.accounts.iter().map(|a| a.charged.cents()).sum(),
            currency,
        );
        let paid = Money::from_cents(
            ledger.accounts.iter().map(|a| a.paid.cents()).sum(),
            currency,
        );
        Ok(TenantBalance {
            tenant: ledger.tenant,
            charged,
            paid,
            outstanding: Money::from_cents(charged.cents() - paid.cents(), currency),
            aging,
            accounts: ledger.accounts,
            recent_payments: ledger.recent_payments,
            as_of,
        })
    }

    /// Every entry on a tenant's accounts, oldest first (the tenant page).
    ///
    /// # Errors
    /// `NotFound("tenant.not_found")`.
    pub async fn tenant_entries(
        &self,
        actor: &Actor,
        id: TenantId,
    ) -> Result<Vec<LedgerEntry>, ServiceError> {
        actor.require(Action::Read)?;
        self.store
            .tenant_entries(actor.org_id(), id)
            .await
            .or_not_found("tenant.not_found")
    }

    /// A lease's entries with the running balance after each.
    ///
    /// # Errors
    /// `NotFound("lease.not_found")`.
    pub async fn lease_ledger(
        &self,
        actor: &Actor,
        id: LeaseId,
    ) -> Result<Vec<LedgerLine>, ServiceError> {
        actor.require(Action::Read)?;
        let entries = self
            .store
            .lease_entries(actor.org_id(), id)
            .await
            .or_not_found("lease.not_found")?;
        let currency = actor.org.currency;
        let mut running = 0_i64;
        Ok(entries
            .into_iter()
            .map(|entry| {
                running += entry.balance_delta();
                LedgerLine {
                    entry,
                    balance: Money::from_cents(running, currency),
                }
            })
            .collect())
    }

    /// The dashboard: organization totals, this month's figures, occupancy, billing
    /// rows (of one property when given) and the last 12 months.
    ///
    /// # Errors
    /// `NotFound("property.not_found")` for a property of another organization.
    pub async fn dashboard(
        &self,
        actor: &Actor,
        property: Option<PropertyId>,
        page: PageRequest,
        now: DateTime<Utc>,
    ) -> Result<Dashboard, ServiceError> {
        actor.require(Action::Read)?;
        let org = actor.org_id();
        let currency = actor.org.currency;
        let today = today(actor, now);
        let rows = self
            .store
            .account_rows(org, property, page)
            .await
            .or_not_found("property.not_found")?;
        let this_month = Period::of(today);
        let first = (0..11).fold(this_month, |p, _| p.previous());
        let OrgFigures { totals, months } = self
            .store
            .org_figures(org, today, first, this_month)
            .await
            .or_not_found("org.not_found")?;
        let current = months.iter().find(|m| m.period == this_month);
        let occupancy_rate = if totals.units == 0 {
            Decimal::ZERO
        } else {
            (Decimal::from(totals.occupied_units) / Decimal::from(totals.units)).round_dp(4)
        };
        Ok(Dashboard {
            outstanding: Money::from_cents(totals.charged.cents() - totals.paid.cents(), currency),
            collected_this_month: current.map_or(Money::zero(currency), |m| m.collected),
            due_this_month: current.map_or(Money::zero(currency), |m| m.due),
            occupancy_rate,
            totals,
            rows,
            months,
            today,
        })
    }
}
