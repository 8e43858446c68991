//! Counts behind the task-force report that the dashboards do not hold: coordination meetings
//! held in a period and the action items they set. A meeting belongs to the regions of its host
//! and attending agencies, an action item to its responsible agency's region; the [`Scope`] filter is the
//! dashboards' (`reg = eq OR reg LIKE like`).

use crate::dashboard::Scope;
use crate::query::{binds, int};
use crate::{Result, Store};
use sqlx::Row;
use sqlx::any::AnyRow;

/// Meetings and their action items in a period and region.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CoordinationCounts {
    /// Meetings held in the period (host or an attending agency in the region).
    pub meetings: i64,
    /// Action items set at those meetings, any agency (set in the period).
    pub action_items: i64,
    /// Of those, reported done.
    pub done: i64,
    /// Of those, still open.
    pub open: i64,
    /// Of the open ones, due before the given day.
    pub overdue: i64,
}

/// A meeting counts for a region when its host or one of its attending agencies is there.
const MEETINGS: &str = "SELECT CAST(COUNT(*) AS BIGINT) FROM meetings m \
     WHERE m.held_on >= $1 AND m.held_on <= $2 AND EXISTS (SELECT 1 FROM agencies ag \
     WHERE (ag.code = m.host_agency OR ag.code IN (SELECT ma.agency_code \
     FROM meeting_attendees ma WHERE ma.meeting_id = m.id)) \
     AND (COALESCE(ag.region_code, '') = $3 OR COALESCE(ag.region_code, '') LIKE $4))";

const ACTIONS: &str = "SELECT CAST(COUNT(*) AS BIGINT), \
     CAST(COALESCE(SUM(CASE WHEN ai.state = 'open' THEN 0 ELSE 1 END), 0) AS BIGINT), \
     CAST(COALESCE(SUM(CASE WHEN ai.state = 'open' THEN 1 ELSE 0 END), 0) AS BIGINT), \
     CAST(COALESCE(SUM(CASE WHEN ai.state = 'open' AND ai.due_on < $5 THEN 1 ELSE 0 END), 0) \
     AS BIGINT) \
     FROM action_items ai JOIN meetings m ON m.id = ai.meeting_id \
     JOIN agencies ag ON ag.code = ai.agency_code \
     WHERE m.held_on >= $1 AND m.held_on <= $2 \
     AND (COALESCE(ag.region_code, '') = $3 OR COALESCE(ag.region_code, '') LIKE $4)";

fn actions_of(r: &AnyRow) -> Result<[i64; 4]> {
    Ok([r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?])
}

impl Store {
    /// Meetings held and action items set in the scope's days; `today` (`yyyy-mm-dd`) decides
    /// which open items are overdue.
    pub async fn report_coordination(&self, s: &Scope, today: &str) -> Result<CoordinationCounts> {
        let region = || {
            binds![
                s.from_day.as_str(),
                s.to_day.as_str(),
                s.region_eq.as_str(),
                s.region_like.as_str()
            ]
        };
        let meetings = self.one(MEETINGS, region(), int).await?;
        let mut vals = region();
        vals.extend(binds![today]);
        let [action_items, done, open, overdue] = self.one(ACTIONS, vals, actions_of).await?;
        Ok(CoordinationCounts {
            meetings,
            action_items,
            done,
            open,
            overdue,
        })
    }
}
