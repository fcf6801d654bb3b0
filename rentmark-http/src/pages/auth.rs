//! `/` (where to go), `/signup` (a renter, or a landlord and their organization),
//! `/login`,
//! `POST /logout`, and `/lang/<tag>` (the language switch).
//!
//! The forms go through the same limits as the API ([`crate::rate_limit`]), so the
//! pages are no way around them: a refused attempt shows the form again with status
//! 429, a banner saying why and how long to wait, and `Retry-After`.
//!
//! The sign-in and sign-up forms are posted before there is a session, so their CSRF
//! token is bound to a random nonce kept in a private "visitor" cookie instead (this
//! stops login CSRF: another site cannot sign a browser in to its own account).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rentmark_domain::ServiceError;
use rocket::form::{Form, FromForm};
use rocket::http::{Cookie, CookieJar, SameSite, Status};
use rocket::{Config, Route, State, get, post, routes};

use crate::api::auth::{authenticate, parse_signup};
use crate::auth::PageUser;
use crate::auth::session::Session;
use crate::error::ApiError;
use crate::i18n::{LANG_COOKIE, Lang, Translator};
use crate::pages::context::{Layout, PageError, PageResult, Reply, Visitor, local_path, urlencode};
use crate::pages::forms::{Choice, Field, FormView, Kind, Problems};
use crate::pages::submit::{Refused, Submission};
use crate::pages::viewers::home_of;
use crate::pages::{FormPage, Link};
use crate::rate_limit::{AuthClient, SignupAttempt};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![
        index,
        signup_page,
        signup,
        login_page,
        login,
        logout,
        language
    ]
}

/// The private cookie holding a signed-out visitor's CSRF nonce.
pub const VISITOR_COOKIE: &str = "rm_visitor";

/// The visitor's nonce, created (and set in a cookie) when there is none (or a stale
/// one that no longer decrypts). Called at most once per request.
fn visitor_nonce(cookies: &CookieJar<'_>, secure: bool) -> String {
    if let Some(cookie) = cookies.get_private(VISITOR_COOKIE) {
        return cookie.value().to_owned();
    }
    let mut bytes = [0_u8; 18];
    if getrandom::fill(&mut bytes).is_err() {
        // Without entropy the token would be guessable: log it; the form still works.
        tracing::error!("no entropy for the visitor nonce");
    }
    let nonce = URL_SAFE_NO_PAD.encode(bytes);
    let cookie = Cookie::build((VISITOR_COOKIE, nonce.clone()))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .path("/");
    cookies.add_private(cookie);
    nonce
}

/// Whether `token` matches the visitor's nonce.
fn visitor_csrf_ok(app: &App, cookies: &CookieJar<'_>, token: &str) -> bool {
    cookies
        .get_private(VISITOR_COOKIE)
        .is_some_and(|nonce| app.keys.verify_csrf(nonce.value(), token))
}

/// Signs `user` in: a new session in the private cookie.
fn start_session(
    app: &App,
    cookies: &CookieJar<'_>,
    config: &Config,
    user: rentmark_domain::ids::UserId,
) {
    Session::new(user, app.now()).store(cookies, config.tls_enabled());
}

/// `/`: the dashboard (a renter's area for a renter) when signed in, else the sign-in
/// page. A failure to check the session (the database is down) is an error page, not
/// a pretend sign-out.
#[get("/")]
fn index(user: Result<PageUser, ApiError>) -> PageResult<rocket::response::Redirect> {
    match user {
        Ok(user) => Ok(rocket::response::Redirect::to(home_of(&user.user))),
        Err(ApiError::Unauthorized(_)) => Ok(rocket::response::Redirect::to("/login")),
        Err(other) => Err(PageError(other)),
    }
}

/// The sign-up form.
#[derive(Debug, Default, FromForm)]
pub struct SignupForm {
    #[field(default = String::new())]
    email: String,
    #[field(default = String::new())]
    password: String,
    #[field(default = String::new())]
    role: String,
    #[field(default = String::new())]
    org_name: String,
    #[field(default = String::new())]
    csrf: String,
}

/// The account kind a sign-up form asks for: `tenant` (a renter) or `landlord`. A form
/// without the choice (posted before renters could sign up here) is a landlord's.
fn signup_role(form: &SignupForm) -> &str {
    match form.role.trim() {
        "" => "landlord",
        role => role,
    }
}

fn signup_view(
    tr: &Translator,
    layout: &Layout,
    csrf: &str,
    form: &SignupForm,
    problems: &Problems,
) -> FormPage {
    let fields = vec![
        Field::new(
            Kind::Email,
            "email",
            tr.t("field-email"),
            form.email.as_str(),
        )
        .required(),
        Field::new(Kind::Password, "password", tr.t("field-password"), "")
            .required()
            .hint(tr.t("field-password-hint")),
        Field::new(Kind::Select, "role", tr.t("field-account-kind"), "")
            .required()
            .choices(vec![
                Choice::new("tenant", tr.t("account-kind-tenant"), &[signup_role(form)]),
                Choice::new(
                    "landlord",
                    tr.t("account-kind-landlord"),
                    &[signup_role(form)],
                ),
            ]),
        Field::new(
            Kind::Text,
            "org_name",
            tr.t("field-org-name"),
            form.org_name.as_str(),
        )
        .hint(tr.t("field-org-name-hint")),
    ];
    FormPage {
        tr: tr.clone(),
        layout: layout.at("signup"),
        title: tr.t("signup-title"),
        intro: Some(tr.t("signup-intro")),
        form: FormView::new("/signup", csrf, tr.t("signup-submit"), fields, problems),
        links: vec![Link::new("/login", tr.t("signup-have-account"))],
    }
}

#[get("/signup")]
fn signup_page(
    app: &State<App>,
    visitor: Visitor,
    cookies: &CookieJar<'_>,
    config: &Config,
) -> crate::html::Html<FormPage> {
    let csrf = app
        .keys
        .csrf_token(&visitor_nonce(cookies, config.tls_enabled()));
    crate::html::Html(signup_view(
        &visitor.tr,
        &visitor.layout,
        &csrf,
        &<SignupForm as Default>::default(),
        &Problems::none(),
    ))
}

/// The form's banner for a refusal by a limit: what happened and how long to wait.
fn limited_banner(tr: &Translator, code: &str, retry_after_secs: u64) -> Problems {
    let wait = if retry_after_secs <= 90 {
        tr.t1("limit-retry-seconds", "seconds", &retry_after_secs)
    } else {
        tr.t1(
            "limit-retry-minutes",
            "minutes",
            &retry_after_secs.div_ceil(60),
        )
    };
    Problems::banner(format!("{} {wait}", tr.code(code)))
}

/// A refusal by a limit is shown on the form; any other error is the error page.
fn refusal(tr: &Translator, error: ApiError) -> Refused {
    match error {
        ApiError::TooManyRequests {
            code,
            retry_after_secs,
        } => Refused::Form(
            Status::TooManyRequests,
            limited_banner(tr, code, retry_after_secs),
        ),
        other => Refused::Page(PageError(other)),
    }
}

#[post("/signup", data = "<form>")]
async fn signup(
    app: &State<App>,
    attempt: Result<SignupAttempt, ApiError>,
    visitor: Visitor,
    cookies: &CookieJar<'_>,
    config: &Config,
    form: Form<SignupForm>,
) -> PageResult<Reply<FormPage>> {
    let tr = &visitor.tr;
    let csrf = app
        .keys
        .csrf_token(&visitor_nonce(cookies, config.tls_enabled()));
    Submission::new(tr, visitor_csrf_ok(app, cookies, &form.csrf))
        .run(
            form.into_inner(),
            async |form| {
                if let Err(error) = attempt {
                    return Err(refusal(tr, error));
                }
                let command = parse_signup(
                    &form.email,
                    &form.password,
                    signup_role(form),
                    Some(&form.org_name),
                )?;
                match app.services.sign_up(command, app.now()).await {
                    Ok((user, _org)) => {
                        start_session(app, cookies, config, user.id);
                        Ok(home_of(&user).to_owned())
                    }
                    Err(ServiceError::Conflict(code)) => {
                        let mut problems = Problems::banner(tr.code("error.validation"));
                        problems.add("email", tr.code(code));
                        Err(Refused::Form(Status::Conflict, problems))
                    }
                    Err(other) => Err(other.into()),
                }
            },
            async |form, problems| Ok(signup_view(tr, &visitor.layout, &csrf, &form, &problems)),
        )
        .await
}

/// The sign-in form.
#[derive(Debug, Default, FromForm)]
pub struct LoginForm {
    #[field(default = String::new())]
    email: String,
    #[field(default = String::new())]
    password: String,
    #[field(default = String::new())]
    next: String,
    #[field(default = String::new())]
    csrf: String,
}

fn login_view(
    tr: &Translator,
    layout: &Layout,
    csrf: &str,
    form: &LoginForm,
    problems: &Problems,
) -> FormPage {
    let action = if form.next.is_empty() {
        "/login".to_owned()
    } else {
        format!("/login?next={}", urlencode(&form.next))
    };
    let fields = vec![
        Field::new(
            Kind::Email,
            "email",
            tr.t("field-email"),
            form.email.as_str(),
        )
        .required(),
        Field::new(Kind::Password, "password", tr.t("field-password"), "").required(),
    ];
    FormPage {
        tr: tr.clone(),
        layout: layout.at("login"),
        title: tr.t("login-title"),
        intro: None,
        form: FormView::new(action, csrf, tr.t("login-submit"), fields, problems),
        links: vec![Link::new("/signup", tr.t("login-no-account"))],
    }
}

#[get("/login?<next>")]
fn login_page(
    app: &State<App>,
    visitor: Visitor,
    cookies: &CookieJar<'_>,
    config: &Config,
    next: Option<&str>,
) -> crate::html::Html<FormPage> {
    let csrf = app
        .keys
        .csrf_token(&visitor_nonce(cookies, config.tls_enabled()));
    let form = LoginForm {
        next: next.map(|n| local_path(Some(n), "")).unwrap_or_default(),
        ..<LoginForm as Default>::default()
    };
    crate::html::Html(login_view(
        &visitor.tr,
        &visitor.layout,
        &csrf,
        &form,
        &Problems::none(),
    ))
}

#[post("/login?<next>", data = "<form>")]
async fn login(
    app: &State<App>,
    client: AuthClient<'_>,
    visitor: Visitor,
    cookies: &CookieJar<'_>,
    config: &Config,
    next: Option<&str>,
    form: Form<LoginForm>,
) -> PageResult<Reply<FormPage>> {
    let tr = &visitor.tr;
    let mut form = form.into_inner();
    if form.next.is_empty() {
        form.next = next.map(|n| local_path(Some(n), "")).unwrap_or_default();
    }
    let csrf = app
        .keys
        .csrf_token(&visitor_nonce(cookies, config.tls_enabled()));
    Submission::new(tr, visitor_csrf_ok(app, cookies, &form.csrf))
        .run(
            form,
            async |form| match authenticate(app, &client, &form.email, &form.password).await {
                Ok(user) => {
                    start_session(app, cookies, config, user.id);
                    Ok(local_path(Some(&form.next), home_of(&user)))
                }
                Err(error @ (ApiError::Unauthorized(_) | ApiError::Forbidden(_))) => {
                    let problems = Problems::banner(tr.code(error.code()));
                    Err(Refused::Form(error.status(), problems))
                }
                Err(other) => Err(refusal(tr, other)),
            },
            async |form, problems| Ok(login_view(tr, &visitor.layout, &csrf, &form, &problems)),
        )
        .await
}

/// A form made of its CSRF token only.
#[derive(Debug, FromForm)]
pub struct TokenForm {
    /// The CSRF token.
    #[field(default = String::new())]
    pub csrf: String,
}

#[post("/logout", data = "<form>")]
fn logout(
    app: &State<App>,
    user: PageUser,
    cookies: &CookieJar<'_>,
    form: Form<TokenForm>,
) -> PageResult<rocket::response::Redirect> {
    if !app.keys.verify_csrf(&user.session.nonce, &form.csrf) {
        return Err(PageError(ApiError::Forbidden("auth.csrf")));
    }
    Session::clear(cookies);
    Ok(rocket::response::Redirect::to("/login"))
}

#[get("/lang/<tag>?<next>")]
fn language(
    tag: &str,
    next: Option<&str>,
    cookies: &CookieJar<'_>,
) -> PageResult<rocket::response::Redirect> {
    let lang = Lang::from_tag(tag).ok_or(PageError::not_found("error.not_found"))?;
    let cookie = Cookie::build((LANG_COOKIE, lang.tag()))
        .path("/")
        .same_site(SameSite::Lax)
        .max_age(rocket::time::Duration::days(365));
    cookies.add(cookie);
    Ok(rocket::response::Redirect::to(local_path(next, "/")))
}
