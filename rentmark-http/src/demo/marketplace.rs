//! The marketplace of the demo: the agency (a second organization, [`AGENCY_EMAIL`]),
//! the listings of both organizations, the renters with their dossiers, and their
//! applications in every state. Loaded once: skipped when the agency's owner exists
//! (created first, so a load that failed half-way is not completed by the next start:
//! the failure stops the start-up with its cause; start again from an empty database).
//! It needs the landlord organization ([`super::landlord`]), loaded first.

use chrono::{DateTime, Duration, Utc};
use rentmark_domain::Services;
use rentmark_domain::calendar::local_date;

use super::applications::{self, Owners};
use super::{AGENCY_EMAIL, DEMO_EMAIL, DemoError, DemoSummary, existing, listings, owner};
use super::{err, renters, sign_up};
use crate::state::{AppBlobs, AppStore};

/// Loads the marketplace unless the agency's owner exists.
pub(super) async fn load(
    services: &Services<AppStore>,
    blobs: &AppBlobs,
    now: DateTime<Utc>,
) -> Result<DemoSummary, DemoError> {
    if existing(services, AGENCY_EMAIL).await?.is_some() {
        return Ok(DemoSummary::default());
    }
    let demo = owner(services, DEMO_EMAIL).await?;
    let agency_user = sign_up(
        services,
        AGENCY_EMAIL,
        Some("Agence Horizon Étudiant"),
        now - Duration::days(60),
    )
    .await?;
    let agency = services.actor(agency_user.id, None).await.map_err(err)?;
    let today = local_date(now, demo.org.timezone);
    let (demo_listings, demo_new_units) = listings::landlord(services, &demo, now, today).await?;
    let catalogue = listings::Catalogue {
        agency: listings::agency(services, &agency, now, today).await?,
        demo: demo_listings,
        demo_new_units,
    };
    let renters = renters::load(services, blobs, now).await?;
    let owners = Owners {
        demo: &demo,
        agency: &agency,
    };
    let made = applications::load(services, owners, &catalogue, &renters, now).await?;
    Ok(DemoSummary {
        loaded: true,
        units: catalogue.demo_new_units,
        leases: made.demo_leases,
        payments: made.demo_payments,
        listings: catalogue.demo.len() + catalogue.agency.len(),
        renters: renters.len(),
        applications: made.applications,
    })
}
