//! Coordination over HTTP: the JSON API of tips, cases, referrals, the legal process, victim
//! assistance, meetings, bulletins and notifications, plus the public tip form and its
//! receipt-status page (no sign-in). Handlers extract the caller, call one use case of
//! `sinergi_app::cases` (which enforces permissions and need-to-know) and answer.

mod api;
mod network_svg;
mod pages;
mod public;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

/// Translations of this area: `(key, Bahasa Indonesia, English)`.
pub const CASES_I18N: &[(&str, &str, &str)] = &[
    (
        "invalid_date",
        "Tanggal tidak valid (format yyyy-mm-dd).",
        "Invalid date (format yyyy-mm-dd).",
    ),
    ("invalid_code", "Kode tidak dikenal.", "Unknown code."),
    ("required", "Wajib diisi.", "Required."),
    ("too_long", "Terlalu panjang.", "Too long."),
    (
        "invalid_phone",
        "Nomor telepon tidak valid.",
        "Invalid phone number.",
    ),
    ("invalid_nik", "NIK tidak valid.", "Invalid NIK."),
    (
        "unknown_agency",
        "Lembaga tidak dikenal.",
        "Unknown agency.",
    ),
    (
        "invalid_duplicate",
        "Laporan asal tidak ditemukan.",
        "No such earlier tip.",
    ),
    (
        "case_number_busy",
        "Nomor perkara sedang dipakai; coba lagi.",
        "Case number busy; try again.",
    ),
    (
        "invalid_attachment",
        "Berkas ditolak (hanya PDF, PNG, JPEG; maks. 10 MiB).",
        "File refused (PDF, PNG, JPEG only; max 10 MiB).",
    ),
    (
        "self_referral",
        "Tidak dapat merujuk ke lembaga sendiri.",
        "Cannot refer to your own agency.",
    ),
    (
        "consent_required",
        "Persetujuan korban untuk tujuan ini belum dicatat.",
        "The victim's consent for this purpose is not recorded.",
    ),
    (
        "invalid_transition",
        "Perubahan status ini tidak diperbolehkan.",
        "This change of state is not allowed.",
    ),
    (
        "referral_changed",
        "Rujukan sudah diubah orang lain; muat ulang.",
        "The referral was changed meanwhile; reload.",
    ),
    (
        "not_a_suspect",
        "Hanya tersangka yang memiliki proses hukum.",
        "Only suspects have a legal process.",
    ),
    (
        "legal_step_changed",
        "Tahap hukum sudah diubah orang lain; muat ulang.",
        "The legal stage changed meanwhile; reload.",
    ),
    (
        "invalid_charges",
        "Pasal tidak ada dalam tabel rujukan pada tanggal itu.",
        "Article not in the reference table on that date.",
    ),
    (
        "charges_first",
        "Catat dakwaan/sangkaan terlebih dahulu.",
        "Record the charges first.",
    ),
    (
        "end_before_start",
        "Tanggal selesai sebelum tanggal mulai.",
        "End date before start date.",
    ),
    (
        "invalid_simfoni",
        "Nomor SIMFONI-PPA tidak valid.",
        "Invalid SIMFONI-PPA number.",
    ),
    (
        "action_item_changed",
        "Tindak lanjut sudah diubah; muat ulang.",
        "The action item changed meanwhile; reload.",
    ),
    (
        "tip_title",
        "Laporkan dugaan TPPO / PMI non-prosedural",
        "Report suspected trafficking / non-procedural migration",
    ),
    (
        "tip_sent",
        "Laporan diterima. Simpan kode tanda terima ini:",
        "Report received. Keep this receipt code:",
    ),
    ("tip_status_title", "Status laporan", "Report status"),
    ("tip_status_received", "Diterima", "Received"),
    (
        "tip_status_assigned",
        "Ditangani lembaga",
        "Being handled by an agency",
    ),
    (
        "tip_status_duplicate",
        "Digabung dengan laporan lain",
        "Merged with another report",
    ),
    (
        "tip_status_case_opened",
        "Menjadi perkara",
        "A case was opened",
    ),
    ("tip_status_closed", "Ditutup", "Closed"),
    ("tip_kind", "Jenis dugaan", "Kind of suspicion"),
    (
        "tip_kind_smuggling",
        "Penyelundupan manusia",
        "People smuggling",
    ),
    ("tip_child", "Melibatkan anak", "A child is involved"),
    (
        "tip_danger",
        "Ada bahaya saat ini",
        "Someone is in danger now",
    ),
    (
        "tip_consent",
        "Orang yang bersangkutan setuju polisi diberi tahu",
        "The person concerned agrees that the police are told",
    ),
    (
        "tip_suspect",
        "Nama perekrut/calo (jika tahu)",
        "Name of the recruiter (if known)",
    ),
    ("tip_narrative", "Apa yang terjadi?", "What happened?"),
    (
        "tip_contact",
        "Kontak Anda (tidak wajib)",
        "Your contact (optional)",
    ),
    ("tip_submit", "Kirim laporan", "Send report"),
    ("tip_receipt_code", "Kode tanda terima", "Receipt code"),
    ("tip_check", "Periksa", "Check"),
    ("cases_title", "Perkara", "Cases"),
    (
        "tips_title",
        "Antrean laporan masyarakat",
        "Tip triage queue",
    ),
    ("inbox_title", "Kotak rujukan", "Referral inbox"),
    (
        "meetings_title",
        "Rapat koordinasi",
        "Coordination meetings",
    ),
    (
        "overdue_actions",
        "Tindak lanjut lewat tenggat",
        "Overdue action items",
    ),
    ("pending_referrals", "Rujukan menunggu", "Referrals waiting"),
    ("search", "Cari", "Search"),
    ("case_kind", "Jenis", "Kind"),
    ("case_title", "Judul", "Title"),
    ("case_lead", "Lembaga utama", "Lead agency"),
    ("case_start", "Mulai", "Started"),
    ("severity", "Tingkat", "Severity"),
    ("duplicates", "Kemungkinan sama", "Possible duplicates"),
    ("open_case", "Buka perkara", "Open case"),
    ("view", "Lihat", "View"),
    ("shared_with", "Dibagikan dengan", "Shared with"),
    ("network", "Jaringan", "Network"),
    ("legal_progress", "Proses hukum", "Legal process"),
    ("suspect", "Tersangka", "Suspect"),
    ("stage", "Tahap", "Stage"),
    ("since", "Sejak", "Since"),
    ("charges", "Pasal", "Charges"),
    ("stalled", "macet", "stalled"),
    ("people", "Orang terkait", "People"),
    ("masked", "disamarkan", "masked"),
    ("links", "Tautan", "Links"),
    ("referrals", "Rujukan", "Referrals"),
    ("assistance", "Pendampingan korban", "Victim assistance"),
    ("actions", "Tindakan", "Actions"),
    ("name", "Nama", "Name"),
    ("add", "Tambah", "Add"),
    ("link_screening", "Tautkan skrining", "Link screening"),
    ("record_consent", "Catat persetujuan", "Record consent"),
    ("reason", "Alasan", "Reason"),
    (
        "override_reason",
        "Alasan tanpa persetujuan",
        "Reason to proceed without consent",
    ),
    ("refer", "Rujuk", "Refer"),
    ("record_step", "Catat tahap", "Record stage"),
    ("set_charges", "Simpan pasal", "Save charges"),
    ("timeline", "Riwayat perkara", "Case timeline"),
    ("agency", "Lembaga", "Agency"),
    ("user", "Pengguna", "User"),
    ("case", "Perkara", "Case"),
    ("from", "Dari", "From"),
    ("to", "Kepada", "To"),
    ("purpose", "Tujuan", "Purpose"),
    ("due", "Tenggat", "Due"),
    ("accept", "Terima", "Accept"),
    ("reject", "Tolak", "Reject"),
    ("complete", "Selesai", "Done"),
    (
        "bulletins_title",
        "Buletin antarlembaga",
        "Bulletins between agencies",
    ),
    ("bulletin_modus", "Modus baru", "New modus"),
    ("bulletin_recruiter", "Perekrut aktif", "Active recruiter"),
    ("bulletin_general", "Umum", "General"),
    ("read_by", "Dibaca oleh", "Read by"),
    ("mark_read", "Tandai sudah dibaca", "Mark as read"),
    ("notifications_title", "Pemberitahuan", "Notifications"),
    ("registry_title", "Daftar lembaga", "Agency registry"),
    ("history", "Riwayat nama", "Name history"),
    ("record_assistance", "Catat layanan", "Record service"),
];

/// Every route of this area.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/lapor", get(public::form).post(public::submit))
        .route("/lapor/status", get(public::status))
        .route("/kasus", get(pages::list))
        .route("/kasus/laporan", get(pages::triage))
        .route("/kasus/laporan/{id}/buka", post(pages::open_from_tip))
        .route("/kasus/rujukan", get(pages::inbox))
        .route("/kasus/rujukan/{id}", post(pages::referral_event))
        .route(
            "/kasus/rapat",
            get(pages::meetings).post(pages::create_meeting),
        )
        .route("/kasus/rapat/{id}/tindak", post(pages::add_action))
        .route("/kasus/tindak/{id}/selesai", post(pages::close_action))
        .route(
            "/kasus/buletin",
            get(pages::bulletins).post(pages::post_bulletin),
        )
        .route("/kasus/buletin/{id}/baca", post(pages::read_bulletin))
        .route("/kasus/notifikasi", get(pages::notifications))
        .route("/kasus/lembaga", get(pages::registry))
        .route("/kasus/{id}/pendampingan", post(pages::assistance))
        .route("/kasus/{id}", get(pages::detail))
        .route("/kasus/{id}/jaringan", get(pages::network))
        .route("/kasus/{id}/orang", post(pages::add_person))
        .route("/kasus/{id}/skrining", post(pages::link_screening))
        .route("/kasus/{id}/persetujuan", post(pages::consent))
        .route("/kasus/{id}/rujuk", post(pages::refer))
        .route("/kasus/{id}/tahap", post(pages::legal_step))
        .route("/kasus/{id}/pasal", post(pages::charges))
        .route("/api/v1/tips", get(api::tip_queue).post(api::submit_tip))
        .route("/api/v1/tips/status/{id}", get(api::tip_status))
        .route("/api/v1/tips/{id}/assign", post(api::assign_tip))
        .route("/api/v1/cases", get(api::cases).post(api::open_case))
        .route("/api/v1/cases-export", get(api::export_cases))
        .route("/api/v1/cases/{id}", get(api::case_detail))
        .route("/api/v1/cases/{id}/network", get(api::network))
        .route("/api/v1/cases/{id}/people", post(api::add_person))
        .route("/api/v1/cases/{id}/screenings", post(api::link_screening))
        .route("/api/v1/cases/{id}/consents", post(api::record_consent))
        .route("/api/v1/cases/{id}/referrals", post(api::refer))
        .route("/api/v1/cases/{id}/assistance", post(api::assistance))
        .route("/api/v1/referrals", get(api::case_referral_inbox))
        .route("/api/v1/referrals/{id}/action", post(api::referral_action))
        .route("/api/v1/suspects/{id}/steps", post(api::legal_step))
        .route("/api/v1/suspects/{id}/charges", post(api::charges))
        .route(
            "/api/v1/meetings",
            get(api::meetings).post(api::create_meeting),
        )
        .route("/api/v1/meetings/{id}/actions", post(api::add_action))
        .route("/api/v1/actions/{id}/close", post(api::close_action))
        .route(
            "/api/v1/bulletins",
            get(api::bulletins).post(api::post_bulletin),
        )
        .route("/api/v1/bulletins/{id}/read", post(api::read_bulletin))
        .route("/api/v1/notifications", get(api::notifications))
        .route("/api/v1/case-people/{id}/network", get(api::person_network))
        .route("/kasus/orang/{id}/jaringan", get(pages::person_network))
        .route("/api/v1/home-notices", get(api::home_notices))
}
