"""A table's file in its canonical form, searched by key without parsing its rows.

A canonical file (see files.table_text) holds one record per row, sorted by key, a record ending at
the first line break outside quotes. So the records are found in one pass of numpy over the bytes,
a row by binary search on its key, parsing only the records the search visits, and a change is
written by splicing its rows' records into the bytes at their sorted places: the same bytes as
writing the whole table again.
"""
from __future__ import annotations

import bisect
import csv
import io
from functools import cached_property
from typing import Iterable

import numpy as np

from loader.files import Row, record_line
from loader.schema import Table

NEWLINE, QUOTE = ord("\n"), ord('"')


class SortedFile:
    def __init__(self, table: Table, data: bytes):
        self.table = table
        self.data = data

    @cached_property
    def _ends(self) -> np.ndarray:
        """Where each record ends (its line break), the header's first: a line break is inside a
        quoted cell when an odd number of quotes comes before it."""
        raw = np.frombuffer(self.data, dtype=np.uint8)
        breaks = np.flatnonzero(raw == NEWLINE)
        quotes = np.flatnonzero(raw == QUOTE)
        return breaks[(np.searchsorted(quotes, breaks) & 1) == 0]

    def __len__(self) -> int:
        return len(self._ends) - 1

    def _span(self, index: int) -> tuple[int, int]:
        return int(self._ends[index]) + 1, int(self._ends[index + 1]) + 1

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
        body = self.data[int(self._ends[0]) + 1:].decode("utf-8")
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
        records = np.searchsorted(self._ends, np.array(found, dtype=np.int64)) - 1
        return sorted(set(int(r) for r in records if 0 <= r < len(self)))

    def spliced(self, added: list[dict[str, str]], replaced: list[dict[str, str]],
                removed: list[tuple[str, ...]]) -> bytes:
        """The file with these rows added, replaced (same key) and removed, still sorted by key: no
        added key is in the file, and a key to replace or remove that is not there is passed over."""
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
        return b"".join(parts)
