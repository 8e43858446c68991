//! One person's page, and the decisions on proposed pairs: merge, dismiss, undo. Each decision
//! and its audit row are written in one transaction; an undo restores every record the merge
//! moved to the entity it had before.

use super::records::Viewer;
use super::{EntityView, MergeView, may_resolve, may_view};
use crate::auth::Actor;
use crate::{App, AppError};
use sinergi_domain::clock::to_millis;
use sinergi_domain::entities::{MergeRecord, MergeState, RecordKey};

impl App {
    /// A decision with both of its records, when the viewer sees both.
    pub(crate) async fn merge_view(
        &self,
        viewer: &mut Viewer<'_>,
        m: MergeRecord,
    ) -> Result<Option<MergeView>, AppError> {
        let (Some(a), Some(b)) = (
            viewer.load(self, &m.record_a).await?,
            viewer.load(self, &m.record_b).await?,
        ) else {
            return Ok(None);
        };
        let undoable = m.state == MergeState::Merged && may_resolve(viewer.actor);
        Ok(Some(MergeView {
            merge: m,
            a,
            b,
            undoable,
        }))
    }

    /// One person: every record of the entity of `key` that the actor may see, the pairs the
    /// engine proposes with other entities, and the decisions taken. `NotFound` when the actor
    /// may not see the record asked for. Audited.
    pub async fn entity(&self, actor: &Actor, key: &RecordKey) -> Result<EntityView, AppError> {
        if !may_view(actor) {
            return Err(AppError::Forbidden);
        }
        let mut viewer = self.viewer(actor).await;
        if viewer.load(self, key).await?.is_none() {
            return Err(AppError::NotFound);
        }
        self.ensure_prevention_index().await?;
        let entity_id = self.store.entity_of(key).await?;
        let (records, _) = viewer.members(self, &entity_id).await?;
        let dismissed = self.dismissed().await?;
        let mut proposals = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for r in &records {
            let Some((rec, f)) = viewer.load_with_fields(self, &r.key).await? else {
                continue;
            };
            for p in self
                .proposals_for(&mut viewer, &rec, &f, &dismissed)
                .await?
            {
                if seen.insert(p.b.key.clone()) {
                    proposals.push(p);
                }
            }
        }
        proposals.sort_by(|a, b| b.probability.total_cmp(&a.probability));
        let mut merges = Vec::new();
        let mut ids = std::collections::BTreeSet::new();
        for r in &records {
            for m in self.store.merges_of_record(&r.key).await? {
                if ids.insert(m.id.clone())
                    && let Some(v) = self.merge_view(&mut viewer, m).await?
                {
                    merges.push(v);
                }
            }
        }
        merges.sort_by_key(|v| std::cmp::Reverse(v.merge.decided_at));
        self.audit(
            &actor.origin(),
            "entity.read",
            &key.id,
            &records.len().to_string(),
        )
        .await?;
        Ok(EntityView {
            focus: key.clone(),
            name: super::fullest_name(&records),
            records,
            proposals,
            merges,
            may_resolve: may_resolve(actor),
        })
    }

    /// Checks a decision on the pair `a`, `b`: the actor may decide, sees both records and every
    /// record of both entities, the entities differ and the engine proposes the pair. Returns
    /// (entity of a, entity of b, the engine's explanation).
    async fn check_pair(
        &self,
        actor: &Actor,
        a: &RecordKey,
        b: &RecordKey,
    ) -> Result<(String, String, sinergi_match::Explanation), AppError> {
        if !may_resolve(actor) {
            return Err(AppError::Forbidden);
        }
        let mut viewer = self.viewer(actor).await;
        let (Some((ra, fa)), Some((rb, fb))) = (
            viewer.load_with_fields(self, a).await?,
            viewer.load_with_fields(self, b).await?,
        ) else {
            return Err(AppError::NotFound);
        };
        let (ea, eb) = (
            self.store.entity_of(a).await?,
            self.store.entity_of(b).await?,
        );
        if ea == eb {
            return Err(AppError::Conflict("entity_already_one"));
        }
        // Nobody merges what they cannot see: every record of both entities must be visible.
        for e in [&ea, &eb] {
            let (seen, total) = viewer.members(self, e).await?;
            if seen.len() < total {
                return Err(AppError::Forbidden);
            }
        }
        let e = super::proposals::score_records(&ra, &fa, &rb, &fb);
        if e.probability < super::PROPOSE_FROM {
            return Err(AppError::invalid(
                "pair",
                "entity_not_proposed",
                "the engine does not propose this pair",
            ));
        }
        Ok((ea, eb, e))
    }

    /// Merges the entity of `b` into the entity of `a` (a person confirms the engine's
    /// proposal). The merge, what it moved and the audit row commit together.
    pub async fn merge_entities(
        &self,
        actor: &Actor,
        a: &RecordKey,
        b: &RecordKey,
    ) -> Result<MergeRecord, AppError> {
        let (ea, eb, e) = self.check_pair(actor, a, b).await?;
        let now = to_millis(self.clock.now());
        let m = MergeRecord {
            id: uuid::Uuid::new_v4().to_string(),
            record_a: a.clone(),
            record_b: b.clone(),
            into_entity: ea.clone(),
            from_entity: eb.clone(),
            probability: e.probability,
            evidence: super::proposals::evidence(&e),
            state: MergeState::Merged,
            decided_by: actor.user.id.clone(),
            decided_at: now,
            undone_by: None,
            undone_at: None,
        };
        self.atomically(async |app| {
            let kept = app.store.entity_members(&ea).await?;
            let moved = app.store.entity_members(&eb).await?;
            app.store.insert_merge(&m).await?;
            for k in &kept {
                app.store.set_entity(k, &ea, now).await?;
            }
            for k in &moved {
                app.store.insert_merge_move(&m.id, k, &eb).await?;
                app.store.set_entity(k, &ea, now).await?;
            }
            app.audit(
                &actor.origin(),
                "entity.merge",
                &m.id,
                &moved.len().to_string(),
            )
            .await?;
            Ok(())
        })
        .await?;
        Ok(m)
    }

    /// Records that `a` and `b` are two people: the pair is not proposed again. Audited.
    pub async fn dismiss_pair(
        &self,
        actor: &Actor,
        a: &RecordKey,
        b: &RecordKey,
    ) -> Result<(), AppError> {
        let (ea, eb, e) = self.check_pair(actor, a, b).await?;
        let m = MergeRecord {
            id: uuid::Uuid::new_v4().to_string(),
            record_a: a.clone(),
            record_b: b.clone(),
            into_entity: ea,
            from_entity: eb,
            probability: e.probability,
            evidence: super::proposals::evidence(&e),
            state: MergeState::Dismissed,
            decided_by: actor.user.id.clone(),
            decided_at: to_millis(self.clock.now()),
            undone_by: None,
            undone_at: None,
        };
        self.atomically(async |app| {
            app.store.insert_merge(&m).await?;
            app.audit(&actor.origin(), "entity.dismiss", &m.id, "")
                .await?;
            Ok(())
        })
        .await
    }

    /// Undoes a merge: every record it moved goes back to the entity it had before, in one
    /// transaction with the audit row. Refused when a later merge moved those records on (undo
    /// that one first).
    pub async fn undo_merge(&self, actor: &Actor, merge_id: &str) -> Result<MergeRecord, AppError> {
        if !may_resolve(actor) {
            return Err(AppError::Forbidden);
        }
        let m = self
            .store
            .merge_record(merge_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut viewer = self.viewer(actor).await;
        if viewer.load(self, &m.record_a).await?.is_none()
            || viewer.load(self, &m.record_b).await?.is_none()
        {
            return Err(AppError::NotFound);
        }
        if m.state != MergeState::Merged {
            return Err(AppError::Conflict("merge_not_active"));
        }
        let now = to_millis(self.clock.now());
        self.atomically(async |app| {
            let moves = app.store.merge_moves(&m.id).await?;
            for (k, _) in &moves {
                if app.store.entity_of(k).await? != m.into_entity {
                    return Err(AppError::Conflict("entity_changed_since"));
                }
            }
            if !app
                .store
                .mark_merge_undone(&m.id, &actor.user.id, now)
                .await?
            {
                return Err(AppError::Conflict("merge_not_active"));
            }
            for (k, prev) in &moves {
                app.store.set_entity(k, prev, now).await?;
            }
            app.audit(
                &actor.origin(),
                "entity.unmerge",
                &m.id,
                &moves.len().to_string(),
            )
            .await?;
            Ok(())
        })
        .await?;
        Ok(MergeRecord {
            state: MergeState::Undone,
            undone_by: Some(actor.user.id.clone()),
            undone_at: Some(now),
            ..m
        })
    }
}
