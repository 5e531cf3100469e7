//! Facts on small series shaped like the bundled data.

use tradewatch_model::{Flow, Measure, Period, Unit};

use crate::facts::{self, Basis, Direction, FactKind};
use crate::rounding::Agreement;
use crate::series::{Point, Series, Subject};

fn p(s: &str) -> Period {
    s.parse().expect("period")
}

fn series(levels: &[(&str, f64, f64)]) -> Series {
    let mut s = Series::new(Subject {
        reporter: "CHN".into(),
        partner: "USA".into(),
        flow: Flow::Export,
        basket: "rare-earth-magnets".into(),
        measure: Measure::Quantity,
    });
    for &(period, tonnes, res_t) in levels {
        s.insert(
            Measure::Quantity,
            Point {
                period: p(period),
                value: tonnes * 1000.0,
                unit: Unit::Kg,
                half_width: res_t * 500.0,
                resolution: Some(res_t * 1000.0),
                provenance: vec![],
                alternatives: vec![],
            },
        );
    }
    s
}

fn published(s: &mut Series, measure: Measure, period: &str, pct: f64, res: f64) {
    s.insert(
        measure,
        Point {
            period: p(period),
            value: pct,
            unit: Unit::Pct,
            half_width: res / 2.0,
            resolution: Some(res),
            provenance: vec![],
            alternatives: vec![],
        },
    );
}

fn us() -> Series {
    series(&[
        ("2024-05", 689.0, 1.0),
        ("2025-05", 46.0, 1.0),
        ("2025-06", 353.0, 1.0),
        ("2025-07", 619.0, 1.0),
        ("2025-08", 590.0, 1.0),
        ("2025-09", 420.5, 0.1),
        ("2025-10", 656.0, 1.0),
    ])
}

#[test]
fn mom_is_computed_from_levels_and_checked_against_the_published_change() {
    let mut s = us();
    published(&mut s, Measure::ChangeMomPct, "2025-09", -28.7, 0.1);
    let f = facts::change_mom(&s, p("2025-09")).unwrap();
    assert_eq!(f.basis, Basis::Computed);
    assert!((f.value.unwrap() - (420.5 / 590.0 - 1.0) * 100.0).abs() < 1e-9);
    assert_eq!(f.display, "-28.7%");
    assert_eq!(f.base.as_ref().unwrap().period, p("2025-08"));
    assert_eq!(f.reported.as_ref().unwrap().agreement, Agreement::Exact);
}

#[test]
fn a_published_change_that_contradicts_the_levels_is_kept_and_flagged() {
    let mut s = us();
    published(&mut s, Measure::ChangeMomPct, "2025-08", -1.6, 0.1);
    let f = facts::change_mom(&s, p("2025-08")).unwrap();
    assert_eq!(f.basis, Basis::Computed);
    assert_eq!(f.reported.as_ref().unwrap().agreement, Agreement::Off);
    assert!(f.note.as_ref().unwrap().contains("disagrees"));
}

#[test]
fn yoy_falls_back_to_the_published_change_and_says_so() {
    let mut s = us();
    published(&mut s, Measure::ChangeYoyPct, "2025-09", -29.5, 0.1);
    let f = facts::change_yoy(&s, p("2025-09")).unwrap();
    assert_eq!(f.basis, Basis::Reported);
    assert_eq!(f.value, Some(-29.5));
    assert_eq!(f.base.as_ref().unwrap().value, None);
    assert!(f.note.as_ref().unwrap().contains("September 2024"));
    assert!(facts::change_yoy(&us(), p("2025-09")).is_none());
    let may = facts::change_yoy(&us(), p("2025-05")).unwrap();
    assert_eq!(may.basis, Basis::Computed);
}

#[test]
fn no_mom_across_a_combined_january_february() {
    let s = series(&[("2026-01..02", 10763.0, 1.0), ("2026-03", 5238.0, 1.0)]);
    assert!(facts::change_mom(&s, p("2026-03")).is_none());
    assert!(facts::change_mom(&s, p("2026-01..02")).is_none());
}

#[test]
fn streak_and_the_rebound_it_reversed() {
    let s = us();
    let st = facts::streak(&s, p("2025-09")).unwrap();
    assert_eq!((st.direction, st.length), (Some(Direction::Fall), Some(2)));
    assert_eq!(st.start, Some(p("2025-08")));
    let tps = facts::turning_points(&s, p("2025-09"));
    let turn = tps
        .iter()
        .find(|f| f.kind == FactKind::TurningPoint)
        .unwrap();
    assert_eq!(turn.base.as_ref().unwrap().period, p("2025-07"));
    let prior = tps.iter().find(|f| f.kind == FactKind::PriorRun).unwrap();
    assert_eq!(prior.direction, Some(Direction::Rise));
    assert_eq!(prior.length, Some(2));
    assert_eq!(prior.start, Some(p("2025-06")));
    assert_eq!(prior.base.as_ref().unwrap().period, p("2025-05"));
    assert_eq!(prior.base.as_ref().unwrap().value, Some(46_000.0));
}

#[test]
fn a_gap_breaks_a_streak() {
    let s = series(&[
        ("2025-01", 10.0, 1.0),
        ("2025-02", 9.0, 1.0),
        ("2025-04", 8.0, 1.0),
        ("2025-05", 7.0, 1.0),
    ]);
    let st = facts::streak(&s, p("2025-05")).unwrap();
    assert_eq!(
        st.length,
        Some(1),
        "March is missing, so the run starts in May"
    );
    assert!(facts::streak(&s, p("2025-04")).is_none());
}

#[test]
fn highest_since_names_the_last_higher_month_or_the_gap() {
    let s = series(&[
        ("2025-01", 6357.0, 1.0),
        ("2025-02", 3000.0, 1.0),
        ("2025-03", 5000.0, 1.0),
        ("2025-04", 2627.0, 1.0),
        ("2025-05", 1238.0, 1.0),
        ("2025-06", 3188.0, 1.0),
        ("2025-07", 5577.0, 1.0),
        ("2025-08", 6146.0, 1.0),
    ]);
    let rec = facts::records(&s, p("2025-08"));
    assert_eq!(rec[0].kind, FactKind::HighestSince);
    assert_eq!(rec[0].since.as_ref().unwrap().period, p("2025-01"));
    assert_eq!(rec[0].length, Some(7), "a seven-month high");
    let gappy = us();
    let rec = facts::records(&gappy, p("2025-10"));
    assert!(
        rec[0].since.is_none(),
        "April 2025 is missing: no record claimed"
    );
    assert!(rec[0].note.as_ref().unwrap().contains("April 2025"));
}

#[test]
fn ytd_prefers_monthly_sums_then_published_then_chained() {
    let mut s = series(&[
        ("2024-01..08", 38138.0, 1.0),
        ("2024-09", 4915.0, 1.0),
        ("2025-01..09", 39817.0, 1.0),
    ]);
    published(&mut s, Measure::ChangeYoyPct, "2025-01..09", -7.5, 0.1);
    let cur = facts::ytd(&s, tradewatch_model::Month::new(2025, 9).unwrap()).unwrap();
    assert_eq!(cur.basis, Basis::Reported);
    assert_eq!(cur.value, Some(39_817_000.0));
    let prev = facts::ytd_total(&s, tradewatch_model::Month::new(2024, 9).unwrap()).unwrap();
    assert_eq!(prev.basis, Basis::Computed);
    assert_eq!(prev.point.value, 43_053_000.0);
    let ch = facts::ytd_change_yoy(&s, tradewatch_model::Month::new(2025, 9).unwrap()).unwrap();
    assert_eq!(ch.display, "-7.5%");
    assert_eq!(ch.reported.unwrap().agreement, Agreement::Exact);

    let q1 = series(&[("2026-01..02", 10763.0, 1.0), ("2026-03", 5238.0, 1.0)]);
    let t = facts::ytd(&q1, tradewatch_model::Month::new(2026, 3).unwrap()).unwrap();
    assert_eq!(t.value, Some(16_001_000.0));
    assert!(t.method.contains("combined"));
}

#[test]
fn compute_returns_every_fact_of_a_month() {
    let kinds: Vec<FactKind> = facts::compute(&us(), p("2025-09"))
        .into_iter()
        .map(|f| f.kind)
        .collect();
    for k in [
        FactKind::Level,
        FactKind::ChangeMom,
        FactKind::Streak,
        FactKind::TurningPoint,
        FactKind::PriorRun,
        FactKind::LowestSince,
    ] {
        assert!(kinds.contains(&k), "{k:?} missing from {kinds:?}");
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The computed change always lies inside its own rounding interval, and a streak never
        /// spans a missing month.
        #[test]
        fn change_inside_interval_and_streaks_stop_at_gaps(
            values in proptest::collection::vec(prop::option::of(1.0f64..10_000.0), 3..24)
        ) {
            let mut levels = Vec::new();
            let names: Vec<String> = (0..values.len())
                .map(|i| tradewatch_model::Month::new(2020, 1).unwrap().plus(i as i32).to_string())
                .collect();
            for (i, v) in values.iter().enumerate() {
                if let Some(v) = v {
                    levels.push((names[i].as_str(), v.round(), 1.0));
                }
            }
            let s = series(&levels);
            for (i, name) in names.iter().enumerate() {
                let period = p(name);
                if let Some(f) = facts::change_mom(&s, period) {
                    let [lo, hi] = f.interval.unwrap();
                    prop_assert!(lo <= f.value.unwrap() && f.value.unwrap() <= hi);
                }
                if let Some(st) = facts::streak(&s, period) {
                    let len = st.length.unwrap() as usize;
                    prop_assert!(len <= i);
                    for back in 0..=len {
                        prop_assert!(values[i - back].is_some());
                    }
                }
            }
        }
    }
}
