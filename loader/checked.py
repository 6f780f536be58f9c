"""What the last full check of a data folder found valid, so that a change can trust the rest, and a
load of the very same files need not check them again.

A full check reads every row; a change of a few rows need not, when the folder is exactly as a full
check (or a change checked against one) left it. DATA_DIR/.circular/checked.json records that state:
each CSV file's size, modification time, inode and SHA-1 digest, whether its bytes are the canonical
form the base writes, the texts the excerpts were checked against, and the rules that judged them (a
digest of the loader's own modules). A file is the same when its digest is; its size, time and inode
are enough only when its time was older than the moment it was read by more than a clock tick, since a
file written twice within one tick keeps its time. Anything else means a full check again.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Mapping

FOLDER = ".circular"
FILE = "checked.json"
SECOND = 1_000_000_000
# Timestamps kept to the nanosecond move with the kernel's coarse clock (a tick of at most 10 ms);
# those kept to the millisecond or the second may move once a second or less often.
FINE_TICK_MARGIN = SECOND // 10
COARSE_TICK_MARGIN = 3 * SECOND
# The modules whose rules decide what is valid: a record made under other rules is not trusted.
RULE_MODULES = ("schema.py", "validate.py", "values.py", "amounts.py", "texts.py", "files.py", "checked.py")


@dataclass(frozen=True)
class Seen:
    """One file as it was read or written."""
    size: int
    mtime_ns: int
    ino: int
    digest: str
    settled: bool  # its time was older than the moment it was read by more than a tick
    canonical: bool = False  # for a CSV file: its bytes are those the base writes for its rows
    rows: int = -1  # for a CSV file: how many rows it holds (-1: not counted)

    def same_stat(self, stat: os.stat_result) -> bool:
        return (stat.st_size, stat.st_mtime_ns, stat.st_ino) == (self.size, self.mtime_ns, self.ino)


def seen(data: bytes, stat: os.stat_result, read_at: int, canonical: bool = False) -> Seen:
    margin = COARSE_TICK_MARGIN if stat.st_mtime_ns % 1_000_000 == 0 else FINE_TICK_MARGIN
    return Seen(stat.st_size, stat.st_mtime_ns, stat.st_ino, digest(data), stat.st_mtime_ns < read_at - margin,
                canonical)


def digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def read(path: Path) -> tuple[bytes, Seen]:
    """A file's bytes, and how it was when read; OSError when it cannot be."""
    read_at = time.time_ns()
    with open(path, "rb") as handle:
        stat = os.fstat(handle.fileno())
        data = handle.read()
    return data, seen(data, stat, read_at)


def written(path: Path, data: bytes, rows: int) -> Seen:
    """A CSV file circular has just written, with these bytes and rows (canonical: circular writes no
    other kind)."""
    return replace(seen(data, os.stat(path), time.time_ns(), canonical=True), rows=rows)


def unchanged(path: Path, was: Seen | None, data: bytes | None = None) -> bool:
    """Whether the file is still as it was seen (None: it was absent, and must still be); `data`, its
    bytes when the caller read them already."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return was is None
    if was is None or stat.st_size != was.size:
        return False
    if was.settled and was.same_stat(stat):
        return True
    if data is None:
        data = Path(path).read_bytes()
    return digest(data) == was.digest


@dataclass
class Record:
    """A state of the folder a full check found valid."""
    texts: str  # the texts folder the excerpts were checked against
    files: dict[str, Seen]  # each CSV file
    source_texts: dict[str, Seen | None]  # each text a source names, None when it was absent
    rules: str = ""

    def with_files(self, files: dict[str, Seen], source_texts: dict[str, Seen | None]) -> Record:
        return Record(self.texts, {**self.files, **files}, {**self.source_texts, **source_texts}, self.rules)

    def vouches_for(self, texts_dir: Path, digests: Mapping[str, str]) -> bool:
        """Whether it records these very files (each file's digest, by name), checked against the texts
        of texts_dir as they are now."""
        return self.texts == str(texts_dir) and {name: how.digest for name, how in self.files.items()} == digests \
            and all(unchanged(Path(texts_dir) / name, how) for name, how in self.source_texts.items())


def rules() -> str:
    here = Path(__file__).resolve().parent
    return digest(b"".join((here / name).read_bytes() for name in RULE_MODULES))


def path(data_dir: Path) -> Path:
    return Path(data_dir) / FOLDER / FILE


def load(data_dir: Path) -> Record | None:
    """The record, if there is one made under the current rules."""
    try:
        raw = json.loads(path(data_dir).read_text(encoding="utf-8"))
        record = Record(raw["texts"], {n: Seen(**s) for n, s in raw["files"].items()},
                        {n: Seen(**s) if s else None for n, s in raw["source_texts"].items()}, raw["rules"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return record if record.rules == rules() else None


def save(data_dir: Path, record: Record) -> None:
    """Write the record whole or not at all (a folder that cannot hold it is simply checked in full)."""
    target = path(data_dir)
    record = replace(record, rules=rules())
    text = json.dumps({"texts": record.texts, "rules": record.rules,
                       "files": {n: asdict(s) for n, s in sorted(record.files.items())},
                       "source_texts": {n: asdict(s) if s else None for n, s in sorted(record.source_texts.items())}})
    partial = target.with_name(f".{FILE}.{os.getpid()}")
    try:
        target.parent.mkdir(exist_ok=True)
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)


def forget(data_dir: Path) -> None:
    try:
        path(data_dir).unlink(missing_ok=True)
    except OSError:
        pass
