//! Odd strings in every text field of every JSON route with a body (issue 18): NUL,
//! control characters, a 1 MB string, right-to-left marks, combining characters (also
//! a lone one), emoji with joiner sequences, U+FEFF, U+FFFF. For each route, field and
//! value: the answer is never a 5xx; a 2xx stored the value byte for byte (read back
//! with a GET); a 4xx has the envelope with a code and wrote nothing (a GET of what
//! the route would change answers the same before and after).
//!
//! One app per group of routes keeps the run short; the suite runs on SQLite and, with
//! `RENTMARK_TEST_POSTGRES_URL`, on PostgreSQL, where NUL used to be a 503.
//! The marketplace's routes are in `odd_strings_market.rs`.

use rocket::http::{Method, Status};
use serde_json::{Value, json};

use crate::common::TestApp;

/// The odd values, each with a name for failure messages.
pub fn odd_values() -> Vec<(&'static str, String)> {
    vec![
        ("NUL", "a\u{0}b".to_owned()),
        ("NUL alone", "\u{0}".to_owned()),
        ("SOH", "a\u{1}b".to_owned()),
        ("ESC sequence", "a\u{1b}[31mb".to_owned()),
        ("tab", "a\tb".to_owned()),
        ("line feed", "a\nb".to_owned()),
        ("carriage return", "a\r\nb".to_owned()),
        ("DEL", "a\u{7f}b".to_owned()),
        ("C1 NEL", "a\u{85}b".to_owned()),
        ("1 MB", "x".repeat(1_000_000)),
        ("RTL mark", "\u{200f}שלום עולם\u{200f}".to_owned()),
        ("combining", "Cre\u{300}me bru\u{302}le\u{301}e".to_owned()),
        ("lone combining mark", "\u{301}".to_owned()),
        ("emoji", "Maison 🏠🔑".to_owned()),
        (
            "emoji ZWJ sequences",
            "👩\u{200d}👩\u{200d}👧\u{200d}👦 🏳\u{fe0f}\u{200d}🌈".to_owned(),
        ),
        ("BOM", "\u{feff}Nom".to_owned()),
        ("U+FFFF", "a\u{ffff}b".to_owned()),
    ]
}

/// What became of one odd value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx, and read back verbatim.
    Stored,
    /// 4xx with the envelope, and nothing changed.
    Refused,
}

/// The path of the GET that reads an entity back, from the route's answer `data`.
pub type ReadPath<'a> = Box<dyn Fn(&Value) -> String + 'a>;

/// One text field of one route.
pub struct Target<'a> {
    /// The route, for messages.
    pub method: Method,
    /// Its path.
    pub path: String,
    /// The bearer token, if the route needs one.
    pub token: Option<&'a str>,
    /// A body the route accepts.
    pub body: Value,
    /// The field, as a JSON pointer into `body`.
    pub field: &'a str,
    /// The GET whose answer must not change when the value is refused (`None`: the
    /// caller checks).
    pub unchanged: Option<String>,
    /// The GET reading the entity back from the route's answer `data`, and the
    /// field's pointer in that GET's `data` (`None`: nothing to read back).
    pub read: Option<(ReadPath<'a>, &'a str)>,
}

impl<'a> Target<'a> {
    /// A field of a route, read back at the same pointer of `GET {read}`.
    pub fn new(method: Method, path: &str, token: &'a str, body: Value, field: &'a str) -> Self {
        Self {
            method,
            path: path.to_owned(),
            token: Some(token),
            body,
            field,
            unchanged: None,
            read: None,
        }
    }

    /// The GET that must answer the same when the value is refused.
    pub fn unchanged(mut self, path: impl Into<String>) -> Self {
        self.unchanged = Some(path.into());
        self
    }

    /// Reads a stored value back at `pointer` of the GET `path(answer data)`.
    pub fn read(mut self, path: impl Fn(&Value) -> String + 'a, pointer: &'a str) -> Self {
        self.read = Some((Box::new(path), pointer));
        self
    }
}

/// GET with an optional token; the status and the body.
pub async fn get(app: &TestApp, path: &str, token: Option<&str>) -> (Status, Value) {
    app.call(Method::Get, path, token, None).await
}

/// Sends `value` in the target's field and checks the contract; returns what
/// happened. The `read` GET uses the answer's token when it has one (sign-up).
pub async fn probe(app: &TestApp, target: &Target<'_>, name: &str, value: &str) -> Outcome {
    let what = format!(
        "{} {} {} = {name}",
        target.method, target.path, target.field
    );
    let before = match &target.unchanged {
        Some(path) => Some(get(app, path, target.token).await),
        None => None,
    };
    let mut body = target.body.clone();
    *body
        .pointer_mut(target.field)
        .unwrap_or_else(|| panic!("{what}: the base body has no such field")) =
        Value::String(value.to_owned());
    let (status, answer) = app
        .call(target.method, &target.path, target.token, Some(body))
        .await;
    assert!(status.code < 500, "{what}: {status} {}", shorten(&answer));
    if status.class().is_success() {
        if let Some((path, pointer)) = &target.read {
            let token = answer["data"]["token"].as_str().or(target.token);
            let (read_status, entity) = get(app, &path(&answer["data"]), token).await;
            assert_eq!(read_status, Status::Ok, "{what}: {}", shorten(&entity));
            let stored = entity["data"].pointer(pointer);
            assert!(
                stored == Some(&Value::String(value.to_owned())),
                "{what}: stored as {:?}",
                stored.map(shorten)
            );
        }
        Outcome::Stored
    } else {
        assert!(status.class().is_client_error(), "{what}: {status}");
        assert_eq!(answer["success"], json!(false), "{what}: {answer}");
        assert_eq!(answer["data"], Value::Null, "{what}: {answer}");
        assert!(
            answer["error"]["code"]
                .as_str()
                .is_some_and(|c| !c.is_empty()),
            "{what}: {answer}"
        );
        if let (Some(before), Some(path)) = (before, &target.unchanged) {
            let after = get(app, path, target.token).await;
            assert_eq!(before, after, "{what}: refused, but {path} changed");
        }
        Outcome::Refused
    }
}

/// A value for messages: long strings cut.
fn shorten(value: &Value) -> String {
    let text = value.to_string();
    if text.len() > 300 {
        format!(
            "{}... ({} bytes)",
            &text[..text.floor_char_boundary(300)],
            text.len()
        )
    } else {
        text
    }
}

/// Probes every odd value in `target`'s field; returns the names of the values
/// stored.
pub async fn probe_all(app: &TestApp, target: &Target<'_>) -> Vec<&'static str> {
    let mut stored = Vec::new();
    for (name, value) in odd_values() {
        if probe(app, target, name, &value).await == Outcome::Stored {
            stored.push(name);
        }
    }
    stored
}

/// What a one-line free-text field must store; the rest it must refuse.
pub const ONE_LINE_STORED: &[&str] = &[
    "RTL mark",
    "combining",
    "lone combining mark",
    "emoji",
    "emoji ZWJ sequences",
    "BOM",
    "U+FFFF",
];

/// What a field that is parsed (an amount, a date, an id, a choice) stores: nothing.
pub const NOTHING: &[&str] = &[];

/// The odd values an e-mail address keeps (inside its local part): those with no
/// space (the RTL, combining and emoji values hold one) and no control character.
pub const EMAIL_STORED: &[&str] = &["lone combining mark", "BOM", "U+FFFF"];

/// What a description (multi-line) must store.
pub const MULTI_LINE_STORED: &[&str] = &[
    "tab",
    "line feed",
    "carriage return",
    "RTL mark",
    "combining",
    "lone combining mark",
    "emoji",
    "emoji ZWJ sequences",
    "BOM",
    "U+FFFF",
];

/// The id in an answer's `data`.
pub fn id(data: &Value) -> String {
    data["id"].as_str().expect("an id in the answer").to_owned()
}

#[tokio::test]
async fn properties_and_units_store_odd_text_verbatim_or_refuse_it() {
    let app = TestApp::spawn().await;
    let landlord = app.landlord("Odd Properties").await;
    let token = landlord.token.as_str();
    let property = app.property(&landlord, "Base").await;
    let unit = app.unit(&landlord, &property, "Base unit", "700.00").await;
    let body = json!({"name": "Nom", "address": "1 rue A", "city": "Paris", "description": "Desc"});
    let list = "/api/v1/properties?limit=100";
    let one = format!("/api/v1/properties/{property}");
    for (field, expected) in [
        ("/name", ONE_LINE_STORED),
        ("/address", ONE_LINE_STORED),
        ("/city", ONE_LINE_STORED),
        ("/description", MULTI_LINE_STORED),
    ] {
        let create = Target::new(
            Method::Post,
            "/api/v1/properties",
            token,
            body.clone(),
            field,
        )
        .unchanged(list)
        .read(|data| format!("/api/v1/properties/{}", id(data)), field);
        assert_eq!(probe_all(&app, &create).await, expected, "POST {field}");
        let update = Target::new(Method::Put, &one, token, body.clone(), field)
            .unchanged(one.clone())
            .read(|_| one.clone(), field);
        assert_eq!(probe_all(&app, &update).await, expected, "PUT {field}");
    }
    let batch = Target::new(
        Method::Post,
        "/api/v1/properties/batch",
        token,
        json!({"items": [body.clone(), body.clone()]}),
        "/items/1/name",
    )
    .unchanged(list)
    .read(
        |data| format!("/api/v1/properties/{}", id(&data[1])),
        "/name",
    );
    assert_eq!(probe_all(&app, &batch).await, ONE_LINE_STORED);

    let units = format!("/api/v1/properties/{property}/units?limit=100");
    let unit_body = json!({"name": "U", "beds": 1, "baths": "1", "rent": "700.00", "charges": "50.00", "deposit": "700.00"});
    let create = Target::new(
        Method::Post,
        &format!("/api/v1/properties/{property}/units"),
        token,
        unit_body.clone(),
        "/name",
    )
    .unchanged(units.clone())
    .read(|data| format!("/api/v1/units/{}", id(data)), "/name");
    assert_eq!(probe_all(&app, &create).await, ONE_LINE_STORED);
    let one_unit = format!("/api/v1/units/{unit}");
    let update = Target::new(Method::Put, &one_unit, token, unit_body.clone(), "/name")
        .unchanged(one_unit.clone())
        .read(|_| one_unit.clone(), "/name");
    assert_eq!(probe_all(&app, &update).await, ONE_LINE_STORED);
    // Amounts and numbers given as text are parsed: never stored as sent.
    for field in ["/rent", "/charges", "/deposit", "/baths"] {
        let create = Target::new(
            Method::Post,
            &format!("/api/v1/properties/{property}/units"),
            token,
            unit_body.clone(),
            field,
        )
        .unchanged(units.clone());
        assert_eq!(probe_all(&app, &create).await, NOTHING, "{field}");
    }
}

#[tokio::test]
async fn tenants_leases_and_payments_store_odd_text_verbatim_or_refuse_it() {
    let app = TestApp::spawn().await;
    let portfolio = app.portfolio("Odd Leases", "700.00", "2026-10-01").await;
    let token = portfolio.landlord.token.as_str();
    let tenants = "/api/v1/tenants?limit=100";
    let body = json!({"name": "Nom", "email": "base@mail.test", "phone": "0600000000"});
    let one = format!("/api/v1/tenants/{}", portfolio.tenant);
    for field in ["/name", "/phone"] {
        let create = Target::new(Method::Post, "/api/v1/tenants", token, body.clone(), field)
            .unchanged(tenants)
            .read(|data| format!("/api/v1/tenants/{}", id(data)), field);
        assert_eq!(probe_all(&app, &create).await, ONE_LINE_STORED, "{field}");
        let update = Target::new(Method::Put, &one, token, body.clone(), field)
            .unchanged(one.clone())
            .read(|_| one.clone(), field);
        assert_eq!(probe_all(&app, &update).await, ONE_LINE_STORED, "{field}");
    }
    // An e-mail is one word: an odd value inside an address is kept if it has no
    // space or control character.
    let mut stored = Vec::new();
    for (n, (name, value)) in odd_values().into_iter().enumerate() {
        // Addresses are lower-cased by design: that is the value kept.
        let email = format!("t{n}.{}@mail.test", value.to_lowercase());
        let create = Target::new(
            Method::Post,
            "/api/v1/tenants",
            token,
            body.clone(),
            "/email",
        )
        .unchanged(tenants)
        .read(|data| format!("/api/v1/tenants/{}", id(data)), "/email");
        if probe(&app, &create, name, &email).await == Outcome::Stored {
            stored.push(name);
        }
    }
    assert_eq!(stored, EMAIL_STORED);

    // Leases and payments hold no free text: every odd value is refused.
    let lease = format!("/api/v1/leases/{}", portfolio.lease);
    let lease_body = json!({"unit_id": portfolio.unit, "tenant_ids": [portfolio.tenant], "rent": "700.00", "charges": "0", "deposit": "0", "start_date": "2027-01-01", "end_date": "2027-12-31", "due_day": 1});
    for field in [
        "/unit_id",
        "/tenant_ids/0",
        "/rent",
        "/charges",
        "/deposit",
        "/start_date",
        "/end_date",
    ] {
        let create = Target::new(
            Method::Post,
            "/api/v1/leases",
            token,
            lease_body.clone(),
            field,
        )
        .unchanged("/api/v1/leases?limit=100");
        assert_eq!(probe_all(&app, &create).await, NOTHING, "{field}");
    }
    let update_body = json!({"rent": "710.00", "charges": "10.00", "end_date": "2027-09-30"});
    for field in ["/rent", "/charges", "/end_date"] {
        let update = Target::new(Method::Put, &lease, token, update_body.clone(), field)
            .unchanged(lease.clone());
        assert_eq!(probe_all(&app, &update).await, NOTHING, "{field}");
    }
    let end = Target::new(
        Method::Post,
        &format!("{lease}/end"),
        token,
        json!({"end_date": "2027-06-30"}),
        "/end_date",
    )
    .unchanged(lease.clone());
    assert_eq!(probe_all(&app, &end).await, NOTHING);

    let payments = format!("/api/v1/payments?lease_id={}&limit=100", portfolio.lease);
    let payment_body = json!({"lease_id": portfolio.lease, "tenant_id": portfolio.tenant, "amount": "100.00", "paid_on": "2026-11-10", "method": "transfer"});
    let (status, created) = app
        .post("/api/v1/payments", token, payment_body.clone())
        .await;
    assert_eq!(status, Status::Created, "{created}");
    let payment = format!("/api/v1/payments/{}", id(&created["data"]));
    for field in ["/lease_id", "/tenant_id", "/amount", "/paid_on", "/method"] {
        let create = Target::new(
            Method::Post,
            "/api/v1/payments",
            token,
            payment_body.clone(),
            field,
        )
        .unchanged(payments.clone());
        assert_eq!(probe_all(&app, &create).await, NOTHING, "{field}");
    }
    for field in ["/amount", "/paid_on", "/method"] {
        let update = Target::new(Method::Put, &payment, token, payment_body.clone(), field)
            .unchanged(payments.clone());
        assert_eq!(probe_all(&app, &update).await, NOTHING, "{field}");
    }
}
