//! Clustering of scored pairs into entities without chaining.
//!
//! Plain connected components chain people together: A~B and B~C put A and C
//! in one cluster even when A and C were compared and clearly differ (common
//! Javanese names make such chains grow into giant clusters). Here links are
//! taken strongest first, and two clusters merge only when
//! - no exclusive identifier disagrees (two different valid NIKs never share a
//!   cluster; values one typo apart count as the same), and
//! - the average probability over all pairs compared between the two clusters
//!   is at least one half (average linkage over the observed pairs), so a
//!   compared non-match vetoes the chain.

use crate::standardise::id::StdId;
use crate::standardise::text::damerau_within;

/// A scored pair of record indices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// First record.
    pub a: u32,
    /// Second record.
    pub b: u32,
    /// Match probability.
    pub p: f32,
}

/// Per-record exclusive identifiers: `(field, value)` of each valid one.
pub type Exclusive = Vec<(u8, StdId)>;

fn conflict(x: &Exclusive, y: &Exclusive) -> bool {
    // A typo anywhere (the serial included) is tolerated here: the pair was
    // already linked on other evidence, and a serial typo must not split a person.
    let same =
        |a: &StdId, b: &StdId| a.value == b.value || damerau_within(&a.value, &b.value, 1) <= 1;
    x.iter().any(|(f, _)| {
        let mut ys = y.iter().filter(|(g, _)| g == f).peekable();
        ys.peek().is_some()
            && !x
                .iter()
                .filter(|(g, _)| g == f)
                .any(|(_, vx)| y.iter().filter(|(g, _)| g == f).any(|(_, vy)| same(vx, vy)))
    })
}

struct Dsu {
    parent: Vec<u32>,
}

impl Dsu {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }
}

/// Clusters `n` records. `edges` are all compared pairs (any probability; the
/// low ones are the evidence against chaining); pairs at or above `threshold`
/// are links. Returns a cluster number per record (the smallest record index in
/// the cluster).
pub fn cluster(n: usize, edges: &[Edge], threshold: f32, exclusive: &[Exclusive]) -> Vec<u32> {
    // Adjacency (CSR) of all compared pairs.
    let mut deg = vec![0u32; n + 1];
    for e in edges {
        deg[e.a as usize] += 1;
        deg[e.b as usize] += 1;
    }
    let mut offs = vec![0usize; n + 1];
    for i in 0..n {
        offs[i + 1] = offs[i] + deg[i] as usize;
    }
    let mut fill = offs.clone();
    let mut adj: Vec<(u32, f32)> = vec![(0, 0.0); offs[n]];
    for e in edges {
        adj[fill[e.a as usize]] = (e.b, e.p);
        fill[e.a as usize] += 1;
        adj[fill[e.b as usize]] = (e.a, e.p);
        fill[e.b as usize] += 1;
    }
    let mut links: Vec<&Edge> = edges.iter().filter(|e| e.p >= threshold).collect();
    links.sort_unstable_by(|x, y| y.p.total_cmp(&x.p).then(x.a.cmp(&y.a)).then(x.b.cmp(&y.b)));
    let mut dsu = Dsu {
        parent: (0..n as u32).collect(),
    };
    let mut members: Vec<Vec<u32>> = (0..n as u32).map(|i| vec![i]).collect();
    let mut ids: Vec<Exclusive> = exclusive.to_vec();
    ids.resize(n, Vec::new());
    for e in links {
        let (ra, rb) = (dsu.find(e.a), dsu.find(e.b));
        if ra == rb {
            continue;
        }
        if conflict(&ids[ra as usize], &ids[rb as usize]) {
            continue;
        }
        let (small, big) = if members[ra as usize].len() <= members[rb as usize].len() {
            (ra, rb)
        } else {
            (rb, ra)
        };
        if members[small as usize].len() > 1 || members[big as usize].len() > 1 {
            let (mut sum, mut count) = (0.0f64, 0u32);
            let small_members = std::mem::take(&mut members[small as usize]);
            for &m in &small_members {
                for &(nb, p) in &adj[offs[m as usize]..offs[m as usize + 1]] {
                    if dsu.find(nb) == big {
                        sum += f64::from(p);
                        count += 1;
                    }
                }
            }
            members[small as usize] = small_members;
            if count > 0 && sum / f64::from(count) < 0.5 {
                continue;
            }
        }
        dsu.parent[small as usize] = big;
        let moved = std::mem::take(&mut members[small as usize]);
        members[big as usize].extend(moved);
        let moved_ids = std::mem::take(&mut ids[small as usize]);
        for id in moved_ids {
            if !ids[big as usize].contains(&id) {
                ids[big as usize].push(id);
            }
        }
    }
    let mut label = vec![u32::MAX; n];
    let mut out = vec![0u32; n];
    for i in 0..n as u32 {
        let r = dsu.find(i) as usize;
        if label[r] == u32::MAX {
            label[r] = i;
        }
        out[i as usize] = label[r];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(a: u32, b: u32, p: f32) -> Edge {
        Edge { a, b, p }
    }

    #[test]
    fn compared_non_match_stops_a_chain() {
        // 0~1 and 1~2 are links, but 0 and 2 were compared and differ.
        let edges = [e(0, 1, 0.99), e(1, 2, 0.95), e(0, 2, 0.01)];
        let c = cluster(3, &edges, 0.9, &[]);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[1], c[2]);
        // Without the evidence against it, the chain is kept.
        let c = cluster(3, &edges[..2], 0.9, &[]);
        assert_eq!(c[0], c[2]);
    }

    #[test]
    fn two_valid_niks_never_share_a_cluster() {
        let nik = |s: &str| {
            let id = crate::standardise::id::parse(s, crate::standardise::id::IdScheme::Nik);
            id.map(|i| vec![(0u8, i)]).unwrap_or_default()
        };
        let ex = vec![nik("3507010101900001"), vec![], nik("3507010101910777")];
        let edges = [e(0, 1, 0.99), e(1, 2, 0.99)];
        let c = cluster(3, &edges, 0.9, &ex);
        assert_ne!(c[0], c[2]);
        // One typo apart is the same NIK written wrongly.
        let ex = vec![nik("3507010101900001"), vec![], nik("3507010101900007")];
        let c = cluster(3, &edges, 0.9, &ex);
        assert_eq!(c[0], c[2]);
    }
}
