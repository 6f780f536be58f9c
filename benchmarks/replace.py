"""How fast does `circular load --replace` remove what left the files? From a synthetic base of N
deals back to the article's base, beside the time loading those N deals took.

    .venv/bin/python -m benchmarks.replace 30000

It runs on a throwaway Neo4j of its own: your server and your base are not touched.
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
from server.connection import Settings
from server.local import LocalServer
from server.throwaway import throwaway_server


@click.command()
@click.argument("deals", type=int, default=30_000)
def main(deals: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, throwaway_server(LocalServer()) as server, \
            connect(Settings.from_env(server.env)) as connection:
        synthetic_base(Path(tmp), deals)
        empty(connection)
        began = time.perf_counter()
        loader.load(connection, tmp)
        loading = time.perf_counter() - began
        began = time.perf_counter()
        report = loader.load(connection, ROOT / "data", replace=True)
        replacing = time.perf_counter() - began
    print(f"{deals:,} deals: loaded in {loading:.1f} s; replaced by the article's base "
          f"({report.total('removed'):,} rows removed) in {replacing:.1f} s: {replacing / loading:.2f}× the load")


if __name__ == "__main__":
    sys.exit(main())
