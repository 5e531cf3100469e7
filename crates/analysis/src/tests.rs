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

mod engine {
    use super::*;
    use crate::anomaly::{AnomalyConfig, anomaly};
    use crate::cross::{Panel, cross_partner};
    use crate::events::{event_timing, event_window};
    use crate::mirror::{MirrorConfig, mirror_gaps};
    use crate::unit_value::unit_values;
    use proptest::prelude::*;
    use tradewatch_model::{Event, Month, Provenance, Quality, Source, Timeline};

    fn subject(reporter: &str, partner: &str, flow: Flow, measure: Measure) -> Subject {
        Subject {
            reporter: reporter.into(),
            partner: partner.into(),
            flow,
            basket: "rare-earth-magnets".into(),
            measure,
        }
    }

    fn prov(release: &str, citation: &str, measure: Measure, value: f64, unit: Unit) -> Provenance {
        Provenance {
            source: Source::Gacc,
            release: release.into(),
            citation: citation.into(),
            published: None,
            quality: Quality::Ok,
            period: p("2025-09"),
            measure,
            value,
            unit,
            resolution: None,
            estimated: false,
            line: 2,
        }
    }

    fn point(period: &str, value: f64, unit: Unit, half: f64) -> Point {
        Point {
            period: p(period),
            value,
            unit,
            half_width: half,
            resolution: None,
            provenance: vec![prov("r1", "f.csv", Measure::Quantity, value, unit)],
            alternatives: vec![],
        }
    }

    fn monthly_series(s: Subject, start: &str, values: &[f64]) -> Series {
        let first = p(start).first();
        let mut out = Series::new(s);
        for (i, v) in values.iter().enumerate() {
            let m = Period::Month(first.plus(i as i32));
            out.insert(
                Measure::Quantity,
                Point {
                    period: m,
                    ..point(&m.to_string(), *v, Unit::Kg, 0.0)
                },
            );
        }
        out
    }

    /// CHN→* magnets, September 2025, as the bundled data has it.
    fn magnets_panel() -> Panel {
        let mut panel = Panel::new("CHN", Flow::Export, "rare-earth-magnets", Measure::Quantity);
        for (partner, t) in [
            ("WLD", 5774.0),
            ("DEU", 1288.0),
            ("KOR", 854.0),
            ("VNM", 456.0),
            ("USA", 420.5),
            ("JPN", 228.0),
        ] {
            let mut s = Series::new(subject("CHN", partner, Flow::Export, Measure::Quantity));
            s.insert(
                Measure::Quantity,
                point("2025-09", t * 1000.0, Unit::Kg, 500.0),
            );
            panel.partners.insert(partner.to_string(), s);
        }
        panel
    }

    #[test]
    fn partial_rankings_say_they_cover_only_the_partners_in_the_data() {
        let facts = cross_partner(&magnets_panel(), p("2025-09"), 5);
        let top = facts
            .iter()
            .find(|f| f.kind == FactKind::TopPartners)
            .unwrap();
        let order: Vec<&str> = top.items.iter().map(|i| i.partner.as_str()).collect();
        assert_eq!(order, ["DEU", "KOR", "VNM", "USA", "JPN"]);
        assert!(
            top.note
                .as_deref()
                .unwrap()
                .contains("covers only the 5 partner countries")
        );
        let de_share = facts
            .iter()
            .find(|f| f.kind == FactKind::Share && f.subject.partner == "DEU")
            .unwrap();
        assert_eq!(de_share.display, "22.3%");
        assert_eq!(de_share.method, "share of the world total");
        let us_rank = facts
            .iter()
            .find(|f| f.kind == FactKind::Rank && f.subject.partner == "USA")
            .unwrap();
        assert_eq!(us_rank.value, Some(4.0));
        assert_eq!(us_rank.of, Some(5));
        let hhi = facts.iter().find(|f| f.kind == FactKind::Hhi).unwrap();
        assert!(hhi.note.as_deref().unwrap().contains("lower bound"));
    }

    /// "3Q25 volume +12.8% y/y vs 3Q24": a quarter held month by month is the sum of its
    /// months, and its change on the year is against the same months summed a year before;
    /// a quarter with a month missing has neither.
    #[test]
    fn a_quarter_held_by_month_is_summed_and_compared_with_the_year_before() {
        let s = subject("CHN", "WLD", Flow::Export, Measure::Quantity);
        // July 2024 to September 2025, in kg.
        let series = monthly_series(
            s,
            "2024-07",
            &[
                100.0, 200.0, 300.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 150.0, 250.0,
                350.0,
            ],
        );
        let facts = facts::compute(&series, p("2025-07..09"));
        let level = facts.iter().find(|f| f.kind == FactKind::Level).unwrap();
        assert_eq!(level.value, Some(750.0));
        assert_eq!(level.method, "sum of monthly levels");
        assert_eq!(level.provenance.len(), 3);
        let yoy = facts
            .iter()
            .find(|f| f.kind == FactKind::ChangeYoy)
            .unwrap();
        assert!((yoy.value.unwrap() - 25.0).abs() < 1e-9, "{yoy:?}");
        let mut gap = series.clone();
        gap.levels.remove(&p("2025-08"));
        let facts = facts::compute(&gap, p("2025-07..09"));
        assert!(
            !facts
                .iter()
                .any(|f| matches!(f.kind, FactKind::Level | FactKind::ChangeYoy))
        );
    }

    /// "The US took 8.7% of 1Q26 volume": a quarter the data holds as January–February
    /// combined plus March is summed for the partner and the world; a partner missing a
    /// month gets no share, and a span across two years none at all.
    #[test]
    fn shares_over_a_span_sum_the_months_the_data_holds() {
        let mut panel = Panel::new("CHN", Flow::Export, "rare-earth-magnets", Measure::Quantity);
        for (partner, janfeb, mar) in [
            ("WLD", Some(10_763.0), Some(5_238.0)),
            ("USA", Some(994.0), Some(406.0)),
            ("JPN", None, Some(300.0)),
        ] {
            let mut s = Series::new(subject("CHN", partner, Flow::Export, Measure::Quantity));
            if let Some(t) = janfeb {
                s.insert(Measure::Quantity, point("2026-01..02", t, Unit::Tonne, 0.5));
            }
            if let Some(t) = mar {
                s.insert(Measure::Quantity, point("2026-03", t, Unit::Tonne, 0.5));
            }
            panel.partners.insert(partner.to_string(), s);
        }
        let facts = cross_partner(&panel, p("2026-01..03"), 5);
        let share = |who: &str| {
            facts
                .iter()
                .find(|f| f.kind == FactKind::Share && f.subject.partner == who)
        };
        let us = share("USA").expect("a share for the quarter");
        assert_eq!(us.display, "8.7%");
        assert_eq!(us.method, "share of the world total");
        // Both pieces of the partner and of the world are cited.
        assert_eq!(us.provenance.len(), 4);
        assert!(share("JPN").is_none());
        // A span of later months: February–March needs February alone.
        assert!(cross_partner(&panel, p("2026-02..03"), 5).is_empty());
        assert!(cross_partner(&panel, p("2025-12..2026-03"), 5).is_empty());
    }

    #[test]
    fn without_a_world_total_shares_are_of_the_known_partners_and_say_so() {
        let mut panel = magnets_panel();
        panel.partners.remove("WLD");
        let facts = cross_partner(&panel, p("2025-09"), 3);
        let share = facts
            .iter()
            .find(|f| f.kind == FactKind::Share && f.subject.partner == "DEU")
            .unwrap();
        assert!(
            share.method.contains("sum of the partners"),
            "{}",
            share.method
        );
        assert!((share.value.unwrap() - 1288.0 / 3246.5 * 100.0).abs() < 1e-9);
    }

    #[test]
    fn unit_values_need_value_and_quantity_from_one_release() {
        let mut q = Series::new(subject("CHN", "WLD", Flow::Export, Measure::Quantity));
        let mut v = Series::new(subject("CHN", "WLD", Flow::Export, Measure::Value));
        q.insert(
            Measure::Quantity,
            point("2025-08", 6_000_000.0, Unit::Kg, 0.0),
        );
        q.insert(
            Measure::Quantity,
            point("2025-09", 5_000_000.0, Unit::Kg, 0.0),
        );
        v.insert(
            Measure::Value,
            point("2025-08", 300_000_000.0, Unit::Usd, 0.0),
        );
        let mut sep = point("2025-09", 300_000_000.0, Unit::Usd, 0.0);
        sep.provenance[0].release = "r2".into();
        v.insert(Measure::Value, sep.clone());
        assert!(
            unit_values(&q, &v, p("2025-09")).is_empty(),
            "different releases"
        );
        sep.provenance[0].release = "r1".into();
        v.insert(Measure::Value, sep);
        let f = unit_values(&q, &v, p("2025-09"));
        assert_eq!(f[0].kind, FactKind::UnitValue);
        assert_eq!(f[0].value, Some(60.0));
        assert_eq!(f[0].display, "USD 60.00/kg (USD 60,000/t)");
        let mom = f
            .iter()
            .find(|f| f.kind == FactKind::UnitValueChangeMom)
            .unwrap();
        assert!((mom.value.unwrap() - 20.0).abs() < 1e-9);
        let mut zero = q.clone();
        zero.insert(Measure::Quantity, point("2025-09", 0.0, Unit::Kg, 0.0));
        assert!(
            unit_values(&zero, &v, p("2025-09")).is_empty(),
            "zero quantity"
        );
    }

    #[test]
    fn mirror_gaps_find_the_lagged_cif_markup_on_generated_pairs() {
        // China's exports to the US; US imports arrive a month later, valued 6% higher (CIF).
        let exports_values = [100.0, 140.0, 90.0, 160.0, 120.0, 130.0];
        let mut imports_values = vec![80.0];
        imports_values.extend(exports_values.iter().map(|v| v * 1.06));
        let mut exports = monthly_series(
            subject("CHN", "USA", Flow::Export, Measure::Value),
            "2025-01",
            &exports_values,
        );
        let imports = monthly_series(
            subject("USA", "CHN", Flow::Import, Measure::Value),
            "2025-01",
            &imports_values,
        );
        exports.subject.measure = Measure::Value;
        let gaps = mirror_gaps(&exports, &imports, p("2025-03"), &MirrorConfig::default());
        assert_eq!(gaps.len(), 3, "lags 0, 1 and 2");
        let best = gaps
            .iter()
            .min_by(|a, b| a.value.unwrap().abs().total_cmp(&b.value.unwrap().abs()))
            .unwrap();
        assert_eq!(best.lag, Some(1));
        assert!((best.value.unwrap() - 6.0).abs() < 1e-9);
        assert!(best.note.as_deref().unwrap().starts_with("inside"));
        assert!(best.display.starts_with("asymmetry +6.0%"));
        let off = gaps.iter().find(|f| f.lag == Some(0)).unwrap();
        assert!(
            off.note.as_deref().unwrap().starts_with("outside"),
            "{off:?}"
        );
        for f in &gaps {
            assert!(!f.display.to_lowercase().contains("fraud"));
        }
    }

    #[test]
    fn a_spike_is_an_anomaly_and_short_history_claims_none() {
        // Noise of up to ±10% a month (a fixed LCG), then a quadrupling.
        let mut x: u64 = 42;
        let mut values: Vec<f64> = (0..36)
            .map(|_| {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                100.0 * (1.0 + ((x >> 33) as f64 / (1u64 << 31) as f64 - 0.5) * 0.2)
            })
            .collect();
        values.push(400.0);
        let s = monthly_series(
            subject("CHN", "WLD", Flow::Export, Measure::Quantity),
            "2022-01",
            &values,
        );
        let last = Period::Month(Month::new(2025, 1).unwrap());
        let f = anomaly(&s, last, &AnomalyConfig::default()).unwrap();
        assert!(f.value.unwrap() > 3.5, "{f:?}");
        assert!(f.display.starts_with("anomalous"));
        let calm = anomaly(&s, p("2024-12"), &AnomalyConfig::default()).unwrap();
        assert!(calm.value.unwrap().abs() < 3.5, "{calm:?}");
        let short = anomaly(&s, p("2022-06"), &AnomalyConfig::default()).unwrap();
        assert_eq!(short.value, None);
        assert!(short.display.starts_with("no anomaly claimed"));
    }

    fn april_controls() -> Event {
        Event {
            date: chrono_date(2025, 4, 4),
            kind: "export_control".into(),
            actor: "China MOFCOM/GACS".into(),
            description: "Announcement No. 18 of 2025".into(),
            source_url: "https://example.org/a".into(),
            baskets: vec!["rare-earth-magnets".into()],
        }
    }

    fn chrono_date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn event_windows_average_each_side_and_say_what_is_missing() {
        // Jan–Mar 2025 at 4,000–4,400 t; April 2,600; May–Jul 1,238 / 1,800 / 2,600.
        let mut s = monthly_series(
            subject("CHN", "WLD", Flow::Export, Measure::Quantity),
            "2025-01",
            &[4000.0, 4200.0, 4400.0, 2600.0, 1238.0, 1800.0, 2600.0],
        );
        s.levels.remove(&p("2025-02"));
        let f = event_window(&s, &april_controls(), 3).unwrap();
        let w = f.window.as_ref().unwrap();
        assert_eq!(w.before.average, Some(4200.0));
        assert_eq!(w.before.months_in_data.len(), 2);
        assert!((w.after.average.unwrap() - 5638.0 / 3.0).abs() < 1e-9);
        assert!((f.value.unwrap() - (5638.0 / 3.0 / 4200.0 - 1.0) * 100.0).abs() < 1e-9);
        assert!(
            f.note
                .as_deref()
                .unwrap()
                .contains("2 of the 3 months before")
        );
        assert!(
            w.trend_projection.is_none(),
            "two months are too few for a trend"
        );
        assert_eq!(f.provenance.len(), 5);
    }

    #[test]
    fn timing_names_the_next_event_after_the_period() {
        let mut october = april_controls();
        october.date = chrono_date(2025, 10, 9);
        october.description = "Announcements No. 61 and 62".into();
        let mut general = april_controls();
        general.date = chrono_date(2025, 9, 19);
        general.baskets = vec!["*".into()];
        let timeline = Timeline::new(vec![october, april_controls(), general]);
        let s = subject("CHN", "USA", Flow::Export, Measure::Quantity);
        let f = event_timing(&timeline, &s, p("2025-09"));
        assert_eq!(f.len(), 2);
        assert!(
            f[0].display.contains("comes after the 4 April 2025"),
            "{}",
            f[0].display
        );
        assert!(
            f[1].display.contains("predates the 9 October 2025"),
            "{}",
            f[1].display
        );
        assert_eq!(f[1].value, Some(1.0));
    }

    proptest! {
        /// Shares of all partners sum to 100% when the world total is their sum; the HHI stays
        /// in [0, 10,000] and the top-three share in [0, 100].
        #[test]
        fn shares_sum_to_100_and_hhi_is_bounded(
            levels in proptest::collection::vec(0.0f64..1e9, 1..30),
            with_world in any::<bool>(),
        ) {
            let codes = ["DEU", "KOR", "VNM", "USA", "JPN", "IND", "FRA", "ITA", "MEX", "THA",
                "BRA", "CAN", "GBR", "NLD", "POL", "ESP", "TUR", "MYS", "IDN", "PHL",
                "AUS", "ZAF", "EGY", "ARG", "CHL", "PER", "COL", "SAU", "ARE", "ISR"];
            let mut panel = Panel::new("CHN", Flow::Export, "rare-earth-magnets", Measure::Quantity);
            let total: f64 = levels.iter().sum();
            prop_assume!(total > 0.0);
            for (code, v) in codes.iter().zip(&levels) {
                let mut s = Series::new(subject("CHN", code, Flow::Export, Measure::Quantity));
                s.insert(Measure::Quantity, point("2025-09", *v, Unit::Kg, 0.0));
                panel.partners.insert(code.to_string(), s);
            }
            if with_world {
                let mut s = Series::new(subject("CHN", "WLD", Flow::Export, Measure::Quantity));
                s.insert(Measure::Quantity, point("2025-09", total, Unit::Kg, 0.0));
                panel.partners.insert("WLD".into(), s);
            }
            let facts = cross_partner(&panel, p("2025-09"), 5);
            let shares: f64 = facts.iter().filter(|f| f.kind == FactKind::Share)
                .map(|f| f.value.unwrap()).sum();
            prop_assert!((shares - 100.0).abs() < 1e-6, "shares sum to {shares}");
            let hhi = facts.iter().find(|f| f.kind == FactKind::Hhi).unwrap().value.unwrap();
            prop_assert!((0.0..=10_000.0 + 1e-6).contains(&hhi), "hhi {hhi}");
            let top3 = facts.iter().find(|f| f.kind == FactKind::Top3Share).unwrap().value.unwrap();
            prop_assert!((0.0..=100.0 + 1e-9).contains(&top3));
            let ranks: Vec<f64> = facts.iter().filter(|f| f.kind == FactKind::Rank)
                .map(|f| f.value.unwrap()).collect();
            prop_assert_eq!(ranks.len(), levels.len());
        }

        /// A constant series has zero changes, no streak and no anomaly.
        #[test]
        fn a_constant_series_has_no_anomaly_and_zero_changes(
            level in 0.0f64..1e9, len in 2usize..60,
        ) {
            let s = monthly_series(
                subject("CHN", "WLD", Flow::Export, Measure::Quantity),
                "2020-01",
                &vec![level; len],
            );
            for period in s.periods() {
                if let Some(f) = facts::change_mom(&s, period) {
                    prop_assert_eq!(f.value, Some(0.0));
                }
                if let Some(f) = facts::change_yoy(&s, period) {
                    prop_assert_eq!(f.value, Some(0.0));
                }
                prop_assert!(facts::streak(&s, period).is_none());
                prop_assert!(facts::records(&s, period).is_empty());
                if let Some(a) = anomaly(&s, period, &AnomalyConfig::default()) {
                    prop_assert!(a.value.is_none_or(|v| v == 0.0), "{:?}", a);
                    prop_assert!(!a.display.starts_with("anomalous"));
                }
            }
        }

        /// Reversing a rising series turns every rise fact into a fall.
        #[test]
        fn reversing_a_rising_series_turns_rises_into_falls(
            steps in proptest::collection::vec(1.0f64..1000.0, 2..30),
        ) {
            let mut rising = Vec::new();
            let mut level = 100.0;
            for s in &steps {
                level += s;
                rising.push(level);
            }
            let mut falling = rising.clone();
            falling.reverse();
            let subj = subject("CHN", "WLD", Flow::Export, Measure::Quantity);
            let up = monthly_series(subj.clone(), "2020-01", &rising);
            let down = monthly_series(subj, "2020-01", &falling);
            for period in up.periods() {
                let a = facts::compute(&up, period);
                let b = facts::compute(&down, period);
                let dirs = |fs: &[crate::Fact]| -> Vec<(FactKind, Option<Direction>)> {
                    fs.iter().filter(|f| f.direction.is_some())
                        .map(|f| (f.kind, f.direction)).collect()
                };
                for (kind, dir) in dirs(&a) {
                    prop_assert_eq!(dir, Some(Direction::Rise), "{:?}", kind);
                }
                for (kind, dir) in dirs(&b) {
                    prop_assert_eq!(dir, Some(Direction::Fall), "{:?}", kind);
                }
                prop_assert_eq!(dirs(&a).len(), dirs(&b).len());
                for f in a.iter().filter(|f| matches!(f.kind, FactKind::ChangeMom | FactKind::ChangeYoy)) {
                    prop_assert!(f.value.unwrap() > 0.0);
                }
                for f in b.iter().filter(|f| matches!(f.kind, FactKind::ChangeMom | FactKind::ChangeYoy)) {
                    prop_assert!(f.value.unwrap() < 0.0);
                }
                let kinds = |fs: &[crate::Fact]| fs.iter().filter(|f| matches!(f.kind, FactKind::HighestSince | FactKind::LowestSince)).map(|f| f.kind).collect::<Vec<_>>();
                prop_assert!(kinds(&a).iter().all(|k| *k == FactKind::HighestSince));
                prop_assert!(kinds(&b).iter().all(|k| *k == FactKind::LowestSince));
            }
        }

        /// The kernels and the single-series facts agree: one definition.
        #[test]
        fn kernels_and_single_series_facts_agree(
            values in proptest::collection::vec(prop::option::of(0u32..20), 2..40),
        ) {
            let mut s = Series::new(subject("CHN", "WLD", Flow::Export, Measure::Quantity));
            let first = Month::new(2020, 1).unwrap();
            let mut months = Vec::new();
            let mut levels = Vec::new();
            for (i, v) in values.iter().enumerate() {
                if let Some(v) = v {
                    let m = first.plus(i as i32);
                    months.push(m.index());
                    levels.push(f64::from(*v));
                    s.insert(Measure::Quantity, Point { period: Period::Month(m), ..point("2020-01", f64::from(*v), Unit::Kg, 0.0) });
                }
            }
            let runs = crate::kernels::streaks(&months, &levels);
            let recs = crate::kernels::records(&months, &levels);
            for (i, m) in months.iter().enumerate() {
                let period = Period::Month(Month::from_index(*m));
                let st = facts::streak(&s, period);
                match runs[i] {
                    Some(r) if r != 0 => prop_assert_eq!(st.and_then(|f| f.length), Some(r.unsigned_abs())),
                    _ => prop_assert!(st.is_none()),
                }
                let rec = facts::records(&s, period);
                match recs[i] {
                    Some(r) => {
                        prop_assert_eq!(rec.len(), 1);
                        prop_assert_eq!(rec[0].value, Some(f64::from(r.months)));
                    }
                    None => prop_assert!(rec.is_empty()),
                }
            }
        }
    }
}
