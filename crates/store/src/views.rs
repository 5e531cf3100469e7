//! The SQL that decides which row of a key is current: one definition, used by the `current`
//! view that `tradewatch sql` sees and by the series the facts are computed from.
//!
//! For each key without its source — reporter, partner, flow, classification, code, period,
//! measure, unit — the candidates are the rows that are not `suspect` and (with `--as-of`) were
//! published by that date, where a row's date is its own published date, else its
//! release's. They rank by:
//!
//! 1. a preferred citation, when the caller names one (checking a claim against its own
//!    source's figures);
//! 2. source: the agencies (gacc, census, comext), then comtrade, then a user's own files,
//!    then press reports;
//! 3. release: the latest published, then the latest ingested (a revision supersedes);
//! 4. quality: `ok` before `conflict`;
//! 5. a row with a publication date before one without;
//! 6. corroboration: the figure more rows of that release give;
//! 7. precision: the more precise figure;
//! 8. file order.
//!
//! How: the rule is one Rust comparator ([`crate::ranking`]) run as the window function
//! `tw_rank` over each series ordered by period — not a SQL `ROW_NUMBER` per key, which
//! DataFusion evaluates one tiny partition at a time.

use chrono::NaiveDate;
use tradewatch_model::Source;

fn source_rank_sql() -> String {
    let arms: String = Source::ALL
        .iter()
        .map(|s| format!(" WHEN '{}' THEN {}", s.as_str(), s.rank()))
        .collect();
    format!("CASE o.source{arms} ELSE 9 END")
}

/// Quotes a string literal for SQL.
pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A series: the key without its period. The unit is part of it: a value in CNY and one in
/// USD for the same line are two figures, not a revision of one another.
pub(crate) const SERIES: &str = "reporter, partner, flow, classification, code, measure, unit";

/// All candidate rows with their rank (`rank = 1` is current). `filter` is an extra SQL
/// condition on `o` (the observations), applied before ranking.
pub(crate) fn ranked_sql(
    as_of: Option<NaiveDate>,
    prefer_citation: Option<&str>,
    filter: &str,
) -> String {
    ranked_sql_of("o.*", as_of, prefer_citation, filter)
}

/// [`ranked_sql`] carrying only `columns` of the observations (a bulk job that needs a few
/// columns of millions of rows should not sort the rest).
pub(crate) fn ranked_sql_of(
    columns: &str,
    as_of: Option<NaiveDate>,
    prefer_citation: Option<&str>,
    filter: &str,
) -> String {
    let preferred = prefer_citation
        .map(|c| format!("citation = {}", quote(c)))
        .unwrap_or_else(|| "false".to_string());
    format!(
        "{cand}
        SELECT *, CAST(tw_rank(period_start, period_months, {preferred}, source_rank,
                               release_published, release_seq, quality = 'ok',
                               published IS NOT NULL, release, value, resolution, line)
                       OVER (PARTITION BY {SERIES} ORDER BY period_start, period_months)
                  AS BIGINT) AS rank
        FROM cand",
        cand = candidates_cte(columns, as_of, filter)
    )
}

/// The candidate rows as a CTE named `cand`: `columns` of the observations that may be
/// current (not `suspect`, published by `as_of`, passing `filter`), with what the ranking
/// reads of their release (`source_rank`, `release_seq`, `release_published`). The ranking
/// itself is [`ranked_sql_of`]'s window, or the bulk job's own pass over sorted rows.
pub(crate) fn candidates_cte(columns: &str, as_of: Option<NaiveDate>, filter: &str) -> String {
    let as_of_cond = as_of
        .map(|d| format!(" AND COALESCE(o.published, r.published) <= DATE '{d}'"))
        .unwrap_or_default();
    let filter = if filter.is_empty() {
        String::new()
    } else {
        format!(" AND ({filter})")
    };
    format!(
        "WITH cand AS (
            SELECT {columns}, {src} AS source_rank, r.seq AS release_seq,
                   r.published AS release_published
            FROM observations o JOIN releases r ON o.release = r.id
            WHERE o.quality <> 'suspect'{as_of_cond}{filter}
        )",
        src = source_rank_sql()
    )
}

/// The `current` view: rank 1 of every key.
pub(crate) fn current_sql(as_of: Option<NaiveDate>) -> String {
    format!(
        "SELECT * FROM ({}) WHERE rank = 1",
        ranked_sql(as_of, None, "")
    )
}
