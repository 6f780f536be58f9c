"""`circular import FILE`: a spreadsheet of deals, all rows or none."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from cli import editing
from cli.add_commands import DUPLICATE_CHOICE
from loader.drafts import deal_change, duplicate_deals, parties_of
from loader.load import read_valid
from loader.changes import check_change
from loader.problems import InvalidData, Problem
from loader.spreadsheet import SOURCE_COLUMNS, read_spreadsheet


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@DUPLICATE_CHOICE
@editing.writing_options
def import_deals(file: Path, on_duplicate: str, dry_run: bool, interactive: bool | None, data_dir: Path) -> None:
    """Import a spreadsheet of deals (.xlsx or .csv), one deal per row.

    Use the columns of data/templates/deals.xlsx (documented in data/README.md). The whole file is
    checked first; nothing is written unless every row is valid.

    Example: circular import deals-from-reuters.xlsx --dry-run
    """
    drafts, problems = read_spreadsheet(file)
    if problems:
        editing.show_problems(problems)
    dataset = read_valid(data_dir)
    change, problems, made = deal_change(dataset, drafts)
    attached = [editing.attach(row.values, file.parent / row.values["text_file"], data_dir,
                               f"{file.name}:{row.number}:source_text")
                for row in change.added.get("sources", []) if row.values["text_file"]]
    try:
        with editing.texts_in_place(attached, keep=False):
            check_change(data_dir, change)
    except InvalidData as invalid:  # every problem at once, but a deal whose party is unknown has that said already
        unknown_party = {(p.file, p.row) for p in problems}
        problems += [_in_spreadsheet_terms(p) for p in invalid.problems
                     if not ((p.file, p.row) in unknown_party and p.message == "deal without any party")]
    if problems:
        editing.show_problems(problems)
    ask = editing.interactive(interactive)
    problems = []
    for draft, row in made:
        duplicates = duplicate_deals(dataset, row, parties_of(change, row["id"]))
        problems += editing.settle_duplicates(dataset, change, row, duplicates, on_duplicate, ask,
                                              f"{draft.origin} row {draft.number}: ")
    if problems:
        editing.show_problems(problems)
    editing.write(change, data_dir, dry_run, attached)


def _in_spreadsheet_terms(problem: Problem) -> Problem:
    """A problem of a new source row, named by the spreadsheet's column (source_published…)."""
    column = {field: column for column, field in SOURCE_COLUMNS.items()}.get(problem.column, problem.column)
    return dataclasses.replace(problem, column=column)


def register(cli: click.Group) -> None:
    cli.add_command(import_deals)
