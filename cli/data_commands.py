"""`circular check | load | export`: the CSV data and the database."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Callable

import click

import loader
from loader import journal
from loader import rebuild as rebuilding
from loader.files import rewrite_canonical
from cli.output import fail_with
from server import ConnectionFailed, connect

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"  # the article's base, shipped with circular
DATA_ENV = "CIRCULAR_DATA"
DATA_DIR_HELP = f"The data folder (default: ${DATA_ENV}, else circular's own data/)."


def data_dir_option(command: Callable) -> Callable:
    """--data-dir, defaulting to $CIRCULAR_DATA, then to circular's own data/."""
    return click.option("--data-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
                        envvar=DATA_ENV, default=DEFAULT_DATA,
                        help=DATA_DIR_HELP)(command)


def data_dir_argument(command: Callable) -> Callable:
    """An optional DATA_DIR argument, or --data-dir: check and load take either."""
    @click.argument("folder", metavar="[DATA_DIR]", required=False,
                    type=click.Path(exists=True, file_okay=False, path_type=Path))
    @data_dir_option
    @functools.wraps(command)
    def with_data_dir(folder: Path | None, data_dir: Path, **kwargs: Any) -> Any:
        return command(data_dir=folder or data_dir, **kwargs)
    return with_data_dir


@click.command("check")
@data_dir_argument
@click.option("--sources-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder with the sources' texts (default: the one circular.toml names, else DATA_DIR/texts).")
def check(data_dir: Path, sources_dir: Path | None) -> None:
    """Validate the CSV data without touching the database; report every problem at once.

    Each problem reads `file:row:column: what is wrong — how to fix it`. Every excerpt whose source's
    text is in the texts folder must occur in it verbatim; a source without its text (or paywalled)
    is a warning, which does not fail.

    Example: circular check data --sources-dir ../shared/seeds
    """
    folder = sources_dir or loader.texts_folder(data_dir)
    try:
        dataset = loader.read_valid(data_dir, folder)
    except loader.InvalidData as invalid:
        count = len(invalid.problems)
        fail_with(invalid.problems, summary=f"{count} problem{'s' if count != 1 else ''} in the data.")
    verification = loader.verify(dataset, folder)
    for warning in verification.warnings:
        click.echo(f"warning: {warning}", err=True)
    unverified, sources = sum(verification.unverified.values()), len(verification.unverified)
    left = (f"; {unverified} unverified, their {sources} source{'s' if sources != 1 else ''} having no text "
            "there (warnings above)") if unverified else ""
    click.echo(f"{data_dir}: no problems found in the data. {verification.verified} excerpts verified "
               f"against their sources' texts in {folder}{left}.")


@click.command("load")
@data_dir_argument
@click.option("--replace", is_flag=True,
              help="Make the database equal to the files: remove what is no longer in them.")
@click.option("--rebuild", is_flag=True,
              help="Replace the local server's whole base offline, through neo4j-admin: for a new or large base.")
def load(data_dir: Path, replace: bool, rebuild: bool) -> None:
    """Load the CSV data into Neo4j in one transaction (all or nothing), checked as it is written.

    Loading twice changes nothing. Nothing is written if any row has a problem: the transaction
    commits only once every row is found valid.

    With --rebuild, the files' base is imported with neo4j-admin beside the local server's database
    while the data is checked, then the server is stopped, its database replaced, and started again;
    if anything fails, the old base stays. The local server only.

    Example: circular load data --replace
    """
    if rebuild:
        return _rebuild(data_dir)
    # the folder is held until the end, so that the files written back are the ones loaded
    with journal.locked(data_dir, waiting=lambda sentence: click.echo(sentence, err=True)):
        unchecked = loader.read_unchecked(data_dir)  # checked while it is written; committed only if valid
        try:
            connection = connect()
        except ConnectionFailed:
            unchecked.check()  # a wrong row is said before an absent server
            raise
        with connection, click.progressbar(length=1, label="Loading", file=None) as bar:
            def progress(what: str, done: int, total: int) -> None:
                if shown["gone"]:
                    return
                bar.length = total
                bar.label = what.capitalize()
                try:
                    bar.update(done - bar.pos)
                except BrokenPipeError:  # `load | head -1`: the reader left, the load goes on to the end
                    shown["gone"] = True
            shown = {"gone": False}
            report = loader.load_unchecked(connection, unchecked, replace=replace, progress=progress)
        rewritten = rewrite_canonical(data_dir, unchecked.dataset)
    _print_report(report, replace)
    _say_rewritten(rewritten)


def _rebuild(data_dir: Path) -> None:
    refused = rebuilding.refusal()  # before the folder is read: nothing to check when nothing can be done
    if refused:
        raise click.ClickException(refused)
    with journal.locked(data_dir, waiting=lambda sentence: click.echo(sentence, err=True)):
        unchecked = rebuilding.read_rows(data_dir)
        vouched = unchecked.vouched()
        report = rebuilding.rebuild_dataset(unchecked.dataset, unchecked.check,
                                            steps=lambda step: click.echo(step, err=True))
        rewritten = rewrite_canonical(data_dir, unchecked.dataset)
    _print_rebuild(report, vouched)
    _say_rewritten(rewritten)


def _say_rewritten(files: list[str]) -> None:
    if files:
        click.echo(f"Written back in canonical form (spaces trimmed, Unicode composed, rows sorted): "
                   f"{', '.join(files)}.")


def _print_rebuild(report: rebuilding.RebuildReport, vouched: bool) -> None:
    width = max(len(name) for name in report.rows) + 4
    click.echo(f"{'table':<{width}}{'rows':>9}")
    for name, rows in report.rows.items():
        click.echo(f"{name + '.csv':<{width}}{rows:>9}")
    click.echo(f"{'total':<{width}}{sum(report.rows.values()):>9}")
    checked = ("the files the same as when they were last found valid" if vouched
               else f"the data checked meanwhile (in {report.check_seconds:.1f}s)")
    click.echo(f"The base was rebuilt whole: {report.nodes:,} nodes and {report.relationships:,} relationships, "
               f"{report.flows:,} of them money flows. Import files written in {report.writing_seconds:.1f}s, "
               f"imported by neo4j-admin in {report.import_seconds:.1f}s, {checked}; Neo4j restarted in "
               f"{report.restart_seconds:.1f}s, its constraints and indexes built in {report.schema_seconds:.1f}s.")


def _print_report(report: loader.LoadReport, replace: bool) -> None:
    width = max(len(name) for name in report.tables) + 4
    click.echo(f"{'table':<{width}}{'created':>9}{'updated':>9}{'unchanged':>11}{'removed':>9}")
    for name, counts in report.tables.items():
        click.echo(f"{name + '.csv':<{width}}{counts.created:>9}{counts.updated:>9}{counts.unchanged:>11}"
                   f"{counts.removed:>9}")
    click.echo(f"{'total':<{width}}{report.total('created'):>9}{report.total('updated'):>9}"
               f"{report.total('unchanged'):>11}{report.total('removed'):>9}")
    kept = report.total("only_in_database")
    if kept:
        click.echo(f"{kept} row{' is' if kept == 1 else 's are'} in the database but not in the files; "
                   f"`circular load --replace` would remove {'it' if kept == 1 else 'them'}.")
    if report.flows is None:
        click.echo("Nothing changed.")
    else:
        click.echo(f"Money flows of the deals that changed: {report.flows_before} before, {report.flows} now.")


@click.command("export")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
def export(out_dir: Path) -> None:
    """Write the base back as CSV files, in the same format as data/.

    Example: circular export /tmp/circular-export
    """
    with connect() as connection:
        counts = loader.export(connection, out_dir)
    for file, rows in counts.items():
        click.echo(f"{out_dir / file}: {rows} rows")


def register(cli: click.Group) -> None:
    for command in (check, load, export):
        cli.add_command(command)
