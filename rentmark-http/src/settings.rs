//! One typed [`Settings`], loaded once from `Rocket.toml` and the environment
//! (`ROCKET_*` for Rocket itself, `RENTMARK_*` for ours) and passed down, never a
//! global. With no configuration at all the app runs on `sqlite://data/rentmark.db`,
//! a blob folder under `data/`, and a secret generated into `data/secret.key`.

use std::fmt;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use rocket::figment::Figment;
use rocket::figment::providers::Env;
use serde::Deserialize;

mod auth_limits;

pub use auth_limits::AuthLimitSettings;

/// A secret that never shows itself in `Debug` output or logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// Wraps key material.
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    /// The key material.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// The application's settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `sqlite://path` or `postgres://...`.
    pub database_url: String,
    /// Where the generated secret and the default database and blobs live.
    pub data_dir: PathBuf,
    /// The local blob folder.
    pub blob_dir: PathBuf,
    /// The application secret (64 bytes): signs tokens, sessions and blob URLs.
    pub secret: Secret,
    /// Where the secret came from, for the start-up log.
    pub secret_source: SecretSource,
    /// Platform admin bootstrapped at start-up when both are set.
    pub admin_email: Option<String>,
    /// Platform admin password.
    pub admin_password: Option<Secret>,
    /// Run the job worker inside the server (default true).
    pub run_worker: bool,
    /// How often the worker schedules the recurring jobs, in seconds.
    pub scheduler_interval_secs: u64,
    /// Lifetime of API tokens, in seconds (default 24 h).
    pub token_ttl_secs: i64,
    /// The limits on sign-ins and sign-ups (see [`crate::rate_limit`]).
    pub auth_limits: AuthLimitSettings,
    /// How long each process keeps who a user is (user and memberships),
    /// `RENTMARK_IDENTITY_CACHE_MS` (default [`rentmark_store::DEFAULT_IDENTITY_TTL`];
    /// 0: read on every request). A ban, erasure or membership change made by another
    /// process is seen within it.
    pub identity_cache: std::time::Duration,
    /// Which settings were defaulted, for the start-up log.
    pub defaulted: Vec<&'static str>,
}

/// Where the secret came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretSource {
    /// `RENTMARK_SECRET` or `Rocket.toml`.
    Configured,
    /// Read from `data/secret.key`, generated on an earlier start.
    DataFile,
    /// Generated now and written to `data/secret.key`.
    Generated,
}

#[derive(Debug, Default, Deserialize)]
struct RawSettings {
    database_url: Option<String>,
    data_dir: Option<PathBuf>,
    blob_dir: Option<PathBuf>,
    secret: Option<String>,
    admin_email: Option<String>,
    admin_password: Option<String>,
    run_worker: Option<bool>,
    scheduler_interval_secs: Option<u64>,
    token_ttl_secs: Option<i64>,
    auth_attempts_per_minute: Option<u32>,
    identity_cache_ms: Option<u64>,
    signin_failures_per_account: Option<u32>,
    signin_lockout_first_secs: Option<u64>,
    signin_lockout_max_secs: Option<u64>,
    signin_failure_reset_secs: Option<u64>,
    signin_failures_per_address: Option<u32>,
    signin_address_window_secs: Option<u64>,
    signups_per_address_burst: Option<u32>,
    signups_per_address_refill_secs: Option<u64>,
}

/// Why the settings could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// A value has the wrong type or shape.
    #[error("invalid configuration: {0}")]
    Invalid(String),
    /// The data folder or secret file could not be read or written.
    #[error("cannot use the data folder {path}: {source}")]
    DataDir {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// The figment the settings are read from: Rocket's own (`Rocket.toml` with its
/// profiles, `ROCKET_*`) merged with `RENTMARK_*` (`RENTMARK_DATABASE_URL` sets
/// `database_url` in every profile).
pub fn figment() -> Figment {
    rocket::Config::figment().merge(Env::prefixed("RENTMARK_").global())
}

impl Settings {
    /// Loads the settings from the process environment and `Rocket.toml`.
    ///
    /// # Errors
    /// [`SettingsError`] on a malformed value or an unusable data folder.
    pub fn load() -> Result<Self, SettingsError> {
        Self::from_figment(&figment())
    }

    /// Loads the settings from `figment` (tests pass their own).
    ///
    /// # Errors
    /// [`SettingsError`] on a malformed value or an unusable data folder.
    pub fn from_figment(figment: &Figment) -> Result<Self, SettingsError> {
        let raw: RawSettings = figment
            .extract()
            .map_err(|e| SettingsError::Invalid(e.to_string()))?;
        let auth_limits = AuthLimitSettings::from_raw(&raw)?;
        let mut defaulted = Vec::new();
        let data_dir = raw.data_dir.unwrap_or_else(|| {
            defaulted.push("data_dir=data");
            PathBuf::from("data")
        });
        let database_url = raw.database_url.unwrap_or_else(|| {
            defaulted.push("database_url=sqlite://<data_dir>/rentmark.db");
            format!("sqlite://{}", data_dir.join("rentmark.db").display())
        });
        let blob_dir = raw.blob_dir.unwrap_or_else(|| {
            defaulted.push("blob_dir=<data_dir>/blobs");
            data_dir.join("blobs")
        });
        let (secret, secret_source) = match raw.secret {
            Some(text) => (decode_secret(&text)?, SecretSource::Configured),
            None => {
                defaulted.push("secret=<data_dir>/secret.key");
                load_or_generate_secret(&data_dir)?
            }
        };
        Ok(Self {
            database_url,
            data_dir,
            blob_dir,
            secret,
            secret_source,
            admin_email: raw.admin_email.filter(|s| !s.trim().is_empty()),
            admin_password: raw
                .admin_password
                .filter(|s| !s.is_empty())
                .map(|s| Secret::new(s.into_bytes())),
            run_worker: raw.run_worker.unwrap_or(true),
            scheduler_interval_secs: raw.scheduler_interval_secs.unwrap_or(60).max(1),
            token_ttl_secs: raw.token_ttl_secs.unwrap_or(24 * 3600).max(60),
            auth_limits,
            identity_cache: raw.identity_cache_ms.map_or(
                rentmark_store::DEFAULT_IDENTITY_TTL,
                std::time::Duration::from_millis,
            ),
            defaulted,
        })
    }

    /// The base64 form of the secret, for Rocket's `secret_key` (private cookies).
    pub fn rocket_secret_key(&self) -> String {
        BASE64.encode(self.secret.expose())
    }
}

fn decode_secret(text: &str) -> Result<Secret, SettingsError> {
    let bytes = BASE64
        .decode(text.trim())
        .map_err(|_| SettingsError::Invalid("RENTMARK_SECRET must be base64".into()))?;
    if bytes.len() < 64 {
        return Err(SettingsError::Invalid(
            "RENTMARK_SECRET must hold at least 64 bytes".into(),
        ));
    }
    Ok(Secret::new(bytes))
}

fn load_or_generate_secret(data_dir: &Path) -> Result<(Secret, SecretSource), SettingsError> {
    let path = data_dir.join("secret.key");
    let io = |source| SettingsError::DataDir {
        path: path.clone(),
        source,
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok((decode_secret(&text)?, SecretSource::DataFile)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(data_dir).map_err(io)?;
            let mut bytes = vec![0_u8; 64];
            getrandom::fill(&mut bytes).map_err(|e| io(std::io::Error::other(e.to_string())))?;
            write_private(&path, BASE64.encode(&bytes).as_bytes()).map_err(io)?;
            Ok((Secret::new(bytes), SecretSource::Generated))
        }
        Err(e) => Err(io(e)),
    }
}

/// Writes a file readable by its owner only (where the platform has permissions).
fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options.open(path)?.write_all(contents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rocket::figment::providers::Serialized;

    #[test]
    fn defaults_to_sqlite_in_the_data_folder_and_generates_a_secret_once() {
        let dir = std::env::temp_dir().join(format!("rm-settings-{}", std::process::id()));
        let figment = Figment::new().merge(Serialized::default("data_dir", &dir));
        let first = Settings::from_figment(&figment).expect("settings");
        assert_eq!(
            first.database_url,
            format!("sqlite://{}", dir.join("rentmark.db").display())
        );
        assert_eq!(first.secret_source, SecretSource::Generated);
        assert_eq!(first.secret.expose().len(), 64);
        let second = Settings::from_figment(&figment).expect("settings");
        assert_eq!(second.secret_source, SecretSource::DataFile);
        assert_eq!(first.secret, second.secret);
        assert_eq!(format!("{:?}", first.secret), "Secret(..)");
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }

    #[test]
    fn keeps_identities_two_seconds_unless_told() {
        let secret = BASE64.encode([7_u8; 64]);
        let base = Figment::new().merge(Serialized::default("secret", &secret));
        let default = Settings::from_figment(&base).expect("settings");
        assert_eq!(default.identity_cache, std::time::Duration::from_secs(2));
        let off = base
            .clone()
            .merge(Serialized::default("identity_cache_ms", 0));
        assert_eq!(
            Settings::from_figment(&off)
                .expect("settings")
                .identity_cache,
            std::time::Duration::ZERO
        );
        let set = base.merge(Serialized::default("identity_cache_ms", 250));
        assert_eq!(
            Settings::from_figment(&set)
                .expect("settings")
                .identity_cache,
            std::time::Duration::from_millis(250)
        );
    }

    #[test]
    fn refuses_a_short_secret() {
        let figment = Figment::new().merge(Serialized::default("secret", "c2hvcnQ="));
        assert!(matches!(
            Settings::from_figment(&figment),
            Err(SettingsError::Invalid(_))
        ));
    }
}
