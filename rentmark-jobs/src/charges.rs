//! The recurring rent job: posts every charge that has fallen due, in every
//! organization (each in its own time zone). Idempotent: the services post from
//! each lease's `next_charge_on` horizon and the store skips known idempotency keys,
//! so a second run posts nothing.

use std::sync::Arc;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use rentmark_domain::Services;
use rentmark_domain::ports::{Clock, Store};
use serde::{Deserialize, Serialize};
use tracing::{info, warn};

use crate::job::{Handle, Job};

/// What the built-in jobs need: the use cases and the time.
pub struct JobContext<S> {
    /// The use cases over the store.
    pub services: Services<S>,
    /// The clock jobs read `now` from.
    pub clock: Arc<dyn Clock>,
}

impl<S: Clone> Clone for JobContext<S> {
    fn clone(&self) -> Self {
        Self {
            services: self.services.clone(),
            clock: Arc::clone(&self.clock),
        }
    }
}

impl<S> std::fmt::Debug for JobContext<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobContext").finish_non_exhaustive()
    }
}

/// What one run of the charge job did across organizations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChargeSummary {
    /// Organizations looked at.
    pub organizations: u64,
    /// Leases that had something due.
    pub leases: u64,
    /// Ledger entries posted (0 on a second run).
    pub entries_posted: u64,
    /// Organizations whose run failed (retried as a whole: the job is idempotent).
    pub failed: u64,
}

/// Posts due charges in every organization at `now`. One organization failing does
/// not stop the others; the failures are counted.
///
/// # Errors
/// When the organizations cannot be listed.
pub async fn post_due_charges_everywhere<S: Store>(
    services: &Services<S>,
    now: DateTime<Utc>,
) -> anyhow::Result<ChargeSummary> {
    let organizations = services
        .store()
        .organizations()
        .await
        .context("listing organizations")?;
    let mut summary = ChargeSummary::default();
    for org in &organizations {
        summary.organizations += 1;
        match services.post_due_charges(org, now).await {
            Ok(run) => {
                summary.leases += run.leases;
                summary.entries_posted += run.entries_posted;
            }
            Err(error) => {
                summary.failed += 1;
                let error = anyhow::Error::from(error);
                warn!(org = %org.id, error = %format!("{error:#}"), "posting due charges failed");
            }
        }
    }
    Ok(summary)
}

/// The job: post due charges everywhere, as of when it runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostDueCharges {}

/// The kind of [`PostDueCharges`], also the prefix of its hourly unique key.
pub const POST_DUE_CHARGES: &str = "post_due_charges";

impl Job for PostDueCharges {
    const KIND: &'static str = POST_DUE_CHARGES;
}

impl<S: Store> Handle<JobContext<S>> for PostDueCharges {
    async fn run(self, context: JobContext<S>) -> anyhow::Result<()> {
        let now = context.clock.now();
        let summary = post_due_charges_everywhere(&context.services, now).await?;
        info!(
            organizations = summary.organizations,
            leases = summary.leases,
            entries_posted = summary.entries_posted,
            failed = summary.failed,
            "due charges posted"
        );
        anyhow::ensure!(
            summary.failed == 0,
            "posting due charges failed in {} of {} organizations",
            summary.failed,
            summary.organizations
        );
        Ok(())
    }
}
