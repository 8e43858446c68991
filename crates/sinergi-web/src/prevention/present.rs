//! Typed screening values into what people read: translation keys of codes, links built from
//! typed targets, hit descriptions, NIK notes and list lines. Nothing below the web layer knows
//! a route or a sentence; this is where they are made.

use crate::i18n::Lang;
use sinergi_app::App;
use sinergi_domain::clock::{format_wib, from_millis};
use sinergi_domain::dates::format_id;
use sinergi_domain::nik::Sex;
use sinergi_domain::prevention::{
    Applicant, ApplicationStatus, Decision, Document, Evidence, Hit, HitAbout, HitTarget, NikNote,
    Purpose, ReferralStatus, RiskBand, Verdict, WatchlistKind, WatchlistStatus,
};

/// The page of an application.
pub(crate) fn applicant_href(id: &str) -> String {
    format!("/prevention/{id}")
}

/// The page a hit's target has, if the screening office may open one.
pub(crate) fn target_href(t: &HitTarget) -> Option<String> {
    match t {
        HitTarget::Applicant { id } => Some(applicant_href(id)),
        HitTarget::CasePerson {
            case_id: Some(c), ..
        } => Some(format!("/kasus/{c}")),
        HitTarget::CasePerson { case_id: None, .. }
        | HitTarget::Watchlist { .. }
        | HitTarget::Person { .. }
        | HitTarget::RecruiterPhone { .. } => None,
    }
}

/// A stable kind name of a target (page attributes and the API).
pub(crate) fn target_kind(t: &HitTarget) -> &'static str {
    match t {
        HitTarget::Watchlist { .. } => "watchlist",
        HitTarget::Applicant { .. } => "applicant",
        HitTarget::Person { .. } => "person",
        HitTarget::CasePerson { .. } => "case_person",
        HitTarget::RecruiterPhone { .. } => "recruiter_phone",
    }
}

/// Translation key of a status.
pub(crate) fn status_key(s: ApplicationStatus) -> &'static str {
    match s {
        ApplicationStatus::New => "status_new",
        ApplicationStatus::Issued => "status_issued",
        ApplicationStatus::Deferred => "status_deferred",
        ApplicationStatus::Refused => "status_refused",
        ApplicationStatus::Lapsed => "status_lapsed",
    }
}

/// Translation key of a purpose.
pub(crate) fn purpose_key(p: Purpose) -> &'static str {
    match p {
        Purpose::Tourism => "purpose_tourism",
        Purpose::UmrahHajj => "purpose_umrah_hajj",
        Purpose::VisitFamily => "purpose_visit_family",
        Purpose::Study => "purpose_study",
        Purpose::Work => "purpose_work",
        Purpose::Other => "purpose_other",
    }
}

/// Translation key of a risk band.
pub(crate) fn band_key(b: RiskBand) -> &'static str {
    match b {
        RiskBand::Low => "band_low",
        RiskBand::Medium => "band_medium",
        RiskBand::High => "band_high",
    }
}

/// Translation key of a decision.
pub(crate) fn decision_key(d: Decision) -> &'static str {
    match d {
        Decision::Issue => "decision_issue",
        Decision::Defer => "decision_defer",
        Decision::Refuse => "decision_refuse",
    }
}

/// Translation key of a verdict on a hit.
pub(crate) fn verdict_key(v: Verdict) -> &'static str {
    match v {
        Verdict::Confirmed => "verdict_confirmed",
        Verdict::FalseMatch => "verdict_false_match",
    }
}

/// Translation key of a watchlist kind.
pub(crate) fn watchlist_kind_key(k: WatchlistKind) -> &'static str {
    match k {
        WatchlistKind::Person => "watchlist_kind_person",
        WatchlistKind::Recruiter => "watchlist_kind_recruiter",
    }
}

/// Translation key of a watchlist status.
pub(crate) fn watchlist_status_key(s: WatchlistStatus) -> &'static str {
    match s {
        WatchlistStatus::Proposed => "watchlist_status_proposed",
        WatchlistStatus::Active => "watchlist_status_active",
        WatchlistStatus::RemovalProposed => "watchlist_status_removal_proposed",
        WatchlistStatus::Removed => "watchlist_status_removed",
    }
}

/// Translation key of a referral status.
pub(crate) fn referral_status_key(s: ReferralStatus) -> &'static str {
    match s {
        ReferralStatus::Open => "referral_status_open",
        ReferralStatus::Done => "referral_status_done",
    }
}

/// Documents in words, comma separated.
pub(crate) fn documents_text(lang: Lang, docs: &[Document]) -> String {
    if docs.is_empty() {
        return "–".into();
    }
    docs.iter()
        .map(|d| lang.label("document", d.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A sex as written on the forms.
pub(crate) fn sex_text(s: Option<Sex>) -> String {
    s.map_or_else(|| "–".into(), |s| s.code().to_string())
}

/// A destination country by name in the page's language ("TW" → "Taiwan"); a code the table
/// does not know is shown as written.
pub(crate) fn destination_text(lang: Lang, code: &str) -> String {
    sinergi_domain::country::country_name(code, lang.is_id())
        .map(str::to_string)
        .unwrap_or_else(|| code.to_string())
}

/// A date as dd/mm/yyyy, or a dash.
pub(crate) fn date_text(d: Option<time::Date>) -> String {
    d.map_or_else(|| "–".into(), format_id)
}

/// One field's match evidence in words for a page, e.g. "Nama lengkap: satu salah ketik (+7,2)".
pub(crate) fn evidence_words(lang: Lang, e: &Evidence) -> String {
    let slug: String = e
        .level
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect::<String>()
        .split('_')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    let field = lang.label("match_field", &e.field);
    let level = lang.label("match_level", &slug);
    match e.bits {
        Some(b) => {
            let n = format!("{b:+.1}");
            let n = if lang.is_id() { n.replace('.', ",") } else { n };
            format!("{field}: {level} ({n})")
        }
        None => format!("{field}: {level}"),
    }
}

/// One field's match evidence for the API, e.g. `full_name=one typo(+7.2)`.
pub(crate) fn evidence_text(e: &Evidence) -> String {
    match e.bits {
        Some(b) => format!("{}={}({b:+.1})", e.field, e.level),
        None => format!("{}={}", e.field, e.level),
    }
}

/// A NIK note in the reader's language.
pub(crate) fn nik_note_text(lang: Lang, n: &NikNote) -> String {
    let iso = |s: &str| {
        time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
            .map_or_else(|_| s.to_string(), format_id)
    };
    match n {
        NikNote::BirthDate { nik, stated } => format!(
            "{}: {} ≠ {}",
            lang.t("nik_note_birth_date"),
            iso(nik),
            iso(stated)
        ),
        NikNote::Sex { nik, stated } => format!(
            "{}: {} ≠ {}",
            lang.t("nik_note_sex"),
            nik.code(),
            stated.code()
        ),
        NikNote::Region { nik, stated } => {
            format!("{}: {nik} ≠ {stated}", lang.t("nik_note_region"))
        }
    }
}

/// What a matched record is, in the reader's language (agency names as in force today).
pub(crate) async fn about_text(app: &App, lang: Lang, about: &HitAbout) -> String {
    match about {
        HitAbout::Listed { kind, reason } => {
            format!("{}: {reason}", lang.t(watchlist_kind_key(*kind)))
        }
        HitAbout::Application {
            office,
            status,
            destination,
        } => format!(
            "{} · {} · {}",
            app.agency_name_today(office).await,
            lang.t(status_key(*status)),
            destination_text(lang, destination)
        ),
        HitAbout::Record { source } => source.clone(),
        HitAbout::InCase {
            role,
            lead_agency,
            case_number,
        } => {
            let role = lang.label("person_role", role.code());
            let lead = app.agency_name_today(lead_agency).await;
            match case_number {
                Some(n) => format!("{n} · {role} · {lead}"),
                None => format!("{role} · {lead}"),
            }
        }
        HitAbout::Earlier { label } => label.clone(),
    }
}

/// One hit as the page shows it.
pub(crate) struct HitLine {
    /// The target's key (the verdict form sends it back).
    pub(crate) key: String,
    /// Stable kind name (a page attribute).
    pub(crate) kind: &'static str,
    pub(crate) name: String,
    pub(crate) about: String,
    pub(crate) percent: String,
    pub(crate) link: Option<String>,
    pub(crate) verdict: Option<&'static str>,
    pub(crate) evidence: Vec<String>,
}

/// The hits of a screening as lines.
pub(crate) async fn hit_lines(app: &App, lang: Lang, hits: &[Hit]) -> Vec<HitLine> {
    let mut out = Vec::with_capacity(hits.len());
    for h in hits {
        out.push(HitLine {
            key: h.target.key(),
            kind: target_kind(&h.target),
            name: h.name.clone(),
            about: about_text(app, lang, &h.about).await,
            percent: format!("{:.0}", h.probability * 100.0),
            link: target_href(&h.target),
            verdict: h.verdict.map(|v| lang.t(verdict_key(v))),
            evidence: h.evidence.iter().map(|e| evidence_words(lang, e)).collect(),
        });
    }
    out
}

/// One application in a list.
pub(crate) struct Line {
    pub(crate) href: String,
    pub(crate) name: String,
    pub(crate) office: String,
    pub(crate) purpose: &'static str,
    pub(crate) destination: String,
    pub(crate) status: &'static str,
    pub(crate) score: String,
    pub(crate) at: String,
}

/// Applications as list lines.
pub(crate) async fn lines(app: &App, lang: Lang, list: &[Applicant]) -> Vec<Line> {
    let mut out = Vec::with_capacity(list.len());
    for a in list {
        out.push(Line {
            href: applicant_href(&a.id),
            name: a.full_name.clone(),
            office: app.agency_name_today(&a.office_code).await,
            purpose: lang.t(purpose_key(a.purpose)),
            destination: destination_text(lang, &a.destination),
            status: lang.t(status_key(a.status)),
            score: a
                .screening
                .as_ref()
                .map_or_else(|| "–".into(), |s| s.score.total.to_string()),
            at: format_wib(from_millis(a.created_at)),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_come_from_typed_targets_and_need_to_know() {
        assert_eq!(
            target_href(&HitTarget::Applicant { id: "a1".into() }).as_deref(),
            Some("/prevention/a1")
        );
        assert_eq!(
            target_href(&HitTarget::CasePerson {
                id: "p".into(),
                case_id: Some("c1".into())
            })
            .as_deref(),
            Some("/kasus/c1")
        );
        assert_eq!(
            target_href(&HitTarget::CasePerson {
                id: "p".into(),
                case_id: None
            }),
            None
        );
        assert_eq!(target_href(&HitTarget::Watchlist { id: "w".into() }), None);
    }

    #[test]
    fn every_code_has_a_translation() {
        let mut keys = vec![
            band_key(RiskBand::Low),
            band_key(RiskBand::Medium),
            band_key(RiskBand::High),
        ];
        keys.extend(ApplicationStatus::ALL.iter().map(|s| status_key(*s)));
        keys.extend(
            WatchlistStatus::ALL
                .iter()
                .map(|s| watchlist_status_key(*s)),
        );
        keys.extend(WatchlistKind::ALL.iter().map(|s| watchlist_kind_key(*s)));
        keys.extend(ReferralStatus::ALL.iter().map(|s| referral_status_key(*s)));
        keys.extend(Verdict::ALL.iter().map(|s| verdict_key(*s)));
        keys.extend(["nik_note_birth_date", "nik_note_sex", "nik_note_region"]);
        for k in keys {
            assert_ne!(Lang::Id.t(k), k, "no Indonesian text for {k}");
            assert_ne!(Lang::En.t(k), k, "no English text for {k}");
        }
        for r in sinergi_domain::cases::PersonRole::ALL {
            assert_ne!(
                Lang::Id.label("person_role", r.code()),
                Lang::Id.t("label_missing")
            );
        }
    }
}
