"""Fixtures for the dashboard's end-to-end tests: a real `tradewatch serve` on a free port with a
fresh store, and headless Chromium (the system's, not a Playwright download).

Settings (environment):
  TRADEWATCH_BIN  the binary to test (default: target/debug/tradewatch under the repo root)
  CHROMIUM        the Chromium executable (default: /usr/bin/chromium)
"""

import os
import queue
import re
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "target" / "e2e"
# The first start ingests the bundled dataset into the new store.
START_TIMEOUT_S = 120
LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")


def binary():
    """The tradewatch binary under test."""
    path = os.environ.get("TRADEWATCH_BIN", str(REPO / "target" / "debug" / "tradewatch"))
    if not Path(path).is_file():
        pytest.fail(f"no tradewatch binary at {path} (build it, or set TRADEWATCH_BIN)")
    return path


@contextmanager
def serving(data_dir, *extra, env=None):
    """Runs `tradewatch serve` on 127.0.0.1:0 over `data_dir` and yields its base URL, e.g.
    http://127.0.0.1:41234; kills it on exit."""
    proc = subprocess.Popen(
        [binary(), "--data-dir", str(data_dir), "serve", "--addr", "127.0.0.1:0", *extra],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines = queue.Queue()
    stderr_log = []

    def pump():
        # Keeps draining stderr for the server's whole life, so it never blocks on a full pipe.
        for line in proc.stderr:
            stderr_log.append(line)
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    try:
        base = None
        while base is None:
            try:
                line = lines.get(timeout=START_TIMEOUT_S)
            except queue.Empty:
                pytest.fail(f"the server printed no 'listening on' line in {START_TIMEOUT_S} s")
            if line is None:
                pytest.fail(f"the server exited ({proc.wait()}) before listening:\n{''.join(stderr_log)}")
            match = LISTENING.search(line)
            if match:
                base = match.group(1)
        yield base
    finally:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The server on a fresh store (the bundled dataset only)."""
    with serving(tmp_path_factory.mktemp("store")) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            headless=True,
            args=["--no-sandbox"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records page errors and aborts (and records) any request that leaves
    127.0.0.1: the dashboard must work offline. Both lists must be empty when the test ends."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    pg = context.new_page()
    errors, external = [], []
    pg.on("pageerror", lambda err: errors.append(str(err)))

    def guard(route):
        host = urlparse(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    pg.set_default_timeout(30_000)
    yield pg
    context.close()
    assert errors == [], f"errors in the page: {errors}"
    assert external == [], f"requests to other hosts: {external}"
