"""How fast does `circular load` go, beside Neo4j's own LOAD CSV of the same files?

    .venv/bin/python -m benchmarks.load [SIZES…] [--runs K]

For each size N (10,000 and 100,000 deals by default), writes the synthetic base and times, on a
throwaway Neo4j of the benchmark's own (your server and base are not touched):
  - `circular check`, reading and validating the files;
  - circular's first load into an empty database, of files never checked before, and of files a
    `circular check` (or an addition) found valid, whose record spares the load checking them again
    (loader/checked.py); then a second load of the same files (nothing changes); each in one
    transaction;
  - circular's writing alone, the floor of any load through the driver: the rows read, checked and
    made into the statements' parameters beforehand, then the same statements in one transaction;
  - the anchor, benchmarks/load_csv.py: LOAD CSV building the same graph, in one transaction, first
    into an empty database, then again over it.
Prints each time (the minimum of K runs) and the throughput ratio anchor time / circular time:
above 1.0, circular is the faster. Also checks all three built as many nodes and relationships.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import click
import neo4j

import loader
from benchmarks import load_csv
from benchmarks.synthetic import empty, synthetic_base
from loader import checked, graph
from loader.load import DealValues
from loader.schema import TABLES
from server import Connection, connect
from server.local import LocalServer
from server.connection import Settings
from server.throwaway import throwaway_server


def best(work: Callable[[], Any], runs: int, before: Callable[[], None] = lambda: None) -> float:
    times = []
    for _ in range(runs):
        before()
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times)


def shape(connection: Connection) -> tuple[int, int]:
    [row] = connection.read("RETURN COUNT { (n) } AS nodes, COUNT { ()-[]->() } AS relationships")
    return row["nodes"], row["relationships"]


def unchecked(connection: Connection, folder: Path) -> None:
    """An empty database, and a folder no check has vouched for."""
    empty(connection)
    checked.forget(folder)


def checked_first(connection: Connection, folder: Path) -> None:
    """An empty database, and a folder `circular check` found valid."""
    empty(connection)
    assert not loader.check(folder)


def writing_alone(connection: Connection, folder: Path) -> Callable[[], None]:
    """circular's first load with nothing left to do in Python but send the rows: every row read,
    checked and made into parameters here, before the clock starts."""
    dataset = loader.read_valid(folder)
    shown = DealValues(dataset)
    made = [(table, shown.payload(table, batch))
            for table in TABLES for batch in graph.batches([row.values for row in dataset[table.name]])]
    deals = [row.values["id"] for row in dataset["deals"]]

    def write(tx: neo4j.ManagedTransaction) -> None:
        for table, rows in made:
            graph.upsert(tx, table, rows, replaced=False)
        graph.rebuild_flows(tx, deals, set(deals))
        graph.derive(tx)

    def run() -> None:
        with connection.session() as session:
            session.execute_write(write)
    return run


def anchor(connection: Connection, empty: bool) -> None:
    with connection.session() as session:
        session.execute_write(load_csv.load, empty)


@click.command()
@click.argument("sizes", nargs=-1, type=int)
@click.option("--runs", default=1, show_default=True, help="runs of each load; the minimum is printed")
def main(sizes: tuple[int, ...], runs: int) -> None:
    sizes = sizes or (10_000, 100_000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with throwaway_server(LocalServer(), settings=load_csv.settings(folder)) as server, \
                connect(Settings.from_env(server.env)) as connection:
            synthetic_base(folder, 2_000)  # a freshly started JVM compiles as it goes: warm it up
            for warm in (lambda: loader.load(connection, folder), lambda: anchor(connection, True)):
                empty(connection)
                warm()
            print(f"seconds, the minimum of {runs} run(s); ratio = LOAD CSV / circular (above 1: circular faster)")
            for deals in sizes:
                synthetic_base(folder, deals)
                check = best(lambda: loader.check(folder), runs, lambda: checked.forget(folder))
                first = best(lambda: loader.load(connection, folder), runs, lambda: unchecked(connection, folder))
                built = shape(connection)
                vouched = best(lambda: loader.load(connection, folder), runs, lambda: checked_first(connection, folder))
                again = best(lambda: loader.load(connection, folder), runs)
                alone = best(writing_alone(connection, folder), runs, lambda: empty(connection))
                built_alone = shape(connection)
                anchor_first = best(lambda: anchor(connection, True), runs, lambda: empty(connection))
                anchored = shape(connection)
                anchor_again = best(lambda: anchor(connection, False), runs)
                print(f"{deals:,} deals: check {check:.1f} s", flush=True)
                for what, ours, theirs in (("first load", first, anchor_first),
                                           ("first load, the files checked before", vouched, anchor_first),
                                           ("writing alone, the rows made ready first", alone, anchor_first),
                                           ("load again", again, anchor_again)):
                    print(f"  {what:<40} circular {ours:7.1f} s ({deals / ours:8,.0f} deals/s)   "
                          f"LOAD CSV {theirs:7.1f} s   ratio {theirs / ours:.2f}", flush=True)
                same = ("same" if built == anchored == built_alone else
                        f"NOT the same: circular {built}, writing alone {built_alone}, LOAD CSV {anchored}")
                print(f"  graph: {built[0]:,} nodes, {built[1]:,} relationships; LOAD CSV's: {same}")


if __name__ == "__main__":
    sys.exit(main())
