//! Readings the judge takes from the data when the text leaves part of a subject open, on
//! the fixture of the bundled data's facts: each is tried only after the first reading fails,
//! and the reason says what was taken.
#![allow(clippy::unwrap_used)]

use serde_json::Value;
use tradewatch_verify::fixture::{Fixture, FixtureSource, block_on};

fn check(text: &str, published: &str) -> Vec<Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/facts.json");
    let fixture: Fixture = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let source = FixtureSource::new(fixture);
    let report =
        block_on(tradewatch_verify::read(text, published.parse().ok()).judge(&source)).unwrap();
    serde_json::to_value(&report).unwrap()["claims"]
        .as_array()
        .unwrap()
        .clone()
}

/// The claim whose text contains `part`.
fn with_text<'a>(claims: &'a [Value], part: &str) -> &'a Value {
    claims
        .iter()
        .find(|c| c["text"].as_str().unwrap().contains(part))
        .unwrap_or_else(|| panic!("no claim with {part:?} in {claims:#?}"))
}

/// Asserts that the judge's reason for `claim` says `part`.
fn reason_says(claim: &Value, part: &str) {
    let reason = claim["reason"].as_str().unwrap();
    assert!(reason.contains(part), "{claim:#}");
}

fn of_kind<'a>(claims: &'a [Value], kind: &str) -> &'a Value {
    claims
        .iter()
        .find(|c| c["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} claim in {claims:#?}"))
}

/// "Exports fell for a second straight month" after a sentence about the US: the US rose in
/// October 2025, the world fell a second month (6,146 → 5,774 → 5,473 t). The run is read
/// for the US first, then for the world, and the reason says so.
#[test]
fn a_run_with_a_carried_partner_is_tried_for_the_world() {
    let claims = check(
        "China's rare earth magnet exports to the US rose to 656.3 tonnes in October 2025.\n\n\
         Exports fell for a second straight month.",
        "2025-11-20",
    );
    let run = of_kind(&claims, "streak");
    assert_eq!(run["verdict"], "supported", "{run:#}");
    reason_says(run, "partner taken from the data");
    // A run the world did not have either stays contradicted.
    let claims = check(
        "China's rare earth magnet exports to the US rose to 656.3 tonnes in October 2025.\n\n\
         Exports fell for a fifth straight month.",
        "2025-11-20",
    );
    assert_eq!(of_kind(&claims, "streak")["verdict"], "contradicted");
}

/// A run said of "permanent magnets", a name under which the data keep no Chinese series:
/// the basket that shares its codes (rare-earth magnets) is tried, and said.
#[test]
fn a_run_under_a_name_the_data_do_not_keep_is_tried_under_the_one_sharing_its_codes() {
    let claims = check(
        "China's permanent magnet exports, October 2025\n\n\
         Permanent magnet exports fell to 5,473 t in October, the second straight monthly fall.",
        "2025-11-20",
    );
    let run = of_kind(&claims, "streak");
    assert_eq!(run["verdict"], "supported", "{run:#}");
    reason_says(run, "shares codes");
}

/// In a story of China's trade, "India's imports" are first read as China's exports to
/// India; the data keep India's own import figures for the half-year, and those are tried
/// next, and said.
#[test]
fn a_buyers_imports_in_a_china_story_are_tried_as_its_own_figures() {
    let claims = check(
        "China's rare earth magnet exports, October 2025\n\n\
         India's imports of permanent magnets in April-September 2025 were 16,281 tonnes.",
        "2025-11-20",
    );
    let level = with_text(&claims, "16,281");
    assert_eq!(level["verdict"], "supported", "{level:#}");
    reason_says(level, "reporter taken from the data");
}

/// A text that writes decimals with a comma ("420,5 tonnes") and thousands with one too
/// ("1,106 tonnes"): the second is first read as 1.106 t; the data keep 1,106 t for Germany
/// in December 2025, so the other reading of the mark is taken, and said. A figure that
/// fits neither reading stays contradicted.
#[test]
fn a_mark_that_may_group_thousands_or_start_decimals_is_read_both_ways() {
    let text = "China's rare earth magnet exports to the US came to 420,5 tonnes in September \
                2025.\n\nGermany received 1,106 tonnes in December 2025.";
    let claims = check(text, "2026-01-20");
    let germany = with_text(&claims, "1,106");
    assert_eq!(germany["verdict"], "supported", "{germany:#}");
    reason_says(germany, "other decimal mark");
    let wrong = check(&text.replace("1,106", "1,160"), "2026-01-20");
    let germany = with_text(&wrong, "1,160");
    assert_ne!(germany["verdict"], "supported", "{germany:#}");
    assert_ne!(germany["verdict"], "rounding", "{germany:#}");
}

/// A level whose sentence names neither partner nor month, far from the subject read (the
/// world's 5,774 t): of the destinations the article names, only the US has 420.5 t in
/// September 2025, so that subject is taken, and said. A partner the sentence names is the
/// writer's, right or wrong: "Germany took 420.5 tonnes" stays Germany's and is not passed.
#[test]
fn a_far_level_is_matched_to_the_one_subject_the_article_names_with_that_figure() {
    let claims = check(
        "China's rare earth magnet exports in September 2025: the US and Germany\n\n\
         Shipments came to 420.5 tonnes.",
        "2025-10-20",
    );
    let level = with_text(&claims, "420.5");
    assert_eq!(level["verdict"], "supported", "{level:#}");
    reason_says(level, "to USA in September 2025");
    // A figure no subject the article names has stays as the first reading judged it.
    let claims = check(
        "China's rare earth magnet exports in September 2025: the US and Germany\n\n\
         Shipments came to 5,674 tonnes.",
        "2025-10-20",
    );
    let level = with_text(&claims, "5,674");
    assert_eq!(level["verdict"], "contradicted", "{level:#}");
    let claims = check(
        "China's rare earth magnet exports to the US fell 28.7% in September 2025.\n\n\
         Germany took 420.5 tonnes in September 2025.",
        "2025-10-20",
    );
    let level = with_text(&claims, "420.5");
    assert_ne!(level["verdict"], "supported", "{level:#}");
    assert_ne!(level["verdict"], "rounding", "{level:#}");
}

/// A time named in another clause of the sentence is not the claim's ("… June's 172
/// tonnes, and Japan bought 232 tonnes"): Japan's figure is asked of the months the article
/// names, and July 2025's 232 t is the one.
#[test]
fn a_time_of_another_clause_leaves_the_claims_month_open() {
    let claims = check(
        "China's rare earth magnet exports, July 2025\n\nIndia's intake of 418 tonnes was more \
         than double June's 172 tonnes, and Japan bought 232 tonnes.",
        "2025-08-20",
    );
    let japan = with_text(&claims, "232");
    assert_eq!(japan["verdict"], "supported", "{japan:#}");
    assert_eq!(japan["subject"]["period"], "2025-07", "{japan:#}");
}

/// A figure from another month where the data hold the month read is the writer's error,
/// not a reading to mend: the US took 564 t in December 2025 and 582 t in November, and "fell
/// again in December, to 582 t" stays contradicted although November is named in the
/// article. Where the data hold nothing for the month read, the months named are still
/// asked (the test above).
#[test]
fn a_figure_from_another_month_the_data_hold_is_not_moved_to_it() {
    let claims = check(
        "China's rare earth magnet exports to the US, November and December 2025\n\n\
         US-bound volumes fell in November. They fell again in December, to 582 t.",
        "2026-01-25",
    );
    let level = with_text(&claims, "582");
    assert_eq!(level["verdict"], "contradicted", "{level:#}");
    assert_eq!(level["subject"]["period"], "2025-12", "{level:#}");
}

/// A figure whose reporter the data hold nothing for, in a story of China's trade: the data
/// hold only India's figures for permanent magnets in its fiscal year 2024-25, so "It
/// imported 53,700 tonnes" is read as India's own imports, and said. A bound ("more than
/// 50,000 tonnes") names no subject and is not moved.
#[test]
fn a_reporter_the_data_do_not_hold_is_tried_as_the_one_they_do() {
    let claims = check(
        "China's rare earth magnet exports, 2025\n\n\
         India is the other market to watch. It imported 53,700 tonnes of permanent magnets \
         in 2024-25.",
        "2025-11-20",
    );
    let level = with_text(&claims, "53,700");
    assert_eq!(level["verdict"], "supported", "{level:#}");
    assert_eq!(level["subject"]["reporter"], "IND", "{level:#}");
    assert_eq!(level["subject"]["period"], "2024-04..2025-03", "{level:#}");
    reason_says(level, "reporter taken from the data");
    let claims = check(
        "China's rare earth magnet exports, 2025\n\n\
         India is the other market to watch. It imported more than 50,000 tonnes of permanent \
         magnets in 2024-25.",
        "2025-11-20",
    );
    let bound = with_text(&claims, "50,000");
    assert_ne!(bound["subject"]["reporter"], "IND", "{bound:#}");
}

/// Two events in two clauses of one sentence are two claims; an undated event on all goods
/// (the Geneva truce of 12 May 2025) is found by the words that name it.
#[test]
fn two_events_in_one_sentence_and_an_undated_truce() {
    let claims = check(
        "China exported 3,188 tonnes of rare-earth magnets in June, up 157.5% from May. That \
         is still short of where it was before the April 4 licensing rules, but June was also \
         the first full month after the Geneva truce.",
        "2025-07-25",
    );
    let events: Vec<&Value> = claims
        .iter()
        .filter(|c| c["kind"] == "event_timing")
        .collect();
    assert_eq!(events.len(), 2, "{claims:#?}");
    let truce = with_text(&claims, "Geneva");
    assert_eq!(truce["verdict"], "supported", "{truce:#}");
    // A truce a month later would not be the one meant.
    let claims = check(
        "China exported 5,577 tonnes of rare-earth magnets in July. July was also the first \
         full month after the Geneva truce.",
        "2025-08-20",
    );
    let truce = with_text(&claims, "Geneva");
    assert_ne!(truce["verdict"], "supported", "{truce:#}");
}

/// "August 1 that year": the year named last, not the publication's.
#[test]
fn an_event_day_in_that_year() {
    let claims = check(
        "Beijing announced licensing for eight gallium and six germanium items on July 3, \
         2023, and the rules applied from August 1 that year.",
        "2026-01-22",
    );
    let rule = with_text(&claims, "August 1");
    assert_eq!(rule["verdict"], "supported", "{rule:#}");
}

/// A far level in a sentence that names no time is tried for the spans the article states
/// with their year too, not only its months: 27,897 t is January–July 2025's total, not
/// July's (5,577 t), and the claim becomes that total.
#[test]
fn a_far_level_is_matched_to_a_span_the_article_names() {
    let claims = check(
        "China's rare earth magnet exports, July 2025\n\nAcross January-July 2025 the \
         licensing rules weighed on magnet shipments.\n\nIn July 2025 magnet exports rose \
         again. Shipments came to 27,897 tonnes.",
        "2025-08-20",
    );
    let c = with_text(&claims, "27,897");
    assert_eq!(c["verdict"], "supported", "{c:#}");
    assert_eq!(c["kind"], "ytd_total", "{c:#}");
    assert_eq!(c["subject"]["period"], "2025-01..07", "{c:#}");
    reason_says(c, "January–July 2025");
}

/// The years the article sets figures in are tried too: "58,152 tons including the alloys",
/// in a podcast about 2024 whose story month is December, is 2024's total.
#[test]
fn a_far_level_is_matched_to_a_year_the_article_names() {
    let claims = check(
        "Magnets in 2024, a podcast\n\nTOM: In 2024 the headline numbers moved a lot. December \
         magnet exports were 4,917 tons.\n\nMAYA: And magnets overall?\n\nTOM: Magnets did \
         better: 58,152 tons including the alloys.",
        "2025-01-25",
    );
    let c = with_text(&claims, "58,152");
    assert_eq!(c["verdict"], "supported", "{c:#}");
    assert_eq!(c["kind"], "ytd_total", "{c:#}");
    assert_eq!(c["subject"]["period"], "2024-01..12", "{c:#}");
}

/// A record since an act the text names without its date: the judge dates the act from the
/// timeline (flake graphite's permits, December 2023) and checks February 2024 against the
/// months from it (1,427 t, about 940 t, then 2,295 t), saying which act it took.
#[test]
fn a_record_since_an_act_is_dated_by_the_timeline() {
    let claims = check(
        "China's flake graphite exports fell to 1,427 tonnes in December 2023 and to about 940 \
         tonnes in January 2024. February more than doubled, to 2,295 tonnes, which makes it \
         the best month since the permits began.",
        "2024-03-20",
    );
    let record = of_kind(&claims, "record");
    assert_eq!(record["verdict"], "supported", "{record:#}");
    reason_says(record, "the act taken from the timeline: 2023-12-01");
}

/// A change the data contradict for the commodity carried from the sentence before is not
/// moved to the article's other commodity that happens to fit: terbium fell 19.1% in
/// September 2025 (5.5 → 4.45 t), rare earths 30.9%; "fell 31%" about terbium is wrong.
#[test]
fn a_wrong_change_is_not_moved_to_another_commodity_that_fits() {
    let claims = check(
        "China's rare earth exports, and its heavy rare earths, in the third quarter of 2025.\n\n\
         Terbium exports rose to 7 tonnes in July. They then eased to 5.5 tonnes in August and \
         fell 31% in September to 4.45 tonnes.",
        "2025-11-20",
    );
    let change = with_text(&claims, "fell 31%");
    assert_eq!(change["verdict"], "contradicted", "{change:#}");
    assert_eq!(change["subject"]["basket"], "terbium", "{change:#}");
}

/// A sentence that names no flow, after one that named exports: "In December 2024 it was
/// 9,645 t" is China's rare-earth imports that month (its exports were 3,326 t). The level
/// is tried for the other flow, and the change right after it follows.
#[test]
fn a_figure_with_a_flow_lent_by_the_sentence_before_is_tried_for_the_other_flow() {
    let claims = check(
        "Rare earths: exports went the other way, 4,784.8 t in April 2025.\n\n\
         In December 2024 it was 9,645 t, down 14.8% on November.",
        "2025-05-20",
    );
    let level = with_text(&claims, "9,645");
    assert_eq!(level["verdict"], "supported", "{level:#}");
    reason_says(level, "flow taken from the data");
    let change = with_text(&claims, "14.8%");
    assert_eq!(change["verdict"], "supported", "{change:#}");
    // The sentence's own flow is the writer's: no other is tried.
    let claims = check(
        "Rare earths: exports went the other way, 4,784.8 t in April 2025.\n\n\
         In December 2024 exports were 9,645 t.",
        "2025-05-20",
    );
    let level = with_text(&claims, "9,645");
    assert_ne!(level["verdict"], "supported", "{level:#}");
}
