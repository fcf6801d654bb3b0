//! Exact money: a `rust_decimal` amount with a currency, always held at two decimal
//! places. No floats anywhere near money. Storage uses integer minor units (cents).
//!
//! Rounding happens at named points only ([`Money::prorate`]); [`Money::split`] hands
//! out the remainder cents explicitly so that shares always sum to the whole.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// An ISO 4217 currency. All supported currencies have two minor digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Currency {
    /// Euro, the default.
    #[default]
    Eur,
    /// Pound sterling.
    Gbp,
    /// Swiss franc.
    Chf,
    /// US dollar.
    Usd,
}

impl Currency {
    /// The ISO 4217 code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Eur => "EUR",
            Self::Gbp => "GBP",
            Self::Chf => "CHF",
            Self::Usd => "USD",
        }
    }
}

impl FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "EUR" => Ok(Self::Eur),
            "GBP" => Ok(Self::Gbp),
            "CHF" => Ok(Self::Chf),
            "USD" => Ok(Self::Usd),
            _ => Err(MoneyError::UnknownCurrency),
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why an amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The text is not a decimal number.
    #[error("not a decimal amount")]
    Malformed,
    /// More than two decimal places: refused rather than silently rounded.
    #[error("more than two decimal places")]
    TooPrecise,
    /// Beyond what fits in a signed 64-bit count of cents.
    #[error("amount out of range")]
    OutOfRange,
    /// Two amounts in different currencies were combined.
    #[error("currency mismatch: {0} and {1}")]
    CurrencyMismatch(Currency, Currency),
    /// Not a supported ISO 4217 code.
    #[error("unknown currency")]
    UnknownCurrency,
    /// A split needs at least one positive weight.
    #[error("split needs at least one positive weight")]
    EmptySplit,
}

/// An exact amount of money in one currency, two decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

/// The largest amount accepted, in cents: one trillion (10^12) in the currency. An
/// `i64` of cents holds about 92 quadrillion, so sums of many amounts (a whole
/// organization's history) can never overflow in the database.
const MAX_CENTS: i64 = 100_000_000_000_000;

impl Money {
    /// Zero in `currency`.
    pub const fn zero(currency: Currency) -> Self {
        Self {
            amount: Decimal::ZERO,
            currency,
        }
    }

    /// Parses a decimal string such as `"720"`, `"720.5"` or `"720.50"`.
    ///
    /// # Errors
    /// [`MoneyError::Malformed`] for text that is not a plain decimal number (no
    /// exponent, no thousands separator), [`MoneyError::TooPrecise`] for more than two
    /// decimal places, [`MoneyError::OutOfRange`] beyond one trillion.
    pub fn parse(text: &str, currency: Currency) -> Result<Self, MoneyError> {
        let text = text.trim();
        let valid_chars = !text.is_empty()
            && text
                .chars()
                .enumerate()
                .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+')));
        if !valid_chars {
            return Err(MoneyError::Malformed);
        }
        let amount = Decimal::from_str_exact(text).map_err(|_| MoneyError::Malformed)?;
        Self::from_decimal(amount, currency)
    }

    /// Wraps a decimal amount.
    ///
    /// # Errors
    /// [`MoneyError::TooPrecise`] for more than two significant decimal places,
    /// [`MoneyError::OutOfRange`] beyond one trillion.
    pub fn from_decimal(amount: Decimal, currency: Currency) -> Result<Self, MoneyError> {
        let normalized = amount.normalize();
        if normalized.scale() > 2 {
            return Err(MoneyError::TooPrecise);
        }
        let mut amount = normalized;
        amount.rescale(2);
        let money = Self { amount, currency };
        if money.cents_unchecked().abs() > MAX_CENTS {
            return Err(MoneyError::OutOfRange);
        }
        Ok(money)
    }

    /// An amount from integer minor units (cents), as stored in the database.
    pub fn from_cents(cents: i64, currency: Currency) -> Self {
        Self {
            amount: Decimal::new(cents, 2),
            currency,
        }
    }

    /// The amount in integer minor units (cents).
    pub fn cents(&self) -> i64 {
        self.cents_unchecked()
    }

    fn cents_unchecked(&self) -> i64 {
        // Always scale 2, so the mantissa is the count of cents.
        i64::try_from(self.amount.mantissa()).unwrap_or(i64::MAX)
    }

    /// The decimal amount (two places).
    pub const fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    pub const fn currency(&self) -> Currency {
        self.currency
    }

    /// True when exactly zero.
    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    /// True when strictly above zero.
    pub fn is_positive(&self) -> bool {
        self.amount > Decimal::ZERO
    }

    /// True when strictly below zero.
    pub fn is_negative(&self) -> bool {
        self.amount < Decimal::ZERO
    }

    /// `self + other`.
    ///
    /// # Errors
    /// [`MoneyError::CurrencyMismatch`] when the currencies differ.
    pub fn checked_add(self, other: Self) -> Result<Self, MoneyError> {
        self.same_currency(other)?;
        Ok(Self::from_cents(
            self.cents() + other.cents(),
            self.currency,
        ))
    }

    /// `self - other`.
    ///
    /// # Errors
    /// [`MoneyError::CurrencyMismatch`] when the currencies differ.
    pub fn checked_sub(self, other: Self) -> Result<Self, MoneyError> {
        self.same_currency(other)?;
        Ok(Self::from_cents(
            self.cents() - other.cents(),
            self.currency,
        ))
    }

    /// The negated amount.
    #[must_use]
    pub fn negate(self) -> Self {
        Self::from_cents(-self.cents(), self.currency)
    }

    /// The smaller of two amounts of the same currency (the first on a tie).
    #[must_use]
    pub fn min(self, other: Self) -> Self {
        if other.amount < self.amount {
            other
        } else {
            self
        }
    }

    fn same_currency(self, other: Self) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(self.currency, other.currency))
        }
    }

    /// `self * numerator / denominator`, rounded half away from zero to the cent.
    /// This is the one rounding point of proration (days occupied / days in month).
    ///
    /// # Panics
    /// Never: a zero denominator yields zero.
    #[must_use]
    pub fn prorate(self, numerator: u32, denominator: u32) -> Self {
        if denominator == 0 {
            return Self::zero(self.currency);
        }
        let exact = self.amount * Decimal::from(numerator) / Decimal::from(denominator);
        let mut rounded = exact.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        rounded.rescale(2);
        Self {
            amount: rounded,
            currency: self.currency,
        }
    }

    /// Splits the amount in proportion to `weights` (largest-remainder method): every
    /// share is within one cent of its exact proportion and the shares sum to the
    /// whole exactly. Remainder cents go to the largest fractional parts, ties to the
    /// earlier weight, so the result is deterministic.
    ///
    /// # Errors
    /// [`MoneyError::EmptySplit`] when no weight is positive.
    pub fn split(self, weights: &[u32]) -> Result<Vec<Self>, MoneyError> {
        let total_weight: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        if total_weight == 0 {
            return Err(MoneyError::EmptySplit);
        }
        let cents = i128::from(self.cents());
        let sign = if cents < 0 { -1 } else { 1 };
        let magnitude = cents.abs();
        let total = i128::from(total_weight);
        let mut shares: Vec<i128> = Vec::with_capacity(weights.len());
        let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
        for (index, weight) in weights.iter().enumerate() {
            let product = magnitude * i128::from(*weight);
            shares.push(product / total);
            remainders.push((product % total, index));
        }
        let handed_out: i128 = shares.iter().sum();
        let mut left = magnitude - handed_out;
        remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, index) in remainders {
            if left == 0 {
                break;
            }
            if weights[index] > 0 {
                shares[index] += 1;
                left -= 1;
            }
        }
        Ok(shares
            .into_iter()
            .map(|share| {
                let cents = i64::try_from(sign * share).unwrap_or(0);
                Self::from_cents(cents, self.currency)
            })
            .collect())
    }

    /// Sums amounts of one currency; an empty iterator sums to zero in `currency`.
    ///
    /// # Errors
    /// [`MoneyError::CurrencyMismatch`] when an amount is in another currency.
    pub fn sum<I: IntoIterator<Item = Self>>(
        items: I,
        currency: Currency,
    ) -> Result<Self, MoneyError> {
        items
            .into_iter()
            .try_fold(Self::zero(currency), |acc, item| acc.checked_add(item))
    }
}

impl fmt::Display for Money {
    /// The decimal amount with two places, without the currency (`720.00`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.amount)
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "a broken fixture fails the test loudly")]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn eur(text: &str) -> Money {
        Money::parse(text, Currency::Eur).unwrap()
    }

    #[test]
    fn parses_decimal_strings_exactly() {
        assert_eq!(eur("720").cents(), 72_000);
        assert_eq!(eur("720.5").cents(), 72_050);
        assert_eq!(eur("720.50").to_string(), "720.50");
        assert_eq!(eur("0.10").cents(), 10);
        assert_eq!(eur("-3.20").cents(), -320);
        assert_eq!(
            eur("1.230").cents(),
            123,
            "trailing zeros are not extra precision"
        );
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        for bad in ["", "abc", "1e3", "1,5", "12.345", "NaN", "--1", " . "] {
            assert!(
                Money::parse(bad, Currency::Eur).is_err(),
                "{bad:?} should be refused"
            );
        }
        assert_eq!(
            Money::parse("12.345", Currency::Eur),
            Err(MoneyError::TooPrecise)
        );
        assert_eq!(
            Money::parse("99999999999999999", Currency::Eur),
            Err(MoneyError::OutOfRange)
        );
    }

    #[test]
    fn adding_two_currencies_is_an_error() {
        let a = eur("1");
        let b = Money::parse("1", Currency::Usd).unwrap();
        assert_eq!(
            a.checked_add(b),
            Err(MoneyError::CurrencyMismatch(Currency::Eur, Currency::Usd))
        );
    }

    #[test]
    fn split_hands_out_remainder_cents() {
        let shares = eur("100.00").split(&[1, 1, 1]).unwrap();
        let cents: Vec<i64> = shares.iter().map(Money::cents).collect();
        assert_eq!(cents, vec![3334, 3333, 3333]);
        let shares = eur("0.01").split(&[5000, 5000]).unwrap();
        assert_eq!(
            shares.iter().map(Money::cents).collect::<Vec<_>>(),
            vec![1, 0]
        );
        assert_eq!(eur("10").split(&[0, 0]), Err(MoneyError::EmptySplit));
    }

    #[test]
    fn prorate_rounds_half_away_from_zero() {
        // 1000 * 17 / 30 = 566.666.. -> 566.67
        assert_eq!(eur("1000").prorate(17, 30).to_string(), "566.67");
        // 0.05 * 1 / 2 = 0.025 -> 0.03
        assert_eq!(eur("0.05").prorate(1, 2).to_string(), "0.03");
        assert_eq!(eur("720").prorate(31, 31), eur("720"));
    }

    proptest! {
        #[test]
        fn shares_sum_to_the_whole(cents in -10_000_000_i64..10_000_000, weights in proptest::collection::vec(0_u32..10_000, 1..6)) {
            prop_assume!(weights.iter().any(|w| *w > 0));
            let whole = Money::from_cents(cents, Currency::Eur);
            let shares = whole.split(&weights).unwrap();
            prop_assert_eq!(shares.len(), weights.len());
            let total: i64 = shares.iter().map(Money::cents).sum();
            prop_assert_eq!(total, cents);
            // every share is within one cent of its exact proportion
            let weight_sum: i64 = weights.iter().map(|w| i64::from(*w)).sum();
            for (share, weight) in shares.iter().zip(&weights) {
                let exact_times_sum = i128::from(cents) * i128::from(*weight);
                let share_times_sum = i128::from(share.cents()) * i128::from(weight_sum);
                prop_assert!((exact_times_sum - share_times_sum).abs() < i128::from(weight_sum));
                if *weight == 0 { prop_assert!(share.is_zero()); }
            }
        }

        #[test]
        fn cents_round_trip(cents in -1_000_000_000_i64..1_000_000_000) {
            let money = Money::from_cents(cents, Currency::Eur);
            prop_assert_eq!(Money::parse(&money.to_string(), Currency::Eur).unwrap(), money);
        }
    }
}
