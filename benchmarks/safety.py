"""What do the hostile-file checks and the crash-safe journal cost? Times `check` on a synthetic
base of N deals, and one addition (files through the journal, and Neo4j) on it.

    python benchmarks/safety.py 10000 100000

The addition's database is emptied first and the synthetic base loaded into it; the real base
from data/ is loaded back at the end. Prints seconds for each.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import click

import loader
from benchmarks.load import empty, synthetic_base
from loader.changes import Change, apply
from server import connect

ROOT = Path(__file__).resolve().parent.parent


def timed(what: str, work) -> float:
    began = time.perf_counter()
    work()
    seconds = time.perf_counter() - began
    print(f"  {what:<44} {seconds:8.2f} s", flush=True)
    return seconds


def one_deal(number: int) -> Change:
    change = Change()
    change.add("deals", {"id": f"benchmark-deal-{number}", "type": "investment",
                         "summary": f"A deal made up by the benchmark ({number})."})
    change.add("reports", {"deal_id": f"benchmark-deal-{number}", "status": "announced", "amount": "1000000",
                           "currency": "USD", "amount_qualifier": "exact", "source_id": "synthetic-source",
                           "excerpt": "made up by the benchmark"})
    change.add("parties", {"deal_id": f"benchmark-deal-{number}", "entity_id": "company-0", "role": "funder"})
    change.add("parties", {"deal_id": f"benchmark-deal-{number}", "entity_id": "company-1", "role": "recipient"})
    return change


@click.command()
@click.argument("sizes", nargs=-1, type=int)
def main(sizes: tuple[int, ...]) -> None:
    sizes = sizes or (10_000,)
    with connect() as connection:
        for deals in sizes:
            print(f"{deals:,} deals")
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                synthetic_base(folder, deals)
                timed("check (read, every cell checked)", lambda: loader.check(folder))
                empty(connection)
                loader.load(connection, folder)
                timed("add one deal (journal + Neo4j)", lambda: apply(connection, folder, one_deal(1)))
                timed("add another deal", lambda: apply(connection, folder, one_deal(2)))
        empty(connection)
        loader.load(connection, ROOT / "data")


if __name__ == "__main__":
    main()
