//! Draws a case or person network (a typed graph from the application) as an SVG: nodes on a
//! circle, the focus in the middle, straight edges. Every label is escaped here.

use crate::i18n::Lang;
use sinergi_app::cases::network::{NetworkGraph, Node, NodeKind};
use std::collections::BTreeMap;
use std::fmt::Write as _;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The CSS class of a node kind.
pub(crate) fn class(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Case => "case",
        NodeKind::Person => "person",
        NodeKind::Phone => "phone",
        NodeKind::Agency => "agency",
        NodeKind::Applicant => "network_applicant",
        NodeKind::Watchlist => "network_watchlist",
        NodeKind::Company => "network_company",
    }
}

/// The text shown for a node in the viewer's language (phones by running number only).
pub(crate) fn label(lang: Lang, node: &Node) -> String {
    match node.kind {
        NodeKind::Phone => format!("{} #{}", lang.t("network_phone"), node.label),
        NodeKind::Case
        | NodeKind::Person
        | NodeKind::Agency
        | NodeKind::Applicant
        | NodeKind::Watchlist
        | NodeKind::Company => node.label.clone(),
    }
}

/// The SVG drawing of a graph.
pub(crate) fn draw(lang: Lang, graph: &NetworkGraph) -> String {
    let (w, h) = (720.0_f64, 520.0_f64);
    let (cx, cy, r) = (w / 2.0, h / 2.0, 200.0);
    let mut pos = BTreeMap::new();
    let n = graph.nodes.len().saturating_sub(1).max(1) as f64;
    for (i, node) in graph.nodes.iter().enumerate() {
        let p = if i == 0 {
            (cx, cy)
        } else {
            let a = (i - 1) as f64 / n * std::f64::consts::TAU;
            (cx + r * a.cos(), cy + r * a.sin())
        };
        pos.insert(node.id.as_str(), p);
    }
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\">",
        esc(lang.t("network"))
    );
    for e in &graph.edges {
        if let (Some(pa), Some(pb)) = (pos.get(e.from.as_str()), pos.get(e.to.as_str())) {
            let _ = write!(
                s,
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#888\"/>",
                pa.0, pa.1, pb.0, pb.1
            );
        }
    }
    for node in &graph.nodes {
        if let Some(p) = pos.get(node.id.as_str()) {
            let fill = match node.kind {
                NodeKind::Case => "#1f6feb",
                NodeKind::Person => "#d73a49",
                NodeKind::Phone => "#6f42c1",
                NodeKind::Agency => "#2da44e",
                NodeKind::Applicant => "#bf8700",
                NodeKind::Watchlist => "#24292f",
                NodeKind::Company => "#0a7ea4",
            };
            let _ = write!(
                s,
                "<g class=\"node {}\"><circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"14\" fill=\"{fill}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\">{}</text></g>",
                class(node.kind),
                p.0,
                p.1,
                p.0,
                p.1 + 26.0,
                esc(&label(lang, node))
            );
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_escapes_labels() {
        let graph = NetworkGraph {
            nodes: vec![Node {
                id: "case:1".into(),
                kind: NodeKind::Case,
                label: "<x>\"'".into(),
            }],
            edges: vec![],
            case_id: "1".into(),
            break_glass_until: None,
        };
        let svg = draw(Lang::default(), &graph);
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("&lt;x&gt;&quot;&#39;") && !svg.contains("<x>"));
    }
}
