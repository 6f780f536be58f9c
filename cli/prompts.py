"""The questions `circular add` asks in a terminal. Each answer is checked as it is typed and asked
again with the reason; if the addition still fails, or is broken off, the command line that does
the same without questions is printed, so that nothing must be typed twice."""
from __future__ import annotations

import difflib
import shlex
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import click

from loader import sources as found_sources
from loader import texts, values
from loader.amounts import AmountError, read_amount, read_percent
from loader.drafts import NEW, Names
from loader.files import Dataset, Row
from loader.schema import DEAL_STATUSES, DEAL_TYPES, ENTITIES, ENTITY_TYPES, PARTY_ROLES, QUALIFIERS, REPORTS, SOURCES

LISTED_SOURCES = 8  # the most recent sources offered by number


def _checked(check: Callable[[str], str | None], optional: bool = True) -> Callable[[str], str]:
    """A click value_proc: the answer, stripped, or BadParameter with the reason (click asks again)."""
    def proc(answer: str) -> str:
        answer = answer.strip()
        if not answer:
            if optional:
                return ""
            raise click.BadParameter("an answer is needed here")
        wrong = check(answer)
        if wrong:
            raise click.BadParameter(wrong)
        return answer
    return proc


def ask(label: str, check: Callable[[str], str | None] = lambda _: None, optional: bool = True) -> str:
    return click.prompt(label, default="" if optional else None, show_default=False,
                        value_proc=_checked(check, optional))


def column_check(column_name: str, table=REPORTS) -> Callable[[str], str | None]:
    column = table.fields[column_name]
    return lambda answer: " — ".join(values.problem_with(column, answer) or ()) or None


def _read_with(reader) -> Callable[[str], str | None]:
    """A check that says why `reader` cannot read the answer, or None when it can."""
    def check(answer: str) -> str | None:
        try:
            reader(answer)
        except AmountError as error:
            return str(error)
        return None
    return check


_amount_check = _read_with(read_amount)
_percent_check = _read_with(read_percent)


def ask_deal(opts: dict[str, Any], dataset: Dataset) -> None:
    """Ask for what the options left out of a deal; new entities named on the way go in opts["new_entities"]."""
    if not opts["deal_type"]:
        opts["deal_type"] = click.prompt("Type", type=click.Choice(DEAL_TYPES))
    if not opts["status"]:
        opts["status"] = click.prompt("Status", type=click.Choice(DEAL_STATUSES))
    if not opts["summary"]:
        opts["summary"] = ask("Summary (one English sentence a reader understands alone)", optional=False)
    if not any(opts[f"party_{role}"] for role in PARTY_ROLES):
        while True:
            role = click.prompt("A party's role", type=click.Choice(PARTY_ROLES))
            name = ask_entity(f"  {role} (id, name or alias)", dataset, opts)
            opts[f"party_{role}"] = (*opts[f"party_{role}"], name)
            if not click.confirm("Another party?", default=False):
                break
    wrong = _amount_check(opts["amount"]) if opts["amount"] else None
    if wrong:
        click.echo(f"--amount: {wrong}", err=True)
    if not opts["amount"] or wrong:
        opts["amount"] = ask("Amount, as the source prints it (up to $10bn, 40 milliards de dollars…; "
                             "empty if it gives none)", _amount_check)
    if opts["amount"]:
        amount = read_amount(opts["amount"])
        if not opts["currency"] and not amount.currency:
            opts["currency"] = ask("Currency (ISO 4217)", column_check("currency"), optional=False)
        if not opts["qualifier"] and not amount.qualifier:
            opts["qualifier"] = click.prompt("How exact is it", type=click.Choice(QUALIFIERS), default="exact")
    if not opts["date"]:
        opts["date"] = ask("Date (2025-11-03, 2025-11, 2025; empty if the source gives none)", column_check("date"))
    if click.confirm("Add details: stake, duration, places, outcome, note?", default=False):
        opts["stake_percent"] = opts["stake_percent"] or ask("  Stake, in % of capital (empty if none)",
                                                             _percent_check)
        opts["duration"] = opts["duration"] or ask("  Duration, in the source's words")
        if not opts["place"]:
            opts["place"] = tuple(p.strip() for p in ask("  Places (separate them with ;)").split(";") if p.strip())
        opts["outcome"] = opts["outcome"] or ask("  Outcome, how it ended")
        opts["note"] = opts["note"] or ask("  Note: how a value was derived, caveats")


def ask_entity(label: str, dataset: Dataset, opts: dict[str, Any]) -> str:
    """A name the base knows. An unknown one is offered its close matches, or to be added there and then."""
    typed = ask(label, optional=False)
    while True:
        names = Names(dataset)
        if names.entity(typed):
            return typed
        close = names.close(typed)
        click.echo(f"  No entity is called {typed!r}." + (f" Did you mean {' or '.join(map(repr, close))}?" if close
                                                          else ""), err=True)
        for number, name in enumerate(close, start=1):
            click.echo(f"    {number}: {name}", err=True)
        click.echo(f"    new: add {typed!r} to the base now", err=True)
        choice = ask("  A number, 'new', or the name typed again", optional=False)
        if choice == "new":
            return _new_entity(typed, dataset, opts)
        if choice.isdigit() and 1 <= int(choice) <= len(close):
            return close[int(choice) - 1]
        typed = choice


def _new_entity(name: str, dataset: Dataset, opts: dict[str, Any]) -> str:
    """An entity typed during `add deal`: it cites the deal's source, with its own excerpt."""
    entity = {column: "" for column in ENTITIES.header}
    entity["type"] = click.prompt(f"    What is {name}", type=click.Choice(ENTITY_TYPES), default="company")
    entity["name"] = name
    entity["aliases"] = ";".join(a.strip() for a in ask("    Other names people type (separate them with ;)")
                                 .split(";") if a.strip())
    entity["excerpt"] = ask("    The source's words naming it, verbatim", _excerpt_check(None), optional=False)
    entity["id"] = Names(dataset).unique(name)
    dataset["entities"].append(Row(0, entity, NEW))
    opts.setdefault("new_entities", []).append(entity)
    return entity["id"]


def _excerpt_check(text: str | None) -> Callable[[str], str | None]:
    def check(answer: str) -> str | None:
        short = texts.excerpt_problem(answer)
        if short:
            return f"{short[0]}: {short[1]}"
        if text is not None and answer not in text:
            return "these words are not in the source's text: copy them exactly, accents and apostrophes included"
        return None
    return check


def ask_source(opts: dict[str, Any], dataset: Dataset, data_dir: Path) -> None:
    """The source of what is added, chosen among the known ones or described anew, then the excerpt."""
    known = sorted((r.values for r in dataset["sources"]), key=lambda s: s["published"], reverse=True)
    if not (opts.get("source_id") or opts.get("source_publisher")):
        click.echo("Sources the base has (most recent first):", err=True)
        for number, source in enumerate(known[:LISTED_SOURCES], start=1):
            click.echo(f"  {number}: {source['id']} — {source['publisher']} {source['published']} "
                       f"{source['title'][:50]}".rstrip(), err=True)
        by_id = {s["id"]: s for s in known}
        while True:
            choice = ask("Source: a number, an id, or 'new'", optional=False)
            if choice == "new":
                _describe_source(opts, known)
                break
            if choice.isdigit() and 1 <= int(choice) <= min(len(known), LISTED_SOURCES):
                opts["source_id"] = known[int(choice) - 1]["id"]
                break
            if choice in by_id:
                opts["source_id"] = choice
                break
            close = difflib.get_close_matches(choice, list(by_id), n=3, cutoff=0.6)
            click.echo(f"  No source has the id {choice!r}." + (f" Did you mean {' or '.join(map(repr, close))}?"
                                                               if close else " Type 'new' to describe it."), err=True)
    if not opts.get("excerpt"):
        opts["excerpt"] = ask("Excerpt: the source's words stating it, verbatim",
                              _excerpt_check(_source_text(opts, dataset, data_dir)), optional=False)


def _describe_source(opts: dict[str, Any], known: list[dict[str, str]]) -> None:
    opts["source_publisher"] = ask("  Publisher", optional=False)
    while True:
        opts["source_title"] = ask("  Title (the headline)")
        opts["source_date"] = ask("  Published (2025-11-03, 2025-11…)", column_check("published", SOURCES))
        opts["source_url"] = ask("  URL", column_check("url", SOURCES))
        why = found_sources.unfindable({"published": opts["source_date"], "title": opts["source_title"],
                                        "url": opts["source_url"]})
        if not why:
            break
        click.echo(f"  {why[0].upper()}{why[1:]}.", err=True)
    described = {"publisher": opts["source_publisher"], "title": opts["source_title"],
                 "published": opts["source_date"], "url": opts["source_url"]}
    same = found_sources.find(known, described)
    if same:
        click.echo(f"  The base already has it: {same['id']}; citing it.", err=True)
        for key in ("source_publisher", "source_title", "source_date", "source_url", "new_source_id"):
            opts[key] = None
        opts["source_id"] = same["id"]
        return
    path = ask("  Its text: a UTF-8 file to keep with the base (empty if you have none)", text_file_check)
    opts["source_text"] = Path(path) if path else None
    if not path:
        opts["source_paywalled"] = ask("  Behind a paywall? Say why the text is not kept (empty if not)") or None


def text_file_check(answer: str) -> str | None:
    try:
        texts.read_text(Path(answer).expanduser())
    except (OSError, ValueError) as error:
        return str(getattr(error, "strerror", None) or error)
    return None


def _source_text(opts: dict[str, Any], dataset: Dataset, data_dir: Path) -> str | None:
    """The text of the chosen source, when the base has it, to check the excerpt against as it is typed."""
    if opts.get("source_text"):
        return texts.read_text(Path(opts["source_text"]).expanduser())
    row = next((r.values for r in dataset["sources"] if r.values["id"] == opts.get("source_id")), None)
    path = texts.texts_folder(data_dir) / row["text_file"] if row and row["text_file"] else None
    return path.read_text(encoding="utf-8", errors="replace") if path and path.is_file() else None


def command_line(ctx: click.Context, opts: dict[str, Any]) -> list[str]:
    """The command lines that add the same without a question: the new entities first, then this."""
    lines = []
    source_flags = _flags(ctx, {k: v for k, v in opts.items() if k.startswith(("source", "new_source"))})
    for entity in opts.get("new_entities", []):
        words = ["circular", "add", "entity", "--type", entity["type"], "--name", entity["name"],
                 *[w for alias in entity["aliases"].split(";") if alias for w in ("--alias", alias)],
                 *source_flags, "--excerpt", entity["excerpt"], "--data-dir", str(opts["data_dir"]), "--no-interactive"]
        lines.append(shlex.join(words))
    words = ["circular", *ctx.command_path.split()[1:], *_flags(ctx, opts), "--no-interactive"]
    lines.append(shlex.join(words))
    return lines


def _flags(ctx: click.Context, opts: dict[str, Any]) -> list[str]:
    words: list[str] = []
    for param in ctx.command.params:
        if not isinstance(param, click.Option) or param.name not in opts or param.name == "interactive":
            continue
        value = opts[param.name]
        if value in (None, "", (), []) or value == param.default and param.name != "data_dir":
            continue
        flag = param.opts[-1] if param.opts[-1].startswith("--") else param.opts[0]
        if param.is_flag:
            words.append(flag) if value else None
            continue
        for item in value if param.multiple else [value]:
            words += [flag, str(item)]
    return words


@contextmanager
def replay_on_failure(opts: dict[str, Any], enabled: bool) -> Iterator[None]:
    """When the addition fails or is broken off, print the command line that repeats the answers."""
    try:
        yield
    except Exception:  # a refusal, a failure, or the questions broken off (click's Abort)
        if enabled:
            lines = command_line(click.get_current_context(), opts)
            click.echo("Nothing was written. To try again without the questions, correct and run:", err=True)
            for line in lines:
                click.echo("  " + line, err=True)
        raise
