-- The organization's totals and monthly totals are split into slots (a posting adds
-- to the slot of its lease, 0-15; readers sum the slots): one row per organization
-- made every payment of the organization wait for the previous one's commit, which
-- capped payments at one commit latency each.
alter table org_totals add column slot smallint not null default 0;
alter table org_totals drop constraint org_totals_pkey;
alter table org_totals add primary key (org_id, slot);
alter table org_month_totals add column slot smallint not null default 0;
alter table org_month_totals drop constraint org_month_totals_pkey;
alter table org_month_totals add primary key (org_id, period, slot);
