//! landlord
