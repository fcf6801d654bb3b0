//! Calendar facts: months as periods, due days clamped to short months, and "today"
//! in an organization's time zone. Instants are UTC; due dates are local calendar
//! dates, so the only place a time zone matters is turning an instant into a date.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// A calendar month (`2026-11`), the period a rent charge belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Period {
    year: i32,
    month: u32,
}

/// Not a `YYYY-MM` period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a YYYY-MM period")]
pub struct InvalidPeriod;

impl Period {
    /// The month `month` (1-12) of `year`.
    ///
    /// # Errors
    /// [`InvalidPeriod`] when `month` is not 1-12 or the year is out of chrono's range.
    pub fn new(year: i32, month: u32) -> Result<Self, InvalidPeriod> {
        if (1..=12).contains(&month) && NaiveDate::from_ymd_opt(year, month, 1).is_some() {
            Ok(Self { year, month })
        } else {
            Err(InvalidPeriod)
        }
    }

    /// The month containing `date`.
    pub fn of(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    /// The year.
    pub const fn year(self) -> i32 {
        self.year
    }

    /// The month, 1-12.
    pub const fn month(self) -> u32 {
        self.month
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the month (28th to 31st).
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    /// How many days the month has.
    pub fn days(self) -> u32 {
        self.last_day().day()
    }

    /// The following month.
    #[must_use]
    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The preceding month.
    #[must_use]
    pub fn previous(self) -> Self {
        if self.month == 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The `day` of this month, clamped to its last day (the 31st in April is the 30th).
    pub fn clamped_day(self, day: u32) -> NaiveDate {
        let day = day.clamp(1, self.days());
        NaiveDate::from_ymd_opt(self.year, self.month, day).unwrap_or_else(|| self.last_day())
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Period {
    type Err = InvalidPeriod;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (year, month) = s.split_once('-').ok_or(InvalidPeriod)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(InvalidPeriod);
        }
        Self::new(
            year.parse().map_err(|_| InvalidPeriod)?,
            month.parse().map_err(|_| InvalidPeriod)?,
        )
    }
}

impl TryFrom<String> for Period {
    type Error = InvalidPeriod;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Period> for String {
    fn from(period: Period) -> Self {
        period.to_string()
    }
}

/// The day of the month rent falls due, 1-31; in shorter months it is the last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct DueDay(u32);

/// A due day outside 1-31.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("due day must be 1-31")]
pub struct InvalidDueDay;

impl DueDay {
    /// The 1st of the month.
    pub const FIRST: Self = Self(1);

    /// A due day, 1-31.
    ///
    /// # Errors
    /// [`InvalidDueDay`] outside 1-31.
    pub fn new(day: u32) -> Result<Self, InvalidDueDay> {
        if (1..=31).contains(&day) {
            Ok(Self(day))
        } else {
            Err(InvalidDueDay)
        }
    }

    /// The day number.
    pub const fn get(self) -> u32 {
        self.0
    }

    /// The due date in `period`, clamped to the month's last day.
    pub fn in_period(self, period: Period) -> NaiveDate {
        period.clamped_day(self.0)
    }
}

impl TryFrom<u32> for DueDay {
    type Error = InvalidDueDay;
    fn try_from(value: u32) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<DueDay> for u32 {
    fn from(day: DueDay) -> Self {
        day.0
    }
}

/// The calendar date of instant `now` in time zone `tz` (DST handled by chrono-tz).
pub fn local_date(now: DateTime<Utc>, tz: Tz) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

/// Whole days from `earlier` to `later` (negative when `later` is before).
pub fn days_between(earlier: NaiveDate, later: NaiveDate) -> i64 {
    (later - earlier).num_days()
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "a broken fixture fails the test loudly")]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn due_day_clamps_to_month_end() {
        let day = DueDay::new(31).unwrap();
        assert_eq!(
            day.in_period(Period::new(2026, 4).unwrap()),
            date(2026, 4, 30)
        );
        assert_eq!(
            day.in_period(Period::new(2026, 2).unwrap()),
            date(2026, 2, 28)
        );
        assert_eq!(
            day.in_period(Period::new(2028, 2).unwrap()),
            date(2028, 2, 29)
        );
        assert_eq!(
            DueDay::new(29)
                .unwrap()
                .in_period(Period::new(2027, 2).unwrap()),
            date(2027, 2, 28)
        );
        assert_eq!(
            day.in_period(Period::new(2026, 1).unwrap()),
            date(2026, 1, 31)
        );
        assert!(DueDay::new(0).is_err());
        assert!(DueDay::new(32).is_err());
    }

    #[test]
    fn periods_step_over_year_ends() {
        let dec = Period::new(2026, 12).unwrap();
        assert_eq!(dec.next(), Period::new(2027, 1).unwrap());
        assert_eq!(dec.next().previous(), dec);
        assert_eq!("2026-02".parse::<Period>().unwrap().days(), 28);
        assert_eq!("2024-02".parse::<Period>().unwrap().days(), 29);
        assert!("2026-13".parse::<Period>().is_err());
        assert!("26-1".parse::<Period>().is_err());
    }

    #[test]
    fn local_date_follows_paris_across_dst() {
        let paris = chrono_tz::Europe::Paris;
        // 2026-03-29: clocks go forward at 01:00 UTC. 22:30 UTC the day before is
        // already the 29th in Paris (CET, +1).
        assert_eq!(
            local_date(Utc.with_ymd_and_hms(2026, 3, 28, 23, 30, 0).unwrap(), paris),
            date(2026, 3, 29)
        );
        // In summer (CEST, +2) 22:30 UTC is already the next day.
        assert_eq!(
            local_date(Utc.with_ymd_and_hms(2026, 6, 30, 22, 30, 0).unwrap(), paris),
            date(2026, 7, 1)
        );
        // 2026-10-25: clocks go back at 01:00 UTC; 22:59 UTC on the 31st is Nov 1st.
        assert_eq!(
            local_date(
                Utc.with_ymd_and_hms(2026, 10, 31, 22, 59, 0).unwrap(),
                paris
            ),
            date(2026, 10, 31)
        );
        assert_eq!(
            local_date(Utc.with_ymd_and_hms(2026, 10, 31, 23, 0, 0).unwrap(), paris),
            date(2026, 11, 1)
        );
    }
}
