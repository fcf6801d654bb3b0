//! Organizations (the SaaS customers), their members and what each role may do.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::ids::{OrgId, UserId};
use crate::money::Currency;
use crate::validation::{ValidationErrors, codes, required_text};

/// A landlord or agency using RentMark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// Its id.
    pub id: OrgId,
    /// Its display name.
    pub name: String,
    /// The zone its calendar facts (due dates, "this month") are computed in.
    pub timezone: Tz,
    /// The currency of all its amounts.
    pub currency: Currency,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

impl Organization {
    /// The default zone of a new organization.
    pub const DEFAULT_TIMEZONE: Tz = chrono_tz::Europe::Paris;

    /// A new organization named `name`, in Europe/Paris and euros.
    ///
    /// # Errors
    /// `name`: required, at most 200 characters.
    pub fn new(name: &str, now: DateTime<Utc>) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.check("org_name", required_text(name, 200), |c| c);
        errors.finish(|| Self {
            id: OrgId::generate(now),
            name: name.unwrap_or_default(),
            timezone: Self::DEFAULT_TIMEZONE,
            currency: Currency::Eur,
            created_at: now,
        })
    }
}

/// Parses an IANA zone name (`Europe/Paris`).
///
/// # Errors
/// `validation.invalid_timezone` for an unknown name.
pub fn parse_timezone(name: &str) -> Result<Tz, &'static str> {
    name.trim()
        .parse::<Tz>()
        .map_err(|_| codes::INVALID_TIMEZONE)
}

/// A member's role in an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, including members and deleting the organization's data.
    Owner,
    /// Runs properties, units, tenants, leases and payments.
    Manager,
    /// Records and corrects payments; reads everything.
    Accountant,
    /// Reads everything, changes nothing.
    Viewer,
}

/// What a member wants to do, for the role check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read properties, leases, the ledger and the dashboard.
    Read,
    /// Create, change or delete properties and units.
    ManageProperties,
    /// Create or change tenants and leases, end leases.
    ManageLeases,
    /// Record, correct or delete payments.
    RecordPayments,
    /// Invite or remove members.
    ManageMembers,
}

impl Role {
    /// Whether this role may perform `action`.
    pub const fn allows(self, action: Action) -> bool {
        matches!(
            (self, action),
            (Self::Owner, _)
                | (_, Action::Read)
                | (
                    Self::Manager,
                    Action::ManageProperties | Action::ManageLeases | Action::RecordPayments,
                )
                | (Self::Accountant, Action::RecordPayments)
        )
    }

    /// The stored and serialized name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Manager => "manager",
            Self::Accountant => "accountant",
            Self::Viewer => "viewer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Not a known role name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role")]
pub struct UnknownRole;

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "owner" => Ok(Self::Owner),
            "manager" => Ok(Self::Manager),
            "accountant" => Ok(Self::Accountant),
            "viewer" => Ok(Self::Viewer),
            _ => Err(UnknownRole),
        }
    }
}

/// A user's membership of an organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    /// The organization.
    pub org: Organization,
    /// The member.
    pub user_id: UserId,
    /// What they may do there.
    pub role: Role,
}

/// Who is acting, in which organization, with which role: every organization-scoped
/// use case takes one, checks the role and scopes every query by `org_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The acting user.
    pub user_id: UserId,
    /// The organization they act in.
    pub org: Organization,
    /// Their role there.
    pub role: Role,
}

impl Actor {
    /// The organization's id.
    pub fn org_id(&self) -> OrgId {
        self.org.id
    }

    /// Checks the role.
    ///
    /// # Errors
    /// [`Forbidden`] when the role does not allow `action`.
    pub fn require(&self, action: Action) -> Result<(), Forbidden> {
        if self.role.allows(action) {
            Ok(())
        } else {
            Err(Forbidden)
        }
    }
}

/// The role does not allow the action (403; the organization's ids are still hidden
/// from non-members, who get 404).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the member's role does not allow this action")]
pub struct Forbidden;

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "a broken fixture fails the test loudly")]
mod tests {
    use super::*;

    #[test]
    fn roles_allow_what_they_should() {
        use Action::*;
        let table = [
            (Role::Owner, [true, true, true, true, true]),
            (Role::Manager, [true, true, true, true, false]),
            (Role::Accountant, [true, false, false, true, false]),
            (Role::Viewer, [true, false, false, false, false]),
        ];
        for (role, expected) in table {
            let got = [
                Read,
                ManageProperties,
                ManageLeases,
                RecordPayments,
                ManageMembers,
            ]
            .map(|a| role.allows(a));
            assert_eq!(got, expected, "{role}");
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
    }
}
