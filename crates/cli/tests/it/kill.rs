//! SIGKILL `tradewatch ingest` of a large file at several points of its run: afterwards the
//! store opens and holds all of that file or none of it, never part.

use std::fmt::Write as _;
use std::time::Instant;

use crate::harness::{HEADER, Tw, path_str};

const ROWS: usize = 200_000;

fn big_file(tw: &Tw) -> std::path::PathBuf {
    let partners = [
        "USA", "DEU", "JPN", "KOR", "VNM", "IND", "MEX", "THA", "ITA", "NLD",
    ];
    let mut text = String::with_capacity(ROWS * 110);
    text.push_str(HEADER);
    for i in 0..ROWS {
        let partner = partners[i % partners.len()];
        let month = 1 + (i / partners.len()) % 12;
        let year = 1990 + (i / (partners.len() * 12)) % 30;
        let commodity = ["rare_earth_magnets", "gallium", "germanium"][(i / 3600) % 3];
        let _ = writeln!(
            text,
            "user,CHN,{partner},export,{commodity},,{year}-{month:02},quantity,{}.{},t,,,ok,generated row {i}",
            100 + i % 9000,
            i % 10
        );
    }
    tw.write("big.csv", &text)
}

fn big_rows(tw: &Tw) -> i64 {
    tw.count("SELECT count(*) FROM observations WHERE release LIKE 'big-%'")
}

#[test]
fn sigkill_during_ingest_leaves_all_or_nothing() {
    // How long a full ingest takes here, so the kills land across its whole run.
    let reference = Tw::new();
    reference.run(&["releases"]).ok();
    let file = big_file(&reference);
    let start = Instant::now();
    reference.run(&["ingest", path_str(&file)]).ok();
    let full = start.elapsed();
    assert_eq!(big_rows(&reference), ROWS as i64);

    let mut outcomes = Vec::new();
    for fraction in [0.05, 0.2, 0.4, 0.6, 0.75, 0.9, 0.97] {
        let tw = Tw::new();
        tw.run(&["releases"]).ok(); // bootstrap the bundled release first
        let file = big_file(&tw);
        let mut child = tw
            .command(&["ingest", path_str(&file)])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn ingest");
        std::thread::sleep(full.mul_f64(fraction));
        let killed = child.try_wait().expect("wait").is_none();
        child.kill().ok(); // SIGKILL on Unix
        child.wait().ok();

        let n = big_rows(&tw);
        assert!(
            n == 0 || n == ROWS as i64,
            "kill at {fraction} of {full:?} left {n} of {ROWS} rows"
        );
        let releases = tw.count("SELECT count(*) FROM releases WHERE id LIKE 'big-%'");
        assert_eq!(
            releases,
            i64::from(n > 0),
            "release row must match the rows (after repair)"
        );
        assert_eq!(
            tw.count("SELECT count(*) FROM observations WHERE release = 'bundled'"),
            370
        );
        // The store still takes the file afterwards (or knows it has it).
        tw.run(&["ingest", path_str(&file)]).ok();
        assert_eq!(big_rows(&tw), ROWS as i64);
        outcomes.push((fraction, killed, n));
    }
    // The kills really interrupted running ingests.
    assert!(
        outcomes.iter().any(|&(_, killed, n)| killed && n == 0),
        "no kill interrupted an ingest: {outcomes:?}"
    );
}
