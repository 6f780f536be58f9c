"""`circular edit | remove | link | history | undo`: correct what the base holds, from the tool.

Every change goes to the CSV files and to Neo4j together, is shown as a diff with --dry-run, and is
kept in the data folder's history so that `circular undo` can take it back.
"""
from __future__ import annotations

from pathlib import Path

import click

import loader
from cli import editing, prompts
from cli.data_commands import data_dir_option
from loader import edits, history
from loader.changes import Change, apply, check_change
from loader.files import Dataset
from loader.drafts import Names
from loader.load import read_valid
from loader.problems import ChangeRefused
from loader.schema import DEAL_RELATIONS
from server import connect

KIND = click.Choice(list(edits.KINDS))


def commit(change: Change, data_dir: Path, dry_run: bool, before: Dataset, undoes: int | None = None) -> None:
    """Show the change as a diff against `before` (the folder's rows the change was made from);
    unless a dry run, write it to the files and Neo4j together (which checks it again, under the lock)."""
    if not change:
        click.echo("Nothing to change: the base already says so.")
        return
    try:
        if dry_run:
            check_change(data_dir, change, before=before)
        else:
            with connect() as connection:
                report = apply(connection, data_dir, change, command=editing.command_line(), undoes=undoes,
                               reading=before)
    except loader.InvalidData as invalid:
        editing.show_problems(invalid.problems)
    except ChangeRefused as refused:
        raise click.ClickException(str(refused)) from None
    for line in history.diff_lines(change, before):
        click.echo(line)
    if dry_run:
        click.echo("Dry run: nothing was written.")
        return
    click.echo(f"Written to {data_dir} and Neo4j: {report.total('created')} rows added, "
               f"{report.total('updated')} changed, {report.total('removed')} removed.")


def _entity_ids(dataset, table, updates: dict[str, str]) -> dict[str, str]:
    """Entity references may be typed as a name or an alias: they are written as ids."""
    names = Names(dataset)
    resolved = dict(updates)
    for column, cell in updates.items():
        field = table.fields.get(column)
        if field and field.kind == "ref" and field.ref and field.ref.startswith("entit") and cell:
            resolved[column] = names.entity(cell) or cell
    return resolved


@click.command("edit")
@click.argument("kind", type=KIND)
@click.argument("key", nargs=-1, required=True)
@click.option("--set", "-s", "updates", type=(str, str), multiple=True, metavar="FIELD VALUE",
              help="A field and its new value (repeatable); an empty value clears the field.")
@click.option("--editor", is_flag=True, help="Edit the fields in $EDITOR, as a small form.")
@editing.writing_options
def edit(kind: str, key: tuple[str, ...], updates: tuple[tuple[str, str], ...], editor: bool, dry_run: bool,
         interactive: bool | None, data_dir: Path) -> None:
    """Change fields of a deal, report, entity, source, figure, quote, link, party, role, citation or rate.

    KEY is the row's id, or for a report its deal and source ids (a link: deal, relation, other deal).
    Ids do not change: remove the row and add it again instead.

    Examples:

    \b
      circular edit deal nvidia-openai-2025-09 --set summary 'Nvidia to invest up to $100bn in OpenAI.'
      circular edit report nvidia-openai-2025-09 lemonde-2025-10-circulaire -s amount 100bn -s preferred yes
      circular edit entity coreweave --editor
    """
    dataset = read_valid(data_dir)
    try:
        table = edits.table_of(kind)
        row = edits.find(dataset, kind, key)
        wanted = dict(updates)
        if editor or not wanted:
            if not editing.interactive(interactive) and not editor:
                raise click.UsageError("Say what to change with --set FIELD VALUE, or use --editor.")
            wanted = _edited_in_editor(table, row.values)
        change = edits.edit(dataset, kind, key, _entity_ids(dataset, table, wanted))
    except ChangeRefused as refused:
        raise click.ClickException(str(refused)) from None
    commit(change, data_dir, dry_run, dataset)


def _edited_in_editor(table, current: dict[str, str]) -> dict[str, str]:
    form = ["# Edit the values after the colons, save and close. Lines starting with # are ignored.",
            f"# {table.file}: the key ({', '.join(table.key)}) does not change.", ""]
    form += [f"{'# ' if c in table.key else ''}{c}: {current[c]}" for c in table.header]
    text = click.edit("\n".join(form) + "\n", extension=".txt")
    if text is None:
        raise click.ClickException("The form was closed without saving: nothing was written.")
    found = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        column, separator, cell = line.partition(":")
        if not separator or column.strip() not in table.fields:
            raise click.ClickException(f"Cannot read the line {line!r}: write FIELD: VALUE, with a field of "
                                       f"{table.file}. Nothing was written.")
        found[column.strip()] = cell.strip()
    return {c: v for c, v in found.items() if v != current[c]}


@click.command("remove")
@click.argument("kind", type=KIND)
@click.argument("key", nargs=-1, required=True)
@click.option("--with-dependents", is_flag=True,
              help="Also remove every row that points at it (a deal's reports, parties and links…).")
@editing.writing_options
def remove(kind: str, key: tuple[str, ...], with_dependents: bool, dry_run: bool, interactive: bool | None,
           data_dir: Path) -> None:
    """Remove a row from the base; say what points at it, and refuse unless --with-dependents.

    Examples:

    \b
      circular remove report nvidia-openai-2025-09 reuters-2025-09-22
      circular remove deal acme-openai-2025-11 --with-dependents --dry-run
    """
    dataset = read_valid(data_dir)
    try:
        change = edits.removal(dataset, kind, key, with_dependents)
    except ChangeRefused as refused:
        raise click.ClickException(str(refused)) from None
    commit(change, data_dir, dry_run, dataset)


@click.command("link")
@click.argument("deal")
@click.argument("relation", type=click.Choice(DEAL_RELATIONS))
@click.argument("other_deal")
@click.option("--note", default="", help="How the source ties the two, when it does so less than plainly.")
@editing.source_options
def link(deal: str, relation: str, other_deal: str, note: str, **opts) -> None:
    """Say how one deal stands to another, with the source that says so.

    DEAL pays_for | part_of | expands | amends | replaces | same_as OTHER_DEAL.

    Example:

    \b
      circular link nvidia-openai-2025-09 pays_for openai-nvidia-chips-2025-09 \\
        --source lemonde-2025-10-circulaire --excerpt 'utilisera les liquidités de Nvidia pour payer'
    """
    data_dir: Path = opts["data_dir"]
    dataset = read_valid(data_dir)
    if editing.interactive(opts["interactive"]):
        prompts.ask_source(opts, dataset, data_dir)
    sourcing = Change()
    source_id = editing.cite_source(opts, dataset, sourcing)
    change = edits.link(deal, relation, other_deal, source_id, opts["excerpt"] or "", note)
    change.added.setdefault("sources", []).extend(sourcing.added.get("sources", []))
    commit(change, data_dir, opts["dry_run"], dataset)


@click.command("history")
@data_dir_option
@click.option("--limit", "-n", default=20, show_default=True, help="How many of the last changes to list.")
def show_history(data_dir: Path, limit: int) -> None:
    """List the last changes made through circular in the data folder, newest first.

    Example: circular history -n 5
    """
    entries = history.read(data_dir)
    if not entries:
        click.echo(f"No change made through circular yet in {data_dir}.")
        return
    done = history.undone(entries)
    for entry in reversed(entries[-limit:]):
        state = " (undone)" if entry.number in done else f" (undoes #{entry.undoes})" if entry.undoes else ""
        click.echo(f"#{entry.number}  {entry.time}  {entry.command}{state}")
        click.echo(f"      {entry.counts()}")


@click.command("undo")
@editing.writing_options
def undo(dry_run: bool, interactive: bool | None, data_dir: Path) -> None:
    """Take back the last change made through circular that is not undone yet (files and Neo4j).

    Refused when a later change has touched the same rows: undo that one first.

    Example: circular undo --dry-run
    """
    try:
        entry = history.last_to_undo(data_dir)
        now = read_valid(data_dir)
        change = history.inverse(entry, now)
    except ChangeRefused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"Undoing #{entry.number}: {entry.command}")
    commit(change, data_dir, dry_run, now, undoes=entry.number)


def register(cli: click.Group) -> None:
    for command in (edit, remove, link, show_history, undo):
        cli.add_command(command)
