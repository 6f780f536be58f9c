"""How long does `circular --help` take? And the help of every command under it?

    python benchmarks/help.py [RUNS]

Runs `circular … --help` for the group and each command as a new process, the way a person types
it, RUNS times each (5 by default), and prints for each the median and slowest wall-clock time and
the median processor time (on a busy machine, the wall clock also counts the waits for a processor).
The goal is under 200 ms: help must not wait for the Neo4j driver, pandas or numpy. Needs no database.
"""
from __future__ import annotations

import os
import resource
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


# as a person's shell runs it: Python keeps the compiled modules, which a first run writes
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def seconds_for(words: tuple[str, ...]) -> tuple[float, float]:
    """Wall-clock seconds, and the seconds of processor time the process used (what the wall-clock
    figure would be on a machine with a processor to spare)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run([str(CIRCULAR), *words, "--help"], check=True, stdout=subprocess.DEVNULL, env=ENV)
    wall = time.perf_counter() - began
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (now.ru_utime - used.ru_utime) + (now.ru_stime - used.ru_stime)


def main(runs: int) -> int:
    if not CIRCULAR.exists():
        sys.exit(f"{CIRCULAR} is missing: run `make install` first, then this script with {sys.executable}.")
    for words in commands(cli):  # a first run compiles the modules and fills the file system's cache
        seconds_for(words)
    slow = []
    print(f"{'command':<36}{'median':>8}{'slowest':>9}{'processor':>11}   ({runs} runs each)")
    for words in commands(cli):
        runs_of = [seconds_for(words) for _ in range(runs)]
        median = statistics.median(wall for wall, _ in runs_of)
        processor = statistics.median(cpu for _, cpu in runs_of)
        label = " ".join(("circular", *words, "--help"))
        print(f"{label:<36}{median * 1000:>6.0f}ms{max(w for w, _ in runs_of) * 1000:>7.0f}ms{processor * 1000:>9.0f}ms")
        if median >= GOAL_SECONDS:
            slow.append(label)
    print(f"over {GOAL_SECONDS * 1000:.0f} ms: {', '.join(slow)}" if slow else
          f"every --help under {GOAL_SECONDS * 1000:.0f} ms (median)")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
