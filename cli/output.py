"""One way to print rows: a table for people, JSON or CSV for programs."""
from __future__ import annotations

import csv
import functools
import io
import json
import re
import textwrap
import unicodedata
from typing import Any, Callable

import click

from cli.table import Cell, render_table, terminal_width
from loader import InvalidData
from loader.money import format_money, format_total

FORMATS = ("table", "json", "csv")
DECADE = re.compile(r"^(\d{3})X$")


def output_options(command: Callable) -> Callable:
    """Adds --format table|json|csv to a command that prints rows."""
    @click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                  help="table for people (as wide as the terminal; 160 characters, or COLUMNS, in a pipe); "
                       "json or csv for programs.")
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return command(*args, **kwargs)
    return wrapper


def cell(value: Any) -> str:
    """A value as a person reads it: money as money, lists joined, nothing for null."""
    if value is None:
        return ""
    if _is_money(value):
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


def readable(value: Any) -> Cell:
    """A value as a table shows it, in the parts a line may not break (see cli.table)."""
    if isinstance(value, list):
        return Cell([visible(_list_item(item)) for item in value if item is not None], "; ", is_list=True)
    if value is None or value == "":
        return Cell([])
    if isinstance(value, dict) and isinstance(value.get("total"), list):
        return Cell([cell({"total": [part]}) for part in value["total"] if part.get("amount") is not None], " + ",
                    is_list=True)
    if _is_money(value) or isinstance(value, (bool, int, float)):
        return Cell([cell(value)])
    decade = DECADE.match(value) if isinstance(value, str) else None
    return Cell(f"the {decade.group(1)}0s".split() if decade else visible(cell(value)).split())


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: one starting like a formula (=, +, -, @) would be run
    by Excel or LibreOffice on opening, so it gets a leading apostrophe, which they show as text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def visible(text: str) -> str:
    """Text for a terminal: a control character (an escape sequence could recolour or rewrite the
    screen) is shown as its code, e.g. \\x1b; a line break stays a break between words."""
    return "".join(f"\\x{ord(c):02x}" if unicodedata.category(c) == "Cc" and not c.isspace() else c for c in text)


def _is_money(value: Any) -> bool:
    return isinstance(value, dict) and "amount" in value and "currency" in value


def _list_item(item: Any) -> str:
    if isinstance(item, dict) and "amount" in item and item.get("amount") is None:
        return "?"  # an unknown amount keeps its place among the others
    return cell(item)


def render(columns: list[str], rows: list[dict[str, Any]], fmt: str, width: int | None = None) -> tuple[str, bool]:
    """The rows in the format, and whether some text in the table was shortened."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str), False
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([spreadsheet_safe(cell(row.get(c))) for c in columns] for row in rows)
        return buffer.getvalue().rstrip("\n"), False
    if not rows:
        return "(no rows)", False
    return render_table(columns, rows, readable, width)


def fail_with(problems: list, describe: Callable[[Any], str] = str, summary: str | None = None) -> None:
    """Print every problem, one a line, then stop with a summary (by default: nothing was written)."""
    for problem in problems:
        click.echo(describe(problem), err=True)
    raise click.ClickException(summary or str(InvalidData(problems)))


def echo_rows(columns: list[str], rows: list[dict[str, Any]], fmt: str) -> None:
    text, shortened = render(columns, rows, fmt)
    click.echo(text)
    if fmt == "table" and rows:
        hint = " (long text is shortened with …; --format json or csv gives it whole)" if shortened else ""
        click.echo(textwrap.fill(f"{len(rows)} row{'s' if len(rows) != 1 else ''}{hint}", terminal_width()))
