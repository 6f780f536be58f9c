"""An injection corpus through every way a value reaches Neo4j: every query parameter, the fields
of `add`, `browse` links and `circular cypher`. Nothing but the intended query runs: the base is
unchanged, no planted node appears, no file or address is read, no setting is shown or changed."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from click.testing import CliRunner

import loader
from cli.main import cli
from cypher import QueryError, browser_link, load_library, prepare_params, run, run_read_only
from cypher.links import cypher_literal
from server import paths
from tests import csvedit
from tests.conftest import snapshot

CORPUS = [
    "' OR 1=1 //", '" OR 1=1 //', "nvidia' }) CREATE (:Injected) //", 'nvidia"}) CREATE (:Injected) //',
    "`) CREATE (:Injected) //", "``", "$company", "${company}", "{company}", "\n MATCH (n) DETACH DELETE n //",
    "*/ MATCH (n) DETACH DELETE n /*", "\\u0027) CREATE (:Injected) //", "\\' CREATE (:Injected) //",
    "'; CALL dbms.killConnections(['bolt-1']) //", "' UNION MATCH (n) RETURN n //",
    "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", "\u0000", "nvidia\u200b", "Ｎｖｉｄｉａ",
    "1; DROP DATABASE neo4j", "-1", "1e309", "null", "[]", "{}", "%s%s%s", "{{7*7}}", "<script>alert(1)</script>",
    "=HYPERLINK(\"http://example.invalid\")",
]

HOSTILE_STATEMENTS = [
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "load csv from 'file:///etc/passwd' as line return line",
    "LOAD/* a comment */CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "LOAD CSV FROM 'file:///etc/pass' + 'wd' AS line RETURN line",
    "LOAD CSV FROM 'file:///etc/passwd' AS line WITH line RETURN count(line) AS n",
    "MATCH (n) WITH n LIMIT 1 LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "CALL { LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line } RETURN line",
    "LOAD CSV FROM $url AS line RETURN line",
    "LOAD CSV FROM 'http://127.0.0.1:7474/' AS line RETURN line",
    "LOAD CSV FROM 'https://neo4j.com/' AS line RETURN line",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "SHOW TRANSACTIONS YIELD transactionId AS t TERMINATE TRANSACTIONS t YIELD message RETURN message",
    "SHOW TRANSACTIONS", "SHOW SETTINGS", "SHOW PROCEDURES", "SHOW USERS", "SHOW FUNCTIONS",
    "CALL dbms.listConfig() YIELD name, value RETURN name, value",
    "CALL dbms.killConnections(['bolt-1'])",
    "CALL dbms.listConnections() YIELD connectionId RETURN connectionId",
    "CALL db.stats.collect('QUERIES')", "CALL db.clearQueryCaches()",
    "CALL dbms.setConfigValue('db.transaction.timeout', '1s')",
    "ALTER CURRENT USER SET PASSWORD FROM 'x' TO 'y'",
    "CREATE (:Injected)", "MERGE (:Injected)", "MATCH (n) DETACH DELETE n", "MATCH (n) SET n.injected = true",
    "MATCH (n) REMOVE n:Entity", "FOREACH (x IN [1] | CREATE (:Injected))",
    "CALL { CREATE (:Injected) } IN TRANSACTIONS", "CREATE INDEX injected FOR (n:Injected) ON (n.id)",
]


def _planted(connection) -> int:
    return connection.read("MATCH (n) WHERE n:Injected OR n.injected IS NOT NULL RETURN count(n) AS n")[0]["n"]


def test_every_query_parameter_takes_the_corpus_as_values(base):
    before = snapshot(base)
    library = load_library()
    tried = 0
    for query in library.values():
        for param in query.params:
            for value in CORPUS:
                tried += 1
                try:
                    answer = run(base, query.name, {param.name: value})
                except QueryError as refused:
                    assert str(refused) and "Traceback" not in str(refused)
                    continue
                assert answer.columns  # it answered its own question, whatever the value
    assert tried >= len(CORPUS) * 15
    assert _planted(base) == 0
    assert snapshot(base) == before


def test_the_corpus_in_every_add_field_is_stored_as_written_or_refused(empty_db, tmp_path):
    folder = csvedit.copy_data(tmp_path / "data")
    loader.load(empty_db, folder)
    text_fields = ["--summary", "--note", "--duration", "--outcome", "--excerpt",
                   "--source-title", "--source-publisher"]
    checked_fields = ["--id", "--amount", "--currency", "--date", "--funder", "--recipient", "--cited-source",
                      "--source-date", "--source-url", "--place", "--share-price"]
    stored = 0
    for number, value in enumerate(CORPUS):
        args = ["add", "deal", "--type", "investment", "--status", "announced", "--funder", "nvidia",
                "--recipient", "openai", "--date", f"2025-12-{number + 1:02d}", "--no-interactive",
                "--on-duplicate", "keep", "--data-dir", str(folder), "--source-date", "2025-12-01"]
        for field in text_fields:
            args += [field, f"Fixture {number} (injection test) {value}"]
        result = CliRunner().invoke(cli, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        if result.exit_code == 0:
            stored += 1
            summary = f"Fixture {number} (injection test) {value}".strip()
            rows = empty_db.read("MATCH (d:Deal) WHERE d.summary = $summary RETURN d.id AS id", {"summary": summary})
            assert len(rows) == 1, value  # stored as written, trimmed; the other fields by the export below
            assert summary in [row["summary"] for row in csvedit.read(folder / "deals.csv")]
        else:
            assert result.output.startswith(("Error:", "--")) or "—" in result.output, result.output
        for field in checked_fields if number % 3 == 0 else ():  # one field at a time, a third of the corpus
            result = CliRunner().invoke(cli, [*args[:args.index("--summary")], "--summary", "Fixture (test).",
                                              "--excerpt", "fixture", "--source-publisher", "Fixture Wire",
                                              field, value, "--dry-run"])
            assert result.exception is None or isinstance(result.exception, SystemExit), (field, value)
    assert stored >= len(CORPUS) // 2, "most values should be stored as written"
    assert _planted(empty_db) == 0
    exported = tmp_path / "exported"
    loader.export(empty_db, exported)
    for path in sorted(folder.glob("*.csv")):
        assert (exported / path.name).read_bytes() == path.read_bytes(), path.name


def test_browse_literals_hold_any_text(base):
    for value in CORPUS + ["it's", 'say "x"', "back\\slash", "tab\tand\nnewline", "\u2028\u2029"]:
        _, rows = run_read_only(base, f"RETURN {cypher_literal(value)} AS v")
        assert rows == [{"v": value}], value


def test_every_browse_link_runs_exactly_its_question(base):
    for query in load_library().values():
        values = prepare_params(base, query, {})
        link = browser_link(query, values, 7474, "bolt://127.0.0.1:7687")
        text = parse_qs(urlparse(link).query)["arg"][0]
        _, from_link = run_read_only(base, text)
        assert from_link == run(base, query.name).rows, query.name


@pytest.mark.parametrize("statement", HOSTILE_STATEMENTS)
def test_cypher_reads_no_file_kills_nothing_and_writes_nothing(base, statement):
    before = snapshot(base)
    password = paths.read_local_password() or "no-local-password-file"
    result = CliRunner().invoke(cli, ["cypher", statement, "-p", "url", f"file://{paths.password_file()}"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output
    assert "root:" not in result.output and password not in result.output
    assert _planted(base) == 0
    assert snapshot(base) == before


def test_cypher_reads_the_password_file_through_no_path(base):
    for url in (f"file://{paths.password_file()}", f"file:///{paths.password_file()}",
                f"file://{paths.password_file().resolve()}", "file:///../../../../etc/passwd"):
        with pytest.raises(QueryError) as refused:
            run_read_only(base, "LOAD CSV FROM $url AS line RETURN line", {"url": url})
        assert (paths.read_local_password() or "\0") not in str(refused.value)
