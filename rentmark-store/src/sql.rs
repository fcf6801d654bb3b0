//! Backend-neutral SQL plumbing: bound values ([`Arg`], [`Args`]), rows that decode on
//! both backends ([`Record`]), the few primitives every statement goes through
//! ([`Conn`]) and what each backend provides ([`Backend`]).
//!
//! The repositories are written once, generic over [`Backend`], against these
//! primitives; the two implementations (`crate::sqlite`, `crate::postgres`) only say
//! how to bind values, how to begin a write transaction and which row-locking clause
//! they understand. SQLite in sqlx accepts `$1`-style parameters, so one SQL text
//! serves both.

use std::fmt::Write as _;
use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use rentmark_domain::ids::{
    DocumentId, EntryId, HistoryId, JobId, LeaseId, OrgId, PaymentId, PropertyId, TenantId, UnitId,
    UserId,
};
use rentmark_domain::ports::RepoResult;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{FromRow, SqlSafeStr, SqlStr};
use uuid::Uuid;

use crate::pool::Tx;

/// One bound parameter. Nulls are typed, because PostgreSQL needs to know the type of
/// a `NULL` parameter.
#[derive(Debug, Clone)]
pub enum Arg {
    /// A UUID (`uuid` / 16-byte blob).
    Uuid(Option<Uuid>),
    /// An integer (`bigint` / integer).
    Int(Option<i64>),
    /// Text.
    Text(Option<String>),
    /// A calendar date (`date` / `YYYY-MM-DD` text).
    Date(Option<NaiveDate>),
    /// An instant (`timestamptz` / RFC 3339 text), truncated to microseconds so that
    /// both backends store and return the same value.
    Instant(Option<DateTime<Utc>>),
}

/// The parameters of one statement, `$1` first.
#[derive(Debug, Clone, Default)]
pub struct Args(pub(crate) Vec<Arg>);

impl Args {
    /// No parameters, room for `capacity`.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self(Vec::with_capacity(capacity))
    }

    /// Appends a parameter.
    pub(crate) fn push(&mut self, value: impl Into<Arg>) -> &mut Self {
        self.0.push(value.into());
        self
    }

    /// How many parameters there are (the next placeholder is `len() + 1`).
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

/// Builds [`Args`] from values convertible into [`Arg`].
macro_rules! args {
    () => {
        $crate::sql::Args::default()
    };
    ($($value:expr),+ $(,)?) => {{
        let mut args = $crate::sql::Args::default();
        $( args.push($value); )+
        args
    }};
}
pub(crate) use args;

macro_rules! arg_from {
    ($variant:ident: $($ty:ty => $conv:expr),* $(,)?) => {
        $(
            impl From<$ty> for Arg {
                fn from(value: $ty) -> Self {
                    let conv: fn($ty) -> _ = $conv;
                    Arg::$variant(Some(conv(value)))
                }
            }
            impl From<Option<$ty>> for Arg {
                fn from(value: Option<$ty>) -> Self {
                    let conv: fn($ty) -> _ = $conv;
                    Arg::$variant(value.map(conv))
                }
            }
        )*
    };
}

arg_from!(Uuid:
    Uuid => |v| v,
    UserId => |v| v.as_uuid(),
    OrgId => |v| v.as_uuid(),
    PropertyId => |v| v.as_uuid(),
    UnitId => |v| v.as_uuid(),
    TenantId => |v| v.as_uuid(),
    LeaseId => |v| v.as_uuid(),
    EntryId => |v| v.as_uuid(),
    PaymentId => |v| v.as_uuid(),
    DocumentId => |v| v.as_uuid(),
    HistoryId => |v| v.as_uuid(),
    JobId => |v| v.as_uuid(),
);
arg_from!(Int:
    i64 => |v| v,
    u32 => i64::from,
    u16 => i64::from,
);
arg_from!(Text:
    String => |v| v,
    &str => str::to_owned,
    &String => String::clone,
);
arg_from!(Date: NaiveDate => |v| v);
arg_from!(Instant: DateTime<Utc> => |v| v.trunc_subsecs(6));

/// A row type that decodes on both backends (`#[derive(sqlx::FromRow)]` structs and
/// tuples of decodable values are).
pub trait Record:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin + 'static
{
}

impl<T> Record for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin + 'static
{
}

/// A boxed, `Send` future borrowing a connection.
pub type ConnFuture<'c, T> = Pin<Box<dyn Future<Output = RepoResult<T>> + Send + 'c>>;

/// What every statement goes through: a connection (pooled or in a transaction) that
/// runs SQL with [`Args`] and maps errors with [`crate::error::db_error`].
///
/// The futures are boxed on purpose: with an opaque `impl Future` the future would
/// capture the `impl SqlSafeStr` type (`&'static str`), and proving such a future
/// `Send` inside the generic repositories fails on a higher-ranked lifetime
/// (`&'0 str: SqlSafeStr` for any `'0`). One allocation per statement is noise next
/// to the statement itself.
pub trait Conn: Send {
    /// The backend's row-locking clause ([`Backend::LOCK`]).
    const LOCK: &'static str;

    /// [`Backend::STATEMENT_IS_ROUND_TRIP`] of the backend.
    const STATEMENT_IS_ROUND_TRIP: bool;

    /// Runs a statement; returns the number of rows affected.
    fn exec(&mut self, sql: impl SqlSafeStr, args: Args) -> ConnFuture<'_, u64>;

    /// Every row.
    fn all<T: Record>(&mut self, sql: impl SqlSafeStr, args: Args) -> ConnFuture<'_, Vec<T>>;

    /// The first row, if any.
    fn opt<T: Record>(&mut self, sql: impl SqlSafeStr, args: Args) -> ConnFuture<'_, Option<T>>;

    /// The first row; `NotFound` when there is none.
    fn one<T: Record>(&mut self, sql: impl SqlSafeStr, args: Args) -> ConnFuture<'_, T> {
        let row = self.opt::<T>(sql, args);
        Box::pin(async move {
            row.await?
                .ok_or(rentmark_domain::ports::RepoError::NotFound)
        })
    }
}

/// What differs between the backends, beyond binding values.
pub trait Backend: sqlx::Database<Connection: Conn> {
    /// Appended to a `select` that must lock the rows it reads until the transaction
    /// ends (` for update` on PostgreSQL; nothing on SQLite, where `BEGIN IMMEDIATE`
    /// already serializes writers).
    const LOCK: &'static str;

    /// Like [`Backend::LOCK`], skipping rows another transaction holds (job claims).
    const LOCK_SKIP_LOCKED: &'static str;

    /// Begins a write transaction.
    const BEGIN_WRITE: &'static str;

    /// Whether the database takes one writer at a time (SQLite): the store then
    /// queues its writers itself, in order, instead of letting them poll the file
    /// lock (SQLite's busy handler sleeps up to 100 ms between attempts).
    const ONE_WRITER: bool;

    /// Brings the database to its steady state after a bulk load (statistics; on
    /// PostgreSQL the visibility map).
    const AFTER_BULK_LOAD: &'static str;

    /// Copies the write-ahead log into the database file and empties it, answering
    /// one row whose first column is 1 when another checkpoint held the log (then
    /// nothing was done; SQLite does not wait for that one): SQLite's `pragma
    /// wal_checkpoint(truncate)`. `None` where the database keeps its log itself.
    const EMPTY_LOG: Option<&'static str>;

    /// Begins a read-only transaction that sees one snapshot of the database.
    const BEGIN_SNAPSHOT: &'static str;

    /// Whether each statement is a round trip to a server process (PostgreSQL), so
    /// that related rows read in one wider statement cost less than in two, and
    /// related writes are worth joining into one statement (data-modifying `with`,
    /// which only PostgreSQL has). SQLite runs in process and sqlx copies each value
    /// of each row, null or not: there two narrow statements cost less than one wide
    /// one.
    const STATEMENT_IS_ROUND_TRIP: bool;

    /// The operator matching a `like` pattern without regard to letter case (`ilike`
    /// on PostgreSQL, any letter; `like` on SQLite, which folds ASCII letters only).
    const LIKE_ANY_CASE: &'static str;

    /// Commits a transaction.
    fn commit(tx: Tx<Self>) -> impl Future<Output = RepoResult<()>> + Send {
        tx.commit()
    }

    /// The statement and arguments as the backend is given them: unchanged, but on
    /// SQLite, where a long statement's `$n` become anonymous `?` (see
    /// `crate::anonymous`).
    fn statement(sql: SqlStr, args: Args) -> (SqlStr, Args) {
        (sql, args)
    }
}

/// Implements [`Conn`] for a backend's connection type. The bodies are the same text
/// for every backend; only the types differ, so they are stamped by this macro.
macro_rules! impl_conn {
    ($db:ty, $conn:ty) => {
        /// Converts [`Args`] into the backend's argument buffer.
        fn encode(
            args: $crate::sql::Args,
        ) -> Result<<$db as sqlx::Database>::Arguments, sqlx::error::BoxDynError> {
            use sqlx::Arguments as _;
            use $crate::sql::Arg;
            let mut out = <$db as sqlx::Database>::Arguments::default();
            for arg in args.0 {
                match arg {
                    Arg::Uuid(v) => out.add(v)?,
                    Arg::Int(v) => out.add(v)?,
                    Arg::Text(v) => out.add(v)?,
                    Arg::Date(v) => out.add(v)?,
                    Arg::Instant(v) => out.add(v)?,
                }
            }
            Ok(out)
        }

        impl $crate::sql::Conn for $conn {
            const LOCK: &'static str = <$db as $crate::sql::Backend>::LOCK;
            const STATEMENT_IS_ROUND_TRIP: bool =
                <$db as $crate::sql::Backend>::STATEMENT_IS_ROUND_TRIP;

            fn exec(
                &mut self,
                sql: impl sqlx::SqlSafeStr,
                args: $crate::sql::Args,
            ) -> $crate::sql::ConnFuture<'_, u64> {
                let (sql, args) =
                    <$db as $crate::sql::Backend>::statement(sql.into_sql_str(), args);
                let args = encode(args);
                Box::pin(async move {
                    let args = args.map_err(rentmark_domain::ports::RepoError::Unavailable)?;
                    let done = sqlx::query_with::<$db, _>(sql, args)
                        .execute(&mut *self)
                        .await
                        .map_err($crate::error::db_error)?;
                    Ok(done.rows_affected())
                })
            }

            fn all<T: $crate::sql::Record>(
                &mut self,
                sql: impl sqlx::SqlSafeStr,
                args: $crate::sql::Args,
            ) -> $crate::sql::ConnFuture<'_, Vec<T>> {
                let (sql, args) =
                    <$db as $crate::sql::Backend>::statement(sql.into_sql_str(), args);
                let args = encode(args);
                Box::pin(async move {
                    let args = args.map_err(rentmark_domain::ports::RepoError::Unavailable)?;
                    sqlx::query_as_with::<$db, T, _>(sql, args)
                        .fetch_all(&mut *self)
                        .await
                        .map_err($crate::error::db_error)
                })
            }

            fn opt<T: $crate::sql::Record>(
                &mut self,
                sql: impl sqlx::SqlSafeStr,
                args: $crate::sql::Args,
            ) -> $crate::sql::ConnFuture<'_, Option<T>> {
                let (sql, args) =
                    <$db as $crate::sql::Backend>::statement(sql.into_sql_str(), args);
                let args = encode(args);
                Box::pin(async move {
                    let args = args.map_err(rentmark_domain::ports::RepoError::Unavailable)?;
                    sqlx::query_as_with::<$db, T, _>(sql, args)
                        .fetch_optional(&mut *self)
                        .await
                        .map_err($crate::error::db_error)
                })
            }
        }
    };
}
pub(crate) use impl_conn;

/// How many parameters one statement carries at most. Both backends accept far more
/// (SQLite 32,766, PostgreSQL 65,535), but sqlx-sqlite resolves each parameter's name
/// with a linear scan, so binding costs grow with the square of the parameters of a
/// statement; a few hundred per statement measured fastest on both backends.
const MAX_PARAMS: usize = 512;

/// How many rows of `columns` values one multi-row statement carries.
pub(crate) const fn rows_per_statement(columns: usize) -> usize {
    let rows = MAX_PARAMS / if columns == 0 { 1 } else { columns };
    if rows == 0 { 1 } else { rows }
}

/// `insert into <table> (<columns>) values ($1, ..), (..) <suffix>` for `rows` rows.
pub(crate) fn insert_sql(table: &str, columns: &[&str], rows: usize, suffix: &str) -> String {
    let mut sql = String::with_capacity(64 + rows * columns.len() * 5);
    let _ = write!(sql, "insert into {table} ({}) values ", columns.join(", "));
    let mut n = 0;
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..columns.len() {
            n += 1;
            let _ = write!(sql, "{}${n}", if column == 0 { "" } else { ", " });
        }
        sql.push(')');
    }
    if !suffix.is_empty() {
        sql.push(' ');
        sql.push_str(suffix);
    }
    sql
}

/// `$first, $first+1, ..` for an `in (..)` list of `count` values.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    let mut list = String::with_capacity(count * 5);
    for n in first..first + count {
        let _ = write!(list, "{}${n}", if n == first { "" } else { ", " });
    }
    list
}

/// A `like` pattern matching any text that contains `text` as it is written: `\`,
/// `%` and `_` are escaped with `\` (the statement says `escape '\'`).
pub(crate) fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 4);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_patterns_take_the_text_literally() {
        assert_eq!(contains_pattern("Rue"), "%Rue%");
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
        assert_eq!(contains_pattern(""), "%%");
    }

    #[test]
    fn builds_multi_row_inserts() {
        assert_eq!(
            insert_sql("t", &["a", "b"], 2, "on conflict do nothing"),
            "insert into t (a, b) values ($1, $2), ($3, $4) on conflict do nothing"
        );
        assert_eq!(placeholders(3, 3), "$3, $4, $5");
        assert_eq!(rows_per_statement(16), 32);
        assert_eq!(rows_per_statement(1000), 1);
    }

    #[test]
    fn instants_are_truncated_to_microseconds() {
        let t = DateTime::from_timestamp(1_700_000_000, 123_456_789).expect("valid instant");
        match Arg::from(t) {
            Arg::Instant(Some(v)) => assert_eq!(v.timestamp_subsec_nanos(), 123_456_000),
            other => panic!("unexpected {other:?}"),
        }
    }
}
