//! Coordination meetings (rapat koordinasi, Gugus Tugas PP-TPPO), action items and bulletins.

use super::coded_enum;
use time::Date;

coded_enum!(
    /// Where an action item stands.
    ActionState, "action state", {
        /// Assigned, not done.
        Open => "open",
        /// Done.
        Done => "done",
        /// Dropped by the meeting's host.
        Cancelled => "cancelled",
    }
);

/// Why an action-item change is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    /// The item is already closed.
    #[error("the action item is already {0}")]
    Closed(ActionState),
}

impl ActionState {
    /// Closes an open item as `to` (done or cancelled).
    pub fn close(self, to: ActionState) -> Result<ActionState, ActionError> {
        match self {
            ActionState::Open if to != ActionState::Open => Ok(to),
            ActionState::Open => Ok(ActionState::Open),
            closed => Err(ActionError::Closed(closed)),
        }
    }

    /// Whether an item due on `due` is overdue on `today`.
    pub fn overdue(self, due: Date, today: Date) -> bool {
        self == ActionState::Open && today > due
    }
}

coded_enum!(
    /// What a bulletin warns about.
    BulletinKind, "bulletin kind", {
        /// A new modus operandi.
        Modus => "modus",
        /// A recruiter active in a district.
        Recruiter => "recruiter",
        /// Anything else.
        General => "general",
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn action_items_close_once() {
        assert_eq!(
            ActionState::Open.close(ActionState::Done),
            Ok(ActionState::Done)
        );
        assert_eq!(
            ActionState::Done.close(ActionState::Done),
            Err(ActionError::Closed(ActionState::Done))
        );
        assert!(ActionState::Open.overdue(date!(2026 - 01 - 01), date!(2026 - 01 - 02)));
        assert!(!ActionState::Done.overdue(date!(2026 - 01 - 01), date!(2026 - 01 - 02)));
    }
}
