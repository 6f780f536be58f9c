"""The anchor for circular's load: Neo4j's own `LOAD CSV` building the same graph from the same files.

Every table becomes its nodes or relationships with typed properties, through statements made from
the declarations in loader/graph.py; a deal takes the values of its report (the synthetic base has one
report per deal), and the money flows, counting, groups and PAYS are derived by the very statements
circular runs. It runs in one transaction, as circular's load does, so both promise all or nothing.
It checks nothing and keeps no digest: it is what writing the graph costs the server.
"""
from __future__ import annotations

from pathlib import Path

import neo4j

from loader import graph
from loader.schema import TABLES, Column, Table

# the cells of a report that a deal shows (the synthetic base's deals have one report each)
DEAL_VALUES = ("status", "date", "amount", "currency", "amount_qualifier", "amount_max", "stake_percent")


def settings(import_dir: Path) -> dict[str, str]:
    """What a server needs to read the CSV files of `import_dir` with LOAD CSV."""
    return {"dbms.security.allow_csv_import_from_file_urls": "true", "server.directories.import": str(import_dir)}


def load(tx: neo4j.ManagedTransaction, empty: bool) -> None:
    """Write the files of the server's import folder into the graph, then derive what circular derives.
    Into an `empty` database everything is created; into a full one, merged."""
    for statement in statements("CREATE" if empty else "MERGE"):
        tx.run(statement).consume()
    deals = [row["id"] for row in tx.run("MATCH (d:Deal) RETURN d.id AS id")]
    graph.rebuild_flows(tx, deals, set(deals) if empty else set())
    graph.derive(tx)


def statements(write: str) -> list[str]:
    result = []
    for table in TABLES:
        if table.name in graph.NODE_TABLES:
            result += _node_statements(table, graph.NODE_TABLES[table.name], write)
        else:
            result.append(_link_statement(table, graph.LINK_TABLES[table.name], write))
    set_values = ", ".join(f"d.{name} = r.{name}" for name in DEAL_VALUES)
    result.append(f"MATCH (r:Report)-[:REPORTS]->(d:Deal) SET {set_values}, "
                  "d.amount_usd = CASE r.currency WHEN 'USD' THEN r.amount END")
    return result


def _node_statements(table: Table, spec: graph.NodeTable, write: str) -> list[str]:
    source = f"LOAD CSV WITH HEADERS FROM 'file:///{table.file}' AS row "
    ident = "row.id" if table.key == ("id",) else " + '/' + ".join(f"row.{k}" for k in table.key)
    props = "{" + ", ".join(f"{c.name}: {_typed(c)}" for c in table.columns) + "}"
    label = " SET n:$(toUpper(left(row.type, 1)) + substring(row.type, 1))" if spec.label == "Entity" else ""
    result = [f"{source}{write} (n:{spec.label} {{id: {ident}}}) SET n = {props}, n.id = {ident}{label}"]
    for link in spec.links:
        target = f"(t:{link.target} {{id: target}})" if link.target else "(t)"
        any_label = "" if link.target else " WHERE t.id = target AND (" + " OR ".join(f"t:{x}" for x in graph.ID_LABELS) + ")"
        column = next(c for c in table.columns if c.name == link.column)
        targets = _typed(column) if column.kind == "refs" else f"[x IN [row.{link.column}] WHERE x IS NOT NULL]"
        props = " {excerpt: row.excerpt}" if link.excerpt else ""
        arrow = f"(n)-[:{link.type}{props}]->(t)" if link.outgoing else f"(n)<-[:{link.type}{props}]-(t)"
        result.append(f"{source}MATCH (n:{spec.label} {{id: {ident}}}) UNWIND {targets} AS target "
                      f"MATCH {target}{any_label} {write} {arrow}")
    return result


def _link_statement(table: Table, spec: graph.LinkTable, write: str) -> str:
    (a_column, a_label), (b_column, b_label) = spec.start, spec.end
    a = f"(a:{a_label} {{id: row.{a_column}}})" if a_label else f"(a) WHERE a.id = row.{a_column}"
    b = f"(b:{b_label} {{id: row.{b_column}}})"
    props = "{" + ", ".join(f"{c.name}: {_typed(c)}" for c in table.columns) + "}"
    types = [spec.type] if spec.type else [r.upper() for r in spec.relations]
    # one MERGE per type, each a fixed word, chosen by the row's relation
    merges = " ".join(f"FOREACH (_ IN CASE WHEN {'true' if spec.type else f'toUpper(row.relation) = {t!r}'} "
                      f"THEN [1] ELSE [] END | {write} (a)-[r:{t}]->(b) SET r = {props})" for t in types)
    return f"LOAD CSV WITH HEADERS FROM 'file:///{table.file}' AS row MATCH {a} MATCH {b} {merges}"


def _typed(column: Column) -> str:
    cell = f"row.{column.name}"
    if column.kind in ("number", "percent"):
        return f"CASE WHEN {cell} CONTAINS '.' THEN toFloat({cell}) ELSE toInteger({cell}) END"
    if column.kind in ("list", "refs"):
        return f"[x IN split({cell}, ';') WHERE trim(x) <> '' | trim(x)]"
    return cell
