//! Reads from memory and reads through SQL give the same answers: two handles on one store,
//! one with the copy in memory and one without, asked the same series, panels, facts and
//! holdings under every option that changes which rows count.

use chrono::NaiveDate;
use tradewatch_analysis::Subject;
use tradewatch_model::{
    Baskets, Classification, Flow, Measure, Observation, Period, Quality, Source, Timeline, Unit,
};
use tradewatch_store::{FactsQuery, NewRelease, SeriesQuery, Store};

/// A small deterministic generator (no dependency for one test).
pub(crate) struct Lcg(pub(crate) u64);

impl Lcg {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub(crate) fn pick(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn date(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

/// Releases that make the ranking work: a revision of a third of the rows (later, sometimes
/// by an agency, sometimes in conflict), a Comtrade copy in dollars with no dates, and rows
/// by HS and national codes for new partners, a few of them suspect.
fn releases(bundled: &[Observation]) -> Vec<(String, Option<NaiveDate>, Vec<Observation>)> {
    let mut rng = Lcg(7);
    let mut revision = Vec::new();
    for (i, o) in bundled.iter().enumerate().filter(|(i, _)| i % 3 == 0) {
        let mut r = o.clone();
        r.value = (o.value * 1.01).round();
        r.published = (i % 2 == 0).then(|| date("2026-01-15"));
        r.source = if i % 4 == 0 { Source::Gacc } else { o.source };
        r.quality = if i % 5 == 0 {
            Quality::Conflict
        } else {
            Quality::Ok
        };
        r.citation = format!("revision.csv:{}", i + 2);
        r.line = i as u64 + 2;
        revision.push(r);
    }
    let mut comtrade = Vec::new();
    for (i, o) in bundled.iter().enumerate().filter(|(i, _)| i % 4 == 1) {
        let mut r = o.clone();
        r.source = Source::Comtrade;
        r.published = None;
        if r.measure == Measure::Value {
            r.unit = Unit::Usd;
        }
        r.value = o.value + rng.pick(1000) as f64;
        r.citation = format!("comtrade.json:{}", i + 1);
        r.line = i as u64 + 1;
        comtrade.push(r);
    }
    let mut codes = Vec::new();
    let partners = ["DEU", "JPN", "KOR", "USA", "IND"];
    let classes = [
        (Classification::Hs2022, "850511"),
        (Classification::Hs2022, "850519"),
        (Classification::CnChina8, "85051110"),
        (Classification::Hs, "811299"),
    ];
    for i in 0..240usize {
        let (classification, code) = classes[rng.pick(classes.len())];
        let month = 1 + rng.pick(12) as u32;
        let flow = if rng.pick(3) == 0 {
            Flow::Import
        } else {
            Flow::Export
        };
        let quantity = rng.pick(2) == 0;
        codes.push(Observation {
            source: [Source::Gacc, Source::Comtrade, Source::User][rng.pick(3)],
            release: String::new(),
            reporter: ["CHN", "USA", "DEU"][rng.pick(3)].into(),
            partner: partners[rng.pick(partners.len())].into(),
            flow,
            classification,
            code: code.into(),
            commodity: code.into(),
            period: Period::month(2025, month).expect("month"),
            measure: if quantity {
                Measure::Quantity
            } else {
                Measure::Value
            },
            value: 1000.0 * (1 + rng.pick(500)) as f64,
            unit: if quantity { Unit::Kg } else { Unit::Usd },
            resolution: (rng.pick(2) == 0).then_some(1000.0),
            estimated: false,
            suppressed: false,
            quality: if i % 17 == 0 {
                Quality::Suspect
            } else {
                Quality::Ok
            },
            citation: format!("codes.csv:{}", i + 2),
            published: (rng.pick(3) > 0).then(|| date("2025-11-20")),
            note: String::new(),
            line: i as u64 + 2,
        });
    }
    vec![
        ("revision".into(), Some(date("2026-01-15")), revision),
        ("comtrade".into(), None, comtrade),
        ("codes".into(), Some(date("2025-11-20")), codes),
    ]
}

/// The bundled store plus three releases, and a second handle on it that reads through SQL.
pub(crate) async fn two_handles() -> (tempfile::TempDir, Store, Store, Vec<Observation>) {
    let (dir, mut memory) = crate::bundled_store().await;
    let bundled = bundled_rows();
    for (i, (name, published, observations)) in releases(&bundled).into_iter().enumerate() {
        memory
            .ingest(NewRelease {
                id: Some(name.clone()),
                source: observations[0].source,
                format: "tradewatch-csv".into(),
                file_name: format!("{name}.csv"),
                sha256: format!("resident-test-{i}"),
                published,
                observations,
            })
            .await
            .expect("ingest");
    }
    let mut sql = Store::open(dir.path()).await.expect("reopen");
    sql.set_resident_rows(0);
    (dir, memory, sql, bundled)
}

fn bundled_rows() -> Vec<Observation> {
    tradewatch_sources::parse(
        tradewatch_sources::bundled::OBSERVATIONS_NAME,
        tradewatch_sources::bundled::OBSERVATIONS,
        &tradewatch_sources::Options {
            default_source: Some(Source::Press),
            ..tradewatch_sources::Options::default()
        },
    )
    .expect("parse bundled")
    .observations
}

/// Every subject the rows name, with its mirror, in each basket the rows belong to.
pub(crate) fn subjects(rows: &[Observation]) -> Vec<Subject> {
    let mut out = std::collections::BTreeSet::new();
    let baskets = [
        "rare-earth-magnets",
        "permanent-magnets",
        "gallium",
        "graphite",
    ];
    for o in rows {
        let basket = match o.classification {
            Classification::Basket => o.code.clone(),
            _ => baskets[o.line as usize % baskets.len()].to_string(),
        };
        for measure in [Measure::Quantity, Measure::Value, Measure::ChangeYoyPct] {
            out.insert((
                o.reporter.clone(),
                o.partner.clone(),
                o.flow.as_str().to_string(),
                basket.clone(),
                measure.as_str().to_string(),
            ));
            out.insert((
                o.partner.clone(),
                o.reporter.clone(),
                o.flow.as_str().to_string(),
                basket.clone(),
                measure.as_str().to_string(),
            ));
        }
    }
    out.into_iter()
        .map(|(reporter, partner, flow, basket, measure)| Subject {
            reporter,
            partner,
            flow: flow.parse().expect("flow"),
            basket,
            measure: measure.parse().expect("measure"),
        })
        .collect()
}

#[tokio::test]
async fn series_and_panels_from_memory_equal_those_from_sql_under_every_option() {
    let (_dir, memory, sql, bundled) = two_handles().await;
    let subjects = subjects(&bundled);
    assert!(subjects.len() > 100, "{} subjects", subjects.len());
    let citation = bundled
        .iter()
        .find(|o| o.published.is_some())
        .map(|o| o.citation.clone());
    let variants: Vec<Box<dyn Fn(SeriesQuery) -> SeriesQuery>> = vec![
        Box::new(|q| q),
        Box::new(|q| SeriesQuery {
            as_of: Some(date("2025-10-15")),
            ..q
        }),
        Box::new(|q| SeriesQuery {
            as_of: Some(date("2025-12-31")),
            ..q
        }),
        Box::new(|q| SeriesQuery {
            through_seq: Some(2),
            ..q
        }),
        Box::new(|q| SeriesQuery {
            through_seq: Some(1),
            as_of: Some(date("2026-02-01")),
            ..q
        }),
        Box::new(move |q| SeriesQuery {
            prefer_citation: citation.clone(),
            ..q
        }),
        Box::new(|q| SeriesQuery {
            from: Some("2025-03".parse().expect("period")),
            to: Some("2025-08".parse().expect("period")),
            ..q
        }),
    ];
    let mut points = 0usize;
    for (n, subject) in subjects.iter().enumerate() {
        // Every variant for a spread of subjects, the plain query for all of them.
        let chosen: Vec<&Box<dyn Fn(SeriesQuery) -> SeriesQuery>> = match n % 5 {
            0 => variants.iter().collect(),
            k => vec![&variants[0], &variants[k]],
        };
        for variant in chosen {
            let q = variant(SeriesQuery::new(subject.clone()));
            let a = memory.series(&q).await.expect("series from memory");
            let b = sql.series(&q).await.expect("series from SQL");
            assert_eq!(a, b, "series of {subject:?} with {q:?}");
            points += a.levels.len();
            if n % 3 == 0 {
                let a = memory.panel(&q).await.expect("panel from memory");
                let b = sql.panel(&q).await.expect("panel from SQL");
                assert_eq!(a, b, "panel of {subject:?} with {q:?}");
            }
        }
    }
    // The comparison saw real figures, and the copy in memory was what answered.
    assert!(points > 500, "only {points} points compared");
    assert_eq!(memory.held_rows(), Some(370 + 124 + 93 + 240));
    assert_eq!(sql.held_rows(), None);
}

#[tokio::test]
async fn facts_and_holdings_from_memory_equal_those_from_sql() {
    let (_dir, memory, sql, bundled) = two_handles().await;
    let timeline = Timeline::new(tradewatch_sources::bundled::events().expect("events"));
    let months = ["2025-06", "2025-09", "2025-10", "2025-01..09", "2025"];
    for (n, subject) in subjects(&bundled).into_iter().enumerate().step_by(7) {
        let period: Period = months[n % months.len()].parse().expect("period");
        let mut q = FactsQuery::new(subject.clone(), period, timeline.clone());
        q.as_of = (n % 2 == 0).then(|| date("2025-12-01"));
        let a = memory.facts(&q).await.expect("facts from memory");
        let b = sql.facts(&q).await.expect("facts from SQL");
        assert_eq!(a, b, "facts of {subject:?} for {period}");
    }
    for basket in Baskets::builtin().all() {
        for (period, as_of) in [
            ("2025-09", None),
            ("2025-01..12", None),
            ("2025-05", Some(date("2025-07-01"))),
        ] {
            let period: Period = period.parse().expect("period");
            let a = memory
                .holdings(basket, period, as_of)
                .await
                .expect("memory");
            let b = sql.holdings(basket, period, as_of).await.expect("SQL");
            assert_eq!(a, b, "holdings of {} in {period}", basket.id);
        }
    }
    assert_eq!(
        memory.releases().await.expect("releases"),
        sql.releases().await.expect("releases")
    );
    assert!(memory.held_rows().is_some());
    assert_eq!(
        memory.row_counts().await.expect("counts"),
        sql.row_counts().await.expect("counts")
    );
}

#[tokio::test]
async fn the_copy_in_memory_follows_every_ingest_and_keeps_to_its_limit() {
    let (dir, mut store) = crate::bundled_store().await;
    let subject = Subject {
        reporter: "CHN".into(),
        partner: "USA".into(),
        flow: Flow::Export,
        basket: "rare-earth-magnets".into(),
        measure: Measure::Quantity,
    };
    let q = SeriesQuery::new(subject);
    let sep: Period = "2025-09".parse().expect("period");
    let before = store.series(&q).await.expect("series");
    assert_eq!(store.held_rows(), Some(370));
    let old = before.level(&sep).expect("September").value;
    // A later, dated revision of September through the same handle.
    let revised = bundled_rows()
        .into_iter()
        .filter(|o| {
            o.reporter == "CHN"
                && o.partner == "USA"
                && o.measure == Measure::Quantity
                && o.period == sep
        })
        .map(|mut o| {
            o.value = old + 1000.0;
            o.published = Some(date("2026-02-01"));
            o.source = Source::Gacc;
            o
        })
        .collect::<Vec<_>>();
    assert!(!revised.is_empty());
    store
        .ingest(NewRelease {
            id: Some("later".into()),
            source: Source::Gacc,
            format: "tradewatch-csv".into(),
            file_name: "later.csv".into(),
            sha256: "resident-later".into(),
            published: Some(date("2026-02-01")),
            observations: revised.clone(),
        })
        .await
        .expect("ingest");
    let after = store.series(&q).await.expect("series");
    assert_eq!(after.level(&sep).expect("September").value, old + 1000.0);
    assert_eq!(store.held_rows(), Some(370 + revised.len()));
    // The log's record counts give the table's rows without reading it: what a handle
    // checks against its limit before it reads anything.
    let rows = store
        .sql("SELECT count(*) AS n FROM observations")
        .await
        .expect("count");
    let counted = rows[0]
        .column(0)
        .as_any()
        .downcast_ref::<arrow::array::Int64Array>()
        .expect("int64")
        .value(0);
    assert_eq!(store.observation_rows(), Some(counted as u64));
    assert!(counted as usize >= 370 + revised.len());
    // A handle whose limit is below the table reads through SQL and says the same.
    let mut small = Store::open(dir.path()).await.expect("reopen");
    small.set_resident_rows(100);
    assert_eq!(small.series(&q).await.expect("series"), after);
    assert_eq!(small.held_rows(), None);
    // Another process's ingest reaches a handle when it refreshes.
    let mut other = Store::open(dir.path()).await.expect("reopen");
    let mut again = revised;
    for o in &mut again {
        o.value += 1000.0;
        o.published = Some(date("2026-03-01"));
    }
    other
        .ingest(NewRelease {
            id: Some("latest".into()),
            source: Source::Gacc,
            format: "tradewatch-csv".into(),
            file_name: "latest.csv".into(),
            sha256: "resident-latest".into(),
            published: Some(date("2026-03-01")),
            observations: again,
        })
        .await
        .expect("ingest");
    assert!(store.is_stale());
    store.refresh().await.expect("refresh");
    let latest = store.series(&q).await.expect("series");
    assert_eq!(latest.level(&sep).expect("September").value, old + 2000.0);
    assert_eq!(
        latest.level(&sep).expect("September").provenance[0].release,
        "latest"
    );
}

/// A handle that reads through SQL keeps what it decoded of the files' metadata: a query
/// caches the footers of the files it opens, and the next query first gives those footers
/// their page index, so that no later query decodes it again. The answers do not change.
#[tokio::test]
async fn a_sql_handle_keeps_the_footers_and_page_indexes_it_has_read() {
    let (_dir, _memory, sql, bundled) = two_handles().await;
    let subject = subjects(&bundled).into_iter().next().expect("a subject");
    let q = SeriesQuery::new(subject);
    // Opening the handle read the releases (to repair a lost release row).
    let opened = sql.metadata_held();

    let first = sql.series(&q).await.expect("series");
    let one = sql.metadata_held();
    assert!(
        one.with_page_index >= opened.files,
        "{opened:?} then {one:?}"
    );
    // The observations' files were opened for the first time: footers only.
    assert!(one.files > opened.files, "{opened:?} then {one:?}");
    assert!(one.with_page_index < one.files, "{one:?}");
    assert!(one.bytes > 0 && one.bytes <= one.limit, "{one:?}");

    let second = sql.series(&q).await.expect("series");
    let two = sql.metadata_held();
    assert_eq!(second, first);
    assert_eq!(two.files, one.files, "{one:?} then {two:?}");
    assert_eq!(two.with_page_index, two.files, "{one:?} then {two:?}");
    // A page index is more to hold than a footer alone.
    assert!(two.bytes > one.bytes, "{one:?} then {two:?}");

    let third = sql.series(&q).await.expect("series");
    assert_eq!(third, first);
    assert_eq!(sql.metadata_held(), two);
}
