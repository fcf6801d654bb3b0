//! The caller's own account: `GET /users/me`, `PUT /users/me` (profile, and a
//! landlord's organization name), `GET /users/me/export` (a ZIP of everything held
//! about them: GDPR art. 15 and 20) and `DELETE /users/me` (erasure, GDPR art. 17).

use rentmark_domain::ids::OrgId;
use rentmark_domain::money::Currency;
use rentmark_domain::org::{Membership, Role};
use rentmark_domain::profile::{Profile, ProfileField, ProfileInput};
use rentmark_domain::user::{AccountRole, User, UserStatus};
use rocket::http::{ContentType, Header, Status};
use rocket::request::{FromRequest, Outcome, Request};
use rocket::response::{self, Responder, Response};
use rocket::{Route, State, delete, get, put, routes};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::api::envelope::{Api, ApiResult, JsonBody};
use crate::api::export;
use crate::auth::ApiUser;
use crate::error::{ApiError, record_guard_failure};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![me, update_me, export_me, delete_me]
}

/// A membership as `GET /users/me` and the export show it.
#[derive(Debug, Serialize)]
pub struct OrganizationJson {
    id: uuid::Uuid,
    name: String,
    role: Role,
    timezone: String,
    currency: Currency,
}

impl From<&Membership> for OrganizationJson {
    fn from(m: &Membership) -> Self {
        Self {
            id: m.org.id.as_uuid(),
            name: m.org.name.clone(),
            role: m.role,
            timezone: m.org.timezone.name().to_owned(),
            currency: m.org.currency,
        }
    }
}

/// The profile as shown: the display name and every field of the user's role
/// (`null` when unset); money as `"650.00"`, dates `YYYY-MM-DD`.
pub fn profile_json(user: &User, profile: &Profile) -> Value {
    let mut map = Map::new();
    map.insert(
        "display_name".into(),
        user.display_name.clone().map_or(Value::Null, Value::String),
    );
    for field in ProfileField::shown_for(user.role) {
        let value = profile.value(field).map_or(Value::Null, Value::String);
        map.insert(field.name().into(), value);
    }
    Value::Object(map)
}

/// `GET /users/me`, also the answer of `PUT /users/me`.
#[derive(Debug, Serialize)]
pub struct MeAnswer {
    id: uuid::Uuid,
    email: String,
    role: AccountRole,
    status: UserStatus,
    profile: Value,
    organizations: Vec<OrganizationJson>,
}

async fn me_answer(app: &App, user: &User) -> Result<MeAnswer, ApiError> {
    let profile = app.services.profile(user.id).await?;
    let memberships = app.services.memberships(user.id).await?;
    Ok(MeAnswer {
        id: user.id.as_uuid(),
        email: user.email.to_string(),
        role: user.role,
        status: user.status,
        profile: profile_json(user, &profile),
        organizations: memberships.iter().map(OrganizationJson::from).collect(),
    })
}

#[get("/users/me")]
async fn me(app: &State<App>, user: ApiUser) -> ApiResult<MeAnswer> {
    Ok(Api::ok(me_answer(app, &user.0).await?))
}

/// The optional `X-Org-Id` header: which organization a landlord renames. A
/// malformed one is a 400.
#[derive(Debug, Clone, Copy)]
pub struct OrgHeader(pub Option<OrgId>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for OrgHeader {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        match request.headers().get_one("X-Org-Id") {
            None => Outcome::Success(Self(None)),
            Some(text) => match text.trim().parse::<uuid::Uuid>() {
                Ok(id) => Outcome::Success(Self(Some(OrgId::from_uuid(id)))),
                Err(_) => {
                    record_guard_failure(request, ApiError::BadRequest("error.bad_request"));
                    Outcome::Error((
                        Status::BadRequest,
                        ApiError::BadRequest("error.bad_request"),
                    ))
                }
            },
        }
    }
}

/// `PUT /users/me`: a partial update of the profile; a landlord's `org_name` renames
/// the organization they own (`X-Org-Id`, or their first owned one).
#[put("/users/me", data = "<body>")]
async fn update_me(
    app: &State<App>,
    user: ApiUser,
    org: OrgHeader,
    body: JsonBody<ProfileInput>,
) -> ApiResult<MeAnswer> {
    app.services
        .update_profile(&user.0, &body.0, org.0, app.now())
        .await?;
    Ok(Api::ok(me_answer(app, &user.0).await?))
}

/// A ZIP download.
#[derive(Debug)]
pub struct ZipDownload {
    filename: String,
    bytes: Vec<u8>,
}

impl<'r> Responder<'r, 'static> for ZipDownload {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        Response::build()
            .header(ContentType::ZIP)
            .header(Header::new(
                "Content-Disposition",
                format!("attachment; filename=\"{}\"", self.filename),
            ))
            // Personal data: never kept by a shared cache.
            .header(Header::new("Cache-Control", "no-store"))
            .sized_body(self.bytes.len(), std::io::Cursor::new(self.bytes))
            .ok()
    }
}

/// `GET /users/me/export`: a ZIP of everything held about the caller.
#[get("/users/me/export")]
async fn export_me(app: &State<App>, user: ApiUser) -> Result<ZipDownload, ApiError> {
    let data = app.services.export_personal_data(user.0.id).await?;
    let bytes = export::zip(&data, app.now()).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(ZipDownload {
        filename: format!("rentmark-export-{}.zip", user.0.id),
        bytes,
    })
}

#[derive(Debug, Serialize)]
struct ErasureAnswer {
    status: &'static str,
}

/// `DELETE /users/me`: the account stops working at once and is erased by a job
/// (queued in the same transaction); the dossier's files are deleted right away.
/// 202; 409 `user.admin_erasure` for an admin.
#[delete("/users/me")]
async fn delete_me(app: &State<App>, user: ApiUser) -> ApiResult<ErasureAnswer> {
    app.services
        .request_erasure_with_files(&user.0, &app.blobs, app.now())
        .await?;
    Ok(Api::accepted(ErasureAnswer {
        status: "erasure_queued",
    }))
}
