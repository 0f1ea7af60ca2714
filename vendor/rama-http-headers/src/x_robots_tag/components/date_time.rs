use ahash::HashMap;
use jiff::{
    Timestamp, civil,
    fmt::{StdFmtWrite, rfc2822, temporal::DateTimePrinter},
    tz::{Offset, TimeZone},
};
use rama_core::error::BoxErrorExt as _;
use rama_core::error::{BoxError, ErrorContext};
use rama_core::telemetry::tracing;
use std::fmt::{Display, Formatter};
use std::str::FromStr;
use std::sync::OnceLock;

#[derive(Clone, Debug, Eq, PartialEq)]
/// Date-time value used by the `unavailable_after` X-Robots-Tag directive.
///
/// This aims to support the practical date formats documented by Google and MDN
/// for `unavailable_after`, namely widely adopted formats such as RFC 822/2822,
/// RFC 850, and ISO 8601. It is intentionally a compatibility-oriented parser,
/// not a claim of exhaustive support for every date syntax a crawler might
/// accept in the wild.
pub struct DirectiveDateTime {
    value: Timestamp,
    parsed_format: Option<ParsedFormat>,
}

#[derive(Clone, Copy, Debug, Eq, PartialEq)]
enum ParsedFormat {
    RFC3339,
    RFC2822,
    RFC850,
}

impl DirectiveDateTime {
    pub fn try_new_ymd_and_hms(
        year: i32,
        month: u32,
        day: u32,
        hour: u32,
        min: u32,
        sec: u32,
    ) -> Result<Self, BoxError> {
        let year = i16::try_from(year)
            .context("invalid date-time input")
            .context_str_field("reason", "year outside supported range for jiff")?;
        let month = i8::try_from(month).context("invalid date-time input")?;
        let day = i8::try_from(day).context("invalid date-time input")?;
        let hour = i8::try_from(hour).context("invalid date-time input")?;
        let min = i8::try_from(min).context("invalid date-time input")?;
        let sec = i8::try_from(sec).context("invalid date-time input")?;

        TimeZone::UTC
            .to_timestamp(civil::date(year, month, day).at(hour, min, sec, 0))
            .context("invalid date-time input")
            .map(Into::into)
    }

    pub fn try_new_ymd(year: i32, month: u32, day: u32) -> Result<Self, BoxError> {
        Self::try_new_ymd_and_hms(year, month, day, 0, 0, 0)
    }

    rama_utils::macros::generate_set_and_with! {
        pub fn format_rfc3339(mut self) -> Self {
            self.parsed_format = Some(ParsedFormat::RFC3339);
            self
        }
    }

    rama_utils::macros::generate_set_and_with! {
        pub fn format_rfc2822(mut self) -> Self {
            self.parsed_format = Some(ParsedFormat::RFC2822);
            self
        }
    }

    rama_utils::macros::generate_set_and_with! {
        pub fn format_rfc855(mut self) -> Self {
            self.parsed_format = Some(ParsedFormat::RFC850);
            self
        }
    }

    rama_utils::macros::generate_set_and_with! {
        pub fn format_default(mut self) -> Self {
            self.parsed_format = None;
            self
        }
    }

    #[must_use]
    pub fn date_time(&self) -> &Timestamp {
        &self.value
    }

    #[must_use]
    pub fn into_date_time(self) -> Timestamp {
        self.value
    }
}

impl From<DirectiveDateTime> for Timestamp {
    fn from(value: DirectiveDateTime) -> Self {
        value.value
    }
}

impl From<Timestamp> for DirectiveDateTime {
    fn from(value: Timestamp) -> Self {
        Self {
            value,
            parsed_format: None,
        }
    }
}

impl AsRef<Timestamp> for DirectiveDateTime {
    fn as_ref(&self) -> &Timestamp {
        &self.value
    }
}

impl FromStr for DirectiveDateTime {
    type Err = BoxError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Ok(dt) = datetime_from_rfc3339(s) {
            return Ok(Self {
                value: dt,
                parsed_format: Some(ParsedFormat::RFC3339),
            });
        }
        if let Ok(dt) = rfc2822::DateTimeParser::new().parse_timestamp(s) {
            return Ok(Self {
                value: dt,
                parsed_format: Some(ParsedFormat::RFC2822),
            });
        }
        if let Ok(dt) = datetime_from_rfc_850(s) {
            return Ok(Self {
                value: dt,
                parsed_format: Some(ParsedFormat::RFC850),
            });
        }
        tracing::debug!("failed to parse datetime value: {s}");
        Err(BoxError::from_static_str("invalid datetime value"))
    }
}

impl Display for DirectiveDateTime {
    fn fmt(&self, f: &mut Formatter<'_>) -> std::fmt::Result {
        match self.parsed_format {
            Some(ParsedFormat::RFC2822) | None => {
                rfc2822::to_string(&self.value.to_zoned(TimeZone::UTC))
                    .map_err(|_e| std::fmt::Error)?
                    .fmt(f)
            }
            Some(ParsedFormat::RFC3339) => DateTimePrinter::new()
                .print_timestamp_with_offset(&self.value, Offset::UTC, StdFmtWrite(f))
                .map_err(|_e| std::fmt::Error),
            Some(ParsedFormat::RFC850) => self
                .value
                .to_zoned(TimeZone::UTC)
                .strftime("%A, %d-%b-%y %H:%M:%S GMT")
                .fmt(f),
        }
    }
}

fn datetime_from_rfc3339(s: &str) -> Result<Timestamp, BoxError> {
    if let Ok(timestamp) = parse_rfc3339_timestamp(s) {
        return Ok(timestamp);
    }

    parse_iso8601_date_only(s)
        .context("failed to parse RFC 3339 datetime")
        .context_str_field("str", s)
}

fn datetime_from_rfc_850(s: &str) -> Result<Timestamp, BoxError> {
    let (datetime, remainder) = s
        .rsplit_once(' ')
        .context("failed to split datetime and timezone abbreviation")
        .context_str_field("str", s)?;

    let datetime = civil::DateTime::strptime("%A, %d-%b-%y %H:%M:%S", datetime)
        .context("failed to parse RFC 850 date-time")
        .context_str_field("str", s)?;
    let offset = offset_from_abbreviation(remainder)?;

    offset
        .to_timestamp(datetime)
        .context("failed to parse RFC 850 datetime")
        .context_str_field("str", s)
}

fn parse_rfc3339_timestamp(s: &str) -> Result<Timestamp, BoxError> {
    validate_rfc3339_offset(s)?;
    s.parse::<Timestamp>()
        .context("failed to parse RFC 3339 datetime")
        .context_str_field("str", s)
}

fn parse_iso8601_date_only(s: &str) -> Result<Timestamp, BoxError> {
    if s.contains('T') || s.contains(' ') {
        return Err(BoxError::from_static_str("invalid ISO 8601 date"));
    }
    let date = s
        .parse::<civil::Date>()
        .context("failed to parse ISO 8601 date")?;
    TimeZone::UTC
        .to_timestamp(date.at(0, 0, 0, 0))
        .context("failed to convert ISO 8601 date to timestamp")
}

fn validate_rfc3339_offset(s: &str) -> Result<(), BoxError> {
    if s.ends_with('Z') {
        return Ok(());
    }

    let suffix = s
        .get(s.len().saturating_sub(6)..)
        .context("missing RFC 3339 offset suffix")
        .context_str_field("str", s)?;
    let bytes = suffix.as_bytes();

    match bytes {
        [b'+' | b'-', h1, h2, b':', m1, m2]
            if h1.is_ascii_digit()
                && h2.is_ascii_digit()
                && m1.is_ascii_digit()
                && m2.is_ascii_digit() =>
        {
            let hour = (h1 - b'0') * 10 + (h2 - b'0');
            let minute = (m1 - b'0') * 10 + (m2 - b'0');
            if hour < 24 && minute < 60 {
                Ok(())
            } else {
                Err(BoxError::from_static_str("invalid RFC 3339 offset"))
            }
        }
        _ if s.contains('T') => Err(BoxError::from_static_str("invalid RFC 3339 offset")),
        _ => Err(BoxError::from_static_str("invalid RFC 3339 datetime")),
    }
}

fn offset_from_abbreviation(remainder: &str) -> Result<Offset, BoxError> {
    let abbreviation = get_timezone_map()
        .get(remainder.trim())
        .context("invalid abbreviation")
        .context_str_field("remainder", remainder)?;

    parse_offset(abbreviation)
        .context("failed to parse timezone abbreviation")
        .context_str_field("abbreviation", *abbreviation)
        .context_str_field("remainder", remainder)
}

fn parse_offset(offset: &str) -> Result<Offset, BoxError> {
    let bytes = offset.as_bytes();
    let sign = match bytes.first().copied() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        Some(_) => {
            return Err(BoxError::from_static_str("invalid timezone offset sign"));
        }
        None => {
            return Err(BoxError::from_static_str("missing timezone offset"));
        }
    };

    let digits = bytes
        .get(1..)
        .context("missing timezone offset digits")
        .context_str_field("offset", offset)?;
    match digits {
        [h1, h2, m1, m2]
            if h1.is_ascii_digit()
                && h2.is_ascii_digit()
                && m1.is_ascii_digit()
                && m2.is_ascii_digit() =>
        {
            let hours = i32::from((h1 - b'0') * 10 + (h2 - b'0'));
            let minutes = i32::from((m1 - b'0') * 10 + (m2 - b'0'));
            if hours >= 24 || minutes >= 60 {
                return Err(BoxError::from_static_str("invalid timezone offset"));
            }

            let seconds = sign * (hours * 60 * 60 + minutes * 60);
            Offset::from_seconds(seconds)
                .context("timezone offset outside supported range")
                .context_str_field("offset", offset)
        }
        _ => Err(BoxError::from_static_str("invalid timezone offset digits")),
    }
}

static TIMEZONE_MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();

fn get_timezone_map() -> &'static HashMap<&'static str, &'static str> {
    TIMEZONE_MAP.get_or_init(|| {
        [
            ("ACDT", "+1030"),
            ("ACST", "+0930"),
            ("ACT", "-0500"),
            ("ACWST", "+0845"),
            ("ADT", "-0300"),
            ("AEDT", "+1100"),
            ("AEST", "+1000"),
            ("AFT", "+0430"),
            ("AKDT", "-0800"),
            ("AKST", "-0900"),
            ("ALMT", "+0600"),
            ("AMST", "-0300"),
            ("AMT", "+0400"),
            ("ANAT", "+1200"),
            ("AQTT", "+0500"),
            ("ART", "-0300"),
            ("AST", "-0400"),
            ("AWST", "+0800"),
            ("AZOST", "+0000"),
            ("AZOT", "-0100"),
            ("AZT", "+0400"),
            ("BIOT", "+0600"),
            ("BIT", "-1200"),
            ("BNT", "+0800"),
            ("BOT", "-0400"),
            ("BRST", "-0200"),
            ("BRT", "-0300"),
            ("BST", "+0600"),
            ("BTT", "+0600"),
            ("CAT", "+0200"),
            ("CCT", "+0630"),
            ("CDT", "-0500"),
            ("CEST", "+0200"),
            ("CET", "+0100"),
            ("CHADT", "+1345"),
            ("CHAST", "+1245"),
            ("CHOST", "+0900"),
            ("CHOT", "+0800"),
            ("CHST", "+1000"),
            ("CHUT", "+1000"),
            ("CIST", "-0800"),
            ("CKT", "-1000"),
            ("CLST", "-0300"),
            ("CLT", "-0400"),
            ("COST", "-0400"),
            ("COT", "-0500"),
            ("CST", "-0600"),
            ("CVT", "-0100"),
            ("CWST", "+0845"),
            ("CXT", "+0700"),
            ("DAVT", "+0700"),
            ("DDUT", "+1000"),
            ("DFT", "+0100"),
            ("EASST", "-0500"),
            ("EAST", "-0600"),
            ("EAT", "+0300"),
            ("ECT", "-0500"),
            ("EDT", "-0400"),
            ("EEST", "+0300"),
            ("EET", "+0200"),
            ("EGST", "+0000"),
            ("EGT", "-0100"),
            ("EST", "-0500"),
            ("FET", "+0300"),
            ("FJT", "+1200"),
            ("FKST", "-0300"),
            ("FKT", "-0400"),
            ("FNT", "-0200"),
            ("GALT", "-0600"),
            ("GAMT", "-0900"),
            ("GET", "+0400"),
            ("GFT", "-0300"),
            ("GILT", "+1200"),
            ("GIT", "−0900"),
            ("GMT", "+0000"),
            ("GST", "+0400"),
            ("GYT", "-0400"),
            ("HAEC", "+0200"),
            ("HDT", "-0900"),
            ("HKT", "+0800"),
            ("HMT", "+0500"),
            ("HOVST", "+0800"),
            ("HOVT", "+0700"),
            ("HST", "-1000"),
            ("ICT", "+0700"),
            ("IDLW", "-1200"),
            ("IDT", "+0300"),
            ("IOT", "+0600"),
            ("IRDT", "+0430"),
            ("IRKT", "+0800"),
            ("IRST", "+0330"),
            ("IST", "+0530"),
            ("JST", "+0900"),
            ("KALT", "+0200"),
            ("KGT", "+0600"),
            ("KOST", "+1100"),
            ("KRAT", "+0700"),
            ("KST", "+0900"),
            ("LHST", "+1030"),
            ("LINT", "+1400"),
            ("MAGT", "+1200"),
            ("MART", "-0930"),
            ("MAWT", "+0500"),
            ("MDT", "-0600"),
            ("MEST", "+0200"),
            ("MET", "+0100"),
            ("MHT", "+1200"),
            ("MIST", "+1100"),
            ("MIT", "-0930"),
            ("MMT", "+0630"),
            ("MSK", "+0300"),
            ("MST", "+0800"),
            ("MUT", "+0400"),
            ("MVT", "+0500"),
            ("MYT", "+0800"),
            ("NCT", "+1100"),
            ("NDT", "-0230"),
            ("NFT", "+1100"),
            ("NOVT", "+0700"),
            ("NPT", "+0545"),
            ("NST", "-0330"),
            ("NT", "-0330"),
            ("NUT", "-1100"),
            ("NZDST", "+1300"),
            ("NZDT", "+1300"),
            ("NZST", "+1200"),
            ("OMST", "+0600"),
            ("ORAT", "+0500"),
            ("PDT", "-0700"),
            ("PET", "-0500"),
            ("PETT", "+1200"),
            ("PGT", "+1000"),
            ("PHOT", "+1300"),
            ("PHST", "+0800"),
            ("PHT", "+0800"),
            ("PKT", "+0500"),
            ("PMDT", "-0200"),
            ("PMST", "-0300"),
            ("PONT", "+1100"),
            ("PST", "-0800"),
            ("PWT", "+0900"),
            ("PYST", "-0300"),
            ("PYT", "-0400"),
            ("RET", "+0400"),
            ("ROTT", "-0300"),
            ("SAKT", "+1100"),
            ("SAMT", "+0400"),
            ("SAST", "+0200"),
            ("SBT", "+1100"),
            ("SCT", "+0400"),
            ("SDT", "-1000"),
            ("SGT", "+0800"),
            ("SLST", "+0530"),
            ("SRET", "+1100"),
            ("SRT", "-0300"),
            ("SST", "-1100"),
            ("SYOT", "+0300"),
            ("TAHT", "-1000"),
            ("TFT", "+0500"),
            ("THA", "+0700"),
            ("TJT", "+0500"),
            ("TKT", "+1300"),
            ("TLT", "+0900"),
            ("TMT", "+0500"),
            ("TOT", "+1300"),
            ("TRT", "+0300"),
            ("TST", "+0800"),
            ("TVT", "+1200"),
            ("ULAST", "+0900"),
            ("ULAT", "+0800"),
            ("UTC", "+0000"),
            ("UYST", "-0200"),
            ("UYT", "-0300"),
            ("UZT", "+0500"),
            ("VET", "-0400"),
            ("VLAT", "+1000"),
            ("VOLT", "+0300"),
            ("VOST", "+0600"),
            ("VUT", "+1100"),
            ("WAKT", "+1200"),
            ("WAST", "+0200"),
            ("WAT", "+0100"),
            ("WEST", "+0100"),
            ("WET", "+0000"),
            ("WGST", "-0200"),
            ("WGT", "-0300"),
            ("WIB", "+0700"),
            ("WIT", "+0900"),
            ("WITA", "+0800"),
            ("WST", "+0800"),
            ("YAKT", "+0900"),
            ("YEKT", "+0500"),
        ]
        .into_iter()
        .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! test_valid_date_strings {
        ($($str:literal),+) => {
            $(assert!(DirectiveDateTime::from_str($str).is_ok(),
            "'{}': {:?}",
            $str, DirectiveDateTime::from_str($str).err());)+
        };
    }

    macro_rules! test_invalid_date_strings {
        ($($str:literal),+) => {
            $(assert!(DirectiveDateTime::from_str($str).is_err());)+
        };
    }

    #[test]
    fn test_valid_rfc_822() {
        test_valid_date_strings!(
            "Wed, 02 Oct 2002 08:00:00 EST",
            "Wed, 02 Oct 2002 13:00:00 GMT",
            "Wed, 02 Oct 2002 15:00:00 +0200",
            "Mon, 11 Mar 2019 01:57:00 EST",
            "11 Mar 2019 01:57:23 EDT",
            "Mon, 11 Mar 2019 01:57:00 -0500",
            "Mon, 11 Mar 2019 01:57 A",
            "11 Mar 2019 01:00 N",
            "11 Mar 2019 01:59 A",
            "Mon, 11 Mar 2019 02:00 Z",
            "Mon, 11 Mar 2019 02:00:34 Z",
            "11 Mar 2019 02:00 PST"
        );
    }

    #[test]
    fn test_valid_rfc_850() {
        test_valid_date_strings!(
            "Sunday, 04-Feb-24 23:59:59 GMT",
            "Monday, 29-Feb-88 12:34:56 UTC",
            "Tuesday, 01-Jan-80 00:00:00 EST",
            "Friday, 31-Dec-99 23:59:59 CST",
            "Thursday, 24-Feb-00 23:59:59 MST",
            "Friday, 01-Mar-19 00:00:01 PST",
            "Saturday, 31-Oct-20 13:45:30 EDT",
            "Wednesday, 27-Jun-12 23:59:60 CDT",
            "Monday, 03-Sep-01 01:02:03 CET",
            "Tuesday, 15-Aug-95 18:00:00 PDT"
        );
    }

    #[test]
    fn test_valid_iso_8601() {
        test_valid_date_strings!(
            "2025-02-02",
            "2025-02-02T14:30:00+00:00",
            "2023-06-15T23:59:59-05:00",
            "2019-12-31T12:00:00+08:45",
            "2020-02-29T00:00:00Z",
            "2024-10-10T10:10:10+02:00",
            "2022-07-01T16:45:30-07:00",
            "2018-01-01T09:00:00+09:30",
            "2030-05-20T05:05:05+05:30",
            "1999-12-31T23:59:59-03:00",
            "2045-11-11T11:11:11+14:00"
        );
    }

    #[test]
    fn test_rfc3339_preserves_fractional_seconds() {
        let value = DirectiveDateTime::from_str("2025-02-02T14:30:00.123456789Z").unwrap();
        assert_eq!(
            value.with_format_rfc3339().to_string(),
            "2025-02-02T14:30:00.123456789+00:00"
        );
    }

    #[test]
    fn test_rfc850_formats_with_timezone() {
        let value = DirectiveDateTime::try_new_ymd_and_hms(2025, 2, 2, 14, 30, 0).unwrap();
        assert_eq!(
            value.with_format_rfc855().to_string(),
            "Sunday, 02-Feb-25 14:30:00 GMT"
        );
    }

    #[test]
    fn test_invalid_date_times() {
        test_invalid_date_strings!(
            "2025-02-30T14:30:00+00:00",
            "2023-06-15T25:00:00-05:00",
            "2019-12-31T12:60:00+08:45",
            "2020-02-29T00:00:00",
            "Thu, 32 Dec 2023 10:00:00 +0200",
            "Mon, 15 Jan 2023 23:59:60 -0500",
            "2024-10-10T10:10:10",
            "2022-07-01T16:45:30 UTC",
            "2018-01-01T09:00:00+09:75",
            "2030-05-20T05:05:05+24:00",
            "1999-12-31 23:59:59 -03:00",
            "2045-11-11T11:11:11 EST"
        );
    }
}
