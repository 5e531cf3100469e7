"""Alerts end to end with real parts on loopback: a webhook receiver that checks Standard
Webhooks signatures with its own HMAC (Python's, not ours), an SMTP server (aiosmtpd), the
watch killed with SIGKILL at each step of its pass, the Atom feed, the API's ingest, and the
Alerts page in Chromium."""

import base64
import email
import email.policy
import hashlib
import hmac
import json
import os
import socket
import subprocess
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from conftest import SCREENSHOTS, binary, serving

SECRET = "whsec_" + base64.b64encode(b"tradewatch-e2e-secret-0123456789").decode()
HEADER = "source,reporter,partner,flow,commodity,hs_code,period,measure,value,unit,source_url,published,quality,note\n"
ATOM = "{http://www.w3.org/2005/Atom}"


def revision_csv(tonnes, note="revised figure"):
    """A file revising CHN→USA September 2025 (420.5 t in the bundled data)."""
    return (HEADER + "press,CHN,USA,export,rare_earth_magnets,850511,2025-09,quantity,"
            f"{tonnes},t,https://example.org/revised-{tonnes},2026-05-02,ok,{note}\n")


def expected_signature(secret, msg_id, timestamp, body):
    key = base64.b64decode(secret[len("whsec_"):]) if secret.startswith("whsec_") else secret.encode()
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


class Receiver:
    """A webhook endpoint: verifies each POST's signature and timestamp, answers 204 when both
    hold and 401 otherwise; `fail_first` requests get a 503 first (to see retries)."""

    def __init__(self, fail_first=0):
        self.seen = []  # (webhook-id, verified, body bytes, headers)
        self.fail_first = fail_first
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                msg_id = self.headers.get("webhook-id", "")
                ts = self.headers.get("webhook-timestamp", "0")
                sig = self.headers.get("webhook-signature", "")
                fresh = abs(time.time() - int(ts)) <= 300
                ok = fresh and any(hmac.compare_digest(s, expected_signature(SECRET, msg_id, ts, body))
                                   for s in sig.split())
                with outer.lock:
                    n = len(outer.seen)
                    outer.seen.append((msg_id, ok, body, dict(self.headers)))
                if n < outer.fail_first:
                    self.send_response(503)
                elif ok:
                    self.send_response(204)
                else:
                    self.send_response(401)
                self.send_header("content-length", "0")
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def tw(data_dir, *args, env=None, check=True):
    e = dict(os.environ, TRADEWATCH_WEBHOOK_SECRET=SECRET)
    e.pop("TRADEWATCH_DATA_DIR", None)
    if env:
        e.update(env)
    p = subprocess.run([binary(), "--data-dir", str(data_dir), *args], capture_output=True, text=True,
                       env=e, timeout=300)
    if check:
        assert p.returncode == 0, f"{args} exited {p.returncode}\n{p.stdout}\n{p.stderr}"
    return p


def write_rules(data_dir, text):
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "alerts.toml").write_text(text)


def webhook_rules(url, rules=("revision",), attempts=4):
    out = ""
    if "revision" in rules:
        out += ('[[rule]]\nid = "magnet-revisions"\npartner = "*"\nbasket = "rare-earth-magnets"\n'
                'when = "revision_pct >= 1"\ndeliver = ["hook", "atom"]\n\n')
    if "drop" in rules:
        out += ('[[rule]]\nid = "us-magnets-drop"\npartner = "USA"\nbasket = "rare-earth-magnets"\n'
                'when = "mom_pct <= -20"\ndeliver = ["hook", "atom"]\n\n')
    out += (f'[delivery.hook]\nkind = "webhook"\nurl = "{url}"\nsecret_env = "TRADEWATCH_WEBHOOK_SECRET"\n'
            f'attempts = {attempts}\nbackoff_ms = 50\n')
    return out


def fired(data_dir):
    return json.loads(tw(data_dir, "alerts", "list", "--format", "json").stdout)


def test_webhook_is_signed_retried_and_a_changed_byte_fails(tmp_path):
    rec = Receiver(fail_first=1)
    try:
        data = tmp_path / "data"
        write_rules(data, webhook_rules(rec.url))
        f = tmp_path / "revised.csv"
        f.write_text(revision_csv(430))
        tw(data, "ingest", str(f))
        alerts = fired(data)
        assert [a["kind"] for a in alerts] == ["revision"]
        alert_id = alerts[0]["id"]
        # A 503, then the same message again, accepted.
        assert [s[0] for s in rec.seen] == [alert_id, alert_id]
        assert all(s[1] for s in rec.seen), "every delivery carries a valid signature"
        body = json.loads(rec.seen[1][2])
        assert body["type"] == "alert.revision"
        assert body["data"]["revision"]["old"] == 420500.0
        assert body["data"]["revision"]["new"] == 430000.0
        shown = tw(data, "alerts", "show", alert_id).stdout
        assert "delivered to hook" in shown and "(2 attempt(s))" in shown, shown
        # The receiver rejects the same message with one byte changed.
        _, _, raw, headers = rec.seen[1]
        altered = bytearray(raw)
        altered[len(altered) // 2] ^= 0x01
        for payload, want in ((bytes(raw), 204), (bytes(altered), 401)):
            req = urllib.request.Request(rec.url, data=payload, method="POST", headers={
                k: headers[k] for k in ("webhook-id", "webhook-timestamp", "webhook-signature")})
            try:
                status = urllib.request.urlopen(req, timeout=10).status
            except urllib.error.HTTPError as e:
                status = e.code
            assert status == want
        # The secret never reaches a log line.
        p = tw(data, "alerts", "deliver", env={"RUST_LOG": "debug"})
        assert SECRET not in p.stderr and SECRET not in p.stdout
    finally:
        rec.close()


def test_a_failing_endpoint_keeps_the_alert_in_the_outbox(tmp_path):
    rec = Receiver(fail_first=100)
    try:
        data = tmp_path / "data"
        write_rules(data, webhook_rules(rec.url, attempts=2))
        f = tmp_path / "revised.csv"
        f.write_text(revision_csv(430))
        p = tw(data, "ingest", str(f), check=False)
        assert p.returncode == 1
        assert "kept in the outbox" in p.stderr
        assert len(rec.seen) == 2
        rec.fail_first = 0
        tw(data, "alerts", "deliver")
        ids = {s[0] for s in rec.seen}
        assert len(ids) == 1 and rec.seen[-1][1], "resent under the same id, signed"
        tw(data, "alerts", "deliver")
        assert len(rec.seen) == 3, "nothing is sent twice once acknowledged"
    finally:
        rec.close()


class Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp():
    box = Mailbox()
    # aiosmtpd checks that it is up by connecting to its port, so it needs a real one.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


@pytest.mark.parametrize("digest", [False, True])
def test_email_one_per_alert_or_one_digest(tmp_path, smtp, digest):
    box, port = smtp
    data = tmp_path / "data"
    write_rules(data, (
        '[[rule]]\nid = "magnet-revisions"\npartner = "*"\nbasket = "rare-earth-magnets"\n'
        'when = "revision_pct >= 1"\ndeliver = ["mail"]\n\n'
        '[[rule]]\nid = "us-magnets-drop"\npartner = "USA"\nbasket = "rare-earth-magnets"\n'
        'when = "mom_pct <= -20"\ndeliver = ["mail"]\n\n'
        f'[delivery.mail]\nkind = "email"\nsmtp = "127.0.0.1:{port}"\nfrom = "tradewatch@example.org"\n'
        f'to = ["desk@example.org"]\ndigest = {"true" if digest else "false"}\n'))
    f = tmp_path / "revised.csv"
    f.write_text(revision_csv(430))
    tw(data, "ingest", str(f))
    alerts = fired(data)
    # The revision, and September's fall recomputed from 430 t (-27.1%), which fires anew.
    assert sorted(a["rule"] for a in alerts) == ["magnet-revisions", "us-magnets-drop"]
    assert len(box.messages) == (1 if digest else 2)
    parsed = [email.message_from_bytes(m.content, policy=email.policy.default) for m in box.messages]
    for m, msg in zip(box.messages, parsed):
        assert m.rcpt_tos == ["desk@example.org"]
        assert "https://example.org/revised-430" in msg.get_content(), "the rows behind the alert"
    text = "\n".join(msg.get_content() for msg in parsed)
    assert "430 t" in text and "+2.3%" in text and "-27.1%" in text
    if not digest:
        ids = {a["id"] for a in alerts}
        got = {msg["Message-ID"].strip("<>").split("@", 1)[0] for msg in parsed}
        assert got == ids, "Message-ID is the fingerprint"


@pytest.mark.parametrize("point", ["after-ingest", "after-evaluate", "after-send"])
def test_watch_killed_at_each_step_loses_nothing_and_invents_nothing(tmp_path, receiver, point):
    data = tmp_path / "data"
    write_rules(data, webhook_rules(receiver.url, rules=("revision", "drop")))
    tw(data, "releases")  # the store with the bundled release: the baseline
    inbox = data / "inbox"
    inbox.mkdir()
    (inbox / "revised.csv").write_text(revision_csv(430))
    killed = tw(data, "watch", "--once", env={"TRADEWATCH_CRASH_AT": point}, check=False)
    assert killed.returncode == -9, f"not killed at {point}: {killed.returncode}\n{killed.stderr}"
    tw(data, "watch", "--once")
    alerts = fired(data)
    ids = {a["id"] for a in alerts}
    assert sorted(a["rule"] for a in alerts) == ["magnet-revisions", "us-magnets-drop"]
    received = [s[0] for s in receiver.seen]
    assert set(received) == ids, "every alert delivered, none that did not fire"
    assert all(s[1] for s in receiver.seen)
    if point == "after-send":
        assert len(received) == len(ids) + 1, "the unacknowledged one is sent again, same id"
    else:
        assert len(received) == len(ids)
    # A third pass sends nothing more.
    tw(data, "watch", "--once")
    assert [s[0] for s in receiver.seen] == received


def test_api_ingest_atom_feed_and_the_alerts_page(tmp_path, receiver, browser):
    data = tmp_path / "data"
    write_rules(data, webhook_rules(receiver.url, rules=("revision", "drop")))
    tw(data, "releases")
    env = dict(os.environ, TRADEWATCH_WEBHOOK_SECRET=SECRET)
    with serving(data, "--token", "t0ken", env=env) as base:
        def post(tonnes):
            req = urllib.request.Request(
                base + f"/api/v1/ingest?name=revised-{tonnes}.csv", data=revision_csv(tonnes).encode(),
                method="POST", headers={"Authorization": "Bearer t0ken"})
            return json.load(urllib.request.urlopen(req, timeout=60))

        first = post(430)
        assert first["outcome"] == "committed" and len(first["alerts"]) == 2, first
        feed = ET.fromstring(urllib.request.urlopen(base + "/api/v1/alerts.atom", timeout=30).read())
        entries = {e.find(ATOM + "id").text: e for e in feed.findall(ATOM + "entry")}
        assert set(entries) == {"urn:tradewatch:alert:" + i for i in first["alerts"]}
        drop_id = next(a["id"] for a in json.load(urllib.request.urlopen(base + "/api/v1/alerts", timeout=30))
                       if a["rule"] == "us-magnets-drop")
        before = entries["urn:tradewatch:alert:" + drop_id].find(ATOM + "updated").text
        # A second revision changes September's fall: the same entry, updated later; a new
        # revision alert for the new release.
        time.sleep(1.1)
        second = post(440)
        assert len(second["alerts"]) == 1, second
        feed = ET.fromstring(urllib.request.urlopen(base + "/api/v1/alerts.atom", timeout=30).read())
        entries = {e.find(ATOM + "id").text: e for e in feed.findall(ATOM + "entry")}
        assert len(entries) == 3
        entry = entries["urn:tradewatch:alert:" + drop_id]
        assert entry.find(ATOM + "updated").text > before
        assert entry.find(ATOM + "published").text == before
        assert "-25.4%" in entry.find(ATOM + "title").text
        one = json.load(urllib.request.urlopen(base + f"/api/v1/alerts/{drop_id[:12]}", timeout=30))
        assert one["id"] == drop_id
        # Paging.
        page = urllib.request.urlopen(base + "/api/v1/alerts?limit=2", timeout=30)
        assert len(json.load(page)) == 2 and page.headers["x-next-cursor"]
        # The background delivery reaches the receiver.
        deadline = time.time() + 30
        while len({s[0] for s in receiver.seen}) < 3 and time.time() < deadline:
            time.sleep(0.2)
        assert {s[0] for s in receiver.seen} == set(first["alerts"]) | set(second["alerts"])

        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.goto(base + "/alerts")
        row = page.locator(f'tr[data-alert="{drop_id}"]')
        row.wait_for()
        assert "-25.4% m/m" in row.inner_text()
        assert page.locator("table#alerts tbody tr").count() == 3
        assert row.locator("a[href^='http']").count() >= 1, "each alert links its sources"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "alerts.png"), full_page=True)
        context.close()
        assert errors == []
