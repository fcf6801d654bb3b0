//! The PostgreSQL backend: rows that a transaction reads before it writes are locked
//! with `for update`, and job claims skip rows another worker holds
//! (`for update skip locked`), so many workers on many machines share one database.

use std::str::FromStr;

use sqlx::postgres::PgConnectOptions;
use sqlx::{PgConnection, Postgres};

use crate::error::StoreError;
use crate::pool::{acquire, pool};
use crate::sql::{Backend, impl_conn};
use crate::store::SqlStore;

impl_conn!(Postgres, PgConnection);

impl Backend for Postgres {
    const LOCK: &'static str = " for update";
    const LOCK_SKIP_LOCKED: &'static str = " for update skip locked";
    const BEGIN_WRITE: &'static str = "begin";
    const ONE_WRITER: bool = false;
    const AFTER_BULK_LOAD: &'static str = "vacuum analyze";
    const EMPTY_LOG: Option<&'static str> = None;
    const BEGIN_SNAPSHOT: &'static str = "begin isolation level repeatable read read only";
    const LIKE_ANY_CASE: &'static str = "ilike";
    const STATEMENT_IS_ROUND_TRIP: bool = true;
}

/// How many connections the pool for reads opens at most, unless the URL sets
/// `read_connections`. A read is one short statement, so a few connections keep a
/// database's cores busy; more only add backends taking turns on them. On the
/// benchmark's two cores, 4 instead of 10 (one pool for everything before) cut
/// PostgreSQL's CPU per balance request by 12 % and its p99 from 8-27 ms to 8-10 ms
/// (`benches/RESULTS.md`, session 11). A database farther away, or with more cores,
/// wants more: set it in the URL.
const READ_CONNECTIONS: usize = 4;

/// How many connections the pool for writes opens at most, unless the URL sets
/// `write_connections`. A write transaction holds its connection for several round
/// trips and its commit's flush, and writers wait for each other's row locks, so
/// they get more connections than reads, in a pool of their own: a burst of reads
/// never keeps a payment waiting for a connection, nor the other way round.
const WRITE_CONNECTIONS: usize = 8;

/// The pool sizes set in a URL's query, which the store reads and takes out of the
/// URL before the driver sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PoolSizes {
    read: usize,
    write: usize,
}

/// Splits the store's own parameters (`read_connections`, `write_connections`, each
/// at least 1) from `url`: the pool sizes, and the URL without them.
fn pool_sizes(url: &str) -> Result<(PoolSizes, String), StoreError> {
    let mut sizes = PoolSizes {
        read: READ_CONNECTIONS,
        write: WRITE_CONNECTIONS,
    };
    let Some((base, query)) = url.split_once('?') else {
        return Ok((sizes, url.to_owned()));
    };
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let size = match key {
            "read_connections" => &mut sizes.read,
            "write_connections" => &mut sizes.write,
            _ => {
                kept.push(pair);
                continue;
            }
        };
        *size = value.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
            StoreError::Pool(format!("{key} must be a positive number, not {value:?}"))
        })?;
    }
    let url = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Ok((sizes, url))
}

/// The server setting that makes a prepared statement keep one plan.
const PLAN_CACHE_MODE: &str = "plan_cache_mode";

/// The connection options for `url`: the store's statements are short, keyed by an
/// organization and served by an index, so each connection asks PostgreSQL for
/// generic plans (`plan_cache_mode = force_generic_plan`) unless the URL sets
/// `plan_cache_mode` itself. Left to choose, PostgreSQL plans a statement again on
/// every execution whenever the estimate of its generic plan, made for an average
/// organization, costs more than the custom plan for the organization at hand: with
/// one large organization that is about a tenth of a millisecond of planning per
/// statement for the same plan (the dashboard page and the listing search measured
/// 16 % and 29 % more requests per second with generic plans; see
/// `benches/RESULTS.md`).
fn connect_options(url: &str) -> Result<PgConnectOptions, StoreError> {
    let options = PgConnectOptions::from_str(url).map_err(StoreError::InvalidUrl)?;
    let chosen = options
        .get_options()
        .is_some_and(|set| set.contains(PLAN_CACHE_MODE));
    Ok(if chosen {
        options
    } else {
        options.options([(PLAN_CACHE_MODE, "force_generic_plan")])
    })
}

/// The store on a PostgreSQL database.
pub type PgStore = SqlStore<Postgres>;

impl SqlStore<Postgres> {
    /// Connects to the PostgreSQL database at `url` (`postgres://user@host/db`) and
    /// applies the migrations. Reads and writes take their connections from two pools,
    /// of 4 and 8 connections at most unless the URL's query sets `read_connections`
    /// or `write_connections` (`postgres://app@db/rentmark?read_connections=16`).
    ///
    /// # Errors
    /// [`StoreError`] when the URL is invalid, the server cannot be reached or a
    /// migration fails.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let (sizes, url) = pool_sizes(url)?;
        let options = connect_options(&url)?;
        let reads = pool::<Postgres>(options.clone(), sizes.read).map_err(StoreError::Pool)?;
        let writer = pool::<Postgres>(options, sizes.write).map_err(StoreError::Pool)?;
        let mut conn = acquire(&reads).await.map_err(StoreError::Connect)?;
        sqlx::migrate!("../migrations/postgres")
            .run_direct(None, conn.raw(), false)
            .await
            .map_err(StoreError::Migrate)?;
        drop(conn);
        let store = Self::from_pools(reads, Some(writer));
        store.fill_summaries().await.map_err(StoreError::Connect)?;
        Ok(store)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pools_have_their_default_sizes() {
        let (sizes, url) = pool_sizes("postgres://app@db.invalid/rentmark").expect("url");
        assert_eq!(
            sizes,
            PoolSizes {
                read: READ_CONNECTIONS,
                write: WRITE_CONNECTIONS
            }
        );
        assert_eq!(url, "postgres://app@db.invalid/rentmark");
    }

    #[test]
    fn the_url_sets_the_pool_sizes_and_keeps_the_driver_its_parameters() {
        let (sizes, url) = pool_sizes(
            "postgres://app@db.invalid/rentmark?sslmode=disable&read_connections=16&write_connections=3&application_name=rm",
        )
        .expect("url");
        assert_eq!(sizes, PoolSizes { read: 16, write: 3 });
        assert_eq!(
            url,
            "postgres://app@db.invalid/rentmark?sslmode=disable&application_name=rm"
        );
        let (sizes, url) =
            pool_sizes("postgres://app@db.invalid/rentmark?write_connections=2").expect("url");
        assert_eq!(
            sizes,
            PoolSizes {
                read: READ_CONNECTIONS,
                write: 2
            }
        );
        assert_eq!(url, "postgres://app@db.invalid/rentmark");
    }

    #[test]
    fn a_pool_size_must_be_a_positive_number() {
        for bad in [
            "read_connections=0",
            "write_connections=many",
            "read_connections=",
        ] {
            let error =
                pool_sizes(&format!("postgres://app@db.invalid/rentmark?{bad}")).expect_err(bad);
            assert!(
                matches!(error, StoreError::Pool(ref why) if why.contains("positive")),
                "{bad}: {error}"
            );
        }
    }

    #[test]
    fn connections_ask_for_generic_plans() {
        let options = connect_options("postgres://app@db.invalid/rentmark").expect("url");
        assert_eq!(
            options.get_options(),
            Some("-c plan_cache_mode=force_generic_plan")
        );
    }

    #[test]
    fn a_plan_cache_mode_in_the_url_wins() {
        let options = connect_options(
            "postgres://app@db.invalid/rentmark?options=-c%20plan_cache_mode%3Dauto",
        )
        .expect("url");
        assert_eq!(options.get_options(), Some("-c plan_cache_mode=auto"));
    }

    #[test]
    fn other_options_in_the_url_are_kept() {
        let options = connect_options(
            "postgres://app@db.invalid/rentmark?options=-c%20statement_timeout%3D5s",
        )
        .expect("url");
        assert_eq!(
            options.get_options(),
            Some("-c statement_timeout=5s -c plan_cache_mode=force_generic_plan")
        );
    }
}
