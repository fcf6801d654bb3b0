//! A bounded table of per-key limiter records (one per address or per account),
//! behind one mutex: authentication requests each cost an argon2 hash, so a lock held
//! for a few hash-map operations is never the bottleneck.
//!
//! Memory is bounded: past `cap` keys, records that no longer matter ([`Record::idle`])
//! are dropped; if that is not enough (a flood of fresh keys), the least recently
//! touched tenth goes. Dropping a live record forgets some failures, the price of a
//! fixed memory ceiling; a flood big enough to do that already costs its sender one
//! request per key.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, Utc};

/// What the table needs to know about a record to bound its size.
pub trait Record: Default {
    /// Whether forgetting the record at `now` changes no answer.
    fn idle(&self, now: DateTime<Utc>) -> bool;
    /// When the record was last changed (the eviction order under pressure).
    fn touched(&self) -> DateTime<Utc>;
}

/// Records by key, at most about `cap` of them.
#[derive(Debug)]
pub struct Table<K, V> {
    records: Mutex<HashMap<K, V>>,
    cap: usize,
}

impl<K: Eq + Hash + Clone, V: Record> Table<K, V> {
    /// An empty table holding at most `cap` keys (at least 1).
    pub fn new(cap: usize) -> Self {
        Self {
            records: Mutex::new(HashMap::new()),
            cap: cap.max(1),
        }
    }

    /// Runs `f` on the record of `key` (a fresh one when the key is unknown); the
    /// record is dropped afterwards when it is idle.
    pub fn with<R>(&self, key: &K, now: DateTime<Utc>, f: impl FnOnce(&mut V) -> R) -> R {
        // A panic while holding the lock cannot leave a record half-written in a way
        // that matters (counters and instants): carry on with the data as it is.
        let mut records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
        if !records.contains_key(key) && records.len() >= self.cap {
            make_room(&mut records, self.cap, now);
        }
        let record = records.entry(key.clone()).or_default();
        let answer = f(record);
        if record.idle(now) {
            records.remove(key);
        }
        answer
    }

    /// Runs `f` on the record of `key` only if there is one.
    pub fn with_existing(&self, key: &K, now: DateTime<Utc>, f: impl FnOnce(&mut V)) {
        let mut records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(record) = records.get_mut(key) {
            f(record);
            if record.idle(now) {
                records.remove(key);
            }
        }
    }

    /// Forgets `key`.
    pub fn remove(&self, key: &K) {
        self.records
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(key);
    }

    /// How many keys are tracked.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.records
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

/// Drops idle records, then, if still full, the least recently touched tenth.
fn make_room<K: Eq + Hash + Clone, V: Record>(
    records: &mut HashMap<K, V>,
    cap: usize,
    now: DateTime<Utc>,
) {
    records.retain(|_, record| !record.idle(now));
    if records.len() < cap {
        return;
    }
    let mut by_age: Vec<(DateTime<Utc>, K)> = records
        .iter()
        .map(|(key, record)| (record.touched(), key.clone()))
        .collect();
    by_age.sort_unstable_by_key(|(touched, _)| *touched);
    let excess = records.len() + 1 - cap;
    for (_, key) in by_age.into_iter().take(excess.max(cap / 10)) {
        records.remove(&key);
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, TimeZone};

    use super::*;

    /// A record live until `until`.
    #[derive(Debug, Default)]
    struct Until(Option<DateTime<Utc>>);

    impl Record for Until {
        fn idle(&self, now: DateTime<Utc>) -> bool {
            self.0.is_none_or(|until| until <= now)
        }
        fn touched(&self) -> DateTime<Utc> {
            self.0.unwrap_or_default()
        }
    }

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .expect("date")
    }

    #[test]
    fn idle_records_are_not_kept() {
        let table: Table<u32, Until> = Table::new(10);
        table.with(&1, t0(), |_| ());
        assert_eq!(table.len(), 0);
        table.with(&1, t0(), |r| r.0 = Some(t0() + TimeDelta::seconds(5)));
        assert_eq!(table.len(), 1);
    }

    #[test]
    fn never_holds_more_than_its_cap_and_drops_the_oldest_first() {
        let table: Table<u32, Until> = Table::new(100);
        for key in 0..1000 {
            let until = t0() + TimeDelta::seconds(i64::from(key) + 3600);
            table.with(&key, t0(), |r| r.0 = Some(until));
            assert!(table.len() <= 100);
        }
        // The most recent key is kept, the first ones went.
        let mut kept_last = false;
        table.with_existing(&999, t0(), |_| kept_last = true);
        assert!(kept_last);
        let mut kept_first = false;
        table.with_existing(&0, t0(), |_| kept_first = true);
        assert!(!kept_first);
    }

    #[test]
    fn idle_records_go_before_live_ones() {
        let table: Table<u32, Until> = Table::new(3);
        let later = t0() + TimeDelta::seconds(10);
        table.with(&1, t0(), |r| r.0 = Some(t0() + TimeDelta::seconds(1)));
        table.with(&2, t0(), |r| r.0 = Some(later + TimeDelta::hours(1)));
        table.with(&3, t0(), |r| r.0 = Some(t0() + TimeDelta::seconds(2)));
        // At `later`, 1 and 3 are idle: room is made without touching 2.
        table.with(&4, later, |r| r.0 = Some(later + TimeDelta::hours(1)));
        let mut kept = false;
        table.with_existing(&2, later, |_| kept = true);
        assert!(kept);
        assert_eq!(table.len(), 2);
    }
}
