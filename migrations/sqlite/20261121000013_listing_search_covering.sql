-- The public search reads its page from the search indexes alone. Each index now also
-- carries the columns of a search result (and the two of its predicate, which SQLite
-- counts among the columns a query uses), so a page of 20 results is one or two index
-- pages instead of 20 lookups into the table at random places (most of them misses in
-- a connection's page cache, read again from the file).
drop index listings_search_city;
drop index listings_search;
create index listings_search_city on listings (
    city_key, min_rent_cents, published_at desc, id,
    org_id, title, city, kind, currency, availability_date, places_left, status, taken_down_at
) where status = 'published' and taken_down_at is null;
create index listings_search on listings (
    min_rent_cents, published_at desc, id,
    org_id, title, city, kind, currency, availability_date, places_left, status, taken_down_at
) where status = 'published' and taken_down_at is null;
