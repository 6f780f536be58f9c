"""A real browser, end to end: headless Chromium (Debian's package) driven by Playwright opens the
local Neo4j Browser, connects, sees circular's guide and style, runs a headline query, and the graph
renders; the offline HTML picture and the `circular browse` links are opened the same way.
Screenshots are left in tests/artifacts/ for people to look at."""
from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image
from playwright.sync_api import Page, sync_playwright

from cli.main import cli
from server import LocalServer, browser_jar
from tests.conftest import ROOT

CHROMIUM = os.environ.get("CIRCULAR_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
# Flags that keep Chromium from reaching for the internet, which this machine does not have.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def chromium():
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, base):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    yield context.new_page()
    context.close()


def browser_url() -> str:
    return LocalServer().status().browser_url


def connect(page: Page, settings) -> None:
    """Fill Neo4j Browser's connect form, and wait for circular's guide, which opens on connecting."""
    page.fill("[data-testid=boltaddress]", f"127.0.0.1:{LocalServer().status().bolt_port}")
    page.fill("[data-testid=username]", settings.username)
    page.fill("[data-testid=password]", settings.password)
    page.click("[data-testid=connect]")
    page.get_by_text("Who funds whom to buy what, in the AI industry").wait_for(timeout=60_000)


def colour_pixels(png: bytes, hex_colour: str, tolerance: int = 24) -> int:
    """How many pixels of the picture have this colour (give or take anti-aliasing)."""
    target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
    return int((np.abs(pixels - target) <= tolerance).all(axis=-1).sum())


def visible_text(locator) -> str:
    return locator.inner_text().replace("\xa0", " ")  # the editor shows spaces as no-break spaces


def test_browser_opens_on_the_guide_styled_and_offline(page, settings):
    reached = []  # requests that left this machine and got an answer
    blocked = []
    page.on("response", lambda response: reached.append(response.url))
    page.on("requestfailed", lambda request: blocked.append((request.url, request.failure)))
    page.goto(browser_url())
    connect(page, settings)
    page.wait_for_timeout(1500)  # anything that would follow the guide has arrived
    page.screenshot(path=ARTIFACTS / "browser-guide.png")
    heading = page.locator("[data-testid=frame] h3", has_text="circular").first
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"], \
        "the guide's heading is not visible without scrolling"
    assert "1 / 6" in page.locator("[data-testid=frame]", has_text="Who funds whom to buy what").first.inner_text()
    assert page.locator("[data-testid=frame]", has_text="node.Company").count() == 0, "a frame lists the style"
    style = json.loads(page.evaluate("window.localStorage.getItem('neo4j.grass')"))
    assert style["node.Company"]["caption"] == "{name}" and style["relationship.FLOWS_TO"]["caption"] == "{money}"
    outside = [url for url in reached if urlparse(url).hostname not in ("127.0.0.1", "localhost")]
    assert outside == [], f"fetched from the internet: {outside}"
    assert all(failure == "csp" for url, failure in blocked if urlparse(url).hostname not in ("127.0.0.1", "localhost"))


def test_a_headline_query_from_the_guide_draws_whole_captions(page, settings, base):
    page.goto(browser_url())
    connect(page, settings)
    page.click("[data-testid=nextSlide]")
    page.get_by_text("The money between companies, each arrow labelled with its amount.").wait_for()
    page.locator("pre.runnable", has_text="FLOWS_TO").first.click()
    page.click("[data-testid=editor-Run]")
    result = page.locator("[data-testid=frame]").first  # the newest frame is on top
    result.locator("[data-testid=vizInspector]").wait_for(timeout=30_000)
    assert "MATCH money" in visible_text(result.locator("[data-testid=frameCommand]"))
    overview = result.inner_text()
    [flows] = base.read("MATCH ()-[f:FLOWS_TO {counted: true}]->() RETURN count(f) AS n")
    assert f"FLOWS_TO ({flows['n']})" in overview and "Company (" in overview
    page.wait_for_timeout(1500)  # let the force layout settle before the picture
    shot = result.screenshot(path=ARTIFACTS / "browser-money-graph.png")
    assert colour_pixels(shot, "#2F6FBF") > 2000, "no company drawn in circular's blue"
    assert colour_pixels(shot, "#C0392B") > 200, "no money arrow drawn in circular's red"
    names = result.locator("g.node").evaluate_all(
        "nodes => nodes.map(n => Array.from(n.querySelectorAll('text'))"
        "                        .map(t => t.textContent.trim()).join(' ').trim())")
    amounts = result.locator("g.relationship text").all_text_contents()
    for name in ("Lucent's customers", "Andreessen Horowitz", "Amazon Web Services", "CoreWeave"):
        assert name in names, f"{name} is not drawn whole: {names}"
    for amount in ("about $100bn", "up to $40bn", "$300bn"):
        assert amount in [a.strip() for a in amounts], f"{amount} is not drawn whole: {amounts}"
    assert not [text for text in names + amounts if "…" in text], "a caption is cut"


def test_browse_links_open_the_query_they_name(page, settings):
    link = CliRunner().invoke(cli, ["browse", "path", "-p", "from", "xAI", "-p", "to", "ORACLE"]).output.strip()
    assert link.startswith(browser_url() + "?")
    page.goto(link)
    connect(page, settings)
    editor = visible_text(page.locator("[data-testid=activeEditor]"))
    assert '// circular ask path -p from "xai" -p to "oracle" -p max_length 4' in editor
    assert 'MATCH (a:Entity {id: "xai"}), (b:Entity {id: "oracle"})' in editor
    page.click("[data-testid=editor-Run]")
    frame = page.locator("[data-testid=frame]").first
    frame.get_by_text("xAI — [chip_purchase xai-nvidia-chips] — Nvidia").first.wait_for(timeout=30_000)
    assert "Oracle" in frame.inner_text()
    page.screenshot(path=ARTIFACTS / "browser-browse-link.png")


# Records every word the page paints on a canvas, where, and at what size on the screen: the HTML
# picture draws its names and amounts on a canvas, out of reach of the page's text.
PAINT_SPY = """
window.__painted = [];
const paint = CanvasRenderingContext2D.prototype.fillText;
CanvasRenderingContext2D.prototype.fillText = function (text, x, y, ...rest) {
  const m = this.getTransform(), box = this.canvas.getBoundingClientRect(), ratio = this.canvas.width / box.width;
  const size = parseFloat((this.font.match(/([\\d.]+)px/) || [0, 0])[1]);
  window.__painted.push({text: String(text), px: size * Math.hypot(m.a, m.b) / ratio,
                         x: box.left + (m.a * x + m.c * y + m.e) / ratio,
                         y: box.top + (m.b * x + m.d * y + m.f) / ratio});
  return paint.call(this, text, x, y, ...rest);
};
"""


def painted_words(page: Page) -> dict[str, dict]:
    """The last time each word was painted (the viewer repaints as it settles)."""
    return {word["text"]: word for word in page.evaluate("window.__painted")}


def test_the_html_picture_opens_legible_offline_and_finds_a_company(chromium, base, tmp_path):
    html = tmp_path / "money.html"
    result = CliRunner().invoke(cli, ["graph", "--html", str(html)])
    assert result.exit_code == 0, result.output
    context = chromium.new_context(viewport={"width": 1400, "height": 1100}, offline=True)
    context.add_init_script(PAINT_SPY)
    page = context.new_page()
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(html.as_uri())
    page.get_by_text("payment that comes back round (a loop)").wait_for()
    page.wait_for_timeout(3000)
    shot = page.screenshot(path=ARTIFACTS / "graph-html.png")
    words = painted_words(page)
    viewer = page.locator("canvas").first.bounding_box()
    for word in ("CoreWeave", "Andreessen", "Horowitz", "Lucent's", "customers", "OpenAI", "Nvidia",
                 "about $100bn", "up to $40bn", "$300bn", "revenue share"):
        assert word in words, f"{word!r} is not painted whole; painted: {sorted(words)}"
        painted = words[word]
        assert painted["px"] >= 11, f"{word!r} is painted {painted['px']:.1f} px high, too small to read"
        assert viewer["x"] <= painted["x"] <= viewer["x"] + viewer["width"] and \
            viewer["y"] <= painted["y"] <= viewer["y"] + viewer["height"], f"{word!r} is outside the opening view"
    assert not [w for w in words if w.endswith(("…", "...", "-"))], "a name or an amount is cut"
    amount = words["$16bn"]  # SoftBank's money to WeWork: the source gives no date
    panel = page.get_by_role("button", name="Toggle graph details panel")
    for below in (4, 6, 8, 10):  # the arrow runs just below its amount
        page.mouse.click(amount["x"], amount["y"] + below)
        panel.click()
        details = page.inner_text("body")
        panel.click()
        if "softbank-wework" in details:
            break
    assert "softbank-wework" in details and "Le Monde, 2025-10" in details and "$16bn" in details
    assert "null" not in details and "\ndate\n" not in details
    data = json.loads(re.search(r'<script type="application/json" id="neo4j-viz-data">(.*?)</script>',
                                html.read_text(), re.S)[1])
    assert not [item for item in data["nodes"] + data["relationships"]
                if None in item.get("properties", {}).values()], "an empty value would read 'null'"
    assert colour_pixels(shot, "#C0392B") > 2000, "the loops are not drawn in red"
    blue_before = colour_pixels(shot, "#2F6FBF")
    page.get_by_role("button", name="Search").click()
    page.get_by_placeholder("Search...").fill("CoreWeave")
    page.wait_for_timeout(1000)
    found = page.screenshot(path=ARTIFACTS / "graph-html-search.png")
    assert 0 < colour_pixels(found, "#2F6FBF") < blue_before / 5, "the search does not single CoreWeave out"
    context.close()
    assert [url for url in fetched if not url.startswith(("file:", "data:", "blob:"))] == []


def test_still_pictures_for_people_to_look_at(base):
    """The loops at both sizes, left in tests/artifacts/; their red is circular's red."""
    ARTIFACTS.mkdir(exist_ok=True)
    for size in ("column", "page"):
        png, svg = ARTIFACTS / f"loops-{size}.png", ARTIFACTS / f"loops-{size}.svg"
        result = CliRunner().invoke(cli, ["graph", "--png", str(png), "--svg", str(svg), "--size", size])
        assert result.exit_code == 0, result.output
        assert colour_pixels(png.read_bytes(), "#C0392B") > 1000 and "<text" in svg.read_text()


def test_the_style_is_shipped_for_other_servers():
    grass = (ROOT / "server" / "browser" / "circular.grass").read_text()
    for rule in ("node.Company", "node.Person", "node.Deal", "node.Source", "relationship.FLOWS_TO"):
        assert rule in grass
    assert 'caption: "{money}"' in grass and 'caption: "{name}"' in grass


def test_the_served_browser_carries_circular_s_changes(settings):
    """The pinned Browser still has what the patch changes; a new version would need a new patch."""
    server = LocalServer()
    with zipfile.ZipFile(next(server.lib.glob("neo4j-browser-*.jar"))) as jar:
        names = jar.namelist()
        index = jar.read("browser/index.html").decode()
        app = next(jar.read(n) for n in names if re.fullmatch(r"browser/app-[0-9a-f]+\.js", n))
        preset = jar.read("browser/circular/preset.js").decode()
    assert 'http-equiv="Content-Security-Policy"' in index and 'src="circular/preset.js"' in index
    assert browser_jar.LINK_DISTANCE[1] in app and browser_jar.LINK_DISTANCE[0] not in app
    assert '"caption": "{name}"' in preset and "browser/circular/guide.html" in names
