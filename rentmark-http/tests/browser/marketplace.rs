//! marketplace
