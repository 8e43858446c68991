//! Synthetic home addresses in Jawa Timur villages, and the ways agencies abbreviate them
//! (`Jl.`/`Jln.`/`Jalan`, `Ds.`/`Desa`, `Kec.`, `RT 003/RW 005` vs `RT.3 RW.5`).

use crate::rng::Rng;

const STREETS: &[&str] = &[
    "Mawar",
    "Melati",
    "Kenanga",
    "Anggrek",
    "Diponegoro",
    "Sudirman",
    "Ahmad Yani",
    "Gajah Mada",
    "Hayam Wuruk",
    "Kartini",
    "Pahlawan",
    "Merdeka",
    "Pattimura",
    "Brawijaya",
    "Veteran",
    "Imam Bonjol",
    "Cempaka",
    "Flamboyan",
    "Dahlia",
    "Kemuning",
    "Teratai",
    "Masjid",
    "Pemuda",
    "Kauman",
    "Pasar",
    "Sekolah",
    "Sunan Kalijaga",
    "Sunan Ampel",
    "Wahid Hasyim",
    "Raya",
    "Kawi",
    "Semeru",
    "Bromo",
    "Arjuno",
    "Kelud",
    "Cokroaminoto",
    "Panglima Sudirman",
    "Trunojoyo",
    "Ronggowarsito",
    "Nusantara",
];

const DUSUN: &[&str] = &[
    "Krajan",
    "Krajan Lor",
    "Krajan Kidul",
    "Sumberejo",
    "Ngadirejo",
    "Sukorejo",
    "Tegalrejo",
    "Karanganyar",
    "Wonorejo",
    "Sidomulyo",
    "Jatirejo",
    "Purworejo",
    "Sumbersari",
    "Sidorejo",
    "Kebonsari",
    "Gondang",
    "Sumberwaru",
    "Rejosari",
    "Tanjungsari",
    "Ngemplak",
];

/// A home: the structured truth behind the address strings.
#[derive(Debug, Clone)]
pub struct Home {
    /// `Some((street, number))` for a street address, `None` for a dusun address.
    pub street: Option<(&'static str, u16)>,
    /// Dusun (hamlet) name for village addresses.
    pub dusun: &'static str,
    /// Rukun Tetangga.
    pub rt: u8,
    /// Rukun Warga.
    pub rw: u8,
    /// Desa or kelurahan name.
    pub desa: &'static str,
    /// Whether it is a kelurahan (urban) rather than a desa.
    pub kelurahan: bool,
    /// Kecamatan name.
    pub kecamatan: &'static str,
    /// Kabupaten/kota name (`Kabupaten Malang`).
    pub kabkota: &'static str,
}

impl Home {
    /// A random home in the given village.
    pub fn random(
        rng: &mut Rng,
        desa: &'static str,
        kelurahan: bool,
        kecamatan: &'static str,
        kabkota: &'static str,
    ) -> Home {
        let street_address = kelurahan || rng.chance(0.35);
        Home {
            street: street_address.then(|| {
                (
                    *rng.pick(STREETS).unwrap_or(&"Raya"),
                    rng.range(1, 150) as u16,
                )
            }),
            dusun: rng.pick(DUSUN).copied().unwrap_or("Krajan"),
            rt: rng.range(1, 12) as u8,
            rw: rng.range(1, 8) as u8,
            desa,
            kelurahan,
            kecamatan,
            kabkota,
        }
    }

    /// The address as one agency writes it: abbreviations, RT/RW style and case vary per call.
    pub fn write(&self, rng: &mut Rng) -> String {
        let mut parts: Vec<String> = Vec::with_capacity(5);
        match self.street {
            Some((name, no)) => {
                let jl = ["Jl.", "Jl.", "Jl.", "Jln.", "Jalan", "JL."][rng.below(6)];
                let nomor = ["No.", "No.", "No", "Nomor", "no."][rng.below(5)];
                if rng.chance(0.9) {
                    parts.push(format!("{jl} {name} {nomor} {no}"));
                } else {
                    parts.push(format!("{jl} {name}"));
                }
            }
            None => {
                let d = ["Dusun", "Dsn.", "Dsn", "Dusun"][rng.below(4)];
                parts.push(format!("{d} {}", self.dusun));
            }
        }
        let (rt, rw) = (self.rt, self.rw);
        let rtrw = match rng.below(7) {
            0 | 1 => format!("RT {rt:03}/RW {rw:03}"),
            2 => format!("RT {rt:02} RW {rw:02}"),
            3 => format!("RT.{rt}/RW.{rw}"),
            4 => format!("RT/RW {rt:03}/{rw:03}"),
            5 => format!("Rt {rt} Rw {rw}"),
            _ => format!("RT {rt:03} RW {rw:03}"),
        };
        if rng.chance(0.92) {
            parts.push(rtrw);
        }
        let desa = if self.kelurahan {
            ["Kel.", "Kelurahan", "Kel."][rng.below(3)]
        } else {
            ["Ds.", "Desa", "Desa", "Ds"][rng.below(4)]
        };
        parts.push(format!("{desa} {}", self.desa));
        if rng.chance(0.9) {
            let kec = ["Kec.", "Kec.", "Kecamatan", "Kec"][rng.below(4)];
            parts.push(format!("{kec} {}", self.kecamatan));
        }
        if rng.chance(0.3) {
            let kab = if let Some(rest) = self.kabkota.strip_prefix("Kabupaten ") {
                if rng.chance(0.6) {
                    format!("Kab. {rest}")
                } else {
                    self.kabkota.to_string()
                }
            } else {
                self.kabkota.to_string()
            };
            parts.push(kab);
        }
        let sep = if rng.chance(0.8) { ", " } else { " " };
        let text = parts.join(sep);
        if rng.chance(0.35) {
            text.to_uppercase()
        } else {
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_village_and_street_addresses() {
        let mut r = Rng::new(9);
        let h = Home::random(
            &mut r,
            "Tambakasri",
            false,
            "Sumbermanjing Wetan",
            "Kabupaten Malang",
        );
        for _ in 0..50 {
            let a = h.write(&mut r).to_lowercase();
            assert!(a.contains("tambakasri"), "{a}");
        }
        let k = Home::random(&mut r, "Klojen", true, "Klojen", "Kota Malang");
        assert!(k.street.is_some());
        assert!(k.write(&mut r).to_lowercase().contains("kel"));
    }
}
