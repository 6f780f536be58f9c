"""How fast does `circular load` go? Generates a synthetic base of N deals and loads it.

    .venv/bin/python -m benchmarks.load 10000 100000

It empties the database at NEO4J_URI (the local server by default) for each run, then loads the
real base from data/ back, so your base is as before when it ends. A small load, not timed, warms
the server up first. Prints deals loaded per second,
for the first load (everything created) and for a second load of the same files (nothing changes).
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import click

import loader
from benchmarks.synthetic import ROOT, empty, synthetic_base
from server import connect


def timed(what: str, deals: int, work) -> None:
    began = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - began
    print(f"  {what:<34} {seconds:8.2f} s {deals / seconds:10,.0f} deals/s", flush=True)
    return result


@click.command()
@click.argument("sizes", nargs=-1, type=int)
def main(sizes: tuple[int, ...]) -> None:
    sizes = sizes or (10_000, 100_000)
    with connect() as connection:
        with tempfile.TemporaryDirectory() as tmp:  # a freshly started JVM compiles as it goes: warm it up
            synthetic_base(Path(tmp), 2_000)
            empty(connection)
            loader.load(connection, tmp)
        for deals in sizes:
            print(f"{deals:,} deals")
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                synthetic_base(folder, deals)
                empty(connection)
                timed("check (read CSV + validate)", deals, lambda: loader.check(folder))
                report = timed("first load (all created)", deals, lambda: loader.load(connection, folder))
                assert report.tables["deals"].created == deals
                report = timed("second load (nothing changes)", deals, lambda: loader.load(connection, folder))
                assert not report.changed
        empty(connection)
        loader.load(connection, ROOT / "data")
        print("The article's base is loaded back.")


if __name__ == "__main__":
    sys.exit(main())
