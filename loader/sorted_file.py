"""A table's file in its canonical form, searched by key without parsing its rows.

A canonical file (see files.table_text) holds one record per row, sorted by key, a record ending at
the first line break outside quotes. So the records are found in one pass over the bytes (a file with
as many line breaks as records has no line break inside quotes, and needs no more), a row by binary
search on its key, parsing only the records the search visits, and a change is written by splicing its
rows' records into the bytes at their sorted places: the same bytes as writing the whole table again.
"""
from __future__ import annotations

import bisect
import csv
import io
import itertools
from functools import cached_property
from typing import Iterable

from loader.files import Row, record_line
from loader.schema import Table


class SortedFile:
    def __init__(self, table: Table, data: bytes, row_count: int = -1):
        """`row_count`: how many rows the file holds, when known (loader/checked.py counts them)."""
        self.table = table
        self.data = data
        self.row_count = row_count

    @cached_property
    def _ends(self) -> list[int]:
        """Where each record ends (its line break), the header's first: a line break is inside a
        quoted cell when an odd number of quotes comes before it."""
        lines = self.data.split(b"\n")[:-1]  # a canonical file ends with a line break
        ends = list(itertools.accumulate((len(line) + 1 for line in lines), initial=-1))[1:]
        if len(lines) == self.row_count + 1:
            return ends
        outside, inside = [], False
        for end, line in zip(ends, lines):
            inside ^= line.count(b'"') % 2 == 1
            if not inside:
                outside.append(end)
        return outside

    def __len__(self) -> int:
        return len(self._ends) - 1

    def _span(self, index: int) -> tuple[int, int]:
        return self._ends[index] + 1, self._ends[index + 1] + 1

    def values(self, index: int) -> dict[str, str]:
        start, end = self._span(index)
        [cells] = csv.reader(io.StringIO(self.data[start:end].decode("utf-8"), newline=""))
        return dict(zip(self.table.header, cells))

    def row(self, index: int) -> Row:
        return Row(index + 2, self.values(index))  # the header is row 1

    def rows(self, indices: Iterable[int]) -> list[Row]:
        return [self.row(i) for i in indices]

    @cached_property
    def all_rows(self) -> list[Row]:
        """Every row, parsed at once (for the small tables)."""
        body = self.data[self.data.index(b"\n") + 1:].decode("utf-8")  # after the header, which has no quotes
        return [Row(number, dict(zip(self.table.header, cells)))
                for number, cells in enumerate(csv.reader(io.StringIO(body, newline="")), start=2)]

    def key(self, index: int) -> tuple[str, ...]:
        return self.table.key_of(self.values(index))

    def where(self, prefix: tuple[str, ...]) -> range:
        """The rows whose key starts with these values (a deal's reports: its deal id)."""
        size = len(prefix)
        head = lambda index: self.key(index)[:size]  # noqa: E731
        low = bisect.bisect_left(range(len(self)), prefix, key=head)
        return range(low, bisect.bisect_right(range(len(self)), prefix, lo=low, key=head))

    def find(self, key: tuple[str, ...]) -> int | None:
        found = self.where(key)
        return found.start if found else None

    def containing(self, text: str) -> list[int]:
        """The rows whose record holds this text somewhere (to be checked cell by cell)."""
        needle, found, start = text.encode("utf-8"), [], 0
        while (at := self.data.find(needle, start)) >= 0:
            found.append(at)
            start = at + 1
        records = {bisect.bisect_left(self._ends, at) - 1 for at in found}
        return sorted(record for record in records if 0 <= record < len(self))

    def spliced(self, added: list[dict[str, str]], replaced: list[dict[str, str]],
                removed: list[tuple[str, ...]]) -> tuple[bytes, int]:
        """The file with these rows added, replaced (same key) and removed, still sorted by key, and
        how many rows it holds: no added key is in the file, and a key to replace or remove that is not
        there is passed over."""
        edits = []  # (start, end, key, new bytes)
        for values in replaced:
            index = self.find(self.table.key_of(values))
            if index is not None:
                edits.append((*self._span(index), (), record_line(self.table, values).encode("utf-8")))
        for key in removed:
            index = self.find(key)
            if index is not None:
                edits.append((*self._span(index), (), b""))
        for values in added:
            key = self.table.key_of(values)
            before = bisect.bisect_left(range(len(self)), key, key=self.key)
            at = self._span(before)[0] if before < len(self) else len(self.data)
            edits.append((at, at, key, record_line(self.table, values).encode("utf-8")))
        parts, done = [], 0
        for start, end, _, new in sorted(edits, key=lambda e: e[:3]):
            parts += [self.data[done:start], new]
            done = end
        parts.append(self.data[done:])
        removed_rows = sum(1 for edit in edits if edit[3] == b"")
        return b"".join(parts), len(self) + len(added) - removed_rows
