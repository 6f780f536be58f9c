"""How long `circular graph` takes on the loaded base: each picture drawn five times, the median kept.

    python benchmarks/pictures.py          # the base must be loaded (circular load)
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cypher import html_picture, picture, still_picture  # noqa: E402
from server import connect  # noqa: E402

RUNS = 5


def median_seconds(work) -> float:
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    with connect() as connection:
        loops = picture.picture(connection, loops_only=True)
        every = picture.picture(connection)
        print(f"read the loops from Neo4j: {median_seconds(lambda: picture.picture(connection, loops_only=True)):.2f} s")
    for size in still_picture.SIZES:
        for fmt in ("svg", "png", "pdf"):
            seconds = median_seconds(lambda: still_picture.render(loops, {fmt: folder / f"p.{fmt}"},
                                                                  still_picture.SIZES[size]))
            print(f"loops, {size}, {fmt}: {seconds:.2f} s ({len(loops.nodes)} nodes, {len(loops.edges)} arrows)")
    seconds = median_seconds(lambda: html_picture.write(every, folder / "p.html"))
    print(f"every payment, html: {seconds:.2f} s ({len(every.nodes)} nodes, {len(every.edges)} arrows)")


if __name__ == "__main__":
    main()
