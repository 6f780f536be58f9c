"""Read the data folder's CSV files into rows, and write rows back in the same format."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from loader.problems import Problem
from loader.schema import TABLES, Table

HEADER_ROW = 1


@dataclass(frozen=True)
class Row:
    number: int  # the spreadsheet's row number (the header is row 1)
    values: dict[str, str]
    origin: str | None = None  # the file a new row comes from, when not its table's own (an import)

    def where(self, table_file: str) -> tuple[str, int]:
        """(file, row) to name in a problem about this row."""
        return self.origin or table_file, self.number


Dataset = dict[str, list[Row]]


def read_table(path: Path, table: Table) -> tuple[list[Row], list[Problem]]:
    """The rows of one CSV file, every cell a stripped string ('' when empty)."""
    name = path.name
    if not path.is_file():
        return [], [Problem(name, HEADER_ROW, "-", f"file missing from {path.parent}",
                            f"create it with the header line: {','.join(table.header)}")]
    try:
        ragged = _ragged_rows(path)
        if ragged:
            return [], ragged
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, index_col=False,
                            encoding="utf-8-sig", skip_blank_lines=False)
    except UnicodeDecodeError:
        return [], [Problem(name, HEADER_ROW, "-", "the file is not UTF-8 text",
                            "save it from your spreadsheet as 'CSV UTF-8 (comma delimited)'")]
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        return [], [Problem(name, HEADER_ROW, "-", f"not a readable CSV file ({str(error).strip()})",
                            "check the quoting on that line, or re-save the file as CSV from a spreadsheet")]
    columns = [str(c).strip() for c in frame.columns]
    if len(columns) == 1 and ";" in columns[0]:
        return [], [Problem(name, HEADER_ROW, "-", "the columns are separated by ';', not ','",
                            "save it from your spreadsheet as 'CSV UTF-8 (comma delimited)'")]
    missing = [c for c in table.header if c not in columns]
    unknown = [c for c in columns if c not in table.header]
    problems = [Problem(name, HEADER_ROW, c, "column missing", f"add the column {c!r} (it may stay empty)")
                for c in missing]
    problems += [Problem(name, HEADER_ROW, c, "unknown column",
                         f"remove it or rename it to one of: {', '.join(table.header)}") for c in unknown]
    if problems:
        return [], problems
    frame.columns = columns
    rows = []
    for offset, record in enumerate(frame[table.header].to_dict("records")):
        values = {column: value.strip() for column, value in record.items()}
        if any(values.values()):
            rows.append(Row(offset + HEADER_ROW + 1, values))
    return rows, []


def _ragged_rows(path: Path) -> list[Problem]:
    """Rows with more or fewer cells than the header (pandas would shift or drop them silently)."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        records = list(csv.reader(handle))
    if not records:
        return []
    width = len(records[0])
    return [Problem(path.name, number, "-", f"the row has {len(record)} cells and the header {width}",
                    "a cell holding a comma must be quoted: re-save the file as CSV from a spreadsheet")
            for number, record in enumerate(records[1:], start=HEADER_ROW + 1)
            if record and len(record) != width]


def read_dataset(data_dir: Path) -> tuple[Dataset, list[Problem]]:
    dataset: Dataset = {}
    problems: list[Problem] = []
    for table in TABLES:
        rows, found = read_table(Path(data_dir) / table.file, table)
        dataset[table.name] = rows
        problems += found
    return dataset, problems


def sorted_rows(table: Table, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return sorted(rows, key=table.key_of)


def write_table(path: Path, table: Table, rows: list[dict[str, str]]) -> None:
    """Write rows sorted by key, so that a changed base gives a diff of the changed rows only."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=table.header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted_rows(table, rows))
