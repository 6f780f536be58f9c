"""Tables fit the terminal and cut nothing a reader needs whole: amounts, names, ids, dates."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cli.main import cli
from cli.output import cell, readable
from cli.table import PIPED_WIDTH, Cell, render_table, shorten
from tests.conftest import ROOT

WHOLE = ("funder", "recipient", "payer", "payee", "from", "who", "asked_by", "name", "company", "loop",
         "amount", "amounts", "date", "deals", "id", "source", "sources", "payer_id", "payee_id")
ASKED = [("who-funds-whom", ()), ("money-flows", ()), ("money-loops", ()), ("timeline", ()), ("refused", ()),
         ("precedents", ()), ("quotes", ()), ("hubs", ()), ("gaps", ()), ("entity", ("-p", "name", "OpenAI"))]


def ask(*args: str, columns: int) -> str:
    result = CliRunner(env={"COLUMNS": str(columns)}).invoke(cli, ["ask", *args])
    assert result.exit_code == 0, result.output
    return result.output


def whole_values(args: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """What the table must show whole, as people read it: amounts, ids and dates, each on one line;
    names, whose words may go on two lines but are never cut."""
    rows = json.loads(CliRunner().invoke(cli, ["ask", *args, "--format", "json"]).output)
    on_one_line, names = set(), set()
    for row in rows:
        for column in WHOLE:
            value = row.get(column)
            for item in value if isinstance(value, list) else [value]:
                text = readable(item).text
                if text:
                    (on_one_line if isinstance(item, dict) or " " not in text else names).add(text)
    return on_one_line, names


def test_who_funds_whom_shows_every_amount_whole_at_80_columns(base):
    shown = ask("who-funds-whom", "-p", "min_amount", "10bn", columns=80)
    for amount in ("about $100bn", "up to $40bn", "$16bn", "$10bn"):
        assert amount in shown
    assert all(len(line) <= 80 for line in shown.splitlines())
    assert "Andreessen" in shown and "Horowitz" in shown and "Andreess…" not in shown


@pytest.mark.parametrize("columns", [60, 80, 100, 160])
def test_every_answer_fits_and_keeps_what_matters_whole(base, columns):
    for name, params in ASKED:
        args = (name, *params)
        shown = ask(*args, columns=columns)
        lines, words = shown.splitlines(), set(shown.replace(";", " ").split())
        on_one_line, names = whole_values(args)
        for value in on_one_line:
            assert any(value in line for line in lines), f"{name} at {columns} columns cut {value!r}"
        for value in names:
            assert set(value.replace(";", " ").split()) <= words, f"{name} at {columns} columns cut {value!r}"
        too_wide = [line for line in shown.splitlines() if len(line) > columns]
        assert not too_wide, f"{name} at {columns} columns: {too_wide[0]!r}"


def test_a_piped_table_is_the_same_whoever_runs_it(base):
    """No terminal: 160 characters, whatever the terminal of the person who piped it."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    command = [sys.executable, "-m", "cli", "ask", "money-flows"]
    piped = [subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT, check=True).stdout
             for _ in range(2)]
    assert piped[0] == piped[1]
    assert piped[0].rstrip("\n") == ask("money-flows", columns=PIPED_WIDTH).rstrip("\n")
    assert max(len(line) for line in piped[0].splitlines()) <= PIPED_WIDTH


def test_free_text_is_shortened_before_anything_else(base):
    rows = json.loads(CliRunner().invoke(cli, ["ask", "gaps", "--format", "json"]).output)
    shown = ask("gaps", columns=80)
    assert "long text is shortened with …" in shown
    assert any(row["fact"] and len(row["fact"]) > 70 for row in rows)
    for row in rows:
        assert row["id"] in shown and row["missing"] in shown


def test_decades_and_money_by_the_day_read_as_people_say_them(base):
    assert "the 1990s" in ask("precedents", columns=100)
    assert "199X" not in ask("timeline", columns=160)
    assert cell({"amount": 5, "currency": "USD", "amount_qualifier": "exact", "amount_period": "per_day"}) == \
        "$5 a day"
    assert cell({"amount": 1.5e9, "currency": "USD", "amount_qualifier": "about", "amount_period": "per_year"}) == \
        "about $1.5bn a year"
    assert "$5 a day" in ask("precedents", columns=80)  # Ford's pay rise of 1914


def test_shortening_stops_after_a_word_and_wrapping_never_breaks_a_part():
    assert shorten("Nvidia invests about one hundred billion dollars", 20) == "Nvidia invests…"
    assert shorten("short", 20) == "short"
    rows = [{"who": "Amazon Web Services", "amount": {"amount": 1e11, "currency": "USD",
                                                      "amount_qualifier": "about"}}]
    assert render_table(["who", "amount"], rows, readable, width=26) == (
        "who         amount\n----------  ------------\nAmazon Web  about $100bn\nServices", False)
    assert render_table(["who", "amount"], rows, readable, width=20) == (
        "who\n-------------------\nAmazon Web Services\n    amount: about $100bn", False)
    assert Cell(["a", "b"], "; ", is_list=True).text == "a; b"
