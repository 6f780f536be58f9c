"""How fast does each named query answer, on the article's base and on a synthetic base of N deals
(100,000 by default)?

    .venv/bin/python -m benchmarks.queries [N]

Loads the synthetic base (unless the database holds it already), runs every query warm, three times,
with a company named as people type it, then does the same on the article's base (data/, loaded
with `circular load`, which the database holds afterwards). money-loops is also asked for every loop
of the base, which circular finds in Python (cypher/loops.py). Prints circular's time (parameters
resolved, rows as dictionaries) beside the anchor's: the query's Cypher, with the same resolved
values, through the bare driver. Min and median of 3, same run; the last line gives the slowest
median of each base, against the targets: under 0.1 s on the article's base, under 1 s on N deals.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from benchmarks.synthetic import ROOT, empty, ensure_synthetic_base, seconds
from cypher import load_library, prepare_params, run
from server import Connection, connect

TARGETS = {"article": 0.1, "synthetic": 1.0}  # seconds, the median of every question


def asked(company: str, other: str) -> list[tuple[str, str, dict[str, str]]]:
    """(label, query, parameters): what each question is asked, names as a journalist types them."""
    return [
        ("who-funds-whom", "who-funds-whom", {"company": company}),
        ("circular-deals", "circular-deals", {"company": company}),
        ("money-loops", "money-loops", {"company": company, "max_length": "4"}),
        ("money-loops (all)", "money-loops", {"max_length": "4"}),
        ("money-flows", "money-flows", {"company": company}),
        ("entity", "entity", {"name": company}),
        ("timeline", "timeline", {"company": company}),
        ("refused", "refused", {}),
        ("ownership", "ownership", {"company": company}),
        ("exposure", "exposure", {"company": company}),
        ("hubs", "hubs", {}),
        ("quotes", "quotes", {}),
        ("sources", "sources", {"name": company}),
        ("precedents", "precedents", {}),
        ("path", "path", {"from": company, "to": other}),
        ("gaps", "gaps", {}),
        ("conflicts", "conflicts", {}),
    ]


def bare(connection: Connection, text: str, values: dict) -> int:
    with connection.session() as session:
        return len(session.execute_read(lambda tx: [r.data() for r in tx.run(text, values)]))


def measure(connection: Connection, questions) -> dict[str, tuple[float, float, float, float, int]]:
    """label → (min, median, bare min, bare median, rows)."""
    connection.read("CALL db.clearQueryCaches()")  # no plan made for the other base's size
    library = load_library()
    times = {}
    for label, name, params in questions:
        query = library[name]
        run(connection, name, params)  # warm: plan cached, pages in memory
        low, median, answer = seconds(lambda: run(connection, name, params))
        values = prepare_params(connection, query, params)
        anchor_low, anchor_median, _ = seconds(lambda: bare(connection, query.text, values))
        times[label] = (low, median, anchor_low, anchor_median, len(answer.rows))
        print(".", end="", flush=True)
    return times


@click.command()
@click.argument("deals", type=int, default=100_000)
def main(deals: int) -> None:
    import loader

    with connect() as connection, tempfile.TemporaryDirectory() as tmp:
        ensure_synthetic_base(connection, deals, Path(tmp))
        synthetic = measure(connection, asked("Company 17", "Company 42"))
        empty(connection)
        loader.load(connection, ROOT / "data")
        article = measure(connection, asked("Nvidia", "Oracle"))
    print(f"\nwarm, min / median of 3 runs (seconds); the bare driver runs the query's Cypher as written")
    article_base, synthetic_base = "article's base", f"{deals:,} deals"
    print(f"{'':<18} {article_base:^36}  {synthetic_base:^38}")
    print(f"{'query':<18} {'circular':>15} {'bare driver':>15} {'rows':>4}  {'circular':>15} {'bare driver':>15} "
          f"{'rows':>6}")
    for label in synthetic:
        line = f"{label:<18}"
        for times, width in ((article[label], 4), (synthetic[label], 6)):
            low, median, anchor_low, anchor_median, rows = times
            line += f" {low:6.3f} /{median:7.3f} {anchor_low:6.3f} /{anchor_median:7.3f} {rows:>{width},} "
        print(line.rstrip())
    for base, times, size in (("article", article, "the article's base"), ("synthetic", synthetic, f"{deals:,} deals")):
        slowest = max(times, key=lambda label: times[label][1])
        verdict = "under" if times[slowest][1] < TARGETS[base] else "NOT under"
        print(f"slowest median on {size}: {slowest} {times[slowest][1]:.3f} s, every question {verdict} "
              f"{TARGETS[base]:g} s")


if __name__ == "__main__":
    sys.exit(main())
