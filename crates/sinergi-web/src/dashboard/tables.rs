//! The tables of a dashboard in the reader's language: what the page shows under each chart and
//! what the CSV download holds, cell for cell (masked cells read "<5" in both).

use crate::i18n::Lang;
use sinergi_app::dashboard::{Area, Cell, Dashboard, Median};
use sinergi_domain::region;

/// One table: its stable id (the CSV's name), translated title, headers and text cells.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub(crate) id: &'static str,
    pub(crate) title: &'static str,
    pub(crate) headers: Vec<&'static str>,
    pub(crate) rows: Vec<Vec<String>>,
}

/// Every table id, in page order.
pub(crate) const TABLE_IDS: [&str; 11] = [
    "tren",
    "wilayah",
    "corong",
    "penundaan",
    "laporan_jenis",
    "laporan_status",
    "perkara_jenis",
    "tahap",
    "layanan",
    "rujukan",
    "tindak_lanjut",
];

/// A count as text: the number, "<5" when masked, "×" when hidden to protect a masked cell.
pub(crate) fn count(c: Cell) -> String {
    match c {
        Cell::Count(n) => n.to_string(),
        Cell::Small => "<5".to_string(),
        Cell::Hidden => "×".to_string(),
    }
}

/// A number of days: whole when whole, else one decimal with the language's separator.
pub(crate) fn days(value: f64, lang: Lang) -> String {
    let text = if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    };
    if lang.is_id() {
        text.replace('.', ",")
    } else {
        text
    }
}

/// A median as text: days, "masked" or a dash.
pub(crate) fn median(m: Median, lang: Lang) -> String {
    match m {
        Median::None => "–".to_string(),
        Median::Small => lang.t("dash_masked").to_string(),
        Median::Days { value, .. } => days(value, lang),
    }
}

/// The short name of a month with its year (`Jan 2026`).
pub(crate) fn month_label(year: i32, month: u8, lang: Lang) -> String {
    let name = lang
        .t("dash_months")
        .split(' ')
        .nth(usize::from(month.saturating_sub(1)))
        .unwrap_or("");
    format!("{name} {year}")
}

/// The name of an area of the breakdown.
pub(crate) fn area_label(area: Area, lang: Lang) -> String {
    let name = |c| region::lookup(c).map(|r| r.name()).unwrap_or("");
    match area {
        Area::Region(c) => name(c).to_string(),
        Area::Above(c) => format!("{} ({})", name(c), lang.t("dash_area_above")),
        Area::Unrecorded => lang.t("dash_area_unrecorded").to_string(),
    }
}

fn pairs<T>(items: &[(T, Cell)], label: impl Fn(&T) -> String) -> Vec<Vec<String>> {
    items
        .iter()
        .map(|(k, c)| vec![label(k), count(*c)])
        .collect()
}

/// Every table of the dashboard, in [`TABLE_IDS`] order.
pub(crate) fn tables(d: &Dashboard, lang: Lang) -> Vec<Table> {
    let two = |id, title, first| Table {
        id,
        title: lang.t(title),
        headers: vec![lang.t(first), lang.t("dash_col_count")],
        rows: Vec::new(),
    };
    let mut out = Vec::new();
    out.push(Table {
        id: "tren",
        title: lang.t("dash_trend"),
        headers: vec![
            lang.t("dash_col_month"),
            lang.t("dash_col_applicants"),
            lang.t("dash_col_tips"),
            lang.t("dash_col_cases"),
            lang.t("dash_col_outreach"),
        ],
        rows: d
            .months
            .iter()
            .map(|m| {
                vec![
                    month_label(m.year, m.month, lang),
                    count(m.applicants),
                    count(m.tips),
                    count(m.cases),
                    m.outreach_events.to_string(),
                ]
            })
            .collect(),
    });
    out.push(Table {
        id: "wilayah",
        title: lang.t("dash_regions"),
        headers: vec![
            lang.t("dash_col_region"),
            lang.t("dash_col_applicants"),
            lang.t("dash_col_deferred"),
            lang.t("dash_col_tips"),
            lang.t("dash_col_cases"),
            lang.t("dash_col_assisted"),
            lang.t("dash_col_outreach"),
        ],
        rows: d
            .regions
            .iter()
            .map(|r| {
                vec![
                    area_label(r.area, lang),
                    count(r.applicants),
                    count(r.deferred),
                    count(r.tips),
                    count(r.cases),
                    count(r.assisted),
                    r.outreach_events.to_string(),
                ]
            })
            .collect(),
    });
    out.push(Table {
        id: "corong",
        title: lang.t("dash_funnel"),
        headers: vec![
            lang.t("dash_col_step"),
            lang.t("dash_col_count"),
            lang.t("dash_col_median"),
        ],
        rows: d
            .funnel
            .iter()
            .map(|s| {
                vec![
                    lang.label("dash_step", s.stage.code()).to_string(),
                    count(s.count),
                    median(s.median_days, lang),
                ]
            })
            .collect(),
    });
    let mut t = two("penundaan", "dash_deferrals", "dash_col_outcome");
    t.rows = pairs(&d.deferral_outcomes, |s| {
        lang.label("dash_outcome", s.code()).to_string()
    });
    out.push(t);
    let mut t = two("laporan_jenis", "dash_tips_kind", "dash_col_kind");
    t.rows = pairs(&d.tips_by_kind, |k| {
        lang.label("dash_kind", k.map(|k| k.code()).unwrap_or("other"))
            .to_string()
    });
    out.push(t);
    let mut t = two("laporan_status", "dash_tips_status", "dash_col_status");
    t.rows = pairs(&d.tips_by_status, |s| {
        lang.label("tip_status", s.code()).to_string()
    });
    out.push(t);
    let mut t = two("perkara_jenis", "dash_cases_kind", "dash_col_kind");
    t.rows = pairs(&d.cases_by_kind, |k| {
        lang.label("dash_kind", k.code()).to_string()
    });
    out.push(t);
    let mut t = two("tahap", "dash_stages", "dash_col_stage");
    t.rows = pairs(&d.suspects_by_stage, |s| {
        lang.label("dash_stage", s.map(|s| s.code()).unwrap_or("none"))
            .to_string()
    });
    out.push(t);
    let mut t = two("layanan", "dash_services", "dash_col_service");
    t.rows = pairs(&d.assisted_by_service, |s| {
        lang.label("dash_service", s.code()).to_string()
    });
    out.push(t);
    let mut t = two("rujukan", "dash_overdue_referrals", "dash_col_agency");
    t.rows = pairs(&d.overdue_referrals_by_agency, String::clone);
    out.push(t);
    let mut t = two("tindak_lanjut", "dash_overdue_actions", "dash_col_agency");
    t.rows = pairs(&d.overdue_actions_by_agency, String::clone);
    out.push(t);
    out
}

/// A header and rows as CSV (RFC 4180, CRLF), for the dashboard's tables and every list
/// download ([`crate::exports`]). A cell that a spreadsheet would read as a formula (starting
/// with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading apostrophe.
pub(crate) fn csv_rows(header: &[String], rows: &[Vec<String>]) -> String {
    fn cell(out: &mut String, text: &str) {
        let neutral = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{text}")
        } else {
            text.to_string()
        };
        if neutral.contains([',', '"', '\n', '\r', ';']) {
            out.push('"');
            out.push_str(&neutral.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&neutral);
        }
    }
    let mut out = String::new();
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        for (i, text) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            cell(&mut out, text);
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sinergi_domain::cases::CaseKind;
    use sinergi_domain::cases::assistance::Service;
    use sinergi_domain::cases::legal::Stage;
    use sinergi_domain::cases::tip::TipStatus;
    use sinergi_domain::prevention::ApplicationStatus;

    #[test]
    fn formula_cells_are_neutralised_and_quoted() {
        let t = Table {
            id: "x",
            title: "x",
            headers: vec!["Lembaga", "Jumlah"],
            rows: vec![
                vec!["=HYPERLINK(\"http://x\")".into(), "3".into()],
                vec!["+62 812".into(), "-1".into()],
                vec!["@SUM(A1)".into(), "<5".into()],
                vec!["Polres, Malang".into(), "7".into()],
            ],
        };
        let header: Vec<String> = t.headers.iter().map(|h| (*h).to_string()).collect();
        let text = csv_rows(&header, &t.rows);
        assert_eq!(
            text,
            "Lembaga,Jumlah\r\n\"'=HYPERLINK(\"\"http://x\"\")\",3\r\n'+62 812,'-1\r\n\
             '@SUM(A1),<5\r\n\"Polres, Malang\",7\r\n"
        );
    }

    #[test]
    fn every_code_shown_has_a_label_in_both_languages() {
        let mut keys = vec!["dash_kind_other".to_string(), "dash_stage_none".to_string()];
        keys.extend(
            CaseKind::ALL
                .iter()
                .map(|k| format!("dash_kind_{}", k.code())),
        );
        keys.extend(
            Stage::ALL
                .iter()
                .map(|s| format!("dash_stage_{}", s.code())),
        );
        keys.extend(
            Service::ALL
                .iter()
                .map(|s| format!("dash_service_{}", s.code())),
        );
        keys.extend(
            TipStatus::ALL
                .iter()
                .map(|s| format!("tip_status_{}", s.code())),
        );
        keys.extend(
            [
                ApplicationStatus::Deferred,
                ApplicationStatus::Issued,
                ApplicationStatus::Refused,
                ApplicationStatus::Lapsed,
            ]
            .iter()
            .map(|s| format!("dash_outcome_{}", s.code())),
        );
        keys.extend(
            ["tip", "case", "charged", "verdict"]
                .iter()
                .map(|s| format!("dash_step_{s}")),
        );
        for k in keys {
            let (id, en) = crate::i18n::lookup(&k).unwrap_or_else(|| panic!("no label {k}"));
            assert!(!id.is_empty() && !en.is_empty(), "{k}");
        }
        assert_eq!(month_label(2026, 8, Lang::Id), "Agu 2026");
        assert_eq!(month_label(2026, 8, Lang::En), "Aug 2026");
        assert_eq!(days(6.0, Lang::Id), "6");
        assert_eq!(days(6.5, Lang::Id), "6,5");
        assert_eq!(days(6.5, Lang::En), "6.5");
    }
}
