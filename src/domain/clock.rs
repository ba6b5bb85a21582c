//! Time as people read it. Every moment is stored in UTC as `2026-11-27T01:02:03.456Z`;
//! every time a person reads (screens, the meeting record, exports, log lines, the
//! certificate's date) is shown in the installation's zone: the `timezone` setting, an
//! IANA name, `Asia/Shanghai` unless set. The arithmetic is jiff's, with its bundled
//! time-zone database, so a server without `/usr/share/zoneinfo` shows the same times.

use std::sync::OnceLock;

use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

/// The zone used when the `timezone` setting is not given.
pub const DEFAULT_ZONE: &str = "Asia/Shanghai";

/// A named time zone.
#[derive(Debug, Clone)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

impl Zone {
    /// The zone of an IANA name (`Asia/Shanghai`, `UTC`, `Europe/Berlin`).
    pub fn named(name: &str) -> Result<Zone, String> {
        let name = name.trim();
        if name.is_empty() {
            return Err(format!("a time zone is needed, such as {DEFAULT_ZONE} or UTC"));
        }
        TimeZone::get(name)
            .map(|tz| Zone {
                name: name.to_string(),
                tz,
            })
            .map_err(|_| {
                format!("`{name}` is not a time zone of the IANA database (such as {DEFAULT_ZONE}, Asia/Urumqi or UTC)")
            })
    }

    /// The default zone.
    pub fn default_zone() -> Zone {
        Zone::named(DEFAULT_ZONE).expect("the bundled tz database has Asia/Shanghai")
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The zone's name and its offset from UTC now: `Asia/Shanghai, UTC+08:00`.
    pub fn label(&self) -> String {
        self.label_at(Timestamp::now())
    }

    /// [`Zone::label`] at a given moment (offsets change with summer time).
    pub fn label_at(&self, at: Timestamp) -> String {
        let offset = self.tz.to_offset(at);
        let seconds = offset.seconds();
        let sign = if seconds < 0 { '-' } else { '+' };
        let (h, m) = (seconds.unsigned_abs() / 3600, seconds.unsigned_abs() % 3600 / 60);
        format!("{}, UTC{sign}{h:02}:{m:02}", self.name)
    }

    /// A stored moment in this zone; `None` for text that is not a stored moment.
    pub fn local(&self, stored: &str) -> Option<ZonedDateTime> {
        parse(stored).map(|t| t.to_zoned_datetime(self.tz.clone()))
    }

    /// A stored moment as `2026-11-27 09:02:03` in this zone; other text as it is.
    pub fn date_time(&self, stored: &str) -> String {
        self.local(stored)
            .map_or_else(|| stored.to_string(), |z| z.strftime("%Y-%m-%d %H:%M:%S").to_string())
    }

    /// A moment for a log line: `2026-11-27T09:02:03.456+08:00`.
    pub fn log_time(&self, t: std::time::SystemTime) -> String {
        let ts = Timestamp::try_from(t).unwrap_or(Timestamp::UNIX_EPOCH);
        ts.to_zoned_datetime(self.tz.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%.3f%:z")
            .to_string()
    }

    /// The local date of a stored moment, `2026-11-27`; other text as it is.
    pub fn date(&self, stored: &str) -> String {
        self.local(stored)
            .map_or_else(|| stored.to_string(), |z| z.strftime("%Y-%m-%d").to_string())
    }
}

static ZONE: OnceLock<Zone> = OnceLock::new();

/// Sets the installation's zone, once, when the program starts (later calls are
/// ignored: times must not change zone while a server runs).
pub fn set_zone(zone: Zone) {
    let _ = ZONE.set(zone);
}

/// The installation's zone ([`DEFAULT_ZONE`] until [`set_zone`]).
pub fn zone() -> &'static Zone {
    ZONE.get_or_init(Zone::default_zone)
}

/// A stored moment, or `None`.
pub fn parse(stored: &str) -> Option<Timestamp> {
    stored.trim().parse::<Timestamp>().ok()
}

/// A point in time in the stored form (UTC, milliseconds).
pub fn stored(t: std::time::SystemTime) -> String {
    let ts = Timestamp::try_from(t).unwrap_or(Timestamp::UNIX_EPOCH);
    ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_moments_are_shown_in_the_zone() {
        let bj = Zone::default_zone();
        assert_eq!(bj.date_time("2026-11-27T01:02:03.456Z"), "2026-11-27 09:02:03");
        // After 16:00 UTC it is already the next day in Beijing.
        assert_eq!(bj.date("2026-11-27T16:30:00.000Z"), "2026-11-28");
        assert_eq!(bj.date_time("not a time"), "not a time");
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_millis(1_795_741_323_456);
        assert_eq!(bj.log_time(t), "2026-11-27T09:02:03.456+08:00");
        let utc = Zone::named("UTC").unwrap();
        assert_eq!(utc.date_time("2026-11-27T01:02:03.456Z"), "2026-11-27 01:02:03");
        assert_eq!(
            bj.label_at(parse("2026-11-27T00:00:00Z").unwrap()),
            "Asia/Shanghai, UTC+08:00"
        );
        // Summer time moves the offset.
        let berlin = Zone::named("Europe/Berlin").unwrap();
        assert_eq!(berlin.date_time("2026-07-01T10:00:00Z"), "2026-07-01 12:00:00");
        assert_eq!(berlin.date_time("2026-01-01T10:00:00Z"), "2026-01-01 11:00:00");
        assert_eq!(
            Zone::named("America/St_Johns")
                .unwrap()
                .label_at(parse("2026-01-01T00:00:00Z").unwrap()),
            "America/St_Johns, UTC-03:30"
        );
    }

    #[test]
    fn a_zone_not_in_the_database_is_refused_by_name() {
        for bad in ["Asia/Beijing", "", "  ", "UTC+8", "../etc/passwd"] {
            let e = Zone::named(bad).unwrap_err();
            assert!(e.contains("time zone"), "{bad}: {e}");
        }
    }

    #[test]
    fn the_stored_form_is_utc_with_milliseconds() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_millis(1_795_741_323_456);
        let s = stored(t);
        assert_eq!(s, "2026-11-27T01:02:03.456Z");
        assert_eq!(parse(&s), Some(Timestamp::from_millisecond(1_795_741_323_456).unwrap()));
        assert_eq!(stored(std::time::UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
    }
}
