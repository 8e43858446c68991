//! Recording an application: from the officer's form, the JSON API or a day's CSV export of the
//! office system. Every field is checked with the domain parsers; identifiers are sealed before
//! they are stored; a re-imported row (same office and source id) adds nothing.

use crate::auth::Actor;
use crate::vault::Field;
use crate::{App, AppError};
use serde::Deserialize;
use sinergi_domain::access::Permission;
use sinergi_domain::clock::to_millis;
use sinergi_domain::prevention::Purpose;
use sinergi_store::prevention::ApplicantRow;

/// Codes of documents an applicant can show.
pub const DOCUMENTS: &[&str] = &[
    "ktp",
    "kartu_keluarga",
    "akta_lahir",
    "paspor_lama",
    "rekomendasi_disnaker",
    "surat_p3mi",
    "rekomendasi_kemenag",
    "surat_undangan",
    "tiket_pulang_pergi",
    "bukti_keuangan",
    "surat_sekolah",
];

/// One application as entered (all text, as forms and CSV deliver it).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ApplicationInput {
    /// Id in the office system (CSV import); empty for the form.
    pub source_ref: String,
    /// Full name.
    pub full_name: String,
    /// NIK.
    pub nik: String,
    /// Birth date in any agency form.
    pub birth_date: String,
    /// Place of birth.
    pub birth_place: String,
    /// Sex (L/P).
    pub sex: String,
    /// Address.
    pub address: String,
    /// Phone.
    pub phone: String,
    /// Passport type code (biasa, elektronik, …).
    pub passport_type: String,
    /// Purpose code.
    pub purpose: String,
    /// Destination ISO alpha-2.
    pub destination: String,
    /// Planned departure.
    pub departure_date: String,
    /// Sponsor or inviting party.
    pub sponsor_name: String,
    /// Sponsor phone.
    pub sponsor_phone: String,
    /// Employer or placement company (P3MI).
    pub agency_name: String,
    /// Earlier passport number, if any.
    pub previous_passport_no: String,
    /// Number of earlier passports.
    pub previous_passports: String,
    /// Documents shown: codes separated by commas or spaces.
    pub documents: String,
}

fn opt(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty()).then_some(t)
}

fn too_long(field: &'static str, s: &str, max: usize) -> Result<(), AppError> {
    if s.chars().count() > max {
        return Err(AppError::invalid(
            field,
            "text_too_long",
            format!("{field} is longer than {max} characters"),
        ));
    }
    Ok(())
}

impl App {
    /// Checks an input and turns it into a row (identifiers sealed). Errors name the field.
    pub(crate) fn applicant_row(
        &self,
        office: &str,
        created_by: &str,
        input: &ApplicationInput,
    ) -> Result<ApplicantRow, AppError> {
        let year = self.clock.now_wib().year();
        let full_name = opt(&input.full_name)
            .ok_or_else(|| AppError::invalid("full_name", "required", "the name is required"))?;
        too_long("full_name", full_name, 200)?;
        for (f, v) in [
            ("birth_place", &input.birth_place),
            ("address", &input.address),
            ("sponsor_name", &input.sponsor_name),
            ("agency_name", &input.agency_name),
        ] {
            too_long(f, v, 300)?;
        }
        let nik = opt(&input.nik)
            .map(|t| {
                sinergi_domain::nik::Nik::parse(t)
                    .map(|n| n.to_string())
                    .map_err(|e| AppError::invalid("nik", "nik_invalid", e.to_string()))
            })
            .transpose()?;
        let birth_date = opt(&input.birth_date)
            .map(|t| {
                sinergi_domain::dates::parse_date(t, year)
                    .map(sinergi_domain::dates::format_iso)
                    .map_err(|e| AppError::invalid("birth_date", "date_invalid", e.key()))
            })
            .transpose()?;
        let departure_date = opt(&input.departure_date)
            .map(|t| {
                sinergi_domain::dates::parse_date(t, year)
                    .map(sinergi_domain::dates::format_iso)
                    .map_err(|e| AppError::invalid("departure_date", "date_invalid", e.key()))
            })
            .transpose()?;
        let sex = opt(&input.sex)
            .map(|t| {
                t.parse::<sinergi_domain::nik::Sex>()
                    .map(|s| s.code().to_string())
                    .map_err(|_| AppError::invalid("sex", "sex_invalid", "L or P"))
            })
            .transpose()?;
        let phone = |field: &'static str, t: &str| {
            opt(t)
                .map(|t| {
                    sinergi_domain::phone::Phone::parse(t)
                        .map(|p| p.e164().to_string())
                        .map_err(|e| AppError::invalid(field, "phone_invalid", e.to_string()))
                })
                .transpose()
        };
        let own_phone = phone("phone", &input.phone)?;
        let sponsor_phone = phone("sponsor_phone", &input.sponsor_phone)?;
        let passport = opt(&input.previous_passport_no)
            .map(|t| {
                sinergi_domain::passport::PassportNumber::parse(t)
                    .map(|p| p.as_str().to_string())
                    .map_err(|e| {
                        AppError::invalid("previous_passport_no", "passport_invalid", e.to_string())
                    })
            })
            .transpose()?;
        let passport_type = sinergi_domain::passport::PassportType::parse(
            opt(&input.passport_type).unwrap_or("biasa"),
        )
        .map_err(|_| {
            AppError::invalid(
                "passport_type",
                "passport_type_invalid",
                "unknown passport type",
            )
        })?
        .code();
        let purpose = opt(&input.purpose)
            .ok_or_else(|| AppError::invalid("purpose", "required", "the purpose is required"))?
            .parse::<Purpose>()
            .map_err(|e| AppError::invalid("purpose", "purpose_invalid", e))?;
        let destination = opt(&input.destination)
            .ok_or_else(|| {
                AppError::invalid("destination", "required", "the destination is required")
            })?
            .to_ascii_uppercase();
        if destination.len() != 2 || !destination.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(AppError::invalid(
                "destination",
                "country_invalid",
                "use a two-letter country code",
            ));
        }
        let mut documents = Vec::new();
        for d in input
            .documents
            .split([',', ' ', ';'])
            .filter(|d| !d.trim().is_empty())
        {
            let d = d.trim().to_ascii_lowercase();
            if !DOCUMENTS.contains(&d.as_str()) {
                return Err(AppError::invalid(
                    "documents",
                    "document_unknown",
                    "unknown document code",
                ));
            }
            if !documents.contains(&d) {
                documents.push(d);
            }
        }
        let previous_passports = match opt(&input.previous_passports) {
            Some(t) => t
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=20).contains(n))
                .ok_or_else(|| AppError::invalid("previous_passports", "number_invalid", "0-20"))?,
            None => i64::from(passport.is_some()),
        };
        let (nik_enc, nik_idx) = self.vault.protect(Field::Nik, nik.as_deref())?;
        let (passport_enc, passport_idx) =
            self.vault.protect(Field::Passport, passport.as_deref())?;
        let (phone_enc, phone_idx) = self.vault.protect(Field::Phone, own_phone.as_deref())?;
        let (sponsor_phone_enc, sponsor_phone_idx) =
            self.vault.protect(Field::Phone, sponsor_phone.as_deref())?;
        let id = uuid::Uuid::new_v4().to_string();
        Ok(ApplicantRow {
            source_ref: opt(&input.source_ref).map_or_else(|| id.clone(), str::to_string),
            id,
            office_code: office.to_string(),
            created_at: to_millis(self.clock.now()),
            created_by: created_by.to_string(),
            full_name: full_name.to_string(),
            birth_date,
            sex,
            birth_place: opt(&input.birth_place).map(str::to_string),
            address: opt(&input.address).map(str::to_string),
            region_code: nik
                .as_deref()
                .and_then(|n| sinergi_domain::nik::Nik::parse(n).ok())
                .map(|n| n.region_code().to_string()),
            nik_enc,
            nik_idx,
            passport_enc,
            passport_idx,
            phone_enc,
            phone_idx,
            passport_type: passport_type.to_string(),
            purpose: purpose.code().to_string(),
            destination,
            departure_date,
            sponsor_name: opt(&input.sponsor_name).map(str::to_string),
            sponsor_phone_enc,
            sponsor_phone_idx,
            agency_name: opt(&input.agency_name).map(str::to_string),
            documents: documents.join(","),
            previous_passports,
            work_type: None,
            work_intent: 0,
            job_offer: 0,
            interview_notes: String::new(),
            status: "new".into(),
            ..ApplicantRow::default()
        })
    }

    /// Records one application at the actor's office and screens it at once.
    pub async fn record_application(
        &self,
        actor: &Actor,
        input: &ApplicationInput,
    ) -> Result<String, AppError> {
        actor.require(Permission::ScreenApplicants)?;
        let row = self.applicant_row(&actor.user.agency_code, &actor.user.id, input)?;
        self.ensure_prevention_index().await?;
        self.atomically(async |app| {
            if !app.store.insert_applicant(&row).await? {
                return Err(AppError::Conflict("applicant_exists"));
            }
            app.audit(
                &actor.origin(),
                "applicant.create",
                &row.id,
                &row.office_code,
            )
            .await?;
            app.screen_applicant(actor, &row.id).await?;
            Ok(row.id.clone())
        })
        .await
    }

    /// Imports a day's applications (CSV with the [`ApplicationInput`] field names as columns;
    /// `id` is the office system's id). Bad rows are reported by line and column; the others are
    /// stored (and screened when opened); re-running adds nothing.
    pub async fn import_applications(
        &self,
        actor: &Actor,
        csv_text: impl std::io::Read,
    ) -> Result<crate::import::ImportReport, AppError> {
        actor.require(Permission::ScreenApplicants)?;
        let mut report = crate::import::ImportReport::default();
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(csv_text);
        let headers = reader
            .headers()
            .map_err(|e| AppError::invalid("header", "csv_unreadable", format!("line 1: {e}")))?
            .clone();
        if !headers.iter().any(|h| h.trim() == "full_name") {
            return Err(AppError::invalid(
                "header",
                "csv_missing_column",
                "line 1: the header has no `full_name` column",
            ));
        }
        let mut record = csv::StringRecord::new();
        let mut new_ids = Vec::new();
        loop {
            let line = reader.position().line();
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    report.rows_read += 1;
                    report.errors.push(crate::import::RowError {
                        line: e.position().map_or(line, |p| p.line()),
                        column: "-".into(),
                        message: "malformed CSV record".into(),
                    });
                    continue;
                }
            }
            report.rows_read += 1;
            let line = record.position().map_or(line, |p| p.line());
            if record.len() != headers.len() {
                report.errors.push(crate::import::RowError {
                    line,
                    column: "-".into(),
                    message: format!(
                        "has {} fields, the header has {}",
                        record.len(),
                        headers.len()
                    ),
                });
                continue;
            }
            let get = |name: &str| {
                headers
                    .iter()
                    .position(|h| h.trim() == name)
                    .and_then(|i| record.get(i))
                    .unwrap_or("")
                    .to_string()
            };
            let input = ApplicationInput {
                source_ref: get("id"),
                full_name: get("full_name"),
                nik: get("nik"),
                birth_date: get("birth_date"),
                birth_place: get("birth_place"),
                sex: get("sex"),
                address: get("address"),
                phone: get("phone"),
                passport_type: get("passport_type"),
                purpose: get("purpose"),
                destination: get("destination"),
                departure_date: get("departure_date"),
                sponsor_name: get("sponsor_name"),
                sponsor_phone: get("sponsor_phone"),
                agency_name: get("agency_name"),
                previous_passport_no: get("previous_passport_no"),
                previous_passports: get("previous_passports"),
                documents: get("documents"),
            };
            if input.source_ref.trim().is_empty() {
                report.errors.push(crate::import::RowError {
                    line,
                    column: "id".into(),
                    message: "is empty".into(),
                });
                continue;
            }
            match self.applicant_row(&actor.user.agency_code, &actor.user.id, &input) {
                Ok(row) => {
                    if self.store.insert_applicant(&row).await? {
                        report.added += 1;
                        new_ids.push(row.id);
                    } else {
                        report.already_present += 1;
                    }
                }
                Err(AppError::Invalid { field, reason, .. }) => {
                    report.errors.push(crate::import::RowError {
                        line,
                        column: field.to_string(),
                        message: reason,
                    })
                }
                Err(e) => return Err(e),
            }
        }
        // Imported applications are screened when an officer opens them (or by
        // `screen_pending`), so a day's file imports in seconds.
        let _ = new_ids;
        self.audit(
            &actor.origin(),
            "applicant.import",
            &actor.user.agency_code,
            &format!(
                "read={} added={} errors={}",
                report.rows_read,
                report.added,
                report.errors.len()
            ),
        )
        .await?;
        Ok(report)
    }

    /// Screens an application that was imported but not screened yet; no-op otherwise.
    pub async fn screen_if_pending(&self, actor: &Actor, id: &str) -> Result<(), AppError> {
        if actor.can(Permission::ScreenApplicants)
            && let Some(a) = self.store.applicant(id).await?
            && a.score.is_none()
        {
            self.screen_applicant(actor, id).await?;
        }
        Ok(())
    }
}
