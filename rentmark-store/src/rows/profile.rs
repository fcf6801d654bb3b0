//! Rows of the `user_profiles` table.

use chrono::NaiveDate;
use rentmark_domain::money::{Currency, Money};
use rentmark_domain::ports::RepoResult;
use rentmark_domain::profile::Profile;

use crate::error::corrupt;

macro_rules! profile_columns {
    () => {
        "first_name, last_name, phone, nationality, birth_date, education, budget_eur_cents, \
         contact_name"
    };
}
pub(crate) use profile_columns;

/// A `user_profiles` row (its key and timestamps left out).
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct ProfileRow {
    first_name: Option<String>,
    last_name: Option<String>,
    phone: Option<String>,
    nationality: Option<String>,
    birth_date: Option<NaiveDate>,
    education: Option<String>,
    budget_eur_cents: Option<i64>,
    contact_name: Option<String>,
}

impl ProfileRow {
    pub(crate) fn into_domain(self) -> RepoResult<Profile> {
        let budget = match self.budget_eur_cents {
            Some(cents) if cents < 0 => return Err(corrupt(format_args!("budget {cents}"))),
            cents => cents.map(|c| Money::from_cents(c, Currency::Eur)),
        };
        Ok(Profile {
            first_name: self.first_name,
            last_name: self.last_name,
            phone: self.phone,
            nationality: self.nationality,
            birth_date: self.birth_date,
            education: self.education,
            budget,
            contact_name: self.contact_name,
        })
    }
}
