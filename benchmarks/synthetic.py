"""A synthetic base of N deals, made up for benchmarks (every row says so), and the helpers the
benchmark scripts share: emptying the database, loading a base once, timing in the same run."""
from __future__ import annotations

import random
import statistics
import time
from pathlib import Path
from typing import Any, Callable

from loader.files import write_table
from loader.schema import BY_NAME, DEAL_TYPES
from server import Connection

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "synthetic-source"
MAKER = "made-up deals, random payees (seed 12), a third to the first 1 % of companies"  # changes with the generator
SLICE = 25_000  # deals added per load when a base is loaded for a benchmark of queries


def synthetic_base(folder: Path, deals: int, first: int | None = None) -> None:
    """N deals between N/10 companies, each with two parties, a source and an excerpt; every 4th
    deal is paid for by the one before it. Who pays whom is drawn at random (the same every time),
    a third of the money going to the first 1 % of companies, as it goes to a few hubs in the
    industry. With `first`, only the first deals of that base."""
    companies = max(deals // 10, 2)
    hubs = max(companies // 100, 1)
    draw = random.Random(12)
    tables: dict[str, list[dict[str, str]]] = {name: [] for name in BY_NAME}
    tables["sources"].append({"id": SOURCE, "publisher": "circular benchmark (made-up data)",
                                "title": MAKER, "published": "2025-10"})
    for i in range(companies):
        tables["entities"].append({"id": f"company-{i}", "type": "company", "name": f"Company {i}",
                                   "aliases": f"C{i};Co {i}", "source_id": SOURCE, "excerpt": f"Company {i}, a firm"})
    for i in range(deals if first is None else first):
        payee = draw.randrange(hubs) if draw.random() < 0.33 else draw.randrange(companies)
        funder, recipient = f"company-{i % companies}", f"company-{payee}"
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


def holds_synthetic_base(connection: Connection, deals: int) -> bool:
    [row] = connection.read("RETURN COUNT { (:Deal) } AS deals, "
                            "EXISTS { (:Source {id: $source, title: $maker}) } AS synthetic",
                            {"source": SOURCE, "maker": MAKER})
    return row["deals"] == deals and row["synthetic"]


def ensure_synthetic_base(connection: Connection, deals: int, folder: Path) -> None:
    """Load the synthetic base of N deals unless the database already holds it (loading takes minutes)."""
    if holds_synthetic_base(connection, deals):
        return
    print(f"loading a synthetic base of {deals:,} deals (once)…", flush=True)
    load_synthetic_base(connection, deals, folder)


def load_synthetic_base(connection: Connection, deals: int, folder: Path) -> None:
    """Empty the database, then load the synthetic base of N deals, which `folder` then holds."""
    import loader

    empty(connection)
    for first in range(SLICE, deals + SLICE, SLICE):  # one transaction would outgrow the server's memory
        synthetic_base(folder, deals, min(first, deals))
        loader.load(connection, folder)


def seconds(work: Callable[[], Any], runs: int = 3) -> tuple[float, float, Any]:
    """(min, median, last result) of `runs` timed calls."""
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - began)
    return min(times), statistics.median(times), result
