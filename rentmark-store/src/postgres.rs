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

/// How many connections the pool opens at most.
const POOL_SIZE: usize = 10;

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
    /// applies the migrations.
    ///
    /// # Errors
    /// [`StoreError`] when the URL is invalid, the server cannot be reached or a
    /// migration fails.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let pool = pool::<Postgres>(connect_options(url)?, POOL_SIZE).map_err(StoreError::Pool)?;
        let mut conn = acquire(&pool).await.map_err(StoreError::Connect)?;
        sqlx::migrate!("../migrations/postgres")
            .run_direct(None, conn.raw(), false)
            .await
            .map_err(StoreError::Migrate)?;
        drop(conn);
        let store = Self::from_pools(pool, None);
        store.fill_summaries().await.map_err(StoreError::Connect)?;
        Ok(store)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
