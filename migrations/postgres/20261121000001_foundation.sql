-- RentMark foundation schema, PostgreSQL.
--
-- Conventions: ids are uuid (UUIDv7, time-ordered); money is bigint cents with the
-- currency beside it; calendar dates are date, instants timestamptz. Every
-- organization-scoped table is keyed by (org_id, ...) and references its parents by
-- (org_id, id), so a row can only point at rows of its own organization and the
-- schema is ready to be distributed by org_id (Citus). Unique indexes are named
-- <table>_<columns> so that both backends report the same constraint name.

create table users (
    id uuid primary key,
    email text not null,
    role text not null,
    status text not null,
    password_hash text not null,
    display_name text,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create unique index users_email on users (email);

create table organizations (
    id uuid primary key,
    name text not null,
    timezone text not null,
    currency text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table memberships (
    org_id uuid not null references organizations (id),
    user_id uuid not null references users (id),
    role text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, user_id)
);
create index memberships_user on memberships (user_id, created_at);

create table properties (
    org_id uuid not null references organizations (id),
    id uuid not null,
    name text not null,
    address text not null,
    city text not null,
    description text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, id)
);
create index properties_name on properties (org_id, name, id);

create table units (
    org_id uuid not null,
    id uuid not null,
    property_id uuid not null,
    name text not null,
    beds bigint not null,
    baths text not null,
    sq_ft bigint,
    capacity bigint not null,
    currency text not null,
    rent_cents bigint not null,
    charges_cents bigint not null,
    deposit_cents bigint not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, id),
    foreign key (org_id, property_id) references properties (org_id, id)
);
create index units_property on units (org_id, property_id, name, id);

create table tenants (
    org_id uuid not null references organizations (id),
    id uuid not null,
    user_id uuid references users (id),
    full_name text not null,
    email text,
    phone text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, id)
);
create index tenants_name on tenants (org_id, full_name, id);

create table leases (
    org_id uuid not null,
    id uuid not null,
    unit_id uuid not null,
    property_id uuid not null,
    currency text not null,
    rent_cents bigint not null,
    charges_cents bigint not null,
    deposit_cents bigint not null,
    start_date date not null,
    end_date date,
    due_day bigint not null check (due_day between 1 and 31),
    ended_at timestamptz,
    next_charge_on date,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, id),
    foreign key (org_id, unit_id) references units (org_id, id),
    foreign key (org_id, property_id) references properties (org_id, id),
    check (end_date is null or end_date >= start_date)
);
create index leases_unit on leases (org_id, unit_id, start_date);
create index leases_property on leases (org_id, property_id, start_date);
create index leases_start on leases (org_id, start_date, id);
create index leases_next_charge on leases (org_id, next_charge_on) where next_charge_on is not null;

create table lease_tenants (
    org_id uuid not null,
    lease_id uuid not null,
    tenant_id uuid not null,
    position bigint not null,
    share_bp bigint not null check (share_bp between 1 and 10000),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, lease_id, tenant_id),
    foreign key (org_id, lease_id) references leases (org_id, id),
    foreign key (org_id, tenant_id) references tenants (org_id, id)
);
create index lease_tenants_tenant on lease_tenants (org_id, tenant_id);

-- Who lived where: rows are added on move-in and closed on move-out, never rewritten.
create table tenant_history (
    org_id uuid not null,
    id uuid not null,
    unit_id uuid not null,
    tenant_id uuid not null,
    lease_id uuid not null,
    move_in date not null,
    move_out date,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, id),
    foreign key (org_id, unit_id) references units (org_id, id),
    foreign key (org_id, lease_id, tenant_id) references lease_tenants (org_id, lease_id, tenant_id)
);
create index tenant_history_unit on tenant_history (org_id, unit_id, move_in);
create index tenant_history_lease on tenant_history (org_id, lease_id);

-- The materialized balance of one account (a co-tenant of a lease), updated in the
-- same transaction as the entries that change it. tenant_name is denormalized so that
-- the billing table is read in index order (largest outstanding first, then name).
create table ledger_accounts (
    org_id uuid not null,
    lease_id uuid not null,
    tenant_id uuid not null,
    property_id uuid not null,
    unit_id uuid not null,
    tenant_name text not null,
    currency text not null,
    charged_cents bigint not null default 0,
    paid_cents bigint not null default 0,
    outstanding_cents bigint generated always as (charged_cents - paid_cents) stored,
    oldest_unpaid_on date,
    last_payment_on date,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, lease_id, tenant_id),
    foreign key (org_id, lease_id, tenant_id) references lease_tenants (org_id, lease_id, tenant_id)
);
create index ledger_accounts_rank on ledger_accounts
    (org_id, outstanding_cents desc, tenant_name, lease_id, tenant_id);
create index ledger_accounts_property_rank on ledger_accounts
    (org_id, property_id, outstanding_cents desc, tenant_name, lease_id, tenant_id);
create index ledger_accounts_tenant on ledger_accounts (org_id, tenant_id);

-- The append-only ledger. kind is the entry's category (charge, payment,
-- charge_reversal, payment_reversal), detail the charge kind or payment method.
create table ledger_entries (
    org_id uuid not null,
    id uuid not null,
    lease_id uuid not null,
    tenant_id uuid not null,
    kind text not null,
    detail text,
    currency text not null,
    amount_cents bigint not null check (amount_cents > 0),
    effective_on date not null,
    period text,
    reverses uuid,
    payment_id uuid,
    idempotency_key text not null,
    recorded_at timestamptz not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, id),
    foreign key (org_id, lease_id, tenant_id) references ledger_accounts (org_id, lease_id, tenant_id)
);
create unique index ledger_entries_org_id_idempotency_key on ledger_entries (org_id, idempotency_key);
create index ledger_entries_account on ledger_entries (org_id, lease_id, tenant_id, effective_on);
create index ledger_entries_tenant on ledger_entries (org_id, tenant_id, effective_on);

create function ledger_entries_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'ledger_entries is append-only: record a reversal instead';
end;
$$;
create trigger ledger_entries_append_only before update or delete on ledger_entries
    for each row execute function ledger_entries_append_only();

create table documents (
    org_id uuid not null references organizations (id),
    id uuid not null,
    kind text not null,
    filename text not null,
    content_type text not null,
    size_bytes bigint not null,
    blob_key text not null,
    uploaded_by uuid references users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, id)
);

-- A payment as the user sees it, in its current revision; its history is in the ledger.
create table payments (
    org_id uuid not null,
    id uuid not null,
    lease_id uuid not null,
    tenant_id uuid not null,
    currency text not null,
    amount_cents bigint not null check (amount_cents > 0),
    paid_on date not null,
    method text not null,
    receipt_document_id uuid,
    status text not null,
    entry_id uuid not null,
    revision bigint not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, id),
    foreign key (org_id, lease_id, tenant_id) references ledger_accounts (org_id, lease_id, tenant_id),
    foreign key (org_id, receipt_document_id) references documents (org_id, id)
);
create index payments_paid_on on payments (org_id, paid_on desc, id desc);
create index payments_lease on payments (org_id, lease_id, paid_on desc, id desc);
create index payments_tenant on payments (org_id, tenant_id, paid_on desc, id desc);

create table org_totals (
    org_id uuid primary key references organizations (id),
    charged_cents bigint not null,
    paid_cents bigint not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

-- Charges by the month they fall due and payments by the month they were made;
-- reversals count in the month of the entry they reverse.
create table org_month_totals (
    org_id uuid not null references organizations (id),
    period text not null,
    due_cents bigint not null,
    collected_cents bigint not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, period)
);

-- The durable job queue.
create table jobs (
    id uuid primary key,
    kind text not null,
    payload text not null,
    status text not null,
    attempts bigint not null,
    max_attempts bigint not null,
    run_at timestamptz not null,
    locked_until timestamptz,
    last_error text,
    unique_key text,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create unique index jobs_unique_key on jobs (unique_key);
create index jobs_queued on jobs (run_at, id) where status = 'queued';
create index jobs_running on jobs (locked_until) where status = 'running';
create index jobs_status on jobs (status, created_at desc, id desc);
