"""The changes made through circular, kept beside the data so that the last ones can be undone.

Each change made by `add`, `import`, `edit`, `remove`, `link` or `undo` is one line of
DATA_DIR/.circular/history.jsonl: when, the command, and the rows it added, replaced (old and new)
and removed. Undoing one applies its inverse, through the same all-or-nothing path as any change,
and only while the rows it wrote are still as it wrote them.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loader.changes import Change
from loader.files import Dataset
from loader.problems import ChangeRefused
from loader.schema import BY_NAME, TABLES

FOLDER = ".circular"
FILE = "history.jsonl"


@dataclass(frozen=True)
class Entry:
    number: int
    time: str
    command: str
    rows: dict[str, dict[str, Any]]  # table → {"added": [row], "replaced": [[old, new]], "removed": [row]}
    undoes: int | None = None

    def counts(self) -> str:
        parts = []
        for table, rows in self.rows.items():
            for what, sign in (("added", "+"), ("replaced", "~"), ("removed", "-")):
                if rows.get(what):
                    parts.append(f"{BY_NAME[table].file} {sign}{len(rows[what])}")
        return ", ".join(parts)


def path(data_dir: Path) -> Path:
    return Path(data_dir) / FOLDER / FILE


def rows_of(change: Change, before: Dataset) -> dict[str, dict[str, Any]]:
    """What the change does to each table, with the old values of what it replaces or removes."""
    result: dict[str, dict[str, Any]] = {}
    for table in TABLES:
        current = {table.key_of(r.values): r.values for r in before.get(table.name, [])}
        added = [r.values for r in change.added.get(table.name, [])]
        replaced = [[current[table.key_of(r.values)], r.values] for r in change.replaced.get(table.name, [])
                    if table.key_of(r.values) in current]
        removed = [current[key] for key in change.removed.get(table.name, []) if key in current]
        if added or replaced or removed:
            result[table.name] = {"added": added, "replaced": replaced, "removed": removed}
    return result


def record(data_dir: Path, change: Change, before: Dataset, command: str, undoes: int | None = None) -> Entry:
    entries = read(data_dir)
    entry = Entry(number=(entries[-1].number + 1) if entries else 1,
                  time=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                  command=command, rows=rows_of(change, before), undoes=undoes)
    target = path(data_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry.__dict__, ensure_ascii=False) + "\n")
    return entry


def read(data_dir: Path) -> list[Entry]:
    target = path(data_dir)
    if not target.is_file():
        return []
    entries = []
    for line in target.read_text(encoding="utf-8").splitlines():
        if line.strip():
            try:
                entries.append(Entry(**json.loads(line)))
            except (ValueError, TypeError):
                continue  # a line cut short by a crash is not a change that happened
    return entries


def undone(entries: list[Entry]) -> set[int]:
    return {e.undoes for e in entries if e.undoes is not None}


def last_to_undo(data_dir: Path) -> Entry:
    entries = read(data_dir)
    done = undone(entries)
    for entry in reversed(entries):
        if entry.undoes is None and entry.number not in done:
            return entry
    raise ChangeRefused("There is no change made through circular left to undo in this data folder "
                        f"({path(data_dir)}).")


def inverse(entry: Entry, now: Dataset) -> Change:
    """The change that puts back what the entry changed — refused if those rows changed since."""
    change = Change()
    for name, rows in entry.rows.items():
        table = BY_NAME[name]
        current = {table.key_of(r.values): r.values for r in now[name]}
        for new in rows["added"]:
            _still(current, table, new, entry)
            change.remove(name, table.key_of(new))
        for old, new in rows["replaced"]:
            _still(current, table, new, entry)
            change.replace(name, old)
        for old in rows["removed"]:
            if table.key_of(old) in current:
                raise ChangeRefused(f"Change #{entry.number} removed a row of {table.file} that is back since "
                                    f"({', '.join(table.key_of(old))}); undo the later change first.")
            change.add(name, old)
    return change


def _still(current: dict, table, row: dict[str, str], entry: Entry) -> None:
    key = table.key_of(row)
    if current.get(key) != row:
        raise ChangeRefused(f"Change #{entry.number} wrote a row of {table.file} ({', '.join(key)}) that has changed "
                            "since; undo the later change first, or edit the row by hand.")


def diff_lines(change: Change, before: Dataset) -> list[str]:
    """The change as a diff: `- file: old row` and `+ file: new row` lines, in CSV."""
    lines = []
    for name, rows in rows_of(change, before).items():
        file = BY_NAME[name].file
        header = BY_NAME[name].header
        lines += [f"- {file}: {_csv(header, old)}" for old in rows["removed"]]
        for old, new in rows["replaced"]:
            lines += [f"- {file}: {_csv(header, old)}", f"+ {file}: {_csv(header, new)}"]
        lines += [f"+ {file}: {_csv(header, new)}" for new in rows["added"]]
    return lines


def _csv(header: list[str], row: dict[str, str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([row.get(c, "") for c in header])
    return buffer.getvalue()
