//! The dossier summary a landlord reads for each application to their listing (from
//! the `org_application_dossiers` use case): who applies, for which room, when and
//! how long, how many guarantors with their combined income, the applicant's own
//! stated income, the kinds of document the dossier holds; and, once confirmed, the
//! lease the application created.

use rentmark_domain::ids::LeaseId;
use rentmark_domain::marketplace::ApplicationDossier;
use rentmark_domain::marketplace::application::{Application, ApplicationStatus};
use rentmark_domain::marketplace::listing::Listing;
use rentmark_domain::org::Actor;
use rentmark_domain::ports::{LeaseFilter, PageRequest};

use crate::i18n::Translator;
use crate::pages::context::PageResult;
use crate::pages::format;
use crate::pages::market::labels;
use crate::state::App;

/// What a landlord reads about one application.
#[derive(Debug, Clone)]
pub struct DossierSummary {
    /// The applicant's name (or e-mail when they gave none).
    pub applicant: String,
    /// Their e-mail address (empty once their account is erased).
    pub email: String,
    /// Their phone, if given.
    pub phone: String,
    /// The room applied for.
    pub room: String,
    /// Desired move-in date.
    pub move_in: String,
    /// Stay in months.
    pub duration: u32,
    /// How many guarantors the application names.
    pub guarantors: usize,
    /// The guarantors' combined monthly income.
    pub guarantors_income: String,
    /// The applicant's own monthly income, when stated.
    pub own_income: Option<String>,
    /// The kinds of document the dossier holds.
    pub documents: String,
}

impl DossierSummary {
    /// The summary of `dossier`, in the reader's language.
    pub fn new(tr: &Translator, dossier: &ApplicationDossier) -> Self {
        let lang = tr.lang();
        let a = &dossier.application;
        let email = dossier
            .email
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let name = [&dossier.first_name, &dossier.last_name]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        let documents = if dossier.documents.is_empty() {
            tr.t("req-none")
        } else {
            dossier
                .documents
                .iter()
                .map(|k| labels::document_kind(tr, *k))
                .collect::<Vec<_>>()
                .join(", ")
        };
        Self {
            applicant: if name.is_empty() { email.clone() } else { name },
            email,
            phone: dossier.phone.clone().unwrap_or_default(),
            room: dossier.room_name.clone().unwrap_or_default(),
            move_in: format::date(tr, a.move_in_date),
            duration: a.duration_months,
            guarantors: dossier.guarantor_count,
            guarantors_income: format::money(&dossier.guarantors_income, lang),
            own_income: dossier.monthly_income.map(|m| format::money(&m, lang)),
            documents,
        }
    }
}

/// The lease a confirmed application created: the lease of the renter's tenant
/// record on the room's unit starting on the move-in date.
pub async fn lease_of(
    app: &App,
    actor: &Actor,
    listing: &Listing,
    application: &Application,
) -> PageResult<Option<LeaseId>> {
    if application.status != ApplicationStatus::Confirmed {
        return Ok(None);
    }
    let (Some(tenant), Some(room)) = (
        app.services
            .tenant_of_user(actor, application.applicant)
            .await?,
        listing.room(application.room_id),
    ) else {
        return Ok(None);
    };
    let filter = LeaseFilter {
        unit_id: Some(room.unit_id),
        tenant_id: Some(tenant),
        property_id: None,
    };
    let leases = app
        .services
        .leases(actor, filter, PageRequest::new(1, PageRequest::MAX_LIMIT))
        .await?;
    Ok(leases
        .results
        .iter()
        .find(|l| l.terms.start_date == application.move_in_date)
        .map(|l| l.id))
}
