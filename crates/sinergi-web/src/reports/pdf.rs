//! The task-force report as a PDF, with `sinergi-pdf`: a title block, then each section's
//! heading, note and tables (figures flush right), page numbers in the footer.

use super::ReportView;
use crate::i18n::Lang;
use sinergi_pdf::{Document, Style, Table};

/// The PDF file of a report view.
pub(crate) fn render(v: &ReportView, lang: Lang) -> Vec<u8> {
    let mut doc = Document::new(&format!("{} {} {}", v.title, v.region_name, v.year));
    doc.with_footer(&format!(
        "{} {} {} · {} {{page}} {} {{pages}}",
        v.title,
        v.region_name,
        v.year,
        lang.t("rep_page"),
        lang.t("rep_page_of")
    ));
    doc.paragraph(
        &v.title,
        Style::body().size(16.0).bold().center().space_after(2.0),
    )
    .paragraph(
        &format!("{} {}", v.region_name, v.year),
        Style::body().size(13.0).bold().center().space_after(4.0),
    )
    .paragraph(
        &format!(
            "{} {} · {} {}",
            lang.t("rep_period"),
            v.period,
            lang.t("rep_made_on"),
            v.made_on
        ),
        Style::body().size(9.0).center(),
    )
    .letterhead_rule();
    if v.small_cells {
        doc.paragraph(lang.t("dash_small_note_rows"), Style::body().size(9.0));
    }
    for s in &v.sections {
        doc.subheading(lang.t(s.heading));
        if let Some(note) = s.note {
            doc.paragraph(lang.t(note), Style::body().size(9.0));
        }
        for t in &s.tables {
            if s.tables.len() > 1 || t.title != lang.t(s.heading) {
                doc.paragraph(t.title, Style::body().bold().size(10.0).space_after(3.0));
            }
            if t.rows.is_empty() {
                doc.paragraph(lang.t("dash_none"), Style::body().size(9.0));
                continue;
            }
            let n = t.headers.len();
            let mut widths = vec![1.0; n];
            if let Some(first) = widths.first_mut() {
                *first = if n > 3 { 1.6 } else { 3.0 };
            }
            let mut table = Table::new(t.headers.iter().map(|h| h.to_string()).collect(), widths);
            for i in 1..n {
                table = table.right_aligned(i);
            }
            for row in &t.rows {
                table = table.row(row.clone());
            }
            doc.table(table);
        }
    }
    doc.to_bytes()
}
