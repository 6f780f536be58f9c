"""How long does `circular add deal` take on a base of N deals, beyond starting the process?

    .venv/bin/python -m benchmarks.add_deal [N]

Writes the synthetic base of N deals (10,000 by default) to a temporary data folder, loads it, then
times three `circular add deal` commands, each a new deal between two of its companies, end to end in
a new process. The anchor is the same process doing no work on the base: `circular add deal --help`.
The database keeps the added deals, so the next benchmark loads its base afresh.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import click

from benchmarks.synthetic import SOURCE, load_synthetic_base
from server import connect

CIRCULAR = str(Path(sys.executable).with_name("circular"))


def timed(arguments: list[str]) -> float:
    began = time.perf_counter()
    done = subprocess.run([CIRCULAR, *arguments], capture_output=True, text=True)
    seconds = time.perf_counter() - began
    if done.returncode:
        raise SystemExit(f"circular {' '.join(arguments[:2])} failed: {done.stderr or done.stdout}")
    return seconds


@click.command()
@click.argument("deals", type=int, default=10_000)
def main(deals: int) -> None:
    with connect() as connection, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        load_synthetic_base(connection, deals, folder)
        start = min(timed(["add", "deal", "--help"]) for _ in range(3))
        times = []
        for n in range(3):
            times.append(timed([
                "add", "deal", "--data-dir", str(folder), "--no-interactive", "--on-duplicate", "keep",
                "--type", "investment", "--status", "announced", "--funder", f"Company {n + 1}",
                "--recipient", f"Company {n + 2}", "--amount", f"{n + 1}bn", "--currency", "USD",
                "--qualifier", "about", "--date", "2026-01", "--summary", f"Benchmark deal {n} (made up).",
                "--source", SOURCE, "--excerpt", f"the words of benchmark deal {n}"]))
        print(f"{deals:,} deals: add deal {min(times):.2f} s (min of 3; median {sorted(times)[1]:.2f} s), "
              f"process start alone {start:.2f} s, so {min(times) - start:.2f} s beyond it")


if __name__ == "__main__":
    sys.exit(main())
