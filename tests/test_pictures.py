"""Still pictures, read as a graphics desk would: the SVG's words are text, no label covers another
or is crossed by a line (measured on the layout Graphviz computed), the title says the question and
its filter, the legend lists only what is drawn; the command refuses what it cannot draw well."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

import loader
from cli.main import cli
from cypher import picture, still_picture
from cypher.picture_geometry import label_boxes, problems
from tests.csvedit import append, copy_data

SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode())
    return [" ".join("".join(t.itertext()).split()) for t in root.iter(f"{SVG}text")]


def draw(connection, tmp_path, name=None, params=None, size="column", **options):
    pic = picture.picture(connection, name, params, **options)
    placed = still_picture.render(pic, {"svg": tmp_path / "p.svg"}, still_picture.SIZES[size])
    return pic, (tmp_path / "p.svg").read_text(encoding="utf-8"), placed


@pytest.mark.parametrize("size", ["column", "page"])
def test_the_loops_picture_is_readable_and_its_words_are_text(base, tmp_path, size):
    pic, svg, placed = draw(base, tmp_path, loops_only=True, size=size)
    texts = svg_texts(svg)
    for words in ("Nvidia", "OpenAI", "Oracle", "CoreWeave", "about $100bn", "up to $40bn", "$300bn",
                  "Loops of money across companies"):
        assert words in texts, f"{words!r} is not a text element of the SVG"
    assert "WeWork" not in svg  # SoftBank's money to WeWork never comes back
    assert problems(placed) == []
    assert len(label_boxes(placed)) >= len(pic.nodes) + len(pic.edges)  # every label was measured
    width = float(ET.fromstring(svg.encode()).get("width").removesuffix("pt"))
    assert width <= still_picture.SIZES[size].inches[0] * 72 + 1  # fits the column or the page


def test_an_answer_s_picture_is_titled_with_its_question_and_filter(base, tmp_path):
    pic, svg, placed = draw(base, tmp_path, "circular-deals", {"company": "amd"})
    texts = svg_texts(svg)
    assert "The deals whose money returns to the funder" in texts
    assert "company: AMD" in texts
    assert {"AMD", "OpenAI"} <= set(texts) and "Oracle" not in texts
    assert problems(placed) == []
    legend = " ".join(texts)
    assert "payment that comes back round" in legend
    assert "group of people or firms" not in legend and "person" not in texts  # nothing drawn of that kind


def test_every_payment_picture_keeps_labels_clear(base, tmp_path):
    pic, svg, placed = draw(base, tmp_path, "money-flows", {}, size="page")
    assert len(pic.payments) == base.read("MATCH ()-[f:FLOWS_TO]->() RETURN count(f) AS n")[0]["n"]
    assert problems(placed) == []
    texts = svg_texts(svg)
    assert "$6.3bn" in texts and "stake" in texts  # a contract and a stake are two arrows, not "$6.3bn + stake"
    assert any(t.startswith("Source: Le Monde, 2025-10") for t in texts)


def test_the_check_finds_a_line_through_a_label():
    crossed = {"_ldraw_": [], "objects": [], "edges": [
        {"tail": 0, "head": 1, "_draw_": [{"op": "b", "points": [[0, 10], [30, 10], [60, 10], [90, 10]]}]},
        {"tail": 2, "head": 3, "_draw_": [{"op": "b", "points": [[120, -20], [120, 0], [120, 20], [120, 40]]}],
         "_ldraw_": [{"op": "F", "size": 10.0}, {"op": "T", "pt": [30, 8], "align": "l", "width": 30, "text": "$1bn"}]},
    ]}
    assert any("crosses label '$1bn'" in p for p in problems(crossed))
    crossed["edges"][0]["_draw_"][0]["points"] = [[0, 60], [30, 60], [60, 60], [90, 60]]
    assert problems(crossed) == []


def test_png_and_pdf_follow_their_options(base, tmp_path):
    png, pdf = tmp_path / "loops.png", tmp_path / "loops.pdf"
    result = CliRunner().invoke(cli, ["graph", "--png", str(png), "--pdf", str(pdf), "--size", "column"])
    assert result.exit_code == 0, result.output
    assert png.read_bytes().startswith(b"\x89PNG") and pdf.read_bytes().startswith(b"%PDF")
    from PIL import Image
    assert Image.open(png).size[0] == 1280  # a 640-pixel column, at twice the resolution


@pytest.mark.parametrize("option, name", [("--png", "x.txt"), ("--svg", "wrong.png"), ("--pdf", "a.svg"),
                                          ("--html", "page.svg")])
def test_a_file_name_that_contradicts_its_option_is_refused(base, tmp_path, option, name):
    result = CliRunner().invoke(cli, ["graph", option, str(tmp_path / name)])
    assert result.exit_code == 2
    assert f"{option} writes" in result.output and "Traceback" not in result.output
    assert not (tmp_path / name).exists()


def test_a_picture_into_a_missing_folder_is_refused_and_writes_nothing(base, tmp_path):
    result = CliRunner().invoke(cli, ["graph", "--svg", str(tmp_path / "ok.svg"), "--png", str(tmp_path / "no" / "x.png")])
    assert result.exit_code == 2 and "does not exist" in result.output and "--png" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_failed_format_leaves_no_file_of_the_others(base, tmp_path):
    pic = picture.picture(base, loops_only=True)
    with pytest.raises(picture.PictureError, match="Graphviz could not draw"):
        still_picture.render(pic, {"svg": tmp_path / "ok.svg", "png": tmp_path / "gone" / "x.png"},
                             still_picture.SIZES["page"])
    assert list(tmp_path.iterdir()) == []


def test_without_graphviz_the_command_says_what_to_install(base, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without Graphviz's dot
    result = CliRunner().invoke(cli, ["graph", "--svg", str(tmp_path / "loops.svg")])
    assert result.exit_code == 1 and "apt-get install graphviz" in result.output and "--html" in result.output
    assert not (tmp_path / "loops.svg").exists()


def test_nothing_to_draw_is_said_and_fails(base, tmp_path):
    result = CliRunner().invoke(cli, ["graph", "refused", "--png", str(tmp_path / "r.png")])
    assert result.exit_code == 1
    assert "Nothing to draw" in result.output and "circular ask refused" in result.output
    assert not (tmp_path / "r.png").exists()


def test_a_bad_since_date_is_refused(base, tmp_path):
    result = CliRunner().invoke(cli, ["graph", "--since", "2025-13", "--svg", str(tmp_path / "s.svg")])
    assert result.exit_code == 2 and "--since" in result.output and "2025-11-20" in result.output


def test_what_changed_since_a_date(empty_db, tmp_path):
    """A newsroom adds this week's deals: the picture since that week shows them and nothing older,
    counting a deal whose own date is old but whose source is new."""
    data = copy_data(tmp_path / "data")
    # Made-up facts from a made-up source, for this test only.
    append(data / "sources.csv", id="test-fixture-2030", title="Fixture (made up for a test)",
           publisher="Test Fixture Weekly", published="2030-01-15")
    for deal, summary, date, amount, excerpt in (
            ("fixture-new-deal", "Made-up: Oracle invests in xAI.", "2030-01-14", "7000000000", "made-up excerpt one"),
            ("fixture-old-deal-new-source", "Made-up: AMD invests in Oracle.", "2019", "9000000000",
             "made-up excerpt two")):
        append(data / "deals.csv", id=deal, type="investment", summary=summary)
        append(data / "reports.csv", deal_id=deal, status="announced", date=date, amount=amount, currency="USD",
               amount_qualifier="exact", source_id="test-fixture-2030", excerpt=excerpt)
    for deal, funder, recipient in (("fixture-new-deal", "oracle", "xai"),
                                    ("fixture-old-deal-new-source", "amd", "oracle")):
        append(data / "parties.csv", deal_id=deal, entity_id=funder, role="funder")
        append(data / "parties.csv", deal_id=deal, entity_id=recipient, role="recipient")
    loader.load(empty_db, data)
    svg = tmp_path / "week.svg"
    result = CliRunner().invoke(cli, ["graph", "--since", "2030-01-08", "--svg", str(svg)])
    assert result.exit_code == 0, result.output
    texts = svg_texts(svg.read_text())
    assert {"Oracle", "xAI", "AMD", "$7bn", "$9bn"} <= set(texts)
    assert "Nvidia" not in texts and "about $100bn" not in texts
    assert any("since 2030-01-08" in t for t in texts)
    later = CliRunner().invoke(cli, ["graph", "--since", "2030-02", "--svg", str(tmp_path / "none.svg")])
    assert later.exit_code == 1 and "Nothing to draw" in later.output


def test_groups_are_one_node_and_stakes_are_dashed(base, tmp_path):
    """AWS is drawn as Amazon, so Amazon → Anthropic → AWS is a loop between groups; stakes are
    dashed ties apart from the payments."""
    pic = picture.picture(base, None, {}, loops_only=True)
    assert "aws" not in pic.nodes and pic.nodes["amazon"].parts == ["Amazon Web Services"]
    amazon = [e for e in pic.edges if "amazon" in (e.source, e.target) and e.kind == "payment"]
    assert {(e.source, e.target) for e in amazon} == {("amazon", "anthropic"), ("anthropic", "amazon")}
    assert all(e.in_a_loop for e in amazon)
    stakes = [e for e in pic.edges if e.kind == "stake"]
    assert ("nvidia", "coreweave") in {(e.source, e.target) for e in stakes}
    assert {"7 % stake", "up to 10 % stake"} <= {e.label for e in stakes}
    svg_file = tmp_path / "groups.svg"
    placed = still_picture.render(pic, {"svg": svg_file}, still_picture.SIZES["page"])
    svg = svg_file.read_text()
    assert "incl. Amazon Web Services" in svg_texts(svg)
    assert 'stroke-dasharray' in svg and "stake held (ownership, no payment)" in " ".join(svg_texts(svg))
    assert problems(placed) == []
