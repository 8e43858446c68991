//! Proposed pairs: candidates come from the persistent screening index (every kind of record it
//! holds) and from shared phone blind indexes (tips keep only the blind index of a phone); every
//! candidate pair is scored by the matching engine's model, which also explains it.

use super::records::Viewer;
use super::{EntityOverview, EntityRecord, Proposal};
use crate::auth::Actor;
use crate::prevention::index::{FIELDS, IndexFields};
use crate::{App, AppError};
use sinergi_domain::access::Permission;
use sinergi_domain::entities::{RecordKey, RecordKind};
use sinergi_domain::prevention::Evidence;
use sinergi_match::{Explanation, Model, Schema};
use sinergi_store::prevention::ApplicantKey;
use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

/// The engine's match probability from which a pair is proposed for a person to look at. Two
/// records in one system share a phone or a NIK far more often by being one person than the
/// engine's prior (one true entry in a list of a million) assumes, so a name that agrees in
/// part with a phone that agrees in full ("Pak Darto" and "Darto Sugiharto", probability about
/// 0.4) is worth a look, while a name alone (probability far below 0.01) is not.
pub const PROPOSE_FROM: f64 = 0.3;

/// Index candidates taken per record.
const CANDIDATES: usize = 10;

/// At most this many records are looked at as sources of the overview (newest kinds first).
const SOURCES: usize = 400;

fn model() -> &'static (Schema, Model) {
    static M: OnceLock<(Schema, Model)> = OnceLock::new();
    M.get_or_init(|| {
        let schema = Schema::from_headers(&FIELDS, None);
        let model = Model::defaults(&schema);
        (schema, model)
    })
}

fn raw<'a>(schema: &Schema, f: &'a IndexFields) -> Vec<Option<&'a str>> {
    schema
        .fields
        .iter()
        .map(|spec| match spec.name.as_str() {
            "full_name" => Some(f.full_name.as_str()),
            "birth_date" => f.birth_date.as_deref(),
            "sex" => f.sex.as_deref(),
            "nik" => f.nik.as_deref(),
            "phone" => f.phone.as_deref(),
            _ => None,
        })
        .collect()
}

/// The engine's explained score of two records.
pub(crate) fn score(a: &IndexFields, b: &IndexFields) -> Explanation {
    let (schema, model) = model();
    let (ra, _) = sinergi_match::record::prepare(schema, "a", &raw(schema, a));
    let (rb, _) = sinergi_match::record::prepare(schema, "b", &raw(schema, b));
    model.explain(&ra, &rb)
}

/// The evidence of an explanation, field by field.
pub(crate) fn evidence(e: &Explanation) -> Vec<Evidence> {
    e.fields
        .iter()
        .map(|f| Evidence {
            field: f.field.clone(),
            level: f.level.to_string(),
            bits: Some(f.weight + f.tf_adjustment),
        })
        .collect()
}

/// Scores a pair; a tip knows its phone only by blind index, so when the blind indexes agree the
/// other record's phone stands for it (the same number).
pub(crate) fn score_records(
    a: &EntityRecord,
    fa: &IndexFields,
    b: &EntityRecord,
    fb: &IndexFields,
) -> Explanation {
    let same_phone = a.phone_idx.is_some() && a.phone_idx == b.phone_idx;
    let (mut fa, mut fb) = (fa.clone(), fb.clone());
    if same_phone {
        if fa.phone.is_none() {
            fa.phone = fb.phone.clone();
        }
        if fb.phone.is_none() {
            fb.phone = fa.phone.clone();
        }
    }
    score(&fa, &fb)
}

/// An unordered pair of keys.
fn pair(a: &RecordKey, b: &RecordKey) -> (RecordKey, RecordKey) {
    if a <= b {
        (a.clone(), b.clone())
    } else {
        (b.clone(), a.clone())
    }
}

impl App {
    /// Records sharing a phone blind index with a record (any kind).
    async fn same_phone(&self, idx: &str) -> Result<Vec<RecordKey>, AppError> {
        let mut out = Vec::new();
        for p in self.store.case_people_by_phone_idx(idx).await? {
            out.push(RecordKey::new(RecordKind::CasePerson, p.id));
        }
        for a in self.store.applicants_by(ApplicantKey::Phone, idx).await? {
            out.push(RecordKey::new(RecordKind::Applicant, a.id));
        }
        for w in self.store.watchlist().await? {
            if w.phone.as_ref().is_some_and(|p| p.index == idx) {
                out.push(RecordKey::new(RecordKind::Watchlist, w.id));
            }
        }
        for t in self.store.tips(1000).await? {
            if t.suspect_phone_idx.as_deref() == Some(idx) {
                out.push(RecordKey::new(RecordKind::TipSubject, t.id));
            }
        }
        for p in self.store.people_by_phone_index(idx).await? {
            out.push(RecordKey::new(RecordKind::PersonRecord, p.id));
        }
        Ok(out)
    }

    /// The proposals of one source record: candidates from the index and shared phones, scored
    /// by the engine; only pairs whose both records the viewer sees, in different entities, not
    /// dismissed, at [`PROPOSE_FROM`] or more.
    pub(crate) async fn proposals_for(
        &self,
        viewer: &mut Viewer<'_>,
        source: &EntityRecord,
        fields: &IndexFields,
        dismissed: &HashSet<(RecordKey, RecordKey)>,
    ) -> Result<Vec<Proposal>, AppError> {
        let mut candidates: Vec<RecordKey> = Vec::new();
        for h in self.index_search(fields, CANDIDATES).await? {
            // The index scores with the same engine: below the line there is nothing to load.
            // (Records sharing a phone come in below, whatever the index's score.)
            if h.score < PROPOSE_FROM {
                continue;
            }
            if let Some(k) = RecordKey::parse(&h.entry_id) {
                candidates.push(k);
            }
        }
        if let Some(idx) = &source.phone_idx {
            candidates.extend(self.same_phone(idx).await?);
        }
        let mine = self.store.entity_of(&source.key).await?;
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for c in candidates {
            if c == source.key
                || !seen.insert(c.clone())
                || dismissed.contains(&pair(&source.key, &c))
            {
                continue;
            }
            // Two tips: neither phone is known in clear, and the triage already lists them.
            if c.kind == RecordKind::TipSubject && source.key.kind == RecordKind::TipSubject {
                continue;
            }
            if self.store.entity_of(&c).await? == mine {
                continue;
            }
            let Some((rec, f)) = viewer.load_with_fields(self, &c).await? else {
                continue;
            };
            let e = score_records(source, fields, &rec, &f);
            if e.probability >= PROPOSE_FROM {
                out.push(Proposal {
                    a: source.clone(),
                    b: rec,
                    probability: e.probability,
                    evidence: evidence(&e),
                });
            }
        }
        Ok(out)
    }

    /// Pairs a person dismissed, both orders.
    pub(crate) async fn dismissed(&self) -> Result<HashSet<(RecordKey, RecordKey)>, AppError> {
        Ok(self
            .store
            .dismissed_pairs()
            .await?
            .into_iter()
            .map(|(a, b)| pair(&a, &b))
            .collect())
    }

    /// The overview: proposals among the named case people, tip subjects and watchlist entries
    /// the actor may see (against every kind of record), and the recent decisions on records the
    /// actor sees. Audited (it reveals whom the system links).
    pub async fn entity_overview(&self, actor: &Actor) -> Result<EntityOverview, AppError> {
        if !super::may_view(actor) {
            return Err(AppError::Forbidden);
        }
        self.ensure_prevention_index().await?;
        let mut viewer = self.viewer(actor).await;
        let mut sources: Vec<RecordKey> = Vec::new();
        if actor.can(Permission::ViewCases) {
            for p in self.store.named_case_people().await? {
                sources.push(RecordKey::new(RecordKind::CasePerson, p.id));
            }
        }
        if actor.can(Permission::TriageTips) {
            for t in self.store.open_tips().await? {
                sources.push(RecordKey::new(RecordKind::TipSubject, t.id));
            }
        }
        if viewer.sees_watchlist() {
            for w in self.store.watchlist().await? {
                sources.push(RecordKey::new(RecordKind::Watchlist, w.id));
            }
        }
        let dismissed = self.dismissed().await?;
        let mut pairs = BTreeSet::new();
        let mut proposals = Vec::new();
        for k in sources.into_iter().take(SOURCES) {
            let Some((rec, f)) = viewer.load_with_fields(self, &k).await? else {
                continue;
            };
            for p in self
                .proposals_for(&mut viewer, &rec, &f, &dismissed)
                .await?
            {
                if pairs.insert(pair(&p.a.key, &p.b.key)) {
                    proposals.push(p);
                }
            }
        }
        proposals.sort_by(|a, b| b.probability.total_cmp(&a.probability));
        let mut merges = Vec::new();
        for m in self.store.recent_merges(30).await? {
            if let Some(v) = self.merge_view(&mut viewer, m).await? {
                merges.push(v);
            }
        }
        self.audit(
            &actor.origin(),
            "entity.overview",
            "-",
            &proposals.len().to_string(),
        )
        .await?;
        Ok(EntityOverview {
            proposals,
            merges,
            may_resolve: super::may_resolve(actor),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &str, phone: Option<&str>) -> IndexFields {
        IndexFields {
            full_name: name.into(),
            phone: phone.map(Into::into),
            ..IndexFields::default()
        }
    }

    #[test]
    fn a_title_and_a_shared_phone_are_proposed_a_name_alone_is_not() {
        let phone = Some("+6281234567001");
        let darto = score(&f("Pak Darto", phone), &f("Darto Sugiharto", phone));
        assert!(darto.probability >= PROPOSE_FROM, "{darto}");
        let name_only = score(
            &f("Mochamad Soetrisno", None),
            &f("Muhammad Sutrisno", None),
        );
        assert!(name_only.probability < PROPOSE_FROM, "{name_only}");
        let other = score(&f("Pak Darto", phone), &f("Budi Santoso", phone));
        assert!(other.probability < PROPOSE_FROM, "{other}");
        let ev = evidence(&darto);
        assert!(ev.iter().any(|e| e.field == "phone" && e.level == "exact"));
    }
}
