//! A token bucket per key, written as GCRA (the "theoretical arrival time" form): a
//! bucket of `burst` tokens, one token back every `refill`. A full bucket is no
//! record at all, so an address that stays within its budget costs no memory.
//!
//! Tokens can be taken at once ([`Bucket::take`], sign-ups: every attempt counts) or
//! reserved and paid only if the attempt turns out to count ([`Bucket::reserve`] then
//! [`Bucket::pay`] or [`Bucket::release`], failed sign-ins): a reserved token is
//! counted while its attempt runs, so parallel requests cannot overshoot the budget.

use chrono::{DateTime, TimeDelta, Utc};

use super::table::Record;

/// A bucket's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// How many tokens a full bucket holds (at least 1).
    pub burst: u32,
    /// How long one token takes to come back (positive).
    pub refill: TimeDelta,
}

impl Shape {
    /// The backlog a bucket may carry and still give a token: `(burst - 1) * refill`.
    fn tolerance(self) -> TimeDelta {
        self.refill * i32::try_from(self.burst.saturating_sub(1)).unwrap_or(i32::MAX)
    }
}

/// The state of one key's bucket.
#[derive(Debug, Default)]
pub struct Bucket {
    /// When the bucket will be full again (`None`: it is full).
    full_at: Option<DateTime<Utc>>,
    /// Tokens reserved by attempts still running.
    reserved: u32,
}

impl Record for Bucket {
    fn idle(&self, now: DateTime<Utc>) -> bool {
        self.reserved == 0 && self.full_at.is_none_or(|full| full <= now)
    }

    fn touched(&self) -> DateTime<Utc> {
        self.full_at.unwrap_or_default()
    }
}

impl Bucket {
    /// The time the tokens taken and reserved still need to come back.
    fn backlog(&self, shape: Shape, now: DateTime<Utc>) -> TimeDelta {
        let taken = self.full_at.map_or(TimeDelta::zero(), |full| {
            (full - now).max(TimeDelta::zero())
        });
        taken + shape.refill * i32::try_from(self.reserved).unwrap_or(i32::MAX)
    }

    /// `Ok` when a token is available at `now`, else how long until one is.
    fn available(&self, shape: Shape, now: DateTime<Utc>) -> Result<(), TimeDelta> {
        let over = self.backlog(shape, now) - shape.tolerance();
        if over > TimeDelta::zero() {
            Err(over)
        } else {
            Ok(())
        }
    }

    /// Removes one token from the bucket.
    fn spend(&mut self, shape: Shape, now: DateTime<Utc>) {
        let from = self.full_at.map_or(now, |full| full.max(now));
        self.full_at = Some(super::later(from, shape.refill));
    }

    /// Takes a token at `now`.
    ///
    /// # Errors
    /// How long until a token is back, when the bucket is empty.
    pub fn take(&mut self, shape: Shape, now: DateTime<Utc>) -> Result<(), TimeDelta> {
        self.available(shape, now)?;
        self.spend(shape, now);
        Ok(())
    }

    /// Reserves a token for an attempt whose outcome is not known yet.
    ///
    /// # Errors
    /// How long until a token is back, when none is free.
    pub fn reserve(&mut self, shape: Shape, now: DateTime<Utc>) -> Result<(), TimeDelta> {
        self.available(shape, now)?;
        self.reserved += 1;
        Ok(())
    }

    /// The reserved attempt counted: its token is spent.
    pub fn pay(&mut self, shape: Shape, now: DateTime<Utc>) {
        self.reserved = self.reserved.saturating_sub(1);
        self.spend(shape, now);
    }

    /// The reserved attempt did not count: its token is free again.
    pub fn release(&mut self) {
        self.reserved = self.reserved.saturating_sub(1);
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

    const SHAPE: Shape = Shape {
        burst: 3,
        refill: TimeDelta::seconds(10),
    };

    #[test]
    fn a_full_bucket_gives_its_burst_at_once_then_one_token_per_refill() {
        let mut bucket = Bucket::default();
        for _ in 0..3 {
            assert_eq!(bucket.take(SHAPE, t0()), Ok(()));
        }
        assert_eq!(bucket.take(SHAPE, t0()), Err(TimeDelta::seconds(10)));
        let almost = t0() + TimeDelta::seconds(9);
        assert_eq!(bucket.take(SHAPE, almost), Err(TimeDelta::seconds(1)));
        let later = t0() + TimeDelta::seconds(10);
        assert_eq!(bucket.take(SHAPE, later), Ok(()));
        assert_eq!(bucket.take(SHAPE, later), Err(TimeDelta::seconds(10)));
        // After burst * refill of quiet, the bucket is full and idle again.
        let quiet = later + TimeDelta::seconds(30);
        assert!(bucket.idle(quiet));
        for _ in 0..3 {
            assert_eq!(bucket.take(SHAPE, quiet), Ok(()));
        }
    }

    #[test]
    fn a_refused_take_spends_nothing() {
        let mut bucket = Bucket::default();
        for _ in 0..3 {
            assert_eq!(bucket.take(SHAPE, t0()), Ok(()));
        }
        for _ in 0..100 {
            assert!(bucket.take(SHAPE, t0()).is_err());
        }
        assert_eq!(bucket.take(SHAPE, t0() + TimeDelta::seconds(10)), Ok(()));
    }

    #[test]
    fn reserved_tokens_count_until_paid_or_released() {
        let mut bucket = Bucket::default();
        for _ in 0..3 {
            assert_eq!(bucket.reserve(SHAPE, t0()), Ok(()));
        }
        // Three attempts running: a fourth must wait, so parallel requests cannot
        // overshoot the budget.
        assert!(bucket.reserve(SHAPE, t0()).is_err());
        bucket.release();
        bucket.release();
        assert!(!bucket.idle(t0()), "one reservation is still running");
        bucket.pay(SHAPE, t0());
        assert_eq!(bucket.reserve(SHAPE, t0()), Ok(()));
        bucket.release();
        // One token paid, two left.
        assert_eq!(bucket.take(SHAPE, t0()), Ok(()));
        assert_eq!(bucket.take(SHAPE, t0()), Ok(()));
        assert_eq!(bucket.take(SHAPE, t0()), Err(TimeDelta::seconds(10)));
        assert!(!bucket.idle(t0() + TimeDelta::seconds(29)));
        assert!(bucket.idle(t0() + TimeDelta::seconds(30)));
    }

    #[test]
    fn a_clock_that_goes_back_does_not_panic_or_free_tokens() {
        let mut bucket = Bucket::default();
        for _ in 0..3 {
            assert_eq!(bucket.take(SHAPE, t0()), Ok(()));
        }
        assert!(bucket.take(SHAPE, t0() - TimeDelta::hours(1)).is_err());
    }
}
