"""How long does `circular add deal` take on a base of N deals, beyond starting the process?

    .venv/bin/python -m benchmarks.add_deal [N]

Writes the synthetic base of N deals (10,000 by default) to a temporary data folder and loads it, which
checks it whole and so leaves it vouched for (loader/checked.py). Then times RUNS `circular add deal`
commands, each a new deal between two of its companies, end to end in a new process. The anchor is the
same process doing no work on the base, `circular add deal --help`, timed before each addition, so that
both meet the same load on a shared machine. One more addition, after the record of the check is
deleted, shows what the same command costs when it must check the whole base.
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
from loader import checked
from server import connect

CIRCULAR = str(Path(sys.executable).with_name("circular"))
TARGET = 1.0  # seconds beyond process start (issue 12)
RUNS = 5


def timed(arguments: list[str]) -> float:
    began = time.perf_counter()
    done = subprocess.run([CIRCULAR, *arguments], capture_output=True, text=True)
    seconds = time.perf_counter() - began
    if done.returncode:
        raise SystemExit(f"circular {' '.join(arguments[:2])} failed: {done.stderr or done.stdout}")
    return seconds


def addition(folder: Path, n: int) -> list[str]:
    return ["add", "deal", "--data-dir", str(folder), "--no-interactive", "--on-duplicate", "keep",
            "--type", "investment", "--status", "announced", "--funder", f"Company {n + 1}",
            "--recipient", f"Company {n + 2}", "--amount", f"{n + 1}bn", "--currency", "USD",
            "--qualifier", "about", "--date", "2026-01", "--summary", f"Benchmark deal {n} (made up).",
            "--source", SOURCE, "--excerpt", f"the words of benchmark deal {n}"]


@click.command()
@click.argument("deals", type=int, default=10_000)
def main(deals: int) -> None:
    with connect() as connection, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        load_synthetic_base(connection, deals, folder)
        starts, times = [], []
        for n in range(RUNS):
            starts.append(timed(["add", "deal", "--help"]))
            times.append(timed(addition(folder, n)))
        checked.forget(folder)
        whole = timed(addition(folder, RUNS))
        start = min(starts)
        beyond = min(times) - start
        print(f"{deals:,} deals: add deal {min(times):.2f} s (min of {RUNS}; median {sorted(times)[RUNS // 2]:.2f} s), "
              f"process start alone {start:.2f} s, so {beyond:.2f} s beyond it; "
              f"{whole - start:.2f} s beyond it when it must check the whole base")
        print(f"add-deal at {deals // 1000:,}k {'under' if beyond < TARGET else 'NOT under'} {TARGET:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
