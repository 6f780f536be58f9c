"""How long does `circular --help` take? And the help of every command under it?

    python benchmarks/help.py [RUNS]

Runs `circular … --help` for the group and each command as a new process, the way a person types
it, RUNS times each (5 by default), and prints the median and the slowest time for each. The goal
is under 200 ms: help must not wait for the Neo4j driver, pandas or numpy. Needs no database.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

import click

from cli.main import cli

CIRCULAR = Path(sys.executable).with_name("circular")
GOAL_SECONDS = 0.2


def commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command line that ends in --help: the group's, then each command's, depth first."""
    found = [path]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


def seconds_for(words: tuple[str, ...]) -> float:
    began = time.perf_counter()
    subprocess.run([str(CIRCULAR), *words, "--help"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def main(runs: int) -> int:
    if not CIRCULAR.exists():
        sys.exit(f"{CIRCULAR} is missing: run `make install` first, then this script with {sys.executable}.")
    seconds_for(())  # the first run fills the file system's cache; a person's second --help finds it warm
    slow = []
    print(f"{'command':<32}{'median':>10}{'slowest':>10}   ({runs} runs each)")
    for words in commands(cli):
        times = [seconds_for(words) for _ in range(runs)]
        median = statistics.median(times)
        label = " ".join(("circular", *words, "--help"))
        print(f"{label:<32}{median * 1000:>8.0f}ms{max(times) * 1000:>8.0f}ms")
        if median >= GOAL_SECONDS:
            slow.append(label)
    print(f"over {GOAL_SECONDS * 1000:.0f} ms: {', '.join(slow)}" if slow else
          f"every --help under {GOAL_SECONDS * 1000:.0f} ms (median)")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
