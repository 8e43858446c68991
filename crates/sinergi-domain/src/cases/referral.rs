//! Referrals between agencies: a state machine with typed transition errors.
//!
//! `in_progress -> accepted -> done`, or `in_progress -> rejected` (reason), or
//! `in_progress | accepted -> revoked` (reason, by the referring agency).

use super::coded_enum;

coded_enum!(
    /// Where a referral stands.
    ReferralState, "referral state", {
        /// Sent, waiting for the receiving agency.
        InProgress => "in_progress",
        /// The receiving agency took it on.
        Accepted => "accepted",
        /// The receiving agency finished the work.
        Done => "done",
        /// The receiving agency declined (with a reason).
        Rejected => "rejected",
        /// The referring agency withdrew it (with a reason).
        Revoked => "revoked",
    }
);

coded_enum!(
    /// What someone does to a referral.
    ReferralEvent, "referral event", {
        /// Receiver accepts.
        Accept => "accept",
        /// Receiver declines.
        Reject => "reject",
        /// Receiver completes.
        Complete => "complete",
        /// Sender withdraws.
        Revoke => "revoke",
    }
);

/// Which side of a referral an agency is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The agency that sent it.
    Sender,
    /// The agency that received it.
    Receiver,
}

/// Why a referral transition is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferralError {
    /// The event does not apply in this state.
    #[error("cannot {event} a referral that is {from}")]
    InvalidTransition {
        /// Current state.
        from: ReferralState,
        /// Attempted event.
        event: ReferralEvent,
    },
    /// The event belongs to the other side.
    #[error("only the {0} may do this")]
    WrongSide(&'static str),
    /// Rejecting and revoking need a reason.
    #[error("a reason is required")]
    ReasonRequired,
}

impl ReferralState {
    /// Whether the referral is finished.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            ReferralState::Done | ReferralState::Rejected | ReferralState::Revoked
        )
    }

    /// The next state after `event` by `side`, or why not.
    pub fn apply(
        self,
        event: ReferralEvent,
        side: Side,
        reason: &str,
    ) -> Result<ReferralState, ReferralError> {
        use ReferralEvent as E;
        use ReferralState as S;
        let needed = match event {
            E::Revoke => Side::Sender,
            _ => Side::Receiver,
        };
        if side != needed {
            return Err(ReferralError::WrongSide(match needed {
                Side::Sender => "referring agency",
                Side::Receiver => "receiving agency",
            }));
        }
        if matches!(event, E::Reject | E::Revoke) && reason.trim().is_empty() {
            return Err(ReferralError::ReasonRequired);
        }
        match (self, event) {
            (S::InProgress, E::Accept) => Ok(S::Accepted),
            (S::InProgress, E::Reject) => Ok(S::Rejected),
            (S::Accepted, E::Complete) => Ok(S::Done),
            (S::InProgress | S::Accepted, E::Revoke) => Ok(S::Revoked),
            (from, event) => Err(ReferralError::InvalidTransition { from, event }),
        }
    }

    /// Whether a referral with this state and due date (ms) is overdue at `now`.
    pub fn overdue(self, due_at: i64, now: i64) -> bool {
        !self.is_closed() && now > due_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReferralEvent as E;
    use ReferralState as S;
    use proptest::prelude::*;

    #[test]
    fn happy_path() {
        let s = S::InProgress.apply(E::Accept, Side::Receiver, "").unwrap();
        assert_eq!(s, S::Accepted);
        assert_eq!(s.apply(E::Complete, Side::Receiver, "").unwrap(), S::Done);
    }

    #[test]
    fn reasons_and_sides_are_checked() {
        assert_eq!(
            S::InProgress.apply(E::Reject, Side::Receiver, " "),
            Err(ReferralError::ReasonRequired)
        );
        assert!(matches!(
            S::InProgress.apply(E::Accept, Side::Sender, ""),
            Err(ReferralError::WrongSide(_))
        ));
        assert!(matches!(
            S::InProgress.apply(E::Revoke, Side::Receiver, "x"),
            Err(ReferralError::WrongSide(_))
        ));
        assert_eq!(
            S::Done.apply(E::Revoke, Side::Sender, "x"),
            Err(ReferralError::InvalidTransition {
                from: S::Done,
                event: E::Revoke
            })
        );
    }

    #[test]
    fn overdue_only_while_open() {
        assert!(S::InProgress.overdue(10, 11));
        assert!(!S::Done.overdue(10, 11));
        assert!(!S::Accepted.overdue(10, 10));
    }

    proptest! {
        #[test]
        fn no_sequence_panics_and_closed_is_final(events in proptest::collection::vec((0usize..4, any::<bool>(), any::<bool>()), 0..20)) {
            let mut s = S::InProgress;
            for (e, sender, reason) in events {
                let side = if sender { Side::Sender } else { Side::Receiver };
                let before = s;
                match s.apply(E::ALL[e], side, if reason { "r" } else { "" }) {
                    Ok(next) => { prop_assert!(!before.is_closed()); s = next; }
                    Err(_) => prop_assert_eq!(s, before),
                }
            }
        }
    }
}
