//! The erasure job: erases a user's account once they asked for it (GDPR art. 17).
//! `DELETE /users/me` marks the account `erasing` and enqueues this job in the same
//! transaction; the job clears the account in one transaction (see
//! [`AccountRepository::erase_user`](rentmark_domain::ports::AccountRepository::erase_user)).
//!
//! The organizations keep their tenant records, leases and ledgers, unlinked from the
//! account: accounting records must be kept ten years (French Code de commerce
//! art. L123-22), which GDPR art. 17(3)(b) allows. Idempotent: a second run finds
//! the account erased and does nothing.

use rentmark_domain::ServiceError;
use rentmark_domain::ids::UserId;
use rentmark_domain::ports::Store;
use rentmark_domain::services::{ERASE_USER_JOB, ERASE_USER_MAX_ATTEMPTS};
use serde::{Deserialize, Serialize};
use tracing::info;

use crate::charges::JobContext;
use crate::job::{Handle, Job, Permanent};

/// Erase the account of `user_id` (whose erasure was requested).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EraseUser {
    /// The account to erase.
    pub user_id: UserId,
}

impl Job for EraseUser {
    const KIND: &'static str = ERASE_USER_JOB;
    const MAX_ATTEMPTS: u32 = ERASE_USER_MAX_ATTEMPTS;
}

impl<S: Store> Handle<JobContext<S>> for EraseUser {
    async fn run(self, context: JobContext<S>) -> anyhow::Result<()> {
        let now = context.clock.now();
        match context.services.erase_user(self.user_id, now).await {
            Ok(erased) => {
                info!(user = %self.user_id, erased, "user erasure done");
                Ok(())
            }
            // No such account, or its erasure was never requested: retrying cannot
            // change that.
            Err(error @ (ServiceError::NotFound(_) | ServiceError::Conflict(_))) => {
                Err(Permanent::new(format_args!("erasing {}: {error}", self.user_id)).into())
            }
            Err(error) => Err(anyhow::Error::from(error).context("erasing a user")),
        }
    }
}
