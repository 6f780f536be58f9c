"""How fast is `circular load --rebuild` beside `neo4j-admin database import full` alone on the same files?

    .venv/bin/python -m benchmarks.rebuild 1000000

Writes a synthetic base of N deals, then times, in the same run: neo4j-admin importing the import
files circular writes for it (into a folder of its own, with the options the rebuild gives it), and
`circular load --rebuild` end to end, as a command (check, files, stop, import, restart, schema).
With --derive-on-server, also the other way to derive, beside this one: import without the money
flows, ownership ties and PAYS, then run graph.rebuild_flows and graph.derive on the restarted server.

It replaces the base of the local server (CIRCULAR_SERVER_HOME, CIRCULAR_BOLT_PORT) and ends with the
article's base rebuilt from data/, so your base is as it was when it ends.
"""
from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import click
import neo4j

import loader
from benchmarks.synthetic import ROOT, synthetic_base
from loader import bulk, graph
from loader.rebuild import refusal
from server import LocalServer, Settings, connect, offline_import

CIRCULAR = Path(sys.executable).parent / "circular"
DERIVED_TYPES = ("FLOWS_TO", "OWNS", "PAYS")
FLOW_BATCH = 50_000  # deals whose flows one transaction derives


def import_files(folder: Path, work: Path) -> tuple[bulk.Written, list[str]]:
    """The import files circular writes for the folder, and its deal ids; the rows themselves are
    let go, so that neo4j-admin alone runs with no more memory taken than beside a rebuild."""
    dataset = loader.read_valid(folder)
    (work / "files").mkdir()
    written = bulk.write_import_files(dataset, work / "files")
    deal_ids = [row.values["id"] for row in dataset["deals"]]
    del dataset
    gc.collect()
    return written, deal_ids


def rebuild_command(folder: Path) -> tuple[float, str, list[str]]:
    """The command's seconds, its summary, and each step it announced with the second it began."""
    began = time.perf_counter()
    process = subprocess.Popen([str(CIRCULAR), "load", "--rebuild", str(folder)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None and process.stdout is not None
    steps = [f"{time.perf_counter() - began:6.1f} s  {line.strip()}" for line in process.stderr]
    output = process.stdout.read()
    seconds = time.perf_counter() - began
    if process.wait() != 0:
        raise SystemExit(f"circular load --rebuild failed:\n{output}" + "\n".join(steps))
    return seconds, next(line for line in output.splitlines() if line.startswith("The base was rebuilt")), steps


def import_to_complete(server: LocalServer, files: offline_import.ImportFiles, work: Path,
                       finish: Callable[[neo4j.Session], None]) -> float:
    """Seconds from the start of the import to a complete base: import, stop, swap, restart, the
    constraints, then `finish` and the indexes."""
    began = time.perf_counter()
    with offline_import.replaced_database(server, files, work):
        with connect(Settings.local()) as connection, connection.session() as session:
            for statement in graph.constraints():
                session.run(statement).consume()
            finish(session)
            session.run("CALL db.awaitIndexes(3600)").consume()
    return time.perf_counter() - began


def derive_in_neo4j(deal_ids: list[str]) -> Callable[[neo4j.Session], None]:
    def finish(session: neo4j.Session) -> None:
        for start in range(0, len(deal_ids), FLOW_BATCH):
            batch = deal_ids[start:start + FLOW_BATCH]
            session.execute_write(graph.rebuild_flows, batch, set(batch))
        session.execute_write(graph.derive)
    return finish


def compare_derivations(server: LocalServer, written: bulk.Written, deal_ids: list[str], work: Path) -> None:
    """The derived parts in the import files (what the rebuild does), or made by Cypher after it."""
    in_files = import_to_complete(server, written.files, work, lambda session: None)
    files = written.files
    without = offline_import.ImportFiles(files.nodes, [(t, p) for t, p in files.relationships if t not in DERIVED_TYPES],
                                         files.array_delimiter, files.multiline)
    by_cypher = import_to_complete(server, without, work, derive_in_neo4j(deal_ids))
    print(f"  from the import to a complete base: {in_files:.1f} s with the derived parts in the files; "
          f"{by_cypher:.1f} s importing without FLOWS_TO, OWNS and PAYS, then rebuild_flows + derive in Neo4j",
          flush=True)


@click.command()
@click.argument("deals", type=int, default=1_000_000)
@click.option("--derive-on-server", is_flag=True, help="Also time the derivation by Cypher after the import.")
def main(deals: int, derive_on_server: bool) -> None:
    refused = refusal()
    if refused:
        raise SystemExit(refused)
    server = LocalServer()
    with tempfile.TemporaryDirectory(dir=server.home) as tmp:
        folder, work = Path(tmp) / "base", Path(tmp) / "work"
        folder.mkdir()
        work.mkdir()
        synthetic_base(folder, deals)
        rebuild, summary, steps = rebuild_command(folder)  # first: the command holds the rows alone in memory
        written, deal_ids = import_files(folder, work)
        admin = offline_import.run_import(server, written.files, work / "anchor" / "data")
        shutil.rmtree(work / "anchor")
        print(f"{deals:,} deals ({sum(written.nodes.values()):,} nodes, "
              f"{sum(written.relationships.values()):,} relationships)")
        print(f"  neo4j-admin import alone  {admin:7.1f} s")
        print(f"  circular load --rebuild   {rebuild:7.1f} s  {rebuild / admin:.2f}× neo4j-admin alone")
        print(f"    {summary}")
        print("    steps, from the command's start:", *steps, sep="\n      ", flush=True)
        if derive_on_server:
            compare_derivations(server, written, deal_ids, work)
    rebuild_command(ROOT / "data")
    print("The article's base is rebuilt.")


if __name__ == "__main__":
    os.umask(0o077)
    sys.exit(main())
