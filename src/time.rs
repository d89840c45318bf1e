//! Instants and durations on the command line and in files: `--as-of`, `--since`, the config's
//! `stale_after` / `review_every`, `reviewed:` dates. Civil dates are UTC; no time zone database
//! is needed for any of them.

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Days since 1970-01-01 of a civil date (proleptic Gregorian), after Howard Hinnant's algorithm.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = if year >= 0 { year } else { year - 399 } / 400;
    let yoe = year - era * 400;
    let month = month as i64;
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `YYYY-MM-DD` of an instant (UTC).
pub fn format_date(seconds: i64) -> String {
    let (y, m, d) = civil_from_days(seconds.div_euclid(DAY));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Parses `YYYY-MM-DD` (a real calendar date) to the instant of its start (UTC).
pub fn parse_date(text: &str) -> Option<i64> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i64 = text[0..4].parse().ok()?;
    let month: u32 = text[5..7].parse().ok()?;
    let day: u32 = text[8..10].parse().ok()?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day) * DAY)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        _ => 28,
    }
}

/// Parses an instant: `YYYY-MM-DD` (start of day, UTC), `YYYY-MM-DDTHH:MM:SS` with `Z` or a
/// `±HH:MM` offset, or `@SECONDS` since the epoch.
pub fn parse_instant(text: &str) -> Result<i64, String> {
    let text = text.trim();
    let invalid =
        || format!("`{text}` is not a date: use YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or @SECONDS");
    if let Some(seconds) = text.strip_prefix('@') {
        return seconds.parse().map_err(|_| invalid());
    }
    if text.len() == 10 {
        return parse_date(text).ok_or_else(invalid);
    }
    if text.len() < 20 || !matches!(text.as_bytes()[10], b'T' | b't' | b' ') {
        return Err(invalid());
    }
    let day = parse_date(&text[..10]).ok_or_else(invalid)?;
    let clock = &text[11..19];
    let parts: Vec<i64> = clock.split(':').filter_map(|p| p.parse().ok()).collect();
    let [h, m, s] = parts.as_slice() else {
        return Err(invalid());
    };
    if clock.len() != 8 || *h > 23 || *m > 59 || *s > 60 {
        return Err(invalid());
    }
    let zone = &text[19..];
    let offset = match zone {
        "Z" | "z" => 0,
        _ => {
            let sign = match zone.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return Err(invalid()),
            };
            let hm: Vec<i64> = zone[1..]
                .split(':')
                .filter_map(|p| p.parse().ok())
                .collect();
            let [oh, om] = hm.as_slice() else {
                return Err(invalid());
            };
            sign * (oh * 3600 + om * 60)
        }
    };
    Ok(day + h * 3600 + m * 60 + s - offset)
}

/// Parses a duration: `N` followed by `d` (days), `w` (weeks) or `y` (365 days).
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let text = text.trim();
    let invalid = || {
        format!(
            "`{text}` is not a duration: use a number of days, weeks or years such as 180d, 26w or 1y"
        )
    };
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let n: i64 = number.parse().map_err(|_| invalid())?;
    if n < 0 {
        return Err(invalid());
    }
    let days = match unit {
        "d" => n,
        "w" => n * 7,
        "y" => n * 365,
        _ => return Err(invalid()),
    };
    days.checked_mul(DAY).ok_or_else(invalid)
}

/// `--since`: a duration before the anchor instant, or a date.
pub fn parse_since(text: &str, anchor: i64) -> Result<i64, String> {
    match parse_duration(text) {
        Ok(duration) => Ok(anchor - duration),
        Err(duration_error) => {
            parse_instant(text).map_err(|_| format!("{duration_error}, or a date (YYYY-MM-DD)"))
        }
    }
}

/// Whole days between two instants, rounded down.
pub fn days_between(earlier: i64, later: i64) -> i64 {
    (later - earlier).div_euclid(DAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-800_000, -1, 0, 1, 19_000, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(parse_date("2024-01-01"), Some(1_704_067_200));
        assert_eq!(format_date(1_704_067_200 + 86_399), "2024-01-01");
        assert_eq!(parse_date("2023-02-29"), None);
    }

    #[test]
    fn instants_and_durations() {
        assert_eq!(parse_instant("2024-01-01T01:00:00Z"), Ok(1_704_070_800));
        assert_eq!(
            parse_instant("2024-01-01T01:00:00+01:00"),
            Ok(1_704_067_200)
        );
        assert_eq!(parse_instant("@42"), Ok(42));
        assert!(parse_instant("yesterday").is_err());
        assert_eq!(parse_duration("180d"), Ok(180 * DAY));
        assert_eq!(parse_duration("2w"), Ok(14 * DAY));
        assert_eq!(parse_duration("1y"), Ok(365 * DAY));
        assert!(parse_duration("3 months").is_err());
        assert_eq!(parse_since("10d", 100 * DAY), Ok(90 * DAY));
        assert_eq!(parse_since("1970-01-02", 0), Ok(DAY));
    }
}
