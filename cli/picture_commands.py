"""`circular graph` and `circular browse`: the money as a picture, and answers in Neo4j Browser."""
from __future__ import annotations

from pathlib import Path

import click

import cypher
from cli.query_commands import param_option
from cli.web_browser import open_link
from cypher import picture
from server import LocalServer, connect


@click.command("graph")
@click.argument("name", required=False)
@param_option
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write an interactive, self-contained page (works offline).")
@click.option("--png", "png_file", type=click.Path(dir_okay=False, path_type=Path), help="Write a still PNG picture.")
@click.option("--svg", "svg_file", type=click.Path(dir_okay=False, path_type=Path), help="Write a still SVG picture.")
def graph(name: str | None, params: tuple[tuple[str, str], ...], html_file: Path | None, png_file: Path | None,
          svg_file: Path | None) -> None:
    """Draw the money: every flow (default) or the flows behind the answer to NAME.

    The HTML page shows every payment, the loops in red; click for the deal and its source. The PNG
    and SVG pictures show the loops (or the answer's flows), fit for an article or a slide.

    Examples:

      circular graph --html money.html --png loops.png

      circular graph who-funds-whom -p company nvidia --svg nvidia.svg
    """
    if not (html_file or png_file or svg_file):
        raise click.UsageError("Say where to draw it: --html FILE, --png FILE or --svg FILE.")
    if name:
        cypher.find_query(name)
    with connect() as connection:
        if html_file:
            pic = picture.picture(connection, name, dict(params))
            picture.write_html(pic, html_file)
            click.echo(f"{html_file}: {len(pic.nodes)} companies and people, {len(pic.flows)} payments.")
        for still in filter(None, (png_file, svg_file)):
            pic = picture.picture(connection, name, dict(params), loops_only=name is None)
            picture.write_image(pic, still)
            click.echo(f"{still}: {len(pic.nodes)} companies and people, {len(pic.flows)} payments.")


@click.command("browse")
@click.argument("name")
@param_option
@click.option("--open", "open_it", is_flag=True, help="Open the link in your web browser.")
def browse(name: str, params: tuple[tuple[str, str], ...], open_it: bool) -> None:
    """Print a Neo4j Browser link to the local server with the question NAME and its parameters filled in.

    Example: circular browse money-loops -p company Oracle --open
    """
    query = cypher.find_query(name)
    status = LocalServer().status()
    with connect() as connection:
        values = cypher.prepare_params(connection, query, dict(params))
    link = cypher.browser_link(query, values, status.http_port, status.bolt_uri)
    click.echo(link)
    if open_it:
        open_link(link)


def register(cli: click.Group) -> None:
    cli.add_command(graph)
    cli.add_command(browse)
