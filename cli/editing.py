"""What `circular add …` and `circular import` share: the source options, duplicate decisions,
dry runs, and writing a change to the files and Neo4j together."""
from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any, Callable

import click

import loader
from loader import journal
from loader.changes import Change, apply, check_change
from cli.data_commands import DEFAULT_DATA
from cli.output import fail_with
from loader.drafts import NEW, Names, unknown_name
from server import connect

OPTION_FOR = {"amount_qualifier": "--qualifier", "parent_id": "--parent", "aliases": "--alias",
              "cited_source_id": "--cited-source", "source_id": "--source", "places": "--place", "publisher": "--source-publisher", "title": "--source-title",
              "published": "--source-date", "url": "--source-url", "language": "--source-language"}


def writing_options(command: Callable) -> Callable:
    """--dry-run, --interactive and --data-dir: what every command that adds to the base takes."""
    options = [
        click.option("--dry-run", is_flag=True, help="Show what would be written, and write nothing."),
        click.option("--interactive/--no-interactive", default=None,
                     help="Ask what it needs to know: missing fields, duplicates (default: in a terminal)."),
        click.option("--data-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
                     default=DEFAULT_DATA, show_default="data/",
                     help="The data folder to add to (its CSV files are the source of truth)."),
    ]
    adds = command

    @functools.wraps(adds)
    def one_change_at_a_time(*args: Any, **kwargs: Any) -> Any:
        # the folder is held from the first read to the last write: what the command decides from
        # the files (new ids, duplicates, names) is still true when it writes
        with journal.locked(kwargs["data_dir"], waiting=lambda sentence: click.echo(sentence, err=True)):
            return adds(*args, **kwargs)

    command = one_change_at_a_time
    for option in reversed(options):
        command = option(command)
    return command


def source_options(command: Callable) -> Callable:
    """Options naming the source of what is added: an existing one, or a new one."""
    options = [
        click.option("--source", "source_id", metavar="ID", help="An existing source (see sources.csv)."),
        click.option("--source-title", help="A new source: its headline."),
        click.option("--source-publisher", help="A new source: who published it (required for a new one)."),
        click.option("--source-date", help="A new source: when it was published (2025-11-03, 2025-11…)."),
        click.option("--source-url", help="A new source: its web address."),
        click.option("--source-language", help="A new source: its language (fr, en…)."),
        click.option("--excerpt", help="The source's own words stating the fact, copied verbatim."),
    ]
    for option in reversed(options):
        command = option(command)
    return writing_options(command)


def interactive(flag: bool | None) -> bool:
    return sys.stdin.isatty() if flag is None else flag


def new_source(opts: dict[str, Any]) -> dict[str, str]:
    """sources.csv columns from the --source-* options; empty when no new source was described."""
    values = {"title": opts.get("source_title"), "publisher": opts.get("source_publisher"),
              "published": opts.get("source_date"), "url": opts.get("source_url"),
              "language": opts.get("source_language")}
    return {k: v.strip() for k, v in values.items() if v}


def ask_source(opts: dict[str, Any], ask: bool) -> None:
    """When asking, prompt for the source and the excerpt that are missing; else leave them to validation."""
    if not ask:
        return
    if not (opts.get("source_id") or new_source(opts)):
        choice = click.prompt("Source: an existing source id, or 'new'", default="new")
        if choice != "new":
            opts["source_id"] = choice
        else:
            opts["source_publisher"] = click.prompt("  Publisher")
            opts["source_title"] = click.prompt("  Title", default="", show_default=False)
            opts["source_date"] = click.prompt("  Published (2025-11-03, 2025-11…)", default="", show_default=False)
            opts["source_url"] = click.prompt("  URL", default="", show_default=False)
    if not opts.get("excerpt"):
        opts["excerpt"] = click.prompt("Excerpt (the source's words, verbatim)")


def ask_entity(prompt: str, names: Names) -> str:
    """Prompt for an entity until the answer names one, offering close matches."""
    while True:
        typed = click.prompt(prompt)
        if names.entity(typed):
            return typed
        click.echo(f"  No entity is called {typed!r}: {unknown_name(names, typed)}.", err=True)


def show_problems(problems: list[loader.Problem]) -> None:
    """Every problem; those of a row typed on the command line are named by their option."""
    def describe(problem: loader.Problem) -> str:
        if problem.file != NEW:
            return str(problem)
        option = OPTION_FOR.get(problem.column, "--" + problem.column.replace("_", "-"))
        return f"{option}: {problem.message} — {problem.fix}"
    fail_with(problems, describe)


def decide(duplicates: list, describe: Callable[[Any], str], what: str, choice: str, ask: bool,
           where: str = "") -> str:
    """keep, merge or stop, for a new record that looks like one the base has."""
    click.echo(f"{where}This {what} looks like one the base already has:", err=True)
    for row in duplicates:
        click.echo("  " + describe(row), err=True)
    if choice == "ask":
        if not ask:
            raise click.ClickException(f"Stopped: the {what} may be a duplicate. Run again with "
                                       "--on-duplicate keep (add it anyway), merge (fold it into the existing one) or stop.")
        choice = click.prompt("keep (add it anyway), merge (into the existing one) or stop?",
                              type=click.Choice(["keep", "merge", "stop"]), default="stop")
    if choice == "stop":
        raise click.ClickException(f"Stopped: nothing was written (the {what} may be a duplicate).")
    return choice


def settle_duplicates(dataset, change: Change, row: dict[str, str], duplicates: list, choice: str, ask: bool,
                      where: str = "") -> list[loader.Problem]:
    """For a new deal that may be another report of one the base has: keep it as a deal of its own,
    make it a further report of the existing one, or stop. With several candidates, merging needs
    to know which: asked for in a terminal, else --same-as names it."""
    from loader.drafts import merge_into

    if not duplicates:
        return []
    choice = decide(duplicates, describe_deal(dataset), "deal", choice, ask, where)
    if choice != "merge":
        return []
    target = duplicates[0]
    if len(duplicates) > 1:
        ids = [d.values["id"] for d in duplicates]
        if not ask:
            raise click.ClickException(f"{where}Several deals match ({', '.join(ids)}): say which one this source "
                                       "reports with --same-as DEAL_ID. Nothing was written.")
        chosen = click.prompt("Which deal does this source report?", type=click.Choice(ids))
        target = duplicates[ids.index(chosen)]
    return merge_into(dataset, change, row, target)


def describe_deal(dataset) -> Callable[[Any], str]:
    """A deal as one line: its id, type, summary and what each report says of its amount and date."""
    by_deal: dict[str, list[dict[str, str]]] = {}
    for report in dataset["reports"]:
        by_deal.setdefault(report.values["deal_id"], []).append(report.values)

    def describe(row) -> str:
        said = "; ".join(f"{r['source_id']}: " + ", ".join(filter(None, (r["amount"] and f"{r['amount_qualifier']} "
                                                                          f"{r['amount']} {r['currency']}",
                                                                          r["stake_percent"] and f"{r['stake_percent']} %",
                                                                          r["date"])))
                         for r in by_deal.get(row.values["id"], []))
        return f"{row.values['id']} ({row.values['type']}): {row.values['summary']} [{said}]"
    return describe


def describe_row(row) -> str:
    return ", ".join(f"{k}={v}" for k, v in row.values.items() if v)


def _list_rows(change: Change, verb: str) -> None:
    for file, values in change.rows():
        click.echo(f"{verb} to {file}: " + ", ".join(f"{k}={v}" for k, v in values.items() if v))


def write(change: Change, data_dir: Path, dry_run: bool) -> None:
    """Print what the change writes; unless a dry run, write it to the files and Neo4j together."""
    try:
        if dry_run:
            check_change(data_dir, change)
            _list_rows(change, "Would write")
            click.echo("Dry run: nothing was written.")
            return
        with connect() as connection:
            report = apply(connection, data_dir, change)
    except loader.InvalidData as invalid:
        show_problems(invalid.problems)
    _list_rows(change, "Wrote")
    counts = {file: 0 for file, _ in change.rows()}
    for file, _ in change.rows():
        counts[file] += 1
    written = ", ".join(f"{file} +{n}" for file, n in counts.items())
    click.echo(f"Written to {data_dir}: {written}. Neo4j: {report.total('created')} created, "
               f"{report.total('updated')} updated" + (f", money flows of the changed deals: {report.flows}." if report.flows else "."))
