"""A shortcut for the loops benchmark on bases too large to load: what money-loops reads — the
entities with their groups, each deal's source, and the money between groups (PAYS) — derived from
synthetic_base's files in Python and created straight in Neo4j, without `circular load`.

The groups and PAYS are loader/derived.py's, which follows loader/graph.py's DERIVE: a deal shows
what loader/reports.py makes of its reports; a refused deal, or a stake with no amount, moves no
money; money flows from funder to recipient and buyer to seller; a company counts with its group;
one PAYS per ordered pair of groups, its deals by amount, largest first. A base with links other
than `pays_for` (which change what is counted) is refused, as the synthetic base has none. `check`
compares the derivation with the PAYS a real `circular load` of the same base makes:

    .venv/bin/python -m benchmarks.loops_shortcut 10000 100000
"""
from __future__ import annotations

import csv
import sys
import tempfile
from itertools import groupby
from pathlib import Path
from typing import Any, Iterator

import click

from benchmarks.synthetic import MAKER, SOURCE, empty, ensure_synthetic_base, synthetic_base
from loader import derived, graph, reports, values
from loader.schema import MONEY_DIRECTIONS, OWNERSHIP_TYPES
from server import Connection, connect

SHORTCUT = MAKER + "; only what money-loops reads, written without circular load"
BATCH = 10_000


def _rows(folder: Path, name: str) -> Iterator[dict[str, str]]:
    with open(folder / f"{name}.csv", newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _deals(folder: Path) -> Iterator[tuple[dict[str, str], list[dict[str, str]], list[dict[str, str]]]]:
    """(deal, its reports, its parties), read side by side: the three files are sorted by deal id."""
    reports_by_deal = groupby(_rows(folder, "reports"), key=lambda r: r["deal_id"])
    parties_by_deal = groupby(_rows(folder, "parties"), key=lambda r: r["deal_id"])
    next_reports, next_parties = next(reports_by_deal, (None, [])), next(parties_by_deal, (None, []))
    for deal in _rows(folder, "deals"):
        mine_reports, mine_parties = [], []
        if next_reports[0] == deal["id"]:
            mine_reports, next_reports = list(next_reports[1]), next(reports_by_deal, (None, []))
        if next_parties[0] == deal["id"]:
            mine_parties, next_parties = list(next_parties[1]), next(parties_by_deal, (None, []))
        yield deal, mine_reports, mine_parties


def derive(folder: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[tuple[str, str], dict[str, Any]]]:
    """(entities, deals, PAYS by (payer group, payee group)) as the graph would hold them."""
    relations = {row["relation"] for row in _rows(folder, "links")} - {"pays_for"}
    if relations:
        raise click.ClickException(f"{folder}: links of kind {', '.join(sorted(relations))} change which deals "
                                   "count, which this shortcut does not follow; load the base with circular load.")
    published = {row["id"]: row["published"] for row in _rows(folder, "sources")}
    rates = list(_rows(folder, "rates"))
    entities = {row["id"]: row for row in _rows(folder, "entities")}
    group_of = derived.groups(entities)
    payments = derived.Payments(group_of, {ident: row["name"] for ident, row in entities.items()})
    directions = set(MONEY_DIRECTIONS)
    deals = []
    for deal, deal_reports, parties in _deals(folder):
        shown = reports.shown(deal["id"], deal_reports, published, rates)["values"]
        deals.append({"id": deal["id"], "source_id": shown["source_id"], "excerpt": shown["excerpt"]})
        if shown["status"] == "refused" or (deal["type"] in OWNERSHIP_TYPES and shown["amount"] is None):
            continue
        flow = {"deal": deal["id"], "counted": True,
                **{name: shown[name] for name in ("amount_usd", "money") if shown[name] is not None}}
        for a in parties:
            for b in parties:
                if (a["role"], b["role"]) in directions and a["entity_id"] != b["entity_id"]:
                    payments.add(derived.Relationship("FLOWS_TO", ("Entity", a["entity_id"]),
                                                      ("Entity", b["entity_id"]), flow))
    pays = {(tie.start[1], tie.end[1]): tie.props for tie in payments.pays()}
    nodes = [{"label": row["type"].capitalize(),
              "props": {"id": ident, "type": row["type"], "name": row["name"],
                        "aliases": values.split_list(row["aliases"]) or None, "source_id": row["source_id"],
                        "excerpt": row["excerpt"], "group_id": group_of[ident][0], "group_name": group_of[ident][1]}}
             for ident, row in entities.items()]
    return nodes, deals, pays


def holds_shortcut(connection: Connection, deals: int) -> bool:
    [row] = connection.read("RETURN COUNT { (:Deal) } AS deals, EXISTS { (:Source {id: $source, title: $title}) } AS ours",
                            {"source": SOURCE, "title": SHORTCUT})
    return row["deals"] == deals and row["ours"]


def ensure_shortcut(connection: Connection, deals: int) -> None:
    """Put the loops' graph of the synthetic base of N deals into the database, unless it is there."""
    if holds_shortcut(connection, deals):
        return
    print(f"writing the loops' graph of a synthetic base of {deals:,} deals, without circular load (once)…",
          flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        synthetic_base(Path(tmp), deals)
        nodes, deal_rows, pays = derive(Path(tmp))
    empty(connection)
    with connection.session() as session:
        for statement in graph.constraints():
            session.run(statement).consume()
        session.run("CALL db.awaitIndexes(300)").consume()
    _write(connection, f"UNWIND $rows AS row CREATE (e:Entity:$(row.label)) "
                       f"SET e = row.props, e.lookup = {graph.lookup('row.props')}", nodes)
    _write(connection, "UNWIND $rows AS row CREATE (d:Deal) SET d = row", deal_rows)
    _write(connection, "UNWIND $rows AS row MATCH (x:Entity {id: row.payer}), (y:Entity {id: row.payee}) "
                       "CREATE (x)-[p:PAYS]->(y) SET p = row.pays",
           [{"payer": a, "payee": b, "pays": p} for (a, b), p in pays.items()])
    _write(connection, "UNWIND $rows AS row CREATE (:Source {id: row.id, title: row.title})",
           [{"id": SOURCE, "title": SHORTCUT}])


def _write(connection: Connection, statement: str, rows: list[dict[str, Any]]) -> None:
    with connection.session() as session:
        for start in range(0, len(rows), BATCH):
            session.execute_write(lambda tx: tx.run(statement, rows=rows[start:start + BATCH]).consume())


def loaded_pays(connection: Connection) -> dict[tuple[str, str], dict[str, Any]]:
    rows = connection.read("MATCH (x:Entity)-[p:PAYS]->(y:Entity) RETURN x.id AS payer, y.id AS payee, "
                           "properties(p) AS pays")
    return {(r["payer"], r["payee"]): r["pays"] for r in rows}


@click.command()
@click.argument("sizes", type=int, nargs=-1)
def check(sizes: tuple[int, ...]) -> None:
    """Load each synthetic base with circular load and compare its PAYS with the shortcut's."""
    with connect() as connection, tempfile.TemporaryDirectory() as tmp:
        for deals in sizes or (10_000,):
            folder = Path(tmp) / str(deals)
            folder.mkdir()
            ensure_synthetic_base(connection, deals, folder)
            synthetic_base(folder, deals)
            _, _, derived = derive(folder)
            loaded = loaded_pays(connection)
            differing = sum(derived.get(pair) != pays for pair, pays in loaded.items()) + len(derived.keys() - loaded)
            print(f"{deals:,} deals: {len(loaded):,} PAYS from circular load, {len(derived):,} from the shortcut, "
                  f"{'equal' if not differing else f'{differing:,} DIFFERENT'}", flush=True)


if __name__ == "__main__":
    sys.exit(check())
