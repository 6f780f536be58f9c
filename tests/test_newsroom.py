"""A newsroom's daily work: prompts that keep every answer, sources with or without their text, a
base of its own, amounts typed as outlets print them.

Every new fact comes from a source made up for the test and labelled as such ("Fixture Wire");
none of it is ever written to the project's data/.
"""
from __future__ import annotations

import shlex

from click.testing import CliRunner

import loader
from cli.main import cli
from cypher import run
from tests import csvedit
from tests.conftest import SEEDS, files_and_neo4j_agree, snapshot

WIRE = "Fixture Wire (test fixture)"
FIXTURE_SOURCE = ["--source-publisher", WIRE, "--source-date", "2025-11-04",
                  "--source-title", "A report invented for circular's tests"]


def invoke(*args, input=None, env=None):
    return CliRunner().invoke(cli, list(args), input=input, env=env)


def rows(folder, table):
    return csvedit.read(folder / f"{table}.csv")


def report_of(folder, summary):
    """The deal with this summary, and what its one source says of it (reports.csv)."""
    [deal] = [d for d in rows(folder, "deals") if d["summary"] == summary]
    [report] = [r for r in rows(folder, "reports") if r["deal_id"] == deal["id"]]
    return deal, report


def answers(*lines):
    return "\n".join(lines) + "\n"


# -- prompts ------------------------------------------------------------------------------------------

def test_the_prompts_ask_again_until_the_deal_is_written(data, empty_db, tmp_path):
    session = answers(
        "investment", "announced", "Nvidia is to invest in Mistral AI and Meta Platforms (fixture).",
        "funder", "Nvidea",                         # a typo: offered 'Nvidia'
        "1",                                        # … and chosen by its number
        "y", "recipient", "Mistral AI",
        "y", "recipient", "Meta Platforms",         # unknown: added there and then
        "new", "company", "Meta;Facebook", "Meta Platforms, the owner of Facebook (fixture)",
        "n",
        "lots",                                     # a bad amount, asked again with the reason
        "up to $2bn",                               # currency and qualifier read from the words
        "2025-13",                                  # not a date, asked again
        "2025-11",
        "y", "6.6%", "over three years", "Paris;Menlo Park", "", "",   # the details, reached
        "le-figaro-2025",                           # an unknown source, asked again
        "new", WIRE, "Nvidia backs two AI firms", "2025-11-05", "https://example.org/nvidia-two",
        "", "Subscribers only (fixture)",
        "x",                                        # too short to find the fact, asked again
        "Nvidia will put up to $2bn into Mistral AI and Meta Platforms")
    result = invoke("add", "deal", "--data-dir", str(data), "--interactive", input=session)
    assert result.exit_code == 0, result.output
    assert "No entity is called 'Nvidea'. Did you mean 'Nvidia'?" in result.output
    assert "'lots' is not an amount" in result.output
    assert "'2025-13' is not a partial ISO date" in result.output
    assert "No source has the id 'le-figaro-2025'" in result.output
    assert "is too short to find the fact" in result.output
    assert "lemonde-2025-10-circulaire" in result.output  # the known sources are offered
    deal, report = report_of(data, "Nvidia is to invest in Mistral AI and Meta Platforms (fixture).")
    assert (report["amount"], report["currency"], report["amount_qualifier"]) == ("2000000000", "USD", "up_to")
    assert (report["stake_percent"], report["duration"], report["places"]) == ("6.6", "over three years",
                                                                               "Paris;Menlo Park")
    [meta] = [e for e in rows(data, "entities") if e["name"] == "Meta Platforms"]
    assert (meta["aliases"], meta["source_id"]) == ("Meta;Facebook", report["source_id"])
    [source] = [s for s in rows(data, "sources") if s["id"] == report["source_id"]]
    assert source["paywalled"] == "Subscribers only (fixture)"
    funded = {r["recipient"] for r in run(empty_db, "who-funds-whom", {"company": "nvidia"}).rows if r["id"] == deal["id"]}
    assert funded == {"Mistral AI", "Meta Platforms"}
    assert files_and_neo4j_agree(empty_db, data, tmp_path)


def test_a_failed_session_prints_the_command_line_that_repeats_it(data, empty_db, tmp_path):
    before, db_before = {p.name: p.read_text() for p in data.glob("*.csv")}, snapshot(empty_db)
    session = answers("investment", "announced", "Nvidia invests in OpenAI once more (fixture).",
                      "funder", "nvidia", "y", "recipient", "openai", "n", "about $90bn", "2025-09-22", "n",
                      "new", WIRE, "", "2025-11-06", "", "", "",
                      "Nvidia's $90bn for OpenAI (fixture)",
                      "stop")                       # it looks like a deal the base has: stop
    result = invoke("add", "deal", "--data-dir", str(data), "--interactive", input=session)
    assert result.exit_code == 1
    assert {p.name: p.read_text() for p in data.glob("*.csv")} == before and snapshot(empty_db) == db_before
    [line] = [line.strip() for line in result.output.splitlines() if line.strip().startswith("circular add deal")]
    words = shlex.split(line)
    assert ["--amount", "about $90bn"] == words[words.index("--amount"):words.index("--amount") + 2]
    again = invoke(*words[1:], "--on-duplicate", "keep")
    assert again.exit_code == 0, again.output
    assert report_of(data, "Nvidia invests in OpenAI once more (fixture).")[1]["amount"] == "90000000000"
    assert files_and_neo4j_agree(empty_db, data, tmp_path)


def test_a_session_broken_off_prints_what_was_answered(data):
    result = invoke("add", "deal", "--data-dir", str(data), "--interactive",
                    input=answers("loan", "reported", "Oracle lends to xAI (fixture)."))
    assert result.exit_code == 1
    assert "circular add deal --type loan --status reported --summary 'Oracle lends to xAI (fixture).'" in result.output


# -- sources ------------------------------------------------------------------------------------------

def test_sources_without_text_or_paywalled_are_warnings_and_gaps(data, empty_db):
    assert invoke("add", "source", "--data-dir", str(data), "--no-interactive", "--publisher", WIRE,
                  "--published", "2025-11-07", "--title", "No text kept (fixture)").exit_code == 0
    assert invoke("add", "source", "--data-dir", str(data), "--no-interactive", "--publisher", "Paywall Daily (fixture)",
                  "--published", "2025-11-08", "--paywalled", "subscribers only").exit_code == 0
    plain, paywalled = (s["id"] for s in rows(data, "sources") if "fixture" in s["publisher"] + s["title"])
    for source, summary in ((plain, "AMD sells chips to xAI (fixture)."), (paywalled, "Oracle rents servers to xAI (fixture).")):
        added = invoke("add", "deal", "--data-dir", str(data), "--no-interactive", "--type", "purchase",
                       "--status", "reported", "--buyer", "xai", "--seller", "amd" if "AMD" in summary else "oracle",
                       "--summary", summary, "--source", source, "--excerpt", f"the words of {summary}")
        assert added.exit_code == 0, added.output
    checked = invoke("check", str(data), "--sources-dir", str(SEEDS))
    assert checked.exit_code == 0, checked.output
    assert f"{plain!r} has no text: its 1 excerpt are unverified" in checked.output
    assert f"{paywalled!r} is paywalled (subscribers only)" in checked.output
    article = loader.verify(loader.read_valid(csvedit.DATA, SEEDS), SEEDS)
    assert article.verified > 100 and not article.unverified
    assert f"{article.verified} excerpts verified" in checked.output  # the article's, every one
    gaps = {(g["id"], g["missing"]) for g in run(empty_db, "gaps").rows}
    sourced = {r["deal_id"]: r["source_id"] for r in rows(data, "reports")}
    assert {(i, m) for i, m in gaps if m.startswith("source text")} == {
        (next(i for i, s in sourced.items() if s == plain), "source text"),
        (next(i for i, s in sourced.items() if s == paywalled), "source text (paywalled)")}


def test_a_text_given_with_a_new_source_verifies_its_excerpts(data, empty_db, tmp_path):
    article = tmp_path / "wire.txt"
    article.write_text("FIXTURE. Oracle will lend xAI $3 billion, the wire says.\n", encoding="utf-8")
    before, db_before = {p.name: p.read_text() for p in data.glob("*.csv")}, snapshot(empty_db)
    args = ["add", "deal", "--data-dir", str(data), "--no-interactive", "--type", "loan", "--status", "reported",
            "--funder", "oracle", "--recipient", "xai", "--amount", "$3 billion", "--qualifier", "exact",
            "--summary", "Oracle lends xAI $3bn (fixture).", "--source-text", str(article), *FIXTURE_SOURCE]
    refused = invoke(*args, "--excerpt", "Oracle will lend xAI $4 billion")
    assert refused.exit_code == 1 and "the excerpt does not occur in the text of" in refused.output
    assert {p.name: p.read_text() for p in data.glob("*.csv")} == before and snapshot(empty_db) == db_before
    assert not (data / "texts").exists()
    written = invoke(*args, "--excerpt", "Oracle will lend xAI $3 billion")
    assert written.exit_code == 0, written.output
    [source] = [s for s in rows(data, "sources") if s["publisher"] == WIRE]
    assert source["id"] == "fixture-wire-test-2025-11-04-report-invented"
    assert (data / "texts" / source["text_file"]).read_text(encoding="utf-8") == article.read_text(encoding="utf-8")
    checked = invoke("check", "--data-dir", str(data))
    assert checked.exit_code == 0 and "1 excerpts verified" in checked.output


def test_a_source_is_found_again_by_url_or_by_publisher_date_and_title(data):
    first = invoke("add", "source", "--data-dir", str(data), "--no-interactive", "--publisher", "The Fixture Times",
                   "--published", "2025-11-09", "--title", "SoftBank leads a $40bn investment in OpenAI (fixture)",
                   "--url", "https://www.example.org/softbank-openai/?utm_source=feed")
    assert first.exit_code == 0, first.output
    [source] = [s for s in rows(data, "sources") if s["publisher"] == "The Fixture Times"]
    assert source["id"] == "fixture-times-2025-11-09-softbank-leads-40bn"
    again = invoke("add", "source", "--data-dir", str(data), "--no-interactive", "--publisher", "Fixture Times",
                   "--url", "http://example.org/softbank-openai")
    assert again.exit_code == 1 and f"Cite it with --source {source['id']}" in again.output
    for name in ("Acme AI (fixture)", "Beta AI (fixture)"):
        added = invoke("add", "entity", "--data-dir", str(data), "--no-interactive", "--type", "company", "--name", name,
                       "--excerpt", f"{name}, a start-up", "--source-publisher", "the fixture times",
                       "--source-date", "2025-11-09", "--source-title", "SoftBank leads a $40bn investment in OpenAI (fixture)")
        assert added.exit_code == 0, added.output
    assert [s["id"] for s in rows(data, "sources") if "Fixture Times" in s["publisher"]] == [source["id"]]
    chosen = invoke("add", "source", "--data-dir", str(data), "--no-interactive", "--publisher", WIRE,
                    "--published", "2025-11-10", "--id", "wire-nvidia-memo")
    assert chosen.exit_code == 0 and any(s["id"] == "wire-nvidia-memo" for s in rows(data, "sources"))
    named = invoke("add", "entity", "--data-dir", str(data), "--no-interactive", "--type", "company", "--name",
                   "Gamma AI (fixture)", "--excerpt", "Gamma AI, a start-up", "--source-publisher", WIRE,
                   "--source-date", "2025-11-11", "--source-id", "wire-gamma")
    assert named.exit_code == 0, named.output
    assert [e["source_id"] for e in rows(data, "entities") if e["name"] == "Gamma AI (fixture)"] == ["wire-gamma"]
    generic = invoke("add", "source", "--data-dir", str(data), "--no-interactive", "--publisher", "Financial Times")
    assert generic.exit_code == 1 and "a publisher alone does not say which article" in generic.output


def test_an_excerpt_too_short_to_find_the_fact_is_refused(data):
    result = invoke("add", "entity", "--data-dir", str(data), "--no-interactive", "--type", "company",
                    "--name", "Cerebras (fixture)", "--excerpt", "Cerebras", *FIXTURE_SOURCE)
    assert result.exit_code == 1
    assert "--excerpt: the excerpt 'Cerebras' is too short to find the fact in its source" in result.output


# -- a base of one's own ------------------------------------------------------------------------------

def test_a_newsroom_starts_its_own_base_and_every_command_follows_the_variable(tmp_path, empty_db):
    base, texts = tmp_path / "newsroom" / "base", tmp_path / "newsroom" / "texts"
    started = invoke("init", str(base), "--texts", "../texts")
    assert started.exit_code == 0, started.output
    assert "git diff" in (base / "README.md").read_text() and texts.is_dir()
    env = {"CIRCULAR_DATA": str(base)}
    article = tmp_path / "memo.txt"
    article.write_text("FIXTURE. Acme AI (fixture), a start-up in Lyon, raised money.", encoding="utf-8")
    entity = invoke("add", "entity", "--no-interactive", "--type", "company", "--name", "Acme AI (fixture)",
                    "--excerpt", "Acme AI (fixture), a start-up in Lyon", "--source-text", str(article),
                    *FIXTURE_SOURCE, env=env)
    assert entity.exit_code == 0, entity.output
    assert [e["name"] for e in rows(base, "entities")] == ["Acme AI (fixture)"]
    assert len(list(texts.glob("*.txt"))) == 1 and not (base / "texts").exists()
    checked = invoke("check", env=env)
    assert checked.exit_code == 0 and "1 excerpts verified" in checked.output
    assert invoke("load", "--replace", env=env).exit_code == 0
    assert empty_db.read("MATCH (e:Entity) RETURN e.name AS name") == [{"name": "Acme AI (fixture)"}]
    assert invoke("init", str(base)).exit_code == 1  # never over a base


def test_a_base_can_start_from_the_article(tmp_path):
    assert invoke("init", str(tmp_path / "base"), "--with-article").exit_code == 0
    assert rows(tmp_path / "base", "deals") == csvedit.read(csvedit.DATA / "deals.csv")
    assert loader.check(tmp_path / "base", SEEDS) == []


# -- amounts ------------------------------------------------------------------------------------------

def test_an_amount_and_a_stake_are_typed_as_the_source_prints_them(data, empty_db):
    result = invoke("add", "deal", "--data-dir", str(data), "--no-interactive", "--type", "warrant",
                    "--status", "announced", "--funder", "amd", "--recipient", "xai", "--amount",
                    "jusqu’à 10 milliards de dollars", "--stake-percent", "6.6%", "--summary", "AMD offers xAI shares (fixture).",
                    "--excerpt", "AMD offre jusqu’à 10 milliards de dollars", *FIXTURE_SOURCE)
    assert result.exit_code == 0, result.output
    deal, report = report_of(data, "AMD offers xAI shares (fixture).")
    assert (report["amount"], report["currency"], report["amount_qualifier"], report["stake_percent"]) == \
        ("10000000000", "USD", "up_to", "6.6")
    [stored] = empty_db.read("MATCH (d:Deal {id: $id}) RETURN d.amount AS amount, d.stake_percent AS stake",
                             {"id": deal["id"]})
    assert stored == {"amount": 10_000_000_000, "stake": 6.6}


def test_an_amount_that_reads_two_ways_is_refused_naming_both(data):
    result = invoke("add", "deal", "--data-dir", str(data), "--no-interactive", "--type", "loan", "--status",
                    "reported", "--funder", "oracle", "--recipient", "xai", "--amount", "1,500 million",
                    "--currency", "USD", "--qualifier", "exact", "--summary", "A loan (fixture).",
                    "--excerpt", "Oracle lends 1,500 million", *FIXTURE_SOURCE)
    assert result.exit_code == 1
    assert "--amount: '1,500 million' reads two ways: 1500" in result.output and "or 1.500" in result.output


def test_an_import_attaches_each_new_source_s_text_once(data, empty_db, tmp_path):
    from loader.spreadsheet import TEMPLATE_COLUMNS

    (tmp_path / "wire.txt").write_text("FIXTURE. SoftBank puts $5bn into xAI; xAI buys AMD chips for $1bn.",
                                       encoding="utf-8")
    source = {"source_publisher": WIRE, "source_published": "2025-11-12", "source_title": "Two deals (fixture)",
              "source_text": "wire.txt", "status": "announced", "date": "2025-11", "amount_qualifier": "exact"}
    deals = [{**source, "type": "investment", "summary": "SoftBank funds xAI (fixture).", "funders": "SoftBank",
              "recipients": "xAI", "amount": "$5bn", "excerpt": "SoftBank puts $5bn into xAI"},
             {**source, "type": "chip_purchase", "summary": "xAI buys AMD chips (fixture).", "buyers": "xAI",
              "sellers": "AMD", "amount": "$1bn", "excerpt": "xAI buys AMD chips for $2bn"}]

    def sheet(rows):
        path = tmp_path / "deals.csv"
        csvedit.write(path, [{c: r.get(c, "") for c in TEMPLATE_COLUMNS} for r in rows], TEMPLATE_COLUMNS)
        return path

    before, db_before = {p.name: p.read_text() for p in data.glob("*.csv")}, snapshot(empty_db)
    refused = invoke("import", str(sheet(deals)), "--data-dir", str(data), "--no-interactive")
    assert refused.exit_code == 1 and "the excerpt does not occur in the text of" in refused.output
    assert {p.name: p.read_text() for p in data.glob("*.csv")} == before and snapshot(empty_db) == db_before
    assert not (data / "texts").exists()
    deals[1]["excerpt"] = "xAI buys AMD chips for $1bn"
    imported = invoke("import", str(sheet(deals)), "--data-dir", str(data), "--no-interactive")
    assert imported.exit_code == 0, imported.output
    [new] = [s for s in rows(data, "sources") if s["publisher"] == WIRE]
    assert [p.name for p in (data / "texts").iterdir()] == [new["text_file"]] == [f"{new['id']}.txt"]
    assert "2 excerpts verified" in invoke("check", "--data-dir", str(data)).output


def test_every_problem_of_a_deal_comes_in_one_round_named_by_its_option(data):
    result = invoke("add", "deal", "--data-dir", str(data), "--no-interactive", "--type", "investment",
                    "--status", "announced", "--funder", "Nvidea", "--recipient", "openai", "--summary", "X (fixture).",
                    "--date", "2025-13", "--amount", "lots", "--source-publisher", WIRE,
                    "--excerpt", "Nvidia invests in OpenAI")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == ["--amount", "--funder", "--source-date", "--date"]
    assert lines[-1] == "Error: 4 problems in the options given; nothing was written."


def test_the_printed_lines_add_a_new_entity_and_a_source_with_its_text(data, empty_db, tmp_path):
    article = tmp_path / "memo.txt"
    article.write_text("FIXTURE. Nvidia invests in Gamma AI, a start-up from Lyon.", encoding="utf-8")
    existing = rows(data, "deals")[0]["summary"]  # the same summary, which a constraint below refuses
    session = answers("investment", "announced", existing, "funder", "nvidia", "y", "recipient", "Gamma AI (fixture)",
                      "new", "company", "", "Gamma AI, a start-up from Lyon", "n", "", "", "n",
                      "new", WIRE, "Nvidia and Gamma (fixture)", "2025-11-13", "", str(article),
                      "Nvidia invests in Gamma AI")
    with empty_db.session() as session_db:
        session_db.run("CREATE CONSTRAINT test_unique_summary FOR (d:Deal) REQUIRE d.summary IS UNIQUE").consume()
    try:
        failed = invoke("add", "deal", "--data-dir", str(data), "--interactive", input=session)
    finally:
        with empty_db.session() as session_db:
            session_db.run("DROP CONSTRAINT test_unique_summary").consume()
    assert failed.exit_code == 1 and "neither the files nor the database changed" in failed.output
    assert not (data / "texts").exists()
    lines = [line.strip() for line in failed.output.splitlines() if line.strip().startswith("circular add ")]
    assert [shlex.split(line)[2] for line in lines] == ["entity", "deal"]
    for line in lines:
        replayed = invoke(*shlex.split(line)[1:])
        assert replayed.exit_code == 0, replayed.output
    [gamma] = [e for e in rows(data, "entities") if e["name"] == "Gamma AI (fixture)"]
    [source] = [s for s in rows(data, "sources") if s["publisher"] == WIRE]
    assert gamma["source_id"] == source["id"] and [p.name for p in (data / "texts").iterdir()] == [source["text_file"]]
    assert sum(d["summary"] == existing for d in rows(data, "deals")) == 2
    assert files_and_neo4j_agree(empty_db, data, tmp_path)
