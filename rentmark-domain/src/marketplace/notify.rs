//! The jobs the marketplace enqueues to tell people what happened. They are built
//! here, in the domain, so that a store can insert them in the transaction of the
//! change that causes them (the transactional outbox) and a worker can run them.

use chrono::{DateTime, Utc};

use crate::ids::ApplicationId;
use crate::ports::NewJob;

/// The kind of the job that tells a renter their application was cancelled because
/// the room was taken by another applicant; its payload is
/// `{"application_id": "<uuid>"}`.
pub const NOTIFY_ROOM_TAKEN_JOB: &str = "notify_room_taken";

/// Attempts the room-taken notification gets before it is dead (and visible to
/// admins).
pub const NOTIFY_ROOM_TAKEN_MAX_ATTEMPTS: u32 = 10;

/// The notification job of the cancelled `application`, due at `now`, with the unique
/// key `notify_room_taken:<application id>` so that a renter is told once per
/// application.
pub fn notify_room_taken_job(application: ApplicationId, now: DateTime<Utc>) -> NewJob {
    NewJob {
        kind: NOTIFY_ROOM_TAKEN_JOB.to_owned(),
        // A UUID's text needs no JSON escaping.
        payload: format!("{{\"application_id\":\"{application}\"}}"),
        run_at: now,
        max_attempts: NOTIFY_ROOM_TAKEN_MAX_ATTEMPTS,
        unique_key: Some(format!("{NOTIFY_ROOM_TAKEN_JOB}:{application}")),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn the_job_names_the_application_once() {
        let now = Utc
            .with_ymd_and_hms(2026, 11, 21, 12, 0, 0)
            .single()
            .expect("a valid instant");
        let id = ApplicationId::generate(now);
        let job = notify_room_taken_job(id, now);
        assert_eq!(job.kind, "notify_room_taken");
        assert_eq!(job.run_at, now);
        assert_eq!(job.max_attempts, NOTIFY_ROOM_TAKEN_MAX_ATTEMPTS);
        assert_eq!(
            job.unique_key.as_deref(),
            Some(format!("notify_room_taken:{id}").as_str())
        );
        assert_eq!(job.payload, format!("{{\"application_id\":\"{id}\"}}"));
    }
}
