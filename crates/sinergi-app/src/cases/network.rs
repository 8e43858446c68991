//! The network view: the people, phones, agencies and cases linked to a case, drawn as an SVG
//! on the server. "Same person" across cases is decided by the matching engine's Indonesian name
//! standardiser (spelling variants such as Soekarno/Sukarno, Muhammad/Mochamad) or a shared
//! NIK/phone blind index.

use crate::auth::Actor;
use crate::{App, AppError};
use sinergi_domain::cases::PersonRole;
use sinergi_match::standardise::name::standardise;
use sinergi_match::standardise::text::jaro_winkler;
use sinergi_store::cases::CasePersonRow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

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

/// A node of the network.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct Node {
    /// Node id (`case:<id>`, `person:<cluster>`, `phone:<n>`, `agency:<code>`).
    pub id: String,
    /// `case`, `person`, `phone` or `agency`.
    pub kind: String,
    /// Label shown.
    pub label: String,
}

/// The network of a case.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Network {
    /// Nodes.
    pub nodes: Vec<Node>,
    /// Edges between node ids, with a label.
    pub edges: Vec<(String, String, String)>,
    /// The SVG drawing.
    pub svg: String,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Draws nodes on a circle (the focus case in the middle) with straight edges.
pub fn draw_svg(nodes: &[Node], edges: &[(String, String, String)]) -> String {
    let (w, h) = (720.0_f64, 520.0_f64);
    let (cx, cy, r) = (w / 2.0, h / 2.0, 200.0);
    let mut pos = BTreeMap::new();
    let n = nodes.len().saturating_sub(1).max(1) as f64;
    for (i, node) in nodes.iter().enumerate() {
        let p = if i == 0 {
            (cx, cy)
        } else {
            let a = (i - 1) as f64 / n * std::f64::consts::TAU;
            (cx + r * a.cos(), cy + r * a.sin())
        };
        pos.insert(node.id.clone(), p);
    }
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"network\">"
    );
    for (a, b, _) in edges {
        if let (Some(pa), Some(pb)) = (pos.get(a), pos.get(b)) {
            let _ = write!(
                s,
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#888\"/>",
                pa.0, pa.1, pb.0, pb.1
            );
        }
    }
    for node in nodes {
        if let Some(p) = pos.get(&node.id) {
            let fill = match node.kind.as_str() {
                "case" => "#1f6feb",
                "person" => "#d73a49",
                "phone" => "#6f42c1",
                _ => "#2da44e",
            };
            let _ = write!(
                s,
                "<g class=\"node {}\"><circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"14\" fill=\"{fill}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\">{}</text></g>",
                esc(&node.kind),
                p.0,
                p.1,
                p.0,
                p.1 + 26.0,
                esc(&node.label)
            );
        }
    }
    s.push_str("</svg>");
    s
}

impl App {
    /// The network around a case: its named people (suspects, recruiters, sponsors) clustered
    /// across every case visible to the actor, their phones (masked), the agencies and the other
    /// cases they appear in. Victims never appear.
    pub async fn case_network(&self, actor: &Actor, case_id: &str) -> Result<Network, AppError> {
        let case = self.visible_case(actor, case_id).await?;
        let visible: Vec<String> = self
            .store
            .cases_visible_to(&actor.user.agency_code, "")
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        let all: Vec<CasePersonRow> = self
            .store
            .named_case_people()
            .await?
            .into_iter()
            .filter(|p| visible.contains(&p.case_id))
            .filter(|p| {
                p.role
                    .parse::<PersonRole>()
                    .is_ok_and(|r| !r.protected_identity())
            })
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
            kind: "case".into(),
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
                    kind: "agency".into(),
                    label: name,
                },
            );
            edges.push((
                format!("case:{}", case.id),
                format!("agency:{a}"),
                "shared".into(),
            ));
        }
        let in_case: Vec<usize> = (0..all.len())
            .filter(|&i| all[i].case_id == case.id)
            .collect();
        let mut phone_no = 0;
        for i in in_case {
            let root = find(&mut parent, i);
            let pid = format!("person:{root}");
            add(
                &mut nodes,
                Node {
                    id: pid.clone(),
                    kind: "person".into(),
                    label: all[i].name.clone().unwrap_or_default(),
                },
            );
            edges.push((
                format!("case:{}", case.id),
                pid.clone(),
                all[i].role.clone(),
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
                                kind: "case".into(),
                                label: o.number,
                            },
                        );
                        edges.push((
                            pid.clone(),
                            format!("case:{}", all[j].case_id),
                            all[j].role.clone(),
                        ));
                    }
                }
                if let Some(ph) = &all[j].phone_idx {
                    let id = format!("phone:{}", &ph[..ph.len().min(12)]);
                    if !nodes.iter().any(|n| n.id == id) {
                        phone_no += 1;
                    }
                    add(
                        &mut nodes,
                        Node {
                            id: id.clone(),
                            kind: "phone".into(),
                            label: format!("HP #{phone_no}"),
                        },
                    );
                    edges.push((pid.clone(), id, "phone".into()));
                }
            }
        }
        edges.sort();
        edges.dedup();
        self.audit(
            &actor.origin(),
            "case.network",
            case_id,
            &nodes.len().to_string(),
        )
        .await?;
        let svg = draw_svg(&nodes, &edges);
        Ok(Network { nodes, edges, svg })
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
    ) -> Result<Network, AppError> {
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
        let same: Vec<CasePersonRow> = self
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
            kind: "person".into(),
            label: name,
        }];
        let mut edges = Vec::new();
        for p in &same {
            let cid = format!("case:{}", p.case_id);
            if !nodes.iter().any(|n| n.id == cid)
                && let Some(c) = self.store.case(&p.case_id).await?
            {
                nodes.push(Node {
                    id: cid.clone(),
                    kind: "case".into(),
                    label: c.number,
                });
                for a in self.store.case_agencies(&p.case_id).await? {
                    let aid = format!("agency:{a}");
                    if !nodes.iter().any(|n| n.id == aid) {
                        let label = self.agency_name_today(&a).await;
                        nodes.push(Node {
                            id: aid.clone(),
                            kind: "agency".into(),
                            label,
                        });
                    }
                    edges.push((cid.clone(), aid, "shared".into()));
                }
            }
            edges.push((pid.clone(), cid, p.role.clone()));
            if let Some(ph) = &p.phone_idx {
                let id = format!("phone:{}", &ph[..ph.len().min(12)]);
                if !nodes.iter().any(|n| n.id == id) {
                    let n = nodes.iter().filter(|n| n.kind == "phone").count() + 1;
                    nodes.push(Node {
                        id: id.clone(),
                        kind: "phone".into(),
                        label: format!("HP #{n}"),
                    });
                }
                edges.push((pid.clone(), id, "phone".into()));
            }
        }
        edges.sort();
        edges.dedup();
        self.audit(
            &actor.origin(),
            "person.network",
            person_id,
            &nodes.len().to_string(),
        )
        .await?;
        let svg = draw_svg(&nodes, &edges);
        Ok(Network { nodes, edges, svg })
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

    #[test]
    fn svg_escapes_labels() {
        let nodes = vec![Node {
            id: "case:1".into(),
            kind: "case".into(),
            label: "<x>".into(),
        }];
        let svg = draw_svg(&nodes, &[]);
        assert!(svg.contains("&lt;x&gt;") && svg.starts_with("<svg"));
    }
}
