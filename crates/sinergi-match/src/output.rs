//! Writing results as CSV: clusters, scored pairs with their explanation,
//! screening hits, and the input issues.

use crate::input::InputIssue;
use crate::pipeline::LinkResult;
use crate::record::Record;
use crate::screen::Hit;
use std::io::Write;

/// Writes `id,cluster_id` for every record (singletons too). The cluster id is
/// the id of the cluster's first record.
pub fn write_clusters<W: Write>(w: W, records: &[Record], result: &LinkResult) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(["id", "cluster_id"])?;
    for (i, r) in records.iter().enumerate() {
        let c = result.clusters.get(i).map_or(i, |c| *c as usize);
        out.write_record([&*r.id, &*records[c].id])?;
    }
    out.flush()?;
    Ok(())
}

/// Writes `left_id,right_id,probability,explanation` for the linked pairs.
pub fn write_pairs<W: Write>(
    w: W,
    left: &[Record],
    right: &[Record],
    result: &LinkResult,
) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(["left_id", "right_id", "probability", "explanation"])?;
    for p in &result.pairs {
        let (a, b) = (&left[p.left as usize], &right[p.right as usize]);
        let e = result.model.explain(a, b);
        out.write_record([
            &*a.id,
            &*b.id,
            &format!("{:.6}", p.probability),
            &e.to_string(),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// Writes `query_id,rank,entry_id,score,explanation`.
pub fn write_hits<W: Write>(w: W, hits: &[(Box<str>, Vec<Hit>)]) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(["query_id", "rank", "entry_id", "score", "explanation"])?;
    for (q, hs) in hits {
        for (rank, h) in hs.iter().enumerate() {
            out.write_record([
                &**q,
                &(rank + 1).to_string(),
                &h.entry_id,
                &format!("{:.6}", h.score),
                &h.explanation.to_string(),
            ])?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Writes `line,column,rejected,message` for the input issues.
pub fn write_issues<W: Write>(w: W, issues: &[InputIssue]) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(["line", "column", "rejected", "message"])?;
    for i in issues {
        out.write_record([
            i.line.to_string().as_str(),
            i.column.as_deref().unwrap_or(""),
            if i.rejected { "yes" } else { "no" },
            &i.message,
        ])?;
    }
    out.flush()?;
    Ok(())
}
