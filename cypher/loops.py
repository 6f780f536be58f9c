"""money-loops on the whole base: the loops are found in Python, then shown by the query's own Cypher.

Cypher finds a loop by expanding paths row by row, and on a million deals the paths of up to four
payments number millions: the query as written takes half a minute there (benchmarks/loops.py).
Here the PAYS edges are read once, as one list of text, and the simple cycles of up to max_length
companies are enumerated with numpy, each from its member that comes first in the reading: paths of
half the length are grown forward and backward from it, through members that come after it only,
and joined where they meet. The members of each loop found then go through the part of
money-loops.cypher that shows a loop, from the line SHOWN_FROM on, so the rows are the query's own.
With a company, the query's Cypher searches from that company alone, which is fast, and runs as
written.
"""
from __future__ import annotations

from typing import Any

import neo4j
import numpy as np

from cypher.library import LibraryError, Query

QUERY = "money-loops"
SHOWN_FROM = "// each loop found is shown"  # the query's line from which a loop's members are shown
LONGEST = 6  # payments; the query's own search stops there too
ANCHORS_AT_ONCE = 20_000  # loops are searched from this many first members at a time, to bound memory
HASHES = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9)  # odd 64-bit multipliers, one a round

# each company that pays and is paid, then the companies it pays, as one line of ids
EDGES = """
MATCH (a:Entity) WHERE EXISTS { ()-[:PAYS]->(a) }
WITH a, COLLECT { MATCH (a)-[p:PAYS]->(b)
                  WHERE $min_amount <= 0 OR p.some_unknown OR p.largest_usd >= $min_amount
                  RETURN b.id } AS paid
WHERE size(paid) > 0
RETURN collect(reduce(line = a.id, b IN paid | line + ' ' + b)) AS lines
"""
# each loop's members and payments, in the order of its steps: [loop, step, payer id, payee id]
FOUND = """
UNWIND $steps AS step
MATCH (member:Entity {id: step[2]})-[pays:PAYS]->(:Entity {id: step[3]})
WITH step[0] AS loop, step[1] AS i, member, pays ORDER BY loop, i
WITH loop, collect(member) AS members, collect(pays) AS steps
"""


def searched_in_python(query: Query, values: dict[str, Any]) -> bool:
    return query.name == QUERY and values.get("company") is None


def every_loop(tx: neo4j.ManagedTransaction, query: Query, values: dict[str, Any]) -> tuple[list[str], list[dict]]:
    """money-loops' columns and rows, every loop of the base found in Python."""
    if SHOWN_FROM not in query.text:
        raise LibraryError(f"{query.path.name}: lost its line {SHOWN_FROM!r}, from which circular shows the loops "
                           "it finds in Python; put it back before the part that shows a loop.")
    [lines] = tx.run(EDGES, min_amount=values["min_amount"]).single()
    found = cycles(*edges(lines), min(values["max_length"], LONGEST))
    steps = [[n, i, ids[i], ids[(i + 1) % len(ids)]] for n, ids in enumerate(found) for i in range(len(ids))]
    result = tx.run(FOUND + query.text[query.text.index(SHOWN_FROM):], steps=steps, min_amount=values["min_amount"])
    return list(result.keys()), [record.data() for record in result]


def edges(lines: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ids, payers, payees): the companies that pay and are paid, and the edges between them as
    positions in ids (an edge to a company that pays no one can close no loop, and is left out)."""
    import pandas as pd

    if not lines:
        return np.array([], dtype=object), np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    ids = [line.split(" ", 1)[0] for line in lines]
    paid = " ".join(line.partition(" ")[2] for line in lines).split(" ")
    payees = pd.Index(ids).get_indexer(paid)
    payers = np.repeat(np.arange(len(ids)), [line.count(" ") for line in lines])
    known = payees >= 0
    return np.array(ids, dtype=object), payers[known], payees[known]


def cycles(ids: np.ndarray, payers: np.ndarray, payees: np.ndarray, max_length: int,
           anchors_at_once: int = ANCHORS_AT_ONCE) -> list[tuple[str, ...]]:
    """Every simple cycle of 2 to max_length edges, once each, as the ids of its members in order."""
    n = len(ids)
    forward_edges = _adjacency(payers, payees, n)
    backward_edges = _adjacency(payees, payers, n)
    found = []
    for first in range(0, n, anchors_at_once):
        anchors = (first <= payers) & (payers < first + anchors_at_once)
        forward = _paths(payers[anchors], payees[anchors], forward_edges, (max_length + 1) // 2)
        anchors = (first <= payees) & (payees < first + anchors_at_once)
        backward = _paths(payees[anchors], payers[anchors], backward_edges, max_length // 2)
        for length in range(2, max_length + 1):
            found += [tuple(ids[loop]) for loop in _closed(forward[(length + 1) // 2], backward[length // 2], n)]
    return found


def _adjacency(starts: np.ndarray, ends: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, neighbours): the neighbours of node i are neighbours[offsets[i]:offsets[i + 1]]."""
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(starts, minlength=n), out=offsets[1:])
    return offsets, ends[np.argsort(starts, kind="stable")]


def _paths(starts: np.ndarray, ends: np.ndarray, adjacency: tuple[np.ndarray, np.ndarray],
           longest: int) -> dict[int, np.ndarray]:
    """Paths of 1 to `longest` edges by their number of edges, one per row of node positions, each
    through nodes that come after its first node only, no node twice."""
    offsets, neighbours = adjacency
    paths = {1: np.column_stack([starts, ends])[ends > starts]}
    for length in range(2, longest + 1):
        shorter = paths[length - 1]
        last = shorter[:, -1]
        counts = offsets[last + 1] - offsets[last]
        rows = np.repeat(np.arange(len(shorter)), counts)
        after = neighbours[_runs(offsets[last], counts)]
        new = after > shorter[rows, 0]
        for column in range(1, length):
            new &= after != shorter[rows, column]
        paths[length] = np.column_stack([shorter[rows[new]], after[new]])
    return paths


def _runs(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """starts[i], starts[i] + 1, … counts[i] numbers for each i, one after the other."""
    ends = np.cumsum(counts)
    return np.arange(ends[-1] if len(ends) else 0) - np.repeat(ends - counts - starts, counts)


def _closed(forward: np.ndarray, backward: np.ndarray, n: int) -> np.ndarray:
    """The cycles made of a forward path and a backward path with the same two ends and no other
    node in common: the forward path, then the backward one reversed, without its ends."""
    forward, backward = _meeting(forward, backward, n)
    forward_keys = forward[:, 0] * n + forward[:, -1]
    backward_keys = backward[:, 0] * n + backward[:, -1]
    order = np.argsort(forward_keys, kind="stable")
    forward, forward_keys = forward[order], forward_keys[order]
    low = np.searchsorted(forward_keys, backward_keys, "left")
    counts = np.searchsorted(forward_keys, backward_keys, "right") - low
    forward, backward = forward[_runs(low, counts)], backward[np.repeat(np.arange(len(backward)), counts)]
    apart = np.ones(len(forward), dtype=bool)
    for i in range(1, forward.shape[1] - 1):
        for j in range(1, backward.shape[1] - 1):
            apart &= forward[:, i] != backward[:, j]
    return np.column_stack([forward[apart], backward[apart, -2:0:-1]])


def _meeting(forward: np.ndarray, backward: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The paths whose two ends may be those of a path on the other side. Millions of paths meet in
    a few thousand loops, so both sides are first sifted through a table of bits by a hash of their
    ends, a new hash each round, which leaves few besides the paths that meet to be sorted and joined."""
    bits = 1 << max(16, (4 * max(len(forward), len(backward))).bit_length())
    table = np.zeros(bits, dtype=bool)
    forward_rows, backward_rows = np.arange(len(forward)), np.arange(len(backward))
    forward_keys = (forward[:, 0] * n + forward[:, -1]).astype(np.uint64)
    backward_keys = (backward[:, 0] * n + backward[:, -1]).astype(np.uint64)
    for multiplier in HASHES:
        forward_slots, backward_slots = _slots(forward_keys, multiplier, bits), _slots(backward_keys, multiplier, bits)
        table[forward_slots] = True
        kept = table[backward_slots]
        table[forward_slots] = False
        backward_rows, backward_keys, backward_slots = backward_rows[kept], backward_keys[kept], backward_slots[kept]
        table[backward_slots] = True
        kept = table[forward_slots]
        table[backward_slots] = False
        forward_rows, forward_keys = forward_rows[kept], forward_keys[kept]
    return forward[forward_rows], backward[backward_rows]


def _slots(keys: np.ndarray, multiplier: int, bits: int) -> np.ndarray:
    """A slot among `bits` for each key: the top bits of the key times an odd number (Knuth's
    multiplicative hashing)."""
    return ((keys * np.uint64(multiplier)) >> np.uint64(65 - bits.bit_length())).astype(np.int64)
