//! `POST /auth/signup`, `POST /auth/login` (the caller's own account is in
//! [`crate::api::users`]).

use rentmark_domain::services::{LandlordSignup, Signup, TenantSignup, check_password};
use rentmark_domain::user::{AccountRole, Email};
use rentmark_domain::validation::{ValidationErrors, codes};
use rocket::{Route, State, post, routes};
use serde::{Deserialize, Serialize};

use crate::api::envelope::{Api, ApiResult, JsonBody};
use crate::auth::password::{dummy_hash, hash_password, verify_password};
use crate::auth::token;
use crate::error::ApiError;
use crate::rate_limit::{AuthClient, SignupAttempt};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![signup, login]
}

/// `POST /auth/signup` body.
#[derive(Debug, Deserialize)]
pub struct SignupBody {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    org_name: Option<String>,
}

#[derive(Debug, Serialize)]
struct SignupAnswer {
    user_id: uuid::Uuid,
    token: String,
    org_id: Option<uuid::Uuid>,
}

/// Parses a sign-up form or body into the domain command (password hashed here).
///
/// # Errors
/// 422 listing every bad field.
pub fn parse_signup(
    email: &str,
    password: &str,
    role: &str,
    org_name: Option<&str>,
) -> Result<Signup, ApiError> {
    let mut errors = ValidationErrors::new();
    let email = errors.check("email", Email::parse(email), |c| c);
    if let Err(bad) = check_password(password) {
        errors.errors.extend(bad.errors);
    }
    let role = match role.trim() {
        "landlord" => Some(AccountRole::Landlord),
        "tenant" => Some(AccountRole::Tenant),
        _ => {
            errors.add("role", codes::INVALID_CHOICE);
            None
        }
    };
    let org_name = org_name.map(str::trim).filter(|n| !n.is_empty());
    if role == Some(AccountRole::Landlord) && org_name.is_none() {
        errors.add("org_name", codes::REQUIRED);
    }
    let (Some(email), Some(role), true) = (email, role, errors.is_empty()) else {
        return Err(ApiError::Invalid(errors));
    };
    let password_hash = hash_password(password).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(match role {
        AccountRole::Landlord => Signup::Landlord(LandlordSignup {
            email,
            password_hash,
            org_name: org_name.unwrap_or_default().to_owned(),
        }),
        _ => Signup::Tenant(TenantSignup {
            email,
            password_hash,
        }),
    })
}

#[post("/auth/signup", data = "<body>")]
async fn signup(
    app: &State<App>,
    _attempt: SignupAttempt,
    body: JsonBody<SignupBody>,
) -> ApiResult<SignupAnswer> {
    let body = body.0;
    let command = parse_signup(
        &body.email,
        &body.password,
        &body.role,
        body.org_name.as_deref(),
    )?;
    let now = app.now();
    let (user, org) = app.services.sign_up(command, now).await?;
    let token = token::issue(
        &app.keys,
        user.id,
        user.role,
        now,
        app.settings.token_ttl_secs,
    )
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Api::created(SignupAnswer {
        user_id: user.id.as_uuid(),
        token,
        org_id: org.map(|o| o.id.as_uuid()),
    }))
}

/// `POST /auth/login` body.
#[derive(Debug, Deserialize)]
pub struct LoginBody {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

#[derive(Debug, Serialize)]
struct LoginAnswer {
    token: String,
    role: AccountRole,
}

/// Checks credentials within the sign-in limits ([`crate::rate_limit`]): refused
/// without a password check while the account is locked or `client`'s address is past
/// its failure budget; a wrong password counts against both, a right one clears the
/// account's failures. The same answer and about the same time whether the e-mail is
/// unknown or the password wrong.
///
/// # Errors
/// 429 with the limit's code; 401 `auth.invalid_credentials` (also for an account
/// being or having been erased); 403 `auth.banned`.
pub async fn authenticate(
    app: &App,
    client: &AuthClient<'_>,
    email: &str,
    password: &str,
) -> Result<rentmark_domain::user::User, ApiError> {
    let attempt = app
        .auth_limits
        .begin_sign_in(client.ip, email, app.now())
        .map_err(|limited| client.refuse(limited))?;
    let outcome = check_credentials(app, email, password).await;
    match &outcome {
        Ok(_) => attempt.succeeded(),
        Err(ApiError::Unauthorized(_)) => attempt.failed(app.now()),
        // A banned account or an outage: nothing counts (the reservation is returned).
        Err(_) => drop(attempt),
    }
    outcome
}

/// The password check itself.
async fn check_credentials(
    app: &App,
    email: &str,
    password: &str,
) -> Result<rentmark_domain::user::User, ApiError> {
    let user = match Email::parse(email) {
        Ok(email) => app.services.user_by_email(&email).await?,
        Err(_) => None,
    };
    let Some(user) = user else {
        let _ = verify_password(password, dummy_hash());
        return Err(ApiError::Unauthorized("auth.invalid_credentials"));
    };
    // An account being erased answers like an unknown one (its password still
    // verifies until the erasure job replaces the hash).
    if !verify_password(password, &user.password_hash) || user.status.is_erased_or_erasing() {
        return Err(ApiError::Unauthorized("auth.invalid_credentials"));
    }
    if user.status == rentmark_domain::user::UserStatus::Banned {
        return Err(ApiError::Forbidden("auth.banned"));
    }
    Ok(user)
}

#[post("/auth/login", data = "<body>")]
async fn login(
    app: &State<App>,
    client: AuthClient<'_>,
    body: JsonBody<LoginBody>,
) -> ApiResult<LoginAnswer> {
    let user = authenticate(app, &client, &body.0.email, &body.0.password).await?;
    let token = token::issue(
        &app.keys,
        user.id,
        user.role,
        app.now(),
        app.settings.token_ttl_secs,
    )
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Api::ok(LoginAnswer {
        token,
        role: user.role,
    }))
}
