//! What the domain's property tests share: a lease built from its terms and its
//! co-tenants' shares, as `Services::create_lease` would hold it.

use chrono::{DateTime, Utc};
use rentmark_domain::ids::{LeaseId, OrgId, PropertyId, TenantId, UnitId};
use rentmark_domain::lease::{CoTenant, Lease, LeaseTerms, Share};

/// A new lease created at `now` on `terms`, one co-tenant per share (basis points;
/// an invalid share stands for the whole, which the strategies never produce).
pub fn lease_with(shares: &[u32], terms: &LeaseTerms, now: DateTime<Utc>) -> Lease {
    Lease {
        id: LeaseId::generate(now),
        org_id: OrgId::generate(now),
        unit_id: UnitId::generate(now),
        property_id: PropertyId::generate(now),
        tenants: shares
            .iter()
            .map(|bp| CoTenant {
                tenant_id: TenantId::generate(now),
                share: Share::from_basis_points(*bp).unwrap_or(Share::WHOLE),
            })
            .collect(),
        terms: terms.clone(),
        ended_at: None,
        next_charge_on: None,
        created_at: now,
        updated_at: now,
    }
}
