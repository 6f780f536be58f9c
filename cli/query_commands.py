"""`circular queries | ask | cypher`: questions to the base."""
from __future__ import annotations

import json
import textwrap
from typing import Any

import click

import cypher
from cli.output import echo_rows, output_options
from server import connect

param_option = click.option(
    "-p", "--param", "params", type=(str, str), multiple=True, metavar="KEY VALUE",
    help="A parameter, e.g. -p company nvidia (repeat for more).")


@click.command("queries")
@output_options
def queries(fmt: str) -> None:
    """List every question the base answers, with its parameters.

    Example: circular queries
    """
    library = cypher.load_library().values()
    if fmt != "table":
        rows = [{"name": q.name, "description": q.description,
                 "parameters": [{"name": p.name, "kind": p.kind, "default": p.default, "help": p.help}
                                for p in q.params]} for q in library]
        echo_rows(["name", "description", "parameters"], rows, fmt)
        return
    for query in library:
        click.echo(click.style(query.name, bold=True))
        click.echo(textwrap.fill(query.description, width=96, initial_indent="    ", subsequent_indent="    "))
        for p in query.params:
            click.echo(f"    -p {p.name:<11} {p.help} ({p.kind}, default {json.dumps(p.default)})")
        click.echo()


@click.command("ask")
@click.argument("name")
@param_option
@output_options
def ask(name: str, params: tuple[tuple[str, str], ...], fmt: str) -> None:
    """Answer the question NAME (see `circular queries`), with its sources.

    Companies and people can be named by id, name or alias, in any case.

    Examples:

      circular ask who-funds-whom

      circular ask money-loops -p company Oracle -p max_length 3

      circular ask timeline -p since 2025-09 --format csv
    """
    query = cypher.find_query(name)  # an unknown name fails before connecting
    with connect() as connection:
        answer = cypher.run(connection, query.name, dict(params))
    echo_rows(answer.columns, answer.rows, fmt)


def _typed(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


@click.command("cypher")
@click.argument("statement")
@param_option
@click.option("--timeout", type=click.FloatRange(min=0.1, max=3600), default=cypher.DEFAULT_TIMEOUT,
              show_default=True, help="Seconds the query may run before Neo4j stops it.")
@output_options
def run_cypher(statement: str, params: tuple[tuple[str, str], ...], timeout: float, fmt: str) -> None:
    """Run an ad-hoc Cypher STATEMENT that reads the graph.

    Only reads of the graph run: no writes, no LOAD CSV, no procedures or SHOW / TERMINATE commands.
    Ctrl-C stops the query on the server too. Parameter values are read as JSON when they can be
    (numbers, true, null), else as text.

    Example: circular cypher "MATCH (d:Deal) WHERE d.amount_usd > \\$min RETURN d.id, d.amount_usd" -p min 1e10
    """
    with connect() as connection:
        columns, rows = cypher.run_read_only(connection, statement, {k: _typed(v) for k, v in params},
                                               timeout=timeout)
    echo_rows(columns, rows, fmt)


def register(cli: click.Group) -> None:
    for command in (queries, ask, run_cypher):
        cli.add_command(command)
