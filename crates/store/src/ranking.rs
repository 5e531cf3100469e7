//! The ranking of a key's candidate rows, as one Rust comparator run by a DataFusion window
//! function (`tw_rank`). It is the only definition of which row is current: the `current`
//! view, the series, the panels and `facts --all` all rank through it (see [`crate::views`]
//! for the rule in words).
//!
//! Why a window function and not `ROW_NUMBER() OVER (PARTITION BY <key> ORDER BY …)`: most keys
//! hold one row, and DataFusion pays per window partition, so a window per key costs seconds
//! per million rows. `tw_rank` runs over a whole series ordered by period, ranks each period's
//! rows itself (one row: rank 1 at once), and leaves the data sorted by series and period for
//! whatever comes next.

use std::cmp::Ordering;
use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, BooleanArray, Date32Array, Float64Array, Int32Array, Int64Array, StringArray,
    UInt64Array,
};
use arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::error::DataFusionError;
use datafusion::logical_expr::function::{PartitionEvaluatorArgs, WindowUDFFieldArgs};
use datafusion::logical_expr::{
    PartitionEvaluator, Signature, Volatility, WindowUDF, WindowUDFImpl,
};

/// The arguments of `tw_rank`, in order, with the type each is read as.
const ARGS: [(&str, DataType); 12] = [
    ("period_start", DataType::Int32),
    ("period_months", DataType::Int32),
    ("preferred", DataType::Boolean),
    ("source_rank", DataType::Int64),
    ("release_published", DataType::Date32),
    ("release_seq", DataType::Int64),
    ("quality_ok", DataType::Boolean),
    ("has_published", DataType::Boolean),
    ("release", DataType::Utf8),
    ("value", DataType::Float64),
    ("resolution", DataType::Float64),
    ("line", DataType::Int64),
];

/// One candidate row, as the rule sees it.
pub(crate) struct Candidate<'a> {
    pub(crate) preferred: bool,
    pub(crate) source_rank: i64,
    pub(crate) release_published: Option<i32>,
    pub(crate) release_seq: i64,
    pub(crate) quality_ok: bool,
    pub(crate) has_published: bool,
    pub(crate) release: &'a str,
    pub(crate) value: f64,
    pub(crate) resolution: Option<f64>,
    pub(crate) line: i64,
    /// Rows of the same key, release and value ([`rank_group_of`] counts them).
    pub(crate) corroboration: usize,
}

/// Orders the candidate rows of one key best first (the window function and the resident
/// series both rank through this): `group` holds each row's own index and its candidate; after
/// the call, position `p` of `group` is rank `p + 1`.
pub(crate) fn rank_group_of<T>(group: &mut [(T, Candidate)]) {
    for k in 0..group.len() {
        let (rel, val) = (group[k].1.release, group[k].1.value);
        group[k].1.corroboration = group
            .iter()
            .filter(|(_, c)| c.release == rel && c.value == val)
            .count();
    }
    group.sort_by(|a, b| better(&a.1, &b.1));
}

/// The rule: preferred citation; source; latest release (published, then ingested); `ok`
/// before `conflict`; dated before undated; corroborated; more precise; file order.
fn better(a: &Candidate, b: &Candidate) -> Ordering {
    b.preferred
        .cmp(&a.preferred)
        .then(a.source_rank.cmp(&b.source_rank))
        .then(match (a.release_published, b.release_published) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then(b.release_seq.cmp(&a.release_seq))
        .then(b.quality_ok.cmp(&a.quality_ok))
        .then(b.has_published.cmp(&a.has_published))
        .then(b.corroboration.cmp(&a.corroboration))
        .then(match (a.resolution, b.resolution) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then(a.line.cmp(&b.line))
}

fn typed<T: 'static>(arrays: &[ArrayRef], i: usize) -> datafusion::error::Result<&T> {
    arrays[i].as_any().downcast_ref::<T>().ok_or_else(|| {
        DataFusionError::Execution(format!(
            "tw_rank: argument {} has the wrong type",
            ARGS[i].0
        ))
    })
}

/// The names of `tw_rank`'s arguments, in order: a caller that ranks outside a window (the
/// bulk job's pass over sorted rows) selects columns with these names.
pub(crate) fn arg_names() -> [&'static str; 12] {
    ARGS.map(|(name, _)| name)
}

/// Ranks of the rows of one series ordered by period: 1 for the current row of each period.
/// `values` are `tw_rank`'s arguments ([`arg_names`]).
pub(crate) fn rank_series(values: &[ArrayRef]) -> datafusion::error::Result<ArrayRef> {
    let cast_one = |i: usize| arrow::compute::cast(&values[i], &ARGS[i].1);
    let periods = [cast_one(0)?, cast_one(1)?];
    let start = typed::<Int32Array>(&periods, 0)?;
    let months = typed::<Int32Array>(&periods, 1)?;
    let n = start.len();
    let mut ranks = vec![1u64; n];
    // The other arguments are read only when a period has more than one row: most have one.
    let mut cast: Option<Vec<ArrayRef>> = None;
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && start.value(j) == start.value(i) && months.value(j) == months.value(i) {
            j += 1;
        }
        if j - i > 1 {
            if cast.is_none() {
                cast = Some(
                    (0..ARGS.len())
                        .map(cast_one)
                        .collect::<std::result::Result<_, _>>()?,
                );
            }
            if let Some(cast) = &cast {
                rank_group(cast, i..j, &mut ranks)?;
            }
        }
        i = j;
    }
    Ok(Arc::new(UInt64Array::from(ranks)))
}

fn rank_group(
    cast: &[ArrayRef],
    rows: std::ops::Range<usize>,
    ranks: &mut [u64],
) -> datafusion::error::Result<()> {
    let preferred = typed::<BooleanArray>(cast, 2)?;
    let source_rank = typed::<Int64Array>(cast, 3)?;
    let release_published = typed::<Date32Array>(cast, 4)?;
    let release_seq = typed::<Int64Array>(cast, 5)?;
    let quality_ok = typed::<BooleanArray>(cast, 6)?;
    let has_published = typed::<BooleanArray>(cast, 7)?;
    let release = typed::<StringArray>(cast, 8)?;
    let value = typed::<Float64Array>(cast, 9)?;
    let resolution = typed::<Float64Array>(cast, 10)?;
    let line = typed::<Int64Array>(cast, 11)?;
    let opt_i32 = |a: &Date32Array, r: usize| (!a.is_null(r)).then(|| a.value(r));
    let mut group: Vec<(usize, Candidate)> = rows
        .clone()
        .map(|r| {
            (
                r,
                Candidate {
                    preferred: !preferred.is_null(r) && preferred.value(r),
                    source_rank: source_rank.value(r),
                    release_published: opt_i32(release_published, r),
                    release_seq: release_seq.value(r),
                    quality_ok: !quality_ok.is_null(r) && quality_ok.value(r),
                    has_published: !has_published.is_null(r) && has_published.value(r),
                    release: release.value(r),
                    value: value.value(r),
                    resolution: (!resolution.is_null(r)).then(|| resolution.value(r)),
                    line: line.value(r),
                    corroboration: 0,
                },
            )
        })
        .collect();
    rank_group_of(&mut group);
    for (place, (row, _)) in group.iter().enumerate() {
        ranks[*row] = place as u64 + 1;
    }
    Ok(())
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct RankWindow {
    signature: Signature,
}

impl WindowUDFImpl for RankWindow {
    fn name(&self) -> &str {
        "tw_rank"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn partition_evaluator(
        &self,
        _args: PartitionEvaluatorArgs,
    ) -> datafusion::error::Result<Box<dyn PartitionEvaluator>> {
        Ok(Box::new(RankEvaluator))
    }

    fn field(&self, args: WindowUDFFieldArgs) -> datafusion::error::Result<FieldRef> {
        Ok(Arc::new(Field::new(args.name(), DataType::UInt64, false)))
    }
}

#[derive(Debug)]
struct RankEvaluator;

impl PartitionEvaluator for RankEvaluator {
    fn evaluate_all(
        &mut self,
        values: &[ArrayRef],
        num_rows: usize,
    ) -> datafusion::error::Result<ArrayRef> {
        if values.len() != ARGS.len() || values.iter().any(|v| v.len() != num_rows) {
            return Err(DataFusionError::Execution(format!(
                "tw_rank takes {} arguments ({})",
                ARGS.len(),
                ARGS.iter().map(|a| a.0).collect::<Vec<_>>().join(", ")
            )));
        }
        rank_series(values)
    }
}

/// `tw_rank(period_start, period_months, preferred, source_rank, release_published,
/// release_seq, quality_ok, has_published, release, value, resolution, line) OVER (PARTITION BY
/// <series> ORDER BY period_start, period_months)`.
pub(crate) fn rank_window() -> WindowUDF {
    WindowUDF::new_from_impl(RankWindow {
        signature: Signature::any(ARGS.len(), Volatility::Immutable),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of one series: (period_start, preferred, source_rank, release_seq, published,
    /// release, value, resolution, line).
    type Row = (
        i32,
        bool,
        i64,
        i64,
        bool,
        &'static str,
        f64,
        Option<f64>,
        i64,
    );

    fn ranks(rows: &[Row]) -> Vec<u64> {
        let arrays: Vec<ArrayRef> = vec![
            Arc::new(Int32Array::from(
                rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            )),
            Arc::new(Int32Array::from(vec![1; rows.len()])),
            Arc::new(BooleanArray::from(
                rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            )),
            Arc::new(Int64Array::from(
                rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            )),
            Arc::new(Date32Array::from(vec![Some(20_000); rows.len()])),
            Arc::new(Int64Array::from(
                rows.iter().map(|r| r.3).collect::<Vec<_>>(),
            )),
            Arc::new(BooleanArray::from(vec![true; rows.len()])),
            Arc::new(BooleanArray::from(
                rows.iter().map(|r| r.4).collect::<Vec<_>>(),
            )),
            Arc::new(StringArray::from(
                rows.iter().map(|r| r.5).collect::<Vec<_>>(),
            )),
            Arc::new(Float64Array::from(
                rows.iter().map(|r| r.6).collect::<Vec<_>>(),
            )),
            Arc::new(Float64Array::from(
                rows.iter().map(|r| r.7).collect::<Vec<_>>(),
            )),
            Arc::new(Int64Array::from(
                rows.iter().map(|r| r.8).collect::<Vec<_>>(),
            )),
        ];
        let out = rank_series(&arrays).expect("ranks");
        out.as_any()
            .downcast_ref::<UInt64Array>()
            .expect("u64")
            .values()
            .to_vec()
    }

    #[test]
    fn a_lone_row_is_current_and_the_rule_orders_the_rest() {
        let rows: [Row; 7] = [
            // Month 1: a single row.
            (1, false, 3, 1, true, "b", 5.0, Some(1.0), 2),
            // Month 2: an agency row beats two press rows.
            (2, false, 3, 1, true, "b", 420.5, Some(0.1), 3),
            (2, false, 0, 1, true, "g", 421.0, Some(1.0), 9),
            (2, false, 3, 1, true, "b", 420.0, Some(1.0), 4),
            // Month 3: same source and release; the figure two rows give beats the precise one,
            // and a dated row beats an undated one before that.
            (3, false, 3, 1, true, "b", 589.85, Some(0.01), 5),
            (3, false, 3, 1, true, "b", 590.0, Some(1.0), 6),
            (3, false, 3, 1, true, "b", 590.0, Some(1.0), 7),
        ];
        assert_eq!(ranks(&rows), [1, 2, 1, 3, 3, 1, 2]);
    }

    #[test]
    fn a_preferred_citation_and_a_later_release_come_first() {
        let rows: [Row; 3] = [
            (1, false, 0, 1, true, "old", 10.0, None, 1),
            (1, false, 0, 2, true, "new", 11.0, None, 1),
            (1, true, 3, 1, false, "press", 12.0, None, 1),
        ];
        assert_eq!(ranks(&rows), [3, 2, 1]);
    }
}
