"""Whether a load fits in the memory Neo4j gives one transaction, known before anything is written.

A load is one transaction, so that it is all or nothing; Neo4j holds everything the transaction writes
in its heap until the commit. Measured with `SHOW TRANSACTIONS` during loads of the synthetic base,
a row written takes about 9 KB of it, the derived values and money flows included (9.3 KB per row at
10,000 deals, 9.0 KB at 30,000): a first load of 1,000,000 deals would need about 40 GB.
"""
from __future__ import annotations

import re

import neo4j

from loader.problems import LoadFailed

BYTES_PER_ROW = 10_000  # the measured 9 KB, and a margin
SHARE_OF_HEAP = 0.7  # what Neo4j lets transactions use when no limit is set
UNITS = {"B": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}
GB = 10**9


def transaction_budget(session: neo4j.Session) -> int | None:
    """The bytes one transaction may hold on this server, or None when the server does not say
    (a user without the right to read settings, or a server that names them differently)."""
    names = ["db.memory.transaction.max", "db.memory.transaction.total.max", "server.memory.heap.max_size"]
    try:
        found = {row["name"]: _bytes(row["value"]) for row in
                 session.run("SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value", names=names)}
    except neo4j.exceptions.Neo4jError:
        return None
    limits = [found[name] for name in names[:2] if found.get(name)]
    if limits:
        return min(limits)
    heap = found.get("server.memory.heap.max_size")
    return int(heap * SHARE_OF_HEAP) if heap else None


def refuse_unless_it_fits(rows: int, budget: int | None, outcome: str) -> None:
    """Raise LoadFailed, saying what the load needs, when writing `rows` rows would not fit."""
    needed = rows * BYTES_PER_ROW
    if budget is None or needed <= budget:
        return
    raise LoadFailed(
        f"This load writes {rows:,} rows in one transaction, which needs about {_size(needed)} of Neo4j's "
        f"memory; the server allows a transaction {_size(budget)}; {outcome}. Build a new base offline with "
        "`circular load --rebuild` (no such limit), load the data in parts, or give the server more heap "
        "(server.memory.heap.max_size in server/neo4j.conf).")


def _bytes(value: str) -> int | None:
    match = re.fullmatch(r"([\d.]+)\s*([KMGT]iB|B)", value.strip())
    return int(float(match.group(1)) * UNITS[match.group(2)]) if match else None


def _size(count: int) -> str:
    return f"{count / GB:.1f} GB" if count >= GB / 10 else f"{count / 10**6:.1f} MB"
