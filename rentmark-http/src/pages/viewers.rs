//! Who looks at a page besides an organization member: the [`Renter`] guard (a
//! signed-in renter on a page of their area) and the [`Viewer`] of a public page (a
//! renter, a member or a signed-out visitor, each with the chrome of their kind).

use rentmark_domain::user::{AccountRole, User};
use rocket::http::Status;
use rocket::outcome::try_outcome;
use rocket::request::{FromRequest, Outcome, Request};

use crate::auth::PageUser;
use crate::auth::session::Session;
use crate::error::{ApiError, record_guard_failure};
use crate::i18n::Translator;
use crate::pages::context::{Layout, Member, here};
use crate::state::App;

/// Where a renter lands after signing in or up: their applications.
pub const RENTER_HOME: &str = "/renter/applications";

/// Where a signed-in user lands: a renter's area, or an organization's dashboard.
pub fn home_of(user: &User) -> &'static str {
    if user.role == AccountRole::Tenant {
        RENTER_HOME
    } else {
        "/dashboard"
    }
}

/// A signed-in renter on a page of their area: the account, the session, the
/// translator, the chrome. Signed out, 401 (a redirect to the sign-in page); signed
/// in with another kind of account, 403 (`auth.not_a_renter`).
#[derive(Debug, Clone)]
pub struct Renter {
    /// The renter's account.
    pub user: User,
    /// The session (its nonce binds the CSRF token).
    pub session: Session,
    /// The request's language.
    pub tr: Translator,
    /// The page chrome.
    pub layout: Layout,
}

impl Renter {
    /// Whether `token` is this session's CSRF token.
    pub fn csrf_ok(&self, app: &App, token: &str) -> bool {
        app.keys.verify_csrf(&self.session.nonce, token)
    }

    /// The chrome with `section` highlighted.
    pub fn layout(&self, section: &'static str) -> Layout {
        self.layout.at(section)
    }

    /// The renter of a signed-in page user (`None` for another kind of account).
    fn of(request: &Request<'_>, app: &App, page_user: PageUser) -> Option<Self> {
        let PageUser { user, session } = page_user;
        if user.role != AccountRole::Tenant {
            return None;
        }
        let layout = Layout {
            user_email: Some(user.email.to_string()),
            org_name: None,
            csrf: app.keys.csrf_token(&session.nonce),
            section: "",
            here: here(request),
            renter: true,
        };
        Some(Self {
            tr: app.translator(request),
            user,
            session,
            layout,
        })
    }
}

fn app_state<'r>(request: &'r Request<'_>) -> Result<&'r App, (Status, ApiError)> {
    request.rocket().state::<App>().ok_or((
        Status::InternalServerError,
        ApiError::Internal("App state missing".into()),
    ))
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Renter {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let page_user = try_outcome!(request.guard::<PageUser>().await);
        let app = match app_state(request) {
            Ok(app) => app,
            Err(failure) => return Outcome::Error(failure),
        };
        match Renter::of(request, app, page_user) {
            Some(renter) => Outcome::Success(renter),
            None => {
                let error = ApiError::Forbidden("auth.not_a_renter");
                let status = error.status();
                record_guard_failure(request, error);
                Outcome::Error((status, ApiError::from_status(status)))
            }
        }
    }
}

/// Whoever looks at a public page (the listing search, a listing): a renter (who may
/// apply), a member of an organization, or a signed-out visitor, each with the chrome
/// of their kind. Never fails for being signed out; a failure to check the session
/// (the database is down) is the error page.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The request's language.
    pub tr: Translator,
    /// The page chrome.
    pub layout: Layout,
    /// The renter, when a renter is signed in.
    pub renter: Option<Renter>,
    /// Whether someone is signed in.
    pub signed_in: bool,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Viewer {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let app = match app_state(request) {
            Ok(app) => app,
            Err(failure) => return Outcome::Error(failure),
        };
        let tr = app.translator(request);
        let page_user = match request.guard::<PageUser>().await {
            Outcome::Success(page_user) => page_user,
            Outcome::Error((Status::Unauthorized, _)) | Outcome::Forward(_) => {
                let mut layout = Layout::anonymous("/");
                layout.here = here(request);
                return Outcome::Success(Self {
                    tr,
                    layout,
                    renter: None,
                    signed_in: false,
                });
            }
            Outcome::Error(failure) => return Outcome::Error(failure),
        };
        let email = page_user.user.email.to_string();
        let csrf = app.keys.csrf_token(&page_user.session.nonce);
        if let Some(renter) = Renter::of(request, app, page_user) {
            return Outcome::Success(Self {
                tr,
                layout: renter.layout.clone(),
                renter: Some(renter),
                signed_in: true,
            });
        }
        let layout = match request.guard::<Member>().await {
            Outcome::Success(member) => member.layout,
            // A user of no organization (a platform admin): signed in, no navigation.
            _ => {
                let mut layout = Layout::anonymous("/");
                layout.user_email = Some(email);
                layout.csrf = csrf;
                layout.here = here(request);
                layout
            }
        };
        Outcome::Success(Self {
            tr,
            layout,
            renter: None,
            signed_in: true,
        })
    }
}
