"""A check run in a process of its own while this one writes: its verdict is asked for before the commit.

In a thread, the check and the writing share Python's lock: measured at 100,000 deals, the check
running beside the load made it 8 s slower, as long as running it first (the writing thread waits for
the lock each time Neo4j answers, and Neo4j waits for it). A forked process has a lock of its own, and
sees the rows this process read without their being copied to it. Where a process cannot be forked
(Windows), the check runs in a thread as before.
"""
from __future__ import annotations

import multiprocessing
import threading
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Callable, Iterator

from loader.problems import InvalidData

Verdict = Callable[[], None]
"""Waits for the check to end, then raises what it raised (InvalidData when it found problems)."""


@contextmanager
def checked_apart(check: Callable[[], None]) -> Iterator[Verdict]:
    """Start check() apart from the calling thread and yield its verdict. On leaving, a check whose
    verdict was not asked for (the work before it failed) is stopped."""
    if "fork" not in multiprocessing.get_all_start_methods():
        with _in_a_thread(check) as verdict:
            yield verdict
        return
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_check_and_send, args=(check, sending), name="circular-check", daemon=True)
    child.start()
    sending.close()
    asked: list[tuple[str, object]] = []

    def verdict() -> None:
        if not asked:
            try:
                asked.append(receiving.recv())
            except EOFError:  # it ended without a word: killed, or out of memory
                child.join()
                asked.append(("failed", f"the check of the rows stopped (exit code {child.exitcode})"))
        _raise(*asked[0])

    try:
        yield verdict
    finally:
        if child.is_alive() and not asked:
            child.terminate()
        child.join()
        receiving.close()


def _check_and_send(check: Callable[[], None], sending: Connection) -> None:
    try:
        check()
        outcome: tuple[str, object] = ("valid", None)
    except InvalidData as invalid:
        outcome = ("invalid", invalid.problems)
    except KeyboardInterrupt:
        outcome = ("failed", "the check of the rows was interrupted")
    except Exception as error:  # noqa: BLE001 — handed to the parent, which raises it
        outcome = ("failed", f"the check of the rows failed: {error!r}")
    sending.send(outcome)
    sending.close()


def _raise(kind: str, detail: object) -> None:
    if kind == "invalid":
        raise InvalidData(detail)  # type: ignore[arg-type]
    if kind == "failed":
        raise RuntimeError(detail)


@contextmanager
def _in_a_thread(check: Callable[[], None]) -> Iterator[Verdict]:
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            check()
            outcome.append(None)
        except BaseException as error:  # noqa: BLE001 — raised again by the verdict
            outcome.append(error)

    thread = threading.Thread(target=run, name="circular-check", daemon=True)
    thread.start()

    def verdict() -> None:
        thread.join()
        if outcome[0] is not None:
            raise outcome[0]

    yield verdict
