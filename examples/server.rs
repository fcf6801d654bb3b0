//! Embedding the web app: build RentMark's Rocket from settings, mount a route of your
//! own next to it, and launch. Settings come from `Rocket.toml` and `RENTMARK_*` as in
//! the `rentmark` binary (with no configuration: SQLite in `./data`).
//!
//! `cargo run -p rentmark-http --example server`, then `curl localhost:8000/hello`.

use rocket::get;

#[get("/hello")]
fn hello() -> &'static str {
    "RentMark, embedded\n"
}

#[rocket::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let settings = rentmark_http::settings::Settings::load()?;
    let app = rentmark_http::build(settings, false)
        .await?
        .mount("/", rocket::routes![hello]);
    app.launch().await?;
    Ok(())
}
