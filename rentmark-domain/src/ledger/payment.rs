//! Payments as users see them: record, correct, delete. Each operation produces the
//! ledger entries that express it (a payment entry; a reversal plus a new entry; a
//! reversal), so the ledger stays append-only and the payment keeps its id.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use crate::ids::{DocumentId, EntryId, LeaseId, OrgId, PaymentId, TenantId};
use crate::lease::parse_date;
use crate::ledger::entry::{EntryKind, IdempotencyKey, LedgerEntry, PaymentMethod};
use crate::money::{Currency, Money};
use crate::validation::{ValidationErrors, codes};

/// Whether a payment still stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentStatus {
    /// Counts towards the balance.
    Active,
    /// Deleted (reversed); kept for the history.
    Deleted,
}

impl PaymentStatus {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Deleted => "deleted",
        }
    }
}

/// A payment in its current revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    /// Its id, stable across corrections.
    pub id: PaymentId,
    /// The organization.
    pub org_id: OrgId,
    /// The lease paid for.
    pub lease_id: LeaseId,
    /// The co-tenant who paid.
    pub tenant_id: TenantId,
    /// How much.
    pub amount: Money,
    /// When.
    pub paid_on: NaiveDate,
    /// How.
    pub method: PaymentMethod,
    /// A receipt image in the blob store.
    pub receipt_document_id: Option<DocumentId>,
    /// Active or deleted.
    pub status: PaymentStatus,
    /// The ledger entry of the current revision.
    pub entry_id: EntryId,
    /// 1 when recorded, +1 on every correction or deletion.
    pub revision: u32,
    /// When it was first recorded.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// The details of a payment, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentDetails {
    /// How much; above zero.
    pub amount: Money,
    /// When.
    pub paid_on: NaiveDate,
    /// How.
    pub method: PaymentMethod,
    /// A receipt image.
    pub receipt_document_id: Option<DocumentId>,
}

/// A payment as typed (API body or form).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PaymentInput {
    /// The lease paid for.
    #[serde(default)]
    pub lease_id: Option<String>,
    /// The co-tenant who paid.
    #[serde(default)]
    pub tenant_id: Option<String>,
    /// Decimal string.
    #[serde(default)]
    pub amount: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub paid_on: String,
    /// `transfer`, `card`, `cash` or `stripe`.
    #[serde(default)]
    pub method: String,
    /// A stored document id.
    #[serde(default)]
    pub receipt_document_id: Option<String>,
}

/// A parsed request to record a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordPayment {
    /// The lease paid for.
    pub lease_id: LeaseId,
    /// The co-tenant who paid.
    pub tenant_id: TenantId,
    /// The payment's details.
    pub details: PaymentDetails,
}

fn parse_id(errors: &mut ValidationErrors, field: &str, text: Option<&str>) -> Option<uuid::Uuid> {
    match text.map(str::trim) {
        None | Some("") => {
            errors.add(field, codes::REQUIRED);
            None
        }
        Some(text) => errors.check(field, uuid::Uuid::parse_str(text), |_| {
            codes::UNKNOWN_REFERENCE
        }),
    }
}

impl PaymentInput {
    /// Parses the payment details (amount, date, method, receipt); amounts in
    /// `currency`.
    ///
    /// # Errors
    /// Every invalid field.
    pub fn parse_details(
        &self,
        currency: Currency,
        errors: &mut ValidationErrors,
    ) -> Option<PaymentDetails> {
        let amount = errors.check(
            "amount",
            Money::parse(&self.amount, currency)
                .map_err(|_| codes::INVALID_AMOUNT)
                .and_then(|m| {
                    if m.is_positive() {
                        Ok(m)
                    } else {
                        Err(codes::MUST_BE_POSITIVE)
                    }
                }),
            |c| c,
        );
        let paid_on = errors.check("paid_on", parse_date(&self.paid_on), |c| c);
        let method = errors.check(
            "method",
            self.method.trim().parse::<PaymentMethod>(),
            |_| codes::INVALID_CHOICE,
        );
        let receipt = match self.receipt_document_id.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(text) => errors
                .check("receipt_document_id", uuid::Uuid::parse_str(text), |_| {
                    codes::UNKNOWN_REFERENCE
                })
                .map(|id| Some(DocumentId::from_uuid(id))),
        };
        Some(PaymentDetails {
            amount: amount?,
            paid_on: paid_on?,
            method: method?,
            receipt_document_id: receipt?,
        })
    }

    /// Parses a request to record a payment.
    ///
    /// # Errors
    /// Every invalid field.
    pub fn parse_record(&self, currency: Currency) -> Result<RecordPayment, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let lease_id = parse_id(&mut errors, "lease_id", self.lease_id.as_deref());
        let tenant_id = parse_id(&mut errors, "tenant_id", self.tenant_id.as_deref());
        let details = self.parse_details(currency, &mut errors);
        match (lease_id, tenant_id, details) {
            (Some(lease_id), Some(tenant_id), Some(details)) if errors.is_empty() => {
                Ok(RecordPayment {
                    lease_id: LeaseId::from_uuid(lease_id),
                    tenant_id: TenantId::from_uuid(tenant_id),
                    details,
                })
            }
            _ => Err(errors),
        }
    }

    /// Parses a correction: the details, and optionally the same lease and tenant.
    ///
    /// # Errors
    /// Every invalid field.
    pub fn parse_amend(&self, currency: Currency) -> Result<PaymentDetails, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let details = self.parse_details(currency, &mut errors);
        match details {
            Some(details) if errors.is_empty() => Ok(details),
            _ => Err(errors),
        }
    }
}

/// A correction or deletion of a payment that is not possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// The payment was deleted already.
    #[error("the payment was deleted")]
    AlreadyDeleted,
    /// The correction changes nothing.
    #[error("the correction changes nothing")]
    Unchanged,
}

fn payment_entry(payment: &Payment, key: IdempotencyKey, now: DateTime<Utc>) -> LedgerEntry {
    LedgerEntry {
        id: payment.entry_id,
        org_id: payment.org_id,
        lease_id: payment.lease_id,
        tenant_id: payment.tenant_id,
        kind: EntryKind::Payment(payment.method),
        amount: payment.amount,
        effective_on: payment.paid_on,
        period: None,
        reverses: None,
        payment_id: Some(payment.id),
        idempotency_key: key,
        recorded_at: now,
    }
}

impl Payment {
    /// Records a new payment: the payment and its ledger entry. `client_key`, when
    /// given, makes a retried request a no-op.
    pub fn record(
        org_id: OrgId,
        command: RecordPayment,
        client_key: Option<IdempotencyKey>,
        now: DateTime<Utc>,
    ) -> (Self, LedgerEntry) {
        let id = PaymentId::generate(now);
        let payment = Self {
            id,
            org_id,
            lease_id: command.lease_id,
            tenant_id: command.tenant_id,
            amount: command.details.amount,
            paid_on: command.details.paid_on,
            method: command.details.method,
            receipt_document_id: command.details.receipt_document_id,
            status: PaymentStatus::Active,
            entry_id: EntryId::generate(now),
            revision: 1,
            created_at: now,
            updated_at: now,
        };
        let key = client_key.unwrap_or_else(|| IdempotencyKey::for_payment(id, 1));
        let entry = payment_entry(&payment, key, now);
        (payment, entry)
    }

    /// The ledger entry of the current revision, as it was recorded.
    pub fn current_entry(&self, key: IdempotencyKey, recorded_at: DateTime<Utc>) -> LedgerEntry {
        payment_entry(self, key, recorded_at)
    }

    /// Corrects the payment: reverses the current entry and records a new one. Only
    /// a change to the receipt needs no ledger entries.
    ///
    /// # Errors
    /// [`PaymentError::AlreadyDeleted`] when deleted; [`PaymentError::Unchanged`] when
    /// nothing changes.
    pub fn amend(
        &self,
        current: &LedgerEntry,
        details: PaymentDetails,
        now: DateTime<Utc>,
    ) -> Result<(Self, Vec<LedgerEntry>), PaymentError> {
        if self.status == PaymentStatus::Deleted {
            return Err(PaymentError::AlreadyDeleted);
        }
        let money_changed = details.amount != self.amount
            || details.paid_on != self.paid_on
            || details.method != self.method;
        if !money_changed && details.receipt_document_id == self.receipt_document_id {
            return Err(PaymentError::Unchanged);
        }
        let mut next = self.clone();
        next.receipt_document_id = details.receipt_document_id;
        next.updated_at = now;
        next.revision += 1;
        if !money_changed {
            return Ok((next, Vec::new()));
        }
        next.amount = details.amount;
        next.paid_on = details.paid_on;
        next.method = details.method;
        next.entry_id = EntryId::generate(now);
        let reversal = current
            .reversal(now)
            .map_err(|_| PaymentError::AlreadyDeleted)?;
        let entry = payment_entry(
            &next,
            IdempotencyKey::for_payment(next.id, next.revision),
            now,
        );
        Ok((next, vec![reversal, entry]))
    }

    /// Deletes the payment: one reversal of the current entry.
    ///
    /// # Errors
    /// [`PaymentError::AlreadyDeleted`] when deleted already.
    pub fn delete(
        &self,
        current: &LedgerEntry,
        now: DateTime<Utc>,
    ) -> Result<(Self, LedgerEntry), PaymentError> {
        if self.status == PaymentStatus::Deleted {
            return Err(PaymentError::AlreadyDeleted);
        }
        let reversal = current
            .reversal(now)
            .map_err(|_| PaymentError::AlreadyDeleted)?;
        let mut next = self.clone();
        next.status = PaymentStatus::Deleted;
        next.revision += 1;
        next.updated_at = now;
        Ok((next, reversal))
    }
}
