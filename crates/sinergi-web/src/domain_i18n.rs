//! Translations for the rules of the field (region history, charges, legal stages, KUHAP regime,
//! duty to report, retention): `(key, Bahasa Indonesia, English)`. Kept apart from the core table
//! so that feature teams do not edit each other's lines.

/// The domain-rule translations.
pub const DOMAIN_I18N: &[(&str, &str, &str)] = &[
    (
        "nik_region_unknown",
        "Kode wilayah NIK tidak ada di daftar kode wilayah sekarang maupun lama. Periksa KTP; bila benar, centang persetujuan di bawah NIK.",
        "The NIK's region code is in neither the current nor an earlier code list. Check the KTP; if it is right, tick the acceptance under the NIK.",
    ),
    (
        "nik_region_accept",
        "KTP sudah diperiksa: terima NIK dengan kode wilayah yang tidak dikenal",
        "KTP checked: accept the NIK with an unknown region code",
    ),
    (
        "indicator_same_fact",
        "fakta yang sama dengan indikator yang lebih berat: tidak dihitung lagi",
        "same fact as a heavier indicator: not counted again",
    ),
    (
        "regime_old_kuhap",
        "KUHAP 1981 (UU 8/1981)",
        "KUHAP 1981 (UU 8/1981)",
    ),
    (
        "regime_new_kuhap",
        "KUHAP 2025 (UU 20/2025)",
        "KUHAP 2025 (UU 20/2025)",
    ),
    (
        "deadline_spdp",
        "SPDP ke jaksa paling lambat",
        "SPDP to the prosecutor due",
    ),
    (
        "deadline_prosecutor_notice",
        "Jaksa menyatakan berkas lengkap/belum (P-18) paling lambat",
        "Prosecutor's complete/incomplete notice (P-18) due",
    ),
    (
        "deadline_prosecutor_return",
        "Jaksa mengembalikan berkas (P-19) paling lambat",
        "Prosecutor's return of the file (P-19) due",
    ),
    (
        "deadline_investigator_return",
        "Penyidik menyerahkan kembali berkas paling lambat",
        "Investigator's return of the completed file due",
    ),
];
