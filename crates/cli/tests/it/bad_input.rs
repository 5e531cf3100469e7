//! The bad-input corpus (`crates/sources/tests/data/bad`, written from the formats'
//! specification by someone who had not read the readers): every file ingested into a store
//! that already holds the bundled data must exit 1 with an error naming the file, and — where
//! the problem sits on a line — that line and a field; no panic; and the store's tables keep
//! exactly the commits and files they had.

use std::path::{Path, PathBuf};

use crate::harness::Tw;

#[derive(serde::Deserialize)]
struct Manifest {
    file: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    format: String,
    line: u64,
    why: String,
    mapping: Option<String>,
    flow: Option<String>,
    period: Option<String>,
    generate: Option<String>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../sources/tests/data/bad")
}

/// Every file under each table's `_delta_log` and data directories, with its size: a failed
/// ingest must leave this exactly as it was.
fn store_state(data: &Path) -> Vec<(String, u64)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, u64)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = p.strip_prefix(root).unwrap().display().to_string();
            // The lock file is the writers' rendezvous, not data.
            if name.ends_with("writer.lock") {
                continue;
            }
            if p.is_dir() {
                walk(&p, root, out);
            } else {
                out.push((name, e.metadata().map(|m| m.len()).unwrap_or(0)));
            }
        }
    }
    let mut out = Vec::new();
    walk(data, data, &mut out);
    out.sort();
    out
}

#[test]
fn every_bad_file_is_rejected_with_its_place_and_nothing_changes() {
    let dir = corpus_dir();
    let manifest: Manifest =
        toml::from_str(&std::fs::read_to_string(dir.join("manifest.toml")).unwrap()).unwrap();
    assert!(manifest.file.len() >= 60, "{} cases", manifest.file.len());

    let tw = Tw::new();
    tw.run(&["releases"]).ok(); // the bundled data, so that there is something to keep
    let mut before = store_state(&tw.data_dir());
    assert!(before.iter().any(|(n, _)| n.contains("_delta_log")));
    let scratch = tempfile::tempdir().unwrap();

    let mut failures = Vec::new();
    for case in &manifest.file {
        let path = match case.generate.as_deref() {
            Some("long-line") => {
                let p = scratch.path().join(&case.name);
                let mut bytes =
                    b"reporter,partner,flow,commodity,period,measure,value,unit\n".to_vec();
                bytes.resize(bytes.len() + 50 * 1024 * 1024, b'A');
                std::fs::write(&p, bytes).unwrap();
                p
            }
            Some(other) => panic!("{}: unknown generator {other}", case.name),
            None => dir.join(&case.name),
        };
        let path_text = path.display().to_string();
        let mut args = vec!["ingest".to_string(), path_text.clone()];
        if case.format != "auto" {
            args.extend(["--format".into(), case.format.clone()]);
        }
        if let Some(m) = &case.mapping {
            args.extend(["--mapping".into(), dir.join(m).display().to_string()]);
        }
        if let Some(f) = &case.flow {
            args.extend(["--flow".into(), f.clone()]);
        }
        if let Some(p) = &case.period {
            args.extend(["--period".into(), p.clone()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = tw.run(&args);
        let err = run.stderr.trim();
        let mut problems = Vec::new();
        if run.code != 1 {
            problems.push(format!("exit {}", run.code));
        }
        if err.contains("panicked") || err.contains("RUST_BACKTRACE") {
            problems.push("a panic".to_string());
        }
        // The mapping's own errors name the mapping file; everything else names the input.
        let named = err.contains(&case.name)
            || case
                .mapping
                .as_ref()
                .is_some_and(|m| err.contains(m.as_str()));
        if !named {
            problems.push("the error does not name the file".to_string());
        }
        if case.line > 0 {
            // `FILE:LINE:FIELD: reason`, the readers' one shape for a place in a file.
            let place = format!("{}:{}:", case.name, case.line);
            let field_named = err.split(&place).nth(1).is_some_and(|rest| {
                rest.split(':')
                    .next()
                    .is_some_and(|f| !f.trim().is_empty() && f.len() <= 40)
            });
            if !field_named {
                problems.push(format!("no '{place}FIELD:' in the error"));
            }
        }
        let after = store_state(&tw.data_dir());
        if after != before {
            let new: Vec<&(String, u64)> = after.iter().filter(|f| !before.contains(f)).collect();
            let gone: Vec<&(String, u64)> = before.iter().filter(|f| !after.contains(f)).collect();
            problems.push(format!(
                "the store changed ({} files new, {} gone)",
                new.len(),
                gone.len()
            ));
            // Judge the next case on its own.
            before = after;
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{} ({}): {}\n    why: {}\n    got: {}",
                case.name,
                case.format,
                problems.join(", "),
                case.why,
                err.lines().last().unwrap_or_default()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} bad files were not rejected as they should be:\n{}",
        failures.len(),
        manifest.file.len(),
        failures.join("\n")
    );
}

#[test]
fn a_damaged_commit_log_is_named_never_a_panic() {
    let tw = Tw::new();
    tw.run(&["releases"]).ok();
    let log = tw.data_dir().join("observations/_delta_log");
    let mut commits: Vec<PathBuf> = std::fs::read_dir(&log)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    commits.sort();
    let last = commits.last().unwrap();
    std::fs::write(last, br#"{"add":{"path":"broken"#).unwrap();
    for args in [
        &["releases"][..],
        &["series", "--basket", "rare-earth-magnets"],
    ] {
        let run = tw.run(args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        let name = last.file_name().unwrap().to_str().unwrap();
        assert!(run.stderr.contains(name), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("line 1 is not valid JSON"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        // The libraries' own error logs (with backtraces) stay out of the user's way.
        assert!(!run.stderr.contains("with_backtrace"), "{}", run.stderr);
    }
}
