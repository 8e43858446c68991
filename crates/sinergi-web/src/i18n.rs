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
pub const TABLES: &[&[(&str, &str, &str)]] = &[TABLE, TRUST, crate::coordination::CASES_I18N];

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
