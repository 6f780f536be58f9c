"""What is wrong with the data, where, and how to fix it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int  # the spreadsheet's row number: 1 is the header, 2 the first data row
    column: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message} — {self.fix}"


class InvalidData(Exception):
    """The data has problems; nothing was written. `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the data; nothing was written.")

    def report(self) -> str:
        return "\n".join([*map(str, self.problems), str(self)])


class LoadFailed(Exception):
    """The database refused the load; the transaction was rolled back, so nothing was written."""


class ChangeRefused(Exception):
    """A change to the base cannot be made as asked; the message says why and what to do instead."""
