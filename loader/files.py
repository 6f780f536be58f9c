"""Read the data folder's CSV files into rows, and write rows back in the same format."""
from __future__ import annotations

import csv
import io
import itertools
import operator
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from loader import checked, journal
from loader.problems import Problem
from loader.schema import TABLES, Table

HEADER_ROW = 1
csv.field_size_limit(sys.maxsize)  # a field's size is checked as a value, not by the reader


@dataclass(frozen=True)
class Row:
    number: int  # the spreadsheet's row number (the header is row 1)
    values: dict[str, str]
    origin: str | None = None  # the file a new row comes from, when not its table's own (an import)

    def where(self, table_file: str) -> tuple[str, int]:
        """(file, row) to name in a problem about this row."""
        return self.origin or table_file, self.number


Dataset = dict[str, list[Row]]


def read_table(path: Path, table: Table,
               seen: dict[str, checked.Seen] | None = None) -> tuple[list[Row], list[Problem]]:
    """The rows of one CSV file, every cell a cleaned string ('' when empty; see clean_cell); `seen`
    gets how the file was when read (see loader/checked.py).

    The one reader of the data files: the csv module alone, with no limit on a field's size (a stray
    quote can make one field swallow the rest of the file, and that must be a problem, not a crash).
    """
    name = path.name
    if not path.is_file():
        return [], [Problem(name, HEADER_ROW, "-", f"file missing from {path.parent}",
                            f"create it with the header line: {','.join(table.header)}")]
    try:
        data, how = checked.read(path)
        if seen is not None:
            seen[name] = how
        records = _records(data)
    except UnicodeDecodeError:
        return [], [Problem(name, HEADER_ROW, "-", "the file is not UTF-8 text",
                            "save it from your spreadsheet as 'CSV UTF-8 (comma delimited)'")]
    except csv.Error as error:
        return [], [Problem(name, error.args[1] if len(error.args) > 1 else HEADER_ROW, "-",
                            f"not a readable CSV file ({error.args[0]})",
                            "check the quoting on that line, or re-save the file as CSV from a spreadsheet")]
    if not records or not any(records[0]):
        return [], [Problem(name, HEADER_ROW, "-", "the file has no header line",
                            f"start it with the header line: {','.join(table.header)}")]
    columns = [clean_cell(c) for c in records[0]]
    if len(columns) == 1 and ";" in columns[0]:
        return [], [Problem(name, HEADER_ROW, "-", "the columns are separated by ';', not ','",
                            "save it from your spreadsheet as 'CSV UTF-8 (comma delimited)'")]
    missing = [c for c in table.header if c not in columns]
    unknown = [c for c in columns if c not in table.header]
    problems = [Problem(name, HEADER_ROW, c, "column missing", f"add the column {c!r} (it may stay empty)")
                for c in missing]
    problems += [Problem(name, HEADER_ROW, c, "unknown column",
                         f"remove it or rename it to one of: {', '.join(table.header)}") for c in unknown]
    problems += [Problem(name, number, "-", f"the row has {len(record)} cells and the header {len(columns)}",
                         "a cell holding a comma must be quoted: re-save the file as CSV from a spreadsheet")
                 for number, record in enumerate(records[1:], start=HEADER_ROW + 1)
                 if record and len(record) != len(columns)]
    if problems:
        return [], problems
    header = table.header
    pick = operator.itemgetter(*({column: i for i, column in enumerate(columns)}[c] for c in header))
    numbered = [(number, record) for number, record in enumerate(records[1:], start=HEADER_ROW + 1) if record]
    cells = [tuple(map(str.strip, pick(record))) for _, record in numbered]
    # clean_cell for every cell, unless its NFC is a no-op (a NUL between cells composes with neither)
    if not data.isascii() and not unicodedata.is_normalized("NFC", "\0".join(itertools.chain(*cells))):
        cells = [tuple(map(clean_cell, pick(record))) for _, record in numbered]
    return [Row(number, dict(zip(header, values))) for (number, _), values in zip(numbered, cells) if any(values)], []


def clean_cell(cell: str) -> str:
    """A cell as the base keeps it: without surrounding spaces, in Unicode's composed form (NFC), so
    that 'é' typed as e + accent and 'é' typed at once are the same text."""
    return unicodedata.normalize("NFC", cell).strip()


def _records(data: bytes) -> list[list[str]]:
    """Every record of a CSV file's bytes (a record with a quoted line break spans lines); csv.Error
    carries (message, line number)."""
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    try:
        return list(reader)
    except csv.Error as error:
        raise csv.Error(str(error), reader.line_num) from None


def read_dataset(data_dir: Path, seen: dict[str, checked.Seen] | None = None) -> tuple[Dataset, list[Problem]]:
    """Every table of the folder, read as one state: never half of a change another command is
    making, and never half of one a killed command left (it is finished or undone first). `seen`
    gets how each file was when read."""
    while True:
        journal.recover(data_dir)
        with journal.locked(data_dir, shared=True):
            if journal.pending(data_dir) and (journal.journal_dir(data_dir) / journal.DECIDED).exists():
                continue  # a change was decided by a command killed since: finish it first
            dataset: Dataset = {}
            problems: list[Problem] = []
            for table in TABLES:
                rows, found = read_table(Path(data_dir) / table.file, table, seen)
                dataset[table.name] = rows
                problems += found
            return dataset, problems


def sorted_rows(table: Table, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return sorted(rows, key=table.key_of)


def write_table(path: Path, table: Table, rows: list[dict[str, str]]) -> None:
    """Write rows sorted by key, so that a changed base gives a diff of the changed rows only."""
    Path(path).write_text(table_text(table, rows), encoding="utf-8")


def table_text(table: Table, rows: list[dict[str, str]]) -> str:
    """A table's file as the base writes it: header, rows sorted by key, quoted only where needed."""
    return _text(table, sorted_rows(table, rows))


def canonical_text(table: Table, rows: list[dict[str, str]]) -> str | None:
    """table_text of rows already in its order (as a file read in canonical form gives them), without
    sorting them again; None when they are not in that order."""
    keys = [table.key_of(row) for row in rows]
    if any(earlier >= later for earlier, later in zip(keys, keys[1:])):
        return None
    return _text(table, rows)


def _text(table: Table, rows: Iterable[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.header)
    writer.writerows(map(operator.itemgetter(*table.header), rows))  # every table has several columns
    return buffer.getvalue()


def record_line(table: Table, row: dict[str, str]) -> str:
    """One row's line as table_text writes it."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([row.get(column, "") for column in table.header])
    return buffer.getvalue()


def rewrite_canonical(data_dir: Path, dataset: Dataset) -> list[str]:
    """Write back, as one change, the files whose bytes differ from the canonical form of what was
    read (spaces trimmed, Unicode composed, rows sorted, one quoting style); their names.
    The caller holds the folder (journal.locked) since it read it."""
    data_dir = Path(data_dir)
    changed = {}
    for table in TABLES:
        text = table_text(table, [row.values for row in dataset[table.name]])
        if (data_dir / table.file).read_bytes() != text.encode("utf-8"):
            changed[table.file] = text
    if changed:
        try:
            journal.prepare(data_dir, {name: (lambda path, text=text: path.write_text(text, encoding="utf-8"))
                                       for name, text in changed.items()})
            journal.decide(data_dir)
        except BaseException:
            journal.abandon(data_dir)
            raise
        journal.finish(data_dir)
    return sorted(changed)
