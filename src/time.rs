//! Instants and durations on the command line and in files: `--as-of`, `--since`, the config's
//! `stale_after` / `review_every` / grace periods, `reviewed:` dates and activity records.
//! Civil dates are UTC; no time zone database is needed for any of them.
//!
//! The calendar, the RFC 3339 timestamps and the duration syntax are [`jiff`]'s: this module only
//! chooses which of jiff's forms ownlint accepts and turns them into seconds since the epoch.
//! Every input may come from a hostile repository, so nothing here indexes into the text: shapes
//! are checked byte by byte before jiff reads them, and every instant is kept inside jiff's
//! range (years -9999 to 9999), so that arithmetic on the seconds cannot overflow.

use jiff::civil::{Date, Time};
use jiff::tz::Offset;
use jiff::{Span, Timestamp};

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// `YYYY-MM-DD` of an instant (UTC); an instant outside the years -9999 to 9999 (a commit
/// with a forged time, say) is written `@SECONDS`, as `--as-of` takes it.
pub fn format_date(seconds: i64) -> String {
    match Timestamp::from_second(seconds) {
        Ok(instant) => {
            // Written digit by digit for four-digit years: a report of 18,000 findings formats
            // as many dates, and interpreting the strftime format each time was a tenth of
            // writing them (benches/pattern_shapes.rs's `chromium` shape).
            let date = Offset::UTC.to_datetime(instant).date();
            if (1000..=9999).contains(&date.year()) {
                format!("{}-{:02}-{:02}", date.year(), date.month(), date.day())
            } else {
                instant.strftime("%Y-%m-%d").to_string()
            }
        }
        Err(_) => format!("@{seconds}"),
    }
}

/// Parses `YYYY-MM-DD` (a real calendar date) to the instant of its start (UTC).
pub fn parse_date(text: &str) -> Option<i64> {
    let bytes = text.trim().as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = bytes.get(range)?;
        part.iter().try_fold(0i64, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
        })
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let date = Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()?;
    let start = Offset::UTC.to_timestamp(date.to_datetime(Time::midnight()));
    Some(start.ok()?.as_second())
}

/// How a piece of hostile text is shown in a one-line message: inside backticks, with control
/// characters (a newline in a YAML string, say) escaped.
fn shown(text: &str) -> String {
    format!("`{}`", text.escape_debug())
}

/// Parses an instant: `YYYY-MM-DD` (start of day, UTC), an RFC 3339 timestamp such as
/// `YYYY-MM-DDTHH:MM:SSZ` or with a `±HH:MM` offset, or `@SECONDS` since the epoch.
pub fn parse_instant(text: &str) -> Result<i64, String> {
    let text = text.trim();
    let invalid = || {
        format!(
            "{} is not a date: use YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or @SECONDS",
            shown(text)
        )
    };
    if let Some(seconds) = text.strip_prefix('@') {
        let seconds: i64 = seconds.parse().map_err(|_| invalid())?;
        return Timestamp::from_second(seconds)
            .map(Timestamp::as_second)
            .map_err(|_| format!("{} is out of range: {}", shown(text), RANGE));
    }
    if text.len() == 10 {
        return parse_date(text).ok_or_else(invalid);
    }
    // A timestamp must start with a date: this keeps jiff's other forms (such as `20240101`)
    // out, as the README documents only these.
    if parse_date(text.get(..10).unwrap_or_default()).is_none() {
        return Err(invalid());
    }
    text.parse::<Timestamp>()
        .map(Timestamp::as_second)
        .map_err(|_| invalid())
}

/// The range every instant must lie in.
const RANGE: &str = "instants lie between the years -9999 and 9999";

/// Parses a duration: a number of days, weeks or years (`180d`, `26w`, `1y`, or jiff's longer
/// forms such as `1 year` and `P2W`), where a year is 365 days. Months and units shorter than a
/// day are refused: a month has no fixed length, and windows are counted in days.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let text = text.trim();
    let invalid = || {
        format!(
            "{} is not a duration: use a number of days, weeks or years such as 180d, 26w or 1y",
            shown(text)
        )
    };
    let span: Span = text.parse().map_err(|_| invalid())?;
    if span.is_negative() || !whole_days(&span) {
        return Err(invalid());
    }
    let days = i64::from(span.get_years()) * 365
        + i64::from(span.get_weeks()) * 7
        + i64::from(span.get_days());
    days.checked_mul(DAY).ok_or_else(invalid)
}

/// Whether a span is made of years, weeks and days alone.
fn whole_days(span: &Span) -> bool {
    span.get_months() == 0
        && span.get_hours() == 0
        && span.get_minutes() == 0
        && span.get_seconds() == 0
        && span.get_milliseconds() == 0
        && span.get_microseconds() == 0
        && span.get_nanoseconds() == 0
}

/// `--since`: a duration before the anchor instant, or a date.
pub fn parse_since(text: &str, anchor: i64) -> Result<i64, String> {
    match parse_duration(text) {
        Ok(duration) => anchor
            .checked_sub(duration)
            .and_then(|start| Timestamp::from_second(start).ok())
            .map(Timestamp::as_second)
            .ok_or_else(|| format!("{} reaches too far back: {RANGE}", shown(text.trim()))),
        Err(duration_error) => {
            parse_instant(text).map_err(|_| format!("{duration_error}, or a date (YYYY-MM-DD)"))
        }
    }
}

/// Whole days between two instants, rounded down (saturating: commit times are hostile input).
pub fn days_between(earlier: i64, later: i64) -> i64 {
    later.saturating_sub(earlier).div_euclid(DAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2024-01-01"), Some(1_704_067_200));
        assert_eq!(parse_date(" 1970-01-02 "), Some(DAY));
        assert_eq!(format_date(1_704_067_200 + 86_399), "2024-01-01");
        assert_eq!(format_date(-1), "1969-12-31");
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2024-02-29"), Some(1_709_164_800));
        assert_eq!(parse_date("2024-13-01"), None);
        assert_eq!(parse_date("20240101"), None);
        assert_eq!(parse_date("+024-01-01"), None);
        // A forged commit time far outside the calendar is still shown, never a panic.
        assert_eq!(format_date(i64::MAX), format!("@{}", i64::MAX));
    }

    #[test]
    fn dates_are_written_as_strftime_writes_them() {
        let strftime = |seconds: i64| match Timestamp::from_second(seconds) {
            Ok(instant) => instant.strftime("%Y-%m-%d").to_string(),
            Err(_) => format!("@{seconds}"),
        };
        let (first, last) = (
            Timestamp::MIN.as_second() + DAY,
            Timestamp::MAX.as_second() - DAY,
        );
        // Every 997th day of jiff's range (years -9999 to 9999), and the days around the
        // edges of the four-digit years.
        let mut seconds = first;
        while seconds < last {
            assert_eq!(format_date(seconds), strftime(seconds), "{seconds}");
            seconds += 997 * DAY + 3_607;
        }
        for edge in ["0999-12-31", "1000-01-01", "9999-12-29", "9999-12-30"] {
            let start = parse_date(edge).unwrap();
            for seconds in [start - 1, start, start + DAY - 1] {
                assert_eq!(format_date(seconds), strftime(seconds), "{seconds}");
            }
        }
    }

    #[test]
    fn instants_and_durations() {
        assert_eq!(parse_instant("2024-01-01T01:00:00Z"), Ok(1_704_070_800));
        assert_eq!(parse_instant("2024-01-01t01:00:00z"), Ok(1_704_070_800));
        assert_eq!(parse_instant("2024-01-01 01:00:00Z"), Ok(1_704_070_800));
        assert_eq!(
            parse_instant("2024-01-01T01:00:00+01:00"),
            Ok(1_704_067_200)
        );
        assert_eq!(parse_instant("@42"), Ok(42));
        assert_eq!(parse_instant("@-42"), Ok(-42));
        assert!(parse_instant("yesterday").is_err());
        assert!(parse_instant("2024-01-01T01:00:00").is_err(), "no offset");
        assert!(parse_instant("2024-01-01T25:00:00Z").is_err());
        assert!(parse_instant(&format!("@{}", i64::MAX)).is_err());
        assert_eq!(parse_duration("180d"), Ok(180 * DAY));
        assert_eq!(parse_duration("0d"), Ok(0));
        assert_eq!(parse_duration("2w"), Ok(14 * DAY));
        assert_eq!(parse_duration("1y"), Ok(365 * DAY));
        assert_eq!(parse_duration("52w"), Ok(364 * DAY));
        assert!(parse_duration("3 months").is_err());
        assert!(parse_duration("12h").is_err());
        assert!(parse_duration("-5d").is_err());
        assert!(parse_duration("99999999y").is_err());
        assert_eq!(parse_since("10d", 100 * DAY), Ok(90 * DAY));
        assert_eq!(parse_since("1970-01-02", 0), Ok(DAY));
        assert!(parse_since("19000y", 0).is_err(), "before the year -9999");
    }

    /// Issue 13, item 2: a multi-byte character where the old parser sliced at a fixed byte
    /// offset (the unit of a duration, the clock of a timestamp) panicked.
    #[test]
    fn multi_byte_characters_are_errors_not_panics() {
        for text in [
            "1é",
            "é",
            "1y\u{301}",
            "2024-01-0é",
            "2024-01-01Té0:00:00Z",
            "2024-01-01T00:00:0éZ",
            "2024-01-01T00:00:00+0é:00",
            "2024-01-01T00:00:00é",
            "2024-é1-01",
            "@1é",
            "日本語",
            "2024-01-01T00:00:00+01:0日",
        ] {
            assert!(parse_duration(text).is_err(), "{text}");
            assert!(parse_instant(text).is_err(), "{text}");
            assert!(parse_since(text, 0).is_err(), "{text}");
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    /// Every prefix and every one-character edit of valid inputs, including multi-byte
    /// characters at every position: errors or values, never a panic.
    #[test]
    fn no_input_panics() {
        let valid = [
            "2024-01-01",
            "2024-01-01T01:00:00Z",
            "2024-01-01T01:00:00+01:00",
            "@42",
            "180d",
            "52w",
            "1y",
        ];
        for text in valid {
            for (at, _) in text.char_indices() {
                for insert in ["é", "日", "\u{0}", "\n", "9", "-"] {
                    let edited = format!("{}{insert}{}", &text[..at], &text[at..]);
                    let _ = (parse_instant(&edited), parse_duration(&edited));
                    let _ = (parse_since(&edited, 0), parse_date(&edited));
                    let cut = &text[..at];
                    let _ = (parse_instant(cut), parse_duration(cut), parse_date(cut));
                }
            }
        }
    }
}
