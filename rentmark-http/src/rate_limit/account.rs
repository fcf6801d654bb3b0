//! Failed sign-ins of one account: a free budget, then a lockout that doubles with
//! each further failure up to a ceiling, forgotten after a quiet period.
//!
//! With a budget of 5, a first delay of 1 s and a ceiling of 15 min: five failures
//! cost nothing; the fifth locks the account for 1 s, the sixth for 2 s, the seventh
//! for 4 s, ... the fifteenth and later for 15 min. While locked, an attempt is refused
//! without checking its password. A success forgets the record.

use chrono::{DateTime, TimeDelta, Utc};

use super::table::Record;

/// The lockout policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Failures allowed before the first lockout (at least 1).
    pub budget: u32,
    /// The first lockout (positive).
    pub first: TimeDelta,
    /// The longest lockout.
    pub max: TimeDelta,
    /// A record without a failure for this long is forgotten (at least `max`, so a
    /// patient attacker waiting out each lockout never starts again from zero).
    pub reset: TimeDelta,
}

impl Policy {
    /// The lockout after the `failures`-th failure (`None` within the budget).
    pub fn lockout(&self, failures: u32) -> Option<TimeDelta> {
        let doublings = failures.checked_sub(self.budget)?;
        let factor = 1_i32.checked_shl(doublings).filter(|f| *f > 0);
        Some(
            factor
                .and_then(|f| self.first.checked_mul(f))
                .map_or(self.max, |delay| delay.min(self.max)),
        )
    }
}

/// One account's record.
#[derive(Debug, Default)]
pub struct Failures {
    /// Failures since the record was last forgotten.
    count: u32,
    /// When the failures are forgotten (the last failure plus the policy's reset).
    forget_at: Option<DateTime<Utc>>,
    /// Attempts on this account still running.
    running: u32,
    /// No attempt before this instant.
    locked_until: Option<DateTime<Utc>>,
}

impl Record for Failures {
    fn idle(&self, now: DateTime<Utc>) -> bool {
        self.running == 0
            && self.locked_until.is_none_or(|until| until <= now)
            && self.forget_at.is_none_or(|forget| forget <= now)
    }

    fn touched(&self) -> DateTime<Utc> {
        self.forget_at.unwrap_or_default()
    }
}

impl Failures {
    /// Forgets the failures after `policy.reset` without one.
    fn refresh(&mut self, now: DateTime<Utc>) {
        if self.forget_at.is_some_and(|forget| forget <= now) {
            self.count = 0;
            self.forget_at = None;
            self.locked_until = None;
        }
    }

    /// Starts an attempt at `now`.
    ///
    /// # Errors
    /// How long to wait: the rest of the lockout, or 1 s when as many attempts as
    /// the remaining budget are already running (past the budget, one at a time).
    pub fn begin(&mut self, policy: &Policy, now: DateTime<Utc>) -> Result<(), TimeDelta> {
        self.refresh(now);
        if let Some(until) = self.locked_until.filter(|until| *until > now) {
            return Err(until - now);
        }
        let free = policy.budget.saturating_sub(self.count).max(1);
        if self.running >= free {
            return Err(TimeDelta::seconds(1));
        }
        self.running += 1;
        Ok(())
    }

    /// The attempt failed at `now`: counted, and the account locked past the budget.
    pub fn fail(&mut self, policy: &Policy, now: DateTime<Utc>) {
        self.running = self.running.saturating_sub(1);
        self.refresh(now);
        self.count = self.count.saturating_add(1);
        self.forget_at = Some(super::later(now, policy.reset));
        if let Some(delay) = policy.lockout(self.count) {
            let until = super::later(now, delay);
            self.locked_until = Some(self.locked_until.map_or(until, |u| u.max(until)));
        }
    }

    /// The attempt ended without counting (success is handled by forgetting the
    /// record; this is for an attempt that could not be decided, e.g. an outage).
    pub fn release(&mut self) {
        self.running = self.running.saturating_sub(1);
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .expect("date")
    }

    const POLICY: Policy = Policy {
        budget: 3,
        first: TimeDelta::seconds(1),
        max: TimeDelta::seconds(60),
        reset: TimeDelta::seconds(3600),
    };

    /// One failed attempt at `now`.
    fn fail_at(record: &mut Failures, now: DateTime<Utc>) -> Result<(), TimeDelta> {
        record.begin(&POLICY, now)?;
        record.fail(&POLICY, now);
        Ok(())
    }

    #[test]
    fn lockouts_double_from_the_budget_up_to_the_ceiling() {
        let delays: Vec<Option<i64>> = (0..12)
            .map(|n| POLICY.lockout(n).map(|d| d.num_seconds()))
            .collect();
        assert_eq!(
            delays,
            [
                None,
                None,
                None,
                Some(1),
                Some(2),
                Some(4),
                Some(8),
                Some(16),
                Some(32),
                Some(60),
                Some(60),
                Some(60)
            ]
        );
        assert_eq!(POLICY.lockout(u32::MAX), Some(TimeDelta::seconds(60)));
    }

    #[test]
    fn the_budget_is_free_then_each_failure_locks_longer() {
        let mut record = Failures::default();
        let mut now = t0();
        for _ in 0..2 {
            assert_eq!(fail_at(&mut record, now), Ok(()));
        }
        // The third failure (the budget) locks for 1 s.
        assert_eq!(fail_at(&mut record, now), Ok(()));
        assert_eq!(fail_at(&mut record, now), Err(TimeDelta::seconds(1)));
        now += TimeDelta::seconds(1);
        assert_eq!(fail_at(&mut record, now), Ok(()));
        assert_eq!(fail_at(&mut record, now), Err(TimeDelta::seconds(2)));
        now += TimeDelta::milliseconds(1500);
        assert_eq!(fail_at(&mut record, now), Err(TimeDelta::milliseconds(500)));
        now += TimeDelta::milliseconds(500);
        assert_eq!(fail_at(&mut record, now), Ok(()));
        assert_eq!(fail_at(&mut record, now), Err(TimeDelta::seconds(4)));
    }

    #[test]
    fn a_quiet_period_forgets_the_failures() {
        let mut record = Failures::default();
        for _ in 0..3 {
            assert_eq!(fail_at(&mut record, t0()), Ok(()));
        }
        assert!(!record.idle(t0() + TimeDelta::seconds(3599)));
        let later = t0() + TimeDelta::seconds(3600);
        assert!(record.begin(&POLICY, later).is_ok());
        record.release();
        assert!(record.idle(later));
        // The budget is whole again.
        for _ in 0..3 {
            assert_eq!(fail_at(&mut record, later), Ok(()));
        }
        assert!(fail_at(&mut record, later).is_err());
    }

    #[test]
    fn parallel_attempts_cannot_overshoot_the_budget() {
        let mut record = Failures::default();
        assert_eq!(fail_at(&mut record, t0()), Ok(()));
        // Two failures left: two attempts may run at once, not a third.
        assert!(record.begin(&POLICY, t0()).is_ok());
        assert!(record.begin(&POLICY, t0()).is_ok());
        assert_eq!(record.begin(&POLICY, t0()), Err(TimeDelta::seconds(1)));
        record.release();
        assert!(record.begin(&POLICY, t0()).is_ok());
    }
}
