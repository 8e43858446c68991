//! Time as a parameter: every rule that depends on "now" takes a [`Clock`].
//!
//! Sinergi shows and reasons in Asia/Jakarta time (WIB, UTC+7, no daylight saving).

use time::{OffsetDateTime, UtcOffset};

/// Western Indonesia Time (WIB), the zone of Malang Raya: UTC+7 all year.
pub const WIB: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

/// A source of the current instant. Tests use [`FixedClock`]; the server uses [`SystemClock`].
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> OffsetDateTime;
    /// The current instant in WIB.
    fn now_wib(&self) -> OffsetDateTime {
        self.now().to_offset(WIB)
    }
}

/// The real clock of the machine.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)] // the one place allowed to read the wall clock
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that always answers the same instant, for tests and reproducible runs.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub OffsetDateTime);

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        self.0
    }
}

/// A clock that tests move by hand (deadlines, expiry, one-time-password steps).
#[derive(Debug)]
pub struct ManualClock(std::sync::Mutex<OffsetDateTime>);

impl ManualClock {
    /// A clock standing at `t`.
    pub fn new(t: OffsetDateTime) -> Self {
        ManualClock(std::sync::Mutex::new(t))
    }

    /// Moves the clock forward (or back, with a negative duration).
    pub fn advance(&self, by: time::Duration) {
        if let Ok(mut t) = self.0.lock() {
            *t += by;
        }
    }

    /// Sets the clock.
    pub fn set(&self, to: OffsetDateTime) {
        if let Ok(mut t) = self.0.lock() {
            *t = to;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        self.0
            .lock()
            .map(|t| *t)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }
}

/// Milliseconds since the Unix epoch, the storage form of every instant.
pub fn to_millis(t: OffsetDateTime) -> i64 {
    (t.unix_timestamp_nanos() / 1_000_000) as i64
}

/// The instant of a stored millisecond timestamp; out-of-range values clamp to the epoch.
pub fn from_millis(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Formats an instant as Indonesians read it: `dd/mm/yyyy HH:MM WIB`.
pub fn format_wib(t: OffsetDateTime) -> String {
    let t = t.to_offset(WIB);
    format!(
        "{:02}/{:02}/{:04} {:02}:{:02} WIB",
        t.day(),
        u8::from(t.month()),
        t.year(),
        t.hour(),
        t.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn wib_is_seven_hours_ahead_of_utc() {
        let t = datetime!(2026-11-28 20:30 UTC);
        assert_eq!(format_wib(t), "29/11/2026 03:30 WIB");
    }

    #[test]
    fn manual_clock_moves() {
        let c = ManualClock::new(datetime!(2026-01-01 00:00 UTC));
        c.advance(time::Duration::hours(25));
        assert_eq!(c.now(), datetime!(2026-01-02 01:00 UTC));
        c.set(datetime!(2027-01-01 00:00 UTC));
        assert_eq!(c.now().year(), 2027);
    }

    #[test]
    fn millis_round_trip() {
        let t = datetime!(2026-01-02 03:04:05.678 UTC);
        assert_eq!(from_millis(to_millis(t)), t);
    }
}
