"""`circular graph` and `circular browse`: the money as a picture, and answers in Neo4j Browser."""
from __future__ import annotations

from pathlib import Path

import click

from cli.query_commands import param_option
from cli.web_browser import open_link

STILL_FORMATS = ("png", "svg", "pdf")


def _file_option(fmt: str, help_text: str):
    return click.option(f"--{fmt}", f"{fmt}_file", type=click.Path(dir_okay=False, path_type=Path), help=help_text)


def _check_file(fmt: str, path: Path | None) -> None:
    """The format follows the option; a file name that says otherwise, or a folder that does not
    exist, is refused before anything is drawn."""
    if path is not None and not path.parent.is_dir():
        raise click.BadParameter(f"the folder {str(path.parent)!r} does not exist: create it, or write the "
                                 "picture elsewhere.", param_hint=f"--{fmt}")
    if path is not None and path.suffix.lower() != f".{fmt}":
        raise click.BadParameter(f"--{fmt} writes {fmt.upper()}, but {path.name!r} does not end in .{fmt}: "
                                 f"name it {path.with_suffix('.' + fmt).name!r}, or use the option of its format.",
                                 param_hint=f"--{fmt}")


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from loader.values import date_precision

    if value is not None and (date_precision(value) is None or date_precision(value) == "decade"):
        raise click.BadParameter(f"{value!r} is not a date: write 2025, 2025-11 or 2025-11-20.")
    return value


@click.command("graph")
@click.argument("name", required=False)
@param_option
@_file_option("html", "Write an interactive, self-contained page (works offline): every payment, a search box.")
@_file_option("png", "Write a still PNG picture.")
@_file_option("svg", "Write a still SVG picture, its text editable.")
@_file_option("pdf", "Write a still PDF picture, for print.")
@click.option("--size", type=click.Choice(["column", "page"]), default="page", show_default=True,
              help="column: a web column, 640 px wide (PNG at twice that, for sharp screens); "
                   "page: a full A4 or Letter page, landscape (PNG at 300 dpi).")
@click.option("--since", metavar="DATE", callback=_check_date,
              help="Only the deals dated, or reported by a source published, on or after DATE (2025-11-20).")
def graph(name: str | None, params: tuple[tuple[str, str], ...], html_file: Path | None, png_file: Path | None,
          svg_file: Path | None, pdf_file: Path | None, size: str, since: str | None) -> None:
    """Draw the money: the loops (default), what changed since a date, or the answer to NAME.

    The still pictures (--svg, --png, --pdf) are titled with the question and its filter, with a
    legend and the sources, sized for a web column or a full page. The HTML page shows every
    payment, the loops in red; click an arrow for the deal and its source.

    Examples:

      circular graph --svg loops.svg --size column

      circular graph circular-deals -p company AMD --pdf amd.pdf

      circular graph --since 2025-11-20 --png week.png --html week.html
    """
    stills = {fmt: path for fmt, path in zip(STILL_FORMATS, (png_file, svg_file, pdf_file)) if path}
    if not (html_file or stills):
        raise click.UsageError("Say where to draw it: --svg FILE, --png FILE, --pdf FILE or --html FILE.")
    for fmt, path in (("html", html_file), *stills.items()):
        _check_file(fmt, path)
    import cypher
    from cypher import html_picture, picture, still_picture
    from cypher.picture_geometry import problems
    from server import connect

    if name:
        cypher.find_query(name)

    try:
        with connect() as connection:
            if html_file:
                pic = picture.picture(connection, name, dict(params), since=since)
                picture.require_something(pic, name, bool(params or since))
                html_picture.write(pic, html_file)
                click.echo(f"{html_file}: {_counts(pic)}.")
            if stills:
                pic = picture.picture(connection, name, dict(params), loops_only=not (name or since), since=since)
                picture.require_something(pic, name, bool(params or since))
                layout = still_picture.render(pic, stills, still_picture.SIZES[size])
                for path in stills.values():
                    click.echo(f"{path}: {_counts(pic)}, {size} size.")
                crowded = len(problems(layout))
                if crowded:
                    click.echo(f"Note: the picture is too busy to keep every label clear ({crowded} crossed or "
                               "covered); narrow it with a question and its filters (-p) or --since.", err=True)
    except picture.PictureError as error:
        raise click.ClickException(str(error)) from None


def _counts(pic) -> str:
    payments = len(pic.payments)
    return f"{len(pic.nodes)} companies and people, {payments} payment{'s' if payments != 1 else ''}"


@click.command("browse")
@click.argument("name")
@param_option
@click.option("--open", "open_it", is_flag=True, help="Open the link in your web browser.")
def browse(name: str, params: tuple[tuple[str, str], ...], open_it: bool) -> None:
    """Print a Neo4j Browser link to the local server with the question NAME and its parameters filled in.

    Example: circular browse money-loops -p company Oracle --open
    """
    import cypher
    from server import LocalServer, connect

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
