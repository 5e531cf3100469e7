"""End-to-end tests of the web dashboard: the real server (conftest.py starts it on a fresh store
with the bundled data) in headless Chromium.

    pip install -r e2e/requirements.txt
    TRADEWATCH_BIN=target/debug/tradewatch pytest e2e

Each test saves a screenshot of its page under target/e2e/. The `page` fixture fails a test on
any error in the page and on any request to a host other than 127.0.0.1.
"""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "target" / "e2e"
ARTICLE = REPO / "crates" / "verify" / "tests" / "data" / "2025-10-us-imports-rare-earth-magnets-decline.txt"
SERIES_QUERY = "reporter=CHN&partner=USA&basket=rare-earth-magnets&measure=quantity"


def screenshot(page, name):
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_overview_lists_the_baskets(page, server):
    page.goto(server + "/")
    page.wait_for_selector("table#baskets tr[data-basket]")
    rows = page.locator("table#baskets tr[data-basket]")
    assert rows.count() >= 10
    assert page.locator('tr[data-basket="rare-earth-magnets"]').count() == 1
    for i in range(rows.count()):
        row = rows.nth(i)
        assert row.locator("svg.spark").count() == 1, row.get_attribute("data-basket")
    link = page.locator('tr[data-basket="rare-earth-magnets"] a').first
    assert "/series?" in link.get_attribute("href")
    screenshot(page, "overview")


def test_series_tooltip_and_events(page, server):
    page.goto(f"{server}/series?{SERIES_QUERY}")
    page.wait_for_function("window.twChart && window.twPoints && window.twPoints.length > 0")

    # Where September 2025 is drawn, in page coordinates.
    x, y = page.evaluate(
        """() => {
            const i = window.twPoints.findIndex(p => p.period === '2025-09');
            if (i < 0) throw new Error('no 2025-09 in twPoints');
            const u = window.twChart;
            const box = u.over.getBoundingClientRect();
            return [box.left + u.valToPos(u.data[0][i], 'x'), box.top + u.valToPos(u.data[1][i], 'y')];
        }"""
    )
    page.mouse.move(x - 20, y - 20)
    page.mouse.move(x, y)
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    assert "2025-09" in text
    assert "420.5 t" in text

    assert page.locator('.event-marker[data-date="2025-04-04"]').count() == 1
    assert page.locator('#events li[data-date="2025-04-04"]').count() == 1
    # The facts for the latest month load below the chart.
    page.wait_for_selector("table#facts tr[data-kind]")
    page.wait_for_selector("#partners .loading", state="detached")
    screenshot(page, "series")

    # Clicking the point selects its period and loads its facts.
    page.mouse.click(x, y)
    page.wait_for_function("document.querySelector('#period').value === '2025-09'")
    page.wait_for_selector('#facts-title:has-text("Sep 2025")')
    page.wait_for_selector('table#facts tr[data-kind="change_mom"]:has-text("-28.7%")')


def test_check_an_article(page, server):
    page.goto(server + "/check")
    page.fill("textarea#article", ARTICLE.read_text(encoding="utf-8"))
    page.fill("input#published", "2025-10-20")
    page.click("button#check")
    page.wait_for_selector("mark.claim")
    supported = page.locator('mark.claim[data-verdict="supported"]', has_text="28.7%")
    assert supported.count() >= 1
    assert page.locator("#summary").inner_text().strip() != ""

    # Hovering a claim shows how it was checked.
    supported.first.hover()
    detail = page.locator("aside#claim-detail")
    assert "28.7" in detail.inner_text()
    screenshot(page, "check")


def test_brief_has_footnotes(page, server):
    page.goto(f"{server}/brief?{SERIES_QUERY}&period=2025-09")
    page.wait_for_selector("article#brief sup a[href^='#']")
    assert "420.5" in page.locator("article#brief").inner_text()
    # Each footnote reference leads to its footnote, whose sources are links.
    ref = page.locator("article#brief sup a[href^='#']").first.get_attribute("href")
    note = page.locator(f"article#brief [id='{ref[1:]}']")
    assert note.count() == 1, f"no footnote {ref}"
    assert note.locator("a[href^='http']").count() >= 1
    screenshot(page, "brief")


def test_releases_lists_the_bundled_release(page, server):
    page.goto(server + "/releases")
    row = page.locator('tr[data-release="bundled"]')
    row.wait_for()
    row.click()
    page.wait_for_selector("#diff h2")
    screenshot(page, "releases")


def test_any_code_is_a_subject(page, tmp_path):
    """Typing a code into the series page's codes field shows that code's figures, with the
    label its rows carry (a store holding a Comtrade file besides the bundled data)."""
    import subprocess
    from conftest import binary, serving

    data = tmp_path / "data"
    fixture = REPO / "crates" / "sources" / "tests" / "data" / "comtrade" / "final-monthly.json"
    subprocess.run([binary(), "--data-dir", str(data), "ingest", str(fixture)], check=True,
                   capture_output=True)
    with serving(data) as base:
        page.goto(f"{base}/series?reporter=CHN&partner=USA&basket=rare-earth-magnets")
        page.wait_for_function("window.twPoints && window.twPoints.length > 0")
        page.fill("#codes", "8505.11")
        page.press("#codes", "Enter")
        page.wait_for_url("**basket=code%3A850511**")
        page.wait_for_selector("#code-labels:has-text('Magnets; permanent magnets')")
        page.wait_for_function("window.twPoints && window.twPoints.length === 1")
        point = page.evaluate("window.twPoints[0]")
        assert point["period"] == "2025-03"
        assert point["value"] == 612.345
        assert "code 850511" in page.locator("h1").first.inner_text()
        screenshot(page, "series-code")
