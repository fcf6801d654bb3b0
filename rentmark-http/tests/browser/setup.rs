//! What a journey runs on: Debian's Chromium and chromedriver (installed by
//! `scripts/install-browser.sh` when missing), one chromedriver process per journey on a
//! free port, and the real app serving real HTTP on a free loopback port over a SQLite
//! file in a temp folder (or, with `RENTMARK_TEST_POSTGRES_URL` set, a PostgreSQL
//! database of its own, as every test app), its clock fixed at
//! [`crate::common::default_now`].

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use rentmark_http::settings::Settings;
use rentmark_http::state::AppBlobs;
use rocket::fairing::AdHoc;
use rocket::figment::Figment;
use rocket::figment::providers::Serialized;

use crate::common::{TestClock, TestDatabase, default_now};

/// Debian's Chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Debian's chromedriver (package `chromium-driver`).
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The workspace root (screenshots go to its `target/browser/`, the install script is
/// under its `scripts/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
}

/// Makes sure Chromium and chromedriver are installed, running the project's install
/// script once per test binary when one is missing. Panics with the script's advice
/// when it cannot install them: the browser tests never skip silently.
pub fn ensure_browser_installed() {
    static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();
    let outcome = INSTALLED.get_or_init(|| {
        if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
            return Ok(());
        }
        let script = workspace_root().join("scripts/install-browser.sh");
        eprintln!(
            "browser tests: {CHROMIUM} or {CHROMEDRIVER} is missing; running {}",
            script.display()
        );
        let status = Command::new("bash")
            .arg(&script)
            .stdin(Stdio::null())
            .status()
            .map_err(|e| format!("could not run {}: {e}", script.display()))?;
        if !status.success() {
            return Err(format!(
                "{} failed ({status}); see its output above",
                script.display()
            ));
        }
        if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
            Ok(())
        } else {
            Err(format!("{CHROMIUM} or {CHROMEDRIVER} is still missing"))
        }
    });
    if let Err(why) = outcome {
        panic!(
            "the browser tests need Chromium and chromedriver and could not install them: {why}. \
             Run scripts/install-browser.sh as root (it installs chromium, chromium-driver and \
             fonts-dejavu-core with apt-get), then run the tests again."
        );
    }
}

/// A free TCP port on the loopback address (the listener is closed at once; the
/// caller binds it right after).
pub fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// A chromedriver process, with the Chromium processes it starts. Dropping it kills
/// its whole process group, so a failed journey leaves no browser behind.
pub struct Driver {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    log: PathBuf,
}

impl Driver {
    /// Starts chromedriver on a free port, in a process group of its own, logging to
    /// `log`; waits until it accepts connections.
    pub fn start(log: PathBuf) -> Self {
        use std::os::unix::process::CommandExt as _;
        ensure_browser_installed();
        let port = free_port();
        let log_file = std::fs::File::create(&log).expect("chromedriver log file");
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("log file handle"))
            .stderr(log_file)
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {CHROMEDRIVER}: {e}"));
        let driver = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on port {port} within 20 s; its log: {}",
                driver.log.display()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The group id is chromedriver's own pid (process_group(0)); Chromium and its
        // helpers are in the group.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The app, serving real HTTP on a loopback port until the journey's runtime ends.
pub struct RunningApp {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// The app's clock (fixed at [`default_now`] unless a journey moves it).
    pub clock: Arc<TestClock>,
    shutdown: rocket::Shutdown,
    _dir: tempfile::TempDir,
    _database: TestDatabase,
}

impl RunningApp {
    /// Builds the app as `rentmark_http::rocket` does for production, over a fresh
    /// database (see [`TestDatabase`]), and launches it on a free port chosen by the OS.
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = TestDatabase::create().await;
        let mut figment = Figment::new()
            .merge(Serialized::default("data_dir", dir.path()))
            .merge(Serialized::default("run_worker", false));
        if let Some(url) = database.url() {
            figment = figment.merge(Serialized::default("database_url", url));
        }
        let settings = Settings::from_figment(&figment).expect("settings");
        let store = rentmark_store::connect(&settings.database_url)
            .await
            .expect("store");
        let blobs = AppBlobs::new(settings.blob_dir.clone());
        let clock = Arc::new(TestClock::at(default_now()));
        let rocket =
            rentmark_http::rocket(settings, store, blobs, clock.clone()).expect("the app builds");
        let figment = rocket
            .figment()
            .clone()
            .merge(("address", Ipv4Addr::LOCALHOST))
            .merge(("port", 0))
            .merge(("log_level", "off"))
            .merge(("cli_colors", false))
            .merge(("shutdown.ctrlc", false))
            .merge(("shutdown.signals", Vec::<String>::new()));
        let (port_tx, port_rx) = tokio::sync::oneshot::channel();
        let port_tx = Mutex::new(Some(port_tx));
        let rocket = rocket
            .configure(figment)
            .attach(AdHoc::on_liftoff("report the port", move |rocket| {
                let port = rocket.config().port;
                Box::pin(async move {
                    if let Some(tx) = port_tx.lock().expect("port sender").take() {
                        let _ = tx.send(port);
                    }
                })
            }))
            .ignite()
            .await
            .expect("the app ignites");
        let shutdown = rocket.shutdown();
        tokio::spawn(async move {
            if let Err(error) = rocket.launch().await {
                eprintln!("the app stopped: {error}");
            }
        });
        let port = tokio::time::timeout(Duration::from_secs(30), port_rx)
            .await
            .expect("the app lifts off within 30 s")
            .expect("the app reports its port");
        Self {
            base_url: format!("http://127.0.0.1:{port}"),
            clock,
            shutdown,
            _dir: dir,
            _database: database,
        }
    }

    /// Asks the server to stop (it finishes the requests in flight).
    pub fn stop(&self) {
        self.shutdown.clone().notify();
    }
}
