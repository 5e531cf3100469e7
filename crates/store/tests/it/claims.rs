//! Every checkable m/m, y/y, YTD and streak claim of the bundled `claims-examples.csv`: the
//! facts engine computes the value in its `computed_value` column, and the verdict rule of the
//! dataset README applied to it gives the listed verdict.

use tradewatch_analysis::{Fact, Subject, facts, rounding};
use tradewatch_model::{Flow, Measure, Month, Period};
use tradewatch_sources::bundled;
use tradewatch_store::SeriesQuery;

#[derive(Debug, serde::Deserialize)]
struct Claim {
    id: String,
    period: String,
    reporter: String,
    partner: String,
    commodity: String,
    claim_kind: String,
    claimed_value: String,
    source_url: String,
    checkable_from_dataset: String,
    computed_value: String,
    verdict_if_checkable: String,
}

/// The number after the last `=` of the formula ("5473/5774 - 1 = -5.21%" → -5.21), with
/// its precision, and whether it is a percentage.
fn expected(c: &Claim) -> (f64, f64, bool) {
    let text = c
        .computed_value
        .rsplit('=')
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    let lead: String = text
        .chars()
        .take_while(|ch| ch.is_ascii_digit() || matches!(ch, '+' | '-' | '.' | ','))
        .collect();
    // A percentage when the number is followed by '%' ("= -5.21%"), not when a '%' comes
    // later in a remark ("= 16,001; y/y % not checkable").
    let pct = text[lead.len()..].starts_with('%');
    let num: String = lead.chars().filter(|ch| *ch != ',').collect();
    // "dataset monthly sum Jan-Nov 51,440 + Dec 5,952 = 57,392 (differs …)".
    let value: f64 = num
        .parse()
        .unwrap_or_else(|_| panic!("{}: no number in {:?}", c.id, c.computed_value));
    let precision = match num.split_once('.') {
        Some((_, f)) => 10f64.powi(-(f.len() as i32)),
        None => 1.0,
    };
    (value, precision, pct)
}

/// The claimed number: value, precision, and "more than" hedge.
fn claimed(c: &Claim) -> (f64, f64, bool) {
    let t = c.claimed_value.trim();
    let more_than = t.starts_with('>');
    let num: String = t
        .trim_start_matches('>')
        .chars()
        .filter(|ch| ch.is_ascii_digit() || matches!(ch, '+' | '-' | '.'))
        .collect();
    let value: f64 = num
        .parse()
        .unwrap_or_else(|_| panic!("{}: claimed {t:?}", c.id));
    let precision = match num.split_once('.') {
        Some((_, f)) => 10f64.powi(-(f.len() as i32)),
        None => 1.0,
    };
    (value, precision, more_than)
}

fn fact_for(c: &Claim, series: &tradewatch_analysis::Series, pct: bool) -> Option<Fact> {
    let period: Period = c.period.parse().expect("claim period");
    let last: Month = period.last();
    match (c.claim_kind.as_str(), pct) {
        ("mom_pct", _) => facts::change_mom(series, period),
        ("yoy_pct", _) | ("ytd", true) if period.is_year_to_date() && !period.is_month() => {
            facts::ytd_change_yoy(series, last)
        }
        ("yoy_pct", _) => facts::change_yoy(series, period),
        ("ytd", false) => facts::ytd(series, last),
        ("streak", _) => facts::streak(series, period),
        _ => None,
    }
}

#[tokio::test]
async fn every_checkable_change_ytd_and_streak_claim_gets_its_listed_value_and_verdict() {
    let (_dir, store) = crate::bundled_store().await;
    let mut reader = csv::Reader::from_reader(bundled::CLAIMS.as_bytes());
    let mut misses = Vec::new();
    let mut checked = 0;
    for row in reader.deserialize::<Claim>() {
        let c = row.expect("claims row");
        if c.checkable_from_dataset != "yes"
            || !matches!(
                c.claim_kind.as_str(),
                "mom_pct" | "yoy_pct" | "ytd" | "streak"
            )
        {
            continue;
        }
        checked += 1;
        let (want, want_precision, pct) = expected(&c);
        let flow = if c.reporter == "CHN" {
            Flow::Export
        } else {
            Flow::Import
        };
        let subject = Subject {
            reporter: c.reporter.clone(),
            partner: c.partner.clone(),
            flow,
            basket: c.commodity.clone(),
            measure: Measure::Quantity,
        };
        let query = SeriesQuery {
            // A change claim is checked against its own source's levels where it gave them.
            prefer_citation: pct.then(|| c.source_url.clone()),
            ..SeriesQuery::new(subject)
        };
        let series = store.series(&query).await.expect("series");
        let Some(fact) = fact_for(&c, &series, pct) else {
            misses.push(format!("{}: no fact computed", c.id));
            continue;
        };
        // The listed value is the fact's own, or the fact recomputed with another source's
        // figure for an input (the dataset's check sometimes uses the more precise one).
        let scale = if pct { 1.0 } else { 1000.0 }; // levels are kg inside, tonnes in the file
        let candidates: Vec<(f64, (f64, f64))> = std::iter::once((
            fact.value.unwrap_or(f64::NAN),
            fact.interval.map_or((f64::NAN, f64::NAN), |[a, b]| (a, b)),
        ))
        .chain(
            fact.variants
                .iter()
                .map(|v| (v.value, (v.interval[0], v.interval[1]))),
        )
        .collect();
        let Some(&(value, interval)) = candidates
            .iter()
            .find(|(v, _)| (v / scale - want).abs() <= want_precision / 2.0 + 1e-9)
        else {
            misses.push(format!(
                "{}: computed {:?} (variants {:?}), listed {}",
                c.id,
                fact.value.map(|v| v / scale),
                fact.variants.iter().map(|v| v.value).collect::<Vec<_>>(),
                c.computed_value
            ));
            continue;
        };
        let (claim, claim_precision, more_than) = claimed(&c);
        let verdict = if more_than {
            if value / scale > claim {
                "supported"
            } else {
                "contradicted"
            }
        } else {
            let iv = if interval.0.is_nan() {
                (value, value)
            } else {
                interval
            };
            match rounding::compare(
                claim,
                claim_precision,
                value / scale,
                (iv.0 / scale, iv.1 / scale),
            ) {
                rounding::Agreement::Exact => "supported",
                rounding::Agreement::Rounding => "rounding",
                rounding::Agreement::Off => "contradicted",
            }
        };
        if verdict != c.verdict_if_checkable {
            misses.push(format!(
                "{}: verdict {verdict}, listed {} (value {})",
                c.id,
                c.verdict_if_checkable,
                value / scale
            ));
        }
    }
    assert_eq!(checked, 39, "claims checked");
    assert!(misses.is_empty(), "claims missed:\n{}", misses.join("\n"));
}

/// "EU 38% / US 11% share" → [("EUN", 38), ("USA", 11)]; "43% share" → the claim's partner.
fn claimed_shares(c: &Claim) -> Vec<(String, f64, f64)> {
    c.claimed_value
        .split('/')
        .map(|piece| {
            let piece = piece.trim().trim_end_matches("share").trim();
            let (who, num) = match piece.split_once(' ') {
                Some((who, num)) => (
                    match who {
                        "EU" => "EUN".to_string(),
                        "US" => "USA".to_string(),
                        other => other.to_string(),
                    },
                    num,
                ),
                None => (c.partner.clone(), piece),
            };
            let num = num.trim_end_matches('%');
            let precision = match num.split_once('.') {
                Some((_, f)) => 10f64.powi(-(f.len() as i32)),
                None => 1.0,
            };
            (who, num.parse().expect("share"), precision)
        })
        .collect()
}

#[tokio::test]
async fn every_checkable_share_claim_gets_its_listed_value_and_verdict() {
    let (_dir, store) = crate::bundled_store().await;
    let mut reader = csv::Reader::from_reader(bundled::CLAIMS.as_bytes());
    let mut checked = 0;
    for row in reader.deserialize::<Claim>() {
        let c = row.expect("claims row");
        if c.checkable_from_dataset != "yes" || !c.claimed_value.contains("share") {
            continue;
        }
        let period: Period = c.period.parse().expect("period");
        let subject = Subject {
            reporter: c.reporter.clone(),
            partner: "*".into(),
            flow: Flow::Export,
            basket: c.commodity.clone(),
            measure: Measure::Quantity,
        };
        let query = SeriesQuery {
            prefer_citation: Some(c.source_url.clone()),
            ..SeriesQuery::new(subject)
        };
        let panel = store.panel(&query).await.expect("panel");
        let facts = tradewatch_analysis::cross::cross_partner(&panel, period, 5);
        let listed: Vec<f64> = c
            .computed_value
            .split(';')
            .map(|part| {
                let after = part.rsplit('=').next().unwrap_or("").trim();
                after
                    .trim_end_matches("share")
                    .trim()
                    .trim_end_matches('%')
                    .parse()
                    .unwrap_or_else(|_| panic!("{}: {part}", c.id))
            })
            .collect();
        for ((partner, claim, precision), want) in claimed_shares(&c).into_iter().zip(listed) {
            checked += 1;
            let share = facts
                .iter()
                .find(|f| {
                    f.kind == tradewatch_analysis::FactKind::Share && f.subject.partner == partner
                })
                .unwrap_or_else(|| panic!("{}: no share fact for {partner}", c.id));
            assert_eq!(share.method, "share of the world total", "{}", c.id);
            let value = share.value.unwrap();
            assert!(
                (value - want).abs() < 0.005 + 1e-9,
                "{}: {partner} share {value}, listed {want}",
                c.id
            );
            let [lo, hi] = share.interval.unwrap();
            let verdict = match rounding::compare(claim, precision, value, (lo, hi)) {
                rounding::Agreement::Exact => "supported",
                rounding::Agreement::Rounding => "rounding",
                rounding::Agreement::Off => "contradicted",
            };
            assert_eq!(verdict, c.verdict_if_checkable, "{} {partner}", c.id);
        }
    }
    assert_eq!(checked, 4, "share claims checked (C031, C033 twice, C059)");
}
