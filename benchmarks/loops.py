"""money-loops against networkx's length-bounded simple_cycles, on the same PAYS edges.

    .venv/bin/python -m benchmarks.loops [N] [MAX_LENGTH] [--no-anchor]

On the synthetic base of N deals (100,000 by default; loaded once, kept for the next run), times
circular's money-loops with no company (every loop of up to MAX_LENGTH payments, 4 by default) and
through one company, beside networkx.simple_cycles(length_bound=MAX_LENGTH) on the PAYS edges read
from the same database (reading them is timed apart). Checks that both find the same loops.
Min and median of 3 runs, same run.
"""
from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

import click
import networkx as nx

from benchmarks.synthetic import ensure_synthetic_base, seconds
from cypher import run
from server import connect

COMPANY = "Company 3"  # a hub of the synthetic base


def loops_of(rows) -> set[tuple[str, ...]]:
    return {_canonical([re.sub(r" \(through .*\)$", "", n) for n in row["loop"].split(" → ")][:-1]) for row in rows}


def _canonical(cycle: list[str]) -> tuple[str, ...]:
    first = cycle.index(min(cycle))
    return tuple(cycle[first:] + cycle[:first])


def networkx_loops(graph: nx.DiGraph, max_length: int, through: str | None = None) -> set[tuple[str, ...]]:
    if through is not None:  # networkx has no "through this node" option: cycles are filtered after
        return {c for c in networkx_loops(graph, max_length) if through in c}
    return {_canonical(c) for c in nx.simple_cycles(graph, length_bound=max_length) if len(c) >= 2}


@click.command()
@click.argument("deals", type=int, default=100_000)
@click.argument("max_length", type=int, default=4)
@click.option("--anchor/--no-anchor", default=True,
              help="also run networkx (on 100,000 deals it took over 5 minutes for loops of 3)")
def main(deals: int, max_length: int, anchor: bool) -> None:
    with connect() as connection, tempfile.TemporaryDirectory() as tmp:
        ensure_synthetic_base(connection, deals, Path(tmp))
        began = time.perf_counter()
        edges = connection.read("MATCH (a:Entity)-[:PAYS]->(b:Entity) RETURN a.name AS a, b.name AS b")
        graph = nx.DiGraph((e["a"], e["b"]) for e in edges)
        print(f"{deals:,} deals, {len(edges):,} PAYS edges (read in {time.perf_counter() - began:.2f} s), "
              f"loops of up to {max_length}; min / median of 3 runs (seconds)")
        for label, params, through in (("every loop", {}, None), (f"through {COMPANY}", {"company": COMPANY}, COMPANY)):
            params = {**params, "max_length": str(max_length)}
            run(connection, "money-loops", params)  # warm
            low, median, answer = seconds(lambda: run(connection, "money-loops", params))
            if not anchor:
                print(f"  {label:<22} circular {low:7.3f} / {median:7.3f}   {len(answer.rows):,} loops", flush=True)
                continue
            anchor_low, anchor_median, expected = seconds(lambda: networkx_loops(graph, max_length, through))
            same = loops_of(answer.rows) == expected and len(answer.rows) == len(expected)
            print(f"  {label:<22} circular {low:7.3f} / {median:7.3f}   networkx {anchor_low:7.3f} / "
                  f"{anchor_median:7.3f}   {len(answer.rows):,} loops, {'equal' if same else 'DIFFERENT'}",
                  flush=True)


if __name__ == "__main__":
    sys.exit(main())
