-- Occupancy (units, and units with a lease running on a day) is read by every
-- dashboard; counting it per request costs O(units). It is cached per organization
-- for one day, tagged with the organization's occupancy revision, which every write
-- to its units or leases bumps in the same transaction: a cached row is used only
-- when its day and revision are current, so it can never be stale.
alter table organizations add column occupancy_rev bigint not null default 0;

create table org_occupancy (
    org_id uuid primary key references organizations (id),
    on_date date not null,
    rev bigint not null,
    units bigint not null,
    occupied bigint not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
