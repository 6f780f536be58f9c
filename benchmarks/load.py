"""How fast does `circular load` go? Generates a synthetic base of N deals and loads it.

    python benchmarks/load.py 10000 100000

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
from loader.files import write_table
from loader.schema import BY_NAME, DEAL_TYPES
from server import Connection, connect

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "synthetic-source"


def synthetic_base(folder: Path, deals: int) -> None:
    """N deals between N/10 companies, each with two parties, a source and an excerpt; every 4th
    deal is paid for by the one before it."""
    companies = max(deals // 10, 2)
    tables: dict[str, list[dict[str, str]]] = {name: [] for name in BY_NAME}
    tables["sources"].append({"id": SOURCE, "publisher": "circular benchmark", "published": "2025-10"})
    for i in range(companies):
        tables["entities"].append({"id": f"company-{i}", "type": "company", "name": f"Company {i}",
                                   "aliases": f"C{i};Co {i}", "source_id": SOURCE, "excerpt": f"Company {i}, a firm"})
    for i in range(deals):
        funder, recipient = f"company-{i % companies}", f"company-{(i * 7 + 1) % companies}"
        if funder == recipient:
            recipient = f"company-{(i + 1) % companies}"
        purchase = i % 4 == 3
        tables["deals"].append({"id": f"deal-{i}", "type": "chip_purchase" if purchase else DEAL_TYPES[i % 3],
                                "summary": f"Synthetic deal {i}."})
        tables["reports"].append({
            "deal_id": f"deal-{i}", "status": "announced", "amount": str(1_000_000 * (i + 1)),
            "currency": "USD", "amount_qualifier": "about", "date": f"2025-{i % 12 + 1:02d}",
            "source_id": SOURCE, "excerpt": f"the words of deal {i}"})
        roles = ("buyer", "seller") if purchase else ("funder", "recipient")
        tables["parties"] += [{"deal_id": f"deal-{i}", "entity_id": funder, "role": roles[0]},
                              {"deal_id": f"deal-{i}", "entity_id": recipient, "role": roles[1]}]
        if purchase:
            tables["links"].append({"deal_id": f"deal-{i - 1}", "relation": "pays_for", "other_deal_id": f"deal-{i}",
                                    "source_id": SOURCE, "excerpt": f"deal {i - 1} pays for deal {i}"})
    for name, table in BY_NAME.items():
        write_table(folder / table.file, table,
                    [{c: row.get(c, "") for c in table.header} for row in tables[name]])


def empty(connection: Connection) -> None:
    with connection.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


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
