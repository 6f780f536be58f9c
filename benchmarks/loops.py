"""money-loops against networkx's length-bounded simple_cycles, on the same PAYS edges.

    .venv/bin/python -m benchmarks.loops [N] [MAX_LENGTH] [--budget SECONDS]

On the synthetic base of N deals (100,000 by default; kept in the database for the next run), times
circular's money-loops with no company (every loop of up to MAX_LENGTH payments, 4 by default) and
through one company: min and median of 3 warm runs. Up to 100,000 deals the base is loaded with
`circular load`; above, loading takes far too long, and the shortcut of benchmarks/loops_shortcut.py
writes the loops' graph (entities, each deal's source, PAYS) straight into Neo4j instead, which the
first line says. `python -m benchmarks.loops_shortcut 10000 100000` checks that the shortcut gives
the PAYS edges a real load gives.

The anchor, in the same run: networkx.simple_cycles(length_bound=MAX_LENGTH) on the PAYS edges read
from the same database (reading them is timed apart), once, in a child process stopped after the
budget (300 s by default). When it does not finish, networkx runs again on the edges that can lie on
such a loop: an edge a → b is kept when networkx's breadth-first search from b reaches a within
MAX_LENGTH - 1 payments. Every loop uses only such edges, so simple_cycles finds the same loops there,
and its loops are compared with circular's: 'equal' or 'DIFFERENT'. Then, once, the time
money-loops.cypher takes as written (as Neo4j Browser runs it), every loop searched in Cypher, which
circular leaves for Python to find (cypher/loops.py).
"""
from __future__ import annotations

import multiprocessing
import re
import sys
import tempfile
import time
from pathlib import Path

import click
import networkx as nx

from benchmarks.loops_shortcut import ensure_shortcut
from benchmarks.synthetic import ensure_synthetic_base, seconds
from cypher import find_query, prepare_params, run
from server import connect

COMPANY = "Company 3"  # a hub of the synthetic base
LOADED_UP_TO = 100_000  # deals; a larger base is written by the shortcut


def loops_of(rows) -> set[tuple[str, ...]]:
    return {_canonical([re.sub(r" \(through .*\)$", "", n) for n in row["loop"].split(" → ")][:-1]) for row in rows}


def _canonical(cycle: list[str]) -> tuple[str, ...]:
    first = cycle.index(min(cycle))
    return tuple(cycle[first:] + cycle[:first])


def networkx_loops(edges: list[tuple[str, str]], max_length: int) -> set[tuple[str, ...]]:
    return {_canonical(c) for c in nx.simple_cycles(nx.DiGraph(edges), length_bound=max_length) if len(c) >= 2}


def on_short_loops(edges: list[tuple[str, str]], max_length: int) -> list[tuple[str, str]]:
    """The edges a → b from whose b networkx's breadth-first search reaches a within max_length - 1."""
    graph = nx.DiGraph(edges)
    kept = []
    for b in graph:
        near = nx.single_source_shortest_path_length(graph, b, cutoff=max_length - 1)
        kept += [(a, b) for a in graph.predecessors(b) if a in near]
    return kept


def _timed(work, args, answer) -> None:
    began = time.perf_counter()
    found = work(*args)
    answer.send((time.perf_counter() - began, found))


def within(budget: float, work, *args):
    """(seconds, result) of work(*args) run in a child process, or None when it outlasts the budget."""
    context = multiprocessing.get_context("fork")  # the child inherits the edges instead of copying them through a pipe
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_timed, args=(work, args, sending))
    child.start()
    try:
        return receiving.recv() if receiving.poll(budget) else None
    finally:
        child.kill()
        child.join()


def pruned_loops(edges: list[tuple[str, str]], max_length: int) -> tuple[float, int, set[tuple[str, ...]]]:
    """(seconds to prune, edges kept, loops): networkx on the edges that can lie on a loop."""
    began = time.perf_counter()
    kept = on_short_loops(edges, max_length)
    return time.perf_counter() - began, len(kept), networkx_loops(kept, max_length)


def anchor(edges: list[tuple[str, str]], max_length: int, budget: float) -> tuple[str, set[tuple[str, ...]]]:
    """What networkx takes, in words for the output, and the loops it finds."""
    whole = within(budget, networkx_loops, edges, max_length)
    if whole is not None:
        return f"networkx {whole[0]:7.3f} (one run)", whole[1]
    took, (pruning, kept, found) = within(24 * 3600, pruned_loops, edges, max_length)
    return (f"networkx did not finish in {budget:.0f} s; on the {kept:,} edges that can lie on such a loop "
            f"{took:.1f} s ({pruning:.1f} s to find them)"), found


def cypher_alone(connection, params: dict[str, str]) -> float:
    """Seconds money-loops.cypher takes as written, every loop searched in Cypher."""
    query = find_query("money-loops")
    values = prepare_params(connection, query, params)
    began = time.perf_counter()
    connection.read(query.text, values)
    return time.perf_counter() - began


@click.command()
@click.argument("deals", type=int, default=100_000)
@click.argument("max_length", type=int, default=4)
@click.option("--budget", type=float, default=300.0, show_default=True,
              help="seconds networkx may take on every edge before it is stopped")
@click.option("--anchor/--no-anchor", "with_anchor", default=True, help="also run networkx")
def main(deals: int, max_length: int, budget: float, with_anchor: bool) -> None:
    with connect() as connection, tempfile.TemporaryDirectory() as tmp:
        if deals <= LOADED_UP_TO:
            ensure_synthetic_base(connection, deals, Path(tmp))
            how = "loaded with circular load"
        else:
            ensure_shortcut(connection, deals)
            how = "the loops' graph written without circular load (benchmarks/loops_shortcut.py)"
        connection.read("CALL db.clearQueryCaches()")  # no plan made for another base's size
        began = time.perf_counter()
        [read] = connection.read("MATCH (a:Entity)-[:PAYS]->(b:Entity) RETURN collect([a.name, b.name]) AS edges")
        edges = [tuple(edge) for edge in read["edges"]]
        print(f"{deals:,} deals, {how}; {len(edges):,} PAYS edges (read in {time.perf_counter() - began:.2f} s), "
              f"loops of up to {max_length}; circular: min / median of 3 runs (seconds)", flush=True)
        expected = None
        for label, params in (("every loop", {}), (f"through {COMPANY}", {"company": COMPANY})):
            params = {**params, "max_length": str(max_length)}
            run(connection, "money-loops", params)  # warm
            low, median, answer = seconds(lambda: run(connection, "money-loops", params))
            line = f"  {label:<20} circular {low:7.3f} / {median:7.3f}   {len(answer.rows):,} loops"
            if with_anchor:
                if expected is None:
                    words, expected = anchor(edges, max_length, budget)
                    line += f"   {words}"
                wanted = {loop for loop in expected if COMPANY in loop} if "company" in params else expected
                line += f", {'equal' if loops_of(answer.rows) == wanted and len(answer.rows) == len(wanted) else 'DIFFERENT'}"
            print(line, flush=True)
            if "company" not in params:
                print(f"  {label:<20} the query's Cypher alone, as Neo4j Browser runs it: "
                      f"{cypher_alone(connection, params):.3f} (one run)", flush=True)


if __name__ == "__main__":
    sys.exit(main())
