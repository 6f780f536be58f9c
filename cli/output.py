"""One way to print rows: a table for people, JSON or CSV for programs."""
from __future__ import annotations

import csv
import functools
import json
import shutil
from typing import Any, Callable

import click
from tabulate import tabulate

from cypher.money import format_money

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
        return format_money(value.get("amount"), value.get("currency"), value.get("amount_qualifier"),
                            value.get("amount_max"))
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


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def fit_widths(natural: list[int], total: int, floor: int = 8) -> list[int]:
    """Column widths that fit `total` characters, narrowing the widest columns first."""
    widths = list(natural)
    while sum(widths) + 2 * (len(widths) - 1) > total and max(widths) > floor:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    return widths


def render(columns: list[str], rows: list[dict[str, Any]], fmt: str = "table", width: int | None = None) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        from io import StringIO
        buffer = StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([cell(row.get(c)) for c in columns] for row in rows)
        return buffer.getvalue().rstrip("\n")
    if not rows:
        return "(no rows)"
    table = [[" ".join(cell(row.get(c)).split()) for c in columns] for row in rows]
    natural = [max(len(c), *(len(r[i]) for r in table)) for i, c in enumerate(columns)]
    widths = fit_widths(natural, width or shutil.get_terminal_size((160, 24)).columns)
    table = [[shorten(value, widths[i]) for i, value in enumerate(r)] for r in table]
    return tabulate(table, headers=columns, tablefmt="simple", disable_numparse=True)


def echo_rows(columns: list[str], rows: list[dict[str, Any]], fmt: str) -> None:
    text = render(columns, rows, fmt)
    click.echo(text)
    if fmt == "table" and rows:
        hint = " (long cells are shortened with …; --format json or csv gives them whole)" if "…" in text else ""
        click.echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}{hint}")
