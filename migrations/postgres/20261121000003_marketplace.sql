-- The marketplace, PostgreSQL: listings with their rooms, the renter's dossier
-- (guarantors, documents) and applications with their status history.
--
-- The same tables, keys and indexes as the SQLite schema (types as in the
-- foundation: ids uuid, money bigint cents, dates date, instants timestamptz).
-- Listings, rooms, applications and their history are scoped by the listing's
-- organization (org_id); guarantors and dossier documents by the renter who keeps
-- them (owner_id).

-- A listing. min_rent_cents (the lowest room rent) and places_left (free places
-- across rooms) are kept up to date on write so that the public search reads one
-- index. city_key is the city trimmed and lower-cased. The requirements: how many
-- guarantors, the income multiplier as a decimal string, the document kinds as a
-- comma-separated list (empty when none).
create table listings (
    org_id uuid not null references organizations (id),
    id uuid not null,
    property_id uuid not null,
    title text not null,
    city text not null,
    city_key text not null,
    address text not null,
    description text,
    kind text not null check (kind in ('studio', 'room', 'flat')),
    availability_date date not null,
    status text not null check (status in ('draft', 'published', 'closed')),
    currency text not null,
    min_rent_cents bigint not null check (min_rent_cents >= 0),
    places_left bigint not null check (places_left >= 0),
    guarantor_required_count bigint not null check (guarantor_required_count between 0 and 50),
    income_min_multiplier text,
    required_documents text not null,
    published_at timestamptz,
    taken_down_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, id),
    foreign key (org_id, property_id) references properties (org_id, id)
);
-- The public listing page and applications look a listing up by id alone.
create index listings_id on listings (id);
create index listings_org_recent on listings (org_id, created_at desc, id desc);
-- The public search: published, not taken down, by lowest rent then newest; with a
-- city (the common case) and without.
create index listings_search_city on listings (city_key, min_rent_cents, published_at desc, id)
    where status = 'published' and taken_down_at is null;
create index listings_search on listings (min_rent_cents, published_at desc, id)
    where status = 'published' and taken_down_at is null;

-- One advertised room: a unit of the organization with a capacity; occupied counts
-- the confirmed renters.
create table listing_rooms (
    org_id uuid not null,
    listing_id uuid not null,
    id uuid not null,
    position bigint not null,
    unit_id uuid not null,
    name text not null,
    capacity bigint not null check (capacity >= 1),
    occupied bigint not null check (occupied >= 0 and occupied <= capacity),
    currency text not null,
    rent_cents bigint not null check (rent_cents >= 0),
    charges_cents bigint not null check (charges_cents >= 0),
    deposit_cents bigint not null check (deposit_cents >= 0),
    min_duration_months bigint not null check (min_duration_months >= 1),
    max_duration_months bigint not null check (max_duration_months >= min_duration_months),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, id),
    foreign key (org_id, listing_id) references listings (org_id, id),
    foreign key (org_id, unit_id) references units (org_id, id)
);
-- Also the target of applications' (org_id, listing_id, room_id): a room applied for
-- is a room of the listing applied to.
create unique index listing_rooms_org_id_listing_id_id on listing_rooms (org_id, listing_id, id);
create index listing_rooms_position on listing_rooms (org_id, listing_id, position);

-- A renter's guarantors, kept once and named per application.
create table guarantors (
    owner_id uuid not null references users (id),
    id uuid not null,
    first_name text not null,
    last_name text not null,
    relation text not null,
    email text,
    phone text,
    currency text not null,
    monthly_income_cents bigint not null check (monthly_income_cents >= 0),
    nationality text,
    birth_date date,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (owner_id, id)
);
create index guarantors_oldest on guarantors (owner_id, created_at, id);

-- A renter's dossier documents: pending until uploaded and finalized, then stored
-- (only stored ones count for requirements).
create table user_documents (
    owner_id uuid not null references users (id),
    id uuid not null,
    kind text not null,
    filename text not null,
    content_type text not null,
    size_bytes bigint not null check (size_bytes >= 0),
    blob_key text not null,
    state text not null check (state in ('pending', 'stored')),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (owner_id, id)
);
create index user_documents_recent on user_documents (owner_id, created_at desc, id desc);

-- Applications. The renter's column is `applicant` so that the unique index has the
-- same name on both backends (SQLite reports the columns of a violated index).
-- overrides is the profile overrides as JSON.
create table applications (
    org_id uuid not null,
    id uuid not null,
    listing_id uuid not null,
    room_id uuid not null,
    applicant uuid not null references users (id),
    move_in_date date not null,
    duration_months bigint not null check (duration_months between 1 and 60),
    overrides text not null,
    status text not null
        check (status in ('pending', 'withdrawn', 'rejected', 'accepted_pending_payment', 'confirmed')),
    reason text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, id),
    foreign key (org_id, listing_id) references listings (org_id, id),
    foreign key (org_id, listing_id, room_id) references listing_rooms (org_id, listing_id, id)
);
create unique index applications_listing_id_applicant on applications (listing_id, applicant);
create index applications_id on applications (id);
create index applications_applicant on applications (applicant, created_at desc, id desc);
create index applications_org_recent on applications (org_id, created_at desc, id desc);
create index applications_listing on applications (org_id, listing_id, created_at desc, id desc);
create index applications_room_open on applications (org_id, room_id)
    where status in ('pending', 'accepted_pending_payment');

-- The guarantors named on an application: guarantors of the applicant only.
create table application_guarantors (
    org_id uuid not null,
    application_id uuid not null,
    position bigint not null,
    applicant uuid not null,
    guarantor_id uuid not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, application_id, position),
    foreign key (org_id, application_id) references applications (org_id, id),
    foreign key (applicant, guarantor_id) references guarantors (owner_id, id)
);
create unique index application_guarantors_org_id_application_id_guarantor_id on application_guarantors (org_id, application_id, guarantor_id);
create index application_guarantors_guarantor on application_guarantors (applicant, guarantor_id);

-- Every status change of an application, appended, never rewritten; seq orders the
-- changes of one application.
create table application_history (
    org_id uuid not null,
    application_id uuid not null,
    seq bigint not null,
    old_status text,
    new_status text not null,
    actor text not null check (actor in ('renter', 'landlord', 'payment', 'system')),
    actor_id uuid references users (id),
    reason text,
    at timestamptz not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (org_id, application_id, seq),
    foreign key (org_id, application_id) references applications (org_id, id)
);
