//! The demo's applications, in every state, made and moved through the application
//! use cases over the last weeks: each renter applies only where their dossier meets
//! the listing's requirements (checked with the domain's own rule before applying),
//! landlords accept, reject and confirm, renters withdraw. One room of the landlord's
//! shared flat shows the whole story: Zoé applies, Hugo applies, is accepted and
//! confirmed (his lease is created and his first month paid), and Zoé's application is
//! closed because the room is taken.

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rentmark_domain::Services;
use rentmark_domain::calendar::local_date;
use rentmark_domain::ids::{ApplicationId, ListingId, RoomId, UserId};
use rentmark_domain::ledger::PaymentInput;
use rentmark_domain::marketplace::Confirmed;
use rentmark_domain::marketplace::application::ApplicationInput;
use rentmark_domain::marketplace::dossier::{Dossier, ProfileOverridesInput, check_requirements};
use rentmark_domain::marketplace::listing::{Listing, ListingType, Room};
use rentmark_domain::money::{Currency, Money};
use rentmark_domain::org::{Actor, Organization};

use super::listings::Catalogue;
use super::renters::Renter;
use super::{DemoError, err};
use crate::state::AppStore;

/// Where an application ends up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Pending,
    Accepted,
    Confirmed,
    Rejected,
    Withdrawn,
}

/// Which organization's listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Org {
    Demo,
    Agency,
}

/// One application: renter (index in the renters' list), organization, the kind of
/// home wanted (any when none qualifies), outcome, and how many days ago it was made.
type Step = (usize, Org, ListingType, Outcome, i64);

const LEA: usize = 0;
const HUGO: usize = 1;
const INES: usize = 2;
const YANIS: usize = 3;
const ZOE: usize = 4;

const STEPS: [Step; 11] = [
    (LEA, Org::Demo, ListingType::Studio, Outcome::Accepted, 6),
    (LEA, Org::Agency, ListingType::Flat, Outcome::Withdrawn, 20),
    (HUGO, Org::Agency, ListingType::Studio, Outcome::Rejected, 8),
    (INES, Org::Demo, ListingType::Flat, Outcome::Rejected, 10),
    (INES, Org::Agency, ListingType::Room, Outcome::Pending, 2),
    (INES, Org::Agency, ListingType::Studio, Outcome::Pending, 1),
    (YANIS, Org::Agency, ListingType::Flat, Outcome::Accepted, 5),
    (YANIS, Org::Demo, ListingType::Flat, Outcome::Pending, 4),
    (
        YANIS,
        Org::Demo,
        ListingType::Studio,
        Outcome::Withdrawn,
        12,
    ),
    (ZOE, Org::Agency, ListingType::Room, Outcome::Confirmed, 16),
    (ZOE, Org::Agency, ListingType::Studio, Outcome::Pending, 2),
];

/// What the applications added.
#[derive(Debug, Default)]
pub(super) struct Made {
    /// Applications made.
    pub applications: usize,
    /// Leases created in the landlord organization by confirmations.
    pub demo_leases: usize,
    /// Payments recorded in the landlord organization.
    pub demo_payments: usize,
}

/// The two organizations' owners, acting.
pub(super) struct Owners<'a> {
    /// The landlord organization's.
    pub demo: &'a Actor,
    /// The agency's.
    pub agency: &'a Actor,
}

struct Ctx<'a> {
    services: &'a Services<AppStore>,
    owners: Owners<'a>,
    renters: &'a [Renter],
    now: DateTime<Utc>,
    applied: HashSet<(UserId, ListingId)>,
    /// Rooms someone applied for: the other steps pick fresh rooms, so that one
    /// confirmation never closes another step's application.
    rooms: HashSet<RoomId>,
    made: Made,
}

/// Makes the demo's applications.
pub(super) async fn load(
    services: &Services<AppStore>,
    owners: Owners<'_>,
    catalogue: &Catalogue,
    renters: &[Renter],
    now: DateTime<Utc>,
) -> Result<Made, DemoError> {
    let mut ctx = Ctx {
        services,
        owners,
        renters,
        now,
        applied: HashSet::new(),
        rooms: HashSet::new(),
        made: Made::default(),
    };
    // The room-taken story, in the landlord's first shared flat both qualify for.
    let (listing, _) = ctx
        .pick(&catalogue.demo, &[ZOE, HUGO], Some(ListingType::Room))
        .ok_or_else(|| DemoError("no shared flat for the demo's confirmed lease".into()))?;
    let room = &listing.rooms[0];
    ctx.apply(ZOE, listing, room, 22).await?;
    let hugo = ctx.apply(HUGO, listing, room, 21).await?;
    ctx.run(Org::Demo, HUGO, hugo, Outcome::Confirmed, 21)
        .await?;
    if let Some(second) = listing.rooms.get(1) {
        ctx.apply(LEA, listing, second, 3).await?;
    }
    for (renter, org, kind, outcome, days) in STEPS {
        let listings = match org {
            Org::Demo => &catalogue.demo,
            Org::Agency => &catalogue.agency,
        };
        let (listing, room) = ctx
            .pick(listings, &[renter], Some(kind))
            .or_else(|| ctx.pick(listings, &[renter], None))
            .ok_or_else(|| DemoError(format!("no listing fits demo renter {renter}")))?;
        let id = ctx.apply(renter, listing, room, days).await?;
        ctx.run(org, renter, id, outcome, days).await?;
    }
    Ok(ctx.made)
}

impl Ctx<'_> {
    fn owner(&self, org: Org) -> &Actor {
        match org {
            Org::Demo => self.owners.demo,
            Org::Agency => self.owners.agency,
        }
    }

    fn dossier(&self, renter: usize) -> Dossier {
        let renter = &self.renters[renter];
        Dossier {
            documents: renter.documents.clone(),
            guarantors: renter
                .guarantors
                .iter()
                .map(|g| g.details.clone())
                .collect(),
            applicant_income: renter
                .income
                .and_then(|text| Money::parse(text, Currency::Eur).ok()),
        }
    }

    /// The first listing (of `kind`, when given) with a room nobody applied for whose
    /// requirements every one of `renters` meets, and that none of them applied to yet.
    fn pick<'l>(
        &self,
        listings: &'l [Listing],
        renters: &[usize],
        kind: Option<ListingType>,
    ) -> Option<(&'l Listing, &'l Room)> {
        listings
            .iter()
            .filter(|l| kind.is_none_or(|k| l.kind == k))
            .filter(|l| {
                renters
                    .iter()
                    .all(|r| !self.applied.contains(&(self.renters[*r].user.id, l.id)))
            })
            .find_map(|listing| {
                listing
                    .rooms
                    .iter()
                    .find(|room| {
                        !room.is_filled()
                            && !self.rooms.contains(&room.id)
                            && renters.iter().all(|r| {
                                check_requirements(&listing.requirements, room, &self.dossier(*r))
                                    .is_ok()
                            })
                    })
                    .map(|room| (listing, room))
            })
    }

    /// `renter` applies for `room`, `days` ago, to move in two weeks later (or when the
    /// listing is available) for ten months (within the room's limits).
    async fn apply(
        &mut self,
        renter: usize,
        listing: &Listing,
        room: &Room,
        days: i64,
    ) -> Result<ApplicationId, DemoError> {
        let at = self.now - Duration::days(days);
        let day = local_date(at, Organization::DEFAULT_TIMEZONE);
        let move_in: NaiveDate = (day + Duration::days(14)).max(listing.availability_date);
        let duration = 10.clamp(room.min_duration_months, room.max_duration_months);
        let who = &self.renters[renter];
        let input = ApplicationInput {
            listing_id: listing.id.to_string(),
            room_id: Some(room.id.to_string()),
            move_in_date: move_in.to_string(),
            duration_months: Some(i64::from(duration)),
            guarantor_ids: who.guarantors.iter().map(|g| g.id.to_string()).collect(),
            profile_overrides: Some(ProfileOverridesInput {
                first_name: Some(who.first_name.into()),
                last_name: Some(who.last_name.into()),
                monthly_income_eur: who.income.map(Into::into),
                ..ProfileOverridesInput::default()
            }),
        };
        let application = self
            .services
            .apply(&who.user, &input, at)
            .await
            .map_err(err)?;
        self.applied.insert((who.user.id, listing.id));
        self.rooms.insert(room.id);
        self.made.applications += 1;
        Ok(application.id)
    }

    /// Moves an application made `days` ago to `outcome`, a day or two per step.
    async fn run(
        &mut self,
        org: Org,
        renter: usize,
        id: ApplicationId,
        outcome: Outcome,
        days: i64,
    ) -> Result<(), DemoError> {
        let at = |after: i64| self.now - Duration::days(days) + Duration::days(after);
        let owner = self.owner(org);
        match outcome {
            Outcome::Pending => {}
            Outcome::Rejected => {
                self.services
                    .reject_application(owner, id, at(1))
                    .await
                    .map_err(err)?;
            }
            Outcome::Withdrawn => {
                let user = &self.renters[renter].user;
                self.services
                    .withdraw_application(user, id, at(1))
                    .await
                    .map_err(err)?;
            }
            Outcome::Accepted | Outcome::Confirmed => {
                self.services
                    .accept_application(owner, id, at(1))
                    .await
                    .map_err(err)?;
                if outcome == Outcome::Confirmed {
                    let confirmed = self
                        .services
                        .confirm_application(owner, id, at(3))
                        .await
                        .map_err(err)?;
                    self.first_payment(org, &confirmed).await?;
                }
            }
        }
        Ok(())
    }

    /// Posts the confirmed lease's charges due by now (what the charge job does at
    /// start-up) and records its payment in full, as the offline first payment.
    async fn first_payment(&mut self, org: Org, confirmed: &Confirmed) -> Result<(), DemoError> {
        let owner = self.owner(org);
        self.services
            .post_due_charges(&owner.org, self.now)
            .await
            .map_err(err)?;
        let balance = self
            .services
            .tenant_balance(owner, confirmed.tenant_id, self.now)
            .await
            .map_err(err)?;
        let paid = balance.outstanding.is_positive();
        if paid {
            self.services
                .record_payment(
                    owner,
                    &PaymentInput {
                        lease_id: Some(confirmed.lease_id.to_string()),
                        tenant_id: Some(confirmed.tenant_id.to_string()),
                        amount: balance.outstanding.to_string(),
                        paid_on: local_date(self.now, owner.org.timezone).to_string(),
                        method: "transfer".into(),
                        receipt_document_id: None,
                    },
                    None,
                    self.now,
                )
                .await
                .map_err(err)?;
        }
        if org == Org::Demo {
            self.made.demo_leases += 1;
            self.made.demo_payments += usize::from(paid);
        }
        Ok(())
    }
}
