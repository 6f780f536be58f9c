"""How fast does each named query answer on a synthetic base of N deals (100,000 by default)?

    .venv/bin/python -m benchmarks.queries [N]

Loads the base once (it stays for the next run; `benchmarks.load` or `circular load data` puts the
article back), then runs every query warm, three times, with a company named as people type it.
Prints circular's time (parameters resolved, rows as dictionaries) beside the anchor's: the same
Cypher, with the same resolved values, through the bare driver. Min and median of 3, same run.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from benchmarks.synthetic import ensure_synthetic_base, seconds
from cypher import load_library, prepare_params, run
from server import connect

# what each query is asked; names as a journalist types them, to time the name's resolution too
ASKED = {
    "who-funds-whom": {"company": "Company 17"},
    "circular-deals": {"company": "Company 17"},
    "money-loops": {"company": "Company 17", "max_length": "4"},
    "money-flows": {"company": "Company 17"},
    "entity": {"name": "Company 17"},
    "timeline": {"company": "Company 17"},
    "refused": {},
    "ownership": {"company": "Company 17"},
    "exposure": {"company": "Company 17"},
    "hubs": {},
    "quotes": {},
    "sources": {"name": "Company 17"},
    "precedents": {},
    "path": {"from": "Company 17", "to": "Company 42"},
    "gaps": {},
    "conflicts": {},
}


def bare(connection, text: str, values: dict) -> int:
    with connection.session() as session:
        return len(session.execute_read(lambda tx: [r.data() for r in tx.run(text, values)]))


@click.command()
@click.argument("deals", type=int, default=100_000)
def main(deals: int) -> None:
    library = load_library()
    with connect() as connection, tempfile.TemporaryDirectory() as tmp:
        ensure_synthetic_base(connection, deals, Path(tmp))
        print(f"{deals:,} deals, warm, min / median of 3 runs (seconds)")
        print(f"{'query':<16} {'circular':>17} {'bare driver':>17} {'rows':>7}")
        for name, query in library.items():
            asked = {k: v for k, v in ASKED.get(name, {}).items() if query.param(k)}
            run(connection, name, asked)  # warm: plan cached, pages in memory
            low, median, answer = seconds(lambda: run(connection, name, asked))
            values = prepare_params(connection, query, asked)
            anchor_low, anchor_median, _ = seconds(lambda: bare(connection, query.text, values))
            print(f"{name:<16} {low:8.3f} /{median:7.3f} {anchor_low:8.3f} /{anchor_median:7.3f} "
                  f"{len(answer.rows):7,}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
