//! What each kind of import takes: its fields (the standard column names the use cases read),
//! which are required, the headers agencies commonly use for them (to map a new file's columns
//! automatically), and who may import it.

use sinergi_domain::access::Permission;

/// A kind of import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ImportKind {
    /// Person records of an agency's system (Dukcapil extracts, shelter lists …).
    People,
    /// Passport applications of an immigration office (each is screened).
    Applicants,
    /// The P3MI/LPK licence registry behind the public licence check.
    Registry,
    /// Tips received outside Sinergi (hotline or village lists).
    Tips,
    /// Outreach events (sosialisasi).
    Outreach,
}

/// One field of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// The standard column name (stable code; labelled `imp_field_<code>` in the web).
    pub code: &'static str,
    /// A file without it cannot be imported.
    pub required: bool,
    /// Headers that mean this field (compared folded: lower case, letters and digits only).
    pub synonyms: &'static [&'static str],
}

const fn f(code: &'static str, required: bool, synonyms: &'static [&'static str]) -> FieldSpec {
    FieldSpec {
        code,
        required,
        synonyms,
    }
}

const ID: FieldSpec = f(
    "id",
    true,
    &[
        "no",
        "nomor",
        "id",
        "kode",
        "no urut",
        "nomor urut",
        "ref",
        "nomor register",
    ],
);
const FULL_NAME: FieldSpec = f(
    "full_name",
    true,
    &["nama", "nama lengkap", "name", "full name", "nama pemohon"],
);
const NIK: FieldSpec = f("nik", false, &["nik", "no ktp", "nomor ktp", "nomor nik"]);
const BIRTH_DATE: FieldSpec = f(
    "birth_date",
    false,
    &[
        "tanggal lahir",
        "tgl lahir",
        "birth date",
        "date of birth",
        "dob",
    ],
);
const BIRTH_PLACE: FieldSpec = f(
    "birth_place",
    false,
    &["tempat lahir", "tmp lahir", "birth place", "place of birth"],
);
const SEX: FieldSpec = f(
    "sex",
    false,
    &["jenis kelamin", "jk", "l p", "sex", "gender"],
);
const PHONE: FieldSpec = f(
    "phone",
    false,
    &[
        "no hp", "nomor hp", "telepon", "telp", "hp", "phone", "no telp", "whatsapp",
    ],
);
const ADDRESS: FieldSpec = f("address", false, &["alamat", "address", "alamat lengkap"]);
const REGION: FieldSpec = f(
    "region_code",
    false,
    &[
        "kode wilayah",
        "kode desa",
        "kode kecamatan",
        "region code",
        "wilayah",
    ],
);

const PEOPLE: &[FieldSpec] = &[
    ID,
    FULL_NAME,
    BIRTH_DATE,
    SEX,
    BIRTH_PLACE,
    NIK,
    PHONE,
    ADDRESS,
    REGION,
];

const APPLICANTS: &[FieldSpec] = &[
    ID,
    FULL_NAME,
    NIK,
    BIRTH_DATE,
    BIRTH_PLACE,
    SEX,
    ADDRESS,
    PHONE,
    f("passport_type", false, &["jenis paspor", "passport type"]),
    f("purpose", false, &["tujuan", "keperluan", "purpose"]),
    f(
        "destination",
        false,
        &["negara tujuan", "destination", "negara"],
    ),
    f(
        "departure_date",
        false,
        &["tanggal berangkat", "rencana berangkat", "departure date"],
    ),
    f(
        "sponsor_name",
        false,
        &["sponsor", "nama sponsor", "penjamin"],
    ),
    f(
        "sponsor_phone",
        false,
        &["telepon sponsor", "hp sponsor", "sponsor phone"],
    ),
    f(
        "agency_name",
        false,
        &["perusahaan", "p3mi", "pt", "majikan", "agency", "employer"],
    ),
    f(
        "previous_passport_no",
        false,
        &["nomor paspor lama", "paspor lama", "previous passport"],
    ),
    f(
        "previous_passports",
        false,
        &["jumlah paspor", "paspor sebelumnya", "previous passports"],
    ),
    f("documents", false, &["dokumen", "berkas", "documents"]),
];

const REGISTRY: &[FieldSpec] = &[
    f("jenis", true, &["jenis", "kind", "tipe", "jenis lembaga"]),
    f(
        "nama",
        true,
        &[
            "nama",
            "nama perusahaan",
            "nama lembaga",
            "name",
            "perusahaan",
        ],
    ),
    f(
        "nomor_izin",
        true,
        &[
            "nomor izin",
            "no izin",
            "sip3mi",
            "nomor sip3mi",
            "licence no",
            "izin",
        ],
    ),
    f(
        "berlaku_dari",
        false,
        &[
            "berlaku dari",
            "tanggal terbit",
            "valid from",
            "mulai berlaku",
        ],
    ),
    f(
        "berlaku_sampai",
        false,
        &["berlaku sampai", "masa berlaku", "valid until", "berakhir"],
    ),
    f("alamat", false, &["alamat", "address"]),
    f("cabang", false, &["cabang", "kantor cabang", "branches"]),
    f("job_order", false, &["job order", "sip2mi", "job orders"]),
];

const TIPS: &[FieldSpec] = &[
    ID,
    f(
        "kind",
        true,
        &["jenis", "jenis laporan", "jenis kasus", "kind", "kategori"],
    ),
    f(
        "narrative",
        true,
        &[
            "uraian",
            "isi laporan",
            "kronologi",
            "keterangan",
            "narrative",
            "laporan",
        ],
    ),
    f(
        "channel",
        false,
        &["saluran", "sumber laporan", "channel", "melalui"],
    ),
    f(
        "region_code",
        false,
        &["kode wilayah", "wilayah", "region code", "kabupaten kota"],
    ),
    f(
        "suspect_name",
        false,
        &[
            "nama terlapor",
            "terlapor",
            "nama calo",
            "nama sponsor",
            "suspect",
        ],
    ),
    f(
        "suspect_phone",
        false,
        &["hp terlapor", "telepon terlapor", "suspect phone"],
    ),
    f(
        "child_involved",
        false,
        &["anak", "melibatkan anak", "child"],
    ),
    f(
        "imminent_danger",
        false,
        &["bahaya", "dalam bahaya", "darurat", "danger"],
    ),
    f("consent", false, &["persetujuan", "setuju", "consent"]),
    f(
        "reporter_contact",
        false,
        &["kontak pelapor", "hp pelapor", "reporter contact"],
    ),
];

const OUTREACH: &[FieldSpec] = &[
    f(
        "held_on",
        true,
        &["tanggal", "tanggal kegiatan", "hari tanggal", "date"],
    ),
    f(
        "start_time",
        true,
        &["jam", "waktu", "jam mulai", "pukul", "time"],
    ),
    f(
        "kecamatan_code",
        true,
        &["kecamatan", "kode kecamatan", "kecamatan code"],
    ),
    f("place", true, &["tempat", "lokasi", "place", "venue"]),
    f(
        "title",
        true,
        &["judul", "kegiatan", "nama kegiatan", "title", "tema"],
    ),
    f(
        "agencies",
        false,
        &["lembaga", "instansi", "penyelenggara", "agencies"],
    ),
    f("audience", false, &["sasaran", "peserta", "audience"]),
    f(
        "expected_audience",
        false,
        &["jumlah peserta", "perkiraan peserta", "expected audience"],
    ),
    f("materials", false, &["materi", "bahan", "materials"]),
];

impl ImportKind {
    /// Every kind, in menu order.
    pub const ALL: [ImportKind; 5] = [
        ImportKind::People,
        ImportKind::Applicants,
        ImportKind::Registry,
        ImportKind::Tips,
        ImportKind::Outreach,
    ];

    /// The stable code (URLs, stored jobs, labels `imp_kind_<code>`).
    pub fn code(self) -> &'static str {
        match self {
            ImportKind::People => "people",
            ImportKind::Applicants => "applicants",
            ImportKind::Registry => "registry",
            ImportKind::Tips => "tips",
            ImportKind::Outreach => "outreach",
        }
    }

    /// The kind of a code.
    pub fn from_code(code: &str) -> Option<ImportKind> {
        ImportKind::ALL
            .into_iter()
            .find(|k| k.code() == code.trim())
    }

    /// Its fields, in form order.
    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            ImportKind::People => PEOPLE,
            ImportKind::Applicants => APPLICANTS,
            ImportKind::Registry => REGISTRY,
            ImportKind::Tips => TIPS,
            ImportKind::Outreach => OUTREACH,
        }
    }

    /// The permissions an importer needs.
    pub fn permissions(self) -> &'static [Permission] {
        match self {
            ImportKind::People => &[Permission::ImportPeople],
            ImportKind::Applicants => &[Permission::ImportPeople, Permission::ScreenApplicants],
            ImportKind::Registry => &[Permission::ImportPeople, Permission::CheckLicences],
            ImportKind::Tips => &[Permission::TriageTips],
            ImportKind::Outreach => &[Permission::Coordinate, Permission::ViewDashboard],
        }
    }
}

/// A header folded for comparison: lower case, runs of other characters as one space.
pub fn fold(header: &str) -> String {
    header
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The header a field most likely comes from: the field's own code, then its synonyms, each
/// compared folded; `None` when no header fits.
pub fn guess<'a>(field: &FieldSpec, headers: &'a [String]) -> Option<&'a String> {
    let code = fold(field.code);
    headers.iter().find(|h| fold(h) == code).or_else(|| {
        field
            .synonyms
            .iter()
            .find_map(|s| headers.iter().find(|h| fold(h) == *s))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_headers_map_to_the_standard_fields() {
        let headers: Vec<String> = ["No.", "Nama Lengkap", "NIK", "Tgl. Lahir", "No HP", "L/P"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let find = |code: &str| {
            let spec = ImportKind::People
                .fields()
                .iter()
                .find(|f| f.code == code)
                .unwrap();
            guess(spec, &headers).cloned()
        };
        assert_eq!(find("id").as_deref(), Some("No."));
        assert_eq!(find("full_name").as_deref(), Some("Nama Lengkap"));
        assert_eq!(find("nik").as_deref(), Some("NIK"));
        assert_eq!(find("birth_date").as_deref(), Some("Tgl. Lahir"));
        assert_eq!(find("phone").as_deref(), Some("No HP"));
        assert_eq!(find("sex").as_deref(), Some("L/P"));
        assert_eq!(find("address"), None);
        for k in ImportKind::ALL {
            assert_eq!(ImportKind::from_code(k.code()), Some(k));
            assert!(k.fields().iter().any(|f| f.required));
            for spec in k.fields() {
                for s in spec.synonyms {
                    assert_eq!(fold(s), *s, "synonyms are written folded");
                }
            }
        }
    }
}
