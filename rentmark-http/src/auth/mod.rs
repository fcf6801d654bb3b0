//! Authentication: argon2id passwords, API tokens (JWT), page sessions with CSRF
//! tokens, and the request guards built on them.

pub mod guards;
pub mod keys;
pub mod password;
pub mod session;
pub mod token;

pub use guards::{ApiActor, ApiUser, PageActor, PageUser};
