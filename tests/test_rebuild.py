"""`circular load --rebuild`: the base neo4j-admin imports is the base `load` builds, and a rebuild is
all or nothing, on a Neo4j of this module's own (a rebuild stops and starts the server it runs on).

The article's base is extended with made-up fixture rows ("test fixture") that exercise every rule
Neo4j derives after a load: superseded, duplicate, refused and partial deals, groups three levels
deep, money between groups, ownership ties, warrants, loans, rates and missing rates, disputed
reports, lists, quotes and commas in names, a line break inside a value.
"""
from __future__ import annotations

import os
from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner

import loader
from cli.main import cli
from loader import graph
from server import LocalServer, ServerError, Settings, connect, offline_import
from server.throwaway import throwaway_server
from tests import csvedit
from tests.conftest import files_and_neo4j_agree

FIXTURE = "fixture-wire-a"  # a made-up source, as every fixture row says


def add(folder: Path, table: str, **values: str) -> None:
    csvedit.append(folder / f"{table}.csv", **values)


def deal(folder: Path, ident: str, kind: str, parties: dict[str, str], source: str = FIXTURE, **report: str) -> None:
    add(folder, "deals", id=ident, type=kind, summary=f"{ident} (test fixture).")
    add(folder, "reports", deal_id=ident, source_id=source, excerpt=f"the words of {ident}",
        **{"status": "announced", **report})
    for entity, role in parties.items():
        add(folder, "parties", deal_id=ident, entity_id=entity, role=role)


def link(folder: Path, ident: str, relation: str, other: str) -> None:
    add(folder, "links", deal_id=ident, relation=relation, other_deal_id=other, source_id=FIXTURE,
        excerpt=f"{ident} {relation} {other}")


def money(amount: str, currency: str = "USD", qualifier: str = "exact") -> dict[str, str]:
    return {"amount": amount, "currency": currency, "amount_qualifier": qualifier}


def rich_base(folder: Path) -> Path:
    """The article's base and fixture rows that exercise every derived rule."""
    csvedit.copy_data(folder)
    add(folder, "sources", id=FIXTURE, publisher="Fixture Wire A (test fixture)", published="2025-11-01",
        title="Made up for circular's tests")
    add(folder, "sources", id="fixture-wire-b", publisher="Fixture Wire B (test fixture)", published="2025-11-02",
        cites=f"{FIXTURE};lemonde-2025-10-circulaire")
    for ident, name, parent, aliases in (
            ("fixture-holding", 'Fixture "Holding", Inc', "", "ΟΔΟΣ;Holding;İstanbul Fixture"),
            ("fixture-mid", "Fixture Mid", "fixture-holding", ""),
            ("fixture-leaf", "Fixture Leaf", "fixture-mid", "Leaf;Feuille Fixture")):
        add(folder, "entities", id=ident, type="company", name=name, parent_id=parent, aliases=aliases,
            description="line one\nline two" if parent == "" else "", source_id=FIXTURE, excerpt=f"{name} exists")
    usd = money
    deal(folder, "fx-base", "investment", {"nvidia": "funder", "fixture-leaf": "recipient"}, **usd("2000000000"))
    older = "fx-base"
    for relation in ("expands", "amends", "replaces"):  # each version superseded by the next
        deal(folder, f"fx-{relation}", "investment", {"nvidia": "funder", "fixture-leaf": "recipient"},
             **usd("3000000000"), date="2025-12")
        link(folder, f"fx-{relation}", relation, older)
        older = f"fx-{relation}"
    deal(folder, "fx-dup", "investment", {"nvidia": "funder", "fixture-leaf": "recipient"}, **usd("3000000000"))
    link(folder, "fx-dup", "same_as", "fx-replaces")
    deal(folder, "fx-refused", "investment", {"softbank": "funder", "fixture-mid": "recipient"}, status="refused",
         **usd("9000000000"))
    deal(folder, "fx-whole", "cloud_contract", {"fixture-leaf": "buyer", "oracle": "seller"}, **usd("10000000000"))
    deal(folder, "fx-part", "cloud_contract", {"fixture-leaf": "buyer", "oracle": "seller"}, **usd("4000000000"))
    link(folder, "fx-part", "part_of", "fx-whole")
    deal(folder, "fx-open-whole", "cloud_contract", {"fixture-mid": "buyer", "oracle": "seller"})
    deal(folder, "fx-open-part", "cloud_contract", {"fixture-mid": "buyer", "oracle": "seller"}, **usd("1000000000"))
    link(folder, "fx-open-part", "part_of", "fx-open-whole")
    for ident, whole, amount in (("fx-chain-a", "fx-chain-b", "1"), ("fx-chain-b", "fx-chain-c", "2"),
                                 ("fx-chain-c", "", "3")):
        deal(folder, ident, "purchase", {"fixture-leaf": "buyer", "amd": "seller"}, **usd(amount + "000000000"))
        if whole:
            link(folder, ident, "part_of", whole)
    deal(folder, "fx-warrant", "warrant", {"fixture-holding": "funder", "openai": "recipient"},
         stake_percent="5", stake_qualifier="up_to")
    deal(folder, "fx-stake", "equity_stake", {"fixture-mid": "funder", "xai": "recipient"},
         stake_percent="2.5", stake_qualifier="about")
    deal(folder, "fx-paid-stake", "equity_stake", {"fixture-leaf": "funder", "openai": "recipient"},
         stake_percent="1", stake_qualifier="exact", **usd("5000000000"))
    deal(folder, "fx-loan", "loan", {"fixture-mid": "funder", "openai": "recipient"}, **usd("3000000000"))
    deal(folder, "fx-euros", "investment", {"fixture-leaf": "funder", "mistral-ai": "recipient"},
         **money("1300000000", "EUR"), date="2025-11")
    deal(folder, "fx-pounds", "investment", {"aws": "funder", "fixture-leaf": "recipient"}, **money("700000000", "GBP"))
    deal(folder, "fx-yen", "investment", {"fixture-leaf": "funder", "softbank": "recipient"}, **money("9000000", "JPY"))
    deal(folder, "fx-unknown", "investment", {"aws": "funder", "fixture-leaf": "recipient"})
    deal(folder, "fx-disputed", "chip_purchase", {"fixture-leaf": "buyer", "nvidia": "seller", "amd": "partner"},
         **money("17400000000", qualifier="about"), amount_max="19400000000", capacity="1.5 GW", quantity="400000",
         quantity_unit="chips", places="Texas;Abu Dhabi", note="first line\nsecond line", date="2025-10")
    add(folder, "reports", deal_id="fx-disputed", source_id="fixture-wire-b", excerpt="wire B's words",
        status="signed", preferred="yes", amount="19400000000", currency="USD", amount_qualifier="exact",
        share_price="0.01", cited_source_id=FIXTURE)
    add(folder, "figures", id="fx-leaf-revenue", entity_id="fixture-leaf", metric="revenue_share", value="12.5",
        unit="percent", qualifier="about", as_of="2025", counterpart_id="openai", source_id=FIXTURE,
        excerpt="12.5 % of its revenue")
    add(folder, "quotes", id="fx-quote", person_id="jensen-huang", text="We build it, they pay, it comes back.",
        said_on="2025-11-03", about_id="fx-disputed", source_id=FIXTURE, excerpt="said Jensen Huang")
    add(folder, "citations", fact_id="fx-leaf-revenue", source_id="fixture-wire-b", excerpt="wire B agrees")
    add(folder, "roles", person_id="jensen-huang", org_id="fixture-holding", relation="advises", source_id=FIXTURE,
        excerpt="advises the holding")
    add(folder, "rates", currency="GBP", amount="1", usd_amount="1.3", as_of="2026-01", source_id=FIXTURE,
        excerpt="one pound for 1.3 dollars")
    assert loader.check(folder) == []
    return folder


def dump(connection) -> tuple[list, list]:
    """Every node with its labels and properties, every relationship with its type, ends and
    properties, in a stable order: the whole graph, element ids aside."""
    nodes = connection.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels = connection.read("MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a) AS a_labels, a.id AS a, "
                           "labels(b) AS b_labels, b.id AS b, properties(r) AS props")

    def as_text(row: dict) -> str:
        return repr(sorted((key, sorted(value) if key.endswith("labels") else
                            sorted(value.items()) if key == "props" else value) for key, value in row.items()))
    return sorted(map(as_text, nodes)), sorted(map(as_text, rels))


@pytest.fixture(scope="module")
def own_server():
    """A Neo4j of this module's own, which a rebuild may stop and start; its variables."""
    with throwaway_server(LocalServer()) as throwaway:
        yield throwaway.env


def on(env: dict[str, str]):
    return connect(Settings.from_env({**os.environ, **env}))


def leftovers(env: dict[str, str]) -> list[str]:
    """What a rebuild may leave in the server's home and must not: its folder, neo4j-admin's report."""
    home = Path(env["CIRCULAR_SERVER_HOME"])
    return sorted(str(path) for path in [home / offline_import.WORK_FOLDER, *home.rglob("*.report")] if path.exists())


def with_a_base(env: dict[str, str]) -> list:
    """The server holding the article's base (if an earlier test left none), dumped."""
    with on(env) as connection:
        if not dump(connection)[0]:
            loader.load(connection, csvedit.DATA)
        return dump(connection)


def rebuild_on_the_command_line(env: dict[str, str], folder: Path):
    return CliRunner().invoke(cli, ["load", "--rebuild", str(folder)], env=env)


def test_a_rebuilt_base_is_the_base_load_builds(own_server, empty_db, tmp_path):
    folder = rich_base(tmp_path / "data")
    result = rebuild_on_the_command_line(own_server, folder)
    assert result.exit_code == 0, result.output
    assert "The base was rebuilt whole:" in result.output and "Traceback" not in result.output
    assert "Written back in canonical form" in result.output  # the appended rows were out of order
    assert leftovers(own_server) == []

    loader.load(empty_db, folder)
    with on(own_server) as rebuilt:
        assert dump(rebuilt) == dump(empty_db)
        excluded = {row["id"]: row["why"] for row in rebuilt.read(
            "MATCH (d:Deal) WHERE d.id STARTS WITH 'fx-' AND NOT d.counted RETURN d.id AS id, d.excluded AS why")}
        assert excluded == {
            "fx-base": "superseded by fx-expands (expands)", "fx-expands": "superseded by fx-amends (amends)",
            "fx-amends": "superseded by fx-replaces (replaces)", "fx-dup": "the same deal as fx-replaces",
            "fx-refused": "refused", "fx-part": "part of fx-whole, counted with it",
            "fx-chain-a": "part of fx-chain-b, counted with it", "fx-chain-b": "part of fx-chain-c, counted with it"}
        [pays] = rebuilt.read("MATCH (:Entity {id: 'fixture-holding'})-[p:PAYS]->(:Entity {id: 'openai'}) "
                              "RETURN p.payer_parts AS parts")
        assert pays["parts"] == ["Fixture Leaf", "Fixture Mid"]


def test_a_rebuilt_base_loads_again_unchanged_and_exports_byte_for_byte(own_server, tmp_path):
    folder = rich_base(tmp_path / "data")
    assert rebuild_on_the_command_line(own_server, folder).exit_code == 0
    with on(own_server) as rebuilt:
        report = loader.load(rebuilt, folder)
        assert not report.changed and report.flows is None
        assert files_and_neo4j_agree(rebuilt, folder, tmp_path)
        indexes = {row["name"] for row in rebuilt.read("SHOW INDEXES YIELD name, state WHERE state = 'ONLINE' "
                                                       "RETURN name")}
    assert {"deal_id", "entity_lookup", "flows_to_deal", "owns_deal", "entity_group"} <= indexes
    result = CliRunner().invoke(cli, ["load", str(folder)], env=own_server)
    assert result.exit_code == 0 and "Nothing changed." in result.output


@pytest.mark.parametrize("file, column, value, problem", [
    ("deals.csv", "type", "gift", "deals.csv:2:type: 'gift' is not allowed"),  # found while neo4j-admin imports
    ("quotes.csv", "about_id", "no-such-fact", "quotes.csv:2:about_id: unknown id 'no-such-fact'"),  # stops the writer
])
def test_a_rebuild_of_invalid_data_stops_nothing_and_says_why(own_server, tmp_path, file, column, value, problem):
    folder = csvedit.copy_data(tmp_path / "data")
    before = with_a_base(own_server)
    pid = LocalServer({**os.environ, **own_server}).status().pid
    csvedit.set_cell(folder / file, 2, column, value)
    result = rebuild_on_the_command_line(own_server, folder)
    assert result.exit_code == 1
    assert problem in result.output
    assert "1 problem in the data; nothing was written." in result.output and "Traceback" not in result.output
    assert LocalServer({**os.environ, **own_server}).status().pid == pid, "the server was stopped"
    with on(own_server) as connection:
        assert dump(connection) == before
    assert leftovers(own_server) == []


@pytest.mark.parametrize("where", ["another host", "the tests' other server"])
def test_a_server_that_is_not_the_local_one_is_refused_in_one_sentence(own_server, neo4j_for_tests, tmp_path, where):
    uri = "bolt://neo4j.example.com:7687" if where == "another host" else neo4j_for_tests.env["NEO4J_URI"]
    result = rebuild_on_the_command_line({**own_server, "NEO4J_URI": uri}, csvedit.copy_data(tmp_path / "data"))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: circular load --rebuild rewrites the files of the local server's database, and NEO4J_URI points "
        f"at {uri}: unset NEO4J_URI to rebuild the local server, or run `circular load --replace`, which writes to "
        "any server.\n")


def test_a_server_not_assembled_is_refused_in_one_sentence(tmp_path):
    home = tmp_path / "no-server"
    env = {"CIRCULAR_SERVER_HOME": str(home), "NEO4J_URI": "", "CIRCULAR_BOLT_PORT": "7999"}
    result = rebuild_on_the_command_line(env, csvedit.copy_data(tmp_path / "data"))
    assert result.exit_code == 1
    assert result.output == (f"Error: The local server is not assembled in {home}, so there is no neo4j-admin to "
                             "rebuild with: run `circular server start` once, then `circular load --rebuild` again.\n")
    assert not home.exists()


def broken_import(folder: Path, duplicate_in: str) -> offline_import.ImportFiles:
    """Import files with one deal id twice: in one id space neo4j-admin refuses them; in two, it
    imports both and the uniqueness constraint fails on the server."""
    first, second = folder / "deals-1.csv", folder / "deals-2.csv"
    first.write_text("id:ID(Deal),summary\nfx-twice,first\n")
    second.write_text(f"id:ID({'Deal' if duplicate_in == 'one id space' else 'Other'}),summary\nfx-twice,second\n")
    return offline_import.ImportFiles(nodes=[("Deal", first), ("Deal", second)], relationships=[],
                                      array_delimiter=";", multiline=[])


def test_a_failed_import_leaves_the_old_database_and_the_server_running(own_server, tmp_path):
    server = LocalServer({**os.environ, **own_server})
    before = with_a_base(own_server)
    pid = server.status().pid
    with offline_import.work_folder(server) as work:
        with pytest.raises(ServerError) as caught:
            with offline_import.replaced_database(server, broken_import(tmp_path, "one id space"), work):
                pytest.fail("the import of a duplicate id succeeded")
    assert str(caught.value) == ("neo4j-admin could not import the base (Id 'fx-twice' is defined more than once "
                                 "in group 'Deal'); the database is as it was, and Neo4j runs on it.")
    assert server.status().pid == pid, "the server was stopped for an import that failed"
    with on(own_server) as connection:
        assert dump(connection) == before
    assert leftovers(own_server) == []


def test_a_failure_after_the_import_puts_the_old_database_back(own_server, tmp_path):
    server = LocalServer({**os.environ, **own_server})
    before = with_a_base(own_server)
    with offline_import.work_folder(server) as work:
        with pytest.raises(neo4j.exceptions.Neo4jError, match="deal_id"):
            with offline_import.replaced_database(server, broken_import(tmp_path, "two id spaces"), work):
                with on(own_server) as imported:
                    assert len(dump(imported)[0]) == 2  # the new database runs, both deals in it
                    with imported.session() as session:
                        for statement in graph.constraints():
                            session.run(statement).consume()  # the second deal breaks the unique id
    assert server.status().running
    with on(own_server) as connection:
        assert dump(connection) == before
    assert leftovers(own_server) == []
