//! Pure helpers of the dashboards: where a stored region code falls in a breakdown, small-cell
//! masking, months of a period and medians. No IO.

use super::{Area, Cell, Median, SMALL_CELL_K};
use sinergi_domain::region::{RegionCode, RegionLevel};
use time::{Date, Month};

/// Where a stored region code (`""` when none was recorded) falls when a region is broken down
/// into its regions of `level`.
pub(crate) fn area_of(stored: &str, level: RegionLevel) -> Area {
    match RegionCode::parse(stored) {
        Err(_) => Area::Unrecorded,
        Ok(code) => match code.truncate(level) {
            Some(c) => Area::Region(c),
            None => Area::Above(code),
        },
    }
}

/// A count as shown: masked as "fewer than k" when `small_cells` applies and it is 1..k-1.
pub(crate) fn cell(n: i64, small_cells: bool) -> Cell {
    if small_cells && n > 0 && n < SMALL_CELL_K {
        Cell::Small
    } else {
        Cell::Count(n)
    }
}

/// Secondary suppression over the cells of a group that adds up to a shown total: when exactly
/// one is masked, the smallest other non-zero one is hidden as well.
pub(crate) fn protect(cells: &mut [Cell]) {
    if cells.iter().filter(|c| **c == Cell::Small).count() != 1 {
        return;
    }
    let smallest = cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            Cell::Count(n) if *n > 0 => Some((*n, i)),
            _ => None,
        })
        .min();
    if let Some(c) = smallest.and_then(|(_, i)| cells.get_mut(i)) {
        *c = Cell::Hidden;
    }
}

/// [`protect`] over the cells of `(label, cell)` pairs.
pub(crate) fn protect_pairs<K>(items: &mut [(K, Cell)]) {
    let mut cells: Vec<Cell> = items.iter().map(|(_, c)| *c).collect();
    protect(&mut cells);
    for ((_, c), p) in items.iter_mut().zip(cells) {
        *c = p;
    }
}

/// The months `(year, month)` a period touches, first to last.
pub(crate) fn months(from: Date, to: Date) -> Vec<(i32, u8)> {
    let mut out = Vec::new();
    let (mut y, mut m) = (from.year(), u8::from(from.month()));
    let end = (to.year(), u8::from(to.month()));
    while (y, m) <= end {
        out.push((y, m));
        if m == 12 {
            y += 1;
            m = 1;
        } else {
            m += 1;
        }
    }
    out
}

/// The month of a day number (days since 01/01/1970).
pub(crate) fn month_of_day(day: i64) -> Option<(i32, u8)> {
    let d = Date::from_calendar_date(1970, Month::January, 1)
        .ok()?
        .checked_add(time::Duration::days(day))?;
    Some((d.year(), u8::from(d.month())))
}

/// The month of a stored `yyyy-mm` (or `yyyy-mm-dd`) text.
pub(crate) fn month_of_text(text: &str) -> Option<(i32, u8)> {
    let y = text.get(0..4)?.parse().ok()?;
    let m = text.get(5..7)?.parse().ok()?;
    (1..=12).contains(&m).then_some((y, m))
}

/// A stored `yyyy-mm-dd` as a date.
pub(crate) fn day_of_text(text: &str) -> Option<Date> {
    let (y, m) = month_of_text(text)?;
    let d: u8 = text.get(8..10)?.parse().ok()?;
    Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()
}

/// The median of durations in days: `None` without any, masked with fewer than k when
/// `small_cells` applies.
pub(crate) fn median(mut days: Vec<f64>, small_cells: bool) -> Median {
    if days.is_empty() {
        return Median::None;
    }
    if small_cells && (days.len() as i64) < SMALL_CELL_K {
        return Median::Small;
    }
    days.sort_by(f64::total_cmp);
    let n = days.len();
    let mid = n / 2;
    let value = if n % 2 == 1 {
        days.get(mid).copied().unwrap_or(0.0)
    } else {
        (days.get(mid - 1).copied().unwrap_or(0.0) + days.get(mid).copied().unwrap_or(0.0)) / 2.0
    };
    Median::Days { value, of: n }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn codes_fall_into_the_region_below_or_above_it() {
        let kab = RegionCode::parse("35.07").unwrap();
        assert_eq!(
            area_of("35.07.04", RegionLevel::KabupatenKota),
            Area::Region(kab)
        );
        assert_eq!(area_of("35.07", RegionLevel::Kecamatan), Area::Above(kab));
        assert_eq!(area_of("", RegionLevel::Kecamatan), Area::Unrecorded);
        assert_eq!(area_of("x", RegionLevel::Kecamatan), Area::Unrecorded);
    }

    #[test]
    fn one_to_four_are_masked_only_where_asked() {
        assert_eq!(cell(0, true), Cell::Count(0));
        assert_eq!(cell(1, true), Cell::Small);
        assert_eq!(cell(4, true), Cell::Small);
        assert_eq!(cell(5, true), Cell::Count(5));
        assert_eq!(cell(3, false), Cell::Count(3));
    }

    #[test]
    fn a_lone_masked_cell_takes_the_smallest_other_with_it() {
        use Cell::{Count, Hidden, Small};
        let mut cells = [Count(9), Small, Count(6), Count(0)];
        protect(&mut cells);
        assert_eq!(cells, [Count(9), Small, Hidden, Count(0)]);
        let mut two = [Count(9), Small, Small];
        protect(&mut two);
        assert_eq!(
            two,
            [Count(9), Small, Small],
            "two masked cells protect each other"
        );
        let mut alone = [Small, Count(0)];
        protect(&mut alone);
        assert_eq!(alone, [Small, Count(0)]);
        let mut pairs = [("a", Count(7)), ("b", Small), ("c", Count(5))];
        protect_pairs(&mut pairs);
        assert_eq!(pairs, [("a", Count(7)), ("b", Small), ("c", Hidden)]);
    }

    #[test]
    fn months_cross_the_year() {
        assert_eq!(
            months(date!(2025 - 11 - 30), date!(2026 - 02 - 01)),
            vec![(2025, 11), (2025, 12), (2026, 1), (2026, 2)]
        );
        assert_eq!(month_of_day(0), Some((1970, 1)));
        assert_eq!(month_of_day(20_454), Some((2026, 1)));
        assert_eq!(month_of_text("2026-03-09"), Some((2026, 3)));
        assert_eq!(month_of_text("2026-13"), None);
        assert_eq!(day_of_text("2026-03-09"), Some(date!(2026 - 03 - 09)));
    }

    #[test]
    fn median_of_odd_and_even_counts_and_masked_when_few() {
        assert_eq!(median(vec![], false), Median::None);
        assert_eq!(
            median(vec![5.0, 1.0, 3.0], false),
            Median::Days { value: 3.0, of: 3 }
        );
        assert_eq!(
            median(vec![4.0, 1.0, 3.0, 2.0], false),
            Median::Days { value: 2.5, of: 4 }
        );
        assert_eq!(median(vec![1.0, 2.0], true), Median::Small);
    }
}
