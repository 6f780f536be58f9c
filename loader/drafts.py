"""From what a journalist types — names, amounts like 6.3bn, a new source — to rows of the base.

Used by `circular add` and `circular import`: names are matched against ids, names and aliases in
any case; ids are made from the key fields; duplicates of what the base already holds are found.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from loader import sources
from loader.changes import Change
from loader.files import Dataset, Row
from loader.partial import Slice
from loader.problems import Problem
from loader.amounts import deal_amount
from loader.schema import DEALS, ID_TABLES, MONEY_DIRECTIONS, PARTY_ROLES, REPORTS

NEW = "(new row)"  # the origin of a row typed on the command line
PAYERS = tuple(pair[0] for pair in MONEY_DIRECTIONS)
PAYEES = tuple(pair[1] for pair in MONEY_DIRECTIONS)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


class Names:
    """Every id of the base, and the entities by id, name and alias (in any case)."""

    def __init__(self, dataset: Dataset):
        self.ids = dataset.ids() if isinstance(dataset, Slice) else \
            {row.values["id"] for name in ID_TABLES for row in dataset.get(name, [])}
        self.entities = {row.values["id"]: row.values for row in dataset.get("entities", [])}
        self.by_label: dict[str, str] = {}
        for ident, entity in self.entities.items():
            for label in (ident, entity["name"], *entity["aliases"].split(";")):
                if label.strip():
                    self.by_label.setdefault(label.strip().casefold(), ident)

    def entity(self, text: str) -> str | None:
        return self.by_label.get(text.strip().casefold())

    def close(self, text: str) -> list[str]:
        """Names of entities close to what was typed, for 'did you mean …?'."""
        labels = {label: self.entities[ident]["name"] for label, ident in self.by_label.items()}
        return list(dict.fromkeys(labels[m] for m in difflib.get_close_matches(text.strip().casefold(),
                                                                                list(labels), n=3, cutoff=0.6)))

    def unique(self, base: str) -> str:
        base = slug(base) or "item"
        candidate, n = base, 2
        while candidate in self.ids:
            candidate, n = f"{base}-{n}", n + 1
        self.ids.add(candidate)
        return candidate


def unknown_name(names: Names, text: str) -> str:
    close = names.close(text)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    return f"{hint}add it first with `circular add entity`, or use its id, name or alias"


DEAL_FIELDS = tuple(c for c in DEALS.header if c != "note")                   # the event: id, type, summary
REPORT_FIELDS = tuple(c for c in REPORTS.header if c != "deal_id")          # what one source says of it


@dataclass
class DealDraft:
    deal: dict[str, str]                                              # DEAL_FIELDS and REPORT_FIELDS; id may be empty
    parties: list[tuple[str, str]] = field(default_factory=list)      # (role, name as typed)
    pays_for: list[str] = field(default_factory=list)                 # purchases this funding pays for
    paid_by: list[str] = field(default_factory=list)                  # fundings that pay for this purchase
    links: list[tuple[str, str]] = field(default_factory=list)        # (relation, other deal id): part_of, expands…
    source: dict[str, str] = field(default_factory=dict)              # a new source's columns, if any
    origin: str = NEW
    number: int = 0
    columns: dict[str, str] = field(default_factory=dict)             # how the origin names each field


def new_source_row(names: Names, values: dict[str, str]) -> dict[str, str]:
    """sources.csv columns for a source typed by hand; unless chosen, its id is made from publisher,
    date and title, short and cut between words."""
    row = dict(values)
    if not row.get("id"):
        row["id"] = names.unique(sources.readable_id(row))
    else:
        names.ids.add(row["id"])
    return row


def deal_change(dataset: Dataset, drafts: list[DealDraft]) -> tuple[Change, list[Problem], list[tuple[DealDraft, dict]]]:
    """The rows the drafts add, the problems found in what was typed, and each draft with its deal row."""
    change, problems, made = Change(), [], []
    names = Names(dataset)
    # one row per new source, however many deals cite it; a source the base has is reused
    known = [r.values for r in dataset["sources"]]
    for draft in drafts:
        where = (draft.origin, draft.number)
        column = lambda name: draft.columns.get(name, name)  # noqa: E731
        deal = {k: v.strip() for k, v in draft.deal.items()}
        money, refused = deal_amount(deal)
        deal.update(money)
        problems += [Problem(*where, column(name), error.what, error.fix) for name, error in refused]
        if deal.get("stake_percent") and not deal.get("stake_qualifier"):
            deal["stake_qualifier"] = "exact"  # a percentage as printed, unless the source hedges it
        parties = []
        for role, typed in draft.parties:
            ident = names.entity(typed)
            if ident is None:
                problems.append(Problem(*where, column(role), f"no entity is called {typed!r}", unknown_name(names, typed)))
            elif role not in PARTY_ROLES:
                problems.append(Problem(*where, column(role), f"{role!r} is not a role", f"use one of: {', '.join(PARTY_ROLES)}"))
            elif ident in {i for _, i in parties}:
                problems.append(Problem(*where, column(role), f"{typed!r} is named twice in this deal",
                                        "name each party once, in the one role it plays"))
            else:
                parties.append((role, ident))
        if draft.source:
            source = sources.find(known, draft.source)
            if source is None:
                source = new_source_row(names, draft.source)
                change.add("sources", source, draft.origin, draft.number)
                known.append(source)
            deal["source_id"] = source["id"]
        if not deal.get("id"):
            deal["id"] = names.unique(_deal_id(deal, parties))
        else:
            names.ids.add(deal["id"])
        change.add("deals", {c: deal.get(c, "") for c in DEAL_FIELDS}, draft.origin, draft.number)
        change.add("reports", {"deal_id": deal["id"], **{c: deal.get(c, "") for c in REPORT_FIELDS}},
                   draft.origin, draft.number)
        for role, ident in dict.fromkeys(parties):
            change.add("parties", {"deal_id": deal["id"], "entity_id": ident, "role": role}, draft.origin, draft.number)
        for relation, other in [*(("pays_for", p) for p in draft.pays_for), *draft.links]:
            change.add("links", _link(deal, deal["id"], relation, other), draft.origin, draft.number)
        for funding in draft.paid_by:
            change.add("links", _link(deal, funding, "pays_for", deal["id"]), draft.origin, draft.number)
        made.append((draft, deal))
    return change, problems, made


def _link(deal: dict[str, str], start: str, relation: str, other: str) -> dict[str, str]:
    # the deal's own source and excerpt state the tie, since the journalist gave them together
    return {"deal_id": start, "relation": relation, "other_deal_id": other,
            "source_id": deal.get("source_id", ""), "excerpt": deal.get("excerpt", "")}


def _deal_id(deal: dict[str, str], parties: list[tuple[str, str]]) -> str:
    payers = [i for role, i in parties if role in PAYERS]
    payees = [i for role, i in parties if role in PAYEES]
    who = [*payers[:1], *payees[:1]] or [i for _, i in parties[:2]] or [deal.get("type", "deal")]
    return "-".join([*who, deal.get("date", "")[:7] or deal.get("type", "")])


def duplicate_deals(dataset: Dataset, deal: dict[str, str], parties: set[tuple[str, str]]) -> list[Row]:
    """Deals already in the base that this one may be another report of: the same type and parties,
    and dates that agree as far as both go (an undated report agrees with any date; 2025-09 with
    2025-09-22). A partial read first reads the deals that have these parties, with their reports."""
    if isinstance(dataset, Slice):
        dataset.take_deals(dataset.deals_with_parties(parties))
    by_deal: dict[str, set[tuple[str, str]]] = {}
    for row in dataset["parties"]:
        by_deal.setdefault(row.values["deal_id"], set()).add((row.values["role"], row.values["entity_id"]))
    dates: dict[str, set[str]] = {}
    for row in dataset["reports"]:
        dates.setdefault(row.values["deal_id"], set()).add(row.values["date"])
    return [row for row in dataset["deals"]
            if row.values["type"] == deal.get("type") and row.values["id"] != deal.get("id")
            and by_deal.get(row.values["id"], set()) == parties
            and any(_dates_agree(date, deal.get("date", "")) for date in dates.get(row.values["id"], {""}))]


def _dates_agree(one: str, other: str) -> bool:
    return not one or not other or one.startswith(other) or other.startswith(one)


def matching_entities(dataset: Dataset, name: str, aliases: list[str]) -> list[Row]:
    """Entities whose id, name or an alias is one of these names, in any case."""
    wanted = {n.strip().casefold() for n in [name, slug(name), *aliases] if n.strip()}
    found = []
    for row in dataset["entities"]:
        labels = {row.values["id"], row.values["name"], *row.values["aliases"].split(";")}
        if wanted & {label.strip().casefold() for label in labels if label.strip()}:
            found.append(row)
    return found


def _filled(existing: dict[str, str], report: dict[str, str], columns: tuple[str, ...]) -> list[str]:
    """The columns the existing row lacks and the new report gives."""
    return [c for c in columns if report.get(c) and not existing.get(c)]


def _citation(dataset: Dataset, change: Change, fact: dict[str, str], source_id: str, excerpt: str,
              what: str, filled: list[str]) -> None:
    """Credit a further report of a fact in citations.csv, unless it adds nothing the base lacks:
    the fact's own source adding no value, or a source already cited for it."""
    if not filled and source_id == fact["source_id"]:
        return
    if isinstance(dataset, Slice):
        dataset.take("citations", dataset.files["citations"].where((fact["id"],)))
    cited = {(r.values["fact_id"], r.values["source_id"])
             for r in [*dataset.get("citations", []), *change.added.get("citations", [])]}
    if (fact["id"], source_id) in cited:
        return
    note = f"also {what}; gives {', '.join(filled)}" if filled else f"also {what}"
    change.add("citations", {"fact_id": fact["id"], "source_id": source_id, "excerpt": excerpt, "note": note}, NEW)


def parties_of(change: Change, deal_id: str) -> set[tuple[str, str]]:
    return {(r.values["role"], r.values["entity_id"]) for r in change.added.get("parties", [])
            if r.values["deal_id"] == deal_id}


def merge_into(dataset: Dataset, change: Change, deal: dict[str, str], existing: Row) -> list[Problem]:
    """Turn the new deal of `change` into a further report of `existing`: its report, links and
    source stay, its own deal row and parties go. Nothing of what other reports say is touched.
    Returns the problem when this source already reports that deal differently."""
    new_id, old_id = deal["id"], existing.values["id"]
    change.added["deals"] = [r for r in change.added.get("deals", []) if r.values["id"] != new_id]
    change.added["parties"] = [r for r in change.added.get("parties", []) if r.values["deal_id"] != new_id]
    for row in change.added.get("links", []):
        for column in ("deal_id", "other_deal_id"):
            if row.values[column] == new_id:
                row.values[column] = old_id
    [report] = [r for r in change.added["reports"] if r.values["deal_id"] == new_id]
    report.values["deal_id"] = old_id
    same_source = [r for r in dataset["reports"]
                   if (r.values["deal_id"], r.values["source_id"]) == (old_id, report.values["source_id"])]
    if not same_source:
        return []
    change.added["reports"].remove(report)
    if same_source[0].values == report.values:
        return []  # merging the same report twice adds nothing
    return [Problem(report.origin or NEW, report.number, "source_id",
                    f"{report.values['source_id']!r} already reports {old_id!r} with other values",
                    f"change that report with `circular edit report {old_id} {report.values['source_id']}`")]


def merge_entity(dataset: Dataset, change: Change, entity: dict[str, str], existing: Row) -> None:
    """Fold a new entity into the one the base has: its name and aliases become aliases, its empty
    fields are filled, and its source is credited in citations.csv."""
    merged = dict(existing.values)
    known = {a.casefold() for a in [merged["name"], *merged["aliases"].split(";")]}
    extra = [a for a in [entity["name"], *entity["aliases"].split(";")] if a and a.casefold() not in known]
    merged["aliases"] = ";".join(filter(None, [merged["aliases"], *extra]))
    filled = _filled(merged, entity, ("description", "country", "parent_id"))
    for column in filled:
        merged[column] = entity[column]
    change.replace("entities", merged)
    _citation(dataset, change, merged, entity["source_id"], entity["excerpt"], "names this entity",
              filled + (["aliases"] if extra else []))
