//! One writer at a time: concurrent `tradewatch ingest` processes on one data directory,
//! a writer killed while it holds the lock, the lock's timeout and message, and `vacuum`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{HEADER, Tw, path_str};

/// A tradewatch CSV of `rows` distinct observations, different for each `tag`.
fn file(tw: &Tw, tag: &str, rows: usize) -> PathBuf {
    let partners = ["USA", "DEU", "JPN", "KOR", "VNM", "IND", "MEX", "THA"];
    let mut text = String::with_capacity(rows * 110);
    text.push_str(HEADER);
    for i in 0..rows {
        let partner = partners[i % partners.len()];
        let month = 1 + (i / partners.len()) % 12;
        let year = 1900 + (i / (partners.len() * 12)) % 120;
        let commodity = ["rare_earth_magnets", "gallium", "germanium"][(i / 11_520) % 3];
        let _ = writeln!(
            text,
            "user,CHN,{partner},export,{commodity},,{year}-{month:02},quantity,{}.{},t,,,ok,{tag} row {i}",
            100 + i % 9000,
            i % 10
        );
    }
    tw.write(&format!("{tag}.csv"), &text)
}

fn spawn(tw: &Tw, args: &[&str]) -> Child {
    tw.command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn tradewatch")
}

struct Done {
    code: i32,
    stdout: String,
    stderr: String,
}

fn finish(child: Child) -> Done {
    let out = child.wait_with_output().expect("wait");
    Done {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).to_string(),
        stderr: String::from_utf8_lossy(&out.stderr).to_string(),
    }
}

/// `(id, seq, file_name)` of every release, in seq order.
fn releases(tw: &Tw) -> Vec<(String, i64, String)> {
    let out = tw.run(&["releases", "--format", "json"]).ok();
    out.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["seq"].as_i64().unwrap(),
                r["file_name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The seq each observations commit carries, in commit order (from the Delta log).
fn commit_seqs(tw: &Tw) -> Vec<i64> {
    let log = tw.data_dir().join("observations/_delta_log");
    let mut commits: Vec<PathBuf> = std::fs::read_dir(&log)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    commits.sort();
    let mut seqs = Vec::new();
    for c in commits {
        for line in std::fs::read_to_string(&c).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            if let Some(seq) = v.pointer("/commitInfo/tradewatch.release/seq") {
                seqs.push(seq.as_i64().unwrap());
            }
        }
    }
    seqs
}

fn rows_of(tw: &Tw, file_name: &str) -> i64 {
    tw.count(&format!(
        "SELECT count(*) FROM observations o JOIN releases r ON o.release = r.id WHERE r.file_name = '{file_name}'"
    ))
}

#[test]
fn three_ingests_of_one_file_at_once_store_it_once() {
    let tw = Tw::new();
    tw.run(&["releases"]).ok();
    let f = file(&tw, "same", 20_000);
    let children: Vec<Child> = (0..3)
        .map(|_| spawn(&tw, &["ingest", path_str(&f)]))
        .collect();
    let done: Vec<Done> = children.into_iter().map(finish).collect();
    for d in &done {
        assert_eq!(d.code, 0, "stdout {}\nstderr {}", d.stdout, d.stderr);
    }
    let committed = done
        .iter()
        .filter(|d| d.stdout.contains("committed as release"))
        .count();
    let already = done
        .iter()
        .filter(|d| d.stdout.contains("already ingested"))
        .count();
    assert_eq!(
        (committed, already),
        (1, 2),
        "{:?}",
        done.iter().map(|d| &d.stdout).collect::<Vec<_>>()
    );
    assert_eq!(rows_of(&tw, "same.csv"), 20_000);
    let r = releases(&tw);
    assert_eq!(
        r.iter().filter(|(_, _, f)| f == "same.csv").count(),
        1,
        "{r:?}"
    );
    assert_eq!(r.iter().map(|(_, s, _)| *s).collect::<Vec<_>>(), vec![1, 2]);
}

#[test]
fn four_ingests_of_different_files_at_once_get_seq_2_to_5_in_commit_order() {
    let tw = Tw::new();
    tw.run(&["releases"]).ok();
    let files: Vec<PathBuf> = (0..4).map(|i| file(&tw, &format!("f{i}"), 5_000)).collect();
    let children: Vec<Child> = files
        .iter()
        .map(|f| spawn(&tw, &["ingest", path_str(f)]))
        .collect();
    for d in children.into_iter().map(finish) {
        assert_eq!(d.code, 0, "{}", d.stderr);
    }
    let r = releases(&tw);
    let seqs: Vec<i64> = r.iter().map(|(_, s, _)| *s).collect();
    assert_eq!(seqs, vec![1, 2, 3, 4, 5], "{r:?}");
    // seq is the commit order of the observations table.
    assert_eq!(commit_seqs(&tw), vec![1, 2, 3, 4, 5]);
    for i in 0..4 {
        assert_eq!(rows_of(&tw, &format!("f{i}.csv")), 5_000);
    }
}

#[test]
fn a_new_store_opened_by_three_processes_at_once_ingests_the_bundled_data_once() {
    let tw = Tw::new();
    let children: Vec<Child> = (0..3).map(|_| spawn(&tw, &["releases"])).collect();
    for d in children.into_iter().map(finish) {
        assert_eq!(d.code, 0, "{}", d.stderr);
    }
    assert_eq!(releases(&tw).len(), 1);
    assert_eq!(
        tw.count("SELECT count(*) FROM observations WHERE release = 'bundled'"),
        370
    );
}

/// Holds the writer lock from this test process, writing a holder line as tradewatch does.
fn hold_lock(tw: &Tw) -> std::fs::File {
    std::fs::create_dir_all(tw.data_dir()).unwrap();
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(tw.data_dir().join("writer.lock"))
        .unwrap();
    f.lock().unwrap();
    std::fs::write(
        tw.data_dir().join("writer.lock"),
        format!(
            "pid={}\ncommand=a test holding the lock\nsince=now\n",
            std::process::id()
        ),
    )
    .unwrap();
    f
}

#[test]
fn a_second_writer_waits_naming_the_holder_then_goes_on_or_gives_up() {
    let tw = Tw::new();
    tw.run(&["releases"]).ok();
    let f = file(&tw, "waits", 100);
    let lock = hold_lock(&tw);
    // Gives up after --lock-timeout, naming the holder; nothing is committed.
    let start = Instant::now();
    let out = tw.run(&["ingest", path_str(&f), "--lock-timeout", "2"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(start.elapsed() >= Duration::from_secs(2));
    let pid = format!("pid {}", std::process::id());
    assert!(
        out.stderr.contains("waiting for the writer lock"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains(&pid), "{}", out.stderr);
    assert!(
        out.stderr.contains("locked by another writer"),
        "{}",
        out.stderr
    );
    // Waits, then goes on once the holder lets go. The lock is let go only once the writer
    // says it waits (its stderr goes to a file read while it runs), however slow the machine.
    let log = tw.data_dir().with_file_name("waiting-writer.stderr");
    let mut child = tw
        .command(&["ingest", path_str(&f)])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .expect("spawn tradewatch");
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut said = String::new();
    while Instant::now() < deadline && !said.contains("waiting for the writer lock") {
        std::thread::sleep(Duration::from_millis(20));
        said = std::fs::read_to_string(&log).unwrap_or_default();
    }
    assert!(
        said.contains(&pid),
        "the writer never said it waits: {said}"
    );
    drop(lock);
    let status = child.wait().expect("wait");
    let said = std::fs::read_to_string(&log).unwrap_or_default();
    assert_eq!(status.code(), Some(0), "{said}");
    assert_eq!(rows_of(&tw, "waits.csv"), 100);
    // Reads never wait for the lock.
    let _lock = hold_lock(&tw);
    let start = Instant::now();
    tw.run(&["sql", "SELECT count(*) FROM current"]).ok();
    assert!(start.elapsed() < Duration::from_secs(30));
}

/// Waits until the lock file names `pid` (the process holds the lock: it is mid-ingest).
fn wait_for_holder(data: &Path, pid: u32) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let text = std::fs::read_to_string(data.join("writer.lock")).unwrap_or_default();
        if text.contains(&format!("pid={pid}\n")) {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("pid {pid} never took the lock");
}

#[test]
fn eight_writers_five_files_each_and_a_kill_leave_every_file_once() {
    let tw = Tw::new();
    tw.run(&["releases"]).ok();
    // 20 files, each in the lists of two of the 8 processes.
    let files: Vec<PathBuf> = (0..20)
        .map(|i| file(&tw, &format!("s{i:02}"), 2_000 + 37 * i))
        .collect();
    let lists: Vec<Vec<&str>> = (0..8)
        .map(|p| (0..5).map(|k| path_str(&files[(p * 5 + k) % 20])).collect())
        .collect();
    // A ninth writer ingests a large file of its own and is killed while it holds the lock.
    let victim_file = file(&tw, "victim", 150_000);
    let mut children = Vec::new();
    for list in &lists {
        let mut args = vec!["ingest"];
        args.extend(list.iter().copied());
        children.push(spawn(&tw, &args));
    }
    let mut victim = spawn(&tw, &["ingest", path_str(&victim_file)]);
    wait_for_holder(&tw.data_dir(), victim.id());
    std::thread::sleep(Duration::from_millis(300));
    victim.kill().expect("SIGKILL");
    victim.wait().ok();
    for d in children.into_iter().map(finish) {
        assert_eq!(d.code, 0, "stdout {}\nstderr {}", d.stdout, d.stderr);
    }
    let r = releases(&tw);
    let seqs: Vec<i64> = r.iter().map(|(_, s, _)| *s).collect();
    let n = r.len() as i64;
    assert_eq!(seqs, (1..=n).collect::<Vec<_>>(), "seq 1..N: {r:?}");
    let mut ids: Vec<&String> = r.iter().map(|(id, _, _)| id).collect();
    ids.dedup();
    assert_eq!(ids.len(), r.len(), "release ids unique");
    for i in 0..20 {
        let name = format!("s{i:02}.csv");
        assert_eq!(
            r.iter().filter(|(_, _, f)| *f == name).count(),
            1,
            "{name}: {r:?}"
        );
        assert_eq!(rows_of(&tw, &name), 2_000 + 37 * i as i64, "{name}");
    }
    let victim_rows = rows_of(&tw, "victim.csv");
    assert!(
        victim_rows == 0 || victim_rows == 150_000,
        "the killed file is whole or absent: {victim_rows}"
    );
    assert_eq!(n, 21 + i64::from(victim_rows > 0));
    assert_eq!(commit_seqs(&tw), (1..=n).collect::<Vec<_>>());
}

#[test]
fn vacuum_removes_the_files_no_version_references_and_nothing_else() {
    let tw = Tw::new();
    tw.run(&["releases"]).ok();
    let f = file(&tw, "kept", 30_000);
    tw.run(&["ingest", path_str(&f)]).ok();
    let obs = tw.data_dir().join("observations");
    let parquet = |dir: &Path| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "parquet"))
            .collect();
        v.sort();
        v
    };
    let committed = parquet(&obs);
    assert!(committed.len() >= 2);
    // What a writer killed before its commit leaves: a whole Parquet file, and a half one,
    // that no commit names; and the staging table of a facts run that never finished.
    std::fs::copy(
        &committed[0],
        obs.join("part-00000-orphan-c000.snappy.parquet"),
    )
    .unwrap();
    std::fs::write(obs.join("part-00001-cut-c000.snappy.parquet"), b"PAR1\0\0").unwrap();
    let staging = tw.data_dir().join(".facts.writing-999999");
    std::fs::create_dir_all(staging.join("_delta_log")).unwrap();
    std::fs::write(staging.join("part-0.parquet"), b"PAR1").unwrap();

    let total = || tw.count("SELECT count(*) FROM observations");
    let rows = total();
    let dry = tw
        .run(&["vacuum", "--dry-run", "--format", "json"])
        .ok()
        .json();
    let listed: Vec<String> = dry["orphans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed.len(), 3, "{dry:#}");
    assert!(
        listed
            .iter()
            .any(|p| p.ends_with("orphan-c000.snappy.parquet"))
    );
    assert!(listed.iter().any(|p| p.ends_with(".facts.writing-999999")));
    assert!(staging.exists(), "a dry run removes nothing");
    assert_eq!(parquet(&obs).len(), committed.len() + 2);
    let done = tw.run(&["vacuum"]).ok();
    assert!(done.stdout.contains("3 orphan(s)"), "{}", done.stdout);
    assert!(!staging.exists());
    assert_eq!(parquet(&obs), committed, "only the orphans went");
    assert_eq!(total(), rows);
    assert_eq!(rows_of(&tw, "kept.csv"), 30_000);
    let again = tw
        .run(&["vacuum", "--dry-run", "--format", "json"])
        .ok()
        .json();
    assert_eq!(again["orphans"].as_array().unwrap().len(), 0, "{again:#}");
    // It refuses while a writer holds the lock, and removes nothing.
    std::fs::copy(
        &committed[0],
        obs.join("part-00002-orphan-c000.snappy.parquet"),
    )
    .unwrap();
    let lock = hold_lock(&tw);
    let refused = tw.run(&["vacuum"]);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("locked"), "{}", refused.stderr);
    assert_eq!(parquet(&obs).len(), committed.len() + 1);
    drop(lock);
}
