//! Listings and their rooms: creation (with the property and units made for them, all
//! or nothing), reads, edits of the details, status moves, and the public search.
//!
//! The search reads the `listings` row alone: `min_rent_cents` (the lowest room rent)
//! and `places_left` are kept on it by every write that changes the rooms, and the
//! partial indexes `listings_search_city` / `listings_search` (published and not
//! taken down, by rent then newest) serve the page; its total comes from the counts
//! per city, rent band and type that triggers keep in `listing_counts`.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use rentmark_domain::ids::{ListingId, OrgId};
use rentmark_domain::marketplace::listing::{Listing, ListingStatus, city_key};
use rentmark_domain::marketplace::search::{ListingQuery, ListingSummary};
use rentmark_domain::ports::{Page, PageRequest, RepoError, RepoResult};
use rentmark_domain::property::{Property, Unit};
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::repo::paging::Listing as Paged;
use crate::repo::properties::{insert_units, property_exists};
use crate::repo::{limit_offset, page_of};
use crate::rows::marketplace_listings::{
    CountedSummaryRow, ListingRow, RoomRow, documents_text, listing_columns, multiplier_text,
    room_columns, summary_columns,
};
use crate::sql::{Args, Backend, Conn, args, insert_sql, placeholders, rows_per_statement};
use crate::store::SqlStore;

/// The columns of an insert (shared with the bulk import).
pub(crate) const LISTING_INSERT: &[&str] = &[
    "org_id",
    "id",
    "property_id",
    "title",
    "city",
    "city_key",
    "address",
    "description",
    "kind",
    "availability_date",
    "status",
    "currency",
    "min_rent_cents",
    "places_left",
    "guarantor_required_count",
    "income_min_multiplier",
    "required_documents",
    "published_at",
    "taken_down_at",
    "created_at",
    "updated_at",
];

/// The columns of an insert (shared with the bulk import).
pub(crate) const ROOM_INSERT: &[&str] = &[
    "org_id",
    "listing_id",
    "id",
    "position",
    "unit_id",
    "name",
    "capacity",
    "occupied",
    "currency",
    "rent_cents",
    "charges_cents",
    "deposit_cents",
    "min_duration_months",
    "max_duration_months",
    "created_at",
    "updated_at",
];

/// Adds their rooms to listing rows (all of one organization).
async fn with_rooms<C: Conn>(
    conn: &mut C,
    org: OrgId,
    rows: Vec<ListingRow>,
) -> RepoResult<Vec<Listing>> {
    let mut rooms: HashMap<Uuid, Vec<RoomRow>> = HashMap::new();
    for chunk in rows.chunks(rows_per_statement(1)) {
        let mut args = args![org];
        for row in chunk {
            args.push(row.id);
        }
        let sql = format!(
            concat!(
                "select ",
                room_columns!(),
                " from listing_rooms where org_id = $1 and listing_id in ({}) \
                 order by listing_id, position"
            ),
            placeholders(2, chunk.len())
        );
        for room in conn.all::<RoomRow>(AssertSqlSafe(sql), args).await? {
            rooms.entry(room.listing_id).or_default().push(room);
        }
    }
    rows.into_iter()
        .map(|row| {
            // The room rows were read above (a failed query returned early).
            let rooms = rooms.remove(&row.id).unwrap_or_default();
            row.into_domain(rooms)
        })
        .collect()
}

/// One listing of the organization, with its rooms.
pub(crate) async fn read_listing<C: Conn>(
    conn: &mut C,
    org: OrgId,
    id: ListingId,
) -> RepoResult<Listing> {
    let row = conn
        .one::<ListingRow>(
            concat!(
                "select ",
                listing_columns!(),
                " from listings where org_id = $1 and id = $2"
            ),
            args![org, id.as_uuid()],
        )
        .await?;
    with_rooms(conn, org, vec![row])
        .await?
        .pop()
        .ok_or(RepoError::NotFound)
}

/// Inserts the property made for a listing.
async fn insert_property<C: Conn>(conn: &mut C, p: &Property) -> RepoResult<()> {
    conn.exec(
        "insert into properties \
         (org_id, id, name, address, city, description, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
        args![
            p.org_id,
            p.id,
            p.details.name.as_str(),
            p.details.address.as_str(),
            p.details.city.as_str(),
            p.details.description.as_deref(),
            p.created_at,
            p.updated_at,
        ],
    )
    .await
    .map(|_| ())
}

/// `NotFound` unless every room's unit is a unit of the listing's property.
async fn check_room_units<C: Conn>(conn: &mut C, listing: &Listing) -> RepoResult<()> {
    let units: BTreeSet<Uuid> = listing.rooms.iter().map(|r| r.unit_id.as_uuid()).collect();
    let units: Vec<Uuid> = units.into_iter().collect();
    for chunk in units.chunks(rows_per_statement(1)) {
        let mut args = args![listing.org_id, listing.property_id];
        for unit in chunk {
            args.push(*unit);
        }
        let sql = format!(
            "select count(*) from units where org_id = $1 and property_id = $2 and id in ({})",
            placeholders(3, chunk.len())
        );
        let (found,) = conn.one::<(i64,)>(AssertSqlSafe(sql), args).await?;
        if usize::try_from(found).ok() != Some(chunk.len()) {
            return Err(RepoError::NotFound);
        }
    }
    Ok(())
}

/// `MarketplaceRepository::create_listing`.
pub(crate) async fn create_listing<B: Backend>(
    store: &SqlStore<B>,
    listing: &Listing,
    new_property: Option<&Property>,
    new_units: &[Unit],
) -> RepoResult<()> {
    let org = listing.org_id;
    if new_property.is_some_and(|p| p.org_id != org || p.id != listing.property_id)
        || new_units.iter().any(|u| u.org_id != org)
    {
        return Err(RepoError::NotFound);
    }
    let mut tx = store.write().await?;
    if let Some(property) = new_property {
        insert_property(&mut *tx, property).await?;
    }
    insert_units(&mut *tx, new_units).await?;
    if !property_exists(&mut *tx, org, listing.property_id).await? {
        return Err(RepoError::NotFound);
    }
    check_room_units(&mut *tx, listing).await?;
    let currency = listing
        .rooms
        .first()
        .map_or(Default::default(), |r| r.rent.currency());
    let published_at = (listing.status != ListingStatus::Draft).then_some(listing.created_at);
    let places: u32 = listing.rooms.iter().map(|r| r.places_left()).sum();
    let mut args = Args::with_capacity(LISTING_INSERT.len());
    args.push(org)
        .push(listing.id.as_uuid())
        .push(listing.property_id)
        .push(listing.title.as_str())
        .push(listing.city.as_str())
        .push(city_key(&listing.city))
        .push(listing.address.as_str())
        .push(listing.description.as_deref())
        .push(listing.kind.as_str())
        .push(listing.availability_date)
        .push(listing.status.as_str())
        .push(currency.code())
        .push(listing.min_rent().map_or(0, |m| m.cents()))
        .push(places)
        .push(listing.requirements.guarantor_required_count)
        .push(multiplier_text(listing.requirements.income_min_multiplier))
        .push(documents_text(&listing.requirements.documents))
        .push(published_at)
        .push(listing.taken_down_at)
        .push(listing.created_at)
        .push(listing.updated_at);
    tx.exec(
        AssertSqlSafe(insert_sql("listings", LISTING_INSERT, 1, "")),
        args,
    )
    .await?;
    let positioned: Vec<(i64, &_)> = (0_i64..).zip(&listing.rooms).collect();
    for chunk in positioned.chunks(rows_per_statement(ROOM_INSERT.len())) {
        let mut args = Args::with_capacity(chunk.len() * ROOM_INSERT.len());
        for (position, room) in chunk {
            args.push(org)
                .push(listing.id.as_uuid())
                .push(room.id.as_uuid())
                .push(*position)
                .push(room.unit_id)
                .push(room.name.as_str())
                .push(room.capacity)
                .push(room.occupied)
                .push(room.rent.currency().code())
                .push(room.rent.cents())
                .push(room.charges.cents())
                .push(room.deposit.cents())
                .push(room.min_duration_months)
                .push(room.max_duration_months)
                .push(listing.created_at)
                .push(listing.updated_at);
        }
        let sql = insert_sql("listing_rooms", ROOM_INSERT, chunk.len(), "");
        tx.exec(AssertSqlSafe(sql), args).await?;
    }
    B::commit(tx).await
}

/// `MarketplaceRepository::listing`.
pub(crate) async fn listing<B: Backend>(
    store: &SqlStore<B>,
    org: OrgId,
    id: ListingId,
) -> RepoResult<Listing> {
    let mut tx = store.snapshot().await?;
    let listing = read_listing(&mut *tx, org, id).await?;
    B::commit(tx).await?;
    Ok(listing)
}

/// `MarketplaceRepository::public_listing`.
pub(crate) async fn public_listing<B: Backend>(
    store: &SqlStore<B>,
    id: ListingId,
) -> RepoResult<Listing> {
    let mut tx = store.snapshot().await?;
    let row = tx
        .one::<ListingRow>(
            concat!(
                "select ",
                listing_columns!(),
                " from listings where id = $1 \
                 and status = 'published' and taken_down_at is null"
            ),
            args![id.as_uuid()],
        )
        .await?;
    let org = OrgId::from_uuid(row.org_id);
    let listing = with_rooms(&mut *tx, org, vec![row])
        .await?
        .pop()
        .ok_or(RepoError::NotFound)?;
    B::commit(tx).await?;
    Ok(listing)
}

/// `MarketplaceRepository::org_listings`.
pub(crate) async fn org_listings<B: Backend>(
    store: &SqlStore<B>,
    org: OrgId,
    page: PageRequest,
) -> RepoResult<Page<Listing>> {
    let mut tx = store.snapshot().await?;
    let rows = Paged::new(
        listing_columns!(),
        "listings",
        "org_id",
        org,
        "created_at desc, id desc",
    )
    .fetch(&mut *tx, page, Ok::<ListingRow, _>)
    .await?;
    let results = with_rooms(&mut *tx, org, rows.results).await?;
    B::commit(tx).await?;
    Ok(Page {
        results,
        total: rows.total,
        page: rows.page,
        limit: rows.limit,
    })
}

/// `MarketplaceRepository::set_listing_status`.
pub(crate) async fn set_listing_status<B: Backend>(
    store: &SqlStore<B>,
    org: OrgId,
    id: ListingId,
    expected: ListingStatus,
    status: ListingStatus,
    now: DateTime<Utc>,
) -> RepoResult<()> {
    let mut tx = store.write().await?;
    let updated = tx
        .exec(
            "update listings set status = $4, updated_at = $5, \
             published_at = case when $4 = 'published' and published_at is null \
             then $5 else published_at end \
             where org_id = $1 and id = $2 and status = $3",
            args![org, id.as_uuid(), expected.as_str(), status.as_str(), now],
        )
        .await?;
    if updated == 0 {
        let exists = tx
            .opt::<(i64,)>(
                "select cast(1 as bigint) from listings where org_id = $1 and id = $2",
                args![org, id.as_uuid()],
            )
            .await?;
        return Err(match exists {
            Some(_) => RepoError::conflict("listing_status"),
            None => RepoError::NotFound,
        });
    }
    B::commit(tx).await
}

/// `MarketplaceRepository::update_listing`.
pub(crate) async fn update_listing<B: Backend>(
    store: &SqlStore<B>,
    listing: &Listing,
) -> RepoResult<()> {
    let r = &listing.requirements;
    let mut tx = store.write().await?;
    let updated = tx
        .exec(
            "update listings set title = $3, city = $4, city_key = $5, address = $6, \
             description = $7, kind = $8, availability_date = $9, \
             guarantor_required_count = $10, income_min_multiplier = $11, \
             required_documents = $12, updated_at = $13 \
             where org_id = $1 and id = $2 and status <> 'closed'",
            args![
                listing.org_id,
                listing.id.as_uuid(),
                listing.title.as_str(),
                listing.city.as_str(),
                city_key(&listing.city),
                listing.address.as_str(),
                listing.description.as_deref(),
                listing.kind.as_str(),
                listing.availability_date,
                r.guarantor_required_count,
                multiplier_text(r.income_min_multiplier),
                documents_text(&r.documents),
                listing.updated_at,
            ],
        )
        .await?;
    if updated == 0 {
        let exists = tx
            .opt::<(i64,)>(
                "select cast(1 as bigint) from listings where org_id = $1 and id = $2",
                args![listing.org_id, listing.id.as_uuid()],
            )
            .await?;
        return Err(match exists {
            Some(_) => RepoError::conflict("listing_closed"),
            None => RepoError::NotFound,
        });
    }
    B::commit(tx).await
}

/// Appends ` and {clause} $n` to `sql`, `value` becoming parameter `$n` of `args`.
fn and_clause(sql: &mut String, args: &mut Args, clause: &str, value: crate::sql::Arg) {
    args.push(value);
    sql.push_str(&format!(" and {clause} ${}", args.len()));
}

/// The search's condition after `where`, and its parameters. The partial indexes'
/// predicate is written out literally so that both planners match it.
fn search_condition(query: &ListingQuery) -> (String, Args) {
    let mut condition = String::from("status = 'published' and taken_down_at is null");
    let mut args = Args::default();
    let mut and = |value, clause| and_clause(&mut condition, &mut args, clause, value);
    if let Some(city) = &query.city {
        // Normalized again: a caller may build the query without the parser.
        and(city_key(city).into(), "city_key =");
    }
    if let Some(max) = query.price_max {
        and(max.cents().into(), "min_rent_cents <=");
    }
    if let Some(kind) = query.kind {
        and(kind.as_str().into(), "kind =");
    }
    if let Some(date) = query.available_from {
        and(date.into(), "availability_date <=");
    }
    (condition, args)
}

/// The width of a rent band of `listing_counts`, in cents (the triggers of migration
/// `20261121000012_listing_counts` use the same number).
const RENT_BAND_CENTS: i64 = 2_500;

/// The search's total as one SQL expression, its parameters appended to `args`.
///
/// Without a date filter it reads the counts the triggers keep per city, rent band and
/// type: the bands wholly at or under `price_max`'s band start are summed, and the
/// listings of the band `price_max` cuts are counted through the search index (a band
/// holds a few dozen listings per city, where the matches are thousands). With
/// `available_from`, which the counts do not split by, every match is counted.
fn search_total(query: &ListingQuery, condition: &str, args: &mut Args) -> String {
    if query.available_from.is_some() {
        return format!("(select count(*) from listings where {condition})");
    }
    let mut counted = String::from("1 = 1");
    let mut and = |value, clause| and_clause(&mut counted, args, clause, value);
    if let Some(city) = &query.city {
        and(city_key(city).into(), "city_key =");
    }
    if let Some(kind) = query.kind {
        and(kind.as_str().into(), "kind =");
    }
    let Some(max) = query.price_max else {
        return format!(
            "(select cast(coalesce(sum(listings), 0) as bigint) from listing_counts \
             where {counted})"
        );
    };
    let band = max.cents().div_euclid(RENT_BAND_CENTS);
    and(band.into(), "rent_band <");
    args.push(band * RENT_BAND_CENTS);
    let cut = args.len();
    format!(
        "((select cast(coalesce(sum(listings), 0) as bigint) from listing_counts \
          where {counted}) \
         + (select count(*) from listings where {condition} and min_rent_cents >= ${cut}))"
    )
}

/// The search's statements: the page with the total on each row, and the total alone.
struct SearchSql {
    /// The page, each row carrying the total.
    page: String,
    /// The page's parameters.
    page_args: Args,
    /// `select <total>`, for a page past the last match.
    total: String,
    /// The total's parameters.
    total_args: Args,
}

/// The statements of a search (see [`search_listings`]).
fn search_sql(query: &ListingQuery) -> SearchSql {
    let (condition, mut args) = search_condition(query);
    let total = search_total(query, &condition, &mut args);
    let (limit, offset) = limit_offset(query.page);
    let n = args.len();
    let page = format!(
        concat!(
            "select ",
            summary_columns!(),
            ", {total} as total \
             from listings where {condition} order by min_rent_cents, published_at desc, id \
             limit ${limit} offset ${offset}"
        ),
        total = total,
        condition = condition,
        limit = n + 1,
        offset = n + 2
    );
    let mut page_args = args.clone();
    page_args.push(limit).push(offset);
    SearchSql {
        page,
        page_args,
        total: format!("select {total}"),
        total_args: args,
    }
}

/// `MarketplaceRepository::search_listings`: the page and the total in one statement
/// (the total is uncorrelated, evaluated once; see [`search_total`]), so both come
/// from one snapshot without a transaction; only a page past the last match needs a
/// second statement for the total. The page is read from the search index alone (it
/// carries the result's columns).
pub(crate) async fn search_listings<B: Backend>(
    store: &SqlStore<B>,
    query: &ListingQuery,
) -> RepoResult<Page<ListingSummary>> {
    let sql = search_sql(query);
    let mut conn = store.read().await?;
    let rows = conn
        .all::<CountedSummaryRow>(AssertSqlSafe(sql.page), sql.page_args)
        .await?;
    let total = match rows.first() {
        Some(row) => row.total,
        None => {
            conn.one::<(i64,)>(AssertSqlSafe(sql.total), sql.total_args)
                .await?
                .0
        }
    };
    let results = rows
        .into_iter()
        .map(|row| row.summary.into_domain())
        .collect::<RepoResult<_>>()?;
    page_of(results, total, query.page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use rentmark_domain::marketplace::listing::ListingType;
    use rentmark_domain::money::{Currency, Money};

    #[test]
    fn search_conditions_number_only_the_filters_given() {
        let mut query = ListingQuery {
            city: None,
            price_max: None,
            kind: None,
            available_from: None,
            page: PageRequest::default(),
        };
        let (condition, args) = search_condition(&query);
        assert_eq!(condition, "status = 'published' and taken_down_at is null");
        assert_eq!(args.len(), 0);
        query.city = Some(" Paris".into());
        query.price_max = Some(Money::from_cents(60_000, Currency::Eur));
        query.kind = Some(ListingType::Room);
        query.available_from = NaiveDate::from_ymd_opt(2026, 9, 1);
        let (condition, args) = search_condition(&query);
        assert_eq!(
            condition,
            "status = 'published' and taken_down_at is null and city_key = $1 \
             and min_rent_cents <= $2 and kind = $3 and availability_date <= $4"
        );
        assert_eq!(args.len(), 4);
    }

    /// SQLite's plan of a search's page: `(detail of each step)`.
    async fn sqlite_plan(query: &ListingQuery) -> Vec<String> {
        let store = crate::SqliteStore::connect("sqlite::memory:")
            .await
            .expect("store");
        let sql = search_sql(query);
        let mut conn = store.read().await.expect("connection");
        conn.all::<(i64, i64, i64, String)>(
            AssertSqlSafe(format!("explain query plan {}", sql.page)),
            sql.page_args,
        )
        .await
        .expect("plan")
        .into_iter()
        .map(|(_, _, _, detail)| detail)
        .collect()
    }

    #[tokio::test]
    async fn a_search_page_is_read_from_the_search_index_alone() {
        let mut query = ListingQuery {
            city: Some("Lyon".into()),
            price_max: Some(Money::from_cents(90_000, Currency::Eur)),
            kind: None,
            available_from: None,
            page: PageRequest::default(),
        };
        let plan = sqlite_plan(&query).await;
        assert!(
            plan.iter()
                .any(|step| step.contains("COVERING INDEX listings_search_city")),
            "{plan:?}"
        );
        query.city = None;
        let plan = sqlite_plan(&query).await;
        assert!(
            plan.iter()
                .any(|step| step.contains("COVERING INDEX listings_search ")),
            "{plan:?}"
        );
        assert!(
            !plan.iter().any(|step| step.starts_with("SCAN listings")),
            "{plan:?}"
        );
    }
}
