//! The network of one person (entity) across the system, and the widening of any network
//! through its phones: the cases the phones appear in, the applicants who gave a phone as their
//! sponsor's, the placement companies (P3MI) those applicants named and the watchlist entries
//! with the phone. Need-to-know applies to every node: a node the viewer may not read is not
//! drawn (cases not shared and without break-glass, applicants without `ScreenApplicants`, the
//! watchlist without a watchlist permission); victims never appear.

use super::RecordAbout;
use super::records::Viewer;
use crate::auth::Actor;
use crate::cases::network::{Edge, EdgeKind, NetworkGraph, Node, NodeKind};
use crate::{App, AppError};
use sinergi_domain::entities::RecordKey;
use sinergi_store::prevention::ApplicantKey;

/// At most this many nodes are drawn (the picture stays readable).
pub const MAX_NODES: usize = 80;

/// Builds a graph without repeated nodes.
pub(crate) struct GraphBuilder {
    pub(crate) nodes: Vec<Node>,
    pub(crate) edges: Vec<Edge>,
}

impl GraphBuilder {
    /// Adds a node unless it is there or the graph is full; whether it is there now.
    pub(crate) fn node(&mut self, id: String, kind: NodeKind, label: String) -> bool {
        if self.nodes.iter().any(|n| n.id == id) {
            return true;
        }
        if self.nodes.len() >= MAX_NODES {
            return false;
        }
        self.nodes.push(Node { id, kind, label });
        true
    }

    /// Adds an edge between two nodes that are there.
    pub(crate) fn edge(&mut self, from: &str, to: &str, kind: EdgeKind) {
        let has = |id: &str| self.nodes.iter().any(|n| n.id == id);
        if has(from) && has(to) {
            self.edges.push(Edge {
                from: from.into(),
                to: to.into(),
                kind,
            });
        }
    }

    /// The id of a phone node: a prefix of its blind index (never the number).
    pub(crate) fn phone(&mut self, idx: &str) -> Option<String> {
        let id = format!("phone:{}", &idx[..idx.len().min(12)]);
        let n = self
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Phone)
            .count()
            + 1;
        self.node(id.clone(), NodeKind::Phone, n.to_string())
            .then_some(id)
    }
}

impl App {
    /// Adds what the phones of a graph link to: cases (with the role of the person using the
    /// phone), applicants who gave it as their sponsor's phone (and the P3MI they named),
    /// applicants and watchlist entries with the phone. `phones` are (node id, blind index).
    pub(crate) async fn widen_by_phones(
        &self,
        viewer: &mut Viewer<'_>,
        g: &mut GraphBuilder,
        phones: &[(String, String)],
    ) -> Result<(), AppError> {
        let watch = if viewer.sees_watchlist() {
            self.store.watchlist().await?
        } else {
            Vec::new()
        };
        for (pid, idx) in phones {
            for p in self.store.case_people_by_phone_idx(idx).await? {
                if p.role.protected_identity() || p.name.is_none() {
                    continue;
                }
                if let Some(c) = viewer.case(self, &p.case_id).await? {
                    let cid = format!("case:{}", c.id);
                    g.node(cid.clone(), NodeKind::Case, c.number.clone());
                    g.edge(pid, &cid, EdgeKind::Role(p.role));
                }
            }
            if viewer.sees_applicants() {
                for (key, kind) in [
                    (ApplicantKey::SponsorPhone, EdgeKind::Sponsor),
                    (ApplicantKey::Phone, EdgeKind::Phone),
                ] {
                    for a in self.store.applicants_by(key, idx).await? {
                        let aid = format!("applicant:{}", a.id);
                        g.node(aid.clone(), NodeKind::Applicant, a.full_name.clone());
                        g.edge(pid, &aid, kind);
                        if let Some(company) = a.agency_name.as_deref().map(str::trim)
                            && !company.is_empty()
                        {
                            let cid = format!("company:{}", company.to_lowercase());
                            g.node(cid.clone(), NodeKind::Company, company.to_string());
                            g.edge(&aid, &cid, EdgeKind::Company);
                        }
                    }
                }
            }
            for w in watch
                .iter()
                .filter(|w| w.phone.as_ref().is_some_and(|p| &p.index == idx))
            {
                let wid = format!("watchlist:{}", w.id);
                g.node(wid.clone(), NodeKind::Watchlist, w.full_name.clone());
                g.edge(pid, &wid, EdgeKind::Listed);
            }
        }
        Ok(())
    }

    /// Widens a case or person network by its phones (see [`App::widen_by_phones`]).
    pub(crate) async fn widen_network(
        &self,
        actor: &Actor,
        graph: &mut NetworkGraph,
        phones: &[(String, String)],
    ) -> Result<(), AppError> {
        let mut viewer = self.viewer(actor).await;
        let mut g = GraphBuilder {
            nodes: std::mem::take(&mut graph.nodes),
            edges: std::mem::take(&mut graph.edges),
        };
        self.widen_by_phones(&mut viewer, &mut g, phones).await?;
        graph.nodes = g.nodes;
        graph.edges = g.edges;
        crate::cases::network::tidy(&mut graph.edges);
        Ok(())
    }

    /// The network of the person (entity) a record belongs to: the person in the middle, the
    /// cases its records appear in (with their agencies), its watchlist entries and phones, and
    /// what those phones link to. Every node passes need-to-know. Audited.
    pub async fn entity_network(
        &self,
        actor: &Actor,
        key: &RecordKey,
    ) -> Result<NetworkGraph, AppError> {
        if !super::may_view(actor) {
            return Err(AppError::Forbidden);
        }
        let mut viewer = self.viewer(actor).await;
        if viewer.load(self, key).await?.is_none() {
            return Err(AppError::NotFound);
        }
        let entity_id = self.store.entity_of(key).await?;
        let (records, _) = viewer.members(self, &entity_id).await?;
        let me = format!("person:{entity_id}");
        let mut g = GraphBuilder {
            nodes: Vec::new(),
            edges: Vec::new(),
        };
        g.node(me.clone(), NodeKind::Person, super::fullest_name(&records));
        let mut phones = Vec::new();
        let mut case_id = String::new();
        for r in &records {
            match &r.about {
                RecordAbout::CasePerson {
                    case_id: cid,
                    case_number,
                    role,
                    ..
                } => {
                    let id = format!("case:{cid}");
                    g.node(id.clone(), NodeKind::Case, case_number.clone());
                    g.edge(&me, &id, EdgeKind::Role(*role));
                    if case_id.is_empty() {
                        case_id = cid.clone();
                    }
                    for a in self.store.case_agencies(cid).await? {
                        let aid = format!("agency:{a}");
                        let label = self.agency_name_today(&a).await;
                        g.node(aid.clone(), NodeKind::Agency, label);
                        g.edge(&id, &aid, EdgeKind::Shared);
                    }
                }
                RecordAbout::Applicant { id, .. } => {
                    let aid = format!("applicant:{id}");
                    g.node(aid.clone(), NodeKind::Applicant, r.name.clone());
                    g.edge(&me, &aid, EdgeKind::Record);
                }
                RecordAbout::Watchlist { .. } => {
                    let wid = format!("watchlist:{}", r.key.id);
                    g.node(wid.clone(), NodeKind::Watchlist, r.name.clone());
                    g.edge(&me, &wid, EdgeKind::Record);
                }
                RecordAbout::TipSubject { .. } | RecordAbout::PersonRecord { .. } => {}
            }
            if let Some(idx) = &r.phone_idx
                && let Some(pid) = g.phone(idx)
            {
                g.edge(&me, &pid, EdgeKind::Phone);
                if !phones.iter().any(|(_, i)| i == idx) {
                    phones.push((pid, idx.clone()));
                }
            }
        }
        self.widen_by_phones(&mut viewer, &mut g, &phones).await?;
        let mut edges = g.edges;
        crate::cases::network::tidy(&mut edges);
        self.audit(
            &actor.origin(),
            "entity.network",
            &key.id,
            &g.nodes.len().to_string(),
        )
        .await?;
        Ok(NetworkGraph {
            nodes: g.nodes,
            edges,
            case_id,
            break_glass_until: None,
        })
    }
}
