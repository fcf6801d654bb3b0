//! The machine's HTTP ceiling for `benches/run.sh`: a Rocket "hello" (one route, a
//! static body, no state, no logging), the reference the performance issue quotes
//! ("on this machine a Rocket hello answers about 70,000 requests/s"). Measured in
//! the same run as Q1-Q5, it says how fast the machine is that day, so that a result
//! can be read against the day's ceiling instead of another day's.
//!
//! ```text
//! ROCKET_PORT=8000 ROCKET_LOG_LEVEL=off cargo run --release -p rentmark-http --example hello
//! ```
//!
//! It answers `GET /` with `Hello, world!` on Rocket's configuration from the
//! environment (`ROCKET_ADDRESS`, `ROCKET_PORT`, `ROCKET_WORKERS`, ...), as the server
//! does, on the system allocator (what a plain Rocket application gets).

use rocket::{get, launch, routes};

/// The one route.
#[get("/")]
fn hello() -> &'static str {
    "Hello, world!"
}

#[launch]
fn rocket() -> _ {
    // The workspace builds Rocket with private cookies, which refuse to start in
    // release without a key: a fresh one, unused.
    let mut key = [0u8; 64];
    getrandom::fill(&mut key).expect("the system's random source");
    let figment = rocket::Config::figment().merge(("secret_key", key.to_vec()));
    rocket::custom(figment).mount("/", routes![hello])
}
