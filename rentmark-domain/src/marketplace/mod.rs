//! The marketplace (renter side): listings with rooms and requirements, the public
//! search, the renter's dossier (guarantors, documents, profile overrides), and the
//! application lifecycle whose confirmation creates a lease in the ledger.

pub mod application;
mod applications_service;
pub mod dossier;
mod dossier_summary;
mod erasure;
pub mod listing;
mod listings_service;
pub mod ports;
pub mod search;

pub use applications_service::{Confirmed, DOCUMENT_TYPES, MAX_DOCUMENT_BYTES};
pub use dossier_summary::ApplicationDossier;
