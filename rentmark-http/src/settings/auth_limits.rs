//! The sign-in and sign-up limits' settings ([`AuthLimitSettings`]): one
//! `RENTMARK_*` variable per limit, each validated at load.

use std::fmt;

use super::{RawSettings, SettingsError};

/// The limits on sign-ins and sign-ups, one `RENTMARK_*` variable each (the
/// [`crate::rate_limit`] module says what each does and why its default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthLimitSettings {
    /// `RENTMARK_SIGNIN_FAILURES_PER_ACCOUNT`: failures an account may have before
    /// its first lockout (default 5).
    pub signin_failures_per_account: u32,
    /// `RENTMARK_SIGNIN_LOCKOUT_FIRST_SECS`: the first lockout; each further failure
    /// doubles it (default 1).
    pub signin_lockout_first_secs: u64,
    /// `RENTMARK_SIGNIN_LOCKOUT_MAX_SECS`: the longest lockout (default 900).
    pub signin_lockout_max_secs: u64,
    /// `RENTMARK_SIGNIN_FAILURE_RESET_SECS`: an account's failures are forgotten after
    /// this long without one (default 3600; at least the longest lockout).
    pub signin_failure_reset_secs: u64,
    /// `RENTMARK_SIGNIN_FAILURES_PER_ADDRESS`: failed sign-ins one address may make
    /// at once (default 50) ...
    pub signin_failures_per_address: u32,
    /// ... `RENTMARK_SIGNIN_ADDRESS_WINDOW_SECS`: ... and the time in which that budget
    /// comes back (default 900).
    pub signin_address_window_secs: u64,
    /// `RENTMARK_SIGNUPS_PER_ADDRESS_BURST`: sign-ups one address may make at once
    /// (default 30) ...
    pub signups_per_address_burst: u32,
    /// ... `RENTMARK_SIGNUPS_PER_ADDRESS_REFILL_SECS`: ... and how long one more takes
    /// to come back (default 20).
    pub signups_per_address_refill_secs: u64,
}

impl Default for AuthLimitSettings {
    fn default() -> Self {
        Self {
            signin_failures_per_account: 5,
            signin_lockout_first_secs: 1,
            signin_lockout_max_secs: 15 * 60,
            signin_failure_reset_secs: 3600,
            signin_failures_per_address: 50,
            signin_address_window_secs: 15 * 60,
            signups_per_address_burst: 30,
            signups_per_address_refill_secs: 20,
        }
    }
}

/// The largest count a limit accepts.
const MAX_LIMIT_COUNT: u32 = 1_000_000;
/// The longest duration a limit accepts: a year.
const MAX_LIMIT_SECS: u64 = 366 * 24 * 3600;

/// `value` (or `default`) when it lies in `1..=max`.
fn limit<T: PartialOrd + From<u8> + Copy + fmt::Display>(
    variable: &str,
    value: Option<T>,
    default: T,
    max: T,
) -> Result<T, SettingsError> {
    let value = value.unwrap_or(default);
    if value < T::from(1) || value > max {
        return Err(SettingsError::Invalid(format!(
            "{variable} must be between 1 and {max}, not {value}"
        )));
    }
    Ok(value)
}

impl AuthLimitSettings {
    /// The limits `raw` sets, the others defaulted.
    ///
    /// # Errors
    /// [`SettingsError::Invalid`] naming the variable of a value out of range, or
    /// when the replaced `RENTMARK_AUTH_ATTEMPTS_PER_MINUTE` is still set.
    pub(super) fn from_raw(raw: &RawSettings) -> Result<Self, SettingsError> {
        if raw.auth_attempts_per_minute.is_some() {
            return Err(SettingsError::Invalid(
                "RENTMARK_AUTH_ATTEMPTS_PER_MINUTE was replaced by the RENTMARK_SIGNIN_* and \
                 RENTMARK_SIGNUPS_* limits (see the README's Configuration)"
                    .into(),
            ));
        }
        let d = Self::default();
        let count = |name, value, default| limit(name, value, default, MAX_LIMIT_COUNT);
        let secs = |name, value, default| limit(name, value, default, MAX_LIMIT_SECS);
        let limits = Self {
            signin_failures_per_account: count(
                "RENTMARK_SIGNIN_FAILURES_PER_ACCOUNT",
                raw.signin_failures_per_account,
                d.signin_failures_per_account,
            )?,
            signin_lockout_first_secs: secs(
                "RENTMARK_SIGNIN_LOCKOUT_FIRST_SECS",
                raw.signin_lockout_first_secs,
                d.signin_lockout_first_secs,
            )?,
            signin_lockout_max_secs: secs(
                "RENTMARK_SIGNIN_LOCKOUT_MAX_SECS",
                raw.signin_lockout_max_secs,
                d.signin_lockout_max_secs,
            )?,
            signin_failure_reset_secs: secs(
                "RENTMARK_SIGNIN_FAILURE_RESET_SECS",
                raw.signin_failure_reset_secs,
                d.signin_failure_reset_secs,
            )?,
            signin_failures_per_address: count(
                "RENTMARK_SIGNIN_FAILURES_PER_ADDRESS",
                raw.signin_failures_per_address,
                d.signin_failures_per_address,
            )?,
            signin_address_window_secs: secs(
                "RENTMARK_SIGNIN_ADDRESS_WINDOW_SECS",
                raw.signin_address_window_secs,
                d.signin_address_window_secs,
            )?,
            signups_per_address_burst: count(
                "RENTMARK_SIGNUPS_PER_ADDRESS_BURST",
                raw.signups_per_address_burst,
                d.signups_per_address_burst,
            )?,
            signups_per_address_refill_secs: secs(
                "RENTMARK_SIGNUPS_PER_ADDRESS_REFILL_SECS",
                raw.signups_per_address_refill_secs,
                d.signups_per_address_refill_secs,
            )?,
        };
        if limits.signin_lockout_first_secs > limits.signin_lockout_max_secs {
            return Err(SettingsError::Invalid(
                "RENTMARK_SIGNIN_LOCKOUT_FIRST_SECS must not exceed RENTMARK_SIGNIN_LOCKOUT_MAX_SECS"
                    .into(),
            ));
        }
        if limits.signin_failure_reset_secs < limits.signin_lockout_max_secs {
            return Err(SettingsError::Invalid(
                "RENTMARK_SIGNIN_FAILURE_RESET_SECS must be at least \
                 RENTMARK_SIGNIN_LOCKOUT_MAX_SECS (else waiting out a lockout would start the \
                 count again)"
                    .into(),
            ));
        }
        Ok(limits)
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD as BASE64;
    use rocket::figment::Figment;
    use rocket::figment::providers::Serialized;

    use super::*;
    use crate::settings::Settings;

    #[test]
    fn auth_limits_default_to_the_documented_values_and_each_can_be_set() {
        let secret = BASE64.encode([7_u8; 64]);
        let base = Figment::new().merge(Serialized::default("secret", &secret));
        let limits = Settings::from_figment(&base).expect("settings").auth_limits;
        assert_eq!(
            limits,
            AuthLimitSettings {
                signin_failures_per_account: 5,
                signin_lockout_first_secs: 1,
                signin_lockout_max_secs: 900,
                signin_failure_reset_secs: 3600,
                signin_failures_per_address: 50,
                signin_address_window_secs: 900,
                signups_per_address_burst: 30,
                signups_per_address_refill_secs: 20,
            }
        );
        let set = [
            ("signin_failures_per_account", 3),
            ("signin_lockout_first_secs", 2),
            ("signin_lockout_max_secs", 60),
            ("signin_failure_reset_secs", 120),
            ("signin_failures_per_address", 7),
            ("signin_address_window_secs", 70),
            ("signups_per_address_burst", 9),
            ("signups_per_address_refill_secs", 11),
        ]
        .into_iter()
        .fold(base, |f, (name, value)| {
            f.merge(Serialized::default(name, value))
        });
        assert_eq!(
            Settings::from_figment(&set).expect("settings").auth_limits,
            AuthLimitSettings {
                signin_failures_per_account: 3,
                signin_lockout_first_secs: 2,
                signin_lockout_max_secs: 60,
                signin_failure_reset_secs: 120,
                signin_failures_per_address: 7,
                signin_address_window_secs: 70,
                signups_per_address_burst: 9,
                signups_per_address_refill_secs: 11,
            }
        );
    }

    #[test]
    fn refuses_auth_limits_that_make_no_sense() {
        let secret = BASE64.encode([7_u8; 64]);
        let base = Figment::new().merge(Serialized::default("secret", &secret));
        let refused = |pairs: &[(&str, u64)]| {
            let figment = pairs.iter().fold(base.clone(), |f, (name, value)| {
                f.merge(Serialized::default(name, value))
            });
            match Settings::from_figment(&figment) {
                Err(SettingsError::Invalid(message)) => message,
                other => panic!("expected a refusal of {pairs:?}, got {other:?}"),
            }
        };
        assert!(
            refused(&[("signups_per_address_burst", 0)])
                .contains("RENTMARK_SIGNUPS_PER_ADDRESS_BURST")
        );
        assert!(
            refused(&[("signin_failures_per_account", 0)])
                .contains("RENTMARK_SIGNIN_FAILURES_PER_ACCOUNT")
        );
        assert!(
            refused(&[("signin_lockout_max_secs", 400 * 24 * 3600)])
                .contains("RENTMARK_SIGNIN_LOCKOUT_MAX_SECS")
        );
        assert!(
            refused(&[("signin_failure_reset_secs", 600)])
                .contains("RENTMARK_SIGNIN_FAILURE_RESET_SECS must be at least")
        );
        assert!(
            refused(&[("signin_lockout_first_secs", 1000)])
                .contains("RENTMARK_SIGNIN_LOCKOUT_FIRST_SECS must not exceed")
        );
        // The single limit of before is not silently ignored.
        assert!(
            refused(&[("auth_attempts_per_minute", 10)])
                .contains("RENTMARK_AUTH_ATTEMPTS_PER_MINUTE was replaced")
        );
    }
}
