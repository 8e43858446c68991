//! Running an import job: each sheet in chunks through the kind's use case, progress after
//! each chunk, problems mapped back to sheet, row and column.

use super::kinds::{ImportKind, fold};
use super::table::{Sheet, SheetRow};
use super::{ImportJob, JobState, MAX_PROBLEMS, Mapping, Problem, Reason};
use crate::auth::Actor;
use crate::cases::NewTip;
use crate::import::RowError;
use crate::portal::outreach::{NewOutreach, kecamatan_choices};
use crate::{App, AppError};
use sha2::{Digest, Sha256};
use sinergi_domain::clock::to_millis;
use sinergi_store::imports::ImportProgress;

/// Rows handed to a use case at a time (and between two progress reports).
pub const CHUNK: usize = 1000;

/// The columns of one sheet: field code → index, for the fields mapped to a header it has.
fn columns(kind: ImportKind, sheet: &Sheet, mapping: &Mapping) -> Vec<(&'static str, usize)> {
    kind.fields()
        .iter()
        .filter_map(|f| {
            let header = mapping.get(f.code)?;
            let i = sheet.headers.iter().position(|h| h == header)?;
            Some((f.code, i))
        })
        .collect()
}

/// The registry use case names some columns in English: the field code they belong to.
fn registry_field(column: &str) -> &str {
    match column {
        "kind" => "jenis",
        "name" => "nama",
        "licence_no" => "nomor_izin",
        "valid_from" => "berlaku_dari",
        "valid_until" => "berlaku_sampai",
        "address" => "alamat",
        "branches" => "cabang",
        "job_orders" => "job_order",
        other => other,
    }
}

fn reason_of(detail: &str) -> Reason {
    let d = detail.to_ascii_lowercase();
    if d.contains("is empty") || d == "required" || d.contains("required") {
        Reason::Empty
    } else if d.contains("fields, the header")
        || d.contains("unreadable")
        || d.contains("malformed")
    {
        Reason::Unreadable
    } else {
        Reason::Invalid
    }
}

struct Run<'a> {
    app: &'a App,
    actor: &'a Actor,
    job: &'a ImportJob,
    progress: ImportProgress,
    problems: Vec<Problem>,
}

impl Run<'_> {
    fn problem(
        &mut self,
        sheet: &Sheet,
        row: u32,
        cols: &[(&str, usize)],
        field: &str,
        detail: &str,
    ) {
        self.progress.refused += 1;
        if self.problems.len() >= MAX_PROBLEMS {
            return;
        }
        let at = cols.iter().find(|(f, _)| *f == field).map(|(_, i)| *i);
        self.problems.push(Problem {
            sheet: sheet.name.clone(),
            row,
            column: at.map(crate::imports::column_letter).unwrap_or_default(),
            header: at
                .and_then(|i| sheet.headers.get(i).cloned())
                .unwrap_or_default(),
            field: if field == "-" {
                String::new()
            } else {
                field.to_string()
            },
            reason: reason_of(detail),
            detail: detail.to_string(),
        });
    }

    async fn report(
        &self,
        on_progress: &(dyn Fn(&ImportProgress) + Send + Sync),
    ) -> Result<(), AppError> {
        self.app
            .store
            .import_job_progress(&self.job.id, self.progress)
            .await?;
        on_progress(&self.progress);
        Ok(())
    }

    /// A chunk through a CSV use case: the rows rewritten as CSV under the field codes.
    async fn csv_chunk(
        &mut self,
        sheet: &Sheet,
        cols: &[(&'static str, usize)],
        rows: &[SheetRow],
    ) -> Result<(), AppError> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let fail = |e: csv::Error| AppError::Internal(format!("csv: {e}"));
        w.write_record(cols.iter().map(|(f, _)| *f)).map_err(fail)?;
        for r in rows {
            w.write_record(
                cols.iter()
                    .map(|(_, i)| r.cells.get(*i).map(String::as_str).unwrap_or("")),
            )
            .map_err(fail)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| AppError::Internal(format!("csv: {e}")))?;
        let origin = self.actor.origin();
        let (added, present, errors): (u64, u64, Vec<RowError>) = match self.job.kind {
            ImportKind::People => {
                let r = self
                    .app
                    .import_people_csv(&origin, &self.job.source, bytes.as_slice())
                    .await?;
                (r.added, r.already_present, r.errors)
            }
            ImportKind::Applicants => {
                let r = self
                    .app
                    .import_applications(self.actor, bytes.as_slice())
                    .await?;
                (r.added, r.already_present, r.errors)
            }
            ImportKind::Registry => {
                let r = self
                    .app
                    .import_licence_registry(&origin, &self.job.source, bytes.as_slice())
                    .await?;
                (r.added, r.updated + r.unchanged, r.errors)
            }
            ImportKind::Tips | ImportKind::Outreach => (0, 0, Vec::new()),
        };
        self.progress.added += added as i64;
        self.progress.present += present as i64;
        for e in errors {
            // Line 1 of the chunk is its header; line n is rows[n - 2].
            let row = usize::try_from(e.line)
                .ok()
                .and_then(|l| l.checked_sub(2))
                .and_then(|i| rows.get(i))
                .map_or(0, |r| r.number);
            let field = registry_field(&e.column).to_string();
            self.problem(sheet, row, cols, &field, &e.message);
        }
        Ok(())
    }

    /// A chunk of tips or outreach events, one use case call per new row.
    async fn row_chunk(
        &mut self,
        sheet: &Sheet,
        cols: &[(&'static str, usize)],
        rows: &[SheetRow],
    ) -> Result<(), AppError> {
        let kind = self.job.kind.code();
        for r in rows {
            let get = |field: &str| -> String {
                cols.iter()
                    .find(|(f, _)| *f == field)
                    .and_then(|(_, i)| r.cells.get(*i))
                    .cloned()
                    .unwrap_or_default()
            };
            let key = match self.job.kind {
                ImportKind::Tips => {
                    let id = get("id");
                    if id.is_empty() {
                        self.problem(sheet, r.number, cols, "id", "is empty");
                        continue;
                    }
                    format!("{}\u{1f}{id}", self.job.source)
                }
                _ => {
                    let mut h = Sha256::new();
                    for f in ["held_on", "start_time", "kecamatan_code", "place", "title"] {
                        h.update(fold(&get(f)).as_bytes());
                        h.update([0x1f]);
                    }
                    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
                }
            };
            if self.app.store.import_key(kind, &key).await?.is_some() {
                self.progress.present += 1;
                continue;
            }
            let made = match self.job.kind {
                ImportKind::Tips => self.tip(&get).await,
                _ => self.outreach(&get).await,
            };
            match made {
                Ok(id) => {
                    let now = to_millis(self.app.clock.now());
                    self.app.store.put_import_key(kind, &key, &id, now).await?;
                    self.progress.added += 1;
                }
                Err(AppError::Invalid { field, reason, .. }) => {
                    self.problem(sheet, r.number, cols, field, &reason);
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    async fn tip(&self, get: &(dyn Fn(&str) -> String + Sync)) -> Result<String, AppError> {
        let yes = |v: String| {
            matches!(
                fold(&v).as_str(),
                "1" | "ya" | "y" | "yes" | "true" | "x" | "v" | "benar"
            )
        };
        let kind = fold(&get("kind"));
        let kind = if kind.contains("selundup") || kind.contains("smuggl") {
            "smuggling"
        } else if kind.contains("prosedural") || kind.contains("pmi") {
            "pmi_np"
        } else if kind.contains("tppo") || kind.contains("perdagangan") || kind.contains("traffick")
        {
            "tppo"
        } else {
            kind.as_str()
        };
        let channel = fold(&get("channel"));
        let channel = if channel.contains("desa") || channel.contains("village") {
            "village_head"
        } else if channel.contains("portal") || channel.contains("web") {
            "portal"
        } else {
            "phone"
        };
        let opt = |v: String| Some(v).filter(|s| !s.trim().is_empty());
        let tip = NewTip {
            channel: channel.into(),
            kind: kind.into(),
            child_involved: yes(get("child_involved")),
            imminent_danger: yes(get("imminent_danger")),
            consent: yes(get("consent")),
            region_code: match opt(get("region_code")) {
                Some(c) => Some(
                    sinergi_domain::region::RegionCode::parse(&c)
                        .map_err(|_| {
                            AppError::invalid("region_code", "invalid_code", "not a region code")
                        })?
                        .to_string(),
                ),
                None => None,
            },
            suspect_name: opt(get("suspect_name")),
            suspect_phone: opt(get("suspect_phone")),
            narrative: get("narrative"),
            reporter_contact: opt(get("reporter_contact")),
        };
        let receipt = self.app.submit_tip(&self.actor.origin(), tip).await?;
        Ok(receipt)
    }

    async fn outreach(&self, get: &(dyn Fn(&str) -> String + Sync)) -> Result<String, AppError> {
        // A kecamatan by code or by name.
        let kec = get("kecamatan_code");
        let folded = fold(&kec).replace("kecamatan ", "").replace("kec ", "");
        let kecamatan_code = kecamatan_choices()
            .into_iter()
            .find(|(code, name, _)| *code == kec.trim() || fold(name) == folded)
            .map(|(code, _, _)| code)
            .unwrap_or(kec);
        // Agencies by code or by their name in force; none named: the importer's agency.
        let today = self.app.clock.now_wib().date();
        let known = self.app.store.agencies().await?;
        let mut agencies = Vec::new();
        for part in get("agencies").split([';', ',', '\n']) {
            let p = part.trim();
            if p.is_empty() {
                continue;
            }
            let hit = known
                .iter()
                .find(|a| a.code == p || fold(a.name_on(today)) == fold(p))
                .map(|a| a.code.clone())
                .ok_or_else(|| AppError::invalid("agencies", "invalid_code", "unknown agency"))?;
            agencies.push(hit);
        }
        if agencies.is_empty() {
            agencies.push(self.actor.user.agency_code.clone());
        }
        let expected = get("expected_audience");
        let expected_audience = if expected.trim().is_empty() {
            0
        } else {
            expected.trim().parse().map_err(|_| {
                AppError::invalid("expected_audience", "invalid_number", "not a whole number")
            })?
        };
        let start = get("start_time").replace('.', ":");
        let start_time = if start.len() == 4 && start.as_bytes().get(1) == Some(&b':') {
            format!("0{start}")
        } else {
            start.chars().take(5).collect()
        };
        let new = NewOutreach {
            held_on: get("held_on"),
            start_time,
            kecamatan_code,
            place: get("place"),
            title: get("title"),
            agencies,
            audience: get("audience"),
            expected_audience,
            materials: get("materials"),
        };
        self.app.record_outreach(self.actor, new).await
    }
}

impl App {
    /// Imports a started job (see [`App::start_import`]) with its remembered mapping, calling
    /// `on_progress` after each chunk; returns the finished job. A job that is not running is
    /// returned as it is.
    pub async fn run_import(
        &self,
        actor: &Actor,
        id: &str,
        on_progress: &(dyn Fn(&ImportProgress) + Send + Sync),
    ) -> Result<ImportJob, AppError> {
        let job = self.import_job(actor, id).await?;
        if job.state != JobState::Running || job.done_rows > 0 {
            return Ok(job);
        }
        let sheets = self.staged_sheets(id, &job.file_name).await?;
        let mapping: Mapping = self
            .store
            .import_mapping(job.kind.code(), &job.source)
            .await?
            .and_then(|m| serde_json::from_str(&m).ok())
            .unwrap_or_default();
        let mut run = Run {
            app: self,
            actor,
            job: &job,
            progress: ImportProgress {
                total_rows: job.total_rows,
                ..ImportProgress::default()
            },
            problems: Vec::new(),
        };
        let outcome = run.all(&sheets, &mapping, on_progress).await;
        let state = if outcome.is_ok() {
            JobState::Done
        } else {
            JobState::Failed
        };
        let problems = serde_json::to_string(&run.problems)
            .map_err(|e| AppError::Internal(format!("problems: {e}")))?;
        let p = run.progress;
        self.store.import_job_progress(id, p).await?;
        self.store
            .finish_import_job(id, state.code(), &problems, to_millis(self.clock.now()))
            .await?;
        self.audit(
            &actor.origin(),
            "import.finish",
            id,
            &format!(
                "{} read={} added={} present={} refused={}",
                state.code(),
                p.done_rows,
                p.added,
                p.present,
                p.refused
            ),
        )
        .await?;
        outcome?;
        self.import_job(actor, id).await
    }
}

impl Run<'_> {
    async fn all(
        &mut self,
        sheets: &[Sheet],
        mapping: &Mapping,
        on_progress: &(dyn Fn(&ImportProgress) + Send + Sync),
    ) -> Result<(), AppError> {
        for sheet in sheets {
            if sheet.rows.is_empty() {
                continue;
            }
            let cols = columns(self.job.kind, sheet, mapping);
            let missing = self
                .job
                .kind
                .fields()
                .iter()
                .find(|f| f.required && !cols.iter().any(|(c, _)| *c == f.code));
            if let Some(f) = missing {
                // The whole sheet lacks a required column: one problem, every row refused.
                let before = self.problems.len();
                self.problem(sheet, sheet.header_row, &cols, f.code, "column missing");
                if let Some(p) = self.problems.get_mut(before) {
                    p.reason = Reason::MissingColumn;
                    p.header = mapping.get(f.code).cloned().unwrap_or_default();
                }
                self.progress.refused += sheet.rows.len() as i64 - 1;
                self.progress.done_rows += sheet.rows.len() as i64;
                self.report(on_progress).await?;
                continue;
            }
            for chunk in sheet.rows.chunks(CHUNK) {
                match self.job.kind {
                    ImportKind::Tips | ImportKind::Outreach => {
                        self.row_chunk(sheet, &cols, chunk).await?
                    }
                    _ => self.csv_chunk(sheet, &cols, chunk).await?,
                }
                self.progress.done_rows += chunk.len() as i64;
                self.report(on_progress).await?;
            }
        }
        Ok(())
    }
}
