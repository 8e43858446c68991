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
];
