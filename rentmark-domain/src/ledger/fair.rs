//! Fair shares over time: how a lease's successive charges are split among its
//! co-tenants so that, after every charge, each co-tenant has been charged within one
//! cent of their exact proportion of everything the lease has charged (co-tenants with
//! equal shares: within one cent of each other), while every charge is still split
//! exactly, to the cent.
//!
//! Splitting each charge on its own ([`Money::split`](crate::money::Money::split),
//! largest remainder, ties to the first co-tenant) puts the remainder cent on the same
//! co-tenant every month: a 3-way rent of 750.00 charged one co-tenant 0.04 more than
//! another after four months, and the gap grew by a cent a month. Here the *cumulative*
//! total is apportioned instead: after a charge that brings the lease's total charged
//! to `T`, co-tenant `i` has been charged `M(T)[i]`, and the charge's share is the
//! difference with what they had been charged before. `M` is an apportionment that is
//! - **within quota**: `floor(T·wᵢ/W) ≤ M(T)[i] ≤ ceil(T·wᵢ/W)`, so every co-tenant is
//!   within one cent of their exact proportion at every point in time;
//! - **house monotone**: `M(T+1) ≥ M(T)`, so no charge ever gives anyone a negative
//!   share.
//!
//! Largest remainder applied to the cumulative total is within quota but not house
//! monotone (the Alabama paradox: a larger total can take a cent back from someone), so
//! a small charge could have needed a negative share. `M` is instead built cent by
//! cent as the quota-respecting sequence of Balinski and Young (1975): the next cent
//! goes, among the co-tenants who can take it without exceeding their upper quota, to
//! the one whose lower quota will need it soonest (earliest deadline first, ties to the
//! earlier co-tenant). Once every co-tenant has received exactly their weight in cents
//! the sequence starts again, so `M(k·W + r) = k·w + M(r)`: only the remainder `r < W`
//! is built cent by cent (weights are reduced by their greatest common divisor first,
//! so equal shares give `W` = the number of co-tenants and a closed form).
//!
//! The state a split starts from is what each co-tenant has actually been charged (the
//! store's per-co-tenant totals, net of reversals). When that state is not on `M` (a
//! lease charged before this rule existed, or whose charges were posted otherwise), the
//! next charges move it back: each charge goes to the co-tenants charged less than
//! `M` of the new total, in proportion to how far behind they are, never negative;
//! once nobody is ahead of `M` the state is on `M` again and stays there.

/// The apportionment `M` of cumulative totals for one set of weights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CumulativeSplit {
    /// The weights divided by their greatest common divisor (zero stays zero).
    weights: Vec<u64>,
    /// Their sum: the period of the sequence.
    period: u64,
    /// All positive weights are equal (then `M` has a closed form).
    equal: bool,
}

impl CumulativeSplit {
    /// The apportionment by `weights`; `None` when no weight is positive.
    pub fn new(weights: &[u32]) -> Option<Self> {
        let divisor = weights
            .iter()
            .map(|w| u64::from(*w))
            .filter(|w| *w > 0)
            .reduce(gcd)?;
        let weights: Vec<u64> = weights.iter().map(|w| u64::from(*w) / divisor).collect();
        let period = weights.iter().sum();
        let equal = weights.iter().all(|w| *w <= 1);
        Some(Self {
            weights,
            period,
            equal,
        })
    }

    /// How many co-tenants (weights, zero ones included).
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether there are no weights at all (never: [`new`](Self::new) refuses that).
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// `M(total)`: how many cents of a cumulative `total` each co-tenant carries. Every
    /// part is within one cent of its exact proportion, the parts sum to `total`, and
    /// no part decreases when `total` grows. A negative total is treated as zero.
    pub fn at(&self, total: i128) -> Vec<i128> {
        self.at_from(&mut Cursor::default(), total)
    }

    /// [`at`](Self::at), going on from where `cursor` stopped in the sequence when
    /// `total` is further on in the same period (successive charges of a lease mostly
    /// are), so that a lease's charges walk each period of the sequence once.
    fn at_from(&self, cursor: &mut Cursor, total: i128) -> Vec<i128> {
        let total = u128::try_from(total).unwrap_or(0);
        let period = u128::from(self.period);
        let rounds = total / period;
        // Below one period: `remainder < W`, which fits in u64.
        let remainder = u64::try_from(total % period).unwrap_or(0);
        let mut parts: Vec<i128> = self
            .weights
            .iter()
            .map(|w| i128::try_from(rounds * u128::from(*w)).unwrap_or(i128::MAX))
            .collect();
        self.advance(cursor, remainder);
        for (part, extra) in parts.iter_mut().zip(&cursor.taken) {
            *part += i128::from(*extra);
        }
        parts
    }

    /// Moves `cursor` to the first `cents` cents of the sequence (`cents < W`): how
    /// many of them each co-tenant gets.
    fn advance(&self, cursor: &mut Cursor, cents: u64) {
        if cursor.taken.len() != self.weights.len() || cents < cursor.cents {
            *cursor = Cursor {
                cents: 0,
                taken: vec![0; self.weights.len()],
            };
        }
        if self.equal {
            // Every positive weight is 1: the first `cents` co-tenants, in order.
            let mut left = cents;
            for (take, weight) in cursor.taken.iter_mut().zip(&self.weights) {
                *take = u64::from(left > 0 && *weight > 0);
                if *take > 0 {
                    left -= 1;
                }
            }
            cursor.cents = cents;
            return;
        }
        let period = u128::from(self.period);
        for cent in u128::from(cursor.cents) + 1..=u128::from(cents) {
            // Eligible: taking this cent keeps the co-tenant within their upper quota
            // (taken + 1 <= ceil(cent * w / W), i.e. taken * W < cent * w). Deadline:
            // the first house size at which their lower quota needs one more cent,
            // ceil((taken + 1) * W / w).
            let mut best: Option<(u128, usize)> = None;
            for (index, (weight, took)) in self.weights.iter().zip(&cursor.taken).enumerate() {
                let weight = u128::from(*weight);
                let took = u128::from(*took);
                if weight == 0 || took * period >= cent * weight {
                    continue;
                }
                let deadline = ((took + 1) * period).div_ceil(weight);
                if best.is_none_or(|(earliest, _)| deadline < earliest) {
                    best = Some((deadline, index));
                }
            }
            // Someone is always eligible (the quota sequence exists); should the
            // arithmetic ever say otherwise, the first positive weight takes the cent
            // so that the parts still sum to the total.
            let index = best
                .map(|(_, index)| index)
                .or_else(|| self.weights.iter().position(|w| *w > 0))
                .unwrap_or(0);
            if let Some(took) = cursor.taken.get_mut(index) {
                *took += 1;
            }
        }
        cursor.cents = cents;
    }
}

/// A position in the sequence of [`CumulativeSplit`]: after `cents` cents of a period,
/// how many each co-tenant took.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Cursor {
    cents: u64,
    taken: Vec<u64>,
}

/// Splits a lease's successive charges among its co-tenants, starting from what each
/// has been charged so far (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FairSplitter {
    split: CumulativeSplit,
    cursor: Cursor,
    /// What each co-tenant has been charged so far, in cents.
    charged: Vec<i128>,
    /// Their sum.
    total: i128,
}

impl FairSplitter {
    /// A splitter by `weights`, each co-tenant having been charged `charged` cents so
    /// far (in the same order; a missing or negative figure counts as zero). `None`
    /// when no weight is positive.
    pub fn new(weights: &[u32], charged: &[i64]) -> Option<Self> {
        let split = CumulativeSplit::new(weights)?;
        let charged: Vec<i128> = (0..split.len())
            .map(|i| i128::from(charged.get(i).copied().unwrap_or(0).max(0)))
            .collect();
        let total = charged.iter().sum();
        Some(Self {
            split,
            cursor: Cursor::default(),
            charged,
            total,
        })
    }

    /// What each co-tenant has been charged, in cents, after the charges split so far.
    pub fn charged(&self) -> Vec<i64> {
        self.charged
            .iter()
            .map(|c| i64::try_from(*c).unwrap_or(i64::MAX))
            .collect()
    }

    /// Splits the next charge of `cents`: the shares (one per co-tenant, never
    /// negative) sum to `cents` exactly. A charge of zero or less gives zeros.
    pub fn next(&mut self, cents: i64) -> Vec<i64> {
        let amount = i128::from(cents);
        if amount <= 0 {
            return vec![0; self.charged.len()];
        }
        let total = self.total + amount;
        let target = self.split.at_from(&mut self.cursor, total);
        // How far behind the new cumulative apportionment each co-tenant is. On `M`
        // these are the shares themselves (they sum to `amount`); off it (an older
        // state), they sum to more, and `amount` is shared in proportion to them.
        let behind: Vec<i128> = target
            .iter()
            .zip(&self.charged)
            .map(|(target, charged)| (target - charged).max(0))
            .collect();
        let shares = proportional(amount, &behind);
        for (charged, share) in self.charged.iter_mut().zip(&shares) {
            *charged += share;
        }
        self.total = total;
        shares
            .into_iter()
            .map(|s| i64::try_from(s).unwrap_or(0))
            .collect()
    }
}

/// `amount` shared in proportion to `weights` (largest remainder, ties to the earlier
/// weight), each part at most its weight when `amount <= sum(weights)`. All to the
/// first part when every weight is zero (never, for `amount > 0` and the weights of
/// [`FairSplitter::next`]).
fn proportional(amount: i128, weights: &[i128]) -> Vec<i128> {
    let sum: i128 = weights.iter().sum();
    let mut parts = vec![0_i128; weights.len()];
    if sum <= 0 {
        if let Some(first) = parts.first_mut() {
            *first = amount;
        }
        return parts;
    }
    if sum == amount {
        return weights.to_vec();
    }
    let mut remainders = Vec::with_capacity(weights.len());
    for (index, weight) in weights.iter().enumerate() {
        let product = amount * weight;
        parts[index] = product / sum;
        remainders.push((product % sum, index));
    }
    let mut left = amount - parts.iter().sum::<i128>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, index) in remainders {
        if left == 0 {
            break;
        }
        if weights[index] > 0 {
            parts[index] += 1;
            left -= 1;
        }
    }
    parts
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "a broken fixture fails the test loudly")]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `floor(total * w / W) <= part <= ceil(total * w / W)`.
    fn within_quota(part: i128, total: i128, weight: u32, weight_sum: u32) -> bool {
        let exact_times = total * i128::from(weight);
        let part_times = part * i128::from(weight_sum);
        (exact_times - part_times).abs() < i128::from(weight_sum)
    }

    #[test]
    fn equal_shares_take_the_remainder_cent_in_turn() {
        let mut split = FairSplitter::new(&[1, 1, 1], &[]).unwrap();
        // 750.00 a month: 250.00 each, no remainder; 100.00: one cent left over,
        // which goes to a different co-tenant each month.
        assert_eq!(split.next(10_000), vec![3_334, 3_333, 3_333]);
        assert_eq!(split.next(10_000), vec![3_333, 3_334, 3_333]);
        assert_eq!(split.next(10_000), vec![3_333, 3_333, 3_334]);
        assert_eq!(split.next(10_000), vec![3_334, 3_333, 3_333]);
        assert_eq!(split.charged(), vec![13_334, 13_333, 13_333]);
    }

    #[test]
    fn the_sequence_is_within_quota_and_monotone_at_every_cent() {
        for weights in [
            vec![1, 1, 2, 2],
            vec![6_000, 4_000],
            vec![1, 9_999],
            vec![3_334, 3_333, 3_333],
            vec![5, 0, 3, 7, 11],
            vec![2_500, 2_500, 1_250, 1_250, 2_000, 500],
            vec![1_234, 2_345, 3_456, 2_965],
        ] {
            let split = CumulativeSplit::new(&weights).unwrap();
            let weight_sum: u32 = weights.iter().sum();
            // One cent at a time over two periods and a bit, walking the sequence.
            let mut splitter = FairSplitter::new(&weights, &[]).unwrap();
            for total in 1..=i128::from(weight_sum) * 2 + 7 {
                let shares = splitter.next(1);
                assert_eq!(shares.iter().sum::<i64>(), 1, "{weights:?} at {total}");
                assert!(shares.iter().all(|s| *s >= 0), "{weights:?} at {total}");
                let parts: Vec<i128> = splitter.charged().into_iter().map(i128::from).collect();
                for (i, part) in parts.iter().enumerate() {
                    assert!(
                        within_quota(*part, total, weights[i], weight_sum),
                        "{weights:?} at {total}: {parts:?}"
                    );
                }
                // The walk and a fresh computation agree.
                if total % 997 == 0 {
                    assert_eq!(split.at(total), parts, "{weights:?} at {total}");
                }
            }
        }
    }

    #[test]
    fn a_larger_total_never_takes_a_cent_back() {
        // Weights 1:3:3 (the Alabama paradox): largest remainder gives 3 cents as
        // 1 + 1 + 1 but 4 cents as 0 + 2 + 2, so a 1-cent charge after a 3-cent one
        // would have charged the first co-tenant -0.01. `M` only ever adds.
        let split = CumulativeSplit::new(&[1, 3, 3]).unwrap();
        let three = split.at(3);
        let four = split.at(4);
        assert_eq!(three.iter().sum::<i128>(), 3);
        assert!(
            three.iter().zip(&four).all(|(a, b)| b >= a),
            "{three:?} -> {four:?}"
        );
        let mut splitter = FairSplitter::new(&[1, 3, 3], &[]).unwrap();
        splitter.next(3);
        assert!(splitter.next(1).iter().all(|s| *s >= 0));
    }

    #[test]
    fn a_state_off_the_sequence_is_corrected_by_the_next_charges() {
        // Charged before the rule: the first co-tenant 0.04 ahead of the others.
        let mut split = FairSplitter::new(&[1, 1, 1], &[100_004, 100_000, 100_000]).unwrap();
        let shares = split.next(75_000);
        assert_eq!(shares.iter().sum::<i64>(), 75_000);
        let charged = split.charged();
        let spread = charged.iter().max().unwrap() - charged.iter().min().unwrap();
        assert!(spread <= 1, "{charged:?}");
        assert!(shares.iter().all(|s| *s >= 0));
    }

    proptest! {
        #[test]
        fn every_charge_is_split_exactly_and_every_total_within_quota(
            weights in proptest::collection::vec(1_u32..2_000, 1..=6),
            charges in proptest::collection::vec(1_i64..200_000, 1..40),
        ) {
            let weight_sum: u32 = weights.iter().sum();
            let mut split = FairSplitter::new(&weights, &[]).unwrap();
            let mut total = 0_i128;
            for cents in charges {
                let shares = split.next(cents);
                prop_assert_eq!(shares.iter().sum::<i64>(), cents);
                prop_assert!(shares.iter().all(|s| *s >= 0));
                total += i128::from(cents);
                for (charged, weight) in split.charged().iter().zip(&weights) {
                    prop_assert!(within_quota(i128::from(*charged), total, *weight, weight_sum));
                }
            }
        }
    }
}
