"""What an ad-hoc query may do: read the graph, nothing else.

The decision rests on the plan Neo4j makes for the query (EXPLAIN), not on its text: text can hide a
clause behind comments, escapes or odd spacing, while the plan names every operator the query would
run. A read transaction already stops writes; the plan also stops what a read transaction allows —
LOAD CSV (files and web addresses), procedures (killing connections, reading the configuration,
collecting statistics) and commands (SHOW / TERMINATE TRANSACTIONS, SHOW SETTINGS…).
"""
from __future__ import annotations

from typing import Any, Iterator, Mapping

# Procedures that only describe the graph's shape, as Browser's sidebar does.
GRAPH_PROCEDURES = frozenset({
    "db.labels", "db.relationshipTypes", "db.propertyKeys",
    "db.schema.visualization", "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
})

# Start of an operator's name → what it would do that a question about the graph never needs.
REFUSED_OPERATORS: tuple[tuple[str, str], ...] = (
    ("LoadCSV", "LOAD CSV reads files and web addresses"),
    ("ProcedureCall", "procedures act on the server, not on the graph"),
    ("SystemProcedureCall", "procedures act on the server, not on the graph"),
    ("AdministrationCommand", "administration commands change users and databases"),
    ("Terminate", "TERMINATE stops other people's work"),
    ("Show", "SHOW commands list the server's work and settings, not the graph"),
    ("TransactionApply", "CALL … IN TRANSACTIONS writes in batches"),
    ("TransactionForeach", "CALL … IN TRANSACTIONS writes in batches"),
    ("Create", "it writes"), ("Merge", "it writes"), ("LockingMerge", "it writes"), ("Delete", "it writes"),
    ("DetachDelete", "it writes"), ("Set", "it writes"), ("Remove", "it writes"), ("Foreach", "it writes"),
)


def operators(plan: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(operator, details) for every operator of a plan, its children included."""
    name = str(plan.get("operatorType", "")).split("@", 1)[0]  # 'ProcedureCall@neo4j' names the database too
    yield name, str((plan.get("args") or {}).get("Details", ""))
    for child in plan.get("children") or ():
        yield from operators(child)


def refusal(plan: Mapping[str, Any]) -> str | None:
    """Why the planned query may not run as a read of the graph, or None when it may."""
    for name, details in operators(plan):
        if name == "ProcedureCall" and details.split("(", 1)[0].strip() in GRAPH_PROCEDURES:
            continue
        for start, reason in REFUSED_OPERATORS:
            if name.startswith(start):  # SetProperty, ShowSettings, TerminateTransactions…
                return f"its plan uses {name} ({reason})"
    return None
