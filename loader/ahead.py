"""Work made ready one step ahead: the next batch is prepared in a thread while Neo4j writes this one.

Python holds its lock while it prepares a batch and lets go of it while it waits for Neo4j's answer,
so on two cores the preparing and the writing overlap.
"""
from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable, Iterable, Iterator, TypeVar

Item = TypeVar("Item")
Made = TypeVar("Made")


def made_ahead(make: Callable[[Item], Made], items: Iterable[Item], depth: int = 2) -> Iterator[Made]:
    """make(item) for each item, in order, each made in a worker thread while the caller uses the ones
    before it, at most `depth` ahead. An exception in make is raised where its result was due."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="circular-ahead") as worker:
        pending: deque[Future[Made]] = deque()
        for item in items:
            pending.append(worker.submit(make, item))
            if len(pending) > depth:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
