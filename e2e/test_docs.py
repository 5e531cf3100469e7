"""Every `console` example in the README and in docs/commands/*.md, run as written.

A page is a sequence of ```console blocks. In a block, a line starting with `$ ` is a command
(a trailing backslash continues it on the next line); the lines after it, up to the next
command or the end of the block, are what it must print on stdout. The commands of one page run
in order, in one fresh working directory holding a copy of `examples/`, against one fresh data
directory (TRADEWATCH_DATA_DIR), with the `tradewatch` under test first on PATH. So a page can
ingest a file and then ask about it.

Matching: trailing spaces and trailing blank lines do not count; a line `...` stands for any
number of lines (none included); `[..]` inside a line stands for any text on that line. A block
whose command must fail ends its output with `[exit N]`; otherwise the command must exit 0.
Stderr is not compared (it carries progress and log lines).
"""

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, binary

PAGES = [REPO / "README.md"] + sorted((REPO / "docs" / "commands").glob("*.md"))


def examples(page):
    """(line number, command, expected lines, expected exit code) for each command of a page."""
    out = []
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```console":
            i += 1
            continue
        i += 1
        current = None
        while i < len(lines) and lines[i].strip() != "```":
            line = lines[i]
            if line.startswith("$ "):
                if current:
                    out.append(current)
                start = i + 1
                command = line[2:]
                while command.endswith("\\") and i + 1 < len(lines):
                    i += 1
                    command = command[:-1] + " " + lines[i].strip()
                current = [start, command, [], 0]
            elif current is not None:
                current[2].append(line)
            i += 1
        if current:
            out.append(current)
        i += 1
    for ex in out:
        exp = ex[2]
        while exp and not exp[-1].strip():
            exp.pop()
        m = re.fullmatch(r"\[exit (\d+)\]", exp[-1].strip()) if exp else None
        if m:
            ex[3] = int(m.group(1))
            exp.pop()
    return [tuple(ex) for ex in out]


def line_matches(pattern, line):
    if "[..]" not in pattern:
        return pattern == line
    parts = [re.escape(p) for p in pattern.split("[..]")]
    return re.fullmatch(".*".join(parts), line) is not None


def matches(expected, actual):
    """True when the actual lines fit the expected ones (`...` = any lines)."""
    def go(e, a):
        if e == len(expected):
            return a == len(actual)
        if expected[e].strip() == "...":
            return any(go(e + 1, k) for k in range(a, len(actual) + 1))
        return a < len(actual) and line_matches(expected[e], actual[a]) and go(e + 1, a + 1)
    return go(0, 0)


def test_the_pages_have_examples():
    assert (REPO / "docs" / "commands").is_dir(), "docs/commands/ is missing"
    counted = {p.name: len(examples(p)) for p in PAGES}
    empty = [name for name, n in counted.items() if n == 0]
    assert not empty, f"pages with no console example: {empty}"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_examples_run_as_written(page, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    if (REPO / "examples").is_dir():
        shutil.copytree(REPO / "examples", work / "examples")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "tradewatch").symlink_to(os.path.abspath(binary()))
    env = dict(os.environ, TRADEWATCH_DATA_DIR=str(tmp_path / "data"),
               PATH=f"{bindir}{os.pathsep}{os.environ['PATH']}", COLUMNS="100", NO_COLOR="1")
    env.pop("RUST_LOG", None)
    failures = []
    for line, command, expected, code in examples(page):
        done = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=work, env=env,
                              capture_output=True, text=True, timeout=300)
        actual = [l.rstrip() for l in done.stdout.splitlines()]
        while actual and not actual[-1]:
            actual.pop()
        want = [l.rstrip() for l in expected]
        if done.returncode != code or not matches(want, actual):
            failures.append(
                f"{page.name}:{line}: $ {command}\n"
                f"  exit {done.returncode} (expected {code})\n"
                f"  expected:\n" + "\n".join(f"    |{l}" for l in want) + "\n"
                f"  actual:\n" + "\n".join(f"    |{l}" for l in actual) + "\n"
                f"  stderr:\n" + "\n".join(f"    |{l}" for l in done.stderr.splitlines()[-8:]))
    assert not failures, "\n\n".join(failures)


def test_the_matcher_can_fail():
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "...", "b"], ["a", "b"])
    assert not matches(["a", "...", "d"], ["a", "b", "c"])
    assert matches(["x [..] z"], ["x any thing z"])
    assert not matches(["x [..] z"], ["x any thing y"])
    assert not matches(["a"], ["a", "b"])
