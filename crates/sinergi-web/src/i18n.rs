//! The one translation table: every user-facing string of the web layer, in Bahasa Indonesia
//! (the default) and English.
//!
//! Keys are stable snake_case. Error keys are exactly those of `AppError::key()` plus the few
//! the web layer adds (`csrf_invalid`, `bad_request`, `method_not_allowed`); a test scans the
//! application sources so a new error key cannot ship untranslated.

/// A language of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Bahasa Indonesia, the default.
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 code: `id` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// Parses `id`/`en` (case-insensitive, region ignored: `en-GB` is English; `in` is the
    /// legacy code of Indonesian).
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("id") || primary.eq_ignore_ascii_case("in") {
            Some(Lang::Id)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The preferred supported language of an `Accept-Language` header, by q-value (ties go to
    /// the earlier entry); `None` when it names neither Indonesian nor English.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let Some(lang) = parts.next().and_then(Lang::parse) else {
                continue;
            };
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(_, bq)| q > bq) {
                best = Some((lang, q));
            }
        }
        best.map(|(l, _)| l)
    }

    /// Whether this is Bahasa Indonesia (for templates).
    pub fn is_id(self) -> bool {
        self == Lang::Id
    }

    /// The text of `key` in this language. An unknown key returns the key itself (a test
    /// keeps that from happening for every key the code and templates use).
    pub fn t(self, key: &'static str) -> &'static str {
        match lookup(key) {
            Some((id, en)) => match self {
                Lang::Id => id,
                Lang::En => en,
            },
            None => key,
        }
    }
}

/// Looks up a key: `(Indonesian, English)`.
pub fn lookup(key: &str) -> Option<(&'static str, &'static str)> {
    TABLES
        .iter()
        .flat_map(|t| t.iter())
        .find(|(k, _, _)| *k == key)
        .map(|(_, id, en)| (*id, *en))
}

/// Every table, searched in order: the core table, then one per feature area, so that teams
/// add their strings without editing each other's lines.
pub const TABLES: &[&[(&str, &str, &str)]] = &[
    TABLE,
    TRUST,
    PREVENTION,
    crate::coordination::CASES_I18N,
    crate::domain_i18n::DOMAIN_I18N,
];

/// The core translations: `(key, Bahasa Indonesia, English)`.
pub const TABLE: &[(&str, &str, &str)] = &[
    // Page chrome.
    (
        "brand_tagline",
        "Kerja sama lembaga Malang Raya melawan TPPO dan penempatan PMI non-prosedural",
        "Malang Raya agencies working together against trafficking and non-procedural migrant work",
    ),
    ("nav_home", "Beranda", "Home"),
    ("nav_logout", "Keluar", "Sign out"),
    ("nav_language", "Bahasa", "Language"),
    (
        "footer",
        "Sinergi — data pribadi dilindungi UU 27/2022. Setiap akses dicatat.",
        "Sinergi — personal data protected by Law 27/2022. Every access is recorded.",
    ),
    // Login.
    ("login_title", "Masuk", "Sign in"),
    (
        "login_intro",
        "Masuk dengan akun lembaga Anda.",
        "Sign in with your agency account.",
    ),
    ("login_username", "Nama pengguna", "Username"),
    ("login_password", "Kata sandi", "Password"),
    ("login_submit", "Masuk", "Sign in"),
    ("logged_out", "Anda telah keluar.", "You have signed out."),
    (
        "logged_out_everywhere",
        "Anda telah keluar dari semua perangkat.",
        "You have signed out everywhere.",
    ),
    // Home.
    ("home_title", "Beranda", "Home"),
    ("home_welcome", "Selamat datang", "Welcome"),
    ("home_agency", "Lembaga", "Agency"),
    ("home_role", "Peran", "Role"),
    ("home_username", "Nama pengguna", "Username"),
    ("home_today", "Hari ini", "Today"),
    ("home_figures", "Angka", "Figures"),
    ("home_people_count", "Catatan orang", "Person records"),
    ("home_session", "Sesi", "Session"),
    (
        "home_logout_everywhere",
        "Keluar dari semua perangkat",
        "Sign out everywhere",
    ),
    // Error page.
    ("error_title", "Terjadi kesalahan", "Something went wrong"),
    (
        "error_request_id",
        "Nomor permintaan (sebutkan saat menghubungi admin)",
        "Request ID (quote it when contacting the administrator)",
    ),
    (
        "error_back_home",
        "Kembali ke beranda",
        "Back to the home page",
    ),
    // Roles (`role_` + Role::code()).
    ("role_admin", "Administrator sistem", "System administrator"),
    ("role_supervisor", "Supervisor lembaga", "Agency supervisor"),
    (
        "role_immigration_officer",
        "Petugas imigrasi",
        "Immigration officer",
    ),
    (
        "role_coordinator",
        "Koordinator wilayah",
        "Regional coordinator",
    ),
    (
        "role_labour_officer",
        "Petugas ketenagakerjaan / pemerintah daerah",
        "Labour / local government officer",
    ),
    ("role_investigator", "Penyidik", "Investigator"),
    (
        "role_prosecutor",
        "Jaksa penuntut umum",
        "Public prosecutor",
    ),
    (
        "role_caseworker",
        "Pendamping korban",
        "Protection caseworker",
    ),
    ("role_analyst", "Analis", "Analyst"),
    // Errors of the web layer.
    (
        "csrf_invalid",
        "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.",
        "The form has expired or is not valid. Reload the page and try again.",
    ),
    (
        "bad_request",
        "Permintaan tidak dapat dibaca.",
        "The request could not be read.",
    ),
    (
        "method_not_allowed",
        "Metode permintaan tidak didukung di alamat ini.",
        "This request method is not supported here.",
    ),
    // Errors of the application (AppError::key()).
    (
        "auth_required",
        "Silakan masuk terlebih dahulu.",
        "Please sign in first.",
    ),
    (
        "auth_bad_credentials",
        "Nama pengguna atau kata sandi salah.",
        "Wrong username or password.",
    ),
    (
        "auth_throttled",
        "Terlalu banyak percobaan masuk yang gagal. Tunggu 15 menit lalu coba lagi.",
        "Too many failed sign-ins. Wait 15 minutes and try again.",
    ),
    (
        "forbidden",
        "Anda tidak berwenang melakukan ini.",
        "You are not allowed to do this.",
    ),
    (
        "not_found",
        "Data atau halaman tidak ditemukan.",
        "The record or page was not found.",
    ),
    (
        "conflict",
        "Perubahan bertentangan dengan data yang sudah ada.",
        "The change conflicts with existing data.",
    ),
    (
        "username_taken",
        "Nama pengguna sudah dipakai.",
        "This username is already taken.",
    ),
    (
        "already_marked",
        "Sudah ditandai sebelumnya.",
        "Already marked.",
    ),
    (
        "unavailable",
        "Layanan sedang tidak tersedia. Coba lagi beberapa saat lagi.",
        "The service is unavailable. Try again shortly.",
    ),
    (
        "internal",
        "Terjadi kesalahan di sistem. Kesalahan ini sudah dicatat.",
        "An internal error occurred. It has been logged.",
    ),
    (
        "agency_unknown",
        "Lembaga tidak dikenal.",
        "Unknown agency.",
    ),
    (
        "csv_missing_column",
        "Kolom wajib tidak ada di baris judul CSV.",
        "A required column is missing from the CSV header.",
    ),
    (
        "csv_unreadable",
        "Berkas CSV tidak dapat dibaca.",
        "The CSV file cannot be read.",
    ),
    (
        "display_name_invalid",
        "Nama tampilan harus 1–120 karakter.",
        "The display name must be 1–120 characters.",
    ),
    (
        "master_key_invalid",
        "Kunci utama harus 64 digit heksadesimal.",
        "The master key must be 64 hexadecimal digits.",
    ),
    (
        "name_invalid",
        "Nama harus 1–100 karakter.",
        "The name must be 1–100 characters.",
    ),
    ("nik_invalid", "NIK tidak sah.", "The NIK is not valid."),
    (
        "number_invalid",
        "Angka di luar batas yang diizinkan.",
        "The number is out of the allowed range.",
    ),
    (
        "password_weak",
        "Kata sandi terlalu lemah.",
        "The password is too weak.",
    ),
    (
        "purpose_unknown",
        "Tujuan pemrosesan tidak dikenal.",
        "Unknown processing purpose.",
    ),
    (
        "reason_too_short",
        "Berikan alasan 15–1000 karakter.",
        "Give a reason of 15–1000 characters.",
    ),
    (
        "role_not_for_agency",
        "Peran ini tidak tersedia untuk jenis lembaga tersebut.",
        "This role is not available to that kind of agency.",
    ),
    (
        "scope_not_for_agency",
        "Cakupan ini tidak tersedia untuk jenis lembaga tersebut.",
        "This scope is not available to that kind of agency.",
    ),
    (
        "scope_unknown",
        "Cakupan tidak dikenal atau kosong.",
        "Unknown or missing scope.",
    ),
    (
        "search_too_short",
        "Pencarian memerlukan 2–100 karakter.",
        "A search needs 2–100 characters.",
    ),
    (
        "source_invalid",
        "Label sumber harus 1–64 karakter.",
        "The source label must be 1–64 characters.",
    ),
    (
        "text_invalid",
        "Teks harus 1–4000 karakter.",
        "The text must be 1–4000 characters.",
    ),
    (
        "totp_invalid",
        "Kode sekali pakai tidak sah.",
        "The one-time code is not valid.",
    ),
    (
        "totp_required",
        "Akun ini memerlukan kode sekali pakai.",
        "This account needs a one-time code.",
    ),
    (
        "username_invalid",
        "Nama pengguna tidak sah.",
        "The username is not valid.",
    ),
];

/// Translations of the trust pages: account security, administration, oversight, privacy.
pub const TRUST: &[(&str, &str, &str)] = &[
    ("security_title", "Keamanan akun", "Account security"),
    (
        "attachments_not_configured",
        "Penyimpanan lampiran belum diatur di server.",
        "Attachment storage is not configured on the server.",
    ),
    ("nav_security", "Keamanan akun", "Account security"),
    (
        "totp_heading",
        "Verifikasi dua langkah (kode sekali pakai)",
        "Two-step verification (one-time codes)",
    ),
    (
        "totp_on",
        "Aktif: setiap masuk meminta kode dari aplikasi autentikator.",
        "On: every sign-in asks for a code from the authenticator app.",
    ),
    ("totp_off", "Belum aktif.", "Not switched on."),
    (
        "totp_enrol",
        "Aktifkan verifikasi dua langkah",
        "Switch on two-step verification",
    ),
    (
        "totp_enrol_help",
        "Masukkan kunci ini ke aplikasi autentikator Anda, lalu ketik kode 6 angka yang muncul.",
        "Enter this key in your authenticator app, then type the 6-digit code it shows.",
    ),
    ("totp_code", "Kode 6 angka", "6-digit code"),
    ("totp_confirm", "Konfirmasi", "Confirm"),
    ("totp_disable", "Nonaktifkan", "Switch off"),
    (
        "totp_enabled",
        "Verifikasi dua langkah aktif.",
        "Two-step verification is on.",
    ),
    ("login_code_title", "Kode verifikasi", "Verification code"),
    (
        "login_code_help",
        "Ketik kode 6 angka dari aplikasi autentikator Anda.",
        "Type the 6-digit code from your authenticator app.",
    ),
    ("login_code_restart", "Masuk lagi", "Sign in again"),
    ("users_title", "Pengguna", "Users"),
    ("nav_users", "Pengguna", "Users"),
    ("users_name", "Nama", "Name"),
    ("users_active", "Aktif", "Active"),
    ("users_add", "Tambah pengguna", "Add user"),
    ("user_created", "Pengguna dibuat:", "User created:"),
    (
        "password_policy",
        "Minimal 12 karakter, campuran huruf, angka atau tanda baca.",
        "At least 12 characters mixing letters, digits or punctuation.",
    ),
    ("role_unknown", "Peran tidak dikenal.", "Unknown role."),
    (
        "api_clients_title",
        "Klien API instansi",
        "Agency API clients",
    ),
    ("nav_api_clients", "Klien API", "API clients"),
    ("api_client_scopes", "Cakupan izin", "Scopes"),
    ("api_client_add", "Daftarkan klien", "Register client"),
    ("api_client_revoke", "Cabut", "Revoke"),
    ("api_client_revoked", "Dicabut", "Revoked"),
    (
        "api_client_token_once",
        "Token ini hanya ditampilkan sekali. Simpan di sistem klien sekarang.",
        "This token is shown only once. Store it in the client system now.",
    ),
    ("audit_title", "Jejak audit", "Audit trail"),
    ("nav_audit", "Jejak audit", "Audit trail"),
    (
        "audit_intact",
        "Rantai hash utuh; baris diperiksa",
        "Hash chain intact; rows checked",
    ),
    (
        "audit_broken",
        "Rantai hash RUSAK pada baris",
        "Hash chain BROKEN at row",
    ),
    ("audit_when", "Waktu", "When"),
    ("audit_who", "Oleh", "Who"),
    ("audit_action", "Tindakan", "Action"),
    ("audit_subject", "Rekaman", "Record"),
    ("audit_detail", "Rincian", "Detail"),
    ("audit_from", "Dari", "From"),
    (
        "break_glass_title",
        "Tinjauan akses darurat",
        "Break-glass review",
    ),
    ("nav_break_glass", "Akses darurat", "Break-glass"),
    (
        "break_glass_none",
        "Tidak ada akses darurat yang menunggu tinjauan.",
        "No break-glass access awaits review.",
    ),
    ("break_glass_reason", "Alasan", "Reason"),
    ("break_glass_justified", "Dibenarkan", "Justified"),
    (
        "break_glass_unjustified",
        "Tidak dibenarkan",
        "Not justified",
    ),
    (
        "privacy_title",
        "Pelindungan data pribadi",
        "Personal-data protection",
    ),
    ("nav_privacy", "Data pribadi", "Personal data"),
    (
        "breach_register",
        "Register kebocoran data (batas pemberitahuan 3×24 jam)",
        "Breach register (3×24-hour notification limit)",
    ),
    (
        "breach_none",
        "Belum ada kebocoran tercatat.",
        "No breach recorded.",
    ),
    ("breach_people", "orang", "people"),
    ("breach_discovered", "Diketahui", "Discovered"),
    (
        "breach_deadline",
        "Batas pemberitahuan",
        "Notification deadline",
    ),
    ("breach_remaining", "Sisa waktu", "Time left"),
    (
        "breach_subjects_notified",
        "Subjek data diberi tahu",
        "Data subjects notified",
    ),
    (
        "breach_agency_notified",
        "Lembaga PDP diberi tahu",
        "PDP agency notified",
    ),
    ("breach_closed", "ditutup", "closed"),
    (
        "breach_mark_subjects",
        "Subjek sudah diberi tahu",
        "Subjects notified",
    ),
    (
        "breach_mark_agency",
        "Lembaga sudah diberi tahu",
        "Agency notified",
    ),
    ("breach_mark_close", "Tutup", "Close"),
    ("breach_record", "Catat kebocoran", "Record a breach"),
    ("breach_description", "Apa yang terjadi", "What happened"),
    (
        "breach_data_kinds",
        "Jenis data yang terungkap",
        "Kinds of data exposed",
    ),
    (
        "breach_estimate",
        "Perkiraan jumlah orang terdampak",
        "Estimated people affected",
    ),
    (
        "breach_hours_ago",
        "Diketahui berapa jam yang lalu",
        "Discovered how many hours ago",
    ),
    (
        "breach_measures",
        "Langkah penanganan dan pemulihan",
        "Handling and recovery measures",
    ),
    (
        "consent_heading",
        "Persetujuan per tujuan pemrosesan",
        "Consent per processing purpose",
    ),
    ("consent_purpose", "Tujuan", "Purpose"),
    ("consent_record", "Catat persetujuan", "Record consent"),
    ("consent_withdraw", "Tarik persetujuan", "Withdraw consent"),
    (
        "consent_recorded",
        "Persetujuan dicatat.",
        "Consent recorded.",
    ),
    (
        "consent_withdrawn",
        "Persetujuan ditarik; pemrosesan untuk tujuan itu dihentikan.",
        "Consent withdrawn; processing for that purpose has stopped.",
    ),
    (
        "subject_export_heading",
        "Akses subjek data",
        "Subject access",
    ),
    (
        "subject_export_help",
        "Unduh semua data yang disimpan tentang satu orang (dicatat di jejak audit).",
        "Download everything held about one person (recorded in the audit trail).",
    ),
    ("subject_export_submit", "Unduh (JSON)", "Download (JSON)"),
];

/// Translations of passport screening (prevention at the door).
pub const PREVENTION: &[(&str, &str, &str)] = &[
    ("nav_prevention", "Penyaringan paspor", "Passport screening"),
    (
        "nav_prevention_inbox",
        "Rujukan pemohon",
        "Applicant referrals",
    ),
    ("nav_cases", "Kasus & koordinasi", "Cases & coordination"),
    ("home_notices", "Perlu perhatian", "Needs attention"),
    (
        "home_overdue_action",
        "Tindak lanjut rapat lewat tenggat",
        "Overdue meeting action",
    ),
    (
        "home_pending_referrals",
        "Rujukan kasus menunggu",
        "Case referrals waiting",
    ),
    (
        "home_overdue_referrals",
        "Rujukan kasus lewat tenggat",
        "Overdue case referrals",
    ),
    (
        "home_unread",
        "Notifikasi belum dibaca",
        "Unread notifications",
    ),
    (
        "prevention_title",
        "Penyaringan pemohon paspor",
        "Passport applicant screening",
    ),
    ("prevention_queue", "Antrean hari ini", "Today's queue"),
    (
        "prevention_queue_today",
        "Pemohon hari ini di kantor Anda",
        "Today's applicants at your office",
    ),
    (
        "prevention_search_results",
        "Hasil pencarian",
        "Search results",
    ),
    (
        "prevention_search_label",
        "Cari nama, NIK atau nomor paspor",
        "Search name, NIK or passport number",
    ),
    ("prevention_search", "Cari", "Search"),
    ("prevention_none", "Belum ada data.", "Nothing yet."),
    ("prevention_new", "Pemohon baru", "New applicant"),
    ("prevention_watchlist", "Daftar pengawasan", "Watchlist"),
    (
        "prevention_indicators",
        "Indikator risiko",
        "Risk indicators",
    ),
    ("prevention_figures", "Angka penundaan", "Deferral figures"),
    (
        "prevention_inbox",
        "Rujukan pemohon paspor",
        "Passport applicant referrals",
    ),
    ("prevention_identity", "Identitas", "Identity"),
    ("prevention_travel", "Perjalanan", "Travel"),
    ("prevention_nik", "NIK", "NIK"),
    (
        "prevention_nik_sealed",
        "tercatat (terenkripsi)",
        "recorded (encrypted)",
    ),
    ("prevention_birth_date", "Tanggal lahir", "Birth date"),
    ("prevention_birth_place", "Tempat lahir", "Place of birth"),
    ("prevention_sex", "Jenis kelamin", "Sex"),
    ("prevention_address", "Alamat", "Address"),
    ("prevention_phone", "Nomor telepon", "Phone number"),
    ("prevention_passport_type", "Jenis paspor", "Passport type"),
    (
        "prevention_purpose",
        "Tujuan perjalanan",
        "Purpose of travel",
    ),
    ("prevention_destination", "Negara tujuan", "Destination"),
    (
        "prevention_departure",
        "Rencana berangkat",
        "Planned departure",
    ),
    (
        "prevention_sponsor",
        "Sponsor / pengundang",
        "Sponsor / inviting party",
    ),
    (
        "prevention_sponsor_phone",
        "Telepon sponsor",
        "Sponsor's phone",
    ),
    (
        "prevention_agency",
        "Perusahaan penempatan (P3MI) / pemberi kerja",
        "Placement company (P3MI) / employer",
    ),
    (
        "prevention_previous_passport",
        "Nomor paspor lama",
        "Previous passport number",
    ),
    (
        "prevention_documents",
        "Dokumen yang ditunjukkan",
        "Documents shown",
    ),
    ("prevention_office", "Kantor", "Office"),
    ("prevention_created", "Dicatat", "Recorded"),
    ("prevention_screen", "Catat dan saring", "Record and screen"),
    ("prevention_status", "Status", "Status"),
    ("prevention_score", "Skor", "Score"),
    (
        "prevention_risk",
        "Risiko PMI non-prosedural",
        "Non-procedural migration risk",
    ),
    (
        "prevention_advice",
        "Skor ini hanya saran; keputusan ada pada petugas.",
        "This score only advises; the officer decides.",
    ),
    (
        "prevention_no_indicators",
        "Tidak ada indikator yang terpenuhi.",
        "No indicator holds.",
    ),
    ("prevention_indicator", "Indikator", "Indicator"),
    ("prevention_points", "Poin", "Points"),
    (
        "prevention_versions",
        "Versi indikator dan aturan",
        "Indicator and rule versions",
    ),
    (
        "prevention_missing",
        "Dokumen yang belum ada",
        "Missing documents",
    ),
    (
        "prevention_hits",
        "Kecocokan dengan data lain",
        "Matches with other records",
    ),
    ("prevention_no_hits", "Tidak ada kecocokan.", "No matches."),
    ("prevention_open_record", "buka rekaman", "open record"),
    (
        "prevention_hit_confirm",
        "Benar orang yang sama",
        "Same person",
    ),
    (
        "prevention_hit_false",
        "Bukan (salah cocok)",
        "Not them (false match)",
    ),
    ("prevention_interview", "Wawancara", "Interview"),
    (
        "prevention_work_intent",
        "Jawaban menunjukkan niat bekerja",
        "Answers show intent to work",
    ),
    (
        "prevention_job_offer",
        "Ada tawaran kerja",
        "Has a job offer",
    ),
    ("prevention_work_type", "Jenis pekerjaan", "Kind of work"),
    (
        "prevention_work_domestic",
        "Pekerja rumah tangga (pengguna perseorangan)",
        "Domestic work (individual employer)",
    ),
    ("prevention_work_other", "Lainnya", "Other"),
    ("prevention_notes", "Catatan wawancara", "Interview notes"),
    (
        "prevention_save_interview",
        "Simpan wawancara dan saring ulang",
        "Save interview and screen again",
    ),
    ("prevention_decision", "Keputusan", "Decision"),
    ("decision_issue", "Terbitkan paspor", "Issue the passport"),
    ("decision_defer", "Tunda", "Defer"),
    ("decision_refuse", "Tolak", "Refuse"),
    ("prevention_reason", "Alasan (wajib)", "Reason (required)"),
    (
        "prevention_days",
        "Batas melengkapi dokumen (hari)",
        "Days to bring the documents",
    ),
    ("prevention_refer_to", "Rujuk ke", "Refer to"),
    ("prevention_decide", "Putuskan", "Decide"),
    ("prevention_deadline", "Batas waktu", "Deadline"),
    (
        "prevention_print_notice",
        "Cetak surat penundaan",
        "Print the deferral notice",
    ),
    (
        "prevention_documents_arrived",
        "Dokumen sudah lengkap",
        "Documents have arrived",
    ),
    ("prevention_referrals", "Rujukan", "Referrals"),
    (
        "prevention_history",
        "Riwayat permohonan (semua kantor)",
        "Application history (all offices)",
    ),
    ("prevention_from", "Dari", "From"),
    ("prevention_counselled", "Sudah dibina", "Counselled"),
    ("status_new", "Baru", "New"),
    ("status_issued", "Diterbitkan", "Issued"),
    ("status_deferred", "Ditunda", "Deferred"),
    ("status_refused", "Ditolak", "Refused"),
    ("status_lapsed", "Penundaan lewat waktu", "Deferral lapsed"),
    ("purpose_tourism", "Wisata", "Tourism"),
    ("purpose_umrah_hajj", "Umrah / haji", "Umrah / hajj"),
    (
        "purpose_visit_family",
        "Kunjungan keluarga",
        "Visiting family",
    ),
    ("purpose_study", "Belajar", "Study"),
    ("purpose_work", "Bekerja", "Work"),
    ("purpose_other", "Lainnya", "Other"),
    (
        "notice_title",
        "Surat pemberitahuan penundaan penerbitan paspor",
        "Notice of deferral of passport issuance",
    ),
    ("notice_reference", "Nomor", "Reference"),
    (
        "notice_body",
        "Permohonan paspor Saudara/i ditunda dengan alasan berikut:",
        "Your passport application is deferred for the following reason:",
    ),
    (
        "notice_missing",
        "Mohon lengkapi dokumen berikut:",
        "Please bring the following documents:",
    ),
    (
        "notice_deadline",
        "Dokumen diserahkan paling lambat",
        "Hand in the documents by",
    ),
    (
        "notice_after",
        "Setelah tanggal tersebut permohonan dianggap tidak dilanjutkan.",
        "After that date the application is considered withdrawn.",
    ),
    (
        "notice_referred",
        "Saudara/i dirujuk untuk konsultasi jalur penempatan yang prosedural ke",
        "You are referred for advice on the procedural route to",
    ),
    (
        "notice_safe_migration",
        "Bekerja ke luar negeri secara aman: melalui Disnaker, LTSA-P2MI dan BP3MI, dengan P3MI berizin.",
        "Working abroad safely: through Disnaker, LTSA-P2MI and BP3MI, with a licensed P3MI.",
    ),
    (
        "notice_print",
        "Gunakan menu cetak peramban untuk mencetak surat ini.",
        "Use the browser's print command to print this notice.",
    ),
    (
        "watchlist_four_eyes",
        "Penambahan dan penghapusan memerlukan persetujuan orang kedua, dasar hukum dan tanggal tinjauan.",
        "Adding and removing need a second person's approval, a legal basis and a review date.",
    ),
    ("watchlist_kind", "Jenis", "Kind"),
    ("watchlist_basis", "Dasar hukum", "Legal basis"),
    ("watchlist_review", "Tanggal tinjauan", "Review date"),
    ("watchlist_approve", "Setujui", "Approve"),
    (
        "watchlist_propose_removal",
        "Usulkan hapus",
        "Propose removal",
    ),
    (
        "watchlist_confirm_removal",
        "Setujui penghapusan",
        "Confirm removal",
    ),
    ("watchlist_propose", "Usulkan entri", "Propose an entry"),
    (
        "indicators_version",
        "Versi yang berlaku:",
        "Version in force:",
    ),
    (
        "indicators_never_residence",
        "Tempat tinggal, agama dan suku tidak pernah menjadi masukan risiko.",
        "Residence, religion and ethnicity are never risk inputs.",
    ),
    (
        "indicators_save",
        "Simpan (versi baru)",
        "Save (new version)",
    ),
    (
        "figures_screened",
        "Permohonan disaring",
        "Applications screened",
    ),
    ("figures_status", "Per status", "By status"),
    (
        "figures_per_office",
        "Penundaan per kantor",
        "Deferrals per office",
    ),
    (
        "figures_per_destination",
        "Penundaan per negara tujuan",
        "Deferrals per destination",
    ),
    (
        "figures_per_indicator",
        "Penundaan per indikator",
        "Deferrals per indicator",
    ),
    (
        "figures_per_kecamatan",
        "Penundaan per kecamatan asal (NIK)",
        "Deferrals per kecamatan of origin (NIK)",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use sinergi_app::AppError;
    use sinergi_domain::access::Role;
    use std::collections::BTreeSet;
    use std::path::Path;

    #[test]
    fn every_key_is_unique_and_has_both_languages() {
        let mut seen = BTreeSet::new();
        for (key, id, en) in TABLES.iter().flat_map(|t| t.iter()) {
            assert!(seen.insert(*key), "duplicate key {key}");
            assert!(!id.trim().is_empty(), "{key} has no Indonesian text");
            assert!(!en.trim().is_empty(), "{key} has no English text");
            assert!(
                key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{key} is not snake_case"
            );
        }
    }

    #[test]
    fn every_role_has_a_name() {
        for role in Role::ALL {
            let key = format!("role_{}", role.code());
            assert!(lookup(&key).is_some(), "no translation for {key}");
        }
    }

    /// Every variant's key, plus every `Invalid`/`Conflict` key the application sources use
    /// (scanned, so a key added in sinergi-app without a translation fails here).
    #[test]
    fn every_app_error_key_is_translated() {
        let fixed = [
            AppError::Unauthenticated,
            AppError::BadCredentials,
            AppError::Throttled,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::Conflict("conflict"),
            AppError::Unavailable,
            AppError::Internal(String::new()),
        ];
        let mut keys: BTreeSet<String> = fixed.iter().map(|e| e.key().to_string()).collect();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sinergi-app/src");
        for entry in std::fs::read_dir(&src).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                keys.extend(app_error_keys_in(&text));
            }
        }
        assert!(keys.contains("username_taken") && keys.contains("nik_invalid"));
        let missing: Vec<_> = keys.iter().filter(|k| lookup(k).is_none()).collect();
        assert!(missing.is_empty(), "untranslated error keys: {missing:?}");
    }

    /// String literals used as error keys: the second literal of `invalid(…)` and the literal
    /// of `Conflict("…")`.
    fn app_error_keys_in(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (i, _) in text.match_indices("invalid(") {
            let literals = string_literals(&text[i..text.len().min(i + 400)]);
            if let Some(k) = literals.get(1)
                && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                && k.contains('_')
            {
                out.push(k.clone());
            }
        }
        for (i, _) in text.match_indices("Conflict(\"") {
            if let Some(k) = string_literals(&text[i..]).first() {
                out.push(k.clone());
            }
        }
        out
    }

    fn string_literals(text: &str) -> Vec<String> {
        text.split('"')
            .skip(1)
            .step_by(2)
            .take(3)
            .map(str::to_string)
            .collect()
    }

    /// Every `t("…")` in the templates and the sources names a key of the table.
    #[test]
    fn every_key_used_exists() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("templates"), root.join("src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if !path.ends_with("i18n.rs") {
                    files.push(path);
                }
            }
        }
        let mut used = 0;
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, _) in text.match_indices(".t(\"") {
                let rest = &text[i + 4..];
                let key = &rest[..rest.find('"').unwrap()];
                used += 1;
                assert!(
                    lookup(key).is_some(),
                    "{}: unknown key {key}",
                    path.display()
                );
            }
        }
        assert!(used > 20, "the scan found only {used} uses");
    }

    #[test]
    fn accept_language_picks_by_quality() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Some(Lang::En));
        assert_eq!(
            Lang::from_accept_language("fr, en;q=0.5, id;q=0.8"),
            Some(Lang::Id)
        );
        assert_eq!(Lang::from_accept_language("in-ID"), Some(Lang::Id));
        assert_eq!(Lang::from_accept_language("fr-FR, de"), None);
        assert_eq!(Lang::from_accept_language("en;q=0"), None);
    }

    #[test]
    fn unknown_key_falls_back_to_the_key() {
        assert_eq!(Lang::En.t("no_such_key"), "no_such_key");
        assert_eq!(Lang::Id.t("login_title"), "Masuk");
        assert_eq!(Lang::En.t("login_title"), "Sign in");
    }
}
