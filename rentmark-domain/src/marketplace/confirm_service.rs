//! Confirming an application: the landlord for an offline first payment, or the
//! payment webhook. One transaction creates the renter's tenant record and the lease in
//! the ledger, takes the place, and cancels the room's other open applications when it
//! was the last one.

use chrono::{DateTime, Datelike, Duration, Months, Utc};

use crate::calendar::{DueDay, local_date};
use crate::ids::{ApplicationId, LeaseId, TenantId, UserId};
use crate::lease::{CoTenant, Lease, LeaseTerms, Share};
use crate::ledger::charge_entries;
use crate::marketplace::application::{
    Application, ApplicationAction, ApplicationActor, ApplicationStatus, StatusChange, transition,
};
use crate::marketplace::ports::{Confirmation, ConfirmationOutcome, MarketplaceRepository};
use crate::org::{Action, Actor, Organization};
use crate::ports::{LeaseFilter, PageRequest, Store};
use crate::profile::Profile;
use crate::schedule::{charges_due_through, next_due_date};
use crate::services::{RepoResultExt, ServiceError, Services};
use crate::tenant::{Tenant, TenantDetails};
use crate::user::User;

use super::dossier::ProfileOverrides;

use super::applications_service::{status_conflict, transition_error};

/// What a confirmation did: the application in its confirmed state, the lease created
/// for it (and the renter's tenant record), and the cancellations it caused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmed {
    /// The application, confirmed.
    pub application: Application,
    /// The lease created in the ledger.
    pub lease_id: LeaseId,
    /// The renter's tenant record in the organization (created if new).
    pub tenant_id: TenantId,
    /// The other applications cancelled and whether the listing closed.
    pub outcome: ConfirmationOutcome,
}

impl<S: Store + MarketplaceRepository> Services<S> {
    /// The landlord confirms an offline first payment: the application is confirmed
    /// and the lease created (see [`Services::confirm_application_as`]).
    ///
    /// # Errors
    /// `Forbidden`; `NotFound("application.not_found")`;
    /// `Conflict("application.invalid_transition" | "room.filled")`.
    pub async fn confirm_application(
        &self,
        actor: &Actor,
        id: ApplicationId,
        now: DateTime<Utc>,
    ) -> Result<Confirmed, ServiceError> {
        actor.require(Action::ManageLeases)?;
        let application = self.org_application(actor, id).await?;
        self.confirm_application_as(
            &actor.org,
            application,
            ApplicationActor::Landlord,
            Some(actor.user_id),
            now,
        )
        .await
    }

    /// Confirms an application (the landlord for an offline payment, or the payment
    /// webhook): one transaction creates the renter's tenant record (if new), the
    /// lease (room rent, charges and deposit; start on the move-in date; end after
    /// the stay's months; due on the 1st) with its charges already due, takes the
    /// place, cancels the room's other open applications when it was the last place
    /// (reason `room_taken`), and closes the listing when full.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("application.invalid_transition" | "room.filled")`.
    pub async fn confirm_application_as(
        &self,
        org: &Organization,
        application: Application,
        actor: ApplicationActor,
        actor_id: Option<UserId>,
        now: DateTime<Utc>,
    ) -> Result<Confirmed, ServiceError> {
        let from = application.status;
        let to = transition(from, ApplicationAction::Confirm, actor).map_err(transition_error)?;
        let listing = self
            .store()
            .listing(org.id, application.listing_id)
            .await
            .or_not_found("listing.not_found")?;
        let room = listing
            .room(application.room_id)
            .ok_or(ServiceError::NotFound("room.not_found"))?;
        let renter = self
            .store()
            .user(application.applicant)
            .await
            .or_not_found("user.not_found")?;
        let (tenant_id, new_tenant) = match self
            .store()
            .tenant_for_user(org.id, renter.id)
            .await
            .or_not_found("tenant.not_found")?
        {
            Some(tenant) => (tenant.id, None),
            None => {
                // What the landlord saw on the application: its own fields, else the
                // renter's profile (as the dossier summary merges them).
                let profile = self
                    .store()
                    .profile(renter.id)
                    .await
                    .or_not_found("user.not_found")?;
                let tenant = Tenant::new(
                    org.id,
                    tenant_details(&application.overrides, profile.as_ref(), &renter),
                    Some(renter.id),
                    now,
                );
                (tenant.id, Some(tenant))
            }
        };
        let start = application.move_in_date;
        let end = start
            .checked_add_months(Months::new(application.duration_months))
            .and_then(|d| d.checked_sub_signed(Duration::days(1)))
            .unwrap_or(start);
        let mut lease = Lease {
            id: LeaseId::generate(now),
            org_id: org.id,
            unit_id: room.unit_id,
            property_id: listing.property_id,
            tenants: vec![CoTenant {
                tenant_id,
                share: Share::WHOLE,
            }],
            terms: LeaseTerms {
                rent: room.rent,
                charges: room.charges,
                deposit: room.deposit,
                start_date: start,
                end_date: Some(end),
                due_day: DueDay::new(start.day().min(28)).unwrap_or(DueDay::FIRST),
            },
            ended_at: None,
            next_charge_on: None,
            created_at: now,
            updated_at: now,
        };
        let today = local_date(now, org.timezone);
        let entries = charge_entries(&lease, &charges_due_through(&lease.terms, today), now);
        lease.next_charge_on = next_due_date(&lease.terms, today);
        let mut confirmed = application;
        confirmed.status = to;
        confirmed.updated_at = now;
        let confirmation = Confirmation {
            change: StatusChange {
                application_id: confirmed.id,
                old_status: Some(from),
                new_status: to,
                actor,
                actor_id,
                reason: None,
                at: now,
            },
            application: confirmed.clone(),
            new_tenant,
            next_charge_on: lease.next_charge_on,
            lease,
            entries,
            at: now,
        };
        let lease_id = confirmation.lease.id;
        let outcome = self
            .store()
            .confirm_application(&confirmation)
            .await
            .map_err(status_conflict)?;
        Ok(Confirmed {
            application: confirmed,
            lease_id,
            tenant_id,
            outcome,
        })
    }
}

impl<S: Store + MarketplaceRepository> Services<S> {
    /// The lease a confirmed application of `user` created, as the renter sees it: the
    /// renter's lease on the room's unit starting on the move-in date. `None` before
    /// the confirmation (and once the landlord removed the lease).
    ///
    /// # Errors
    /// `NotFound("application.not_found")` for an application that is not the user's.
    pub async fn lease_of_my_application(
        &self,
        user: &User,
        id: ApplicationId,
    ) -> Result<Option<Lease>, ServiceError> {
        let application = self.application_for_renter(user, id).await?;
        if application.status != ApplicationStatus::Confirmed {
            return Ok(None);
        }
        let org = application.org_id;
        let listing = self
            .store()
            .listing(org, application.listing_id)
            .await
            .or_not_found("listing.not_found")?;
        let Some(room) = listing.room(application.room_id) else {
            return Ok(None);
        };
        let Some(tenant) = self
            .store()
            .tenant_for_user(org, user.id)
            .await
            .or_not_found("tenant.not_found")?
        else {
            return Ok(None);
        };
        let filter = LeaseFilter {
            unit_id: Some(room.unit_id),
            tenant_id: Some(tenant.id),
            property_id: None,
        };
        let leases = self
            .store()
            .leases(org, filter, PageRequest::new(1, PageRequest::MAX_LIMIT))
            .await
            .or_not_found("lease.not_found")?;
        Ok(leases
            .results
            .into_iter()
            .find(|lease| lease.terms.start_date == application.move_in_date))
    }
}

/// The details of the tenant record a confirmation creates for `renter`: each field
/// from the application's own overrides, else from the renter's profile; a name from
/// neither falls back to the account's display name, then its e-mail.
fn tenant_details(
    overrides: &ProfileOverrides,
    profile: Option<&Profile>,
    renter: &User,
) -> TenantDetails {
    let from_profile =
        |field: fn(&Profile) -> &Option<String>| profile.and_then(|p| field(p).clone());
    let first = overrides
        .first_name
        .clone()
        .or_else(|| from_profile(|p| &p.first_name));
    let last = overrides
        .last_name
        .clone()
        .or_else(|| from_profile(|p| &p.last_name));
    let full_name = match (first, last) {
        (Some(first), Some(last)) => format!("{first} {last}"),
        (Some(name), None) | (None, Some(name)) => name,
        (None, None) => renter
            .display_name
            .clone()
            .unwrap_or_else(|| renter.email.to_string()),
    };
    TenantDetails {
        full_name,
        email: Some(renter.email.clone()),
        phone: overrides
            .phone
            .clone()
            .or_else(|| from_profile(|p| &p.phone)),
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "a broken fixture fails the test loudly")]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::user::{AccountRole, Email, PasswordHash, UserStatus};

    fn renter(display_name: Option<&str>) -> User {
        let now = Utc.with_ymd_and_hms(2026, 11, 15, 10, 0, 0).unwrap();
        User {
            id: UserId::generate(now),
            email: Email::parse("ines@etu.test").unwrap(),
            role: AccountRole::Tenant,
            status: UserStatus::Active,
            password_hash: PasswordHash::unusable(),
            display_name: display_name.map(str::to_owned),
            created_at: now,
        }
    }

    fn profile(first: Option<&str>, last: Option<&str>, phone: Option<&str>) -> Profile {
        Profile {
            first_name: first.map(str::to_owned),
            last_name: last.map(str::to_owned),
            phone: phone.map(str::to_owned),
            ..Profile::default()
        }
    }

    #[test]
    fn the_tenant_record_is_named_as_the_landlord_saw_the_application() {
        let none = ProfileOverrides::default();
        let saved = profile(Some("Inès"), Some("Benali"), Some("+33 6 12"));
        let details = tenant_details(&none, Some(&saved), &renter(None));
        assert_eq!(details.full_name, "Inès Benali");
        assert_eq!(details.phone.as_deref(), Some("+33 6 12"));
        assert_eq!(details.email.unwrap().as_str(), "ines@etu.test");

        let overrides = ProfileOverrides {
            last_name: Some("Benali-Roux".into()),
            phone: Some("+33 7 00".into()),
            ..ProfileOverrides::default()
        };
        let details = tenant_details(&overrides, Some(&saved), &renter(None));
        assert_eq!(details.full_name, "Inès Benali-Roux", "field by field");
        assert_eq!(details.phone.as_deref(), Some("+33 7 00"));

        let only_last = profile(None, Some("Benali"), None);
        assert_eq!(
            tenant_details(&none, Some(&only_last), &renter(None)).full_name,
            "Benali"
        );
        assert_eq!(
            tenant_details(&none, None, &renter(Some("Inès B."))).full_name,
            "Inès B."
        );
        let details = tenant_details(&none, Some(&Profile::default()), &renter(None));
        assert_eq!(details.full_name, "ines@etu.test");
        assert_eq!(details.phone, None);
    }
}
