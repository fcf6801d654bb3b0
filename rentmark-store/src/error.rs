//! Errors: [`StoreError`] for opening a store, and the one mapping from `sqlx::Error`
//! to the ports' [`RepoError`].
//!
//! The mapping never turns an outage into "not found" or "empty": only a missing row
//! and a reference to a missing row are `NotFound`, only a uniqueness violation is a
//! `Conflict`, only a value refused as data is `Unstorable`, and everything else (connection lost, pool timeout, corrupt row,
//! trigger, check constraint) is `Unavailable`.

use std::fmt::Display;

use rentmark_domain::ports::{RepoError, Unstorable};
use sqlx::error::{DatabaseError, ErrorKind};

/// Why a store could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The URL names no supported backend (`sqlite://` or `postgres://`).
    #[error("unsupported database url {0:?}: expected sqlite://... or postgres://...")]
    UnsupportedUrl(String),
    /// The URL could not be parsed.
    #[error("invalid database url")]
    InvalidUrl(#[source] sqlx::Error),
    /// The folder of the SQLite file could not be created.
    #[error("cannot create the database folder {path}")]
    CreateFolder {
        /// The folder.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The database could not be reached.
    #[error("cannot connect to the database")]
    Connect(#[source] RepoError),
    /// The connection pool could not be built.
    #[error("invalid connection pool settings: {0}")]
    Pool(String),
    /// The migrations failed.
    #[error("database migrations failed")]
    Migrate(#[source] sqlx::migrate::MigrateError),
}

/// Maps a database error to what the ports report.
///
/// - `RowNotFound` -> `NotFound`;
/// - a unique violation -> `Conflict` named after the violated index (PostgreSQL
///   reports its name; SQLite reports `table.column, ..`, from which the same
///   `<table>_<columns>` name is derived);
/// - a foreign-key violation -> `NotFound`: the row referenced (an organization's
///   property, unit, tenant, lease or document) does not exist in the caller's
///   organization, because every reference includes `org_id`;
/// - a value the database refuses as data (text with NUL on PostgreSQL, a value too
///   large for its column or index) -> `Unstorable`: bad input, not an outage;
/// - anything else -> `Unavailable`.
pub(crate) fn db_error(error: sqlx::Error) -> RepoError {
    match error {
        sqlx::Error::RowNotFound => RepoError::NotFound,
        sqlx::Error::Database(db) => match db.kind() {
            ErrorKind::UniqueViolation => RepoError::Conflict {
                constraint: constraint_name(db.as_ref()),
            },
            ErrorKind::ForeignKeyViolation => RepoError::NotFound,
            _ => match unstorable(db.code().as_deref()) {
                Some(why) => RepoError::Unstorable(why),
                None => RepoError::Unavailable(Box::new(sqlx::Error::Database(db))),
            },
        },
        other => RepoError::Unavailable(Box::new(other)),
    }
}

/// Whether an error code says the database refused a value (bad input) rather than
/// failed. PostgreSQL: 22021 and 22P05 (characters `text` cannot hold, NUL above
/// all), 22001 (too long for its column), 54000 (too large for an index entry),
/// 22003 and 22008 (a number or a date out of the column's range). SQLite: 18,
/// `SQLITE_TOOBIG`. The rest of PostgreSQL's class 22 (a cast that fails, a division
/// by zero) would be a bug in a statement, not bad input, and stays `Unavailable`.
fn unstorable(code: Option<&str>) -> Option<Unstorable> {
    match code? {
        "22021" | "22P05" => Some(Unstorable::Text),
        "22001" | "54000" | "18" => Some(Unstorable::TooLarge),
        "22003" | "22008" => Some(Unstorable::OutOfRange),
        _ => None,
    }
}

/// The name of a violated unique index.
fn constraint_name(db: &dyn DatabaseError) -> String {
    if let Some(name) = db.constraint() {
        return name.to_owned();
    }
    sqlite_constraint_name(db.message()).unwrap_or_else(|| "unique".to_owned())
}

/// `UNIQUE constraint failed: users.email` -> `users_email`;
/// `..: ledger_entries.org_id, ledger_entries.idempotency_key` ->
/// `ledger_entries_org_id_idempotency_key`.
fn sqlite_constraint_name(message: &str) -> Option<String> {
    let columns = message.strip_prefix("UNIQUE constraint failed: ")?;
    let mut table = None;
    let mut name = String::new();
    for qualified in columns.split(", ") {
        let (t, column) = qualified.split_once('.')?;
        if table.is_none() {
            table = Some(t);
            name.push_str(t);
        }
        name.push('_');
        name.push_str(column);
    }
    Some(name)
}

/// A stored value the domain refuses: the row is corrupt (or written by a newer
/// version). Reported as `Unavailable`, never skipped.
pub(crate) fn corrupt(what: impl Display) -> RepoError {
    RepoError::Unavailable(format!("corrupt row: {what}").into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_index_names_from_sqlite_messages() {
        assert_eq!(
            sqlite_constraint_name("UNIQUE constraint failed: users.email").as_deref(),
            Some("users_email")
        );
        assert_eq!(
            sqlite_constraint_name(
                "UNIQUE constraint failed: ledger_entries.org_id, ledger_entries.idempotency_key"
            )
            .as_deref(),
            Some("ledger_entries_org_id_idempotency_key")
        );
        assert_eq!(sqlite_constraint_name("disk I/O error"), None);
    }

    #[test]
    fn refused_values_are_told_from_outages_by_their_code() {
        assert_eq!(unstorable(Some("22021")), Some(Unstorable::Text));
        assert_eq!(unstorable(Some("22P05")), Some(Unstorable::Text));
        assert_eq!(unstorable(Some("54000")), Some(Unstorable::TooLarge));
        assert_eq!(unstorable(Some("22001")), Some(Unstorable::TooLarge));
        assert_eq!(unstorable(Some("22003")), Some(Unstorable::OutOfRange));
        // Connection failures, serialization failures, a disk full: outages.
        for outage in ["08006", "40001", "53100", "57P01", "22P02", "5"] {
            assert_eq!(unstorable(Some(outage)), None, "{outage}");
        }
        assert_eq!(unstorable(None), None);
    }

    #[test]
    fn outages_are_never_not_found() {
        assert!(matches!(
            db_error(sqlx::Error::PoolTimedOut),
            RepoError::Unavailable(_)
        ));
        assert!(matches!(
            db_error(sqlx::Error::RowNotFound),
            RepoError::NotFound
        ));
    }
}
