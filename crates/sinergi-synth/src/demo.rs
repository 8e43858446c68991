//! A handful of hand-written synthetic people with stable fields, for the web demo and its tests.
//!
//! They show the cases the demo walks through: one person recorded twice by two agencies
//! (entities 1 and 2), two *different* women with the same common name (entities 1 and 6), and a
//! recruiter's phone given by two different men (entities 4 and 5). Every NIK is valid and
//! consistent with the stated birth date and sex; all of it is invented.

use crate::{Noise, SynthPerson};

#[allow(clippy::too_many_arguments)]
fn p(
    id: u64,
    entity_id: u64,
    full_name: &str,
    birth_date: &str,
    sex: &str,
    birth_place: &str,
    nik: &str,
    phone: &str,
    address: &str,
    region_code: &str,
    noise: Noise,
) -> SynthPerson {
    SynthPerson {
        id,
        entity_id,
        full_name: full_name.into(),
        birth_date: birth_date.into(),
        sex: sex.into(),
        birth_place: birth_place.into(),
        nik: nik.into(),
        phone: phone.into(),
        address: address.into(),
        region_code: region_code.into(),
        noise,
    }
}

/// Nine fixed rows of seven synthetic people. Stable across versions: the demo and its
/// snapshots rely on them.
pub fn demo_people() -> Vec<SynthPerson> {
    let none = Noise::default();
    vec![
        p(
            1,
            1,
            "Siti Aminah",
            "14/03/1995",
            "P",
            "Malang",
            "3507045403950001",
            "0812-3456-0001",
            "Dusun Krajan, RT 003/RW 002, Desa Tambakasri, Kec. Sumbermanjing Wetan",
            "35.07.04",
            none,
        ),
        p(
            2,
            1,
            "ST. AMINAH",
            "1995-03-14",
            "P",
            "KAB. MALANG",
            "3507045403950001",
            "+62 812-3456-0001",
            "DSN. KRAJAN RT.3/RW.2 DS. TAMBAKASRI KEC. SUMBERMANJING WETAN",
            "35.07.04",
            Noise(Noise::NAME_SHORT_FORM.0),
        ),
        p(
            3,
            2,
            "Muhammad Rizky Ramadhan",
            "02/11/1998",
            "L",
            "Malang",
            "3507110211980003",
            "0857-1234-5678",
            "Jl. Raya Kalipare No. 21, RT 001/RW 004, Desa Kalipare, Kec. Kalipare",
            "35.07.11",
            none,
        ),
        p(
            4,
            2,
            "M. RIZKI RAMADHAN",
            "2/11/1998",
            "L",
            "MALANG",
            "",
            "6285712345678",
            "Ds. Kalipare Kec. Kalipare",
            "35.07.11",
            Noise(Noise::NAME_MUHAMMAD.0 | Noise::NAME_SHORT_FORM.0 | Noise::NIK_MISSING.0),
        ),
        p(
            5,
            3,
            "Sri Wahyuni",
            "21/07/1988",
            "P",
            "Malang",
            "3507096107880002",
            "0821-3344-5566",
            "Jl. Mawar No. 7, RT 002/RW 001, Desa Talok, Kec. Turen",
            "35.07.09",
            none,
        ),
        p(
            6,
            4,
            "Agus Santoso",
            "05/01/1985",
            "L",
            "Malang",
            "3573030501850004",
            "0813-3300-7788",
            "Jl. Ki Ageng Gribig No. 40, RT 005/RW 003, Kel. Madyopuro, Kec. Kedungkandang",
            "35.73.03",
            Noise(Noise::SHARED_PHONE.0),
        ),
        p(
            7,
            5,
            "Budi Santoso",
            "17/08/1983",
            "L",
            "Batu",
            "3579011708830002",
            "+62 813-3300-7788",
            "Jl. Diponegoro No. 12, RT 004/RW 006, Kel. Sisir, Kec. Batu",
            "35.79.01",
            Noise(Noise::SHARED_PHONE.0),
        ),
        p(
            8,
            6,
            "Siti Aminah",
            "09/09/1990",
            "P",
            "Malang",
            "3507054909900001",
            "0852-5566-7711",
            "Dusun Sumberejo, RT 010/RW 003, Desa Pamotan, Kec. Dampit",
            "35.07.05",
            none,
        ),
        p(
            9,
            7,
            "Nur Hasanah",
            "30/12/2001",
            "P",
            "Malang",
            "3507297012010005",
            "0896-1122-3344",
            "Dusun Krajan, RT 002/RW 001, Desa Sindurejo, Kec. Gedangan",
            "35.07.29",
            none,
        ),
    ]
}
