//! Shell completions and manual pages, tried the way a user would: bash completes from the
//! generated script, and the pages are roff that names every command.

use std::process::Command;

use crate::harness::{Tw, path_str};

/// What bash offers after `words` with the generated completion script loaded.
fn bash_completes(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let line = words.join(" ");
    let program = format!(
        "source {}; COMP_WORDS=({line}); COMP_CWORD={}; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; \
         _tradewatch tradewatch '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path_str(script),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = Command::new("bash")
        .args(["--norc", "-c", &program])
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_commands_and_flags_from_the_generated_script() {
    let tw = Tw::new();
    let script = tw.run(&["completions", "bash"]).ok().stdout;
    let path = tw.write("tradewatch.bash", &script);
    let verbs = bash_completes(&path, &["tradewatch", "ve"]);
    assert_eq!(verbs, ["verify"], "{verbs:?}");
    let flags = bash_completes(&path, &["tradewatch", "series", "--ba"]);
    assert!(flags.contains(&"--basket".to_string()), "{flags:?}");
    let global = bash_completes(&path, &["tradewatch", "facts", "--resident"]);
    assert_eq!(global, ["--resident-rows"], "{global:?}");
    for shell in ["zsh", "fish", "powershell"] {
        let out = tw.run(&["completions", shell]).ok().stdout;
        assert!(
            out.contains("verify") && out.contains("lock-timeout"),
            "{shell}: {out}"
        );
    }
    // A closed pipe is a normal end, not a panic.
    let piped = Command::new("bash")
        .args(["-c", "set -o pipefail; \"$0\" completions bash | head -1"])
        .arg(crate::harness::bin())
        .output()
        .expect("run bash");
    assert!(
        piped.status.success() && !String::from_utf8_lossy(&piped.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    let bad = tw.run(&["completions", "tcsh"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[test]
fn man_prints_the_page_and_writes_one_per_command() {
    let tw = Tw::new();
    let page = tw.run(&["man"]).ok().stdout;
    assert!(
        page.starts_with(".ie") || page.contains(".TH tradewatch 1"),
        "{page}"
    );
    assert!(page.contains(".TH tradewatch 1"), "{page}");
    assert!(page.contains(".SH NAME") && page.contains(".SH SUBCOMMANDS"));
    let dir = tw.dir.path().join("man");
    tw.run(&["man", "--dir", path_str(&dir)]).ok();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("man dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    for verb in [
        "ingest", "series", "facts", "brief", "verify", "serve", "alerts", "watch",
    ] {
        assert!(
            names.contains(&format!("tradewatch-{verb}.1")),
            "{verb} missing from {names:?}"
        );
    }
    let verify = std::fs::read_to_string(dir.join("tradewatch-verify.1")).expect("page");
    assert!(verify.contains(".TH tradewatch-verify 1"), "{verify}");
    assert!(verify.contains("article"), "{verify}");
}

#[test]
fn help_lists_what_the_options_accept() {
    let tw = Tw::new();
    let facts = tw.run(&["facts", "--help"]).ok().stdout;
    for kind in tradewatch_analysis::FactKind::ALL {
        assert!(
            facts.contains(kind.as_str()),
            "facts --help lacks the kind {}",
            kind.as_str()
        );
    }
    let bad = tw.run(&["events", "--kind", "embargo"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    for kind in tradewatch_model::event::EVENT_KINDS {
        assert!(bad.stderr.contains(kind), "{}", bad.stderr);
    }
}
