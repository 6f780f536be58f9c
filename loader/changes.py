"""Add rows to the base: the CSV files and Neo4j change together, or neither does."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import neo4j

from loader import checked, journal, partial
from loader.files import Dataset, Row, clean_cell, table_text
from loader.load import LoadReport, read_valid, sync, writing
from loader.problems import InvalidData, LoadFailed
from loader.schema import BY_NAME, TABLES, Table
from loader.texts import texts_folder
from loader.validate import check, validate
from server import Connection


@dataclass
class Change:
    """Rows to add, rows to replace (same key) and keys of rows to remove, table by table."""
    added: dict[str, list[Row]] = field(default_factory=dict)
    replaced: dict[str, list[Row]] = field(default_factory=dict)
    removed: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)

    def add(self, table: str, values: dict[str, str], origin: str | None = None, number: int = 0) -> None:
        header = BY_NAME[table].header
        # typed values are trimmed and composed as the files' values are when read
        self.added.setdefault(table, []).append(Row(number, {c: clean_cell(values.get(c) or "") for c in header}, origin))

    def replace(self, table: str, values: dict[str, str]) -> None:
        self.replaced.setdefault(table, []).append(Row(0, {c: clean_cell(v or "") for c, v in values.items()}))

    def remove(self, table: str, key: tuple[str, ...]) -> None:
        if key not in self.removed.get(table, []):
            self.removed.setdefault(table, []).append(key)

    def rows(self) -> list[tuple[str, dict[str, str]]]:
        """(file, row) for every row this change writes, in load order."""
        return [(BY_NAME[t].file, row.values) for t in BY_NAME
                for row in self.added.get(t, []) + self.replaced.get(t, [])]

    def keys(self) -> dict[str, set[tuple[str, ...]]]:
        """The keys of every row this change adds, replaces or removes, by table."""
        return {t: {BY_NAME[t].key_of(r.values) for r in self.added.get(t, []) + self.replaced.get(t, [])}
                | set(self.removed.get(t, [])) for t in BY_NAME}

    def __bool__(self) -> bool:
        return any(self.added.values()) or any(self.replaced.values()) or any(self.removed.values())


def combined(dataset: Dataset, change: Change) -> Dataset:
    """The dataset as it would be with the change applied."""
    result: Dataset = {}
    for table in TABLES:
        replacing = {table.key_of(r.values): r for r in change.replaced.get(table.name, [])}
        removing = set(change.removed.get(table.name, []))
        rows = [replacing.get(table.key_of(r.values), r) for r in dataset[table.name]
                if table.key_of(r.values) not in removing]
        result[table.name] = rows + change.added.get(table.name, [])
    return result


def check_change(data_dir: Path | str, change: Change, sources_dir: Path | str | None = None,
                 before: Dataset | None = None) -> Dataset:
    """The data folder with the change applied (of a partial read, the rows it concerns), or
    InvalidData listing every problem. `before`: the folder's rows when the caller has read them already."""
    texts = Path(sources_dir) if sources_dir else texts_folder(data_dir)
    if before is None or isinstance(before, partial.Slice):  # a Slice's files are taken again if unchanged
        before = _read(data_dir, change, texts, before)
    return _checked(before, change, texts)


def _read(data_dir: Path | str, change: Change, texts: Path, reuse: Dataset | None = None) -> Dataset:
    """The folder as the change needs it: a partial read when the change can be checked against the
    rest of a folder known valid, else every row, checked."""
    if partial.scoped(change):
        return partial.read(data_dir, texts, reuse)
    return read_valid(data_dir, texts)


def _checked(before: Dataset, change: Change, texts: Path | None,
             texts_seen: dict[str, checked.Seen | None] | None = None) -> Dataset:
    """The rows after the change, once its rows (of a Slice) or the whole result are found valid."""
    if isinstance(before, partial.Slice):
        rows, rest = before.around(change)
        problems = check(rows, rest, texts, texts_seen)
        after = combined(before, change)
    else:
        after = combined(before, change)
        problems = validate(after, texts, texts_seen)
    if problems:
        raise InvalidData(problems)
    return after


def apply(connection: Connection, data_dir: Path | str, change: Change,
          sources_dir: Path | str | None = None, command: str = "", undoes: int | None = None,
          waiting: journal.Waiting | None = None, reading: Dataset | None = None) -> LoadReport:
    """Write the change to the data folder's files and to Neo4j, all or nothing, and record it in the
    folder's history (see loader/history.py) as made by `command`.

    The change is checked first (InvalidData lists every problem): its rows against the rest of the
    folder when the folder is as a check left it (loader/partial.py), else the whole base with it.
    `reading`: a partial read this process made while it held the folder, taken again if its files
    have not changed. The new files are written to the folder's journal while the Neo4j transaction
    is open; the change is decided just before the commit and the files moved into place just after
    it. A crash before the decision leaves the old files (the uncommitted transaction dies with the
    connection); after it, the next command finishes moving the files, and the next `circular load`
    brings Neo4j in line.
    """
    from loader import history  # history builds Changes: imported here, not at the top

    data_dir = Path(data_dir)
    tables = [BY_NAME[name] for name in BY_NAME
              if change.added.get(name) or change.replaced.get(name) or change.removed.get(name)]
    with journal.locked(data_dir, waiting=waiting):  # two additions must not each rewrite the files from their own copy
        journal.recover(data_dir)
        texts = Path(sources_dir) if sources_dir else texts_folder(data_dir)
        before = _read(data_dir, change, texts, reading)
        texts_seen: dict[str, checked.Seen | None] = {}
        after = _checked(before, change, texts, texts_seen)
        contents = {table.file: _contents(table, before, after, change) for table in tables}
        with writing(connection, "neither the files nor the database changed") as session:
            with session.begin_transaction() as tx:
                report = sync(tx, after, replace=False, removing=change.removed, only=change.keys(), around=True)
                try:
                    journal.prepare(data_dir, {file: _writer(data) for file, (data, _) in contents.items()})
                    journal.decide(data_dir)
                    tx.commit()
                except neo4j.exceptions.IncompleteCommit:
                    # the database may hold the change: keep it in the files, the source of truth
                    journal.finish(data_dir)
                    raise LoadFailed("The connection broke while Neo4j committed the change. The files "
                                     "have it; run `circular load` to make sure the database does too.") from None
                except BaseException:
                    journal.abandon(data_dir)
                    raise
                journal.finish(data_dir)
        partial.remember_change(data_dir, before, contents, texts_seen, after)
        history.record(data_dir, change, before, command, undoes)
    return report


def _contents(table: Table, before: Dataset, after: Dataset, change: Change) -> tuple[bytes, int]:
    """A changed table's new file, and how many rows it holds: the change's rows spliced into the
    sorted file of a partial read, or the whole table written again."""
    if isinstance(before, partial.Slice):
        return before.files[table.name].spliced([r.values for r in change.added.get(table.name, [])],
                                                [r.values for r in change.replaced.get(table.name, [])],
                                                change.removed.get(table.name, []))
    return table_text(table, [row.values for row in after[table.name]]).encode("utf-8"), len(after[table.name])


def _writer(data: bytes):
    return lambda path: path.write_bytes(data)
