//! The test harness: a fresh database per test (a temporary SQLite file, or a
//! PostgreSQL database created for the test and dropped after it, also on panic) and
//! fixtures built through the domain's own use cases.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rentmark_domain::Services;
use rentmark_domain::lease::{Lease, LeaseInput};
use rentmark_domain::org::Actor;
use rentmark_domain::ports::RepoError;
use rentmark_domain::property::{Property, PropertyInput, Unit, UnitInput};
use rentmark_domain::services::{LandlordSignup, Signup};
use rentmark_domain::tenant::{Tenant, TenantInput};
use rentmark_domain::user::{Email, PasswordHash};
use rentmark_store::AnyStore;
use sqlx::{Connection, Executor, PgConnection};
use uuid::Uuid;

/// Expands each generic test body `module::name(store: AnyStore)` into
/// `sqlite::name` and `postgres::name` tests.
macro_rules! conformance {
    ($($module:ident :: $test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    let db = $crate::harness::TestDb::sqlite().await;
                    $crate::$module::$test(db.store.clone()).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    let Some(db) = $crate::harness::TestDb::postgres().await else {
                        eprintln!(
                            "RENTMARK_TEST_POSTGRES_URL is not set: the PostgreSQL run of {} does nothing",
                            stringify!($test)
                        );
                        return;
                    };
                    $crate::$module::$test(db.store.clone()).await;
                }
            )*
        }
    };
}
pub(crate) use conformance;

/// The variable naming the PostgreSQL server to test against.
pub const POSTGRES_URL_VAR: &str = "RENTMARK_TEST_POSTGRES_URL";

/// A store on its own database, removed when dropped.
pub struct TestDb {
    /// The store.
    pub store: AnyStore,
    _cleanup: Cleanup,
}

enum Cleanup {
    Folder(PathBuf),
    Database { admin_url: String, name: String },
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        match self {
            Self::Folder(folder) => {
                let _ = std::fs::remove_dir_all(folder);
            }
            Self::Database { admin_url, name } => {
                // Runs during unwinding too; its own runtime on its own thread, because
                // the test's runtime may be the one panicking.
                let (admin_url, name) = (admin_url.clone(), name.clone());
                let dropped = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("a runtime to drop the test database");
                    runtime.block_on(async {
                        let mut admin = PgConnection::connect(&admin_url).await?;
                        admin
                            .execute(sqlx::AssertSqlSafe(format!(
                                "drop database if exists {name} with (force)"
                            )))
                            .await?;
                        Ok::<_, sqlx::Error>(())
                    })
                })
                .join();
                if !matches!(dropped, Ok(Ok(()))) && !std::thread::panicking() {
                    panic!("could not drop the test database: {dropped:?}");
                }
            }
        }
    }
}

impl TestDb {
    /// A store on a new SQLite file in a temporary folder.
    pub async fn sqlite() -> Self {
        let folder =
            std::env::temp_dir().join(format!("rentmark-test-{}", Uuid::now_v7().simple()));
        let cleanup = Cleanup::Folder(folder.clone());
        let url = format!("sqlite://{}", folder.join("nested/store.db").display());
        let store = rentmark_store::connect(&url)
            .await
            .expect("a SQLite store (the folder is created)");
        Self {
            store,
            _cleanup: cleanup,
        }
    }

    /// A store on a new PostgreSQL database, when `RENTMARK_TEST_POSTGRES_URL` is set.
    /// Panics (the test fails) when it is set and the server cannot be reached.
    pub async fn postgres() -> Option<Self> {
        let admin_url = std::env::var(POSTGRES_URL_VAR).ok()?;
        let name = format!("rm_test_{}", Uuid::now_v7().simple());
        let mut admin = PgConnection::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("{POSTGRES_URL_VAR} is set but unreachable: {e}"));
        admin
            .execute(sqlx::AssertSqlSafe(format!("create database {name}")))
            .await
            .expect("create the test database");
        admin.close().await.expect("close the admin connection");
        let cleanup = Cleanup::Database {
            admin_url: admin_url.clone(),
            name: name.clone(),
        };
        let store = rentmark_store::connect(&database_url(&admin_url, &name))
            .await
            .expect("a PostgreSQL store on the test database");
        Some(Self {
            store,
            _cleanup: cleanup,
        })
    }
}

/// `admin_url` with its database replaced by `name`.
fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (admin_url, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let server = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    format!("{server}/{name}{query}")
}

/// Asserts `NotFound`.
pub fn not_found<T: std::fmt::Debug>(result: Result<T, RepoError>) {
    assert!(
        matches!(result, Err(RepoError::NotFound)),
        "expected NotFound, got {result:?}"
    );
}

/// Asserts a conflict on `name`.
pub fn conflict<T: std::fmt::Debug>(result: Result<T, RepoError>, name: &str) {
    match result {
        Err(RepoError::Conflict { constraint }) => assert_eq!(constraint, name),
        other => panic!("expected a {name} conflict, got {other:?}"),
    }
}

/// The fixed "now" of the tests (whole seconds, so instants compare equal after a
/// round trip through either backend).
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 15, 10, 0, 0)
        .single()
        .expect("a valid instant")
}

/// A calendar date.
pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

/// A landlord's organization, acting through the use cases.
#[derive(Clone)]
pub struct Org {
    /// The use cases over the store under test.
    pub services: Services<AnyStore>,
    /// The owner.
    pub actor: Actor,
}

static SIGNUPS: AtomicU32 = AtomicU32::new(0);

impl Org {
    /// Signs a new landlord up (a new organization of which they are owner).
    pub async fn sign_up(store: &AnyStore) -> Self {
        let services = Services::new(store.clone());
        let n = SIGNUPS.fetch_add(1, Ordering::Relaxed);
        let signup = Signup::Landlord(LandlordSignup {
            email: Email::parse(&format!(
                "landlord{n}-{}@example.fr",
                Uuid::now_v7().simple()
            ))
            .expect("an e-mail"),
            password_hash: PasswordHash::new("$argon2id$test".into()),
            org_name: format!("Agence {n}"),
        });
        let (user, _) = services.sign_up(signup, now()).await.expect("sign up");
        let actor = services.actor(user.id, None).await.expect("an actor");
        Self { services, actor }
    }

    /// The organization's id.
    pub fn id(&self) -> rentmark_domain::ids::OrgId {
        self.actor.org_id()
    }

    /// A property named `name`.
    pub async fn property(&self, name: &str) -> Property {
        let input = PropertyInput {
            name: name.into(),
            address: "1 rue de la Paix".into(),
            city: "Paris".into(),
            description: None,
        };
        self.services
            .create_property(&self.actor, &input, now())
            .await
            .expect("create a property")
    }

    /// A unit of `property` let at `rent` (a decimal string).
    pub async fn unit(&self, property: &Property, name: &str, rent: &str) -> Unit {
        let input = UnitInput {
            name: name.into(),
            rent: rent.into(),
            charges: Some("50".into()),
            deposit: Some("800".into()),
            beds: Some(2),
            ..UnitInput::default()
        };
        self.services
            .create_unit(&self.actor, property.id, &input, now())
            .await
            .expect("create a unit")
    }

    /// A tenant named `name`.
    pub async fn tenant(&self, name: &str) -> Tenant {
        let input = TenantInput {
            full_name: name.into(),
            email: Some(format!(
                "{}@example.fr",
                name.to_lowercase().replace(' ', ".")
            )),
            phone: None,
        };
        self.services
            .create_tenant(&self.actor, &input, now())
            .await
            .expect("create a tenant")
    }

    /// The lease input for `unit` to `tenants` from `start` (`YYYY-MM-DD`), no deposit
    /// or service charges, rent due on the 1st.
    pub fn lease_input(unit: &Unit, tenants: &[&Tenant], start: &str, rent: &str) -> LeaseInput {
        LeaseInput {
            unit_id: unit.id.to_string(),
            tenant_ids: tenants.iter().map(|t| t.id.to_string()).collect(),
            rent: rent.into(),
            start_date: start.into(),
            due_day: Some(1),
            ..LeaseInput::default()
        }
    }

    /// A lease through the use case (posting the charges due by [`now`]).
    pub async fn lease(&self, input: &LeaseInput) -> Lease {
        self.services
            .create_lease(&self.actor, input, now())
            .await
            .expect("create a lease")
    }

    /// A new unit of `property` let from `start` to one new tenant, at `rent`.
    pub async fn let_unit(
        &self,
        property: &Property,
        unit: &str,
        tenant: &str,
        start: &str,
        rent: &str,
    ) -> Lease {
        let unit = self.unit(property, unit, rent).await;
        let tenant = self.tenant(tenant).await;
        self.lease(&Self::lease_input(&unit, &[&tenant], start, rent))
            .await
    }

    /// Units "1", "2" and "3" of `property`, each let from 2026-01-01 at `rent` to one
    /// new tenant of `tenants`, in that order.
    pub async fn let_three_units(
        &self,
        property: &Property,
        tenants: [&str; 3],
        rent: &str,
    ) -> Vec<Lease> {
        let mut leases = Vec::with_capacity(3);
        for (unit, tenant) in ["1", "2", "3"].into_iter().zip(tenants) {
            leases.push(
                self.let_unit(property, unit, tenant, "2026-01-01", rent)
                    .await,
            );
        }
        leases
    }
}

#[test]
fn replaces_the_database_of_a_url() {
    assert_eq!(
        database_url("postgres://postgres@127.0.0.1:5432/test", "rm_x"),
        "postgres://postgres@127.0.0.1:5432/rm_x"
    );
    assert_eq!(
        database_url("postgres://u:p@h/test?sslmode=disable", "rm_x"),
        "postgres://u:p@h/rm_x?sslmode=disable"
    );
    assert_eq!(database_url("postgres://h", "rm_x"), "postgres://h/rm_x");
}
