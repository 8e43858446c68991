//! Column headers as agencies write them. An export from an Indonesian office
//! says `Nama Lengkap`, `Tgl Lahir`, `L/P`, `No. KTP`, `No HP`, `Alamat
//! Domisili`; a standard file says `full_name`, `birth_date` ... Both are
//! recognised without a settings file, by comparing a folded form of the header
//! (lowercase, punctuation and underscores as spaces) with the names below.

use crate::schema::FieldKind;
use crate::standardise::id::IdScheme;

/// A standard field and the header texts that mean it (folded).
pub struct KnownField {
    /// The field's standard name (also the name used in explanations).
    pub name: &'static str,
    /// Its kind.
    pub kind: FieldKind,
    /// Identifier scheme, for identifiers.
    pub scheme: IdScheme,
    /// Folded header texts that mean this field.
    pub headers: &'static [&'static str],
}

/// Header texts of the record id (folded).
pub const ID_HEADERS: &[&str] = &[
    "id",
    "record id",
    "no",
    "nomor",
    "no urut",
    "nomor urut",
    "id pemohon",
    "id data",
];

/// Header texts of a full name (folded).
pub const FULL_NAME: &[&str] = &[
    "full name",
    "name",
    "nama",
    "nama lengkap",
    "nama pemohon",
    "nama pekerja",
    "nama cpmi",
    "nama pmi",
    "nama tki",
    "nama calon pmi",
    "nama sesuai ktp",
];
/// Header texts of a given name (folded).
pub const GIVEN_NAME: &[&str] = &["given name", "first name", "nama depan"];
/// Header texts of a family name (folded).
pub const FAMILY_NAME: &[&str] = &["family name", "last name", "surname", "nama belakang"];

/// The other standard fields, in schema order.
pub const KNOWN: &[KnownField] = &[
    KnownField {
        name: "birth_date",
        kind: FieldKind::Date,
        scheme: IdScheme::Generic,
        headers: &[
            "birth date",
            "date of birth",
            "dob",
            "tgl lahir",
            "tanggal lahir",
            "tgl lhr",
            "tanggal lhr",
        ],
    },
    KnownField {
        name: "sex",
        kind: FieldKind::Category,
        scheme: IdScheme::Generic,
        headers: &[
            "sex",
            "gender",
            "jenis kelamin",
            "jk",
            "l p",
            "kelamin",
            "jenis kel",
            "j k",
        ],
    },
    KnownField {
        name: "birth_place",
        kind: FieldKind::Text,
        scheme: IdScheme::Generic,
        headers: &[
            "birth place",
            "place of birth",
            "tempat lahir",
            "tmp lahir",
            "tpt lahir",
            "tmpt lahir",
        ],
    },
    KnownField {
        name: "nik",
        kind: FieldKind::Identifier,
        scheme: IdScheme::Nik,
        headers: &[
            "nik",
            "no ktp",
            "nomor ktp",
            "ktp",
            "no nik",
            "nomor nik",
            "nik ktp",
            "nomor induk kependudukan",
            "no induk kependudukan",
        ],
    },
    KnownField {
        name: "passport_no",
        kind: FieldKind::Identifier,
        scheme: IdScheme::Passport,
        headers: &[
            "passport no",
            "passport number",
            "passport",
            "no paspor",
            "nomor paspor",
            "paspor",
            "no passport",
        ],
    },
    KnownField {
        name: "phone",
        kind: FieldKind::Phone,
        scheme: IdScheme::Generic,
        headers: &[
            "phone",
            "phone number",
            "mobile",
            "no hp",
            "nomor hp",
            "hp",
            "no telp",
            "no telepon",
            "nomor telepon",
            "telepon",
            "telp",
            "no handphone",
            "handphone",
            "no wa",
            "nomor wa",
            "whatsapp",
        ],
    },
    KnownField {
        name: "address",
        kind: FieldKind::Address,
        scheme: IdScheme::Generic,
        headers: &[
            "address",
            "alamat",
            "alamat domisili",
            "alamat lengkap",
            "alamat ktp",
            "alamat rumah",
            "domisili",
            "alamat tinggal",
        ],
    },
    KnownField {
        name: "region_code",
        kind: FieldKind::Category,
        scheme: IdScheme::Generic,
        headers: &[
            "region code",
            "kode wilayah",
            "kode daerah",
            "kode kab kota",
            "kode wil",
        ],
    },
];

/// Folds a header: byte-order mark dropped, lowercase, every run of
/// punctuation, underscores and spaces becomes one space (`No. KTP` → `no ktp`,
/// `L/P` → `l p`, `Tgl_Lahir` → `tgl lahir`).
pub fn fold_header(h: &str) -> String {
    let h = h.trim_start_matches('\u{feff}');
    let mut out = String::with_capacity(h.len());
    for c in h.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    let t = out.trim_end().len();
    out.truncate(t);
    out
}

/// The header (as written) whose folded form is one of `names`, the earlier
/// name first (`id` before `no`).
pub fn find<'h>(headers: &[&'h str], names: &[&str]) -> Option<&'h str> {
    let folded: Vec<String> = headers.iter().map(|h| fold_header(h)).collect();
    names
        .iter()
        .find_map(|n| folded.iter().position(|f| f == n).map(|i| headers[i]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_fold() {
        assert_eq!(fold_header("No. KTP"), "no ktp");
        assert_eq!(fold_header("L/P"), "l p");
        assert_eq!(fold_header(" Tgl_Lahir "), "tgl lahir");
        assert_eq!(fold_header("\u{feff}Nama Lengkap"), "nama lengkap");
        assert_eq!(
            find(&["No", "Nama Lengkap"], FULL_NAME),
            Some("Nama Lengkap")
        );
        assert_eq!(find(&["No", "ID"], ID_HEADERS), Some("ID"));
    }
}
