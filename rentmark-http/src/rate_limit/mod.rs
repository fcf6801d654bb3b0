//! Limits on sign-ins and sign-ups, shaped so that real users are never refused while
//! password guessing and mass sign-ups are.
//!
//! # The rules
//!
//! 1. **Failed sign-ins per account**: an account (the normalized e-mail
//!    address, known or not, so that a refusal tells nothing about whether it exists)
//!    has a small free budget of failures (`RENTMARK_SIGNIN_FAILURES_PER_ACCOUNT`,
//!    default 5). The failure that uses it up locks the account for
//!    `RENTMARK_SIGNIN_LOCKOUT_FIRST_SECS` (1 s); each further failure doubles the
//!    lockout, up to `RENTMARK_SIGNIN_LOCKOUT_MAX_SECS` (15 min). While locked, a
//!    sign-in to the account is refused (429, `auth.account_locked`) **without checking
//!    the password**, the right one included. The failures are forgotten after
//!    `RENTMARK_SIGNIN_FAILURE_RESET_SECS` (1 h) without one; that period is at least
//!    the longest lockout, so waiting out each lockout never starts the count again.
//!    This holds however many addresses an attacker has: one account gets about four
//!    guesses an hour once locked. The cost is that a stranger can keep someone's
//!    account locked for 15 minutes at a time; the doubling keeps a few typos harmless.
//! 2. **Failed sign-ins per address**: a token bucket of
//!    `RENTMARK_SIGNIN_FAILURES_PER_ADDRESS` failures (50) refilling over
//!    `RENTMARK_SIGNIN_ADDRESS_WINDOW_SECS` (15 min, so one failure back every 18 s).
//!    This stops one address spraying a few guesses over many accounts; it is ten
//!    times the per-account budget so that a campus or office network's typos pass.
//!    Past it, sign-ins from the address are refused (429, `auth.too_many_failures`)
//!    without checking the password.
//! 3. **Sign-ups per address**: a token bucket of `RENTMARK_SIGNUPS_PER_ADDRESS_BURST`
//!    (30) refilling one every `RENTMARK_SIGNUPS_PER_ADDRESS_REFILL_SECS` (20 s), 429
//!    `auth.too_many_signups` past it. Every sign-up attempt counts (also a refused
//!    one: the "address already used" answer must not be a free account lookup).
//!    Students behind one campus NAT sign up in bursts (a class told to register in a
//!    lecture): 30 at once covers a class, and 3 a minute (180 an hour) serves the
//!    trickle of the first days of term; a script still gets no more than 4,320
//!    accounts a day per address, each costing it an argon2 hash of our CPU.
//!
//! A successful sign-in forgets the account's failures and never consumes any budget,
//! so sign-ins that succeed are never refused by a failure limit (only while the
//! account is locked or the address is over its budget, when no password is checked).
//! A success does not restore the address's budget: one valid account must not let an
//! attacker reset it. Attempts still running count against the budgets (reserved,
//! then paid on failure or returned), so parallel requests cannot overshoot them.
//!
//! Every 429, API and pages, carries `Retry-After` (whole seconds, rounded up), set by
//! [`RetryAfterFairing`] from the wait the refusal noted in the request; the API's
//! envelope also says it as `error.retry_after`.
//!
//! # Scope
//!
//! The state is per process and in memory, as before: several app processes behind a
//! load balancer each apply the limits (an attacker spread over N processes gets up to
//! N times the budget; sticky routing or a shared store would close that), and a
//! restart forgets them. Each table keeps at most [`MAX_TRACKED`] keys (dropping idle
//! records first, then the least recently touched); an account is kept as a 128-bit
//! digest of its address, never the address. The address is Rocket's `client_ip()`: the `X-Real-IP` header when present
//! (Rocket's default `ip_header`), else the peer. A server reached without a proxy that
//! sets that header must run with `ROCKET_IP_HEADER=false`, or a client could pick its
//! own address. Time is the app's [`Clock`](rentmark_domain::ports::Clock), so tests
//! move it instead of sleeping; a clock stepping back only lengthens waits.

mod account;
mod bucket;
mod guards;
mod table;

pub use guards::{AuthClient, RetryAfter, RetryAfterFairing, SignupAttempt};

use std::net::IpAddr;

use chrono::{DateTime, TimeDelta, Utc};
use rentmark_domain::user::Email;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::settings::AuthLimitSettings;

/// Past this many tracked keys, a table drops idle and then the oldest records.
pub const MAX_TRACKED: usize = 100_000;

/// The i18n codes of the refusals.
pub mod codes {
    /// The account is locked after too many failed sign-ins.
    pub const ACCOUNT_LOCKED: &str = "auth.account_locked";
    /// Too many failed sign-ins from the client's address.
    pub const TOO_MANY_FAILURES: &str = "auth.too_many_failures";
    /// Too many sign-ups from the client's address.
    pub const TOO_MANY_SIGNUPS: &str = "auth.too_many_signups";
}

/// The `Retry-After` of a 429 whose refusal noted no wait (none should: a safe guess).
pub const FALLBACK_RETRY_SECS: u64 = 60;

/// `t + d`, or the end of time instead of overflowing.
pub(crate) fn later(t: DateTime<Utc>, d: TimeDelta) -> DateTime<Utc> {
    t.checked_add_signed(d).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// A refusal: which limit, and how long to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    /// The i18n code (one of [`codes`]).
    pub code: &'static str,
    /// Whole seconds to wait, rounded up, at least 1.
    pub retry_after_secs: u64,
}

impl Limited {
    fn new(code: &'static str, wait: TimeDelta) -> Self {
        let millis = u64::try_from(wait.num_milliseconds()).unwrap_or(0);
        Self {
            code,
            retry_after_secs: millis.div_ceil(1000).max(1),
        }
    }
}

impl From<Limited> for ApiError {
    fn from(limited: Limited) -> Self {
        Self::TooManyRequests {
            code: limited.code,
            retry_after_secs: limited.retry_after_secs,
        }
    }
}

/// An account as the limits know it: a digest of its normalized address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct AccountKey([u8; 16]);

impl AccountKey {
    /// The key of `email`, or `None` when it is no address at all (then only the
    /// address limit applies: no account can match it).
    fn of(email: &str) -> Option<Self> {
        let email = Email::parse(email).ok()?;
        let digest = Sha256::digest(email.as_str().as_bytes());
        let mut key = [0_u8; 16];
        key.copy_from_slice(&digest[..16]);
        Some(Self(key))
    }
}

/// The sign-in and sign-up limits of this process.
pub struct AuthLimits {
    accounts: table::Table<AccountKey, account::Failures>,
    account_policy: account::Policy,
    failures: table::Table<IpAddr, bucket::Bucket>,
    failure_shape: bucket::Shape,
    signups: table::Table<IpAddr, bucket::Bucket>,
    signup_shape: bucket::Shape,
}

impl std::fmt::Debug for AuthLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthLimits")
            .field("account_policy", &self.account_policy)
            .field("failure_shape", &self.failure_shape)
            .field("signup_shape", &self.signup_shape)
            .finish_non_exhaustive()
    }
}

/// Seconds as a time delta (settings are validated to at most a year).
fn secs(secs: u64) -> TimeDelta {
    TimeDelta::seconds(
        i64::try_from(secs)
            .unwrap_or(i64::MAX / 1000)
            .min(i64::MAX / 1000),
    )
}

impl AuthLimits {
    /// The limits `settings` describe, nothing tracked yet.
    pub fn new(settings: &AuthLimitSettings) -> Self {
        let per_address = i64::from(settings.signin_failures_per_address.max(1));
        let window_millis = secs(settings.signin_address_window_secs).num_milliseconds();
        Self {
            accounts: table::Table::new(MAX_TRACKED),
            account_policy: account::Policy {
                budget: settings.signin_failures_per_account.max(1),
                first: secs(settings.signin_lockout_first_secs.max(1)),
                max: secs(settings.signin_lockout_max_secs),
                reset: secs(settings.signin_failure_reset_secs),
            },
            failures: table::Table::new(MAX_TRACKED),
            failure_shape: bucket::Shape {
                burst: settings.signin_failures_per_address.max(1),
                refill: TimeDelta::milliseconds((window_millis / per_address).max(1)),
            },
            signups: table::Table::new(MAX_TRACKED),
            signup_shape: bucket::Shape {
                burst: settings.signups_per_address_burst.max(1),
                refill: secs(settings.signups_per_address_refill_secs.max(1)),
            },
        }
    }

    /// Counts a sign-up attempt from `ip` at `now`.
    ///
    /// # Errors
    /// [`Limited`] with [`codes::TOO_MANY_SIGNUPS`] past the address's burst.
    pub fn sign_up(&self, ip: IpAddr, now: DateTime<Utc>) -> Result<(), Limited> {
        let shape = self.signup_shape;
        self.signups
            .with(&ip, now, |bucket| bucket.take(shape, now))
            .map_err(|wait| Limited::new(codes::TOO_MANY_SIGNUPS, wait))
    }

    /// Starts a sign-in to `email` from `ip` at `now`: end it with
    /// [`SignIn::failed`] or [`SignIn::succeeded`] once the password is checked
    /// (dropping it counts nothing).
    ///
    /// # Errors
    /// [`Limited`] while the account is locked ([`codes::ACCOUNT_LOCKED`]) or the
    /// address is past its failure budget ([`codes::TOO_MANY_FAILURES`]): the password
    /// must then not be checked.
    pub fn begin_sign_in(
        &self,
        ip: IpAddr,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<SignIn<'_>, Limited> {
        let account = AccountKey::of(email);
        if let Some(key) = &account {
            let policy = self.account_policy;
            self.accounts
                .with(key, now, |record| record.begin(&policy, now))
                .map_err(|wait| Limited::new(codes::ACCOUNT_LOCKED, wait))?;
        }
        let shape = self.failure_shape;
        if let Err(wait) = self
            .failures
            .with(&ip, now, |bucket| bucket.reserve(shape, now))
        {
            if let Some(key) = &account {
                self.accounts
                    .with_existing(key, now, account::Failures::release);
            }
            return Err(Limited::new(codes::TOO_MANY_FAILURES, wait));
        }
        Ok(SignIn {
            limits: self,
            ip,
            account,
            now,
            open: true,
        })
    }
}

/// A sign-in under way, holding its reservations in the budgets.
#[derive(Debug)]
pub struct SignIn<'a> {
    limits: &'a AuthLimits,
    ip: IpAddr,
    account: Option<AccountKey>,
    now: DateTime<Utc>,
    open: bool,
}

impl SignIn<'_> {
    /// The password was wrong (or the account unknown) at `now`: counts against the
    /// account and the address.
    pub fn failed(mut self, now: DateTime<Utc>) {
        self.open = false;
        let limits = self.limits;
        if let Some(key) = &self.account {
            let policy = limits.account_policy;
            limits
                .accounts
                .with(key, now, |record| record.fail(&policy, now));
        }
        let shape = limits.failure_shape;
        limits
            .failures
            .with_existing(&self.ip, now, |bucket| bucket.pay(shape, now));
    }

    /// The password was right: the account's failures are forgotten, and nothing
    /// counts.
    pub fn succeeded(mut self) {
        self.open = false;
        if let Some(key) = &self.account {
            self.limits.accounts.remove(key);
        }
        self.limits
            .failures
            .with_existing(&self.ip, self.now, bucket::Bucket::release);
    }
}

impl Drop for SignIn<'_> {
    /// An attempt ended without a verdict (an outage, a banned account): its
    /// reservations are returned.
    fn drop(&mut self) {
        if !self.open {
            return;
        }
        if let Some(key) = &self.account {
            self.limits
                .accounts
                .with_existing(key, self.now, account::Failures::release);
        }
        self.limits
            .failures
            .with_existing(&self.ip, self.now, bucket::Bucket::release);
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use chrono::TimeZone;

    use super::*;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .expect("date")
    }

    fn limits() -> AuthLimits {
        AuthLimits::new(&AuthLimitSettings {
            signin_failures_per_account: 2,
            signin_failures_per_address: 3,
            ..AuthLimitSettings::default()
        })
    }

    const IP: IpAddr = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));

    #[test]
    fn waits_are_whole_seconds_rounded_up() {
        let wait = |millis| Limited::new("x", TimeDelta::milliseconds(millis)).retry_after_secs;
        assert_eq!(
            [
                wait(-5),
                wait(0),
                wait(1),
                wait(1000),
                wait(1001),
                wait(59_999)
            ],
            [1, 1, 1, 1, 2, 60]
        );
    }

    #[test]
    fn addresses_are_the_same_account_whatever_their_case_or_spaces() {
        assert_eq!(
            AccountKey::of(" Alice@Example.TEST "),
            AccountKey::of("alice@example.test")
        );
        assert_ne!(
            AccountKey::of("alice@example.test"),
            AccountKey::of("bob@example.test")
        );
        assert_eq!(AccountKey::of("not an address"), None);
    }

    #[test]
    fn an_attempt_ended_without_a_verdict_counts_nothing() {
        let limits = limits();
        for _ in 0..10 {
            let attempt = limits.begin_sign_in(IP, "a@example.test", t0());
            assert!(attempt.is_ok());
            drop(attempt);
        }
        assert_eq!(limits.accounts.len(), 0);
        assert_eq!(limits.failures.len(), 0);
    }

    #[test]
    fn a_refusal_by_the_address_returns_the_account_reservation() {
        let limits = limits();
        for n in 0..3 {
            let attempt = limits
                .begin_sign_in(IP, &format!("user{n}@example.test"), t0())
                .expect("within the budget");
            attempt.failed(t0());
        }
        for _ in 0..5 {
            let refused = limits.begin_sign_in(IP, "a@example.test", t0());
            assert_eq!(
                refused.map(|_| ()).map_err(|l| l.code),
                Err(codes::TOO_MANY_FAILURES)
            );
        }
        // The account itself was never tried: another address may try it.
        let other = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2));
        let attempt = limits.begin_sign_in(other, "a@example.test", t0());
        assert!(attempt.is_ok());
    }

    #[test]
    fn text_that_is_no_address_counts_against_the_address_only() {
        let limits = limits();
        for _ in 0..3 {
            limits
                .begin_sign_in(IP, "no address", t0())
                .expect("within the budget")
                .failed(t0());
        }
        assert_eq!(limits.accounts.len(), 0);
        assert!(limits.begin_sign_in(IP, "no address", t0()).is_err());
    }
}
