"""`circular demo`: the README's main command, from nothing to the headline answers."""
from __future__ import annotations

import click

import cypher
import loader
from cli.data_commands import DEFAULT_DATA
from cli.invocation import circular_command
from cli.output import echo_rows
from server import LocalServer, Settings, connect

HEADLINES = (
    ("who-funds-whom", "Who funds whom, to buy what"),
    ("circular-deals", "The circular deals: the money comes back to the funder"),
    ("money-loops", "Loops of money across companies"),
)


@click.command("demo")
def demo() -> None:
    """Start the local Neo4j, load the base, print the headline answers and the Browser address.

    Example: circular demo
    """
    circular = circular_command()
    server = LocalServer()
    started = server.start(progress=lambda line: click.echo(line, err=True))
    if not started.already_running:
        click.echo(f"Neo4j {started.status.version} is running.", err=True)
    with connect(Settings.local()) as connection:  # the demo is about the local server, whatever NEO4J_URI says
        report = loader.load(connection, DEFAULT_DATA)
        click.echo(f"Base loaded from {DEFAULT_DATA}: {report.total('created')} rows created, "
                   f"{report.total('updated')} updated, {report.total('unchanged')} unchanged.\n")
        for name, title in HEADLINES:
            click.echo(click.style(f"{title}  ({circular} ask {name})", bold=True))
            answer = cypher.run(connection, name)
            echo_rows(answer.columns, answer.rows, "table")
            click.echo()
    status = started.status
    click.echo(f"Neo4j Browser: {status.browser_url}  (user neo4j, password: `{circular} server password`)")
    click.echo(f"Bolt:          {status.bolt_uri}")
    click.echo(f"More questions: `{circular} queries`, then `{circular} ask NAME`.")


def register(cli: click.Group) -> None:
    cli.add_command(demo)
