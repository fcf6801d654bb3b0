-- The public search's totals. How many searchable listings (published, not taken
-- down) each city has per rent band (2,500 cents wide: band = min_rent_cents / 2500)
-- and type, kept by triggers on every write to listings, whatever writes it. A
-- search's total is then the sum of the bands wholly under its price_max plus a count
-- of the listings in the one band it cuts, instead of a count of every match (about
-- 2,500 index entries per search in the benchmark's cities, the search's main cost).
-- The same table and triggers as the PostgreSQL schema.
create table listing_counts (
    city_key text not null,
    rent_band integer not null,
    kind text not null,
    listings integer not null check (listings >= 0),
    primary key (city_key, rent_band, kind)
);

create trigger listings_counted_insert after insert on listings
when new.status = 'published' and new.taken_down_at is null
begin
    insert into listing_counts (city_key, rent_band, kind, listings)
    values (new.city_key, new.min_rent_cents / 2500, new.kind, 1)
    on conflict (city_key, rent_band, kind) do update set listings = listings + 1;
end;

create trigger listings_counted_delete after delete on listings
when old.status = 'published' and old.taken_down_at is null
begin
    update listing_counts set listings = listings - 1
     where city_key = old.city_key and rent_band = old.min_rent_cents / 2500
       and kind = old.kind;
end;

-- Only an update that changes what is counted, or where, touches the counts.
create trigger listings_counted_update after update on listings
when old.status is not new.status
  or old.taken_down_at is not new.taken_down_at
  or old.city_key is not new.city_key
  or old.kind is not new.kind
  or old.min_rent_cents / 2500 is not new.min_rent_cents / 2500
begin
    update listing_counts set listings = listings - 1
     where old.status = 'published' and old.taken_down_at is null
       and city_key = old.city_key and rent_band = old.min_rent_cents / 2500
       and kind = old.kind;
    insert into listing_counts (city_key, rent_band, kind, listings)
    select new.city_key, new.min_rent_cents / 2500, new.kind, 1
     where new.status = 'published' and new.taken_down_at is null
    on conflict (city_key, rent_band, kind) do update set listings = listings + 1;
end;

insert into listing_counts (city_key, rent_band, kind, listings)
select city_key, min_rent_cents / 2500, kind, count(*)
  from listings
 where status = 'published' and taken_down_at is null
 group by city_key, min_rent_cents / 2500, kind;
