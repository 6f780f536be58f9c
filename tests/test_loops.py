"""money-loops finds exactly the simple cycles networkx finds on the same PAYS edges, each once,
bounded by max_length and by the company — on a made-up base of tangled payments."""
from __future__ import annotations

import random
import re

import networkx as nx
import numpy as np
import pytest

import loader
from cypher import LibraryError, load_library, loops, prepare_params, run
from loader.files import write_table
from loader.schema import BY_NAME

FIXTURE_SOURCE = "fixture-made-up-payments"


def made_up_base(folder, companies: int = 14, deals: int = 60, seed: int = 3) -> None:
    """Companies paying each other at random; two of them parts of others, so groups count."""
    draw = random.Random(seed)
    tables = {name: [] for name in BY_NAME}
    tables["sources"].append({"id": FIXTURE_SOURCE, "publisher": "test fixture (made-up, not a fact)"})
    for i in range(companies):
        parent = {3: "company-0", 7: "company-5"}.get(i, "")
        tables["entities"].append({"id": f"company-{i}", "type": "company", "name": f"Firm {i}", "parent_id": parent,
                                   "source_id": FIXTURE_SOURCE, "excerpt": "made up for this test only"})
    for i in range(deals):
        payer, payee = draw.sample(range(companies), 2)
        kind = draw.choice(["investment", "loan", "chip_purchase"])
        roles = ("buyer", "seller") if kind == "chip_purchase" else ("funder", "recipient")
        tables["deals"].append({"id": f"deal-{i}", "type": kind, "summary": f"Made-up deal {i}."})
        money = {"amount": str(10 ** 6 * draw.randint(1, 900)), "currency": "USD", "amount_qualifier": "about"}
        tables["reports"].append({"deal_id": f"deal-{i}", "status": "announced", "source_id": FIXTURE_SOURCE,
                                  "excerpt": "made up for this test only", **(money if draw.random() < 0.8 else {})})
        tables["parties"] += [{"deal_id": f"deal-{i}", "entity_id": f"company-{payer}", "role": roles[0]},
                              {"deal_id": f"deal-{i}", "entity_id": f"company-{payee}", "role": roles[1]}]
    for name, table in BY_NAME.items():
        write_table(folder / table.file, table, [{c: row.get(c, "") for c in table.header} for row in tables[name]])


@pytest.fixture(scope="module")
def tangled(connection, tmp_path_factory):
    folder = tmp_path_factory.mktemp("tangled")
    made_up_base(folder)
    with connection.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    loader.load(connection, folder)
    return connection


def canonical(cycle) -> tuple:
    first = cycle.index(min(cycle))
    return tuple(cycle[first:]) + tuple(cycle[:first])


def from_rows(rows) -> list[tuple]:
    members = [[re.sub(r" \(through .*\)$", "", name) for name in row["loop"].split(" → ")][:-1] for row in rows]
    return [canonical(m) for m in members]


def from_networkx(connection, max_length: int, through: str | None = None, min_amount: float = 0) -> set[tuple]:
    edges = connection.read("MATCH (a:Entity)-[p:PAYS]->(b:Entity) "
                            "WHERE $min <= 0 OR p.some_unknown OR p.largest_usd >= $min "
                            "RETURN a.name AS a, b.name AS b", {"min": min_amount})
    graph = nx.DiGraph((e["a"], e["b"]) for e in edges)
    return {canonical(c) for c in nx.simple_cycles(graph, length_bound=max_length)
            if len(c) >= 2 and (through is None or through in c)}


@pytest.mark.parametrize("max_length", [2, 3, 4, 5, 6])
def test_every_loop_networkx_finds_and_no_other(tangled, max_length):
    found = from_rows(run(tangled, "money-loops", {"max_length": str(max_length)}).rows)
    assert len(found) == len(set(found)), "a loop is listed twice"
    expected = from_networkx(tangled, max_length)
    assert set(found) == expected
    assert len(expected) > 3 * max_length  # the made-up base is tangled enough to mean something


@pytest.mark.parametrize("company, group", [("company-5", "Firm 5"), ("company-7", "Firm 5"), ("Firm 2", "Firm 2")])
def test_loops_through_a_company_are_those_through_its_group(tangled, company, group):
    for max_length in (3, 5):
        found = from_rows(run(tangled, "money-loops", {"company": company, "max_length": str(max_length)}).rows)
        assert len(found) == len(set(found))
        assert set(found) == from_networkx(tangled, max_length, through=group)
        assert found


def test_min_amount_keeps_loops_whose_every_step_is_large_enough_or_unknown(tangled):
    found = from_rows(run(tangled, "money-loops", {"max_length": "4", "min_amount": "500m"}).rows)
    assert set(found) == from_networkx(tangled, 4, min_amount=500_000_000)
    assert found and set(found) < from_networkx(tangled, 4)


def test_loops_are_shown_from_the_member_whose_id_comes_first(tangled):
    rows = run(tangled, "money-loops", {"max_length": "4"}).rows
    ids = {r["name"]: r["id"] for r in tangled.read("MATCH (e:Entity) RETURN e.name AS name, e.id AS id")}
    for row in rows:
        names = [re.sub(r" \(through .*\)$", "", n) for n in row["loop"].split(" → ")][:-1]
        assert ids[names[0]] == min(ids[n] for n in names)
    assert [(r["payments"], r["loop"]) for r in rows] == sorted((r["payments"], r["loop"]) for r in rows)


@pytest.mark.parametrize("max_length, min_amount", [(2, "0"), (4, "0"), (6, "0"), (9, "0"), (4, "500m")])
def test_the_query_as_written_gives_the_rows_found_in_python(tangled, max_length, min_amount):
    """Without a company, circular finds the loops in Python (cypher/loops.py); the .cypher file, as
    Neo4j Browser or `circular cypher` runs it, must answer exactly the same."""
    query = load_library()["money-loops"]
    values = prepare_params(tangled, query, {"max_length": str(max_length), "min_amount": min_amount})
    answer = run(tangled, "money-loops", values)
    assert answer.rows and answer.rows == tangled.read(query.text, values)
    assert answer.columns == ["loop", "payments", "deals", "amounts", "sources", "excerpts"]


def random_graph(draw: random.Random, nodes: int, edges: int) -> nx.DiGraph:
    """Random payments, a few companies (hubs) paid far more often than the others."""
    graph = nx.DiGraph()
    graph.add_nodes_from(range(nodes))
    while graph.number_of_edges() < min(edges, nodes * (nodes - 1) // 2):
        a = draw.randrange(nodes)
        b = draw.randrange(3) if draw.random() < 0.3 else draw.randrange(nodes)
        if a != b:
            graph.add_edge(a, b)
    return graph


@pytest.mark.parametrize("seed", range(12))
def test_the_search_in_python_finds_networkx_s_cycles_once_each(seed):
    draw = random.Random(seed)
    graph = random_graph(draw, nodes=draw.randint(5, 40), edges=draw.randint(10, 120))
    ids = np.array([f"company-{i}" for i in graph], dtype=object)
    payers, payees = (np.array(side, dtype=np.int64) for side in zip(*graph.edges))
    for max_length in (2, 3, 4, 5, 6):
        for at_once in (1, 7, 1000):  # searched from one, seven or every first member at a time
            found = loops.cycles(ids, payers, payees, max_length, anchors_at_once=at_once)
            expected = {canonical([f"company-{i}" for i in c]) for c in nx.simple_cycles(graph, length_bound=max_length)}
            assert sorted(canonical(list(c)) for c in found) == sorted(expected)


def test_a_money_loops_file_without_the_line_that_shows_the_loops_is_refused(tangled, tmp_path):
    for query in load_library().values():
        (tmp_path / query.path.name).write_text(query.path.read_text(encoding="utf-8"), encoding="utf-8")
    edited = tmp_path / "money-loops.cypher"
    edited.write_text(edited.read_text(encoding="utf-8").replace(loops.SHOWN_FROM, "// shown"), encoding="utf-8")
    with pytest.raises(LibraryError, match="money-loops.cypher: lost its line '// each loop found is shown'"):
        run(tangled, "money-loops", {}, library=load_library(tmp_path))
