//! Payments: record, correct, delete. Corrections and deletions are reversals (plus a
//! new entry for a correction); the payment keeps its id.

use chrono::{DateTime, Utc};

use crate::ids::{LeaseId, PaymentId, TenantId};
use crate::ledger::{IdempotencyKey, Payment, PaymentDetails, PaymentError, PaymentInput};
use crate::org::{Action, Actor};
use crate::ports::{Page, PageRequest, PaymentFilter, RepoError, Store};
use crate::services::{RepoResultExt, ServiceError, Services};
use crate::validation::ValidationErrors;

/// A tenant who is not on the lease the payment is for.
pub const TENANT_NOT_ON_LEASE: &str = "payment.tenant_not_on_lease";

impl<S: Store> Services<S> {
    /// Records a payment: allocated to the oldest open charge, balances updated, in
    /// one transaction. A retried request with the same `client_key` returns the
    /// payment recorded the first time.
    ///
    /// # Errors
    /// `Forbidden`; `Invalid` (including a tenant not on the lease);
    /// `NotFound("lease.not_found" | "document.not_found")`.
    pub async fn record_payment(
        &self,
        actor: &Actor,
        input: &PaymentInput,
        client_key: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Payment, ServiceError> {
        actor.require(Action::RecordPayments)?;
        let command = input.parse_record(actor.org.currency)?;
        let client_key = client_key
            .map(IdempotencyKey::from_client)
            .transpose()
            .map_err(|code| ValidationErrors::single("idempotency_key", code))?;
        self.check_receipt(actor, &command.details).await?;
        let (lease_id, tenant_id) = (command.lease_id, command.tenant_id);
        let (payment, entry) = Payment::record(actor.org_id(), command, client_key, now);
        // The store refuses (`NotFound`) a lease/tenant pair without an account, so the
        // lease is read only to say which one was wrong.
        match self.store.record_payment(&payment, &entry).await {
            Err(RepoError::NotFound) => Err(self.why_no_account(actor, lease_id, tenant_id).await),
            result => result.or_not_found("lease.not_found"),
        }
    }

    /// Why a payment found no account to post to: the lease is missing (or of
    /// another organization), the tenant is not on it, or (when both are fine) the
    /// receipt went away meanwhile.
    async fn why_no_account(
        &self,
        actor: &Actor,
        lease_id: LeaseId,
        tenant_id: TenantId,
    ) -> ServiceError {
        match self.store.lease(actor.org_id(), lease_id).await {
            Ok(lease) if !lease.has_tenant(tenant_id) => {
                ValidationErrors::single("tenant_id", TENANT_NOT_ON_LEASE).into()
            }
            Ok(_) => ServiceError::NotFound("document.not_found"),
            Err(error) => ServiceError::from_repo(error, "lease.not_found"),
        }
    }

    async fn check_receipt(
        &self,
        actor: &Actor,
        details: &PaymentDetails,
    ) -> Result<(), ServiceError> {
        if let Some(document) = details.receipt_document_id {
            self.store
                .document(actor.org_id(), document)
                .await
                .or_not_found("document.not_found")?;
        }
        Ok(())
    }

    /// One payment (deleted ones too).
    ///
    /// # Errors
    /// `NotFound("payment.not_found")`.
    pub async fn payment(&self, actor: &Actor, id: PaymentId) -> Result<Payment, ServiceError> {
        actor.require(Action::Read)?;
        self.store
            .payment(actor.org_id(), id)
            .await
            .or_not_found("payment.not_found")
    }

    /// Payments, newest first.
    ///
    /// # Errors
    /// `Unavailable`.
    pub async fn payments(
        &self,
        actor: &Actor,
        filter: PaymentFilter,
        page: PageRequest,
    ) -> Result<Page<Payment>, ServiceError> {
        actor.require(Action::Read)?;
        self.store
            .payments(actor.org_id(), filter, page)
            .await
            .or_not_found("payment.not_found")
    }

    /// Corrects a payment (amount, date, method, receipt): a reversal of the current
    /// entry and a new one. A correction that changes nothing returns the payment as
    /// it is.
    ///
    /// # Errors
    /// `Forbidden`; `Invalid`; `NotFound("payment.not_found" | "document.not_found")`;
    /// `Conflict("payment.deleted" | "payment.changed_concurrently")`.
    pub async fn amend_payment(
        &self,
        actor: &Actor,
        id: PaymentId,
        input: &PaymentInput,
        now: DateTime<Utc>,
    ) -> Result<Payment, ServiceError> {
        actor.require(Action::RecordPayments)?;
        let payment = self
            .store
            .payment(actor.org_id(), id)
            .await
            .or_not_found("payment.not_found")?;
        let details = input.parse_amend(actor.org.currency)?;
        let mut errors = ValidationErrors::new();
        if input
            .lease_id
            .as_deref()
            .is_some_and(|l| l.trim() != payment.lease_id.to_string())
        {
            errors.add("lease_id", crate::validation::codes::OUT_OF_RANGE);
        }
        if input
            .tenant_id
            .as_deref()
            .is_some_and(|t| t.trim() != payment.tenant_id.to_string())
        {
            errors.add("tenant_id", crate::validation::codes::OUT_OF_RANGE);
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        self.check_receipt(actor, &details).await?;
        let current = self
            .store
            .entry(actor.org_id(), payment.entry_id)
            .await
            .or_not_found("payment.not_found")?;
        match payment.amend(&current, details, now) {
            Ok((next, entries)) => {
                self.store
                    .amend_payment(&next, payment.revision, &entries)
                    .await
                    .or_not_found("payment.not_found")?;
                Ok(next)
            }
            Err(PaymentError::Unchanged) => Ok(payment),
            Err(PaymentError::AlreadyDeleted) => Err(ServiceError::Conflict("payment.deleted")),
        }
    }

    /// Deletes a payment: one reversal; the payment stays visible as deleted.
    ///
    /// # Errors
    /// `Forbidden`; `NotFound("payment.not_found")`;
    /// `Conflict("payment.deleted" | "payment.changed_concurrently")`.
    pub async fn delete_payment(
        &self,
        actor: &Actor,
        id: PaymentId,
        now: DateTime<Utc>,
    ) -> Result<Payment, ServiceError> {
        actor.require(Action::RecordPayments)?;
        let payment = self
            .store
            .payment(actor.org_id(), id)
            .await
            .or_not_found("payment.not_found")?;
        let current = self
            .store
            .entry(actor.org_id(), payment.entry_id)
            .await
            .or_not_found("payment.not_found")?;
        let (next, reversal) = payment
            .delete(&current, now)
            .map_err(|_| ServiceError::Conflict("payment.deleted"))?;
        self.store
            .amend_payment(&next, payment.revision, std::slice::from_ref(&reversal))
            .await
            .or_not_found("payment.not_found")?;
        Ok(next)
    }
}
