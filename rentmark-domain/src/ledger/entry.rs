//! Ledger entries: append-only charges, payments and their reversals, each with an
//! idempotency key. An entry is never edited; a correction is a reversal (and, for an
//! edit, a new entry), so the history stays true.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::Period;
use crate::ids::{EntryId, LeaseId, OrgId, PaymentId, TenantId};
use crate::money::Money;

/// What a charge is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChargeKind {
    /// The security deposit.
    Deposit,
    /// Monthly rent.
    Rent,
    /// Monthly service charges.
    ServiceCharges,
    /// A one-off fee.
    Fee,
}

/// How a payment was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Bank transfer.
    Transfer,
    /// Card.
    Card,
    /// Cash.
    Cash,
    /// Stripe.
    Stripe,
}

/// What an entry does to the account's balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// Adds to what is owed.
    Charge(ChargeKind),
    /// Reduces what is owed.
    Payment(PaymentMethod),
    /// Cancels a charge.
    ChargeReversal,
    /// Cancels a payment.
    PaymentReversal,
}

/// An unknown stored name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown ledger name {0:?}")]
pub struct UnknownName(pub String);

macro_rules! names {
    ($ty:ty { $($variant:ident => $name:literal),* $(,)? }) => {
        impl $ty {
            /// The stored and serialized name.
            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name),* }
            }
        }
        impl FromStr for $ty {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s { $($name => Ok(Self::$variant),)* other => Err(UnknownName(other.to_owned())) }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

names!(ChargeKind { Deposit => "deposit", Rent => "rent", ServiceCharges => "service_charges", Fee => "fee" });
names!(PaymentMethod { Transfer => "transfer", Card => "card", Cash => "cash", Stripe => "stripe" });

impl EntryKind {
    /// The stored name of the entry's category (`charge`, `payment`,
    /// `charge_reversal`, `payment_reversal`).
    pub const fn category(self) -> &'static str {
        match self {
            Self::Charge(_) => "charge",
            Self::Payment(_) => "payment",
            Self::ChargeReversal => "charge_reversal",
            Self::PaymentReversal => "payment_reversal",
        }
    }

    /// Rebuilds a kind from its stored category and detail (charge kind or method).
    ///
    /// # Errors
    /// [`UnknownName`] for names that are not ours.
    pub fn from_parts(category: &str, detail: Option<&str>) -> Result<Self, UnknownName> {
        let detail_or = |what: &str| {
            detail
                .map(str::to_owned)
                .ok_or_else(|| UnknownName(what.to_owned()))
        };
        match category {
            "charge" => Ok(Self::Charge(detail_or("charge without kind")?.parse()?)),
            "payment" => Ok(Self::Payment(detail_or("payment without method")?.parse()?)),
            "charge_reversal" => Ok(Self::ChargeReversal),
            "payment_reversal" => Ok(Self::PaymentReversal),
            other => Err(UnknownName(other.to_owned())),
        }
    }

    /// The stored detail: the charge kind or the payment method.
    pub const fn detail(self) -> Option<&'static str> {
        match self {
            Self::Charge(kind) => Some(kind.as_str()),
            Self::Payment(method) => Some(method.as_str()),
            Self::ChargeReversal | Self::PaymentReversal => None,
        }
    }
}

/// A key that makes posting an entry idempotent: posting a second entry with the same
/// key in the same organization is a no-op (charges: lease, period, kind, tenant).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// The key of a scheduled charge: one per lease, month, kind and co-tenant.
    pub fn for_charge(lease: LeaseId, period: Period, kind: ChargeKind, tenant: TenantId) -> Self {
        Self(format!("charge:{lease}:{period}:{kind}:{tenant}"))
    }

    /// The key of a charge adjustment made when a lease ends early.
    pub fn for_adjustment(
        lease: LeaseId,
        period: Period,
        kind: ChargeKind,
        tenant: TenantId,
        end: NaiveDate,
    ) -> Self {
        Self(format!("adjust:{lease}:{period}:{kind}:{tenant}:{end}"))
    }

    /// The key of the reversal of `entry`: an entry is reversed at most once.
    pub fn for_reversal(entry: EntryId) -> Self {
        Self(format!("reversal:{entry}"))
    }

    /// The key of revision `revision` of a payment.
    pub fn for_payment(payment: PaymentId, revision: u32) -> Self {
        Self(format!("payment:{payment}:{revision}"))
    }

    /// A key chosen by the client (an `Idempotency-Key` header), namespaced.
    ///
    /// # Errors
    /// `validation.out_of_range` when empty or longer than 200 characters.
    pub fn from_client(key: &str) -> Result<Self, &'static str> {
        let key = key.trim();
        if key.is_empty() || key.len() > 200 {
            Err(crate::validation::codes::OUT_OF_RANGE)
        } else {
            Ok(Self(format!("client:{key}")))
        }
    }

    /// Rebuilds a stored key.
    pub fn from_stored(key: String) -> Self {
        Self(key)
    }

    /// The key text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One append-only ledger entry on the account of one co-tenant of one lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntry {
    /// Its id.
    pub id: EntryId,
    /// The organization.
    pub org_id: OrgId,
    /// The lease.
    pub lease_id: LeaseId,
    /// The co-tenant whose account it is on.
    pub tenant_id: TenantId,
    /// What it does.
    pub kind: EntryKind,
    /// How much; always positive (the kind gives the direction).
    pub amount: Money,
    /// Due date for a charge, payment date for a payment, and the reversed entry's
    /// date for a reversal (so that monthly figures stay true after corrections).
    pub effective_on: NaiveDate,
    /// The month a charge is for.
    pub period: Option<Period>,
    /// The entry a reversal cancels.
    pub reverses: Option<EntryId>,
    /// The payment a payment entry (or its reversal) belongs to.
    pub payment_id: Option<PaymentId>,
    /// Makes posting idempotent.
    pub idempotency_key: IdempotencyKey,
    /// When it was written.
    pub recorded_at: DateTime<Utc>,
}

impl LedgerEntry {
    /// The signed effect on the account's charges total, in cents.
    pub fn charge_delta(&self) -> i64 {
        match self.kind {
            EntryKind::Charge(_) => self.amount.cents(),
            EntryKind::ChargeReversal => -self.amount.cents(),
            EntryKind::Payment(_) | EntryKind::PaymentReversal => 0,
        }
    }

    /// The signed effect on the account's payments total, in cents.
    pub fn payment_delta(&self) -> i64 {
        match self.kind {
            EntryKind::Payment(_) => self.amount.cents(),
            EntryKind::PaymentReversal => -self.amount.cents(),
            EntryKind::Charge(_) | EntryKind::ChargeReversal => 0,
        }
    }

    /// The signed effect on what the tenant owes, in cents.
    pub fn balance_delta(&self) -> i64 {
        self.charge_delta() - self.payment_delta()
    }

    /// The entry that cancels this one, dated like it, recorded at `now`.
    ///
    /// # Errors
    /// [`NotReversible`] for a reversal (a reversal is never reversed: record a new
    /// entry instead).
    pub fn reversal(&self, now: DateTime<Utc>) -> Result<Self, NotReversible> {
        let kind = match self.kind {
            EntryKind::Charge(_) => EntryKind::ChargeReversal,
            EntryKind::Payment(_) => EntryKind::PaymentReversal,
            EntryKind::ChargeReversal | EntryKind::PaymentReversal => return Err(NotReversible),
        };
        Ok(Self {
            id: EntryId::generate(now),
            org_id: self.org_id,
            lease_id: self.lease_id,
            tenant_id: self.tenant_id,
            kind,
            amount: self.amount,
            effective_on: self.effective_on,
            period: self.period,
            reverses: Some(self.id),
            payment_id: self.payment_id,
            idempotency_key: IdempotencyKey::for_reversal(self.id),
            recorded_at: now,
        })
    }
}

/// A reversal cannot itself be reversed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a reversal cannot be reversed")]
pub struct NotReversible;
