//! Leases: one unit let to one or more co-tenants who share the rent in fixed
//! proportions, with rent, service charges, a deposit, a start, an optional end and a
//! due day.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;
use uuid::Uuid;

use crate::calendar::DueDay;
use crate::ids::{LeaseId, OrgId, PropertyId, TenantId, UnitId};
use crate::money::{Currency, Money};
use crate::property::{non_negative_amount, positive_amount};
use crate::validation::{ValidationErrors, codes};

/// The most co-tenants one lease may have.
pub const MAX_CO_TENANTS: usize = 20;

/// A co-tenant's share of the lease, in basis points (10,000 = 100 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Share(u32);

impl Share {
    /// The whole lease.
    pub const WHOLE: Self = Self(10_000);

    /// A share in basis points, 1-10,000.
    pub fn from_basis_points(bp: u32) -> Option<Self> {
        (1..=10_000).contains(&bp).then_some(Self(bp))
    }

    /// The share in basis points.
    pub const fn basis_points(self) -> u32 {
        self.0
    }

    /// Equal shares for `count` co-tenants, summing to 10,000 exactly (the first ones
    /// get the remainder points).
    pub fn equal(count: usize) -> Vec<Self> {
        let count_u32 = u32::try_from(count.max(1)).unwrap_or(1);
        let base = 10_000 / count_u32;
        let extra = 10_000 % count_u32;
        (0..count_u32)
            .map(|i| Self(base + u32::from(i < extra)))
            .collect()
    }
}

/// A co-tenant and their share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoTenant {
    /// The tenant.
    pub tenant_id: TenantId,
    /// Their share of every charge.
    pub share: Share,
}

/// The money and calendar terms of a lease: what the schedule is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseTerms {
    /// Monthly rent.
    pub rent: Money,
    /// Monthly service charges.
    pub charges: Money,
    /// Deposit, due on the start date.
    pub deposit: Money,
    /// First day of the lease.
    pub start_date: NaiveDate,
    /// Last day of the lease, when fixed.
    pub end_date: Option<NaiveDate>,
    /// Day of the month rent falls due.
    pub due_day: DueDay,
}

/// A lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// Its id.
    pub id: LeaseId,
    /// The organization.
    pub org_id: OrgId,
    /// The unit let.
    pub unit_id: UnitId,
    /// The unit's property (denormalized: a unit never moves).
    pub property_id: PropertyId,
    /// Co-tenants, shares summing to 100 %.
    pub tenants: Vec<CoTenant>,
    /// Money and calendar terms.
    pub terms: LeaseTerms,
    /// Set when the lease was ended early with `POST /leases/{id}/end`.
    pub ended_at: Option<DateTime<Utc>>,
    /// The due date of the first charge not yet posted (store bookkeeping for the
    /// charge job); `None` when the schedule owes nothing more.
    pub next_charge_on: Option<NaiveDate>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// Where a lease stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaseStatus {
    /// Starts later.
    Upcoming,
    /// Running.
    Active,
    /// Over.
    Ended,
}

impl LeaseStatus {
    /// The serialized name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Upcoming => "upcoming",
            Self::Active => "active",
            Self::Ended => "ended",
        }
    }
}

impl Lease {
    /// Where the lease stands on `today`.
    pub fn status_on(&self, today: NaiveDate) -> LeaseStatus {
        if today < self.terms.start_date {
            LeaseStatus::Upcoming
        } else if self.terms.end_date.is_some_and(|end| today > end) {
            LeaseStatus::Ended
        } else {
            LeaseStatus::Active
        }
    }

    /// The weights to split every charge by, in co-tenant order: the shares in basis
    /// points, except that shares no more than one basis point apart are equal shares
    /// (`Share::equal(3)` is 33.34 % + 33.33 % + 33.33 %, which means thirds), weighted
    /// 1 each. Otherwise the first of three equal co-tenants would pay 0.01 % more of
    /// everything: 0.10 a month more than the others on a 1,000.00 rent.
    pub fn share_weights(&self) -> Vec<u32> {
        let points = self.tenants.iter().map(|t| t.share.basis_points());
        let spread = points.clone().max().unwrap_or(0) - points.clone().min().unwrap_or(0);
        if spread <= 1 {
            vec![1; self.tenants.len()]
        } else {
            points.collect()
        }
    }

    /// Whether `tenant_id` is a co-tenant.
    pub fn has_tenant(&self, tenant_id: TenantId) -> bool {
        self.tenants.iter().any(|t| t.tenant_id == tenant_id)
    }

    /// The currency of the lease's amounts.
    pub fn currency(&self) -> Currency {
        self.terms.rent.currency()
    }
}

/// A lease as typed: ids, dates and amounts are strings so that every bad field can be
/// reported (422) rather than failing the whole body (400).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LeaseInput {
    /// The unit let.
    #[serde(default)]
    pub unit_id: String,
    /// Co-tenant ids.
    #[serde(default)]
    pub tenant_ids: Vec<String>,
    /// Optional shares in percent (`"50"`, `"33.33"`), in `tenant_ids` order; equal
    /// shares when absent.
    #[serde(default)]
    pub shares: Option<Vec<String>>,
    /// Monthly rent.
    #[serde(default)]
    pub rent: String,
    /// Monthly service charges.
    #[serde(default)]
    pub charges: Option<String>,
    /// Deposit.
    #[serde(default)]
    pub deposit: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub start_date: String,
    /// `YYYY-MM-DD`, optional.
    #[serde(default)]
    pub end_date: Option<String>,
    /// 1-31, default 1.
    #[serde(default)]
    pub due_day: Option<i64>,
}

/// A parsed lease request, before the unit and tenants are checked to exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLease {
    /// The unit let.
    pub unit_id: UnitId,
    /// Co-tenants with their shares.
    pub tenants: Vec<CoTenant>,
    /// Money and calendar terms.
    pub terms: LeaseTerms,
}

/// Parses a `YYYY-MM-DD` date.
///
/// # Errors
/// `validation.invalid_date` otherwise.
pub fn parse_date(text: &str) -> Result<NaiveDate, &'static str> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| codes::INVALID_DATE)
}

fn parse_shares(
    texts: &[String],
    count: usize,
    errors: &mut ValidationErrors,
) -> Option<Vec<Share>> {
    if texts.len() != count {
        errors.add("shares", codes::SHARES_MUST_SUM);
        return None;
    }
    let mut shares = Vec::with_capacity(count);
    for (index, text) in texts.iter().enumerate() {
        let field = format!("shares[{index}]");
        let bp = Decimal::from_str_exact(text.trim())
            .ok()
            .map(|percent| percent * Decimal::from(100))
            .filter(|bp| bp.fract().is_zero())
            .and_then(|bp| u32::try_from(bp.mantissa() / 10_i128.pow(bp.scale())).ok())
            .and_then(Share::from_basis_points);
        match bp {
            Some(share) => shares.push(share),
            None => errors.add(field, codes::OUT_OF_RANGE),
        }
    }
    if shares.len() == count && shares.iter().map(|s| s.basis_points()).sum::<u32>() != 10_000 {
        errors.add("shares", codes::SHARES_MUST_SUM);
        return None;
    }
    (shares.len() == count).then_some(shares)
}

impl LeaseInput {
    /// Validates every field; amounts are in `currency`.
    ///
    /// # Errors
    /// Every invalid field.
    pub fn parse(&self, currency: Currency) -> Result<NewLease, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let unit_id = errors.check("unit_id", Uuid::parse_str(self.unit_id.trim()), |_| {
            codes::UNKNOWN_REFERENCE
        });
        if self.tenant_ids.is_empty() {
            errors.add("tenant_ids", codes::EMPTY_LIST);
        } else if self.tenant_ids.len() > MAX_CO_TENANTS {
            errors.add("tenant_ids", codes::TOO_MANY);
        }
        let mut tenant_ids = Vec::new();
        let mut seen = HashSet::new();
        for (index, text) in self.tenant_ids.iter().enumerate() {
            if let Some(id) = errors.check(
                &format!("tenant_ids[{index}]"),
                Uuid::parse_str(text.trim()),
                |_| codes::UNKNOWN_REFERENCE,
            ) {
                if seen.insert(id) {
                    tenant_ids.push(TenantId::from_uuid(id));
                } else {
                    errors.add(format!("tenant_ids[{index}]"), codes::DUPLICATE);
                }
            }
        }
        let shares = match &self.shares {
            Some(texts) if !self.tenant_ids.is_empty() => {
                parse_shares(texts, self.tenant_ids.len(), &mut errors)
            }
            _ => Some(Share::equal(self.tenant_ids.len())),
        };
        let rent = errors.check("rent", positive_amount(&self.rent, currency), |c| c);
        let charges = errors.check(
            "charges",
            non_negative_amount(self.charges.as_deref(), currency),
            |c| c,
        );
        let deposit = errors.check(
            "deposit",
            non_negative_amount(self.deposit.as_deref(), currency),
            |c| c,
        );
        let start_date = errors.check("start_date", parse_date(&self.start_date), |c| c);
        let end_date = match self.end_date.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(text) => errors.check("end_date", parse_date(text), |c| c).map(Some),
        };
        if let (Some(start), Some(Some(end))) = (start_date, end_date)
            && end < start
        {
            errors.add("end_date", codes::END_BEFORE_START);
        }
        let due_day = errors.check(
            "due_day",
            DueDay::new(u32::try_from(self.due_day.unwrap_or(1)).unwrap_or(0)),
            |_| codes::OUT_OF_RANGE,
        );
        if !errors.is_empty() {
            return Err(errors);
        }
        match (
            unit_id, shares, rent, charges, deposit, start_date, end_date, due_day,
        ) {
            (
                Some(unit_id),
                Some(shares),
                Some(rent),
                Some(charges),
                Some(deposit),
                Some(start_date),
                Some(end_date),
                Some(due_day),
            ) => Ok(NewLease {
                unit_id: UnitId::from_uuid(unit_id),
                tenants: tenant_ids
                    .into_iter()
                    .zip(shares)
                    .map(|(tenant_id, share)| CoTenant { tenant_id, share })
                    .collect(),
                terms: LeaseTerms {
                    rent,
                    charges,
                    deposit,
                    start_date,
                    end_date,
                    due_day,
                },
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "a broken fixture fails the test loudly")]
mod tests {
    use super::*;

    fn input() -> LeaseInput {
        LeaseInput {
            unit_id: "0190b3a4-0000-7000-8000-000000000001".into(),
            tenant_ids: vec![
                "0190b3a4-0000-7000-8000-000000000002".into(),
                "0190b3a4-0000-7000-8000-000000000003".into(),
            ],
            shares: None,
            rent: "900".into(),
            charges: Some("60".into()),
            deposit: Some("900".into()),
            start_date: "2026-01-15".into(),
            end_date: Some("2026-12-31".into()),
            due_day: Some(5),
        }
    }

    #[test]
    fn parses_a_lease_with_equal_shares() {
        let lease = input().parse(Currency::Eur).unwrap();
        assert_eq!(lease.tenants.len(), 2);
        assert_eq!(
            lease.tenants[0].share.basis_points() + lease.tenants[1].share.basis_points(),
            10_000
        );
        assert_eq!(lease.terms.due_day.get(), 5);
    }

    #[test]
    fn shares_must_sum_to_one_hundred_percent() {
        let mut bad = input();
        bad.shares = Some(vec!["60".into(), "30".into()]);
        assert!(
            bad.parse(Currency::Eur)
                .unwrap_err()
                .errors
                .iter()
                .any(|e| e.code == codes::SHARES_MUST_SUM)
        );
        let mut good = input();
        good.shares = Some(vec!["66.67".into(), "33.33".into()]);
        let lease = good.parse(Currency::Eur).unwrap();
        assert_eq!(lease.tenants[0].share.basis_points(), 6_667);
    }

    #[test]
    fn reports_every_bad_field() {
        let bad = LeaseInput {
            unit_id: "nope".into(),
            tenant_ids: vec![
                "0190b3a4-0000-7000-8000-000000000002".into(),
                "0190b3a4-0000-7000-8000-000000000002".into(),
            ],
            rent: "-1".into(),
            start_date: "2026-02-30".into(),
            due_day: Some(40),
            ..LeaseInput::default()
        };
        let fields: Vec<_> = bad
            .parse(Currency::Eur)
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            vec!["unit_id", "tenant_ids[1]", "rent", "start_date", "due_day"]
        );
    }

    #[test]
    fn equal_shares_sum_to_whole() {
        for n in 1..=20 {
            assert_eq!(
                Share::equal(n)
                    .iter()
                    .map(|s| s.basis_points())
                    .sum::<u32>(),
                10_000
            );
        }
    }
}
