"""A newsroom corrects the base from the tool: edit, remove, link, add a figure, a quote, a citation,
then look at the history and undo — files and Neo4j agreeing after every step.

Every source here is made up for the test ("Fixture Desk (test fixture)"), in a copy of data/.
"""
from __future__ import annotations

from click.testing import CliRunner

from cli.main import cli
from cypher import run
from tests import csvedit
from tests.conftest import files_and_neo4j_agree, snapshot

DESK = ["--source-publisher", "Fixture Desk (test fixture)", "--source-date", "2025-11-10",
        "--source-title", "A desk's report invented for circular's tests"]


def circular(folder, *args, input=None):
    return CliRunner().invoke(cli, [*args[:2], "--data-dir", str(folder), "--no-interactive", *args[2:]], input=input)


def texts(folder):
    return {p.name: p.read_text() for p in sorted(folder.glob("*.csv"))}


def ok(result):
    assert result.exit_code == 0, result.output
    return result.output


def test_a_day_of_corrections_then_undone_step_by_step(data, empty_db, tmp_path):
    start = texts(data)
    ok(circular(data, "add", "deal", "--id", "oracle-openai-fixture", "--type", "cloud_contract", "--status",
                "signed", "--buyer", "OpenAI", "--seller", "Oracle", "--amount", "30bn", "--currency", "USD",
                "--qualifier", "about", "--date", "2025-07", "--on-duplicate", "keep",
                "--summary", "OpenAI rents more of Oracle's servers (fixture).",
                "--excerpt", "OpenAI will rent about $30bn a year of servers from Oracle", *DESK))
    assert files_and_neo4j_agree(empty_db, data, tmp_path)
    source = next(r["id"] for r in csvedit.read(data / "sources.csv") if r["publisher"].startswith("Fixture Desk"))

    dry = ok(circular(data, "edit", "report", "oracle-openai-fixture", source, "-s", "amount", "$30bn",
                      "-s", "amount_period", "per_year", "--dry-run"))
    assert "- reports.csv: oracle-openai-fixture,signed,2025-07,30000000000,USD,about,,," in dry
    assert "+ reports.csv: oracle-openai-fixture,signed,2025-07,30000000000,USD,about,,per_year," in dry
    assert "Dry run: nothing was written." in dry
    ok(circular(data, "edit", "report", "oracle-openai-fixture", source, "-s", "amount_period", "per_year"))
    assert files_and_neo4j_agree(empty_db, data, tmp_path)
    [flow] = [f for f in run(empty_db, "money-flows", {"company": "oracle"}).rows if f["id"] == "oracle-openai-fixture"]
    assert flow["amount"]["amount_period"] == "per_year"

    ok(circular(data, "link", "oracle-openai-fixture", "part_of", "openai-oracle-cloud", "--source", source,
                "--excerpt", "part of the $300bn contract with Oracle"))
    assert files_and_neo4j_agree(empty_db, data, tmp_path)
    [part] = empty_db.read("MATCH (d:Deal {id: 'oracle-openai-fixture'}) RETURN d.counted AS counted, "
                           "d.excluded AS excluded")
    assert part == {"counted": False, "excluded": "part of openai-oracle-cloud, counted with it"}

    ok(circular(data, "add", "figure", "--entity-id", "Oracle", "--metric", "revenue", "--value", "57bn",
                "--unit", "USD", "--qualifier", "about", "--as-of", "2025", "--source", source,
                "--excerpt", "Oracle's revenue of about $57bn"))
    ok(circular(data, "add", "quote", "--person-id", "sam-altman", "--text", "We need more servers (fixture).",
                "--said-on", "2025-11", "--about-id", "oracle-openai-fixture", "--source", source,
                "--excerpt", "Sam Altman said on a call"))
    ok(circular(data, "add", "citation", "--fact-id", "oracle", "--source", source,
                "--excerpt", "Oracle, the database company"))
    assert files_and_neo4j_agree(empty_db, data, tmp_path)
    assert [f for f in csvedit.read(data / "figures.csv") if f["id"] == "oracle-revenue-2025"][0]["value"] == \
        "57000000000"

    refused = circular(data, "remove", "deal", "oracle-openai-fixture")
    assert refused.exit_code == 1
    for line in ("reports.csv:", "parties.csv:", "links.csv:", "quotes.csv:", "--with-dependents"):
        assert line in refused.output
    ok(circular(data, "remove", "deal", "oracle-openai-fixture", "--with-dependents"))
    assert files_and_neo4j_agree(empty_db, data, tmp_path)
    assert empty_db.read("MATCH (d:Deal {id: 'oracle-openai-fixture'}) RETURN d") == []

    listed = CliRunner().invoke(cli, ["history", "--data-dir", str(data)]).output
    assert listed.index("circular remove") < listed.index("circular add deal")  # newest first
    for _ in range(7):
        ok(circular(data, "undo"))
        assert files_and_neo4j_agree(empty_db, data, tmp_path)
    assert texts(data) == start
    nothing = circular(data, "undo")
    assert nothing.exit_code == 1 and "no change made through circular left to undo" in nothing.output


def test_an_undo_waits_for_the_later_change_to_be_undone_first(data, empty_db):
    ok(circular(data, "edit", "deal", "softbank-wework", "-s", "note", "First edit (fixture)."))
    ok(circular(data, "edit", "deal", "softbank-wework", "-s", "note", "Second edit (fixture)."))
    ok(circular(data, "undo"))
    assert {r["id"]: r for r in csvedit.read(data / "deals.csv")}["softbank-wework"]["note"] == "First edit (fixture)."
    csvedit.set_cell(data / "deals.csv", csvedit.row_number(data / "deals.csv", "id", "softbank-wework"),
                     "note", "A hand edit.")
    refused = circular(data, "undo")
    assert refused.exit_code == 1 and "has changed since" in refused.output


def test_a_failure_between_files_and_neo4j_changes_neither_nor_the_history(data, empty_db):
    before, db_before = texts(data), snapshot(empty_db)
    with empty_db.session() as session:
        session.run("CREATE CONSTRAINT test_unique_summary FOR (d:Deal) REQUIRE d.summary IS UNIQUE").consume()
    try:
        taken = csvedit.read(data / "deals.csv")[0]["summary"]
        result = circular(data, "edit", "deal", "softbank-wework", "-s", "summary", taken)
    finally:
        with empty_db.session() as session:
            session.run("DROP CONSTRAINT test_unique_summary").consume()
    assert result.exit_code == 1 and "neither the files nor the database changed" in result.output
    assert texts(data) == before and snapshot(empty_db) == db_before
    assert "No change made through circular yet" in CliRunner().invoke(cli, ["history", "--data-dir", str(data)]).output


def test_edits_say_what_cannot_change(data):
    for args, words in ((("edit", "deal", "softbank-wework", "-s", "id", "softbank-wework-2"), "does not change"),
                        (("edit", "deal", "softbank-wework", "-s", "amount", "16bn"), "has no field 'amount'"),
                        (("edit", "deal", "no-such-deal", "-s", "note", "x"), "has no deal 'no-such-deal'"),
                        (("edit", "report", "softbank-wework", "-s", "amount", "5bn"), "give 2 values"),
                        (("edit", "report", "softbank-wework", "lemonde-2025-10-circulaire", "-s", "amount", "lots"),
                         "reports.csv:")):
        result = circular(data, *args)
        assert result.exit_code == 1 and words in result.output, (args, result.output)
