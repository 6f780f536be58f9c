"""Replace several files of the data folder as one change: all of them or none, even after kill -9.

The new files are written into a journal folder beside them first. Writing the `decided` list is the
moment of decision: before it, the change does not exist (the next command throws the journal away);
after it, the change happened (the next command finishes moving the files into place). A lock on the
folder keeps writers apart and readers from seeing a change half moved.
"""
from __future__ import annotations

import errno
import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

JOURNAL = ".circular-journal"
DECIDED = "decided"
LOCK = ".circular.lock"

Waiting = Callable[[str], None]
"""waiting(sentence): told, once, that another process holds the folder and this one waits for it."""

_held: dict[Path, int] = {}  # folders this process has locked, with how many holders (reentrant)


def journal_dir(folder: Path) -> Path:
    return Path(folder) / JOURNAL


@contextmanager
def locked(folder: Path | str, shared: bool = False, waiting: Waiting | None = None) -> Iterator[None]:
    """Hold the folder: alone (to change it) or shared with other readers (to read it whole).
    Reentrant within one process; a folder that cannot hold a lock file (read-only) is read unlocked."""
    folder = Path(folder).resolve()
    if folder in _held:
        _held[folder] += 1
        try:
            yield
        finally:
            _held[folder] -= 1
        return
    try:
        handle = open(folder / LOCK, "a+")
    except OSError as error:
        if shared and error.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
            yield
            return
        raise
    with handle:
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting:
                waiting(_busy_sentence(folder, handle))
            fcntl.flock(handle, mode)
        if not shared:
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
        _held[folder] = 1
        try:
            yield
        finally:
            del _held[folder]
            fcntl.flock(handle, fcntl.LOCK_UN)


def _busy_sentence(folder: Path, handle) -> str:
    handle.seek(0)
    holder = handle.read().strip()
    by = f" (process {holder})" if holder.isdigit() else ""
    return f"Another command is changing {folder}{by}; waiting for it to finish…"


def prepare(folder: Path, writers: dict[str, Callable[[Path], None]]) -> None:
    """Write each new file into the journal: writers maps a file name to a function writing it."""
    journal = journal_dir(folder)
    shutil.rmtree(journal, ignore_errors=True)
    journal.mkdir()
    for name, write in writers.items():
        path = journal / name
        write(path)
        _sync_file(path)
    _sync_dir(journal)


def decide(folder: Path) -> None:
    """From here on the change has happened: written atomically (a rename), then made durable."""
    journal = journal_dir(folder)
    names = sorted(p.name for p in journal.iterdir() if p.name != DECIDED and not p.name.startswith("."))
    partial = journal / f".{DECIDED}.partial"
    partial.write_text("".join(name + "\n" for name in names))
    _sync_file(partial)
    os.replace(partial, journal / DECIDED)
    _sync_dir(journal)


def finish(folder: Path) -> None:
    """Move every decided file into place, then remove the journal. Safe to repeat after a crash:
    a file already moved is simply no longer in the journal."""
    journal = journal_dir(folder)
    for name in (journal / DECIDED).read_text().split():
        new = journal / name
        if new.exists():
            os.replace(new, Path(folder) / name)
    _sync_dir(Path(folder))
    shutil.rmtree(journal)


def abandon(folder: Path) -> None:
    """Throw an undecided change away: the files were never touched."""
    shutil.rmtree(journal_dir(folder), ignore_errors=True)


def pending(folder: Path) -> bool:
    return journal_dir(folder).exists()


def recover(folder: Path | str, waiting: Waiting | None = None) -> str | None:
    """Finish or undo a change a killed command left behind; what was done, or None."""
    folder = Path(folder)
    if not pending(folder):
        return None
    with locked(folder, waiting=waiting):
        if not pending(folder):  # another process recovered it meanwhile
            return None
        if (journal_dir(folder) / DECIDED).exists():
            finish(folder)
            return "completed"
        abandon(folder)
        return "undone"


def _sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
