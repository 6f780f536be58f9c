"""Rows as a table that fits the terminal, cutting nothing a reader needs whole.

Amounts, names, ids and dates are never cut. When the table is too wide, in this order: long free
text (summaries, facts, quotes) is shortened with …; empty columns, then wide lists and texts,
leave the table, to be said under each row as `column: value`; names and lists wrap between words or items, onto two
lines at most; then columns leave the table from the right. Where a fact comes from (its id, its
sources, their words) is always said under its row.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable

# Without a terminal (a pipe, a file) the table has this width, whoever runs it; COLUMNS overrides it.
PIPED_WIDTH = 160
GAP = "  "  # between columns
INDENT = "    "  # before the lines under a row
SHORTEST_TEXT = 30  # free text is shortened no further than this; narrower, it goes under its row
SHORTEST_QUOTE = 20  # a source's words follow the row's id and source when this many characters fit
SENTENCE_WORDS = 8  # a cell of fewer words is never free text
WIDE = 24  # a list or a text that cannot be narrower than this is the first to leave a narrow table
# Columns that say where a fact comes from: in a table they go on indented lines under their row.
PROVENANCE = ("id", "source", "sources", "excerpt", "excerpts", "purpose_excerpt")


@dataclass(frozen=True)
class Cell:
    """A value as people read it, cut into the parts that are never broken: the words of a name,
    the items of a list, or one part for an amount, an id, a date or a number."""
    parts: list[str]
    joiner: str = " "
    is_list: bool = False

    @property
    def text(self) -> str:
        return self.joiner.join(self.parts)

    @property
    def free_text(self) -> bool:
        """Prose, not names: many words, half of them in lower case ("Nvidia invests in…", not
        "Amazon → Anthropic → Amazon (through Amazon Web Services)")."""
        if self.is_list or len(self.parts) < SENTENCE_WORDS:
            return False
        return 2 * sum(part.lstrip("(«\"'[").islower() for part in self.parts) >= len(self.parts)


@dataclass
class Column:
    name: str
    cells: list[Cell]
    width: int = 0

    @cached_property
    def free_text(self) -> bool:
        return any(cell.free_text for cell in self.cells)

    @cached_property
    def natural(self) -> int:
        return max(len(self.name), *(len(cell.text) for cell in self.cells))

    @cached_property
    def narrowest(self) -> int:
        """Free text: SHORTEST_TEXT; other cells: as narrow as two lines each allow, no part broken."""
        if self.free_text:
            return min(self.natural, max(SHORTEST_TEXT, len(self.name)))
        return max(len(self.name), *(_two_line_width(cell) for cell in self.cells))

    def lines(self, row: int) -> tuple[list[str], bool]:
        """The cell's lines at the column's width, and whether text was shortened."""
        cell = self.cells[row]
        if self.free_text:
            short = shorten(cell.text, self.width)
            return [short], short != cell.text
        return wrap(cell, self.width), False


def terminal_width() -> int:
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if sys.stdout.isatty():
            return os.get_terminal_size(sys.stdout.fileno()).columns
    except (AttributeError, OSError, ValueError):
        pass  # a stream with no file behind it, as in tests: no terminal either
    return PIPED_WIDTH


def render_table(columns: list[str], rows: list[dict[str, Any]], readable: Callable[[Any], Cell],
                 width: int | None = None) -> tuple[str, bool]:
    """The table's text, and whether some text in it was shortened."""
    width = width or terminal_width()
    shown = [name for name in columns if name not in PROVENANCE] or columns
    table = [Column(name, [readable(row.get(name)) for row in rows]) for name in shown]
    below = _fit(table, width)
    out = [_line([c.name for c in table], table), _line(["-" * c.width for c in table], table)]
    shortened = False
    for index, row in enumerate(rows):
        cells = [column.lines(index) for column in table]
        shortened |= any(cut for _, cut in cells)
        for depth in range(max(len(lines) for lines, _ in cells)):
            out.append(_line([lines[depth] if depth < len(lines) else "" for lines, _ in cells], table))
        notes, cut = _notes(index, below, width - len(INDENT))
        if shown != columns:
            more, more_cut = _provenance(row, columns, width - len(INDENT))
            notes, cut = notes + more, cut or more_cut
        out += [INDENT + note for note in notes]
        shortened |= cut
    return "\n".join(out), shortened


def _fit(table: list[Column], width: int) -> list[Column]:
    """Narrow the columns until the table fits, sending columns under the rows when narrowing is not
    enough; return those sent, in the table's order."""
    position = {id(column): n for n, column in enumerate(table)}
    below: list[Column] = []
    while not _narrowed(table, width, wrap_names=False) and len(table) > 1:
        empty = [c for c in table[1:] if not any(cell.parts for cell in c.cells)]  # they leave nothing to say
        wide = [c for c in table[1:] if c.narrowest > WIDE and (c.free_text or any(x.is_list for x in c.cells))]
        if not (empty or wide) and _narrowed(table, width, wrap_names=True):
            break
        leaving = (empty or wide or table)[-1]
        table.remove(leaving)
        below.append(leaving)
    if len(table) == 1:  # alone and still too wide: a name or a list may yet wrap
        _narrowed(table, width, wrap_names=True)
    return sorted(below, key=lambda column: position[id(column)])


def _narrowed(table: list[Column], width: int, wrap_names: bool) -> bool:
    """Give each column its natural width, then narrow free text, then (if asked) names and lists;
    True if the table then fits."""
    for column in table:
        column.width = column.natural
    for narrowing in (True, False) if wrap_names else (True,):
        for column in sorted((c for c in table if c.free_text is narrowing), key=lambda c: c.narrowest - c.width):
            excess = sum(c.width for c in table) + len(GAP) * (len(table) - 1) - width
            if excess > 0:
                column.width = max(column.narrowest, column.width - excess)
                column.width = max([len(column.name)] + [len(line) for row in range(len(column.cells))
                                                         for line in column.lines(row)[0]])
    return sum(c.width for c in table) + len(GAP) * (len(table) - 1) <= width


def _line(cells: list[str], table: list[Column]) -> str:
    return GAP.join(cell.ljust(column.width) for cell, column in zip(cells, table)).rstrip()


def _notes(index: int, below: list[Column], width: int) -> tuple[list[str], bool]:
    """The columns that left the table, for one row: the short ones together, each text on its own."""
    pieces: list[str] = []  # each with what follows it, so that lines break between items, never in one
    for column in below:
        cell = column.cells[index]
        if not column.free_text and cell.parts:
            if pieces:
                pieces[-1] += " ·"
            parts = [part + cell.joiner.rstrip() for part in cell.parts[:-1]] + cell.parts[-1:]
            pieces += [f"{column.name}: {parts[0]}", *parts[1:]]
    lines = wrap(Cell(pieces), width) if pieces else []
    shortened = False
    for column in below:
        if column.free_text and column.cells[index].text:
            text = shorten(column.cells[index].text, width - len(column.name) - 2)
            shortened |= text != column.cells[index].text
            lines.append(f"{column.name}: {text}")
    return lines, shortened


def _provenance(row: dict[str, Any], columns: list[str], width: int) -> tuple[list[str], bool]:
    """Which row and source (never cut), then the source's own words (shortened to the line)."""
    sources = [row[c] for c in ("source", "sources") if c in columns and row.get(c)]
    names = [name for value in sources for name in (value if isinstance(value, list) else [value]) if name]
    ident = [str(row["id"])] if "id" in columns and row.get("id") else []
    label = Cell([" · ".join(ident + ["; ".join(dict.fromkeys(names))] if names else ident)])
    quotes = []
    for column in ("excerpt", "excerpts", "purpose_excerpt"):
        if column in columns and row.get(column):
            text = " | ".join(row[column]) if isinstance(row[column], list) else row[column]
            prefix = "which pays for: " if column == "purpose_excerpt" else ""
            quotes.append(f"{prefix}« {' '.join(str(text).split())} »")
    lines: list[str] = []
    if label.text and quotes and len(label.text) + 2 + SHORTEST_QUOTE <= width:
        quotes[0] = f"{label.text}: {quotes[0]}"
    elif label.text:
        lines += wrap(Cell(label.text.split(" ")), width)
    shortened = [shorten(quote, width) for quote in quotes]
    return lines + shortened, shortened != quotes


def wrap(cell: Cell, width: int) -> list[str]:
    """The cell's parts on as few lines of `width` as they fit, none broken (a wider part stays whole)."""
    lines: list[str] = []
    for n, part in enumerate(cell.parts):
        piece = part + (cell.joiner.rstrip() if n < len(cell.parts) - 1 else "")
        if lines and len(lines[-1]) + 1 + len(piece) <= width:
            lines[-1] += " " + piece
        else:
            lines.append(piece)
    return lines or [""]


def _two_line_width(cell: Cell) -> int:
    """The narrowest width at which the cell takes two lines at most: the best place to break it."""
    pieces = [part + cell.joiner.rstrip() for part in cell.parts[:-1]] + cell.parts[-1:]
    if len(pieces) < 2:
        return len(cell.text)
    return min(max(len(" ".join(pieces[:k])), len(" ".join(pieces[k:]))) for k in range(1, len(pieces)))


def shorten(text: str, width: int) -> str:
    """The text on `width` characters at most, cut after a word where it can be, ending with …"""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    if " " in cut:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"
