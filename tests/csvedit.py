"""Small helpers to copy the data folder and change it the way a journalist would in a spreadsheet."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


def copy_data(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in DATA.glob("*.csv"):
        shutil.copy(path, target / path.name)
    return target


def read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> None:
    header = header or list(rows[0])
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def set_cell(path: Path, row_number: int, column: str, value: str) -> None:
    """Change one cell; row_number counts as a spreadsheet does (the header is row 1)."""
    rows = read(path)
    rows[row_number - 2][column] = value
    write(path, rows)


def append(path: Path, **values: str) -> int:
    """Add a row (missing columns empty); returns its spreadsheet row number."""
    rows = read(path)
    with open(path, newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))  # the file may have no row yet
    rows.append({column: values.get(column, "") for column in header})
    write(path, rows, header)
    return len(rows) + 1


def row_number(path: Path, column: str, value: str) -> int:
    for index, row in enumerate(read(path)):
        if row[column] == value:
            return index + 2
    raise KeyError(f"no row with {column}={value} in {path}")
