//! When a failed job runs again: exponential backoff (base × 2^(attempts − 1),
//! capped), and dead after `max_attempts`.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

/// How failed jobs are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The delay after the first failure; doubled after each further one.
    pub base: StdDuration,
    /// The longest delay.
    pub cap: StdDuration,
}

impl Default for RetryPolicy {
    /// 10 s, 20 s, 40 s, ... capped at one hour.
    fn default() -> Self {
        Self {
            base: StdDuration::from_secs(10),
            cap: StdDuration::from_secs(3_600),
        }
    }
}

impl RetryPolicy {
    /// The delay before the next attempt after `attempts` failed ones (1 for the
    /// first failure): `base * 2^(attempts - 1)`, at most `cap`.
    pub fn delay(&self, attempts: u32) -> StdDuration {
        let doublings = attempts.saturating_sub(1).min(62);
        let factor = 1_u64 << doublings;
        let delay = u32::try_from(factor)
            .ok()
            .and_then(|factor| self.base.checked_mul(factor))
            .unwrap_or(self.cap);
        delay.min(self.cap)
    }

    /// When a job that failed its `attempts`-th attempt at `now` runs again, or `None`
    /// when it has used its `max_attempts` and is dead.
    pub fn retry_at(
        &self,
        attempts: u32,
        max_attempts: u32,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        if attempts >= max_attempts {
            return None;
        }
        let delay = Duration::from_std(self.delay(attempts)).unwrap_or(Duration::hours(1));
        Some(now + delay)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn delays_double_from_ten_seconds_up_to_an_hour() {
        let policy = RetryPolicy::default();
        let delays: Vec<u64> = (1..=11).map(|a| policy.delay(a).as_secs()).collect();
        assert_eq!(
            delays,
            vec![10, 20, 40, 80, 160, 320, 640, 1_280, 2_560, 3_600, 3_600]
        );
        assert_eq!(policy.delay(0).as_secs(), 10, "no failure yet: the base");
        assert_eq!(policy.delay(u32::MAX).as_secs(), 3_600);
    }

    #[test]
    fn a_job_is_dead_after_its_last_attempt() {
        let policy = RetryPolicy::default();
        let now = Utc
            .with_ymd_and_hms(2026, 11, 21, 12, 0, 0)
            .single()
            .expect("a valid instant");
        assert_eq!(
            policy.retry_at(1, 5, now),
            Some(now + Duration::seconds(10))
        );
        assert_eq!(
            policy.retry_at(4, 5, now),
            Some(now + Duration::seconds(80))
        );
        assert_eq!(policy.retry_at(5, 5, now), None);
        assert_eq!(policy.retry_at(6, 5, now), None);
        assert_eq!(policy.retry_at(1, 1, now), None);
    }
}
