"""The loader: every bad row refused with file, row and column; loads all or nothing; idempotent;
`load` then `export` gives the files back."""
from __future__ import annotations

import filecmp

import pytest
from click.testing import CliRunner

import loader
from cli.main import cli
from loader.schema import TABLES
from tests import csvedit
from tests.conftest import ROOT, SEEDS, snapshot

DATA = ROOT / "data"


@pytest.fixture
def data(tmp_path):
    return csvedit.copy_data(tmp_path / "data")


def test_the_article_passes_every_check_including_verbatim_excerpts():
    """The article's rows, every one proven in its text; what a newsroom adds without a text is a warning."""
    assert SEEDS.is_dir(), "../shared/seeds must sit beside the project"
    assert loader.check(DATA, SEEDS) == []
    article = "lemonde-2025-10-circulaire"
    verification = loader.verify(loader.read_valid(DATA, SEEDS), SEEDS)
    assert article not in verification.unverified
    citing = sum(1 + (table.name == "quotes") for table in TABLES if table.sourced  # a quote's text is checked too
                 for row in csvedit.read(DATA / table.file) if row["source_id"] == article)
    assert verification.verified >= citing > 100


def test_the_whole_article_loads(empty_db):
    report = loader.load(empty_db, DATA)
    assert report.total("created") == sum(len(csvedit.read(p)) for p in DATA.glob("*.csv"))
    assert report.total("updated") == report.total("removed") == 0
    assert report.tables["deals"].created == len(csvedit.read(DATA / "deals.csv"))
    [counts] = empty_db.read("MATCH (d:Deal) WITH count(d) AS deals MATCH (e:Entity) "
                             "RETURN deals, count(e) AS entities")
    assert counts == {"deals": len(csvedit.read(DATA / "deals.csv")),
                      "entities": len(csvedit.read(DATA / "entities.csv"))}
    assert report.flows and report.flows > 0


def test_every_fact_has_a_source_with_an_excerpt(base):
    unsourced = base.read(
        "MATCH (n) WHERE (n:Report OR n:Figure OR n:Quote OR n:Entity OR n:Rate) "
        "AND NOT EXISTS { (n)-[s:SOURCED_FROM]->(:Source) WHERE s.excerpt <> '' } RETURN n.id AS id")
    assert unsourced == []
    [row] = base.read("MATCH (d:Deal)<-[:REPORTS]-(:Report)-[s:SOURCED_FROM]->(src:Source) "
                      "RETURN count(*) AS sourced, count(DISTINCT d) AS deals")
    assert row["sourced"] == len(csvedit.read(DATA / "reports.csv"))
    assert row["deals"] == len(csvedit.read(DATA / "deals.csv"))


def test_the_base_holds_the_article_s_headline_deals(base):
    rows = base.read(
        "MATCH (f:Entity)-[:PARTY_TO {role: 'funder'}]->(d:Deal)<-[:PARTY_TO {role: 'recipient'}]-(r:Entity) "
        "RETURN f.id AS funder, r.id AS recipient, d.amount_usd AS usd, d.amount_qualifier AS q, d.date AS date")
    found = {(r["funder"], r["recipient"]): r for r in rows}
    assert found[("nvidia", "openai")]["usd"] == 100_000_000_000
    assert found[("nvidia", "openai")]["q"] == "about"
    assert found[("nvidia", "openai")]["date"] == "2025-09-22"
    assert found[("amd", "openai")]["usd"] == 40_000_000_000
    assert found[("amd", "openai")]["q"] == "up_to"
    assert found[("nvidia", "xai")]["usd"] == 2_000_000_000
    assert found[("amazon", "anthropic")]["usd"] == 4_000_000_000
    assert found[("google", "anthropic")]["usd"] == 2_000_000_000
    assert found[("softbank", "wework")]["usd"] == 16_000_000_000


def test_a_second_load_changes_nothing(base):
    before = snapshot(base)
    report = loader.load(base, DATA)
    assert not report.changed and report.flows is None
    assert report.total("unchanged") == sum(len(csvedit.read(p)) for p in DATA.glob("*.csv"))
    # a company's PART_OF its parent (AWS, Amazon) is no deal's part_of link the files lack
    assert report.total("only_in_database") == 0 and report.total("removed") == 0
    assert snapshot(base) == before


def test_a_base_loaded_before_rows_had_digests_is_compared_cell_by_cell_and_given_them(base, data):
    with base.session() as session:
        session.run("MATCH (n) REMOVE n.row_hash").consume()
        session.run("MATCH ()-[r]->() REMOVE r.row_hash").consume()
    row = csvedit.row_number(data / "deals.csv", "id", "softbank-wework")
    csvedit.set_cell(data / "deals.csv", row, "summary", "SoftBank sank $16bn into WeWork.")
    report = loader.load(base, data)
    assert report.tables["deals"].updated == 1 and report.total("updated") == 1 and report.total("created") == 0
    undigested = base.read("MATCH (n) WHERE n.row_hash IS NULL "
                           "RETURN count(n) AS n UNION ALL "
                           "MATCH (:Entity|Deal)-[r:PARTY_TO|SAME_AS|PAYS_FOR|PART_OF]->(:Deal) WHERE r.row_hash IS NULL "
                           "RETURN count(r) AS n")
    assert [r["n"] for r in undigested] == [0, 0]
    assert not loader.load(base, data).changed


def test_a_load_too_large_for_a_transaction_is_refused_before_anything_is_written(base):
    from loader import capacity
    from loader.load import sync

    with base.session() as session:  # the tests' server: 8 GB of heap, of which Neo4j gives transactions 70 %
        assert capacity.transaction_budget(session) == int(8 * 2**30 * 0.7)
        session.run("MATCH (d:Deal {id: 'softbank-wework'}) DETACH DELETE d").consume()  # work for the load
    before = snapshot(base)
    with base.session() as session:
        with pytest.raises(loader.LoadFailed, match=r"^This load writes [\d,]+ rows in one transaction, which needs "
                                                    r"about 0\.\d MB of Neo4j's memory; the server allows a "
                                                    r"transaction 0\.0 MB; nothing was written\. .*--rebuild"):
            session.execute_write(sync, loader.read_valid(DATA), False, budget=10_000)
    assert snapshot(base) == before
    assert loader.load(base, DATA).tables["deals"].created == 1


def test_load_then_export_gives_back_the_same_files(base, tmp_path):
    counts = loader.export(base, tmp_path / "out")
    for path in DATA.glob("*.csv"):
        assert filecmp.cmp(path, tmp_path / "out" / path.name, shallow=False), f"{path.name} differs"
    assert counts["deals.csv"] == len(csvedit.read(DATA / "deals.csv"))


def test_an_edited_row_is_updated_and_replace_removes_what_left_the_files(base, data):
    row = csvedit.row_number(data / "deals.csv", "id", "softbank-wework")
    csvedit.set_cell(data / "deals.csv", row, "summary", "SoftBank sank $16bn into WeWork.")
    report = loader.load(base, data)
    assert report.tables["deals"].updated == 1 and report.total("created") == 0
    assert base.read("MATCH (d:Deal {id: 'softbank-wework'}) RETURN d.summary AS s") == \
        [{"s": "SoftBank sank $16bn into WeWork."}]

    quotes = csvedit.read(data / "quotes.csv")
    csvedit.write(data / "quotes.csv", quotes[1:])
    kept = loader.load(base, data)
    assert kept.tables["quotes"].only_in_database == 1 and kept.tables["quotes"].removed == 0
    replaced = loader.load(base, data, replace=True)
    assert replaced.tables["quotes"].removed == 1
    assert base.read("MATCH (q:Quote {id: $id}) RETURN q", {"id": quotes[0]["id"]}) == []
    loader.export(base, data.parent / "out")
    assert filecmp.cmp(data / "quotes.csv", data.parent / "out" / "quotes.csv", shallow=False)


# -- bad rows: (file, how to break it, column, words of the message) ---------------------------------
BAD_ROWS = [
    ("deals.csv", {"type": "gift"}, "type", "'gift' is not allowed"),
    ("deals.csv", {"id": "Nvidia OpenAI"}, "id", "is not an id"),
    ("reports.csv", {"status": ""}, "status", "required value missing"),
    ("reports.csv", {"amount": "100 milliards"}, "amount", "is not a number"),
    ("reports.csv", {"amount": "-5"}, "amount", "is not a number ≥ 0"),
    ("reports.csv", {"currency": "DOL"}, "currency", "is not an ISO 4217 currency code"),
    ("reports.csv", {"amount_qualifier": ""}, "amount_qualifier", "missing for the amount"),
    ("reports.csv", {"amount_period": "weekly"}, "amount_period", "'weekly' is not allowed"),
    ("reports.csv", {"date": "2025-02-30"}, "date", "is not a partial ISO date"),
    ("reports.csv", {"date": "22/09/2025"}, "date", "is not a partial ISO date"),
    ("reports.csv", {"source_id": ""}, "source_id", "required value missing"),
    ("reports.csv", {"source_id": "le-figaro"}, "source_id", "unknown id 'le-figaro'"),
    ("reports.csv", {"stake_percent": "170"}, "stake_percent", "more than 100"),
    ("reports.csv", {"stake_percent": ""}, "stake_qualifier", "given without a stake"),
    ("reports.csv", {"capacity": "10 gigawatts"}, "capacity", "is not a power"),
    ("reports.csv", {"quantity": "400000"}, "quantity_unit", "needs both its number and its unit"),
    ("links.csv", {"relation": "funds"}, "relation", "'funds' is not allowed"),
    ("links.csv", {"other_deal_id": "nvidia-openai-2025-10"}, "other_deal_id", "unknown id"),
    ("parties.csv", {"entity_id": "nvidea"}, "entity_id", "unknown id 'nvidea'"),
    ("parties.csv", {"role": "sponsor"}, "role", "'sponsor' is not allowed"),
    ("roles.csv", {"person_id": "nvidia"}, "person_id", "'nvidia' is a company, not a person"),
    ("entities.csv", {"country": "USA"}, "country", "is not an ISO 3166 country code"),
    ("figures.csv", {"unit": "dollars"}, "unit", "is not a unit"),
    ("sources.csv", {"published": "octobre 2025"}, "published", "is not a partial ISO date"),
]


@pytest.mark.parametrize("file, change, column, message", BAD_ROWS,
                         ids=[f"{f}:{c}" for f, change, c, _ in BAD_ROWS])
def test_a_bad_row_is_refused_with_file_row_column_and_leaves_the_database_as_it_was(
        base, data, file, change, column, message):
    for name, value in change.items():
        csvedit.set_cell(data / file, 3, name, value)
    problems = loader.check(data)
    assert any(p.file == file and p.row == 3 and p.column == column and message in p.message
               for p in problems), "\n".join(map(str, problems))
    before = snapshot(base)
    with pytest.raises(loader.InvalidData) as refused:
        loader.load(base, data)
    assert "nothing was written" in str(refused.value)
    assert snapshot(base) == before


@pytest.mark.parametrize("file, column, value", [
    ("reports.csv", "amount", "1e10"),  # makes writing the row fail in Python
    ("parties.csv", "entity_id", "nobody-known"),  # makes the write find nothing to join
    ("deals.csv", "type", "gift"),  # writes without complaint
], ids=["amount", "entity_id", "type"])
def test_rows_checked_while_they_are_written_are_refused_before_the_commit(empty_db, data, file, column, value):
    """A load writes the rows while a thread checks them: a wrong row, whatever it does to the writer,
    is refused with its file, row and column, and nothing is committed."""
    csvedit.set_cell(data / file, 2, column, value)
    with pytest.raises(loader.InvalidData) as refused:
        loader.load(empty_db, data, sources_dir=SEEDS)
    assert any(p.file == file and p.row == 2 and p.column == column for p in refused.value.problems)
    assert snapshot(empty_db) == []


def test_every_error_is_reported_at_once(data):
    csvedit.set_cell(data / "reports.csv", 2, "currency", "DOL")
    csvedit.set_cell(data / "reports.csv", 4, "date", "soon")
    csvedit.set_cell(data / "parties.csv", 5, "role", "sponsor")
    problems = loader.check(data)
    assert {(p.file, p.row, p.column) for p in problems} == {
        ("reports.csv", 2, "currency"), ("reports.csv", 4, "date"), ("parties.csv", 5, "role")}


def test_duplicate_ids_and_a_deal_without_parties_are_refused(data):
    deals = csvedit.read(data / "deals.csv")
    csvedit.append(data / "deals.csv", **{**deals[0]})
    lonely = csvedit.append(data / "deals.csv", **{**deals[0], "id": "lonely-deal"})
    problems = {(p.row, p.column, p.message.split(" (")[0]) for p in loader.check(data) if p.file == "deals.csv"}
    assert (len(deals) + 2, "id", "duplicate of row 2") in problems
    assert (lonely, "id", "deal without any party") in problems
    assert (lonely, "id", "deal without any report") in problems


def test_an_id_used_in_two_tables_is_refused(data):
    row = csvedit.append(data / "figures.csv", **{**csvedit.read(data / "figures.csv")[0], "id": "nvidia"})
    assert any(p.file == "figures.csv" and p.row == row and "already used in entities.csv" in p.message
               for p in loader.check(data))


def test_an_excerpt_not_in_the_source_is_named(data):
    csvedit.set_cell(data / "quotes.csv", 2, "excerpt", "une phrase que l’article ne contient pas")
    reports = csvedit.read(data / "reports.csv")
    row = next(i + 2 for i, report in enumerate(reports) if "’" in report["excerpt"])
    csvedit.set_cell(data / "reports.csv", row, "excerpt", reports[row - 2]["excerpt"].replace("’", "'"))
    problems = loader.check(data, SEEDS)
    assert [(p.file, p.row, p.column) for p in problems] == [("quotes.csv", 2, "excerpt"), ("reports.csv", row, "excerpt")]
    assert "only in spaces or apostrophes" in problems[1].message
    assert "does not occur in the text" in problems[0].message
    assert loader.check(data) == []  # without the sources, excerpts are not checked


def test_a_missing_file_or_column_is_named(data):
    (data / "figures.csv").unlink()
    rows = csvedit.read(data / "quotes.csv")
    csvedit.write(data / "quotes.csv", [{k: v for k, v in r.items() if k != "venue"} for r in rows])
    problems = loader.check(data)
    assert [(p.file, p.row, p.column) for p in problems] == [("figures.csv", 1, "-"), ("quotes.csv", 1, "venue")]
    assert "file missing" in problems[0].message and "column missing" in problems[1].message


def test_a_failure_mid_load_leaves_the_database_as_it_was(empty_db, data):
    """A constraint the data breaks only when written (two deals with one summary) aborts the load."""
    loader.load(empty_db, DATA)
    deals = csvedit.read(data / "deals.csv")
    for deal in deals:
        deal["summary"] = deal["summary"] + " (edited)"
    deals[-1]["summary"] = deals[0]["summary"]
    csvedit.write(data / "deals.csv", deals)
    before = snapshot(empty_db)
    with empty_db.session() as session:
        session.run("CREATE CONSTRAINT test_unique_summary FOR (d:Deal) REQUIRE d.summary IS UNIQUE").consume()
    try:
        with pytest.raises(loader.LoadFailed, match="already exists.*nothing was written"):
            loader.load(empty_db, data)
    finally:
        with empty_db.session() as session:
            session.run("DROP CONSTRAINT test_unique_summary").consume()
    assert snapshot(empty_db) == before


def test_cli_check_prints_file_row_column_and_fails(data):
    csvedit.set_cell(data / "reports.csv", 3, "currency", "DOL")
    result = CliRunner().invoke(cli, ["check", str(data)])
    assert result.exit_code == 1
    assert "reports.csv:3:currency: 'DOL' is not an ISO 4217 currency code — use a code such as USD" in result.output
    assert "Traceback" not in result.output


def test_cli_load_refuses_bad_data_and_writes_nothing(base, data):
    csvedit.set_cell(data / "parties.csv", 2, "entity_id", "nvidea")
    before = snapshot(base)
    result = CliRunner().invoke(cli, ["load", str(data)])
    assert result.exit_code == 1
    assert "parties.csv:2:entity_id: unknown id 'nvidea'" in result.output
    assert snapshot(base) == before


def test_cli_load_prints_counts(empty_db):
    result = CliRunner().invoke(cli, ["load", str(DATA)])
    assert result.exit_code == 0, result.output
    deals = len(csvedit.read(DATA / "deals.csv"))
    assert any(line.split() == ["deals.csv", str(deals), "0", "0", "0"] for line in result.output.splitlines())
    assert "Money flows of the deals that changed: 0 before," in result.output


def test_cli_load_counts_the_rows_only_the_database_holds(base, data):
    again = CliRunner().invoke(cli, ["load", str(data)])
    assert "in the database but not in the files" not in again.output, again.output
    csvedit.write(data / "quotes.csv", csvedit.read(data / "quotes.csv")[1:])
    kept = CliRunner().invoke(cli, ["load", str(data)])
    assert "1 row is in the database but not in the files; `circular load --replace` would remove it." in kept.output
    csvedit.write(data / "quotes.csv", csvedit.read(data / "quotes.csv")[1:])
    kept = CliRunner().invoke(cli, ["load", str(data)])
    assert "2 rows are in the database but not in the files; `circular load --replace` would remove them." \
        in kept.output


def test_cli_names_an_unreachable_server_in_one_sentence(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    result = CliRunner().invoke(cli, ["load", str(DATA)])
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: Cannot reach Neo4j at bolt://127.0.0.1:1. Start the local server "
                                     "with `circular server start`, or point NEO4J_URI at a running one.")


def test_a_row_with_an_extra_cell_or_a_semicolon_file_is_named(data):
    lines = (data / "quotes.csv").read_text().split("\n")
    lines[1] += ",stray"
    (data / "quotes.csv").write_text("\n".join(lines))
    (data / "roles.csv").write_text((data / "roles.csv").read_text().replace(",", ";"))
    problems = {(p.file, p.row): p.message for p in loader.check(data)}
    assert problems[("quotes.csv", 2)] == "the row has 11 cells and the header 10"
    assert problems[("roles.csv", 1)] == "the columns are separated by ';', not ','"


def test_a_name_or_alias_naming_two_entities_is_refused(data):
    row = csvedit.row_number(data / "entities.csv", "id", "amazon")
    csvedit.set_cell(data / "entities.csv", row, "aliases", "AWS")
    problems = [p for p in loader.check(data) if p.file == "entities.csv"]
    assert [(p.column, p.message) for p in problems] == [("aliases", "'aws' already names 'amazon' (row %d)" % row)]
