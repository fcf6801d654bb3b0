//! The public listing search: `GET /listings?city=&price_max=&type=&available_from=`.

use chrono::NaiveDate;
use serde::Serialize;

use crate::ids::{ListingId, OrgId};
use crate::lease::parse_date;
use crate::marketplace::listing::{ListingType, city_key};
use crate::money::{Currency, Money};
use crate::ports::PageRequest;
use crate::validation::{ValidationErrors, codes};

/// A parsed search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingQuery {
    /// City, normalized with [`city_key`].
    pub city: Option<String>,
    /// Only listings with a room at or below this rent.
    pub price_max: Option<Money>,
    /// Only this type.
    pub kind: Option<ListingType>,
    /// Only listings available on or before this date (the renter's move-in).
    pub available_from: Option<NaiveDate>,
    /// Which page.
    pub page: PageRequest,
}

/// The raw query parameters.
#[derive(Debug, Clone, Default)]
pub struct ListingQueryInput<'a> {
    /// `city`.
    pub city: Option<&'a str>,
    /// `price_max`, a decimal.
    pub price_max: Option<&'a str>,
    /// `type`.
    pub kind: Option<&'a str>,
    /// `available_from`, `YYYY-MM-DD`.
    pub available_from: Option<&'a str>,
}

/// A trimmed, non-empty parameter.
fn non_blank(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

impl ListingQueryInput<'_> {
    /// Validates the filters.
    ///
    /// # Errors
    /// Every invalid filter.
    pub fn parse(&self, page: PageRequest) -> Result<ListingQuery, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        // The same rule as a listing's city: a filter with NUL must not reach the
        // database (PostgreSQL refuses it, which would read as an outage).
        let city = errors
            .check(
                "city",
                crate::validation::optional_text(self.city, 100),
                |c| c,
            )
            .flatten()
            .map(|c| city_key(&c));
        let price_max = match non_blank(self.price_max) {
            None => None,
            Some(text) => errors.check(
                "price_max",
                Money::parse(text, Currency::Eur)
                    .map_err(|_| codes::INVALID_AMOUNT)
                    .and_then(|m| {
                        if m.is_negative() {
                            Err(codes::MUST_NOT_BE_NEGATIVE)
                        } else {
                            Ok(m)
                        }
                    }),
                |c| c,
            ),
        };
        let kind = match non_blank(self.kind) {
            None => None,
            Some(text) => errors.check("type", text.parse::<ListingType>(), |_| {
                codes::INVALID_CHOICE
            }),
        };
        let available_from = match non_blank(self.available_from) {
            None => None,
            Some(text) => errors.check("available_from", parse_date(text), |c| c),
        };
        errors.finish(|| ListingQuery {
            city,
            price_max,
            kind,
            available_from,
            page,
        })
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListingSummary {
    /// The listing.
    pub id: ListingId,
    /// Its organization.
    pub org_id: OrgId,
    /// Title.
    pub title: String,
    /// City as written by the landlord.
    pub city: String,
    /// Studio, room or flat.
    pub kind: ListingType,
    /// The lowest room rent.
    pub rent_from: Money,
    /// When renters may move in.
    pub availability_date: NaiveDate,
    /// Places left across rooms.
    pub places_left: u32,
    /// When it was published.
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
}
