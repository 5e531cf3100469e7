use crate::harness::Tw;

#[test]
fn the_us_september_brief_states_every_must_show_figure_with_footnotes() {
    let tw = Tw::new();
    let out = tw
        .run(&[
            "brief",
            "--reporter",
            "CHN",
            "--partner",
            "USA",
            "--basket",
            "rare-earth-magnets",
            "--period",
            "2025-09",
        ])
        .ok();
    let md = &out.stdout;
    for needle in [
        "420.5 t",
        "down 28.7% from 590 t in August",
        "about 30% lower than a year earlier (−29.5% as published",
        "the data hold no September 2024 level",
        "second consecutive monthly fall",
        "rebound that began in June after the May low of 46 t",
        "https://prchief.com/?p=100605",
        "https://asiacity.news/?p=138890",
        // Issue 4: its place among the destinations, and the policy timeline.
        "The United States ranked fourth among the five partner countries in the data",
        "7.3% of the world total",
        "covers only the 5 partner countries the data holds for September 2025",
        "predate the 9 October 2025 export control",
    ] {
        assert!(md.contains(needle), "brief lacks {needle:?}:\n{md}");
    }
    // Every footnote marker in the text has its footnote, and each footnote cites a release.
    let markers = md.matches("[^").count();
    let notes: Vec<&str> = md.lines().filter(|l| l.starts_with("[^")).collect();
    assert_eq!(markers, notes.len() * 2, "{md}");
    assert!(
        notes
            .iter()
            .all(|n| n.contains("release `bundled`") || n.contains("policy event of 20")),
        "{md}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("policy event of 2025-10-09"))
    );
    insta::assert_snapshot!("brief_chn_usa_magnets_2025_09", md);
}

#[test]
fn the_brief_is_available_as_json_with_its_footnotes() {
    let tw = Tw::new();
    let v = tw
        .run(&[
            "brief",
            "--partner",
            "USA",
            "--basket",
            "rare-earth-magnets",
            "--period",
            "2025-09",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert!(v["markdown"].as_str().unwrap().contains("420.5 t"));
    assert!(v["footnotes"].as_array().unwrap().len() >= 5);
}
