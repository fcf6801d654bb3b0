//! Applications and their state machine:
//!
//! ```text
//! pending ──withdraw (renter)──▶ withdrawn
//!    │ ├──reject (landlord)─────▶ rejected
//!    │ └──room taken (system)───▶ rejected (reason room_taken)
//!    └──accept (landlord)──▶ accepted_pending_payment ──confirm (landlord, payment)──▶ confirmed
//!                                 ├──withdraw (renter) ─▶ withdrawn
//!                                 ├──reject (landlord) ─▶ rejected
//!                                 └──room taken (system)▶ rejected (reason room_taken)
//! ```
//!
//! A transition is a function of (status, action, actor); everything else is a typed
//! error, so an illegal status can never be stored.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use crate::ids::{ApplicationId, GuarantorId, ListingId, OrgId, RoomId, UserId};
use crate::lease::parse_date;
use crate::marketplace::dossier::ProfileOverrides;
use crate::marketplace::listing::{MAX_GUARANTORS, named_enum};
use crate::validation::{ValidationErrors, codes};

named_enum!(
    /// Where an application stands.
    ApplicationStatus {
        /// Waiting for the landlord.
        Pending => "pending",
        /// Withdrawn by the renter (final).
        Withdrawn => "withdrawn",
        /// Rejected by the landlord, or because the room was taken (final).
        Rejected => "rejected",
        /// Accepted; the room is the renter's once the first payment is made.
        AcceptedPendingPayment => "accepted_pending_payment",
        /// Paid and confirmed: a lease exists (final).
        Confirmed => "confirmed",
    }
);

named_enum!(
    /// What someone does to an application.
    ApplicationAction {
        /// The renter withdraws.
        Withdraw => "withdraw",
        /// The landlord rejects.
        Reject => "reject",
        /// The landlord accepts, pending payment.
        Accept => "accept",
        /// The first payment is made (payment webhook), or the landlord confirms an
        /// offline payment.
        Confirm => "confirm",
        /// Another application took the last place of the room.
        RoomTaken => "room_taken",
    }
);

named_enum!(
    /// Who acts on an application.
    ApplicationActor {
        /// The renter who applied.
        Renter => "renter",
        /// A member of the listing's organization.
        Landlord => "landlord",
        /// The payment webhook.
        Payment => "payment",
        /// RentMark itself (cancellation when a room fills).
        System => "system",
    }
);

impl ApplicationStatus {
    /// Whether nothing can happen to it any more.
    pub const fn is_final(self) -> bool {
        matches!(self, Self::Withdrawn | Self::Rejected | Self::Confirmed)
    }

    /// Whether it still competes for a place (cancelled when the room fills).
    pub const fn is_open(self) -> bool {
        matches!(self, Self::Pending | Self::AcceptedPendingPayment)
    }
}

/// A transition that is not allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// This actor may not take this action (a renter accepting, a landlord
    /// withdrawing).
    #[error("{actor} may not {action}")]
    NotAllowed {
        /// Who tried.
        actor: ApplicationActor,
        /// What.
        action: ApplicationAction,
    },
    /// Not from this status (accepting a withdrawn application).
    #[error("cannot {action} an application that is {from}")]
    InvalidTransition {
        /// The current status.
        from: ApplicationStatus,
        /// What was attempted.
        action: ApplicationAction,
    },
}

/// The status after `action` by `actor` from `from`.
///
/// # Errors
/// [`TransitionError::NotAllowed`] when the actor may never take the action;
/// [`TransitionError::InvalidTransition`] when the action is not possible from `from`.
pub fn transition(
    from: ApplicationStatus,
    action: ApplicationAction,
    actor: ApplicationActor,
) -> Result<ApplicationStatus, TransitionError> {
    use ApplicationAction as A;
    use ApplicationActor as Who;
    use ApplicationStatus as S;
    let allowed = match action {
        A::Withdraw => actor == Who::Renter,
        A::Reject | A::Accept => actor == Who::Landlord,
        A::Confirm => matches!(actor, Who::Landlord | Who::Payment),
        A::RoomTaken => actor == Who::System,
    };
    if !allowed {
        return Err(TransitionError::NotAllowed { actor, action });
    }
    match (from, action) {
        (S::Pending | S::AcceptedPendingPayment, A::Withdraw) => Ok(S::Withdrawn),
        (S::Pending | S::AcceptedPendingPayment, A::Reject | A::RoomTaken) => Ok(S::Rejected),
        (S::Pending, A::Accept) => Ok(S::AcceptedPendingPayment),
        (S::AcceptedPendingPayment, A::Confirm) => Ok(S::Confirmed),
        (from, action) => Err(TransitionError::InvalidTransition { from, action }),
    }
}

/// An application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    /// Its id.
    pub id: ApplicationId,
    /// The listing applied to.
    pub listing_id: ListingId,
    /// The room applied for.
    pub room_id: RoomId,
    /// The listing's organization.
    pub org_id: OrgId,
    /// The renter.
    pub applicant: UserId,
    /// Desired move-in date.
    pub move_in_date: NaiveDate,
    /// Desired length of stay.
    pub duration_months: u32,
    /// Guarantors named, at most 50.
    pub guarantor_ids: Vec<GuarantorId>,
    /// Profile details overridden for this application only.
    pub overrides: ProfileOverrides,
    /// Where it stands.
    pub status: ApplicationStatus,
    /// Why it was rejected (`room_taken`), if said.
    pub reason: Option<String>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// One recorded transition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// The application.
    pub application_id: ApplicationId,
    /// Status before (none for the creation).
    pub old_status: Option<ApplicationStatus>,
    /// Status after.
    pub new_status: ApplicationStatus,
    /// Who acted.
    pub actor: ApplicationActor,
    /// The acting user, when a person acted.
    pub actor_id: Option<UserId>,
    /// Why (`room_taken`).
    pub reason: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// An application as typed (`POST /tenant/applications`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ApplicationInput {
    /// The listing.
    #[serde(default)]
    pub listing_id: String,
    /// The room; optional when the listing has one room.
    #[serde(default)]
    pub room_id: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub move_in_date: String,
    /// 1-60.
    #[serde(default)]
    pub duration_months: Option<i64>,
    /// At most 50 of the renter's guarantors.
    #[serde(default)]
    pub guarantor_ids: Vec<String>,
    /// Profile details for this application only.
    #[serde(default)]
    pub profile_overrides: Option<crate::marketplace::dossier::ProfileOverridesInput>,
}

/// A parsed application request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApplication {
    /// The listing.
    pub listing_id: ListingId,
    /// The room, if named.
    pub room_id: Option<RoomId>,
    /// Desired move-in date.
    pub move_in_date: NaiveDate,
    /// Desired length of stay.
    pub duration_months: u32,
    /// Guarantors named.
    pub guarantor_ids: Vec<GuarantorId>,
    /// Overrides.
    pub overrides: ProfileOverrides,
}

impl ApplicationInput {
    /// Validates every field; `today` bounds the move-in date (not in the past).
    ///
    /// # Errors
    /// Every invalid field; more than 50 guarantors is `validation.too_many` on
    /// `guarantor_ids`.
    pub fn parse(&self, today: NaiveDate) -> Result<NewApplication, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let listing_id = errors.check(
            "listing_id",
            uuid::Uuid::parse_str(self.listing_id.trim()),
            |_| codes::UNKNOWN_REFERENCE,
        );
        let room_id = match self.room_id.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(text) => errors
                .check("room_id", uuid::Uuid::parse_str(text), |_| {
                    codes::UNKNOWN_REFERENCE
                })
                .map(Some),
        };
        let move_in = errors.check("move_in_date", parse_date(&self.move_in_date), |c| c);
        if move_in.is_some_and(|d| d < today) {
            errors.add("move_in_date", codes::OUT_OF_RANGE);
        }
        let duration = match self.duration_months {
            Some(d) if (1..=60).contains(&d) => u32::try_from(d).ok(),
            _ => {
                errors.add("duration_months", codes::OUT_OF_RANGE);
                None
            }
        };
        let mut guarantor_ids = Vec::new();
        if self.guarantor_ids.len() > MAX_GUARANTORS {
            errors.add("guarantor_ids", codes::TOO_MANY);
        } else {
            for (index, text) in self.guarantor_ids.iter().enumerate() {
                let field = format!("guarantor_ids[{index}]");
                if let Some(id) = errors.check(&field, uuid::Uuid::parse_str(text.trim()), |_| {
                    codes::UNKNOWN_REFERENCE
                }) {
                    let id = GuarantorId::from_uuid(id);
                    if guarantor_ids.contains(&id) {
                        errors.add(field, codes::DUPLICATE);
                    } else {
                        guarantor_ids.push(id);
                    }
                }
            }
        }
        let overrides = match &self.profile_overrides {
            None => Some(ProfileOverrides::default()),
            Some(input) => input.parse(today, &mut errors),
        };
        match (listing_id, room_id, move_in, duration, overrides) {
            (
                Some(listing_id),
                Some(room_id),
                Some(move_in_date),
                Some(duration_months),
                Some(overrides),
            ) if errors.is_empty() => Ok(NewApplication {
                listing_id: ListingId::from_uuid(listing_id),
                room_id: room_id.map(RoomId::from_uuid),
                move_in_date,
                duration_months,
                guarantor_ids,
                overrides,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;
    use ApplicationAction as A;
    use ApplicationActor as Who;
    use ApplicationStatus as S;

    #[test]
    fn every_action_from_every_state_by_every_actor() {
        // The whole table: (from, action, actor) -> allowed result.
        for &from in S::ALL {
            for &action in ApplicationAction::ALL {
                for &actor in ApplicationActor::ALL {
                    let got = transition(from, action, actor);
                    let actor_ok = match action {
                        A::Withdraw => actor == Who::Renter,
                        A::Reject | A::Accept => actor == Who::Landlord,
                        A::Confirm => actor == Who::Landlord || actor == Who::Payment,
                        A::RoomTaken => actor == Who::System,
                    };
                    let expected = if !actor_ok {
                        Err(TransitionError::NotAllowed { actor, action })
                    } else {
                        match (from, action) {
                            (S::Pending, A::Withdraw)
                            | (S::AcceptedPendingPayment, A::Withdraw) => Ok(S::Withdrawn),
                            (S::Pending | S::AcceptedPendingPayment, A::Reject | A::RoomTaken) => {
                                Ok(S::Rejected)
                            }
                            (S::Pending, A::Accept) => Ok(S::AcceptedPendingPayment),
                            (S::AcceptedPendingPayment, A::Confirm) => Ok(S::Confirmed),
                            _ => Err(TransitionError::InvalidTransition { from, action }),
                        }
                    };
                    assert_eq!(got, expected, "{from} {action} by {actor}");
                }
            }
        }
    }

    #[test]
    fn nothing_leaves_a_final_state() {
        for &from in S::ALL.iter().filter(|s| s.is_final()) {
            for &action in ApplicationAction::ALL {
                for &actor in ApplicationActor::ALL {
                    assert!(
                        transition(from, action, actor).is_err(),
                        "{from} {action} {actor}"
                    );
                }
            }
        }
    }

    fn input() -> ApplicationInput {
        ApplicationInput {
            listing_id: "0190b3a4-0000-7000-8000-000000000001".into(),
            room_id: None,
            move_in_date: "2026-12-01".into(),
            duration_months: Some(6),
            guarantor_ids: vec![],
            profile_overrides: None,
        }
    }

    #[test]
    fn parses_and_refuses_bad_applications() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
        assert!(input().parse(today).is_ok());
        let mut bad = input();
        bad.guarantor_ids = (0..51)
            .map(|i| format!("0190b3a4-0000-7000-8000-{i:012}"))
            .collect();
        bad.move_in_date = "2026-11-01".into();
        bad.duration_months = Some(0);
        let fields: Vec<_> = bad
            .parse(today)
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("move_in_date".to_owned(), codes::OUT_OF_RANGE),
                ("duration_months".to_owned(), codes::OUT_OF_RANGE),
                ("guarantor_ids".to_owned(), codes::TOO_MANY),
            ]
        );
        let mut duplicate = input();
        duplicate.guarantor_ids = vec![
            "0190b3a4-0000-7000-8000-000000000009".into(),
            "0190b3a4-0000-7000-8000-000000000009".into(),
        ];
        assert_eq!(
            duplicate.parse(today).unwrap_err().errors[0].code,
            codes::DUPLICATE
        );
        let mut malformed = input();
        malformed.move_in_date = "2026-02-30".into();
        assert_eq!(
            malformed.parse(today).unwrap_err().errors[0].code,
            codes::INVALID_DATE
        );
    }
}
