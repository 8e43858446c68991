//! What the generator writes: one row, its noise flags (ground truth for linkers), the counts
//! of a run and its errors.

/// What was done to one row, as bit flags. Ground truth for evaluating linkers and cleaners.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Noise(pub u32);

impl Noise {
    /// Name written in old (or modernised) spelling.
    pub const NAME_SPELLING: Noise = Noise(1);
    /// `Muhammad` written another way.
    pub const NAME_MUHAMMAD: Noise = Noise(1 << 1);
    /// A short form (Siti→St., Abdul→Abd., Nur↔Nurul, Ahmad→Achmad).
    pub const NAME_SHORT_FORM: Noise = Noise(1 << 2);
    /// Middle name dropped or reduced to an initial.
    pub const NAME_DROPPED: Noise = Noise(1 << 3);
    /// Two tokens joined (`Nur Hayati` → `Nurhayati`).
    pub const NAME_JOINED: Noise = Noise(1 << 4);
    /// Token order rotated.
    pub const NAME_ORDER: Noise = Noise(1 << 5);
    /// Title added (H., Hj., Drs., S.Pd.…).
    pub const NAME_TITLE: Noise = Noise(1 << 6);
    /// One typo in the name.
    pub const NAME_TYPO: Noise = Noise(1 << 7);
    /// NIK missing.
    pub const NIK_MISSING: Noise = Noise(1 << 8);
    /// One NIK digit replaced by another.
    pub const NIK_DIGIT_TYPO: Noise = Noise(1 << 9);
    /// Two adjacent NIK digits swapped.
    pub const NIK_TRANSPOSED: Noise = Noise(1 << 10);
    /// Birth date missing.
    pub const DATE_MISSING: Noise = Noise(1 << 11);
    /// Day and month swapped in the birth date.
    pub const DATE_SWAPPED: Noise = Noise(1 << 12);
    /// Birth year off by one.
    pub const DATE_YEAR_OFF: Noise = Noise(1 << 13);
    /// Phone missing.
    pub const PHONE_MISSING: Noise = Noise(1 << 14);
    /// Address missing.
    pub const ADDRESS_MISSING: Noise = Noise(1 << 15);
    /// Birth place missing.
    pub const BIRTH_PLACE_MISSING: Noise = Noise(1 << 16);
    /// Sex missing.
    pub const SEX_MISSING: Noise = Noise(1 << 17);
    /// This person's phone is also another person's (family or recruiter).
    pub const SHARED_PHONE: Noise = Noise(1 << 18);
    /// This person's address is also another person's (household).
    pub const SHARED_ADDRESS: Noise = Noise(1 << 19);
    /// The NIK was first issued in another kecamatan than the home.
    pub const NIK_REGION_MOVED: Noise = Noise(1 << 20);

    /// Every flag with its snake_case name.
    pub const ALL: [(Noise, &'static str); 21] = [
        (Noise::NAME_SPELLING, "name_spelling"),
        (Noise::NAME_MUHAMMAD, "name_muhammad"),
        (Noise::NAME_SHORT_FORM, "name_short_form"),
        (Noise::NAME_DROPPED, "name_dropped"),
        (Noise::NAME_JOINED, "name_joined"),
        (Noise::NAME_ORDER, "name_order"),
        (Noise::NAME_TITLE, "name_title"),
        (Noise::NAME_TYPO, "name_typo"),
        (Noise::NIK_MISSING, "nik_missing"),
        (Noise::NIK_DIGIT_TYPO, "nik_digit_typo"),
        (Noise::NIK_TRANSPOSED, "nik_transposed"),
        (Noise::DATE_MISSING, "date_missing"),
        (Noise::DATE_SWAPPED, "date_swapped"),
        (Noise::DATE_YEAR_OFF, "date_year_off"),
        (Noise::PHONE_MISSING, "phone_missing"),
        (Noise::ADDRESS_MISSING, "address_missing"),
        (Noise::BIRTH_PLACE_MISSING, "birth_place_missing"),
        (Noise::SEX_MISSING, "sex_missing"),
        (Noise::SHARED_PHONE, "shared_phone"),
        (Noise::SHARED_ADDRESS, "shared_address"),
        (Noise::NIK_REGION_MOVED, "nik_region_moved"),
    ];

    /// Whether every bit of `other` is set.
    pub fn contains(self, other: Noise) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }

    /// Names of the set flags.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Noise::ALL
            .into_iter()
            .filter(move |(f, _)| self.contains(*f))
            .map(|(_, n)| n)
    }
}

/// One synthetic record, as written to the CSV. Empty strings are missing values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthPerson {
    /// Row id, 1-based, in file order.
    pub id: u64,
    /// Ground truth: rows with the same `entity_id` are the same person.
    pub entity_id: u64,
    /// Name as written.
    pub full_name: String,
    /// Birth date as written.
    pub birth_date: String,
    /// Sex as written (`L`, `P`, `Laki-laki`, `Perempuan`, or empty).
    pub sex: String,
    /// Birth place (kab/kota) as written.
    pub birth_place: String,
    /// NIK as written (possibly corrupted, see `noise`).
    pub nik: String,
    /// Phone as written.
    pub phone: String,
    /// Address as written.
    pub address: String,
    /// Dotted kecamatan code of the home.
    pub region_code: String,
    /// What was done to this row (not written to the CSV).
    pub noise: Noise,
}

impl SynthPerson {
    /// The fields in [`HEADER`] order.
    pub fn fields(&self) -> [String; 10] {
        [
            self.id.to_string(),
            self.entity_id.to_string(),
            self.full_name.clone(),
            self.birth_date.clone(),
            self.sex.clone(),
            self.birth_place.clone(),
            self.nik.clone(),
            self.phone.clone(),
            self.address.clone(),
            self.region_code.clone(),
        ]
    }
}

/// Why writing failed.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    /// The CSV writer failed (disk full, closed pipe…).
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Flushing the output failed.
    #[error("writing output: {0}")]
    Io(#[from] std::io::Error),
}

/// Counts of what was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SynthStats {
    /// Rows written.
    pub rows: u64,
    /// Distinct entities.
    pub entities: u64,
    /// Rows whose entity has two or more rows.
    pub rows_in_multi_row_entities: u64,
    /// Rows with a NIK typo or transposition.
    pub nik_corrupted: u64,
    /// Rows without a NIK.
    pub nik_missing: u64,
}
