//! The flow every form POST shares, written once: check the CSRF token (refused with
//! [`CSRF_STATUS`]), parse the form and call the service (invalid values refused
//! with 422 and a message next to each field; when the form shows refusals, a
//! conflict with 409 and its message, as [`form_status`] says; any other error is the
//! error page), then redirect (303) on success or render the page again with the
//! form as typed.
//!
//! A handler states only what differs: what it does with the form (parse, call,
//! where to go next) and how its page is rendered again.

use rentmark_domain::ServiceError;
use rentmark_domain::validation::ValidationErrors;
use rocket::http::Status;

use crate::error::ApiError;
use crate::i18n::Translator;
use crate::pages::context::{CSRF_STATUS, PageError, PageResult, Reply, form_status, service_code};
use crate::pages::forms::Problems;

/// Why a submitted form was not carried out.
#[derive(Debug)]
pub enum Refused {
    /// Invalid values: 422, each message next to its field.
    Invalid(ValidationErrors),
    /// The service refused: invalid values as [`Refused::Invalid`]; any other
    /// refusal shown on the form or as the error page, as the [`Submission`] says.
    Service(ServiceError),
    /// Shown on the form with this status and these messages.
    Form(Status, Problems),
    /// The error page.
    Page(PageError),
}

impl From<ValidationErrors> for Refused {
    fn from(errors: ValidationErrors) -> Self {
        Self::Invalid(errors)
    }
}

impl From<ServiceError> for Refused {
    fn from(error: ServiceError) -> Self {
        Self::Service(error)
    }
}

impl From<PageError> for Refused {
    fn from(error: PageError) -> Self {
        Self::Page(error)
    }
}

impl From<ApiError> for Refused {
    /// Invalid values are shown on the form; any other error is the error page.
    fn from(error: ApiError) -> Self {
        match error {
            ApiError::Invalid(errors) => Self::Invalid(errors),
            other => Self::Page(PageError(other)),
        }
    }
}

/// One form submission: the request's translator, whether its CSRF token is the
/// session's, and which service errors its form shows.
#[derive(Debug, Clone, Copy)]
pub struct Submission<'a> {
    tr: &'a Translator,
    csrf_ok: bool,
    refusals: bool,
}

impl<'a> Submission<'a> {
    /// A submission whose form shows invalid values only (any other service error is
    /// the error page).
    pub fn new(tr: &'a Translator, csrf_ok: bool) -> Self {
        Self {
            tr,
            csrf_ok,
            refusals: false,
        }
    }

    /// The form also shows the other service refusals [`form_status`] names (a
    /// conflict: 409), with their message as the banner.
    #[must_use]
    pub fn showing_refusals(mut self) -> Self {
        self.refusals = true;
        self
    }

    /// Runs the submission of `form`: refused with [`CSRF_STATUS`] on a bad token;
    /// else `act` (parse the form, call the service) gives where to go next, or why it
    /// was refused; a refusal shown on the form is answered by `render` (the page
    /// again, with the form as typed and the problems) with the refusal's status.
    ///
    /// A form type that borrows the request (a multipart form with a file) cannot
    /// be passed through: the handler's future would not be provably `Send` for every
    /// lifetime. Pass `()` and let the closures borrow the form, as `payments` does.
    ///
    /// # Errors
    /// The error page: a refusal the form does not show, or a failure to render.
    pub async fn run<F, P>(
        self,
        form: F,
        act: impl AsyncFnOnce(&F) -> Result<String, Refused>,
        render: impl AsyncFnOnce(F, Problems) -> PageResult<P>,
    ) -> PageResult<Reply<P>> {
        let (status, problems) = if self.csrf_ok {
            match act(&form).await {
                Ok(target) => return Ok(Reply::to(target)),
                Err(refused) => self.answer(refused)?,
            }
        } else {
            (CSRF_STATUS, Problems::banner(self.tr.code("auth.csrf")))
        };
        Ok(Reply::page(status, render(form, problems).await?))
    }

    /// The status and problems the form shows for `refused`, or the error page.
    fn answer(&self, refused: Refused) -> PageResult<(Status, Problems)> {
        match refused {
            Refused::Invalid(errors) | Refused::Service(ServiceError::Invalid(errors)) => Ok((
                Status::UnprocessableEntity,
                Problems::from_validation(&errors, self.tr),
            )),
            Refused::Service(error) => match form_status(&error).filter(|_| self.refusals) {
                Some(status) => Ok((status, Problems::banner(self.tr.code(service_code(&error))))),
                None => Err(error.into()),
            },
            Refused::Form(status, problems) => Ok((status, problems)),
            Refused::Page(error) => Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use rentmark_domain::validation::codes;

    use super::*;
    use crate::i18n::{Catalogs, Lang};

    fn tr() -> Translator {
        Translator::new(Arc::new(Catalogs::load().expect("catalogs")), Lang::En)
    }

    /// Runs a submission whose render returns the form and the problems it was given.
    async fn run(
        submission: Submission<'_>,
        outcome: Result<String, Refused>,
    ) -> (PageResult<Reply<(&'static str, Problems)>>, bool) {
        let mut acted = false;
        let reply = submission
            .run(
                "typed",
                async |form| {
                    assert_eq!(*form, "typed");
                    acted = true;
                    outcome
                },
                async |form, problems| Ok((form, problems)),
            )
            .await;
        (reply, acted)
    }

    /// The status and the shown problems of a re-rendered page.
    fn shown(reply: PageResult<Reply<(&'static str, Problems)>>) -> (Status, Problems) {
        match reply {
            Ok(Reply::Page(status, page)) => {
                assert_eq!(page.0.0, "typed", "the form comes back as typed");
                (status, page.0.1)
            }
            Ok(Reply::Redirect(_)) => panic!("expected the page again, got a redirect"),
            Err(error) => panic!("expected the page again, got {error:?}"),
        }
    }

    #[rocket::async_test]
    async fn a_bad_token_is_refused_before_anything_is_done() {
        let tr = tr();
        let (reply, acted) = run(Submission::new(&tr, false), Ok("/x".into())).await;
        assert!(!acted);
        let (status, problems) = shown(reply);
        assert_eq!(status, CSRF_STATUS);
        assert_eq!(problems.banner, Some(tr.code("auth.csrf")));
    }

    #[rocket::async_test]
    async fn success_redirects() {
        let tr = tr();
        let (reply, acted) = run(Submission::new(&tr, true), Ok("/x".into())).await;
        assert!(acted);
        assert!(matches!(reply, Ok(Reply::Redirect(_))));
    }

    #[rocket::async_test]
    async fn invalid_values_come_back_with_422_next_to_their_fields() {
        let tr = tr();
        let errors = ValidationErrors::single("rent", codes::REQUIRED);
        for refused in [
            Refused::Invalid(errors.clone()),
            Refused::Service(ServiceError::Invalid(errors)),
        ] {
            let (reply, _) = run(Submission::new(&tr, true), Err(refused)).await;
            let (status, problems) = shown(reply);
            assert_eq!(status, Status::UnprocessableEntity);
            assert_eq!(problems.get("rent"), Some(tr.code(codes::REQUIRED)));
            assert_eq!(problems.banner, Some(tr.code("error.validation")));
        }
    }

    #[rocket::async_test]
    async fn a_conflict_is_shown_only_by_a_form_showing_refusals() {
        let tr = tr();
        let conflict = || Err(Refused::Service(ServiceError::Conflict("unit_has_leases")));
        let (reply, _) = run(Submission::new(&tr, true), conflict()).await;
        match reply {
            Err(PageError(ApiError::Conflict("unit_has_leases"))) => {}
            other => panic!("expected the error page, got {other:?}"),
        }
        let (reply, _) = run(Submission::new(&tr, true).showing_refusals(), conflict()).await;
        let (status, problems) = shown(reply);
        assert_eq!(status, Status::Conflict);
        assert_eq!(problems.banner, Some(tr.code("unit_has_leases")));
    }

    #[rocket::async_test]
    async fn not_found_and_page_errors_are_the_error_page() {
        let tr = tr();
        let refusals = [
            Refused::Service(ServiceError::NotFound("unit.not_found")),
            Refused::Page(PageError::not_found("unit.not_found")),
        ];
        for refused in refusals {
            let (reply, _) = run(Submission::new(&tr, true).showing_refusals(), Err(refused)).await;
            match reply {
                Err(PageError(ApiError::NotFound("unit.not_found"))) => {}
                other => panic!("expected the error page, got {other:?}"),
            }
        }
    }

    #[rocket::async_test]
    async fn a_refusal_of_the_handler_is_shown_as_it_says() {
        let tr = tr();
        let refused = Refused::Form(Status::Conflict, Problems::banner("gone".into()));
        let (reply, _) = run(Submission::new(&tr, true), Err(refused)).await;
        let (status, problems) = shown(reply);
        assert_eq!(status, Status::Conflict);
        assert_eq!(problems.banner.as_deref(), Some("gone"));
    }
}
