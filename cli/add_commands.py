"""`circular add deal | entity | source`: add one record, sourced, to the files and Neo4j at once."""
from __future__ import annotations

from pathlib import Path

import click

from cli import editing, prompts
from loader import edits, partial, sources
from loader.changes import Change
from loader.drafts import (NEW, DealDraft, Names, deal_change, duplicate_deals, matching_entities,
                           merge_entity, merge_into, new_source_row, parties_of, unknown_name)
from loader.problems import Problem
from loader.schema import BY_NAME, DEAL_STATUSES, DEAL_TYPES, ENTITY_TYPES, PARTY_ROLES, PERIODS, QUALIFIERS, SOURCES

DUPLICATE_CHOICE = click.option(
    "--on-duplicate", type=click.Choice(["ask", "keep", "merge", "stop"]), default="ask", show_default=True,
    help="When it looks like a record the base has: ask, keep both, merge into the existing one, or stop.")


@click.group("add")
def add_group() -> None:
    """Add a deal, an entity or a source — written to data/*.csv and to Neo4j together."""


def _party_options(command):
    for role in reversed(PARTY_ROLES):
        command = click.option(f"--{role}", f"party_{role}", multiple=True, metavar="NAME",
                               help=f"A {role} of the deal (id, name or alias; repeatable).")(command)
    return command


@add_group.command("deal")
@click.option("--id", "deal_id", help="Stable id; made from the parties and date when omitted.")
@click.option("--type", "deal_type", type=click.Choice(DEAL_TYPES), help="Kind of deal.")
@click.option("--status", type=click.Choice(DEAL_STATUSES), help="Where it stands.")
@click.option("--summary", help="One English sentence a reader understands alone.")
@click.option("--amount", help="How much, e.g. 6.3bn or 6300000000.")
@click.option("--currency", help="ISO 4217 code of the amount, e.g. USD.")
@click.option("--qualifier", type=click.Choice(QUALIFIERS), help="How exact the amount is.")
@click.option("--amount-max", help="Top of a range.")
@click.option("--amount-period", type=click.Choice(PERIODS), help="For an amount paid per day, month or year.")
@click.option("--stake-percent", help="Share of capital taken or offered, 0–100.")
@click.option("--stake-qualifier", type=click.Choice(QUALIFIERS), help="How exact the stake is (default: exact).")
@click.option("--capacity", help="Power the deal is about, e.g. '10 GW' or '750 MW'.")
@click.option("--quantity", help="How many units, e.g. 400000.")
@click.option("--quantity-unit", help="What the quantity counts, e.g. chips.")
@click.option("--share-price", help="Share price the deal states, in --currency.")
@click.option("--maturity", help="When a loan or contract ends: 2030, 2030-06…")
@click.option("--preferred", is_flag=True, help="Show this report's values for the deal, whatever the others say.")
@click.option("--date", help="When: 2025, 2025-11 or 2025-11-03.")
@click.option("--duration", help="Span, in the source's words.")
@click.option("--place", multiple=True, help="Where (repeatable).")
@click.option("--outcome", help="How it ended.")
@click.option("--cited-source", help="The source the article credits (a sources.csv id).")
@click.option("--note", help="How a value was derived, caveats.")
@_party_options
@click.option("--pays-for", multiple=True, metavar="DEAL_ID", help="A purchase this funding pays for.")
@click.option("--paid-by", multiple=True, metavar="DEAL_ID", help="A funding that pays for this purchase.")
@click.option("--part-of", multiple=True, metavar="DEAL_ID", help="A larger deal this one is a part (a tranche) of.")
@click.option("--expands", multiple=True, metavar="DEAL_ID", help="An earlier deal this one expands.")
@click.option("--amends", multiple=True, metavar="DEAL_ID", help="An earlier deal this one amends.")
@click.option("--replaces", multiple=True, metavar="DEAL_ID", help="An earlier deal this one replaces.")
@click.option("--same-as", "same_as", metavar="DEAL_ID",
              help="This is a further report of that deal: add what this source says to it.")
@DUPLICATE_CHOICE
@editing.source_options
def add_deal(**opts) -> None:
    """Add a deal with its parties and its source.

    Run in a terminal, it asks for what is missing.

    Example:

    \b
      circular add deal --type investment --status announced \\
        --funder Nvidia --recipient "Mistral AI" \\
        --amount 2bn --currency USD --qualifier exact --date 2025-11 \\
        --summary 'Nvidia invests $2bn in Mistral AI.' \\
        --source-publisher Reuters --source-date 2025-11-03 \\
        --excerpt 'Nvidia will invest $2 billion'
    """
    dataset = partial.read(opts["data_dir"])
    if opts["same_as"]:
        partial.take_deals(dataset, [opts["same_as"]])
    ask = editing.interactive(opts["interactive"])
    _known_from_same_deal(opts, dataset)
    with prompts.replay_on_failure(opts, ask):
        if ask:
            prompts.ask_deal(opts, dataset)
            prompts.ask_source(opts, dataset, opts["data_dir"])
        _write_deal(opts, dataset, ask)


def _known_from_same_deal(opts: dict, dataset) -> None:
    """A further report of a deal the base has (--same-as): the deal's type, summary and parties are known."""
    same = [r.values for r in dataset["deals"] if opts["same_as"] and r.values["id"] == opts["same_as"]]
    if not same:
        return
    opts["deal_type"] = opts["deal_type"] or same[0]["type"]
    opts["summary"] = opts["summary"] or same[0]["summary"]
    if not any(opts[f"party_{role}"] for role in PARTY_ROLES):
        for party in dataset["parties"]:
            if party.values["deal_id"] == same[0]["id"]:
                key = f"party_{party.values['role']}"
                opts[key] = (*opts[key], party.values["entity_id"])


def _write_deal(opts: dict, dataset, ask: bool) -> None:
    data_dir: Path = opts["data_dir"]
    parties = [(role, name) for role in PARTY_ROLES for name in opts[f"party_{role}"]]
    deal = {"id": opts["deal_id"] or "", "type": opts["deal_type"] or "", "status": opts["status"] or "",
            "summary": opts["summary"] or "", "amount": opts["amount"] or "", "currency": opts["currency"] or "",
            "amount_qualifier": opts["qualifier"] or "", "amount_max": opts["amount_max"] or "",
            "amount_period": opts["amount_period"] or "", "stake_percent": opts["stake_percent"] or "",
            "stake_qualifier": opts["stake_qualifier"] or ("exact" if opts["stake_percent"] else ""),
            "capacity": opts["capacity"] or "", "quantity": opts["quantity"] or "",
            "quantity_unit": opts["quantity_unit"] or "", "share_price": opts["share_price"] or "",
            "maturity": opts["maturity"] or "", "date": opts["date"] or "",
            "duration": opts["duration"] or "", "places": ";".join(opts["place"]), "outcome": opts["outcome"] or "",
            "cited_source_id": opts["cited_source"] or "", "preferred": "yes" if opts["preferred"] else "",
            "note": opts["note"] or "", "source_id": opts["source_id"] or "", "excerpt": opts["excerpt"] or ""}
    links = [(relation, other) for relation in ("part_of", "expands", "amends", "replaces") for other in opts[relation]]
    draft = DealDraft(deal, parties, list(opts["pays_for"]), list(opts["paid_by"]), links, editing.new_source(opts))
    change, problems, [(_, row)] = deal_change(dataset, [draft])
    for entity in opts.get("new_entities", []):  # named while asking, citing the deal's source
        change.add("entities", {**entity, "source_id": row["source_id"]}, NEW)
    problems += editing.unfindable_source(opts)
    if opts["same_as"]:
        existing = [r for r in dataset["deals"] if r.values["id"] == opts["same_as"]]
        if not existing:
            problems.append(Problem(NEW, 0, "same_as", f"no deal has the id {opts['same_as']!r}",
                                    "give the id of a deal the base has (circular ask timeline lists them)"))
    if problems:
        editing.show_problems(editing.every_problem(data_dir, change, problems))
    editing.say_source_found(draft.source, change, row)
    attached = editing.attached_text(change, opts, data_dir, dataset, row["source_id"])
    if opts["same_as"]:
        problems = merge_into(dataset, change, row, existing[0])
    else:
        duplicates = duplicate_deals(dataset, row, parties_of(change, row["id"]))
        problems = editing.settle_duplicates(dataset, change, row, duplicates, opts["on_duplicate"], ask)
    if problems:
        editing.show_problems(problems)
    editing.write(change, data_dir, opts["dry_run"], attached, reading=dataset)


@add_group.command("entity")
@click.option("--id", "entity_id", help="Stable id; made from the name when omitted.")
@click.option("--type", "entity_type", type=click.Choice(ENTITY_TYPES), help="What it is.")
@click.option("--name", help="Its usual name.")
@click.option("--alias", multiple=True, help="Another name people type (repeatable).")
@click.option("--description", help="What the source says it is, in its words.")
@click.option("--country", help="ISO 3166 code, when the source says it.")
@click.option("--parent", help="The company it belongs to (id, name or alias).")
@DUPLICATE_CHOICE
@editing.source_options
def add_entity(**opts) -> None:
    """Add a company, person, project, product or group, with the source that names it.

    Example:

    \b
      circular add entity --type company --name "Acme AI" --alias Acme \\
        --source-publisher Reuters --source-date 2025-11-03 \\
        --excerpt 'Acme AI, a start-up based in Paris'
    """
    data_dir: Path = opts["data_dir"]
    dataset = partial.read(data_dir)
    names = Names(dataset)
    ask = editing.interactive(opts["interactive"])
    with prompts.replay_on_failure(opts, ask):
        if ask:
            opts["entity_type"] = opts["entity_type"] or click.prompt("Type", type=click.Choice(ENTITY_TYPES))
            opts["name"] = opts["name"] or prompts.ask("Name", optional=False)
            if not opts["alias"]:
                opts["alias"] = tuple(a.strip() for a in prompts.ask("Other names people type (separate them "
                                                                     "with ;)").split(";") if a.strip())
            prompts.ask_source(opts, dataset, data_dir)
        _write_entity(opts, dataset, names, ask)


def _write_entity(opts: dict, dataset, names: Names, ask: bool) -> None:
    data_dir: Path = opts["data_dir"]
    name = (opts["name"] or "").strip()
    parent = names.entity(opts["parent"]) if opts["parent"] else ""
    if parent is None:
        editing.show_problems([Problem(NEW, 0, "parent_id", f"no entity is called {opts['parent']!r}",
                                       unknown_name(names, opts["parent"]))])
    if editing.unfindable_source(opts):
        editing.show_problems(editing.unfindable_source(opts))
    change = Change()
    source_id = editing.cite_source(opts, dataset, change)
    attached = editing.attached_text(change, opts, data_dir, dataset, source_id)
    entity = {"id": opts["entity_id"] or (names.unique(name) if name else ""), "type": opts["entity_type"] or "",
              "name": name, "aliases": ";".join(opts["alias"]), "description": opts["description"] or "",
              "country": opts["country"] or "", "parent_id": parent,
              "source_id": source_id, "excerpt": opts["excerpt"] or ""}
    duplicates = matching_entities(dataset, name, list(opts["alias"])) if name else []
    if duplicates:
        choice = editing.decide(duplicates, editing.describe_row, "entity", opts["on_duplicate"], ask)
        if choice == "merge":
            merge_entity(dataset, change, entity, duplicates[0])
            editing.write(change, data_dir, opts["dry_run"], attached)
            return
    change.add("entities", entity, NEW)
    editing.write(change, data_dir, opts["dry_run"], attached, reading=dataset)


@add_group.command("source")
@click.option("--id", "source_id", help="Stable id; made from the publisher and date when omitted.")
@click.option("--title", help="Headline as published.")
@click.option("--publisher", help="Who published it.")
@click.option("--published", help="When (2025-11-03, 2025-11, 2025).")
@click.option("--url", help="Its web address.")
@click.option("--language", help="ISO 639-1 code (fr, en…).")
@click.option("--cites", multiple=True, help="A source it quotes (an id; repeatable).")
@click.option("--text", "text", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A UTF-8 file holding its text: copied into the base's texts folder, to verify excerpts against.")
@click.option("--paywalled", metavar="REASON", help="It is behind a paywall: why its text is not kept.")
@editing.writing_options
def add_source(**opts) -> None:
    """Add a source (an article, a report) that facts can cite.

    Example:

    \b
      circular add source --publisher Reuters --published 2025-11-03 \\
        --title "Nvidia to invest in Acme AI" --url https://example.org/nvidia-acme
    """
    data_dir: Path = opts["data_dir"]
    dataset = partial.read(data_dir)
    names = Names(dataset)
    if editing.interactive(opts["interactive"]):
        opts["publisher"] = opts["publisher"] or prompts.ask("Publisher", optional=False)
        opts["title"] = opts["title"] or prompts.ask("Title (the headline)")
        opts["published"] = opts["published"] or prompts.ask("Published (2025-11-03, 2025-11…)",
                                                             prompts.column_check("published", SOURCES))
        opts["url"] = opts["url"] or prompts.ask("URL", prompts.column_check("url", SOURCES))
        if not opts["text"]:
            path = prompts.ask("Its text: a UTF-8 file to keep with the base (empty if you have none)",
                               prompts.text_file_check)
            opts["text"] = Path(path).expanduser() if path else None
        if not opts["text"] and not opts["paywalled"]:
            opts["paywalled"] = prompts.ask("Behind a paywall? Say why the text is not kept (empty if not)") or None
    values = {"id": opts["source_id"] or "", "title": opts["title"] or "", "publisher": opts["publisher"] or "",
              "published": opts["published"] or "", "url": opts["url"] or "", "language": opts["language"] or "",
              "cites": ";".join(opts["cites"]), "paywalled": opts["paywalled"] or ""}
    same = sources.find([r.values for r in dataset["sources"]], values)
    if same:
        raise click.ClickException(f"The base already has this source: {editing.describe_values(same)}. "
                                   f"Cite it with --source {same['id']}.")
    why = sources.unfindable(values)
    if why and values["publisher"]:
        editing.show_problems([Problem(NEW, 0, "published", why, "add --published, --title or --url")])
    change = Change()
    change.add("sources", new_source_row(names, values), NEW)
    editing.write(change, data_dir, opts["dry_run"], editing.attached_text(change, opts, data_dir, option="text"),
                  reading=dataset)


# Facts added field by field: each column of the table is an option (--entity-id, --metric…); the
# source is an existing one or a new one, as for a deal.
FIELD_BY_FIELD = {
    "figure": ("figures", "A valuation, revenue, share, price… of an entity, with its source.",
               "circular add figure --entity-id nvidia --metric market_value --value 4.4tn --unit USD \\\n"
               "    --qualifier exact --as-of 2025-10 --source lemonde-2025-10-circulaire --excerpt '4 400 milliards'"),
    "quote": ("quotes", "Who said what, when and where, with the source that reports it.",
              "circular add quote --person-id lisa-su --text '…' --said-on 2025-06 \\\n"
              "    --source lemonde-2025-10-circulaire --excerpt 'a déclaré'"),
    "citation": ("citations", "A further source for an entity, figure, quote or source (a deal's further "
                 "sources are reports: add deal --same-as).",
                 "circular add citation --fact-id nvidia --source-publisher Reuters --source-date 2025-11-04 \\\n"
                 "    --excerpt 'Nvidia, the chipmaker'"),
    "rate": ("rates", "What a currency was worth in US dollars, as a source gives both amounts.",
             "circular add rate --currency EUR --amount 3788bn --usd-amount 4400bn --as-of 2025-10 \\\n"
             "    --source lemonde-2025-10-circulaire --excerpt '4 400 milliards de dollars, soit 3 788 milliards'"),
}


def _field_by_field(kind: str, table_name: str, about: str, example: str) -> click.Command:
    table = BY_NAME[table_name]

    def command(**opts) -> None:
        from cli.change_commands import commit, _entity_ids

        data_dir: Path = opts["data_dir"]
        dataset = partial.read(data_dir)
        names = Names(dataset)
        if editing.interactive(opts["interactive"]):
            prompts.ask_source(opts, dataset, data_dir)
        row = {c: (opts.get(c) or "").strip() for c in table.header if c not in ("source_id", "excerpt")}
        row = {column: edits.typed_cell(table, column, cell) for column, cell in _entity_ids(dataset, table, row).items()}
        if "id" in table.fields and not row.get("id"):
            row["id"] = names.unique("-".join(filter(None, (row.get("entity_id") or row.get("person_id"),
                                                            row.get("metric"), row.get("as_of") or row.get("said_on")))))
        change = Change()
        source_id = editing.cite_source(opts, dataset, change)
        change.add(table.name, {**row, "source_id": source_id, "excerpt": opts["excerpt"] or ""}, NEW)
        commit(change, data_dir, opts["dry_run"], dataset)

    lines = "\n".join("      " + line.strip() if i == 0 else "        " + line.strip()
                      for i, line in enumerate(example.splitlines()))
    command.__doc__ = f"{about}\n\n    Example:\n\n    \b\n{lines}\n"
    for column in reversed([c for c in table.columns if c.name not in ("source_id", "excerpt")]):
        helps = f"{column.name} ({column.kind}{', required' if column.required else ''}; see data/README.md)"
        if column.choices:
            helps += f": one of {', '.join(column.choices)}"
        command = click.option(f"--{column.name.replace('_', '-')}", column.name, help=helps)(command)
    return add_group.command(kind)(editing.source_options(command))


for _kind, (_table, _about, _example) in FIELD_BY_FIELD.items():
    _field_by_field(_kind, _table, _about, _example)


def register(cli: click.Group) -> None:
    cli.add_command(add_group)
