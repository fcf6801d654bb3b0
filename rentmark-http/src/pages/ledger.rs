//! How ledger entries and payments read on a page: the kind of entry in words, the
//! amount in the "charged" or "paid" column (reversals as negative amounts in the
//! column of what they cancel), the running balance when there is one.

use rentmark_domain::ledger::{
    ChargeKind, EntryKind, LedgerEntry, Payment, PaymentMethod, PaymentStatus,
};
use rentmark_domain::money::Money;

use crate::i18n::Translator;
use crate::pages::{Link, format};

/// One ledger entry on a page.
#[derive(Debug, Clone)]
pub struct EntryRow {
    /// The effective date.
    pub date: String,
    /// What it is (`Loyer`, `Paiement (virement)`).
    pub label: String,
    /// The month a charge is for.
    pub period: String,
    /// In the "charged" column.
    pub charged: String,
    /// In the "paid" column.
    pub paid: String,
    /// The balance after it (lease ledger only).
    pub balance: String,
    /// A reversal (shown struck through).
    pub reversal: bool,
}

/// The words of a payment method.
pub fn method_label(tr: &Translator, method: PaymentMethod) -> String {
    tr.t(&format!("method-{}", method.as_str()))
}

/// The words of an entry kind.
pub fn kind_label(tr: &Translator, kind: EntryKind) -> String {
    match kind {
        EntryKind::Charge(ChargeKind::Rent) => tr.t("entry-rent"),
        EntryKind::Charge(ChargeKind::ServiceCharges) => tr.t("entry-service-charges"),
        EntryKind::Charge(ChargeKind::Deposit) => tr.t("entry-deposit"),
        EntryKind::Charge(ChargeKind::Fee) => tr.t("entry-fee"),
        EntryKind::Payment(method) => {
            format!("{} ({})", tr.t("entry-payment"), method_label(tr, method))
        }
        EntryKind::ChargeReversal => tr.t("entry-charge-reversal"),
        EntryKind::PaymentReversal => tr.t("entry-payment-reversal"),
    }
}

/// An entry as a row; `balance` is the running balance after it, when known.
pub fn entry_row(tr: &Translator, entry: &LedgerEntry, balance: Option<&Money>) -> EntryRow {
    let lang = tr.lang();
    let currency = entry.amount.currency();
    let column = |cents: i64| {
        if cents == 0 {
            String::new()
        } else {
            format::cents(cents, currency, lang)
        }
    };
    EntryRow {
        date: format::date(tr, entry.effective_on),
        label: kind_label(tr, entry.kind),
        period: entry
            .period
            .map(|p| format::period(tr, p))
            .unwrap_or_default(),
        charged: column(entry.charge_delta()),
        paid: column(entry.payment_delta()),
        balance: balance.map(|b| format::money(b, lang)).unwrap_or_default(),
        reversal: matches!(
            entry.kind,
            EntryKind::ChargeReversal | EntryKind::PaymentReversal
        ),
    }
}

/// One payment on a page, with its actions.
#[derive(Debug, Clone)]
pub struct PaymentRow {
    /// The payment date.
    pub paid_on: String,
    /// The amount.
    pub amount: String,
    /// How it was paid.
    pub method: String,
    /// The lease it is for.
    pub lease: Link,
    /// Still standing (deleted ones are shown, without actions).
    pub active: bool,
    /// The receipt image, when there is one.
    pub receipt: Option<String>,
    /// The edit form's address.
    pub edit: String,
    /// The delete confirmation's address.
    pub delete: String,
}

/// A payment as a row.
pub fn payment_row(tr: &Translator, payment: &Payment) -> PaymentRow {
    PaymentRow {
        paid_on: format::date(tr, payment.paid_on),
        amount: format::money(&payment.amount, tr.lang()),
        method: method_label(tr, payment.method),
        lease: Link::new(format!("/leases/{}", payment.lease_id), tr.t("col-lease")),
        active: payment.status == PaymentStatus::Active,
        receipt: payment
            .receipt_document_id
            .map(|id| format!("/documents/{id}")),
        edit: format!("/payments/{}/edit", payment.id),
        delete: format!("/payments/{}/delete", payment.id),
    }
}
