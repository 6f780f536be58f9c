"""How fast are the newsroom's checks? Reading amounts as printed, and verifying excerpts in texts.

    python benchmarks/newsroom.py 100000

Reads N amounts from a table of forms outlets print, then verifies N excerpts spread over N/100
sources whose texts sit in a temporary texts folder (half the sources have no text, so half the
excerpts are left unverified, as in a newsroom's base). Touches no database.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from loader.amounts import read_amount
from loader.files import Row
from loader.texts import verify

PRINTED = ("$40 billion", "40 milliards de dollars", "350 million", "€1.3bn", "1,5 Md€", "up to $10bn",
           "plus de 10 milliards", "over 27bn", "près de 4 400 milliards de dollars", "1,5 à 2 milliards d'euros")


def amounts_per_second(count: int) -> float:
    started = time.perf_counter()
    for i in range(count):
        read_amount(PRINTED[i % len(PRINTED)])
    return count / (time.perf_counter() - started)


def excerpts_per_second(count: int) -> tuple[float, int, int]:
    sources = max(count // 100, 2)
    with tempfile.TemporaryDirectory() as folder:
        texts = Path(folder)
        dataset = {"sources": [], "reports": []}
        for s in range(sources):
            text_file = f"source-{s}.txt" if s % 2 == 0 else ""
            if text_file:
                # each text holds the words of its hundred excerpts among other sentences, like an article
                sentences = [f"Paragraph {n} of source {s} says the deal number {s * 100 + n} went ahead."
                             for n in range(100)]
                (texts / text_file).write_text(" Filler sentence. ".join(sentences), encoding="utf-8")
            dataset["sources"].append(Row(s + 2, {"id": f"source-{s}", "text_file": text_file, "paywalled": ""}))
        for i in range(count):
            s = i % sources
            excerpt = f"the deal number {s * 100 + (i // sources) % 100} went ahead"
            dataset["reports"].append(Row(i + 2, {"source_id": f"source-{s}", "excerpt": excerpt}))
        started = time.perf_counter()
        result = verify(dataset, texts)
        elapsed = time.perf_counter() - started
    return count / elapsed, result.verified, sum(result.unverified.values())


def main(sizes: list[int]) -> None:
    for size in sizes:
        amounts = amounts_per_second(size)
        excerpts, verified, unverified = excerpts_per_second(size)
        print(f"{size:>9,} amounts: {amounts:,.0f}/s   excerpts: {excerpts:,.0f}/s "
              f"({verified:,} verified, {unverified:,} unverified)")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10_000, 100_000])
