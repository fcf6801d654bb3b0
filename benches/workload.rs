//! `rentmark-workload`: the "portfolio" benchmark's data generator and its checks
//! (`../shared/bench/WORKLOAD.md`, issue 4).
//!
//! ```text
//! rentmark-workload load       --database URL [--scale N] [--years Y] [--seed S]
//!                              [--through YYYY-MM-DD] [--listings N] --out DIR
//! rentmark-workload reconcile  --database URL
//! rentmark-workload charge-job --database URL
//! ```
//!
//! `load` generates the workload deterministically from the seed (ids included) and
//! writes it through the store's bulk path (`AnyStore::bulk_import`: multi-row inserts
//! in one transaction per organization, balances rebuilt from the entries), then
//! prints row counts and the load time and writes, for the load driver, into `--out`:
//! `tenants.txt`, `properties.txt` (the big organization's), `leases.txt` (`lease
//! tenant` pairs of its active leases), `cities.txt` and `bench.env` (the landlords'
//! e-mail and password). `reconcile` reconciles every organization and fails when any
//! figure differs. `charge-job` runs the monthly charge job over every organization
//! twice, timing each run (the second must post nothing).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use argon2::password_hash::{PasswordHasher as _, SaltString};
use chrono::{DateTime, Datelike, Months, NaiveDate, TimeZone, Utc};
use rentmark_domain::calendar::DueDay;
use rentmark_domain::ids::{
    EntryId, LeaseId, ListingId, OrgId, PaymentId, PropertyId, RoomId, TenantId, UnitId, UserId,
};
use rentmark_domain::lease::{CoTenant, Lease, LeaseTerms, Share};
use rentmark_domain::ledger::{
    EntryKind, IdempotencyKey, LedgerEntry, Payment, PaymentMethod, PaymentStatus, charge_entries,
};
use rentmark_domain::marketplace::listing::{
    Listing, ListingStatus, ListingType, Requirements, Room,
};
use rentmark_domain::money::{Currency, Money};
use rentmark_domain::org::Organization;
use rentmark_domain::ports::{
    AccountRepository, LedgerRepository, PropertyRepository, TenantRepository,
};
use rentmark_domain::property::{Property, PropertyDetails, Unit, UnitDetails};
use rentmark_domain::schedule::{charges_due_through, next_due_date};
use rentmark_domain::tenant::{Tenant, TenantDetails};
use rentmark_domain::user::{AccountRole, Email, PasswordHash, User, UserStatus};
use rentmark_store::{AnyStore, BulkImport};
use uuid::Uuid;

/// The landlords' password (every organization's).
const PASSWORD: &str = "bench-password-2026";
/// The listings' cities.
const CITIES: [&str; 20] = [
    "Paris",
    "Lyon",
    "Marseille",
    "Toulouse",
    "Nice",
    "Nantes",
    "Strasbourg",
    "Montpellier",
    "Bordeaux",
    "Lille",
    "Rennes",
    "Reims",
    "Toulon",
    "Grenoble",
    "Dijon",
    "Angers",
    "Nimes",
    "Brest",
    "Tours",
    "Limoges",
];
const FIRST: [&str; 12] = [
    "Alice", "Bruno", "Chloe", "David", "Emma", "Farid", "Gaelle", "Hugo", "Ines", "Jules",
    "Karim", "Lea",
];
const LAST: [&str; 12] = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent",
];

type Failure = Box<dyn std::error::Error>;

/// Command-line options.
struct Options {
    command: String,
    database: String,
    scale: f64,
    years: u32,
    seed: u64,
    through: NaiveDate,
    listings: Option<u32>,
    out: PathBuf,
}

fn parse_options() -> Result<Options, Failure> {
    let mut args = std::env::args().skip(1);
    let command = args
        .next()
        .ok_or("usage: rentmark-workload load|reconcile|charge-job ...")?;
    let mut o = Options {
        command,
        database: String::new(),
        scale: 1.0,
        years: 2,
        seed: 42,
        through: NaiveDate::from_ymd_opt(2026, 11, 1).ok_or("date")?,
        listings: None,
        out: PathBuf::from("target/bench"),
    };
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--database" => o.database = value,
            "--scale" => o.scale = value.parse()?,
            "--years" => o.years = value.parse()?,
            "--seed" => o.seed = value.parse()?,
            "--through" => o.through = NaiveDate::parse_from_str(&value, "%Y-%m-%d")?,
            "--listings" => o.listings = Some(value.parse()?),
            "--out" => o.out = PathBuf::from(value),
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    if o.database.is_empty() {
        return Err("--database is required".into());
    }
    if !(o.scale > 0.0 && o.scale <= 1000.0) || o.years == 0 {
        return Err("--scale must be in (0, 1000] and --years at least 1".into());
    }
    Ok(o)
}

/// The server's allocator (`rentmark-http/src/main.rs`), so that the charge job is
/// measured as the server's worker runs it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let result = match parse_options() {
        Ok(o) => run(o).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rentmark-workload: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(o: Options) -> Result<(), Failure> {
    let store = rentmark_store::connect(&o.database).await?;
    match o.command.as_str() {
        "load" => load(&store, &o).await,
        "reconcile" => reconcile(&store).await,
        "charge-job" => charge_job(store).await,
        other => Err(format!("unknown command {other}").into()),
    }
}

/// Reconciles every organization; fails on any difference.
async fn reconcile(store: &AnyStore) -> Result<(), Failure> {
    let started = Instant::now();
    let mut differences = 0;
    for org in store.organizations().await? {
        let found = store.reconcile(org.id).await?;
        for d in found.iter().take(5) {
            eprintln!(
                "  {}: {} != {}",
                d.subject, d.materialized_cents, d.recomputed_cents
            );
        }
        differences += found.len();
    }
    println!(
        "reconcile: {differences} differences ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    if differences == 0 {
        Ok(())
    } else {
        Err("the reconciliation found differences".into())
    }
}

/// Runs the monthly charge job over every organization twice.
async fn charge_job(store: AnyStore) -> Result<(), Failure> {
    let services = rentmark_domain::Services::new(store);
    let orgs = services.store().organizations().await?;
    for run in 1..=2 {
        let started = Instant::now();
        let (mut leases, mut posted) = (0, 0);
        for org in &orgs {
            let done = services.post_due_charges(org, Utc::now()).await?;
            leases += done.leases;
            posted += done.entries_posted;
        }
        println!(
            "charge job run {run}: {leases} leases due, {posted} entries posted in {:.2} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// The seeded generator.
struct Gen {
    rng: fastrand::Rng,
    now: DateTime<Utc>,
}

impl Gen {
    fn uuid(&mut self) -> Uuid {
        uuid::Builder::from_random_bytes(self.rng.u128(..).to_le_bytes()).into_uuid()
    }

    fn eur(cents: i64) -> Money {
        Money::from_cents(cents, Currency::Eur)
    }

    fn name(&mut self) -> String {
        let first = FIRST[self.rng.usize(..FIRST.len())];
        let last = LAST[self.rng.usize(..LAST.len())];
        format!("{first} {last} {}", self.rng.u32(100..1000))
    }
}

/// One organization's generated data.
#[derive(Default)]
struct OrgData {
    properties: Vec<Property>,
    units: Vec<Unit>,
    tenants: Vec<Tenant>,
    leases: Vec<Lease>,
    entries: Vec<LedgerEntry>,
    payments: Vec<Payment>,
    listings: Vec<Listing>,
}

fn generate_org(
    g: &mut Gen,
    org: OrgId,
    properties: usize,
    o: &Options,
) -> Result<OrgData, Failure> {
    let mut d = OrgData::default();
    let months = o.years * 12;
    let earliest = o
        .through
        .checked_sub_months(Months::new(months))
        .ok_or("date")?;
    let span = (o.through - earliest).num_days();
    for p in 0..properties {
        let mut property = Property::new(
            org,
            PropertyDetails {
                name: format!("Residence {p:05}"),
                address: format!("{} rue de la Paix", p + 1),
                city: CITIES[g.rng.usize(..CITIES.len())].to_owned(),
                description: None,
            },
            g.now,
        );
        property.id = PropertyId::from_uuid(g.uuid());
        for u in 0..20 {
            let rent = Gen::eur(i64::from(g.rng.u32(400..=1500)) * 100);
            let mut unit = Unit::new(
                org,
                property.id,
                UnitDetails {
                    name: format!("Apt {u:02}"),
                    beds: 2,
                    baths: rust_decimal::Decimal::ONE,
                    sq_ft: Some(600),
                    capacity: 3,
                    rent,
                    charges: Gen::eur(0),
                    deposit: Gen::eur(0),
                },
                g.now,
            );
            unit.id = UnitId::from_uuid(g.uuid());
            if g.rng.u32(0..100) < 95 {
                lease_for(g, &mut d, &unit, earliest, span, o.through)?;
            }
            d.units.push(unit);
        }
        d.properties.push(property);
    }
    Ok(d)
}

/// An active lease on `unit` with its co-tenants, charges and payments.
fn lease_for(
    g: &mut Gen,
    d: &mut OrgData,
    unit: &Unit,
    earliest: NaiveDate,
    span: i64,
    through: NaiveDate,
) -> Result<(), Failure> {
    let start = earliest + chrono::Duration::days(g.rng.i64(0..span));
    let end = (start + Months::new(12)).max(through + Months::new(g.rng.u32(1..=24)));
    let count = match g.rng.u32(0..10) {
        0..=5 => 1,
        6..=8 => 2,
        _ => 3,
    };
    let mut co_tenants = Vec::with_capacity(count);
    for share in Share::equal(count) {
        let mut tenant = Tenant::new(
            unit.org_id,
            TenantDetails {
                full_name: g.name(),
                email: None,
                phone: None,
            },
            None,
            g.now,
        );
        tenant.id = TenantId::from_uuid(g.uuid());
        co_tenants.push(CoTenant {
            tenant_id: tenant.id,
            share,
        });
        d.tenants.push(tenant);
    }
    let mut lease = Lease {
        id: LeaseId::from_uuid(g.uuid()),
        org_id: unit.org_id,
        unit_id: unit.id,
        property_id: unit.property_id,
        tenants: co_tenants,
        terms: LeaseTerms {
            rent: unit.details.rent,
            charges: Gen::eur(0),
            deposit: Gen::eur(0),
            start_date: start,
            end_date: Some(end),
            due_day: DueDay::new(1)?,
        },
        ended_at: None,
        next_charge_on: None,
        created_at: g.now,
        updated_at: g.now,
    };
    let due = charges_due_through(&lease.terms, through);
    lease.next_charge_on = next_due_date(&lease.terms, through);
    for mut charge in charge_entries(&lease, &due, g.now) {
        charge.id = EntryId::from_uuid(g.uuid());
        let roll = g.rng.u32(0..100);
        let cents = match roll {
            0..=94 => charge.amount.cents(),
            95..=97 => charge.amount.cents() / 2,
            _ => 0,
        };
        if cents > 0 {
            let day = charge
                .effective_on
                .with_day(g.rng.u32(1..=10))
                .ok_or("date")?
                .max(charge.effective_on)
                .min(through.max(charge.effective_on));
            payment_for(g, d, &charge, Gen::eur(cents), day);
        }
        d.entries.push(charge);
    }
    d.leases.push(lease);
    Ok(())
}

fn payment_for(
    g: &mut Gen,
    d: &mut OrgData,
    charge: &LedgerEntry,
    amount: Money,
    paid_on: NaiveDate,
) {
    let id = PaymentId::from_uuid(g.uuid());
    let entry_id = EntryId::from_uuid(g.uuid());
    d.payments.push(Payment {
        id,
        org_id: charge.org_id,
        lease_id: charge.lease_id,
        tenant_id: charge.tenant_id,
        amount,
        paid_on,
        method: PaymentMethod::Transfer,
        receipt_document_id: None,
        status: PaymentStatus::Active,
        entry_id,
        revision: 1,
        created_at: g.now,
        updated_at: g.now,
    });
    d.entries.push(LedgerEntry {
        id: entry_id,
        org_id: charge.org_id,
        lease_id: charge.lease_id,
        tenant_id: charge.tenant_id,
        kind: EntryKind::Payment(PaymentMethod::Transfer),
        amount,
        effective_on: paid_on,
        period: None,
        reverses: None,
        payment_id: Some(id),
        idempotency_key: IdempotencyKey::for_payment(id, 1),
        recorded_at: g.now,
    });
}

/// `count` published listings on random units of `d`'s properties.
fn listings_for(g: &mut Gen, d: &mut OrgData, count: usize) -> Result<(), Failure> {
    let kinds = [ListingType::Studio, ListingType::Room, ListingType::Flat];
    for n in 0..count {
        let unit = &d.units[g.rng.usize(..d.units.len())];
        let rent = Gen::eur(i64::from(g.rng.u32(300..=2000)) * 100);
        let created = g.now - chrono::Duration::minutes(g.rng.i64(0..525_600));
        d.listings.push(Listing {
            id: ListingId::from_uuid(g.uuid()),
            org_id: unit.org_id,
            property_id: unit.property_id,
            title: format!("Listing {n}"),
            city: CITIES[g.rng.usize(..CITIES.len())].to_owned(),
            address: format!("{} avenue Foch", n % 300 + 1),
            description: None,
            kind: kinds[g.rng.usize(..kinds.len())],
            availability_date: NaiveDate::from_ymd_opt(2026, 12, 1).ok_or("date")?,
            requirements: Requirements::default(),
            rooms: vec![Room {
                id: RoomId::from_uuid(g.uuid()),
                unit_id: unit.id,
                name: "Room 1".to_owned(),
                capacity: 1,
                occupied: 0,
                rent,
                charges: Gen::eur(0),
                deposit: Gen::eur(0),
                min_duration_months: 1,
                max_duration_months: 24,
            }],
            status: ListingStatus::Published,
            taken_down_at: None,
            created_at: created,
            updated_at: created,
        });
    }
    Ok(())
}

/// Generates and loads the workload; writes the driver's id files.
async fn load(store: &AnyStore, o: &Options) -> Result<(), Failure> {
    let started = Instant::now();
    let now = Utc
        .with_ymd_and_hms(o.through.year(), o.through.month(), 1, 6, 0, 0)
        .single()
        .ok_or("instant")?;
    let mut g = Gen {
        rng: fastrand::Rng::with_seed(o.seed),
        now,
    };
    // One argon2 hash for every landlord, with a salt from the seed.
    let salt = SaltString::encode_b64(&g.rng.u128(..).to_le_bytes())?;
    let hash = argon2::Argon2::default()
        .hash_password(PASSWORD.as_bytes(), &salt)?
        .to_string();
    // Counts scaled and rounded, at least one of each.
    let scaled = |n: f64| (n * o.scale).round().max(1.0) as usize;
    let listings_total = o.listings.map_or_else(|| scaled(100_000.0), |n| n as usize);
    let mut totals: BTreeMap<&str, u64> = BTreeMap::new();
    let mut env = String::new();
    for i in 0..10 {
        let org = OrgId::from_uuid(g.uuid());
        let organization = Organization {
            id: org,
            name: if i == 0 {
                "Big Portfolio".to_owned()
            } else {
                format!("Small Portfolio {i}")
            },
            timezone: Organization::DEFAULT_TIMEZONE,
            currency: Currency::Eur,
            created_at: now,
        };
        let email = format!("landlord{i}@bench.rentmark.test");
        let user = User {
            id: UserId::from_uuid(g.uuid()),
            email: Email::parse(&email)?,
            role: AccountRole::Landlord,
            status: UserStatus::Active,
            password_hash: PasswordHash::new(hash.clone()),
            display_name: Some(format!("Landlord {i}")),
            created_at: now,
        };
        store.create_user(&user, Some(&organization)).await?;
        let properties = if i == 0 { scaled(500.0) } else { scaled(5.0) };
        let mut d = generate_org(&mut g, org, properties, o)?;
        let listings = if i == 0 {
            listings_total - listings_total / 10
        } else {
            listings_total / 90
        };
        listings_for(&mut g, &mut d, listings)?;
        store.create_properties(org, &d.properties).await?;
        store.create_units(org, &d.units).await?;
        store.create_tenants(org, &d.tenants).await?;
        let counts = store
            .bulk_import(
                org,
                BulkImport {
                    leases: &d.leases,
                    entries: &d.entries,
                    payments: &d.payments,
                    listings: &d.listings,
                },
            )
            .await?;
        *totals.entry("organizations").or_default() += 1;
        *totals.entry("properties").or_default() += d.properties.len() as u64;
        *totals.entry("units").or_default() += d.units.len() as u64;
        *totals.entry("tenants").or_default() += d.tenants.len() as u64;
        *totals.entry("leases").or_default() += counts.leases;
        *totals.entry("ledger accounts").or_default() += counts.accounts;
        *totals.entry("ledger entries").or_default() += counts.entries;
        *totals.entry("payments").or_default() += counts.payments;
        *totals.entry("listings").or_default() += counts.listings;
        let charges = d
            .entries
            .iter()
            .filter(|e| matches!(e.kind, EntryKind::Charge(_)))
            .count();
        *totals.entry("charges").or_default() += charges as u64;
        writeln!(env, "ORG{i}_ID={org}\nORG{i}_EMAIL={email}")?;
        if i == 0 {
            write_ids(&o.out, &d, o.through)?;
            println!(
                "big organization: {} units, {} leases, {} charges, {} payments",
                d.units.len(),
                d.leases.len(),
                charges,
                d.payments.len()
            );
        }
    }
    writeln!(
        env,
        "PASSWORD={PASSWORD}\nEMAIL=landlord0@bench.rentmark.test"
    )?;
    std::fs::write(o.out.join("bench.env"), env)?;
    // A bulk load leaves PostgreSQL without statistics until autovacuum gets to it: the
    // planner then takes 100,000 listings for one row and scans instead of seeking
    // (search count 63.7 ms before, 3.6 ms after `analyze`). Vacuumed too, as
    // autovacuum would after the inserts, so that the run measures the steady state.
    store.analyze().await?;
    for (what, count) in &totals {
        println!("{what:>16}: {count}");
    }
    println!(
        "loaded scale {} ({} years of ledger) into {} in {:.1} s",
        o.scale,
        o.years,
        store.backend(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The id files the Lua scripts pick from.
fn write_ids(out: &std::path::Path, d: &OrgData, through: NaiveDate) -> Result<(), Failure> {
    std::fs::create_dir_all(out)?;
    let lines = |ids: Vec<String>| ids.join("\n") + "\n";
    std::fs::write(
        out.join("tenants.txt"),
        lines(d.tenants.iter().map(|t| t.id.to_string()).collect()),
    )?;
    std::fs::write(
        out.join("properties.txt"),
        lines(d.properties.iter().map(|p| p.id.to_string()).collect()),
    )?;
    let active = d
        .leases
        .iter()
        .filter(|l| l.terms.start_date <= through && l.terms.end_date.is_none_or(|e| e >= through))
        .flat_map(|l| {
            l.tenants
                .iter()
                .map(move |t| format!("{} {}", l.id, t.tenant_id))
        })
        .collect();
    std::fs::write(out.join("leases.txt"), lines(active))?;
    std::fs::write(
        out.join("cities.txt"),
        lines(CITIES.iter().map(|c| (*c).to_owned()).collect()),
    )?;
    Ok(())
}
