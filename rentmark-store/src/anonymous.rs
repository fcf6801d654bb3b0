//! SQLite's anonymous parameters for the long statements (multi-row inserts, `in`
//! lists) written with PostgreSQL's `$n`.
//!
//! SQLite treats `$1` as a *named* parameter. sqlx binds a statement's arguments by
//! asking SQLite the name of each parameter in turn, and SQLite finds a name by
//! walking the statement's list of names from the start: binding `n` named parameters
//! walks `n²/2` entries. For the charge job's 512-parameter inserts that walk was a
//! tenth of the job's CPU time. An anonymous `?` has no name to look up, so a statement
//! with many parameters is rewritten with one `?` per placeholder, in the order they
//! are written, and its arguments reordered (and repeated) to match.

use crate::sql::Args;

/// Below this many arguments the walk costs less than the rewrite.
pub(crate) const MIN_ARGS: usize = 32;

/// `sql` with each `$n` placeholder (outside quotes) replaced by `?`, and `args`
/// rearranged so that the `k`-th `?` gets the argument its `$n` named. `None` when
/// `sql` has a placeholder without an argument (left to fail as written).
pub(crate) fn anonymous(sql: &str, args: &Args) -> Option<(String, Args)> {
    let mut text = String::with_capacity(sql.len());
    let mut ordered = Args::with_capacity(args.len());
    let bytes = sql.as_bytes();
    let mut quote: Option<u8> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        match quote {
            // A doubled quote inside quotes is the quote itself: closing and reopening
            // at once reads it right.
            Some(q) if byte == q => quote = None,
            Some(_) => {}
            None if byte == b'\'' || byte == b'"' => quote = Some(byte),
            None if byte == b'$' => {
                let digits = bytes[i + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                if digits > 0 {
                    let n: usize = sql[i + 1..=i + digits].parse().ok()?;
                    let arg = args.0.get(n.checked_sub(1)?)?;
                    ordered.0.push(arg.clone());
                    text.push_str(&sql[copied..i]);
                    text.push('?');
                    i += digits;
                    copied = i + 1;
                }
            }
            None => {}
        }
        i += 1;
    }
    text.push_str(&sql[copied..]);
    Some((text, ordered))
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::sql::{Arg, args};

    fn texts(args: &Args) -> Vec<String> {
        args.0
            .iter()
            .map(|arg| match arg {
                Arg::Text(Some(text)) => text.clone(),
                Arg::Int(Some(n)) => n.to_string(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn placeholders_become_anonymous_in_the_order_written() {
        let (sql, ordered) = anonymous(
            "update t set a = $2 where org = $1 and id in ($3, $4) and b = $1",
            &args!["org", "a", 3_i64, 4_i64],
        )
        .expect("every placeholder has an argument");
        assert_eq!(
            sql,
            "update t set a = ? where org = ? and id in (?, ?) and b = ?"
        );
        assert_eq!(texts(&ordered), ["a", "org", "3", "4", "org"]);
    }

    #[test]
    fn quoted_dollars_and_long_numbers_are_read_right() {
        let (sql, ordered) = anonymous(
            "select '$1 ''$2''', \"$3\" from t where a = $10 and b = $1",
            &args![
                1_i64, 2_i64, 3_i64, 4_i64, 5_i64, 6_i64, 7_i64, 8_i64, 9_i64, 10_i64
            ],
        )
        .expect("every placeholder has an argument");
        assert_eq!(
            sql,
            "select '$1 ''$2''', \"$3\" from t where a = ? and b = ?"
        );
        assert_eq!(texts(&ordered), ["10", "1"]);
    }

    #[test]
    fn a_placeholder_without_an_argument_leaves_the_statement_as_it_is() {
        assert!(anonymous("select $2", &args![Uuid::nil()]).is_none());
        assert!(anonymous("select $0", &args![Uuid::nil()]).is_none());
    }
}
