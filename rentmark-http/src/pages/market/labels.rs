//! What the marketplace's enumerations are called on a page, from the catalog: listing
//! types and statuses, document kinds, application statuses, actors and reasons.

use rentmark_domain::marketplace::application::{ApplicationActor, ApplicationStatus};
use rentmark_domain::marketplace::listing::{DocumentKind, ListingStatus, ListingType};

use crate::i18n::Translator;
use crate::pages::forms::Choice;

/// "Studio", "Room", "Flat".
pub fn listing_type(tr: &Translator, kind: ListingType) -> String {
    tr.t(&format!("listing-type-{}", kind.as_str()))
}

/// "Draft", "Published", "Closed".
pub fn listing_status(tr: &Translator, status: ListingStatus) -> String {
    tr.t(&format!("listing-status-{}", status.as_str()))
}

/// "Identity card or passport", ...
pub fn document_kind(tr: &Translator, kind: DocumentKind) -> String {
    tr.t(&format!("doc-kind-{}", kind.as_str()))
}

/// "Pending", "Accepted, awaiting payment", ...
pub fn application_status(tr: &Translator, status: ApplicationStatus) -> String {
    tr.t(&format!("application-status-{}", status.as_str()))
}

/// "Renter", "Landlord", "Payment", "RentMark".
pub fn actor(tr: &Translator, actor: ApplicationActor) -> String {
    tr.t(&format!("application-actor-{}", actor.as_str()))
}

/// Why an application was rejected, in words (`room_taken`); an unknown reason as
/// written.
pub fn reason(tr: &Translator, reason: &str) -> String {
    tr.try_t(&format!("application-reason-{reason}"))
        .unwrap_or_else(|| reason.to_owned())
}

/// The listing types as options, `current` selected; `any` (when given) first with
/// an empty value.
pub fn listing_type_choices(tr: &Translator, current: &str, any: Option<String>) -> Vec<Choice> {
    let current = [current];
    any.map(|label| Choice::new("", label, &current))
        .into_iter()
        .chain(
            ListingType::ALL
                .iter()
                .map(|k| Choice::new(k.as_str(), listing_type(tr, *k), &current)),
        )
        .collect()
}

/// The document kinds as options, those in `current` selected.
pub fn document_kind_choices(tr: &Translator, current: &[&str]) -> Vec<Choice> {
    DocumentKind::ALL
        .iter()
        .map(|k| Choice::new(k.as_str(), document_kind(tr, *k), current))
        .collect()
}

/// A stay as "1–12".
pub fn duration(min: u32, max: u32) -> String {
    if min == max {
        min.to_string()
    } else {
        format!("{min}–{max}")
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::i18n::{Catalogs, Lang};

    #[test]
    fn every_variant_has_a_name_in_both_languages() {
        let catalogs = Arc::new(Catalogs::load().expect("catalogs"));
        for lang in Lang::ALL {
            let tr = Translator::new(catalogs.clone(), lang);
            let names: Vec<String> = ListingType::ALL
                .iter()
                .map(|k| listing_type(&tr, *k))
                .chain(ListingStatus::ALL.iter().map(|s| listing_status(&tr, *s)))
                .chain(DocumentKind::ALL.iter().map(|k| document_kind(&tr, *k)))
                .chain(
                    ApplicationStatus::ALL
                        .iter()
                        .map(|s| application_status(&tr, *s)),
                )
                .chain(ApplicationActor::ALL.iter().map(|a| actor(&tr, *a)))
                .collect();
            for name in names {
                assert!(
                    !name.contains(crate::i18n::MISSING_MARKER),
                    "{lang:?}: {name}"
                );
            }
            assert_ne!(reason(&tr, "room_taken"), "room_taken");
            assert_eq!(reason(&tr, "other_reason"), "other_reason");
        }
    }
}
