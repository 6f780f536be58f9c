"""A check run in a process of its own while this one writes: its verdict is asked for before the commit.

In a thread, the check and the writing share Python's lock: measured at 100,000 deals, the check
running beside the load made it 8 s slower, as long as running it first (the writing thread waits for
the lock each time Neo4j answers, and Neo4j waits for it). A forked process has a lock of its own, and
sees the rows this process read without their being copied to it. Where a process cannot be forked
(Windows), or should not be (other threads run, whose locks a child could inherit held), the check
runs in a thread as before.
"""
from __future__ import annotations

import multiprocessing
import threading
import time
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Callable, Iterator

from loader.problems import InvalidData, LoadFailed


class Verdict:
    """Called, waits for the check to end, then raises what it raised: InvalidData when it found
    problems, LoadFailed when it was stopped before its end (killed, interrupted), RuntimeError when
    it broke. `seconds` is then how long the check took."""

    def __init__(self, wait: Callable[[], tuple[str, object, float]]):
        self._wait = wait
        self._outcome: tuple[str, object, float] | None = None

    def __call__(self) -> None:
        if self._outcome is None:
            self._outcome = self._wait()
        kind, detail, _ = self._outcome
        if kind == "invalid":
            raise InvalidData(detail)  # type: ignore[arg-type]
        if kind == "stopped":  # not a problem of the rows, nor a bug: say it in a sentence
            raise LoadFailed(f"The check of the rows stopped before its end ({detail}); nothing was changed. "
                             "Try again, with more memory free if it was killed.")
        if kind == "failed":
            raise RuntimeError(detail)

    @property
    def asked(self) -> bool:
        return self._outcome is not None

    @property
    def seconds(self) -> float:
        return self._outcome[2] if self._outcome else 0.0


@contextmanager
def checked_apart(check: Callable[[], None]) -> Iterator[Verdict]:
    """Start check() apart from the calling thread and yield its verdict. On leaving, a check whose
    verdict was not asked for (the work before it failed) is stopped."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        yield _in_a_thread(check)
        return
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_check_and_send, args=(check, sending), name="circular-check", daemon=True)
    child.start()
    sending.close()

    def wait() -> tuple[str, object, float]:
        try:
            return receiving.recv()
        except EOFError:  # it ended without a word: killed, or out of memory
            child.join()
            return "stopped", f"exit code {child.exitcode}", 0.0

    verdict = Verdict(wait)
    try:
        yield verdict
    finally:
        if child.is_alive() and not verdict.asked:
            child.terminate()
        child.join()
        receiving.close()


def _outcome(check: Callable[[], None]) -> tuple[str, object, float]:
    began = time.monotonic()
    try:
        check()
        return "valid", None, time.monotonic() - began
    except InvalidData as invalid:
        return "invalid", invalid.problems, time.monotonic() - began
    except KeyboardInterrupt:
        return "stopped", "interrupted", time.monotonic() - began
    except Exception as error:  # noqa: BLE001 — handed to the verdict, which raises it
        return "failed", f"the check of the rows failed: {error!r}", time.monotonic() - began


def _check_and_send(check: Callable[[], None], sending: Connection) -> None:
    sending.send(_outcome(check))
    sending.close()


def _in_a_thread(check: Callable[[], None]) -> Verdict:
    outcome: list[tuple[str, object, float]] = []
    thread = threading.Thread(target=lambda: outcome.append(_outcome(check)), name="circular-check", daemon=True)
    thread.start()

    def wait() -> tuple[str, object, float]:
        thread.join()
        return outcome[0]

    return Verdict(wait)
