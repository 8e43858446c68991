//! The network view: the people, phones, agencies and cases linked to a case, as a typed graph
//! that the web layer draws. "Same person" across cases is decided by the matching engine's Indonesian name
//! standardiser (spelling variants such as Soekarno/Sukarno, Muhammad/Mochamad) or a shared
//! NIK/phone blind index.

use crate::auth::Actor;
use crate::{App, AppError};
use sinergi_domain::cases::PersonRole;
use sinergi_domain::cases::case_record::CasePerson;
use sinergi_match::standardise::name::standardise;
use sinergi_match::standardise::text::jaro_winkler;

/// Decides whether two written names are the same person, with the reason.
pub trait PersonMatcher {
    /// `Some(reason)` when `a` and `b` name the same person.
    fn same_person(&self, a: &str, b: &str) -> Option<String>;
}

/// The matcher backed by `sinergi-match`'s name standardiser.
#[derive(Debug, Clone, Copy, Default)]
pub struct NameMatcher;

impl PersonMatcher for NameMatcher {
    fn same_person(&self, a: &str, b: &str) -> Option<String> {
        let (na, nb) = (standardise(a), standardise(b));
        if na.is_empty() || nb.is_empty() {
            return None;
        }
        let (ka, kb) = (na.sorted_key(), nb.sorted_key());
        if ka == kb {
            return Some("same name key".into());
        }
        let jw = jaro_winkler(&ka, &kb);
        if jw >= 0.93 {
            Some(format!("similar name key (jw {jw:.2})"))
        } else {
            None
        }
    }
}

/// What a node of the network stands for.
#[derive(Debug, Clone, Copy, serde::Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A case (label: its number).
    Case,
    /// A named person (suspect, recruiter, sponsor; label: the name).
    Person,
    /// A phone, never shown in clear (label: its running number in this graph).
    Phone,
    /// An agency (label: its name in force today).
    Agency,
    /// A passport application (label: the applicant's name; only for readers of applications).
    Applicant,
    /// A watchlist entry (label: the listed name; only for readers of the watchlist).
    Watchlist,
    /// A placement company (P3MI) an applicant named (label: the name as written).
    Company,
}

/// A node of the network.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct Node {
    /// Node id, unique in the graph (`case:<id>`, `person:<cluster>`, `phone:<n>`, `agency:<code>`).
    pub id: String,
    /// What it stands for.
    pub kind: NodeKind,
    /// The data the label is drawn from (see [`NodeKind`]).
    pub label: String,
}

/// How two nodes are linked.
#[derive(Debug, Clone, Copy, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// The case is shared with the agency.
    Shared,
    /// The person uses the phone.
    Phone,
    /// The person appears in the case in this role.
    Role(PersonRole),
    /// An applicant gave the phone as the sponsor's phone.
    Sponsor,
    /// The phone or person is on the watchlist entry.
    Listed,
    /// The applicant named the placement company.
    Company,
    /// The node is one of the person's own records.
    Record,
}

/// An edge between two node ids.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct Edge {
    /// Node id.
    pub from: String,
    /// Node id.
    pub to: String,
    /// How they are linked.
    pub kind: EdgeKind,
}

/// The network of a case or of a person.
#[derive(Debug, Clone, serde::Serialize)]
pub struct NetworkGraph {
    /// Nodes; the focus (case or person) first.
    pub nodes: Vec<Node>,
    /// Edges, sorted, without repeats.
    pub edges: Vec<Edge>,
    /// The case this graph belongs to (for the way back).
    pub case_id: String,
    /// End (epoch ms) of the break-glass grant through which the actor sees the case, if any.
    pub break_glass_until: Option<i64>,
}

fn edge(from: String, to: String, kind: EdgeKind) -> Edge {
    Edge { from, to, kind }
}

/// Sorts edges and drops repeats.
pub(crate) fn tidy(edges: &mut Vec<Edge>) {
    fn rank(k: EdgeKind) -> (u8, &'static str) {
        match k {
            EdgeKind::Shared => (0, ""),
            EdgeKind::Phone => (1, ""),
            EdgeKind::Role(r) => (2, r.code()),
            EdgeKind::Sponsor => (3, ""),
            EdgeKind::Listed => (4, ""),
            EdgeKind::Company => (5, ""),
            EdgeKind::Record => (6, ""),
        }
    }
    edges.sort_by(|a, b| (&a.from, &a.to, rank(a.kind)).cmp(&(&b.from, &b.to, rank(b.kind))));
    edges.dedup();
}

impl App {
    /// The network around a case: its named people (suspects, recruiters, sponsors) clustered
    /// across every case visible to the actor, their phones (masked), the agencies and the other
    /// cases they appear in. Victims never appear.
    pub async fn case_network(
        &self,
        actor: &Actor,
        case_id: &str,
    ) -> Result<NetworkGraph, AppError> {
        let (case, break_glass_until) = self.readable_case(actor, case_id).await?;
        let mut visible: Vec<String> = self
            .store
            .cases_visible_to(&actor.user.agency_code, "")
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        visible.push(case.id.clone());
        let all: Vec<CasePerson> = self
            .store
            .named_case_people()
            .await?
            .into_iter()
            .filter(|p| visible.contains(&p.case_id))
            .filter(|p| !p.role.protected_identity())
            .collect();
        // Cluster: union of same-name / same-NIK / same-phone pairs.
        let m = NameMatcher;
        let mut parent: Vec<usize> = (0..all.len()).collect();
        fn find(p: &mut [usize], i: usize) -> usize {
            let mut i = i;
            while p[i] != i {
                p[i] = p[p[i]];
                i = p[i];
            }
            i
        }
        for i in 0..all.len() {
            for j in (i + 1)..all.len() {
                let (a, b) = (&all[i], &all[j]);
                let same = (a.nik_idx.is_some() && a.nik_idx == b.nik_idx)
                    || match (&a.name, &b.name) {
                        (Some(x), Some(y)) => {
                            m.same_person(x, y).is_some()
                                && (a.birth_date.is_none()
                                    || b.birth_date.is_none()
                                    || a.birth_date == b.birth_date)
                        }
                        _ => false,
                    };
                if same {
                    let (ra, rb) = (find(&mut parent, i), find(&mut parent, j));
                    parent[ra] = rb;
                }
            }
        }
        let mut nodes = vec![Node {
            id: format!("case:{}", case.id),
            kind: NodeKind::Case,
            label: case.number.clone(),
        }];
        let mut edges = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        seen.insert(nodes[0].id.clone());
        let mut add = |nodes: &mut Vec<Node>, n: Node| {
            if seen.insert(n.id.clone()) {
                nodes.push(n);
            }
        };
        for a in self.store.case_agencies(&case.id).await? {
            let name = self.agency_name_today(&a).await;
            add(
                &mut nodes,
                Node {
                    id: format!("agency:{a}"),
                    kind: NodeKind::Agency,
                    label: name,
                },
            );
            edges.push(edge(
                format!("case:{}", case.id),
                format!("agency:{a}"),
                EdgeKind::Shared,
            ));
        }
        let in_case: Vec<usize> = (0..all.len())
            .filter(|&i| all[i].case_id == case.id)
            .collect();
        let mut phone_no = 0;
        let mut phones: Vec<(String, String)> = Vec::new();
        for i in in_case {
            let root = find(&mut parent, i);
            let pid = format!("person:{root}");
            add(
                &mut nodes,
                Node {
                    id: pid.clone(),
                    kind: NodeKind::Person,
                    label: all[i].name.clone().unwrap_or_default(),
                },
            );
            edges.push(edge(
                format!("case:{}", case.id),
                pid.clone(),
                EdgeKind::Role(all[i].role),
            ));
            #[allow(clippy::needless_range_loop)] // `find` needs the index too
            for j in 0..all.len() {
                if find(&mut parent, j) != root {
                    continue;
                }
                if all[j].case_id != case.id {
                    let other = self.store.case(&all[j].case_id).await?;
                    if let Some(o) = other {
                        add(
                            &mut nodes,
                            Node {
                                id: format!("case:{}", o.id),
                                kind: NodeKind::Case,
                                label: o.number,
                            },
                        );
                        edges.push(edge(
                            pid.clone(),
                            format!("case:{}", all[j].case_id),
                            EdgeKind::Role(all[j].role),
                        ));
                    }
                }
                if let Some(ph) = &all[j].phone_idx {
                    let id = format!("phone:{}", &ph[..ph.len().min(12)]);
                    if !nodes.iter().any(|n| n.id == id) {
                        phone_no += 1;
                        phones.push((id.clone(), ph.clone()));
                    }
                    add(
                        &mut nodes,
                        Node {
                            id: id.clone(),
                            kind: NodeKind::Phone,
                            label: phone_no.to_string(),
                        },
                    );
                    edges.push(edge(pid.clone(), id, EdgeKind::Phone));
                }
            }
        }
        tidy(&mut edges);
        let mut graph = NetworkGraph {
            nodes,
            edges,
            case_id: case.id,
            break_glass_until,
        };
        self.widen_network(actor, &mut graph, &phones).await?;
        self.audit(
            &actor.origin(),
            "case.network",
            case_id,
            &graph.nodes.len().to_string(),
        )
        .await?;
        Ok(graph)
    }
}

impl App {
    /// The network around one person of a case (e.g. a recruiter): the same person under other
    /// spellings or with the same NIK/phone in every case visible to the actor, those cases,
    /// their agencies and the phones. Victims are never shown.
    pub async fn person_network(
        &self,
        actor: &Actor,
        person_id: &str,
    ) -> Result<NetworkGraph, AppError> {
        actor.require(sinergi_domain::access::Permission::ViewCases)?;
        let focus = self
            .store
            .case_person(person_id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.visible_case(actor, &focus.case_id).await?;
        let Some(name) = focus.name.clone() else {
            return Err(AppError::NotFound); // protected roles have no network view
        };
        let visible: Vec<String> = self
            .store
            .cases_visible_to(&actor.user.agency_code, "")
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        let m = NameMatcher;
        let same: Vec<CasePerson> = self
            .store
            .named_case_people()
            .await?
            .into_iter()
            .filter(|p| visible.contains(&p.case_id))
            .filter(|p| {
                p.id == focus.id
                    || (focus.nik_idx.is_some() && p.nik_idx == focus.nik_idx)
                    || (focus.phone_idx.is_some() && p.phone_idx == focus.phone_idx)
                    || p.name
                        .as_deref()
                        .is_some_and(|n| m.same_person(&name, n).is_some())
            })
            .collect();
        let pid = format!("person:{}", focus.id);
        let mut nodes = vec![Node {
            id: pid.clone(),
            kind: NodeKind::Person,
            label: name,
        }];
        let mut edges = Vec::new();
        let mut phones: Vec<(String, String)> = Vec::new();
        for p in &same {
            let cid = format!("case:{}", p.case_id);
            if !nodes.iter().any(|n| n.id == cid)
                && let Some(c) = self.store.case(&p.case_id).await?
            {
                nodes.push(Node {
                    id: cid.clone(),
                    kind: NodeKind::Case,
                    label: c.number,
                });
                for a in self.store.case_agencies(&p.case_id).await? {
                    let aid = format!("agency:{a}");
                    if !nodes.iter().any(|n| n.id == aid) {
                        let label = self.agency_name_today(&a).await;
                        nodes.push(Node {
                            id: aid.clone(),
                            kind: NodeKind::Agency,
                            label,
                        });
                    }
                    edges.push(edge(cid.clone(), aid, EdgeKind::Shared));
                }
            }
            edges.push(edge(pid.clone(), cid, EdgeKind::Role(p.role)));
            if let Some(ph) = &p.phone_idx {
                let id = format!("phone:{}", &ph[..ph.len().min(12)]);
                if !nodes.iter().any(|n| n.id == id) {
                    phones.push((id.clone(), ph.clone()));
                    let n = nodes.iter().filter(|n| n.kind == NodeKind::Phone).count() + 1;
                    nodes.push(Node {
                        id: id.clone(),
                        kind: NodeKind::Phone,
                        label: n.to_string(),
                    });
                }
                edges.push(edge(pid.clone(), id, EdgeKind::Phone));
            }
        }
        tidy(&mut edges);
        let mut graph = NetworkGraph {
            nodes,
            edges,
            case_id: focus.case_id,
            break_glass_until: None,
        };
        self.widen_network(actor, &mut graph, &phones).await?;
        self.audit(
            &actor.origin(),
            "person.network",
            person_id,
            &graph.nodes.len().to_string(),
        )
        .await?;
        Ok(graph)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants_match() {
        let m = NameMatcher;
        assert!(
            m.same_person("Mochamad Soetrisno", "Muhammad Sutrisno")
                .is_some()
        );
        assert!(m.same_person("Budi Santoso", "Siti Aminah").is_none());
    }
}
