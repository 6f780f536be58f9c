"""What `circular add …` and `circular import` share: the source options, duplicate decisions,
dry runs, and writing a change to the files and Neo4j together."""
from __future__ import annotations

import contextlib
import functools
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import click

import loader
from loader import journal, sources, texts
from loader.changes import Change, apply, check_change
from cli.data_commands import data_dir_option
from cli.output import fail_with
from loader.drafts import NEW, Names, new_source_row
from loader.files import Dataset
from loader.schema import BY_NAME
from server import connect

OPTION_FOR = {"amount_qualifier": "--qualifier", "parent_id": "--parent", "aliases": "--alias",
              "cited_source_id": "--cited-source", "source_id": "--source", "places": "--place", "publisher": "--source-publisher", "title": "--source-title",
              "published": "--source-date", "url": "--source-url", "language": "--source-language",
              "paywalled": "--source-paywalled", "text_file": "--source-text", "stake_percent": "--stake-percent",
              "amount_max": "--amount-max"}


def writing_options(command: Callable) -> Callable:
    """--dry-run, --interactive and --data-dir: what every command that adds to the base takes."""
    options = [
        click.option("--dry-run", is_flag=True, help="Show what would be written, and write nothing."),
        click.option("--interactive/--no-interactive", default=None,
                     help="Ask what it needs to know: missing fields, duplicates (default: in a terminal)."),
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
    return data_dir_option(command)


def source_options(command: Callable) -> Callable:
    """Options naming the source of what is added: an existing one, or a new one."""
    options = [
        click.option("--source", "source_id", metavar="ID", help="An existing source (see sources.csv)."),
        click.option("--source-title", help="A new source: its headline."),
        click.option("--source-publisher", help="A new source: who published it (required for a new one)."),
        click.option("--source-date", help="A new source: when it was published (2025-11-03, 2025-11…)."),
        click.option("--source-url", help="A new source: its web address."),
        click.option("--source-language", help="A new source: its language (fr, en…)."),
        click.option("--source-id", "new_source_id", metavar="ID",
                     help="A new source: the id to give it (made from publisher, date and title when omitted)."),
        click.option("--source-text", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="A new source: a UTF-8 file holding its text, copied into the base's texts folder."),
        click.option("--source-paywalled", metavar="REASON",
                     help="A new source: it is behind a paywall, and why its text is not kept."),
        click.option("--excerpt", help="The source's own words stating the fact, copied verbatim."),
    ]
    for option in reversed(options):
        command = option(command)
    return writing_options(command)


def interactive(flag: bool | None) -> bool:
    return sys.stdin.isatty() if flag is None else flag


def new_source(opts: dict[str, Any]) -> dict[str, str]:
    """sources.csv columns from the --source-* options; empty when no new source was described."""
    values = {"id": opts.get("new_source_id"), "title": opts.get("source_title"),
              "publisher": opts.get("source_publisher"), "published": opts.get("source_date"),
              "url": opts.get("source_url"), "language": opts.get("source_language"),
              "paywalled": opts.get("source_paywalled")}
    return {k: v.strip() for k, v in values.items() if v}


def cite_source(opts: dict[str, Any], dataset, change: Change) -> str:
    """The id of the source the options name: --source, or the source the --source-* options describe,
    found again in the base or added to `change` as a new row."""
    described = new_source(opts)
    if opts.get("source_id") or not described:
        return opts.get("source_id") or ""
    source = sources.find([r.values for r in dataset["sources"]], described)
    if source is None:
        source = new_source_row(Names(dataset), described)
        change.add("sources", source, NEW)
    say_source_found(described, change, {"source_id": source["id"]})
    return source["id"]


def unfindable_source(opts: dict[str, Any]) -> list[loader.Problem]:
    """A problem when a new source is described by its publisher alone."""
    described = new_source(opts)
    why = sources.unfindable(described) if described and not opts.get("source_id") else None
    return [loader.Problem(NEW, 0, "published", why, "add --source-date, --source-title or --source-url")] if why else []


@dataclass(frozen=True)
class Attached:
    """A source's text, to be placed in the texts folder under `name` along with the change."""
    folder: Path
    name: str
    text: str


def attached_text(change: Change, opts: dict[str, Any], data_dir: Path, dataset=None, cited: str = "",
                  option: str = "source_text") -> list[Attached]:
    """The text given for the new source of `change`, named after it, to place in the texts folder.
    Given again for a source the base has (a command run twice), it must be the text kept for it."""
    path = opts.get(option)
    if not path:
        return []
    flag = "--" + option.replace("_", "-")
    new_sources = change.added.get("sources", [])
    if new_sources:
        return [attach(new_sources[0].values, Path(path), data_dir, flag)]
    source = next((r.values for r in (dataset or {}).get("sources", []) if r.values["id"] == cited), None)
    kept = texts.texts_folder(data_dir) / source["text_file"] if source and source["text_file"] else None
    if kept is None or not kept.is_file() or kept.read_bytes() != Path(path).read_bytes():
        raise click.ClickException(f"{flag}: the base already has this source ({cited}), with another text or "
                                   "none; a text goes with a new source only.")
    return []


def attach(source: dict[str, str], path: Path, data_dir: Path, where: str) -> Attached:
    """Name a new source's text after it (`text_file`), read from `path`; `where` names the option or cell."""
    try:
        text = texts.read_text(path)
    except ValueError as error:
        raise click.ClickException(f"{where}: {error}.") from None
    except OSError as error:
        raise click.ClickException(f"{where}: {error.strerror or error}: {path}.") from None
    source["text_file"] = texts.text_name(source["id"])
    return Attached(texts.texts_folder(data_dir), source["text_file"], text)


@contextlib.contextmanager
def texts_in_place(attached: list[Attached], keep: bool):
    """The attached texts in the texts folder for the block; kept only if it succeeds and `keep`."""
    with contextlib.ExitStack() as stack:
        for text in attached:
            stack.enter_context(texts.placed(text.folder, text.name, text.text, keep=keep))
        yield


def show_problems(problems: list[loader.Problem]) -> None:
    """Every problem; those of a row typed on the command line are named by their option."""
    def describe(problem: loader.Problem) -> str:
        if problem.file != NEW:
            return str(problem)
        option = OPTION_FOR.get(problem.column, "--" + problem.column.replace("_", "-"))
        return f"{option}: {problem.message} — {problem.fix}"
    count = len(problems)
    typed = all(problem.file == NEW for problem in problems)
    fail_with(problems, describe, f"{count} problem{'s' if count != 1 else ''} in "
                                  f"{'the options given' if typed else 'the data'}; nothing was written.")


def every_problem(data_dir: Path, change: Change, problems: list[loader.Problem]) -> list[loader.Problem]:
    """The problems found in what was typed, with those the base would have with the change, so that
    they come in one round; a row's problem said once (an unreadable amount is not also 'not a number')."""
    try:
        check_change(data_dir, change)
    except loader.InvalidData as invalid:
        said = {(p.file, p.row, p.column) for p in problems}
        rows_said = {(p.file, p.row) for p in problems}
        problems = problems + [p for p in invalid.problems if (p.file, p.row, p.column) not in said
                               and not ((p.file, p.row) in rows_said and p.message == "deal without any party")
                               and not ((p.file, p.row, "amount") in said and p.message == "missing for the amount")]
    return problems


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


def command_line() -> str:
    """The command being run, as typed, for the history of changes."""
    import shlex

    context = click.get_current_context(silent=True)
    path = context.command_path if context else "circular"
    arguments = sys.argv[1:] if Path(sys.argv[0]).name == "circular" else []
    return " ".join([path.split()[0], shlex.join(arguments)]) if arguments else path


def describe_row(row) -> str:
    return describe_values(row.values)


def describe_values(values: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in values.items() if v)


def say_source_found(described: dict[str, str], change: Change, row: dict[str, str]) -> None:
    """Say so when the new source typed is one the base already has, which the addition cites."""
    if described and not change.added.get("sources"):
        click.echo(f"The base already has this source: citing {row['source_id']}.", err=True)


def _list_rows(change: Change, verb: str) -> None:
    for file, values in change.rows():
        click.echo(f"{verb} to {file}: " + ", ".join(f"{k}={v}" for k, v in values.items() if v))


def write(change: Change, data_dir: Path, dry_run: bool, attached: list[Attached] = (),
          reading: Dataset | None = None) -> None:
    """Print what the change writes; unless a dry run, write it to the files and Neo4j together.
    Sources' texts attached to it are placed in the texts folder first, so that excerpts are checked
    against them, and removed again if the change is not written. `reading`: the folder as this
    command read it (a partial read is taken again if its files have not changed since)."""
    try:
        with texts_in_place(attached, keep=not dry_run):
            if dry_run:
                check_change(data_dir, change)
                _list_rows(change, "Would write")
                for text in attached:
                    click.echo(f"Would copy a source's text to {text.folder / text.name}")
                click.echo("Dry run: nothing was written.")
                return
            with connect() as connection:
                report = apply(connection, data_dir, change, command=command_line(), reading=reading)
    except loader.InvalidData as invalid:
        show_problems(invalid.problems)
    for text in attached:
        click.echo(f"Copied a source's text to {text.folder / text.name}")
    _list_rows(change, "Wrote")
    click.echo(f"Written to {data_dir}: {written_counts(change)}. Neo4j: {report.total('created')} created, "
               f"{report.total('updated')} updated" + (f", money flows of the changed deals: {report.flows}." if report.flows else "."))


def written_counts(change: Change) -> str:
    """What the change does to each file: rows added (+n) and rows changed."""
    said = []
    for table in BY_NAME:
        added, replaced = len(change.added.get(table, [])), len(change.replaced.get(table, []))
        if added or replaced:
            said.append(f"{table}.csv " + ", ".join(filter(None, (added and f"+{added}",
                                                                  replaced and f"{replaced} changed"))))
    return "; ".join(said)
