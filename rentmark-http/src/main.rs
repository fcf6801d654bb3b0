//! The RentMark server. `rentmark` serves on the configured (or default) settings;
//! `rentmark --demo` first loads the demo organization when it is not there yet.

use std::process::ExitCode;

use rentmark_http::settings::{SecretSource, Settings};

/// The server's allocator. A request allocates many short-lived strings and rows on
/// two or more threads; mimalloc's per-thread free lists serve them without the
/// consolidation work glibc's allocator showed in the profiles (`benches/RESULTS.md`).
/// With its `override` feature mimalloc also stands in for `malloc` itself, so the
/// bundled SQLite (which sqlx asks for a copy of every value it reads) allocates
/// there too. Only the binary chooses it: the library crates leave the choice to
/// embedders.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("RENTMARK_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,rocket::server=warn,sqlx=warn"));
    let json = std::env::var("RENTMARK_LOG_FORMAT").is_ok_and(|f| f == "json");
    // Colours only for a terminal: a log file or a collector gets plain text.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()));
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

#[rocket::main]
async fn main() -> ExitCode {
    init_tracing();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let demo = args.iter().any(|a| a == "--demo" || a == "demo");
    if let Some(unknown) = args
        .iter()
        .find(|a| !matches!(a.as_str(), "--demo" | "demo" | "serve"))
    {
        eprintln!("unknown argument {unknown:?}\nusage: rentmark [serve] [--demo]");
        return ExitCode::from(2);
    }
    let settings = match Settings::load() {
        Ok(settings) => settings,
        Err(error) => {
            tracing::error!(%error, "cannot load settings");
            return ExitCode::FAILURE;
        }
    };
    if !settings.defaulted.is_empty() {
        tracing::info!(defaults = ?settings.defaulted, "no configuration for these settings: using the embedded defaults");
    }
    match settings.secret_source {
        SecretSource::Generated => {
            tracing::info!(path = %settings.data_dir.join("secret.key").display(), "generated a new application secret")
        }
        SecretSource::DataFile => {
            tracing::info!(path = %settings.data_dir.join("secret.key").display(), "using the application secret from the data folder")
        }
        SecretSource::Configured => {}
    }
    tracing::info!(database = %redact(&settings.database_url), blobs = %settings.blob_dir.display(), "starting RentMark");
    let rocket = match rentmark_http::build(settings, demo).await {
        Ok(rocket) => rocket,
        Err(error) => {
            tracing::error!(%error, "cannot start");
            return ExitCode::FAILURE;
        }
    };
    match rocket.launch().await {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "server failed");
            ExitCode::FAILURE
        }
    }
}

/// A database URL without its password, for the log.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}
