//! `tradewatch fetch` against a real HTTP server on loopback.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::harness::{Run, Tw};
use crate::server::{Reply, Server, ok_json};

const KEY: &str = "SECRET-KEY-7f3a91";

fn fixture(rel: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../sources/tests/data")
        .join(rel);
    std::fs::read_to_string(p).expect("fixture")
}

/// The Comtrade fixture moved to another month (a distinct answer per part).
pub(crate) fn comtrade_for(year: i32, month: u32) -> String {
    fixture("comtrade/final-monthly.json")
        .replace(
            "\"refPeriodId\":20250301",
            &format!("\"refPeriodId\":{year}{month:02}01"),
        )
        .replace("\"refYear\":2025", &format!("\"refYear\":{year}"))
        .replace("\"refMonth\":3", &format!("\"refMonth\":{month}"))
        .replace(
            "\"period\":\"202503\"",
            &format!("\"period\":\"{year}{month:02}\""),
        )
}

fn fetch(tw: &Tw, server: &Server, args: &[&str]) -> Run {
    let mut all = vec!["fetch"];
    all.extend_from_slice(args);
    all.extend_from_slice(&[
        "--base-url",
        &server.base,
        "--backoff-ms",
        "20",
        "--min-interval-ms",
        "0",
        "--retries",
        "2",
        "--timeout",
        "2",
    ]);
    let out = tw
        .command(&all)
        .env("COMTRADE_API_KEY", KEY)
        .env("CENSUS_API_KEY", KEY)
        .output()
        .expect("run fetch");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).to_string(),
        stderr: String::from_utf8_lossy(&out.stderr).to_string(),
    };
    assert!(
        !run.stdout.contains(KEY) && !run.stderr.contains(KEY),
        "the API key leaked into the output:\n{}\n{}",
        run.stdout,
        run.stderr
    );
    run
}

const COMTRADE_MARCH: &[&str] = &[
    "comtrade",
    "--reporter",
    "CHN",
    "--partner",
    "USA",
    "--basket",
    "rare-earth-magnets",
    "--from",
    "2025-03",
    "--to",
    "2025-03",
];

fn comtrade_rows(tw: &Tw) -> i64 {
    tw.count("SELECT count(*) FROM observations WHERE source = 'comtrade'")
}

#[test]
fn a_429_with_retry_after_waits_then_succeeds() {
    let server = Server::start(|_, n| {
        if n == 0 {
            Reply::Send(
                429,
                vec![("Retry-After".into(), "1".into())],
                b"Rate limit is exceeded. Try again in 1 seconds.".to_vec(),
            )
        } else {
            ok_json(&comtrade_for(2025, 3))
        }
    });
    let tw = Tw::new();
    let start = Instant::now();
    let out = fetch(&tw, &server, COMTRADE_MARCH);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "Retry-After not honoured"
    );
    assert_eq!(server.seen().len(), 2);
    assert_eq!(comtrade_rows(&tw), 11);
    // The key went in the header, never in the URL.
    let first = &server.seen()[0];
    assert!(
        first
            .headers
            .iter()
            .any(|(k, v)| k == "ocp-apim-subscription-key" && v == KEY)
    );
    assert!(!first.target.contains(KEY));
    // The raw answer is kept.
    let raw: Vec<_> = std::fs::read_dir(tw.data_dir().join("raw/comtrade"))
        .unwrap()
        .collect();
    assert_eq!(raw.len(), 1);
}

#[test]
fn server_errors_are_retried_then_reported_clearly() {
    let server = Server::start(|_, _| Reply::Send(500, vec![], b"Internal Server Error".to_vec()));
    let tw = Tw::new();
    tw.run(&["releases"]).ok();
    let before = comtrade_rows(&tw);
    let out = fetch(&tw, &server, COMTRADE_MARCH);
    assert_eq!(out.code, 1);
    assert_eq!(server.seen().len(), 3, "one attempt and two retries");
    assert!(
        out.stderr.contains("HTTP 500 after 3 attempt(s)"),
        "{}",
        out.stderr
    );
    assert_eq!(comtrade_rows(&tw), before);
}

#[test]
fn a_body_cut_off_mid_json_is_an_error_and_nothing_is_ingested() {
    let body = comtrade_for(2025, 3).into_bytes();
    let server = Server::start(move |_, _| Reply::CutOff(body.clone()));
    let tw = Tw::new();
    let out = fetch(&tw, &server, COMTRADE_MARCH);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("cut off"), "{}", out.stderr);
    assert_eq!(comtrade_rows(&tw), 0);

    // A complete HTTP answer whose JSON itself ends early: rejected, kept aside, not ingested.
    let half = comtrade_for(2025, 3);
    let half = half[..half.len() / 2].to_string();
    let server = Server::start(move |_, _| ok_json(&half));
    let out = fetch(&tw, &server, COMTRADE_MARCH);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("ends early"), "{}", out.stderr);
    assert_eq!(comtrade_rows(&tw), 0);
}

#[test]
fn a_slow_answer_past_the_timeout_is_retried() {
    let server = Server::start(|_, n| {
        let body = ok_json(&comtrade_for(2025, 3));
        if n == 0 {
            Reply::Slow(Duration::from_secs(4), Box::new(body))
        } else {
            body
        }
    });
    let tw = Tw::new();
    let out = fetch(&tw, &server, COMTRADE_MARCH);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(server.seen().len(), 2);
    assert_eq!(comtrade_rows(&tw), 11);
}

const CENSUS_MARCH: &[&str] = &[
    "census",
    "--reporter",
    "USA",
    "--partner",
    "CHN",
    "--flow",
    "import",
    "--code",
    "8505110070",
    "--from",
    "2025-03",
    "--to",
    "2025-03",
];

#[test]
fn census_invalid_key_page_is_an_error_and_204_is_no_rows() {
    let page = fixture("census/invalid-key.html");
    let server = Server::start(move |_, _| {
        Reply::Send(
            200,
            vec![("Content-Type".into(), "text/html".into())],
            page.clone().into_bytes(),
        )
    });
    let tw = Tw::new();
    let out = fetch(&tw, &server, CENSUS_MARCH);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("Invalid Key"), "{}", out.stderr);
    // The key was sent as the API wants it (a query parameter) but never shown.
    assert!(server.seen()[0].target.contains(&format!("key={KEY}")));

    let server = Server::start(|_, _| Reply::Send(204, vec![], vec![]));
    let out = fetch(&tw, &server, CENSUS_MARCH);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("0 rows accepted"), "{}", out.stdout);
}

#[test]
fn a_fetch_killed_halfway_resumes_and_ingests_each_part_once() {
    // 24 months → two Comtrade parts. The second part's first answer hangs.
    let server = Server::start(|target, n| {
        if target.contains("period=2024") {
            ok_json(&comtrade_for(2024, 1))
        } else if n == 0 {
            Reply::Slow(
                Duration::from_secs(60),
                Box::new(ok_json(&comtrade_for(2025, 1))),
            )
        } else {
            ok_json(&comtrade_for(2025, 1))
        }
    });
    let tw = Tw::new();
    tw.run(&["releases"]).ok();
    let args = [
        "fetch",
        "comtrade",
        "--reporter",
        "CHN",
        "--partner",
        "USA",
        "--basket",
        "rare-earth-magnets",
        "--from",
        "2024-01",
        "--to",
        "2025-12",
        "--base-url",
        &server.base,
        "--min-interval-ms",
        "0",
        "--timeout",
        "120",
    ];
    let mut child = tw
        .command(&args)
        .env("COMTRADE_API_KEY", KEY)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    while server.count("period=2025") == 0 && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        server.count("period=2025"),
        1,
        "the second part was never asked for"
    );
    child.kill().expect("SIGKILL");
    child.wait().ok();
    assert_eq!(
        comtrade_rows(&tw),
        11,
        "the first part was ingested before the kill"
    );

    let out = fetch(
        &tw,
        &server,
        &[
            "comtrade",
            "--reporter",
            "CHN",
            "--partner",
            "USA",
            "--basket",
            "rare-earth-magnets",
            "--from",
            "2024-01",
            "--to",
            "2025-12",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("already fetched"), "{}", out.stderr);
    assert_eq!(
        server.count("period=2024"),
        1,
        "the finished part was fetched again"
    );
    assert_eq!(server.count("period=2025"), 2);
    assert_eq!(comtrade_rows(&tw), 22, "each part ingested once");
    assert_eq!(
        tw.count("SELECT count(*) FROM releases WHERE source = 'comtrade'"),
        2
    );
}

#[test]
fn no_api_key_is_written_anywhere_in_the_data_dir() {
    let server = Server::start(|_, n| {
        if n == 0 {
            Reply::Send(500, vec![], format!("echo {KEY}").into_bytes())
        } else {
            ok_json(&comtrade_for(2025, 3))
        }
    });
    let tw = Tw::new();
    let out = fetch(&tw, &server, COMTRADE_MARCH);
    assert_eq!(out.code, 0, "{}", out.stderr);
    fn walk(dir: &std::path::Path, hits: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, hits);
            } else if std::fs::read(&p)
                .unwrap()
                .windows(KEY.len())
                .any(|w| w == KEY.as_bytes())
            {
                hits.push(p);
            }
        }
    }
    let mut hits = Vec::new();
    walk(&tw.data_dir(), &mut hits);
    assert!(hits.is_empty(), "the key is in {hits:?}");
}
