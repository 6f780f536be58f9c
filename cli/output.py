"""One way to print rows: a table for people, JSON or CSV for programs."""
from __future__ import annotations

import csv
import functools
import io
import json
import shutil
import unicodedata
from typing import Any, Callable

import click
from tabulate import tabulate

from loader import InvalidData
from loader.money import format_money, format_total

FORMATS = ("table", "json", "csv")


def output_options(command: Callable) -> Callable:
    """Adds --format table|json|csv to a command that prints rows."""
    @click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                  help="table for people; json or csv for programs.")
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return command(*args, **kwargs)
    return wrapper


def cell(value: Any) -> str:
    """A value as a person reads it: money as money, lists joined, nothing for null."""
    if value is None:
        return ""
    if isinstance(value, dict) and "amount" in value and "currency" in value:
        text = format_money(value.get("amount"), value.get("currency"), value.get("amount_qualifier"),
                            value.get("amount_max"), value.get("amount_period"))
        if value.get("currency") not in (None, "USD") and value.get("amount") is not None:
            dollars = value.get("amount_usd")
            text += f" (≈ {format_money(dollars, 'USD')}, {value['usd_rate']})" if dollars is not None \
                else f" ({value.get('usd_rate') or 'not converted to dollars'})"
        return text
    if isinstance(value, dict) and isinstance(value.get("total"), list):  # a sum kept by qualifier
        return format_total(value["total"])
    if isinstance(value, list):
        return "; ".join(_list_item(item) for item in value if item is not None)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _list_item(item: Any) -> str:
    if isinstance(item, dict) and "amount" in item and item.get("amount") is None:
        return "?"  # an unknown amount keeps its place among the others
    return cell(item)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: one starting like a formula (=, +, -, @) would be run
    by Excel or LibreOffice on opening, so it gets a leading apostrophe, which they show as text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def visible(text: str) -> str:
    """Text for a terminal: a control character (an escape sequence could recolour or rewrite the
    screen) is shown as its code, e.g. \\x1b."""
    return "".join(f"\\x{ord(c):02x}" if unicodedata.category(c) == "Cc" else c for c in text)


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def fit_widths(natural: list[int], total: int, keep: set[int] = frozenset(), floor: int = 8) -> list[int]:
    """Column widths that fit `total` characters, narrowing the widest columns first — those in
    `keep` only when narrowing the others is not enough."""
    widths = list(natural)
    for candidates in ([i for i in range(len(widths)) if i not in keep], list(range(len(widths)))):
        while sum(widths) + 2 * (len(widths) - 1) > total and candidates:
            widest = max(candidates, key=lambda i: widths[i])
            if widths[widest] <= floor:
                break
            widths[widest] -= 1
    return widths


# Columns that say where a fact comes from: in a table they go on an indented line under their row.
PROVENANCE = ("id", "source", "sources", "excerpt", "excerpts", "purpose_excerpt")
# Columns a reader needs whole; others are shortened first when the terminal is narrow.
KEEP_WHOLE = ("loop", "amount", "amounts", "date", "funder", "recipient", "name", "who", "company", "from")


def render(columns: list[str], rows: list[dict[str, Any]], fmt: str = "table", width: int | None = None) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([spreadsheet_safe(cell(row.get(c))) for c in columns] for row in rows)
        return buffer.getvalue().rstrip("\n")
    if not rows:
        return "(no rows)"
    width = width or shutil.get_terminal_size((160, 24)).columns
    main = [c for c in columns if c not in PROVENANCE] or columns
    table = [[visible(" ".join(cell(row.get(c)).split())) for c in main] for row in rows]
    natural = [max(len(c), *(len(r[i]) for r in table)) for i, c in enumerate(main)]
    widths = fit_widths(natural, width, {i for i, c in enumerate(main) if c in KEEP_WHOLE})
    table = [[shorten(value, widths[i]) for i, value in enumerate(r)] for r in table]
    lines = tabulate(table, headers=main, tablefmt="simple", disable_numparse=True).splitlines()
    out = lines[:2]
    for row, line in zip(rows, lines[2:]):
        out.append(line)
        out += ["    " + shorten(note, width - 4) for note in _provenance(row, columns, main)]
    return "\n".join(out)


def _provenance(row: dict[str, Any], columns: list[str], main: list[str]) -> list[str]:
    """The lines under a row: where it comes from, in the source's own words."""
    if main == columns:
        return []
    where = " ".join(cell(row.get(c)) for c in ("source", "sources") if c in columns and row.get(c))
    ident = cell(row.get("id")) if "id" in columns else ""
    label = " · ".join(filter(None, (ident, _unique(where))))
    notes = []
    for column in ("excerpt", "excerpts", "purpose_excerpt"):
        if column in columns and row.get(column):
            text = " | ".join(row[column]) if isinstance(row[column], list) else row[column]
            prefix = "which pays for: " if column == "purpose_excerpt" else ""
            notes.append(f"{prefix}« {' '.join(str(text).split())} »")
    if label:
        notes = [f"{label}: {notes[0]}" if notes else label, *notes[1:]]
    return notes


def _unique(text: str) -> str:
    return "; ".join(dict.fromkeys(part.strip() for part in text.split(";") if part.strip()))


def fail_with(problems: list, describe: Callable[[Any], str] = str, summary: str | None = None) -> None:
    """Print every problem, one a line, then stop with a summary (by default: nothing was written)."""
    for problem in problems:
        click.echo(describe(problem), err=True)
    raise click.ClickException(summary or str(InvalidData(problems)))


def echo_rows(columns: list[str], rows: list[dict[str, Any]], fmt: str) -> None:
    text = render(columns, rows, fmt)
    click.echo(text)
    if fmt == "table" and rows:
        hint = " (long text is shortened with …; --format json or csv gives it whole)" if "…" in text else ""
        click.echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}{hint}")
