//! Recording an application: from the officer's form, the JSON API or a day's CSV export of the
//! office system. Every field is checked with the domain parsers; identifiers are sealed before
//! they are stored; a re-imported row (same office and source id) adds nothing.

use crate::auth::Actor;
use crate::vault::Field;
use crate::{App, AppError};
use serde::Deserialize;
use sinergi_domain::access::Permission;
use sinergi_domain::clock::to_millis;
use sinergi_domain::prevention::{
    Applicant, ApplicationStatus, Document, InterviewRecord, Purpose, Sealed,
};

/// One application as entered (all text, as forms, CSV and the JSON API deliver it).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ApplicationInput {
    /// Id in the office system (CSV import); empty for the form.
    pub source_ref: String,
    /// Full name.
    pub full_name: String,
    /// NIK.
    pub nik: String,
    /// The officer checked the KTP and accepts a NIK whose region code is in neither the
    /// current nor an earlier code list.
    pub nik_region_accepted: bool,
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

impl ApplicationInput {
    /// Builds an input from named text fields (a CSV row, form pairs); unknown names are
    /// ignored, `id` is the office system's id.
    pub fn from_fields<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut i = ApplicationInput::default();
        let mut docs = Vec::new();
        for (k, v) in fields {
            let v = v.to_string();
            match k.trim() {
                "id" | "source_ref" => i.source_ref = v,
                "full_name" => i.full_name = v,
                "nik" => i.nik = v,
                "birth_date" => i.birth_date = v,
                "birth_place" => i.birth_place = v,
                "sex" => i.sex = v,
                "address" => i.address = v,
                "phone" => i.phone = v,
                "passport_type" => i.passport_type = v,
                "purpose" => i.purpose = v,
                "destination" => i.destination = v,
                "departure_date" => i.departure_date = v,
                "sponsor_name" => i.sponsor_name = v,
                "sponsor_phone" => i.sponsor_phone = v,
                "agency_name" => i.agency_name = v,
                "previous_passport_no" => i.previous_passport_no = v,
                "previous_passports" => i.previous_passports = v,
                "nik_region_accepted" => i.nik_region_accepted = v == "1",
                "documents" => docs.push(v),
                _ => {}
            }
        }
        i.documents = docs.join(",");
        i
    }
}

/// Reads a list of document codes (a form or CSV value).
pub(crate) fn parse_documents(text: &str) -> Result<Vec<Document>, AppError> {
    Document::parse_list(text)
        .map_err(|_| AppError::invalid("documents", "document_unknown", "unknown document code"))
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
    /// Seals an identifier; `None` stays `None`.
    pub(crate) fn seal(
        &self,
        field: Field,
        plain: Option<&str>,
    ) -> Result<Option<Sealed>, AppError> {
        Ok(match self.vault.protect(field, plain)? {
            (Some(sealed), Some(index)) => Some(Sealed { sealed, index }),
            _ => None,
        })
    }

    /// Checks an input and turns it into a new application (identifiers sealed, the NIK parsed
    /// once). Errors name the field.
    pub(crate) fn new_applicant(
        &self,
        office: &str,
        created_by: &str,
        input: &ApplicationInput,
    ) -> Result<Applicant, AppError> {
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
                match sinergi_domain::nik::Nik::parse(t) {
                    Err(e) if e.is_region_warning() && input.nik_region_accepted => {
                        sinergi_domain::nik::Nik::parse_accepting_unknown_region(t)
                    }
                    Err(e) if e.is_region_warning() => {
                        return Err(AppError::invalid(
                            "nik",
                            "nik_region_unknown",
                            e.to_string(),
                        ));
                    }
                    other => other,
                }
                .map_err(|e| AppError::invalid("nik", "nik_invalid", e.to_string()))
            })
            .transpose()?;
        let date = |field: &'static str, text: &str| {
            opt(text)
                .map(|t| {
                    sinergi_domain::dates::parse_date(t, year)
                        .map_err(|e| AppError::invalid(field, "date_invalid", e.key()))
                })
                .transpose()
        };
        let birth_date = date("birth_date", &input.birth_date)?;
        let departure_date = date("departure_date", &input.departure_date)?;
        let sex = opt(&input.sex)
            .map(|t| {
                t.parse::<sinergi_domain::nik::Sex>()
                    .map_err(|_| AppError::invalid("sex", "sex_invalid", "L or P"))
            })
            .transpose()?;
        let phone = |field: &'static str, t: &str| {
            opt(t)
                .map(|t| {
                    sinergi_domain::phone::Phone::parse(t)
                        .map_err(|e| AppError::invalid(field, "phone_invalid", e.to_string()))
                })
                .transpose()
        };
        let own_phone = phone("phone", &input.phone)?;
        let sponsor_phone = phone("sponsor_phone", &input.sponsor_phone)?;
        let passport = opt(&input.previous_passport_no)
            .map(|t| {
                sinergi_domain::passport::PassportNumber::parse(t).map_err(|e| {
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
        })?;
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
        let documents = parse_documents(&input.documents)?;
        let previous_passports = match opt(&input.previous_passports) {
            Some(t) => t
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=20).contains(n))
                .ok_or_else(|| AppError::invalid("previous_passports", "number_invalid", "0-20"))?,
            None => i64::from(passport.is_some()),
        };
        let nik_text = nik.map(|n| n.to_string());
        let id = uuid::Uuid::new_v4().to_string();
        Ok(Applicant {
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
            region_code: nik.map(|n| n.region_code().to_string()),
            nik: self.seal(Field::Nik, nik_text.as_deref())?,
            passport: self.seal(Field::Passport, passport.as_ref().map(|p| p.as_str()))?,
            phone: self.seal(Field::Phone, own_phone.as_ref().map(|p| p.e164()))?,
            passport_type,
            purpose,
            destination,
            departure_date,
            sponsor_name: opt(&input.sponsor_name).map(str::to_string),
            sponsor_phone: self.seal(Field::Phone, sponsor_phone.as_ref().map(|p| p.e164()))?,
            agency_name: opt(&input.agency_name).map(str::to_string),
            documents,
            previous_passports,
            interview: InterviewRecord::default(),
            status: ApplicationStatus::New,
            screening: None,
            decision: None,
        })
    }

    /// Records one application at the actor's office and screens it, in one transaction with
    /// its audit rows; returns the stored application with its screening.
    pub async fn record_application(
        &self,
        actor: &Actor,
        input: &ApplicationInput,
    ) -> Result<Applicant, AppError> {
        actor.require(Permission::ScreenApplicants)?;
        let mut a = self.new_applicant(&actor.user.agency_code, &actor.user.id, input)?;
        self.ensure_prevention_index().await?;
        self.atomically(async |app| {
            if !app.store.insert_applicant(&a).await? {
                return Err(AppError::Conflict("applicant_exists"));
            }
            app.audit(&actor.origin(), "applicant.create", &a.id, &a.office_code)
                .await?;
            a.screening = Some(app.screen_loaded(actor, &a).await?);
            Ok(a)
        })
        .await
    }

    /// Imports a day's applications (CSV with the [`ApplicationInput`] field names as columns;
    /// `id` is the office system's id). Bad rows are reported by line and column; each good row
    /// is stored with its audit row in a transaction of its own (and screened when opened);
    /// re-running adds nothing.
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
            let mut input = ApplicationInput::from_fields(headers.iter().zip(record.iter()));
            // Imported rows are stored with a warning instead of refused (see below).
            input.nik_region_accepted = true;
            if let Err(e) = sinergi_domain::nik::Nik::parse(&input.nik)
                && e.is_region_warning()
            {
                report.warnings.push(crate::import::RowError {
                    line,
                    column: "nik".into(),
                    message: format!("stored; check the KTP: {e}"),
                });
            }
            if input.source_ref.trim().is_empty() {
                report.errors.push(crate::import::RowError {
                    line,
                    column: "id".into(),
                    message: "is empty".into(),
                });
                continue;
            }
            match self.new_applicant(&actor.user.agency_code, &actor.user.id, &input) {
                Ok(a) => {
                    if self.import_one(actor, &a).await? {
                        report.added += 1;
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

    /// Stores one imported application with its audit row; false when already imported.
    async fn import_one(&self, actor: &Actor, a: &Applicant) -> Result<bool, AppError> {
        self.atomically(async |app| {
            if !app.store.insert_applicant(a).await? {
                return Ok(false);
            }
            app.audit(&actor.origin(), "applicant.create", &a.id, &a.office_code)
                .await?;
            Ok(true)
        })
        .await
    }
}
