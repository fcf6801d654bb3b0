//! Response shapes of the API, built from domain types (`From<&Lease>`), never the
//! domain types themselves. Money is a two-decimal string, dates `YYYY-MM-DD`,
//! instants RFC 3339 UTC, ids UUID strings.

use chrono::{DateTime, NaiveDate, Utc};
use rentmark_domain::lease::Lease;
use rentmark_domain::ledger::{Aging, LedgerEntry, Payment};
use rentmark_domain::money::Money;
use rentmark_domain::ports::AccountRow;
use rentmark_domain::property::{Property, Unit};
use rentmark_domain::services::{Dashboard, LedgerLine, TenantBalance};
use rentmark_domain::tenant::{TenancyRecord, Tenant};
use rust_decimal::Decimal;
use serde::Serialize;
use uuid::Uuid;

/// Money as the API shows it: `"720.00"`.
pub fn money(m: Money) -> String {
    m.to_string()
}

/// Bathrooms as the API shows them: a decimal string with one place (`"1.5"`,
/// `"2.0"`), like the seeds' `DECIMAL(3,1)`.
pub fn baths(value: Decimal) -> String {
    format!("{value:.1}")
}

/// A property.
#[derive(Debug, Serialize)]
pub struct PropertyJson {
    id: Uuid,
    name: String,
    address: String,
    city: String,
    description: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<&Property> for PropertyJson {
    fn from(p: &Property) -> Self {
        Self {
            id: p.id.as_uuid(),
            name: p.details.name.clone(),
            address: p.details.address.clone(),
            city: p.details.city.clone(),
            description: p.details.description.clone(),
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// A unit.
#[derive(Debug, Serialize)]
pub struct UnitJson {
    id: Uuid,
    property_id: Uuid,
    name: String,
    beds: u16,
    baths: String,
    sq_ft: Option<u32>,
    capacity: u16,
    rent: String,
    charges: String,
    deposit: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<&Unit> for UnitJson {
    fn from(u: &Unit) -> Self {
        Self {
            id: u.id.as_uuid(),
            property_id: u.property_id.as_uuid(),
            name: u.details.name.clone(),
            beds: u.details.beds,
            baths: baths(u.details.baths),
            sq_ft: u.details.sq_ft,
            capacity: u.details.capacity,
            rent: money(u.details.rent),
            charges: money(u.details.charges),
            deposit: money(u.details.deposit),
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

/// A tenant.
#[derive(Debug, Serialize)]
pub struct TenantJson {
    id: Uuid,
    /// The full name (`name`, as the seeds' tenant schema calls it).
    name: String,
    email: Option<String>,
    phone: Option<String>,
    user_id: Option<Uuid>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<&Tenant> for TenantJson {
    fn from(t: &Tenant) -> Self {
        Self {
            id: t.id.as_uuid(),
            name: t.details.full_name.clone(),
            email: t.details.email.as_ref().map(ToString::to_string),
            phone: t.details.phone.clone(),
            user_id: t.user_id.map(|u| u.as_uuid()),
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

/// A stay in a unit.
#[derive(Debug, Serialize)]
pub struct HistoryJson {
    tenant_id: Uuid,
    lease_id: Uuid,
    move_in: NaiveDate,
    move_out: Option<NaiveDate>,
    active: bool,
}

impl HistoryJson {
    /// The stay, active or not on `today`.
    pub fn new(record: &TenancyRecord, today: NaiveDate) -> Self {
        Self {
            tenant_id: record.tenant_id.as_uuid(),
            lease_id: record.lease_id.as_uuid(),
            move_in: record.move_in,
            move_out: record.move_out,
            active: record.is_active_on(today),
        }
    }
}

/// A lease.
#[derive(Debug, Serialize)]
pub struct LeaseJson {
    id: Uuid,
    unit_id: Uuid,
    property_id: Uuid,
    tenant_ids: Vec<Uuid>,
    /// Each co-tenant's share in percent (`"50.00"`), in `tenant_ids` order: the
    /// names the lease was created with (one name per field).
    shares: Vec<String>,
    rent: String,
    charges: String,
    deposit: String,
    start_date: NaiveDate,
    end_date: Option<NaiveDate>,
    due_day: u32,
    status: &'static str,
    next_charge_on: Option<NaiveDate>,
    ended_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl LeaseJson {
    /// The lease as it stands on `today`.
    pub fn new(lease: &Lease, today: NaiveDate) -> Self {
        Self {
            id: lease.id.as_uuid(),
            unit_id: lease.unit_id.as_uuid(),
            property_id: lease.property_id.as_uuid(),
            tenant_ids: lease
                .tenants
                .iter()
                .map(|t| t.tenant_id.as_uuid())
                .collect(),
            shares: lease
                .tenants
                .iter()
                .map(|t| Decimal::new(i64::from(t.share.basis_points()), 2).to_string())
                .collect(),
            rent: money(lease.terms.rent),
            charges: money(lease.terms.charges),
            deposit: money(lease.terms.deposit),
            start_date: lease.terms.start_date,
            end_date: lease.terms.end_date,
            due_day: lease.terms.due_day.get(),
            status: lease.status_on(today).as_str(),
            next_charge_on: lease.next_charge_on,
            ended_at: lease.ended_at,
            created_at: lease.created_at,
            updated_at: lease.updated_at,
        }
    }
}

/// A ledger entry.
#[derive(Debug, Serialize)]
pub struct EntryJson {
    id: Uuid,
    lease_id: Uuid,
    tenant_id: Uuid,
    kind: &'static str,
    detail: Option<&'static str>,
    amount: String,
    effective_on: NaiveDate,
    period: Option<String>,
    reverses: Option<Uuid>,
    payment_id: Option<Uuid>,
    recorded_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    balance: Option<String>,
}

impl From<&LedgerEntry> for EntryJson {
    fn from(e: &LedgerEntry) -> Self {
        Self {
            id: e.id.as_uuid(),
            lease_id: e.lease_id.as_uuid(),
            tenant_id: e.tenant_id.as_uuid(),
            kind: e.kind.category(),
            detail: e.kind.detail(),
            amount: money(e.amount),
            effective_on: e.effective_on,
            period: e.period.map(|p| p.to_string()),
            reverses: e.reverses.map(|r| r.as_uuid()),
            payment_id: e.payment_id.map(|p| p.as_uuid()),
            recorded_at: e.recorded_at,
            balance: None,
        }
    }
}

impl From<&LedgerLine> for EntryJson {
    fn from(line: &LedgerLine) -> Self {
        let mut json = Self::from(&line.entry);
        json.balance = Some(money(line.balance));
        json
    }
}

/// A payment.
#[derive(Debug, Serialize)]
pub struct PaymentJson {
    id: Uuid,
    lease_id: Uuid,
    tenant_id: Uuid,
    amount: String,
    paid_on: NaiveDate,
    method: &'static str,
    receipt_document_id: Option<Uuid>,
    status: &'static str,
    revision: u32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<&Payment> for PaymentJson {
    fn from(p: &Payment) -> Self {
        Self {
            id: p.id.as_uuid(),
            lease_id: p.lease_id.as_uuid(),
            tenant_id: p.tenant_id.as_uuid(),
            amount: money(p.amount),
            paid_on: p.paid_on,
            method: p.method.as_str(),
            receipt_document_id: p.receipt_document_id.map(|d| d.as_uuid()),
            status: p.status.as_str(),
            revision: p.revision,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// Aging buckets.
#[derive(Debug, Serialize)]
pub struct AgingJson {
    d0_30: String,
    d31_60: String,
    d61_90: String,
    d90_plus: String,
}

impl From<&Aging> for AgingJson {
    fn from(a: &Aging) -> Self {
        Self {
            d0_30: money(a.d0_30),
            d31_60: money(a.d31_60),
            d61_90: money(a.d61_90),
            d90_plus: money(a.d90_plus),
        }
    }
}

/// `GET /tenants/{id}/balance`.
#[derive(Debug, Serialize)]
pub struct BalanceJson {
    tenant_id: Uuid,
    outstanding: String,
    charges_total: String,
    payments_total: String,
    aging: AgingJson,
    payments: Vec<PaymentJson>,
    as_of: NaiveDate,
}

impl From<&TenantBalance> for BalanceJson {
    fn from(b: &TenantBalance) -> Self {
        Self {
            tenant_id: b.tenant.id.as_uuid(),
            outstanding: money(b.outstanding),
            charges_total: money(b.charged),
            payments_total: money(b.paid),
            aging: AgingJson::from(&b.aging),
            payments: b.recent_payments.iter().map(PaymentJson::from).collect(),
            as_of: b.as_of,
        }
    }
}

/// A billing row of the dashboard.
#[derive(Debug, Serialize)]
pub struct BillingRowJson {
    tenant_id: Uuid,
    name: String,
    lease_id: Uuid,
    unit_id: Uuid,
    unit: String,
    property_id: Uuid,
    property: String,
    outstanding: String,
    oldest_unpaid_on: Option<NaiveDate>,
    last_payment_on: Option<NaiveDate>,
}

impl From<&AccountRow> for BillingRowJson {
    fn from(r: &AccountRow) -> Self {
        Self {
            tenant_id: r.tenant_id.as_uuid(),
            name: r.tenant_name.clone(),
            lease_id: r.lease_id.as_uuid(),
            unit_id: r.unit_id.as_uuid(),
            unit: r.unit_name.clone(),
            property_id: r.property_id.as_uuid(),
            property: r.property_name.clone(),
            outstanding: money(r.outstanding()),
            oldest_unpaid_on: r.oldest_unpaid_on,
            last_payment_on: r.last_payment_on,
        }
    }
}

/// One month of the chart.
#[derive(Debug, Serialize)]
pub struct MonthJson {
    month: String,
    due: String,
    collected: String,
}

/// The organization totals of the dashboard.
#[derive(Debug, Serialize)]
pub struct TotalsJson {
    outstanding: String,
    collected_this_month: String,
    due_this_month: String,
    occupancy_rate: String,
    units: u64,
    occupied_units: u64,
}

/// `GET /dashboard`.
#[derive(Debug, Serialize)]
pub struct DashboardJson {
    totals: TotalsJson,
    rows: super::envelope::ListBody<BillingRowJson>,
    months: Vec<MonthJson>,
    as_of: NaiveDate,
}

impl From<Dashboard> for DashboardJson {
    fn from(d: Dashboard) -> Self {
        Self {
            totals: TotalsJson {
                outstanding: money(d.outstanding),
                collected_this_month: money(d.collected_this_month),
                due_this_month: money(d.due_this_month),
                occupancy_rate: d.occupancy_rate.to_string(),
                units: d.totals.units,
                occupied_units: d.totals.occupied_units,
            },
            months: d
                .months
                .iter()
                .map(|m| MonthJson {
                    month: m.period.to_string(),
                    due: money(m.due),
                    collected: money(m.collected),
                })
                .collect(),
            rows: super::envelope::ListBody::from_page(d.rows, |r| BillingRowJson::from(&r)),
            as_of: d.today,
        }
    }
}
