//! How pages show money, dates and rates in the request's language: French
//! `1 234,56 €` and `31 janv. 2026`, English `€1,234.56` and `31 Jan 2026`. Month
//! names come from the Fluent catalog; instants are shown in the organization's zone.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use rentmark_domain::calendar::Period;
use rentmark_domain::money::{Currency, Money};
use rust_decimal::Decimal;

use crate::i18n::{Lang, Translator};

/// A no-break space: between digit groups and before a trailing symbol in French, so
/// an amount never wraps across lines.
const NBSP: char = '\u{a0}';

fn symbol(currency: Currency) -> &'static str {
    match currency {
        Currency::Eur => "€",
        Currency::Gbp => "£",
        Currency::Usd => "$",
        Currency::Chf => "CHF",
    }
}

/// Groups the digits of `units` by three with `separator`.
fn group(units: u64, separator: char) -> String {
    let digits = units.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// An amount of cents in `currency`, formatted for `lang`.
pub fn cents(cents: i64, currency: Currency, lang: Lang) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (units, fraction) = (abs / 100, abs % 100);
    let symbol = symbol(currency);
    match lang {
        Lang::Fr => format!("{sign}{},{fraction:02}{NBSP}{symbol}", group(units, NBSP)),
        Lang::En if symbol.chars().count() > 1 => {
            format!("{sign}{symbol}{NBSP}{}.{fraction:02}", group(units, ','))
        }
        Lang::En => format!("{sign}{symbol}{}.{fraction:02}", group(units, ',')),
    }
}

/// An amount formatted for `lang`.
pub fn money(amount: &Money, lang: Lang) -> String {
    cents(amount.cents(), amount.currency(), lang)
}

/// A whole amount (for chart axes): the cents rounded down to units.
pub fn whole(cents_value: i64, currency: Currency, lang: Lang) -> String {
    let units = cents_value / 100;
    let sign = if units < 0 { "-" } else { "" };
    let grouped = group(
        units.unsigned_abs(),
        if lang == Lang::Fr { NBSP } else { ',' },
    );
    let symbol = symbol(currency);
    match lang {
        Lang::Fr => format!("{sign}{grouped}{NBSP}{symbol}"),
        Lang::En if symbol.chars().count() > 1 => format!("{sign}{symbol}{NBSP}{grouped}"),
        Lang::En => format!("{sign}{symbol}{grouped}"),
    }
}

/// The short name of month `month` (1-12) from the catalog.
pub fn month_short(tr: &Translator, month: u32) -> String {
    tr.t(&format!("month-short-{month}"))
}

/// A month as `janv. 2026` / `Jan 2026`.
pub fn period(tr: &Translator, period: Period) -> String {
    format!("{} {}", month_short(tr, period.month()), period.year())
}

/// A calendar date as `31 janv. 2026` / `31 Jan 2026`.
pub fn date(tr: &Translator, day: NaiveDate) -> String {
    format!(
        "{} {} {}",
        day.day(),
        month_short(tr, day.month()),
        day.year()
    )
}

/// An optional date, or a dash.
pub fn date_or_dash(tr: &Translator, day: Option<NaiveDate>) -> String {
    day.map_or_else(|| "—".to_owned(), |d| date(tr, d))
}

/// An instant as a date and time in the organization's zone.
pub fn instant(tr: &Translator, at: DateTime<Utc>, zone: Tz) -> String {
    let local = at.with_timezone(&zone);
    format!("{} {}", date(tr, local.date_naive()), local.format("%H:%M"))
}

/// A rate between 0 and 1 as a percentage with one decimal: `87,5 %` / `87.5%`.
pub fn percent(rate: Decimal, lang: Lang) -> String {
    let value = (rate * Decimal::from(100)).round_dp(1);
    let text = format!("{value:.1}");
    match lang {
        Lang::Fr => format!("{}{NBSP}%", text.replace('.', ",")),
        Lang::En => format!("{text}%"),
    }
}

/// A decimal with one place, in the language's form: `1,5` / `1.5` (bathrooms).
pub fn decimal_one_place(value: Decimal, lang: Lang) -> String {
    let text = format!("{value:.1}");
    match lang {
        Lang::Fr => text.replace('.', ","),
        Lang::En => text,
    }
}

/// The colon before a value: French puts a no-break space before it.
pub const fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "\u{a0}: ",
        Lang::En => ": ",
    }
}

/// A date in the `YYYY-MM-DD` form date inputs use.
pub fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_money_per_locale() {
        assert_eq!(
            cents(123_456, Currency::Eur, Lang::Fr),
            "1\u{a0}234,56\u{a0}€"
        );
        assert_eq!(cents(123_456, Currency::Eur, Lang::En), "€1,234.56");
        assert_eq!(cents(-5, Currency::Eur, Lang::Fr), "-0,05\u{a0}€");
        assert_eq!(
            cents(-123_456_789, Currency::Eur, Lang::En),
            "-€1,234,567.89"
        );
        assert_eq!(cents(100_000, Currency::Chf, Lang::En), "CHF\u{a0}1,000.00");
        assert_eq!(cents(0, Currency::Gbp, Lang::En), "£0.00");
        assert_eq!(cents(99_900, Currency::Eur, Lang::Fr), "999,00\u{a0}€");
    }

    #[test]
    fn formats_whole_amounts_and_rates() {
        assert_eq!(whole(250_099, Currency::Eur, Lang::Fr), "2\u{a0}500\u{a0}€");
        assert_eq!(whole(250_099, Currency::Eur, Lang::En), "€2,500");
        assert_eq!(percent(Decimal::new(8750, 4), Lang::Fr), "87,5\u{a0}%");
        assert_eq!(percent(Decimal::new(1, 0), Lang::En), "100.0%");
        assert_eq!(percent(Decimal::ZERO, Lang::En), "0.0%");
    }
}
