"""Journalists extend the base: a deal added or imported lands in the files and in Neo4j together,
duplicates are caught, conflicting reports are kept and shown.

Every new fact here comes from a source made up for the test and labelled as such ("Fixture Wire");
none of it is ever written to the project's data/.
"""
from __future__ import annotations

from click.testing import CliRunner
from openpyxl import Workbook

from cli.main import cli
from cypher import run
from loader.spreadsheet import TEMPLATE_COLUMNS
from tests import csvedit
from tests.conftest import ROOT, files_and_neo4j_agree, snapshot

FIXTURE_SOURCE = ["--source-publisher", "Fixture Wire (test fixture)", "--source-date", "2025-11-04",
                  "--source-title", "A report invented for circular's tests"]


def files(folder):
    return {p.name: p.read_text().splitlines() for p in sorted(folder.glob("*.csv"))}


def only_new_rows(before, after):
    """The lines each file gained, checking that no line was changed or lost."""
    gained = {}
    for name, lines in after.items():
        old = before[name]
        assert [line for line in lines if line in set(old)] == old, f"{name}: existing rows changed or moved"
        gained[name] = [line for line in lines if line not in set(old)]
    return {name: lines for name, lines in gained.items() if lines}


def invoke(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def add_deal(folder, *args):
    return invoke("add", "deal", "--data-dir", str(folder), "--no-interactive", *args)


def test_a_deal_added_by_options_is_answered_at_once_with_its_source(data, empty_db, tmp_path):
    before = files(data)
    result = add_deal(data, "--type", "investment", "--status", "announced", "--funder", "NVIDIA",
                      "--recipient", "Mistral AI", "--amount", "1.5bn", "--currency", "USD", "--qualifier", "about",
                      "--date", "2025-11", "--summary", "Nvidia is to invest about $1.5bn in Mistral AI (fixture).",
                      "--excerpt", "Nvidia would put about $1.5bn into Mistral", *FIXTURE_SOURCE)
    assert result.exit_code == 0, result.output
    gained = only_new_rows(before, files(data))
    assert set(gained) == {"sources.csv", "deals.csv", "reports.csv", "parties.csv"}
    assert gained["deals.csv"][0].startswith("nvidia-mistral-ai-2025-11,investment,Nvidia is to invest")
    assert gained["reports.csv"][0].startswith("nvidia-mistral-ai-2025-11,announced,2025-11,1500000000,USD,about,")
    assert sorted(gained["parties.csv"]) == ["nvidia-mistral-ai-2025-11,mistral-ai,recipient",
                                             "nvidia-mistral-ai-2025-11,nvidia,funder"]
    [row] = [r for r in run(empty_db, "who-funds-whom", {"company": "mistral ai"}).rows]
    assert (row["funder"], row["recipient"], row["id"]) == ("Nvidia", "Mistral AI", "nvidia-mistral-ai-2025-11")
    assert row["source"] == gained["sources.csv"][0].split(",")[0]
    assert row["excerpt"] == "Nvidia would put about $1.5bn into Mistral"
    assert files_and_neo4j_agree(empty_db, data, tmp_path)


def test_a_deal_that_closes_a_new_loop_appears_in_money_loops(data, empty_db, tmp_path):
    loop = "Nvidia → xAI → Oracle → Nvidia"
    assert loop not in {r["loop"] for r in run(empty_db, "money-loops", {"max_length": 3}).rows}
    result = add_deal(data, "--type", "cloud_contract", "--status", "signed", "--buyer", "xai",
                      "--seller", "oracle", "--summary", "xAI rents Oracle's servers (fixture).",
                      "--excerpt", "xAI signed with Oracle", *FIXTURE_SOURCE)
    assert result.exit_code == 0, result.output
    loops = {r["loop"]: r for r in run(empty_db, "money-loops", {"max_length": 3}).rows}
    assert loops[loop]["deals"] == ["nvidia-xai-equity", "xai-oracle-cloud-contract", "oracle-nvidia-chips"]
    assert files_and_neo4j_agree(empty_db, data, tmp_path)


def test_a_purchase_paid_by_a_funding_is_a_circular_deal(data, empty_db):
    result = add_deal(data, "--type", "chip_purchase", "--status", "planned", "--buyer", "xAI",
                      "--seller", "AMD", "--paid-by", "nvidia-xai-equity", "--summary", "xAI buys AMD chips (fixture).",
                      "--excerpt", "xAI will also buy AMD chips", *FIXTURE_SOURCE)
    assert result.exit_code == 0, result.output
    [paid] = [r for r in run(empty_db, "who-funds-whom", {"company": "amd"}).rows if r["id"] == "nvidia-xai-equity"]
    assert (paid["funder"], paid["from"], paid["circular"]) == ("Nvidia", "AMD", False)
    assert paid["purpose_excerpt"] == "xAI will also buy AMD chips"


def test_a_duplicate_deal_is_caught_and_nothing_is_written(data, empty_db):
    before, db_before = files(data), snapshot(empty_db)
    result = add_deal(data, "--type", "investment", "--status", "announced", "--funder", "nvidia", "--recipient",
                      "openai", "--date", "2025-09-22", "--summary", "Again (fixture).", "--excerpt", "Nvidia invests again (fixture)",
                      *FIXTURE_SOURCE)
    assert result.exit_code == 1
    assert "This deal looks like one the base already has:" in result.output
    assert "nvidia-openai-2025-09 (investment)" in result.output
    assert "--on-duplicate keep" in result.output
    assert files(data) == before and snapshot(empty_db) == db_before


def test_a_second_report_with_another_amount_is_kept_and_shown_in_conflicts(data, empty_db, tmp_path):
    assert run(empty_db, "conflicts").rows == []
    result = add_deal(data, "--type", "investment", "--status", "announced", "--funder", "nvidia", "--recipient",
                      "openai", "--date", "2025-09-22", "--amount", "90bn", "--currency", "USD", "--qualifier", "exact",
                      "--summary", "Nvidia invests $90bn in OpenAI (fixture).", "--excerpt", "a $90bn investment",
                      "--on-duplicate", "merge", *FIXTURE_SOURCE)
    assert result.exit_code == 0, result.output
    conflict = [r for r in run(empty_db, "conflicts").rows if r["field"] == "amount"]
    assert {r["id"] for r in conflict} == {"nvidia-openai-2025-09"}
    assert {r["value"]["amount"] for r in conflict} == {100_000_000_000, 90_000_000_000}
    assert {r["publisher"] for r in conflict} == {"Le Monde", "Fixture Wire (test fixture)"}
    [deal] = [r for r in run(empty_db, "who-funds-whom", {"company": "nvidia"}).rows if r["id"] == "nvidia-openai-2025-09"]
    assert deal["sources_differ_on"] == ["amount"]
    assert files_and_neo4j_agree(empty_db, data, tmp_path)


def test_keeping_a_look_alike_makes_a_deal_of_its_own(data, empty_db):
    result = add_deal(data, "--type", "investment", "--status", "announced", "--funder", "nvidia", "--recipient",
                      "openai", "--date", "2025-09-22", "--amount", "90bn", "--currency", "USD", "--qualifier", "exact",
                      "--summary", "Nvidia invests $90bn in OpenAI (fixture).", "--excerpt", "a $90bn investment",
                      "--on-duplicate", "keep", *FIXTURE_SOURCE)
    assert result.exit_code == 0, result.output
    assert "nvidia-openai-2025-09-2" in {r["id"] for r in run(empty_db, "who-funds-whom", {"company": "nvidia"}).rows}


def test_merging_fills_what_the_base_lacked_and_credits_the_new_source(data, empty_db, tmp_path):
    result = add_deal(data, "--type", "investment", "--status", "completed", "--funder", "Microsoft",
                      "--recipient", "OpenAI", "--amount", "13bn", "--currency", "USD", "--qualifier", "about",
                      "--summary", "Microsoft invested about $13bn (fixture).", "--excerpt", "about $13bn from Microsoft",
                      "--on-duplicate", "merge", *FIXTURE_SOURCE)
    assert result.exit_code == 0, result.output
    reports = {r["source_id"]: r for r in csvedit.read(data / "reports.csv")
               if r["deal_id"] == "microsoft-openai-investment"}
    assert (reports["lemonde-2025-10-circulaire"]["amount"], reports["lemonde-2025-10-circulaire"]["status"]) == \
        ("", "in_progress")  # the first report keeps what it said
    [new] = [r for source, r in reports.items() if source != "lemonde-2025-10-circulaire"]
    assert (new["amount"], new["amount_qualifier"], new["status"]) == ("13000000000", "about", "completed")
    assert csvedit.read(data / "citations.csv") == []
    [deal] = [r for r in run(empty_db, "who-funds-whom", {"company": "microsoft"}).rows
              if r["id"] == "microsoft-openai-investment"]
    assert deal["amount"]["amount"] == 13_000_000_000 and deal["sources_differ_on"] == ["status"]
    provenance = run(empty_db, "sources", {"name": "microsoft-openai-investment"}).rows
    assert {r["publisher"] for r in provenance} == {"Le Monde", "Fixture Wire (test fixture)"}
    assert files_and_neo4j_agree(empty_db, data, tmp_path)


def test_a_failure_in_neo4j_leaves_files_and_database_unchanged(data, empty_db):
    before, db_before = files(data), snapshot(empty_db)
    existing = csvedit.read(data / "deals.csv")[0]["summary"]
    with empty_db.session() as session:
        session.run("CREATE CONSTRAINT test_unique_summary FOR (d:Deal) REQUIRE d.summary IS UNIQUE").consume()
    try:
        result = add_deal(data, "--type", "investment", "--status", "announced", "--funder", "amd", "--recipient",
                          "xai", "--summary", existing, "--excerpt", "AMD funds xAI (fixture)", *FIXTURE_SOURCE)
    finally:
        with empty_db.session() as session:
            session.run("DROP CONSTRAINT test_unique_summary").consume()
    assert result.exit_code == 1 and "neither the files nor the database changed" in result.output
    assert files(data) == before and snapshot(empty_db) == db_before


def test_dry_run_shows_and_writes_nothing(data, empty_db):
    before, db_before = files(data), snapshot(empty_db)
    result = add_deal(data, "--type", "loan", "--status", "reported", "--funder", "oracle", "--recipient", "xai",
                      "--summary", "A loan (fixture).", "--excerpt", "Oracle lends to xAI (fixture)", "--dry-run", *FIXTURE_SOURCE)
    assert result.exit_code == 0, result.output
    assert "Would write to deals.csv: id=oracle-xai-loan, type=loan" in result.output
    assert "Dry run: nothing was written." in result.output
    assert files(data) == before and snapshot(empty_db) == db_before


def test_bad_options_are_named_by_option(data):
    result = add_deal(data, "--type", "investment", "--status", "announced", "--funder", "Nvidea",
                      "--recipient", "openai", "--summary", "x", "--excerpt", "x", *FIXTURE_SOURCE)
    assert result.exit_code == 1
    assert "--funder: no entity is called 'Nvidea' — did you mean 'Nvidia'?" in result.output
    result = add_deal(data, "--type", "investment", "--status", "announced", "--funder", "nvidia",
                      "--summary", "x", "--excerpt", "x", "--amount", "2bn", "--source", "lemonde-2025-10-circulaire")
    assert result.exit_code == 1
    assert "--currency: missing for the amount" in result.output
    assert "--qualifier: missing for the amount" in result.output


def test_interactive_prompts_offer_choices_and_close_matches(data, empty_db):
    answers = "\n".join([
        "partnership",            # type
        "announced",              # status
        "AMD and Oracle team up (fixture).",
        "partner", "Oracel",      # a misspelt name, offered 'Oracle'
        "Oracle",
        "y", "partner", "amd",    # another party
        "n",
        "",                       # no amount
        "2025-11",                # date
        "n",                      # no further details
        "new", "Fixture Wire (test fixture)", "", "2025-11-05", "", "", "",
        "AMD and Oracle said", ""])
    result = invoke("add", "deal", "--data-dir", str(data), "--interactive", input=answers)
    assert result.exit_code == 0, result.output
    assert "No entity is called 'Oracel'. Did you mean 'Oracle'?" in result.output
    [added] = [d for d in csvedit.read(data / "deals.csv") if d["summary"] == "AMD and Oracle team up (fixture)."]
    [report] = [r for r in csvedit.read(data / "reports.csv") if r["deal_id"] == added["id"]]
    assert report["date"] == "2025-11" and report["amount"] == ""


def test_an_entity_matching_a_name_or_alias_is_flagged(data):
    result = invoke("add", "entity", "--data-dir", str(data), "--no-interactive", "--type", "company",
                    "--name", "AWS", "--excerpt", "AWS, the cloud arm (fixture)", *FIXTURE_SOURCE)
    assert result.exit_code == 1
    assert "This entity looks like one the base already has:" in result.output and "id=aws" in result.output
    result = invoke("add", "entity", "--data-dir", str(data), "--no-interactive", "--type", "company",
                    "--name", "Acme AI (fixture)", "--alias", "Acme", "--excerpt", "Acme AI, a start-up (fixture)", *FIXTURE_SOURCE)
    assert result.exit_code == 0, result.output
    assert any(e["id"] == "acme-ai-fixture" and e["aliases"] == "Acme" for e in csvedit.read(data / "entities.csv"))


def test_add_source_refuses_a_source_the_base_has(data):
    result = invoke("add", "source", "--data-dir", str(data), "--no-interactive", "--publisher", "Le Monde",
                    "--title", "IA : derrière les milliards de dollars du secteur, une curieuse économie circulaire")
    assert result.exit_code == 1 and "--source lemonde-2025-10-circulaire" in result.output
    result = invoke("add", "source", "--data-dir", str(data), "--no-interactive", "--publisher",
                    "Fixture Wire (test fixture)", "--published", "2025-11-06", "--url", "https://example.org/fixture")
    assert result.exit_code == 0, result.output
    assert any(s["url"] == "https://example.org/fixture" for s in csvedit.read(data / "sources.csv"))


def workbook(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(TEMPLATE_COLUMNS)
    for row in rows:
        sheet.append([row.get(column, "") for column in TEMPLATE_COLUMNS])
    book.save(path)
    return path


FIXTURE_ROW = {"status": "announced", "date": "2025-11",
               "source_publisher": "Fixture Wire (test fixture)", "source_published": "2025-11-07"}


def test_a_spreadsheet_with_one_bad_row_writes_nothing_and_names_the_row(data, empty_db, tmp_path):
    sheet = workbook(tmp_path / "deals.xlsx", [
        {**FIXTURE_ROW, "type": "investment", "summary": "SoftBank funds xAI (fixture).", "amount": 3e9,
         "currency": "USD", "amount_qualifier": "exact",
         "funders": "SoftBank", "recipients": "xAI", "excerpt": "SoftBank funds xAI"},
        {**FIXTURE_ROW, "type": "investment", "summary": "Bad row (fixture).", "amount": "lots",
         "currency": "USD", "amount_qualifier": "exact",
         "funders": "Google", "recipients": "Anthropic", "excerpt": "Google funds Anthropic (fixture)"},
    ])
    before, db_before = files(data), snapshot(empty_db)
    result = invoke("import", str(sheet), "--data-dir", str(data), "--no-interactive")
    assert result.exit_code == 1
    assert "deals.xlsx:3:amount: 'lots' is not an amount" in result.output
    assert files(data) == before and snapshot(empty_db) == db_before


def test_a_valid_spreadsheet_is_imported_whole(data, empty_db, tmp_path):
    sheet = workbook(tmp_path / "deals.xlsx", [
        {**FIXTURE_ROW, "type": "investment", "summary": "SoftBank funds xAI (fixture).", "amount": 3e9,
         "currency": "USD", "amount_qualifier": "exact",
         "funders": "SoftBank", "recipients": "xAI", "excerpt": "SoftBank funds xAI"},
        {**FIXTURE_ROW, "type": "chip_purchase", "summary": "xAI buys AMD chips (fixture).",
         "buyers": "xAI", "sellers": "AMD", "excerpt": "xAI buys AMD chips"},
    ])
    dry = invoke("import", str(sheet), "--data-dir", str(data), "--dry-run", "--no-interactive")
    assert dry.exit_code == 0 and "Would write to deals.csv: id=softbank-xai-2025-11" in dry.output
    before = files(data)
    result = invoke("import", str(sheet), "--data-dir", str(data), "--no-interactive")
    assert result.exit_code == 0, result.output
    gained = only_new_rows(before, files(data))
    assert len(gained["deals.csv"]) == 2 and len(gained["sources.csv"]) == 1 and len(gained["parties.csv"]) == 4
    assert any(r["id"] == "softbank-xai-2025-11" for r in run(empty_db, "who-funds-whom", {"company": "xai"}).rows)
    again = invoke("import", str(sheet), "--data-dir", str(data), "--no-interactive")
    assert again.exit_code == 1 and "deals.xlsx row 2: This deal looks like one the base already has" in again.output


def test_the_templates_carry_the_documented_columns():
    import csv

    from openpyxl import load_workbook

    with open(ROOT / "data" / "templates" / "deals.csv", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == TEMPLATE_COLUMNS
    sheet = load_workbook(ROOT / "data" / "templates" / "deals.xlsx").active
    assert [c.value for c in sheet[1]] == TEMPLATE_COLUMNS
    readme = (ROOT / "data" / "README.md").read_text()
    section = readme.split("## Importing a spreadsheet of deals", 1)[1]
    assert all(f"`{column}`" in section for column in TEMPLATE_COLUMNS)


def test_an_import_reports_every_problem_of_every_row(data, tmp_path):
    sheet = workbook(tmp_path / "deals.xlsx", [
        {**FIXTURE_ROW, "type": "investment", "summary": "Row two (fixture).", "date": "soon",
         "funders": "Nvidea", "recipients": "OpenAI", "excerpt": "x"},
        {**FIXTURE_ROW, "type": "investment", "summary": "", "funders": "Nvidia", "sellers": "nvidia",
         "source_published": "November", "excerpt": "y"},
    ])
    result = invoke("import", str(sheet), "--data-dir", str(data), "--no-interactive")
    assert result.exit_code == 1
    for line in ("deals.xlsx:2:funders: no entity is called 'Nvidea'", "deals.xlsx:2:date: 'soon' is not",
                 "deals.xlsx:3:sellers: 'nvidia' is named twice in this deal",
                 "deals.xlsx:3:summary: required value missing", "deals.xlsx:3:source_published: 'November'"):
        assert line in result.output


def test_merging_the_same_report_twice_adds_nothing_the_second_time(data, empty_db):
    args = ["--type", "investment", "--status", "completed", "--funder", "Microsoft", "--recipient", "OpenAI",
            "--amount", "13bn", "--currency", "USD", "--qualifier", "about", "--summary", "x (fixture).",
            "--excerpt", "about $13bn from Microsoft", "--on-duplicate", "merge", *FIXTURE_SOURCE]
    assert add_deal(data, *args).exit_code == 0
    before = files(data)
    again = add_deal(data, *args)
    assert again.exit_code == 0, again.output
    assert files(data) == before
    assert len([r for r in csvedit.read(data / "reports.csv") if r["deal_id"] == "microsoft-openai-investment"]) == 2
