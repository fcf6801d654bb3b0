//! The harness itself: every app runs on the backend the environment names, and a
//! PostgreSQL test database is dropped with its app, also when the test panics.

use sqlx::{Connection, PgConnection};

use crate::common::{POSTGRES_URL_VAR, TestApp};

/// Whether `name` is still a database of the server at `admin_url`.
async fn database_exists(admin_url: &str, name: &str) -> bool {
    let mut admin = PgConnection::connect(admin_url)
        .await
        .expect("the admin connection");
    let found: Option<i32> = sqlx::query_scalar("select 1 from pg_database where datname = $1")
        .bind(name)
        .fetch_optional(&mut admin)
        .await
        .expect("the catalog answers");
    found.is_some()
}

#[tokio::test]
async fn the_app_runs_on_the_backend_the_environment_names() {
    let app = TestApp::spawn().await;
    match std::env::var(POSTGRES_URL_VAR) {
        Ok(_) => {
            assert_eq!(app.backend(), "postgres");
            let name = app.database_name().expect("a database of its own");
            assert!(name.starts_with("rm_http_"), "{name}");
        }
        Err(_) => {
            assert_eq!(app.backend(), "sqlite");
            assert_eq!(app.database_name(), None);
        }
    }
}

#[tokio::test]
async fn each_app_has_its_own_database_dropped_with_it_even_on_panic() {
    let Ok(admin_url) = std::env::var(POSTGRES_URL_VAR) else {
        eprintln!("{POSTGRES_URL_VAR} is not set: nothing to drop on SQLite");
        return;
    };
    let first = TestApp::spawn().await;
    let second = TestApp::spawn().await;
    let (a, b) = (
        first.database_name().expect("a name").to_owned(),
        second.database_name().expect("a name").to_owned(),
    );
    assert_ne!(a, b);
    let landlord = first.landlord("Alone").await;
    first.property(&landlord, "Only here").await;
    assert!(database_exists(&admin_url, &a).await);
    drop(first);
    assert!(
        !database_exists(&admin_url, &a).await,
        "{a} was left behind"
    );
    assert!(database_exists(&admin_url, &b).await);

    // A test that panics with its app alive: the database goes during unwinding.
    let (sender, receiver) = std::sync::mpsc::channel();
    let panicked = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let app = TestApp::spawn().await;
            sender
                .send(app.database_name().expect("a name").to_owned())
                .expect("send the name");
            panic!("a test failing with its app alive");
        });
    })
    .join();
    assert!(panicked.is_err(), "the thread panicked");
    let c = receiver.recv().expect("the panicking test's database");
    assert!(
        !database_exists(&admin_url, &c).await,
        "{c} was left behind"
    );
}
