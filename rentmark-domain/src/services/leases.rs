//! Leases: creating one posts the charges already due at once; ending one early
//! cancels what was charged for days after the end; the charge job posts what falls
//! due.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use futures_util::future::try_join_all;
use serde::Deserialize;

use crate::calendar::{DueDay, Period, local_date};
use crate::ids::LeaseId;
use crate::lease::{Lease, LeaseInput, parse_date};
use crate::ledger::{
    ChargeKind, EntryKind, LedgerEntry, charge_entries, charge_entries_after, charged_so_far,
    end_of_lease_adjustments,
};
use crate::org::{Action, Actor, Organization};
use crate::ports::{DueLease, LeaseCharges, LeaseFilter, Page, PageRequest, Store};
use crate::property::{non_negative_amount, positive_amount};
use crate::schedule::{charges_due_through, next_due_date};
use crate::services::{RepoResultExt, ServiceError, Services, today};
use crate::validation::{ValidationErrors, codes};

/// What one run of the charge job did for one organization.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChargeRun {
    /// Leases that had something due.
    pub leases: u64,
    /// Entries posted (0 on a second run the same day).
    pub entries_posted: u64,
}

/// A change of terms (`PUT /leases/{id}`): applies to charges not yet posted. Fields
/// left out keep their value.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LeaseUpdateInput {
    /// New monthly rent.
    #[serde(default)]
    pub rent: Option<String>,
    /// New monthly service charges.
    #[serde(default)]
    pub charges: Option<String>,
    /// New due day.
    #[serde(default)]
    pub due_day: Option<i64>,
    /// New end date (`YYYY-MM-DD`); an empty string removes it.
    #[serde(default)]
    pub end_date: Option<String>,
}

impl<S: Store> Services<S> {
    /// Creates a lease; the charges already due (a start date in the past) are posted
    /// with it, so balances are right at once.
    ///
    /// # Errors
    /// `Forbidden`; `Invalid`; `NotFound("unit.not_found" | "tenant.not_found")`;
    /// `Conflict("lease.overlap")` when the unit is let on any of the same days.
    pub async fn create_lease(
        &self,
        actor: &Actor,
        input: &LeaseInput,
        now: DateTime<Utc>,
    ) -> Result<Lease, ServiceError> {
        actor.require(Action::ManageLeases)?;
        let new = input.parse(actor.org.currency)?;
        let unit = self
            .store
            .unit(actor.org_id(), new.unit_id)
            .await
            .or_not_found("unit.not_found")?;
        for co_tenant in &new.tenants {
            self.store
                .tenant(actor.org_id(), co_tenant.tenant_id)
                .await
                .or_not_found("tenant.not_found")?;
        }
        let today = today(actor, now);
        let mut lease = Lease {
            id: LeaseId::generate(now),
            org_id: actor.org_id(),
            unit_id: unit.id,
            property_id: unit.property_id,
            tenants: new.tenants,
            terms: new.terms,
            ended_at: None,
            next_charge_on: None,
            created_at: now,
            updated_at: now,
        };
        let due = charges_due_through(&lease.terms, today);
        let entries = charge_entries(&lease, &due, now);
        lease.next_charge_on = next_due_date(&lease.terms, today);
        self.store
            .create_lease(&lease, &entries, lease.next_charge_on)
            .await
            .or_not_found("unit.not_found")?;
        Ok(lease)
    }

    /// One lease.
    ///
    /// # Errors
    /// `NotFound("lease.not_found")`.
    pub async fn lease(&self, actor: &Actor, id: LeaseId) -> Result<Lease, ServiceError> {
        actor.require(Action::Read)?;
        self.store
            .lease(actor.org_id(), id)
            .await
            .or_not_found("lease.not_found")
    }

    /// Leases, newest start first.
    ///
    /// # Errors
    /// `Unavailable`.
    pub async fn leases(
        &self,
        actor: &Actor,
        filter: LeaseFilter,
        page: PageRequest,
    ) -> Result<Page<Lease>, ServiceError> {
        actor.require(Action::Read)?;
        self.store
            .leases(actor.org_id(), filter, page)
            .await
            .or_not_found("lease.not_found")
    }

    /// Changes a lease's terms for the months not yet charged; an earlier end date
    /// also cancels what was charged after it.
    ///
    /// # Errors
    /// `Forbidden`; `Invalid`; `NotFound("lease.not_found")`; `Conflict("lease.overlap")`.
    pub async fn update_lease(
        &self,
        actor: &Actor,
        id: LeaseId,
        input: &LeaseUpdateInput,
        now: DateTime<Utc>,
    ) -> Result<Lease, ServiceError> {
        actor.require(Action::ManageLeases)?;
        let mut lease = self
            .store
            .lease(actor.org_id(), id)
            .await
            .or_not_found("lease.not_found")?;
        let currency = lease.currency();
        let mut errors = ValidationErrors::new();
        if let Some(rent) = &input.rent
            && let Some(rent) = errors.check("rent", positive_amount(rent, currency), |c| c)
        {
            lease.terms.rent = rent;
        }
        if let Some(charges) = &input.charges
            && let Some(charges) = errors.check(
                "charges",
                non_negative_amount(Some(charges), currency),
                |c| c,
            )
        {
            lease.terms.charges = charges;
        }
        if let Some(day) = input.due_day
            && let Some(day) = errors.check(
                "due_day",
                DueDay::new(u32::try_from(day).unwrap_or(0)),
                |_| codes::OUT_OF_RANGE,
            )
        {
            lease.terms.due_day = day;
        }
        if let Some(end) = &input.end_date {
            if end.trim().is_empty() {
                lease.terms.end_date = None;
            } else if let Some(end) = errors.check("end_date", parse_date(end), |c| c) {
                if end < lease.terms.start_date {
                    errors.add("end_date", codes::END_BEFORE_START);
                }
                lease.terms.end_date = Some(end);
            }
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        self.save_terms(actor, lease, None, now).await
    }

    /// Ends a lease on `end_date` (move-out): charges for days after it are
    /// cancelled, and the co-tenants' history rows get their move-out date.
    ///
    /// # Errors
    /// `Forbidden`; `Invalid` for a bad date or one before the start;
    /// `NotFound("lease.not_found")`; `Conflict("lease.already_ended")`.
    pub async fn end_lease(
        &self,
        actor: &Actor,
        id: LeaseId,
        end_date: &str,
        now: DateTime<Utc>,
    ) -> Result<Lease, ServiceError> {
        actor.require(Action::ManageLeases)?;
        let end =
            parse_date(end_date).map_err(|code| ValidationErrors::single("end_date", code))?;
        let mut lease = self
            .store
            .lease(actor.org_id(), id)
            .await
            .or_not_found("lease.not_found")?;
        if lease.ended_at.is_some() {
            return Err(ServiceError::Conflict("lease.already_ended"));
        }
        if end < lease.terms.start_date {
            return Err(ValidationErrors::single("end_date", codes::END_BEFORE_START).into());
        }
        if lease.terms.end_date.is_some_and(|current| end > current) {
            return Err(ValidationErrors::single("end_date", codes::OUT_OF_RANGE).into());
        }
        lease.terms.end_date = Some(end);
        lease.ended_at = Some(now);
        self.save_terms(actor, lease, Some(end), now).await
    }

    async fn save_terms(
        &self,
        actor: &Actor,
        mut lease: Lease,
        moved_out: Option<NaiveDate>,
        now: DateTime<Utc>,
    ) -> Result<Lease, ServiceError> {
        let today = today(actor, now);
        let posted = self
            .store
            .lease_entries(actor.org_id(), lease.id)
            .await
            .or_not_found("lease.not_found")?;
        let mut entries = end_of_lease_adjustments(&lease, &posted, now);
        // Whatever the new terms make due by today and is not posted yet is posted with
        // the change, split from what each co-tenant stands charged after the
        // adjustments. Whole months from the horizon's month on: a change of due day or
        // end date can move a charge not yet posted before the old horizon (due day 20
        // -> 5 on the 10th, or an end date before the due day), and it must still be
        // charged; what those months already posted is left out here, by (month, kind),
        // as the store would skip it by its idempotency key.
        let already: HashSet<(Period, ChargeKind)> = posted
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
        let all: Vec<LedgerEntry> = posted.iter().chain(&entries).cloned().collect();
        let charged = charged_so_far(&lease, &all);
        entries.extend(charge_entries_after(&lease, &charged, &due, now));
        lease.next_charge_on = next_due_date(&lease.terms, today);
        lease.updated_at = now;
        self.store
            .update_lease(&lease, &entries, lease.next_charge_on, moved_out)
            .await
            .or_not_found("lease.not_found")?;
        Ok(lease)
    }

    /// The charges of a lease the charge job found due: those due from its posting
    /// horizon (`next_charge_on`, the first due date after the last posting) through
    /// `today`, split from what each co-tenant has been charged so far, and the next
    /// due date after them.
    fn unposted_charges(due: &DueLease, today: NaiveDate, now: DateTime<Utc>) -> LeaseCharges {
        let lease = &due.lease;
        // Everything due before the horizon was posted when the horizon was set (it is
        // the first due date after that day), so nothing here is skipped by the store:
        // the split of each charge follows from what was really charged before it.
        let horizon = lease.next_charge_on.unwrap_or(lease.terms.start_date);
        let charges: Vec<_> = charges_due_through(&lease.terms, today)
            .into_iter()
            .filter(|c| c.due_on >= horizon)
            .collect();
        LeaseCharges {
            lease_id: lease.id,
            entries: charge_entries_after(lease, &due.charged, &charges, now),
            next_charge_on: next_due_date(&lease.terms, today),
        }
    }

    /// Posts every charge that has fallen due in `org` by `now` (in its time zone).
    /// Idempotent: a second run posts nothing.
    ///
    /// # Errors
    /// `Unavailable` when the store fails.
    pub async fn post_due_charges(
        &self,
        org: &Organization,
        now: DateTime<Utc>,
    ) -> Result<ChargeRun, ServiceError> {
        let today = local_date(now, org.timezone);
        let batching = self.store.charge_batching().await;
        let per_transaction = batching.leases_per_transaction.max(1);
        let at_once = batching.concurrent_transactions.max(1);
        let mut run = ChargeRun::default();
        let mut after = None;
        loop {
            let due = self
                .store
                .leases_due(
                    org.id,
                    today,
                    after,
                    per_transaction.saturating_mul(at_once),
                )
                .await
                .or_not_found("lease.not_found")?;
            let Some(last) = due.last() else {
                return Ok(run);
            };
            after = Some(last.lease.id);
            run.leases += due.len() as u64;
            // Each batch in its own transaction, as many at once as the store asks
            // for: on PostgreSQL one writes while another waits on the database.
            let posted = try_join_all(
                due.chunks(per_transaction as usize)
                    .map(|batch| self.post_lease_charges(org, batch, today, now)),
            )
            .await?;
            run.entries_posted += posted.iter().sum::<u64>();
        }
    }

    async fn post_lease_charges(
        &self,
        org: &Organization,
        leases: &[DueLease],
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<u64, ServiceError> {
        if leases.is_empty() {
            return Ok(0);
        }
        let batch: Vec<LeaseCharges> = leases
            .iter()
            .map(|due| Self::unposted_charges(due, today, now))
            .collect();
        self.store
            .post_charges(org.id, &batch)
            .await
            .or_not_found("lease.not_found")
    }
}
