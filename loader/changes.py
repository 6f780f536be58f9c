"""Add rows to the base: the CSV files and Neo4j change together, or neither does."""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import neo4j

from loader.files import Dataset, Row, write_table
from loader.load import LoadReport, read_valid, sync, writing
from loader.problems import InvalidData, LoadFailed
from loader.schema import BY_NAME, TABLES
from loader.texts import texts_folder
from loader.validate import validate
from server import Connection


@dataclass
class Change:
    """Rows to add, rows to replace (same key) and keys of rows to remove, table by table."""
    added: dict[str, list[Row]] = field(default_factory=dict)
    replaced: dict[str, list[Row]] = field(default_factory=dict)
    removed: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)

    def add(self, table: str, values: dict[str, str], origin: str | None = None, number: int = 0) -> None:
        header = BY_NAME[table].header
        self.added.setdefault(table, []).append(Row(number, {c: values.get(c, "") for c in header}, origin))

    def replace(self, table: str, values: dict[str, str]) -> None:
        self.replaced.setdefault(table, []).append(Row(0, values))

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


def check_change(data_dir: Path | str, change: Change, sources_dir: Path | str | None = None) -> Dataset:
    """The data folder with the change applied, or InvalidData listing every problem."""
    return _checked(read_valid(data_dir), change, sources_dir or texts_folder(data_dir))


def _checked(before: Dataset, change: Change, sources_dir: Path | str | None) -> Dataset:
    after = combined(before, change)
    problems = validate(after, Path(sources_dir) if sources_dir else None)
    if problems:
        raise InvalidData(problems)
    return after


def apply(connection: Connection, data_dir: Path | str, change: Change,
          sources_dir: Path | str | None = None, command: str = "", undoes: int | None = None) -> LoadReport:
    """Write the change to the data folder's files and to Neo4j, all or nothing, and record it in the
    folder's history (see loader/history.py) as made by `command`.

    The whole base is validated with the change first (InvalidData lists every problem). The Neo4j
    transaction stays open while the files are replaced; it commits only once they are in place,
    and the files are put back if the commit fails.
    """
    from loader import history  # history builds Changes: imported here, not at the top

    data_dir = Path(data_dir)
    tables = [BY_NAME[name] for name in BY_NAME
              if change.added.get(name) or change.replaced.get(name) or change.removed.get(name)]
    with _locked(data_dir):  # two additions at once must not each rewrite the files from their own copy
        before = read_valid(data_dir)
        after = _checked(before, change, sources_dir or texts_folder(data_dir))
        with writing(connection, "neither the files nor the database changed") as session:
            with session.begin_transaction() as tx:
                report = sync(tx, after, replace=False, removing=change.removed, only=change.keys())
                originals = _replace_files(data_dir, tables, after)
                try:
                    tx.commit()
                except neo4j.exceptions.IncompleteCommit:
                    # the database may hold the change: keep the files, the source of truth
                    raise LoadFailed("The connection broke while Neo4j committed the change. The files "
                                     "have it; run `circular load` to make sure the database does too.") from None
                except BaseException:
                    _restore(originals)
                    raise
        history.record(data_dir, change, before, command, undoes)
    return report


@contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    with open(data_dir / ".circular.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _replace_files(data_dir: Path, tables: list, dataset: Dataset) -> dict[Path, bytes]:
    originals: dict[Path, bytes] = {}
    try:
        for table in tables:
            path = data_dir / table.file
            originals[path] = path.read_bytes()
            temporary = path.with_suffix(".csv.tmp")
            try:
                write_table(temporary, table, [row.values for row in dataset[table.name]])
                os.replace(temporary, path)
            finally:
                temporary.unlink(missing_ok=True)
    except BaseException:
        _restore(originals)
        raise
    return originals


def _restore(originals: dict[Path, bytes]) -> None:
    for path, content in originals.items():
        path.write_bytes(content)
