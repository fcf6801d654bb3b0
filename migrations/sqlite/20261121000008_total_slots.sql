-- The organization's totals and monthly totals are split into slots (a posting adds
-- to the slot of its lease, 0-15; readers sum the slots): one row per organization
-- made every payment of the organization wait for the previous one's commit on
-- PostgreSQL, which capped payments at one commit latency each.
create table org_totals_slotted (
    org_id blob not null references organizations (id),
    slot integer not null,
    charged_cents integer not null,
    paid_cents integer not null,
    created_at text not null,
    updated_at text not null,
    primary key (org_id, slot)
);
insert into org_totals_slotted (org_id, slot, charged_cents, paid_cents, created_at, updated_at)
    select org_id, 0, charged_cents, paid_cents, created_at, updated_at from org_totals;
drop table org_totals;
alter table org_totals_slotted rename to org_totals;

create table org_month_totals_slotted (
    org_id blob not null references organizations (id),
    period text not null,
    slot integer not null,
    due_cents integer not null,
    collected_cents integer not null,
    created_at text not null,
    updated_at text not null,
    primary key (org_id, period, slot)
);
insert into org_month_totals_slotted
    (org_id, period, slot, due_cents, collected_cents, created_at, updated_at)
    select org_id, period, 0, due_cents, collected_cents, created_at, updated_at
    from org_month_totals;
drop table org_month_totals;
alter table org_month_totals_slotted rename to org_month_totals;
