"""A real browser, end to end: headless Chromium (Debian's package) driven by Playwright opens the
local Neo4j Browser, connects, sees circular's guide and style, runs a headline query, and the graph
renders; the offline HTML picture and the `circular browse` links are opened the same way.
Screenshots are left in tests/artifacts/ for people to look at."""
from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image
from playwright.sync_api import Page, sync_playwright

from cli.main import cli
from server import LocalServer
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


def test_browser_connects_and_offers_circular_s_guide_and_style(page, settings):
    page.goto(browser_url())
    connect(page, settings)
    guide = page.locator("[data-testid=frame]", has_text="Who funds whom to buy what")
    assert guide.locator("[data-testid=carousel]").count() == 1
    assert "1 / 6" in guide.inner_text()
    style = page.locator("[data-testid=frame]", has_text=":style http://127.0.0.1")
    assert "node.Company" in style.inner_text() and "relationship.FLOWS_TO" in style.inner_text()
    page.screenshot(path=ARTIFACTS / "browser-guide.png")


def test_a_headline_query_from_the_guide_renders_a_styled_graph(page, settings, base):
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
    [flows] = base.read("MATCH ()-[f:FLOWS_TO]->() RETURN count(f) AS n")
    assert f"FLOWS_TO ({flows['n']})" in overview and "Company (" in overview
    page.wait_for_timeout(1500)  # let the force layout settle before the picture
    shot = result.screenshot(path=ARTIFACTS / "browser-money-graph.png")
    assert colour_pixels(shot, "#2F6FBF") > 2000, "no company drawn in circular's blue"
    assert colour_pixels(shot, "#C0392B") > 200, "no money arrow drawn in circular's red"


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


def test_the_html_picture_works_offline_and_shows_the_money(chromium, base, tmp_path):
    html = tmp_path / "money.html"
    result = CliRunner().invoke(cli, ["graph", "--html", str(html)])
    assert result.exit_code == 0, result.output
    text = html.read_text()
    for name in ("Nvidia", "OpenAI", "Oracle", "CoreWeave", "about $100bn", "up to $40bn"):
        assert name in text
    context = chromium.new_context(viewport={"width": 1300, "height": 1000}, offline=True)
    page = context.new_page()
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(html.as_uri())
    page.get_by_text("payment in a loop").wait_for()
    page.wait_for_timeout(3000)
    shot = page.screenshot(path=ARTIFACTS / "graph-html.png")
    page.get_by_role("button", name="Toggle graph details panel").click()
    page.get_by_text("Results overview").wait_for()
    overview = page.inner_text("body")
    nodes = int(result.output.split(": ", 1)[1].split(" companies")[0])
    assert f"Nodes ({nodes})" in overview
    for name in ("Nvidia (1)", "OpenAI (1)", "Oracle (1)", "CoreWeave (1)", "AMD (1)", "xAI (1)", "about $100bn (1)"):
        assert name in overview
    context.close()
    assert [url for url in fetched if not url.startswith(("file:", "data:", "blob:"))] == []
    assert colour_pixels(shot, "#2F6FBF") > 5000 and colour_pixels(shot, "#C0392B") > 300


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_still_pictures_of_the_loops(base, tmp_path, suffix):
    picture = tmp_path / f"loops.{suffix}"
    result = CliRunner().invoke(cli, ["graph", f"--{suffix}", str(picture)])
    assert result.exit_code == 0, result.output
    if suffix == "svg":
        svg = picture.read_text()
        assert svg.startswith("<?xml") and "Nvidia" in svg and "about $100bn" in svg and "Money loops" in svg
        assert "WeWork" not in svg  # SoftBank's money to WeWork never comes back: no loop
    else:
        assert colour_pixels(picture.read_bytes(), "#C0392B") > 1000
        (ARTIFACTS / "loops.png").write_bytes(picture.read_bytes())


def test_a_picture_of_one_answer_keeps_its_flows(base, tmp_path):
    picture = tmp_path / "amd.svg"
    result = CliRunner().invoke(cli, ["graph", "circular-deals", "-p", "company", "AMD", "--svg", str(picture)])
    assert result.exit_code == 0, result.output
    svg = picture.read_text()
    assert "AMD" in svg and "OpenAI" in svg and "Oracle" not in svg


def test_the_style_is_shipped_for_other_servers():
    grass = (ROOT / "server" / "browser" / "circular.grass").read_text()
    for rule in ("node.Company", "node.Person", "node.Deal", "node.Source", "relationship.FLOWS_TO"):
        assert rule in grass
    assert 'caption: "{money}"' in grass and 'caption: "{name}"' in grass
