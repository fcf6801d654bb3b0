//! The marketplace (renter side): listings with rooms and requirements, the public
//! search, the renter's dossier (guarantors, documents, profile overrides), and the
//! application lifecycle whose confirmation creates a lease in the ledger.

pub mod application;
mod applications_service;
mod confirm_service;
pub mod dossier;
mod dossier_service;
mod dossier_summary;
mod erasure;
pub mod listing;
mod listing_input;
mod listings_service;
mod notify;
pub mod ports;
pub mod search;

pub use confirm_service::Confirmed;
pub use dossier_service::{DOCUMENT_TYPES, MAX_DOCUMENT_BYTES};
pub use dossier_summary::ApplicationDossier;
pub use notify::{NOTIFY_ROOM_TAKEN_JOB, NOTIFY_ROOM_TAKEN_MAX_ATTEMPTS, notify_room_taken_job};
