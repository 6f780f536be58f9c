"""How long `circular graph` takes: on the loaded base, then on made-up pictures of N companies
(random payments between them, twice as many as companies); each drawn five times, the median kept.

    python benchmarks/pictures.py 50 200      # the base must be loaded (circular load)
"""
from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cypher import html_picture, picture, still_picture  # noqa: E402
from cypher.picture import Edge, Node, Picture  # noqa: E402
from cypher.picture_geometry import problems  # noqa: E402
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
    for size in map(int, sys.argv[1:]):
        made_up = synthetic(size)
        began = time.perf_counter()
        layout = still_picture.render(made_up, {"svg": folder / "s.svg"}, still_picture.SIZES["page"])
        print(f"{size} made-up companies, {len(made_up.edges)} payments, svg: {time.perf_counter() - began:.2f} s, "
              f"{len(problems(layout))} labels crossed or covered")


def synthetic(size: int) -> Picture:
    """Made-up companies paying each other made-up amounts: a picture to time, not a fact."""
    chance = random.Random(size)
    made_up = Picture("Made-up payments", "a benchmark")
    for index in range(size):
        made_up.nodes[f"c{index}"] = Node(f"c{index}", f"Company {index}", "company")
    for _ in range(2 * size):
        payer, payee = chance.sample(sorted(made_up.nodes), 2)
        amount = {"amount": chance.randint(1, 500) * 1e8, "currency": "USD", "amount_qualifier": "exact"}
        made_up.edges.append(Edge(payer, payee, picture.money_label({"amount": amount}), "payment",
                                  chance.random() < 0.3, {"amount": amount}))
    return made_up


if __name__ == "__main__":
    main()
