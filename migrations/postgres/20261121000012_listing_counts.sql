-- The public search's totals. How many searchable listings (published, not taken
-- down) each city has per rent band (2,500 cents wide: band = min_rent_cents / 2500)
-- and type, kept by triggers on every write to listings, whatever writes it. A
-- search's total is then the sum of the bands wholly under its price_max plus a count
-- of the listings in the one band it cuts, instead of a count of every match (about
-- 2,500 index entries per search in the benchmark's cities, the search's main cost).
create table listing_counts (
    city_key text not null,
    rent_band bigint not null,
    kind text not null,
    listings bigint not null check (listings >= 0),
    primary key (city_key, rent_band, kind)
);

create function listing_counts_apply() returns trigger language plpgsql as $$
begin
    if tg_op <> 'INSERT' and old.status = 'published' and old.taken_down_at is null then
        update listing_counts set listings = listings - 1
         where city_key = old.city_key and rent_band = old.min_rent_cents / 2500
           and kind = old.kind;
    end if;
    if tg_op <> 'DELETE' and new.status = 'published' and new.taken_down_at is null then
        insert into listing_counts (city_key, rent_band, kind, listings)
        values (new.city_key, new.min_rent_cents / 2500, new.kind, 1)
        on conflict (city_key, rent_band, kind)
        do update set listings = listing_counts.listings + 1;
    end if;
    return null;
end
$$;

create trigger listings_counted_insert after insert on listings
    for each row execute function listing_counts_apply();
create trigger listings_counted_delete after delete on listings
    for each row execute function listing_counts_apply();
-- Only an update that changes what is counted, or where, touches the counts.
create trigger listings_counted_update after update on listings
    for each row
    when (old.status is distinct from new.status
       or old.taken_down_at is distinct from new.taken_down_at
       or old.city_key is distinct from new.city_key
       or old.kind is distinct from new.kind
       or old.min_rent_cents / 2500 is distinct from new.min_rent_cents / 2500)
    execute function listing_counts_apply();

insert into listing_counts (city_key, rent_band, kind, listings)
select city_key, min_rent_cents / 2500, kind, count(*)
  from listings
 where status = 'published' and taken_down_at is null
 group by city_key, min_rent_cents / 2500, kind;
