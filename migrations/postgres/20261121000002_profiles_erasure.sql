-- User profiles, and what the erasure of an account (GDPR art. 17) needs.
--
-- One profile row per user, every field nullable (a partial update keeps what is not
-- sent). The budget is bigint euro cents. Which fields a user may set depends on
-- their role; the domain checks it.
create table user_profiles (
    user_id uuid primary key references users (id),
    first_name text,
    last_name text,
    phone text,
    nationality text,
    birth_date date,
    education text,
    budget_eur_cents bigint check (budget_eur_cents >= 0),
    contact_name text,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

-- The tenant records linked to a user account, across organizations: read by the
-- user's data export, unlinked by their erasure.
create index tenants_user on tenants (user_id) where user_id is not null;
