//! The monthly kernels: m/m, y/y, streaks and records over one series' months, as slices.
//!
//! These are the one definition of what those facts mean. The single-series facts in
//! [`crate::facts`] call them, and the store registers them as DataFusion window functions for
//! `tradewatch facts --all`, so a fact computed for one series and the same fact computed for
//! every series in bulk cannot drift apart.
//!
//! Input: month indexes (`year * 12 + month - 1`), strictly increasing, and their levels. Rows
//! may be missing: a change needs the exact earlier month, and a missing month ends a run.

/// The index of `m - back` in `months`, if that month is present. `i` is the position of `m`;
/// the search only looks at the `back` positions before it.
fn back(months: &[i32], i: usize, back: i32) -> Option<usize> {
    let want = months[i] - back;
    let lo = i.saturating_sub(back as usize);
    months[lo..i].binary_search(&want).ok().map(|j| lo + j)
}

/// Percent change from `base` to `cur`; `None` when the base is not positive.
pub fn pct_change(cur: f64, base: f64) -> Option<f64> {
    (base > 0.0).then(|| (cur / base - 1.0) * 100.0)
}

/// Percent change from the level `lag` months earlier; `None` when that month is missing or its
/// level is not positive.
pub fn change_pct(months: &[i32], values: &[f64], lag: i32) -> Vec<Option<f64>> {
    (0..months.len())
        .map(|i| {
            let j = back(months, i, lag)?;
            pct_change(values[i], values[j])
        })
        .collect()
}

/// Signed run lengths: `+n` for the n-th consecutive monthly rise ending at a month, `-n` for
/// falls, `0` for an unchanged month, `None` when the previous month is missing.
pub fn streaks(months: &[i32], values: &[f64]) -> Vec<Option<i32>> {
    let mut out: Vec<Option<i32>> = Vec::with_capacity(months.len());
    for i in 0..months.len() {
        let s = if i > 0 && months[i - 1] == months[i] - 1 {
            let prev = out[i - 1].unwrap_or(0);
            Some(if values[i] > values[i - 1] {
                if prev > 0 { prev + 1 } else { 1 }
            } else if values[i] < values[i - 1] {
                if prev < 0 { prev - 1 } else { -1 }
            } else {
                0
            })
        } else {
            None
        };
        out.push(s);
    }
    out
}

/// A record: how far back the level is the highest (after a rise) or lowest (after a fall).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    /// Months back to the last higher (lower) level; when `open`, the length of the unbroken
    /// run of months the level tops.
    pub months: i32,
    /// No higher (lower) level bounds it: the run reaches a missing month or the first month of
    /// the data, so the record is "at least" this long.
    pub open: bool,
}

/// Records for every month that rose or fell from the month before (`None` otherwise). One pass
/// with a monotonic stack per direction, restarted at every gap.
pub fn records(months: &[i32], values: &[f64]) -> Vec<Option<Record>> {
    let runs = streaks(months, values);
    let mut out = vec![None; months.len()];
    // Positions of earlier months that no later month (so far) has topped (`higher`) or
    // undercut (`lower`), within the current unbroken block.
    let mut higher: Vec<usize> = Vec::new();
    let mut lower: Vec<usize> = Vec::new();
    let mut block_start = 0usize;
    for i in 0..months.len() {
        if i > 0 && months[i - 1] != months[i] - 1 {
            higher.clear();
            lower.clear();
            block_start = i;
        }
        let v = values[i];
        while higher.last().is_some_and(|&j| values[j] <= v) {
            higher.pop();
        }
        while lower.last().is_some_and(|&j| values[j] >= v) {
            lower.pop();
        }
        let bound = match runs[i] {
            Some(s) if s > 0 => Some(higher.last()),
            Some(s) if s < 0 => Some(lower.last()),
            _ => None,
        };
        out[i] = bound.map(|b| match b {
            Some(&j) => Record {
                months: months[i] - months[j],
                open: false,
            },
            None => Record {
                months: months[i] - months[block_start],
                open: true,
            },
        });
        higher.push(i);
        lower.push(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_need_the_exact_earlier_month() {
        let months = [0, 1, 3, 12, 13];
        let values = [100.0, 110.0, 50.0, 200.0, 0.0];
        let mom = change_pct(&months, &values, 1);
        assert_eq!(mom[1].map(|v| v.round()), Some(10.0));
        assert_eq!(mom[2], None, "month 2 is missing");
        assert_eq!(mom[4].map(|v| v.round()), Some(-100.0));
        let yoy = change_pct(&months, &values, 12);
        assert_eq!(yoy[3].map(|v| v.round()), Some(100.0));
        assert_eq!(yoy[4].map(|v| v.round()), Some(-100.0));
        assert_eq!(change_pct(&[0, 1], &[0.0, 5.0], 1)[1], None, "base zero");
    }

    #[test]
    fn streaks_count_runs_and_stop_at_gaps_and_flat_months() {
        let months = [0, 1, 2, 3, 4, 5, 7, 8];
        let values = [1.0, 2.0, 3.0, 2.0, 2.0, 1.0, 5.0, 6.0];
        assert_eq!(
            streaks(&months, &values),
            vec![
                None,
                Some(1),
                Some(2),
                Some(-1),
                Some(0),
                Some(-1),
                None,
                Some(1)
            ]
        );
    }

    #[test]
    fn records_name_the_last_higher_month_or_the_open_run() {
        // 5 9 4 6 8 | gap | 3 7
        let months = [0, 1, 2, 3, 4, 6, 7];
        let values = [5.0, 9.0, 4.0, 6.0, 8.0, 3.0, 7.0];
        let r = records(&months, &values);
        assert_eq!(r[0], None);
        assert_eq!(
            r[1],
            Some(Record {
                months: 1,
                open: true
            })
        );
        assert_eq!(
            r[2],
            Some(Record {
                months: 2,
                open: true
            }),
            "lowest of the run"
        );
        assert_eq!(
            r[4],
            Some(Record {
                months: 3,
                open: false
            }),
            "highest since month 1 (9)"
        );
        assert_eq!(r[5], None, "after a gap nothing to compare");
        assert_eq!(
            r[6],
            Some(Record {
                months: 1,
                open: true
            })
        );
    }
}
