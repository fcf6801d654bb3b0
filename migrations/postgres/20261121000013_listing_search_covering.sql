-- The public search reads its page from the search indexes alone (index-only scans):
-- each index also carries the columns of a search result, so a page of 20 results does
-- not visit the table. PostgreSQL does not need the predicate's own columns included.
drop index listings_search_city;
drop index listings_search;
create index listings_search_city on listings (city_key, min_rent_cents, published_at desc, id)
    include (org_id, title, city, kind, currency, availability_date, places_left)
    where status = 'published' and taken_down_at is null;
create index listings_search on listings (min_rent_cents, published_at desc, id)
    include (org_id, title, city, kind, currency, availability_date, places_left)
    where status = 'published' and taken_down_at is null;
