//! The reconciliation: recompute every materialized figure of an organization from its
//! ledger entries and report those that differ. Run in one snapshot so that a write
//! committing meanwhile cannot show up as a false difference.
//!
//! Subjects: `account <lease>/<tenant> charged|paid|oldest_unpaid_on|last_payment_on|last_charge_on`,
//! `account <lease>/<tenant> open_dues <stored> instead of <recomputed>` (compared as
//! text, reported with the sums of what remains due), `org account count`,
//! `org totals charged|paid`, `month <YYYY-MM> due|collected`. Cents are compared as
//! cents; dates as the integer `YYYYMMDD` (0 for none).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use rentmark_domain::calendar::Period;
use rentmark_domain::ids::{LeaseId, OrgId, TenantId};
use rentmark_domain::ledger::{AccountSummary, LedgerEntry};
use rentmark_domain::ports::{Discrepancy, RepoResult};

use crate::rows::{
    EntryRow, StoredAccount, currency, encode_open_dues, entries, entry_columns, parse_open_dues,
    stored_account_columns,
};
use crate::sql::{Conn, args};

/// A date as the integer `YYYYMMDD`, 0 for none.
fn date_number(date: Option<NaiveDate>) -> i64 {
    date.map_or(0, |d| {
        i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
    })
}

/// Collects differences.
struct Report(Vec<Discrepancy>);

impl Report {
    fn check(&mut self, subject: impl FnOnce() -> String, materialized: i64, recomputed: i64) {
        if materialized != recomputed {
            self.0.push(Discrepancy {
                subject: subject(),
                materialized_cents: materialized,
                recomputed_cents: recomputed,
            });
        }
    }
}

/// Recomputes and compares; see the module documentation.
pub(crate) async fn reconcile<C: Conn>(conn: &mut C, org: OrgId) -> RepoResult<Vec<Discrepancy>> {
    let stored_accounts = conn
        .all::<StoredAccount>(
            concat!(
                "select ",
                stored_account_columns!(),
                " from ledger_accounts where org_id = $1"
            ),
            args![org],
        )
        .await?;
    let all = entries(
        conn.all::<EntryRow>(
            concat!(
                "select ",
                entry_columns!(),
                " from ledger_entries where org_id = $1"
            ),
            args![org],
        )
        .await?,
    )?;
    let stored_totals = conn
        .opt::<(i64, i64)>(
            "select cast(sum(charged_cents) as bigint), cast(sum(paid_cents) as bigint) \
             from org_totals where org_id = $1 having count(*) > 0",
            args![org],
        )
        .await?
        // No totals row: nothing was ever posted (a failed query returned early).
        .unwrap_or((0, 0));
    let stored_months: BTreeMap<String, (i64, i64)> = conn
        .all::<(String, i64, i64)>(
            "select period, cast(sum(due_cents) as bigint), cast(sum(collected_cents) as bigint) \
             from org_month_totals where org_id = $1 group by period",
            args![org],
        )
        .await?
        .into_iter()
        .map(|(period, due, collected)| (period, (due, collected)))
        .collect();

    let mut by_account: BTreeMap<(LeaseId, TenantId), Vec<LedgerEntry>> = BTreeMap::new();
    let mut months: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let (mut charged, mut paid) = (0_i64, 0_i64);
    for entry in all {
        let month = months
            .entry(Period::of(entry.effective_on).to_string())
            .or_default();
        month.0 += entry.charge_delta();
        month.1 += entry.payment_delta();
        charged += entry.charge_delta();
        paid += entry.payment_delta();
        by_account
            .entry((entry.lease_id, entry.tenant_id))
            .or_default()
            .push(entry);
    }

    let mut report = Report(Vec::new());
    let mut seen = BTreeSet::new();
    for stored in stored_accounts {
        let key = stored.key();
        seen.insert(key);
        let account_entries = by_account.get(&key).map_or(&[][..], Vec::as_slice);
        let summary = AccountSummary::from_entries(account_entries, currency(&stored.currency)?);
        let name = |what: &str| format!("account {}/{} {what}", key.0, key.1);
        report.check(
            || name("charged"),
            stored.charged_cents,
            summary.charged.cents(),
        );
        report.check(|| name("paid"), stored.paid_cents, summary.paid.cents());
        report.check(
            || name("oldest_unpaid_on"),
            date_number(stored.oldest_unpaid_on),
            date_number(summary.oldest_unpaid_on),
        );
        report.check(
            || name("last_payment_on"),
            date_number(stored.last_payment_on),
            date_number(summary.last_payment_on),
        );
        report.check(
            || name("last_charge_on"),
            date_number(stored.last_charge_on),
            date_number(summary.last_charge_on),
        );
        let open_dues = encode_open_dues(&summary.open);
        if stored.open_dues.as_deref() != Some(open_dues.as_str()) {
            // Reported with the sums of what remains due; the subject names both.
            let stored_sum =
                match parse_open_dues(stored.open_dues.as_deref(), summary.charged.currency()) {
                    Ok(dues) => dues.iter().map(|d| d.remaining.cents()).sum(),
                    Err(_) => -1,
                };
            report.0.push(Discrepancy {
                subject: name(&format!(
                    "open_dues {:?} instead of {open_dues:?}",
                    stored.open_dues.as_deref().unwrap_or("null")
                )),
                materialized_cents: stored_sum,
                recomputed_cents: summary.open.iter().map(|d| d.remaining.cents()).sum(),
            });
        }
    }
    for ((lease, tenant), account_entries) in &by_account {
        if !seen.contains(&(*lease, *tenant)) {
            let charged: i64 = account_entries.iter().map(LedgerEntry::charge_delta).sum();
            let paid: i64 = account_entries.iter().map(LedgerEntry::payment_delta).sum();
            report.check(|| format!("account {lease}/{tenant} charged"), 0, charged);
            report.check(|| format!("account {lease}/{tenant} paid"), 0, paid);
        }
    }
    let (account_count, accounts) = conn
        .opt::<(i64, i64)>(
            "select account_count, (select count(*) from ledger_accounts where org_id = $1) \
             from organizations where id = $1",
            args![org],
        )
        .await?
        .unwrap_or((0, 0));
    report.check(|| "org account count".to_owned(), account_count, accounts);
    report.check(|| "org totals charged".to_owned(), stored_totals.0, charged);
    report.check(|| "org totals paid".to_owned(), stored_totals.1, paid);
    let periods: BTreeSet<&String> = stored_months.keys().chain(months.keys()).collect();
    for period in periods {
        let (due, collected) = stored_months.get(period).copied().unwrap_or((0, 0));
        let (due_now, collected_now) = months.get(period).copied().unwrap_or((0, 0));
        report.check(|| format!("month {period} due"), due, due_now);
        report.check(
            || format!("month {period} collected"),
            collected,
            collected_now,
        );
    }
    Ok(report.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_compare_as_numbers() {
        assert_eq!(
            date_number(NaiveDate::from_ymd_opt(2026, 2, 28)),
            20_260_228
        );
        assert_eq!(date_number(None), 0);
    }
}
