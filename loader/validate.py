"""Check the data without touching the database, reporting every problem at once.

The same rules check a whole folder, or some rows of one against the rest of it (a change: its new
and replaced rows). The rules that span rows — unique keys and ids, references, names, a deal's
parties and reports, one preferred report — look up what they need of the other rows in a `Rest`,
which holds nothing for a whole folder (every row is being checked) and, for a change, answers from
the rest of a folder already known to be valid (see loader/partial.py).
"""
from __future__ import annotations

from pathlib import Path

from loader import checked, texts, values
from loader.files import Dataset, Row
from loader.problems import Problem
from loader.schema import BY_NAME, ID_TABLES, TABLES, Table


class Rest:
    """The rows of the folder besides those being checked: none. A partial read answers for a real rest."""

    def row_with_key(self, table: str, key: tuple[str, ...]) -> int | None:
        """The row number of the row of `table` with this key."""
        return None

    def place_of_id(self, ident: str) -> tuple[str, int] | None:
        """(table, row number) of the row with this id, in any table of the shared id space."""
        return None

    def entity_type(self, ident: str) -> str | None:
        return None

    def owner_of_label(self, label: str) -> tuple[str, int] | None:
        """(entity id, row number) of the entity with this name or alias, case folded."""
        return None

    def has_rows(self, table: str, deal_id: str) -> bool:
        """Whether the deal has parties (table "parties") or reports ("reports")."""
        return False

    def preferred_report(self, deal_id: str) -> int | None:
        """The row number of the deal's preferred report."""
        return None

    def sources(self) -> list[Row]:
        """The sources' rows, whose texts prove the excerpts of the rows checked."""
        return []


NOTHING_ELSE = Rest()


def validate(dataset: Dataset, sources_dir: Path | None = None,
             texts_seen: dict[str, checked.Seen | None] | None = None) -> list[Problem]:
    """Every problem of a whole folder; `texts_seen` gets how each source's text was when read."""
    return check(dataset, NOTHING_ELSE, sources_dir, texts_seen)


def check(rows: Dataset, rest: Rest, sources_dir: Path | None = None,
          texts_seen: dict[str, checked.Seen | None] | None = None) -> list[Problem]:
    """Every problem of these rows, the other rows of their folder being `rest`."""
    problems: list[Problem] = []
    for table in TABLES:
        problems += _cells(table, rows.get(table.name, []))
    index = _Index(rows, rest)
    problems += index.duplicates()
    problems += _references(rows, index)
    problems += _deals(rows, rest)
    problems += _entity_names(rows, rest)
    if sources_dir is not None:
        problems += texts.verify(rows, Path(sources_dir), rest.sources(), texts_seen).problems
    return sorted(set(problems))


def _cells(table: Table, rows: list[Row]) -> list[Problem]:
    """The problems of each cell on its own, judged a column at a time (see values.problems_in)."""
    found = []
    for column in table.columns:
        cells = [row.values[column.name] for row in rows]
        wrong = values.problems_in(column, cells)
        if column.name == "excerpt":
            wrong |= {cell: short for cell in set(cells).difference(wrong, [""])
                      if (short := texts.excerpt_problem(cell))}
        if not wrong and not (column.required and "" in cells):
            continue
        for row, cell in zip(rows, cells):
            if cell == "" and column.required:
                found.append(Problem(*row.where(table.file), column.name, "required value missing",
                                     _how_to_fill(table, column.name)))
            elif cell in wrong:
                found.append(Problem(*row.where(table.file), column.name, *wrong[cell]))
    return found


def _how_to_fill(table: Table, column: str) -> str:
    if column == "source_id":
        return "no fact without a source: give the id of a row of sources.csv"
    if column == "excerpt":
        return "copy the words that state this fact, verbatim, from the source"
    return f"fill in {column} (see data/README.md, {table.file})"


class _Index:
    """Every id of the rows checked and of the rest, which table holds it and, for entities, their type."""

    def __init__(self, dataset: Dataset, rest: Rest):
        self.dataset, self.rest = dataset, rest
        self.tables: dict[str, str] = {}
        self.entity_types: dict[str, str] = {}
        for name in ID_TABLES:
            for row in dataset.get(name, []):
                self.tables.setdefault(row.values["id"], name)
                if name == "entities":
                    self.entity_types[row.values["id"]] = row.values["type"]

    def table_of(self, ident: str) -> str | None:
        """The first table of the id space, in the order of ID_TABLES, holding this id."""
        place = self.rest.place_of_id(ident)
        found = [name for name in (self.tables.get(ident), place and place[0]) if name]
        return min(found, key=ID_TABLES.index) if found else None

    def type_of(self, ident: str) -> str | None:
        return self.entity_types.get(ident) or self.rest.entity_type(ident)

    def duplicates(self) -> list[Problem]:
        found = []
        first_seen: dict[str, tuple[str, int]] = {}
        for table in TABLES:
            seen_keys: dict[tuple[str, ...], int] = {}
            for row in self.dataset.get(table.name, []):
                key = table.key_of(row.values)
                if "" in key:
                    continue
                earlier = seen_keys[key] if key in seen_keys else self.rest.row_with_key(table.name, key)
                if earlier is not None:
                    found.append(Problem(*row.where(table.file), table.key[-1],
                                         f"duplicate of row {earlier} ({', '.join(key)})",
                                         "merge the two rows, or give this one another id"))
                    continue
                seen_keys[key] = row.number
                if table.name in ID_TABLES:
                    ident = row.values["id"]
                    if ident not in first_seen and (place := self.rest.place_of_id(ident)):
                        first_seen[ident] = (BY_NAME[place[0]].file, place[1])
                    if ident in first_seen and first_seen[ident][0] != table.file:
                        where = f"{first_seen[ident][0]} row {first_seen[ident][1]}"
                        found.append(Problem(*row.where(table.file), "id", f"id {ident!r} is already used in {where}",
                                             "ids are shared by all tables: choose another one"))
                    first_seen.setdefault(ident, (table.file, row.number))
        return found

    def ref_problem(self, column: str, target: str, ident: str) -> tuple[str, str] | None:
        """(what is wrong, how to fix it) when `ident`, in a column pointing at `target`, names
        nothing of the kind (see Column.ref)."""
        if target == "any":
            if self.table_of(ident):
                return None
            return _unknown(ident, "an entity, deal, figure, quote or source")
        if target.startswith("entity:"):
            wanted = target.split(":", 1)[1]
            kind = self.type_of(ident)
            if kind is None:
                return _unknown(ident, "entities.csv")
            if wanted.startswith("!") and kind == wanted[1:]:
                return f"{ident!r} is a {kind}", f"{column} must name an entity that is not a {kind}"
            if not wanted.startswith("!") and kind != wanted:
                return f"{ident!r} is a {kind}, not a {wanted}", f"name an entity of type {wanted}"
            return None
        if self.table_of(ident) != target:
            return _unknown(ident, BY_NAME[target].file)
        return None


def _unknown(ident: str, where: str) -> tuple[str, str]:
    command = {"sources.csv": "circular add source", "entities.csv": "circular add entity",
               "deals.csv": "circular add deal"}.get(where)
    how = f"add it first with `{command}`" if command else f"give the id of {where} the base has"
    return f"unknown id {ident!r}", f"{how}, or correct the spelling"


def _references(dataset: Dataset, index: _Index) -> list[Problem]:
    found = []
    for table in TABLES:
        rows = dataset.get(table.name, [])
        for column in (c for c in table.columns if c.kind in ("ref", "refs")):
            cells = [row.values[column.name] for row in rows]
            sound = set(cells).difference(values.problems_in(column, cells), [""])  # others have their problem
            named = set().union(*map(values.split_list, sound)) if column.kind == "refs" else sound
            wrong = {ident: reason for ident in named if (reason := index.ref_problem(column.name, column.ref, ident))}
            for row, cell in zip(rows, cells) if wrong else ():
                if cell in sound:
                    for ident in values.split_list(cell) if column.kind == "refs" else [cell]:
                        if ident in wrong:
                            found.append(Problem(*row.where(table.file), column.name, *wrong[ident]))
    for table, a, b in (("entities", "id", "parent_id"), ("links", "deal_id", "other_deal_id")):
        for row in dataset.get(table, []):
            if row.values[a] and row.values[a] == row.values[b]:
                found.append(Problem(*row.where(BY_NAME[table].file), b, f"{b} points at the row itself",
                                     f"name another id, or leave {b} empty" if table == "entities"
                                     else "a deal cannot be linked to itself: name the other deal"))
    for row in dataset.get("citations", []):
        if index.table_of(row.values["fact_id"]) == "deals":
            found.append(Problem(*row.where("citations.csv"), "fact_id", "a deal's further sources are reports",
                                 "move this row to reports.csv (`circular add deal --same-as DEAL_ID`)"))
    return found


def _entity_names(dataset: Dataset, rest: Rest) -> list[Problem]:
    """A name or alias must point at one entity, or people typing it would get either."""
    found, owner = [], {}
    for row in dataset.get("entities", []):
        labels = [row.values["name"], *values.split_list(row.values["aliases"])]
        for label in dict.fromkeys(label.strip().casefold() for label in labels if label.strip()):
            if label not in owner and (elsewhere := rest.owner_of_label(label)):
                owner[label] = elsewhere
            if label in owner and owner[label][0] != row.values["id"]:
                other, number = owner[label]
                found.append(Problem(*row.where("entities.csv"), "aliases" if label != row.values["name"].casefold()
                                     else "name", f"{label!r} already names {other!r} (row {number})",
                                     "give each entity its own name and aliases"))
            owner.setdefault(label, (row.values["id"], row.number))
    return found


def _deals(dataset: Dataset, rest: Rest) -> list[Problem]:
    found = []
    with_parties = {row.values["deal_id"] for row in dataset.get("parties", [])}
    with_reports = {row.values["deal_id"] for row in dataset.get("reports", [])}
    for row in dataset.get("deals", []):
        ident = row.values["id"]
        if ident and ident not in with_parties and not rest.has_rows("parties", ident):
            found.append(Problem(*row.where("deals.csv"), "id", "deal without any party",
                                 "add its parties (who funds, who receives, who buys, who sells) to parties.csv"))
        if ident and ident not in with_reports and not rest.has_rows("reports", ident):
            found.append(Problem(*row.where("deals.csv"), "id", "deal without any report",
                                 "no fact without a source: add what a source says of it to reports.csv"))
    preferred: dict[str, int] = {}
    for row in dataset.get("reports", []):
        found += _report(row)
        deal = row.values["deal_id"]
        if row.values["preferred"] and deal not in preferred and (elsewhere := rest.preferred_report(deal)):
            preferred[deal] = elsewhere
        if row.values["preferred"] and row.values["deal_id"] in preferred:
            found.append(Problem(*row.where("reports.csv"), "preferred",
                                 f"row {preferred[row.values['deal_id']]} is already the preferred report of this deal",
                                 "prefer one report per deal: empty one of the two"))
        if row.values["preferred"]:
            preferred.setdefault(row.values["deal_id"], row.number)
    for row in dataset.get("rates", []):
        if row.values["currency"] == "USD":
            found.append(Problem(*row.where("rates.csv"), "currency", "a rate of the dollar to itself",
                                 "rates give other currencies in US dollars: remove this row"))
        if row.values["amount"] and _number(row.values["amount"]) == 0:
            found.append(Problem(*row.where("rates.csv"), "amount", "zero", "give the amount the source converts"))
    return found


def _number(cell: str) -> float | None:
    return float(cell) if values.NUMBER.match(cell) else None


def _report(row: Row) -> list[Problem]:
    """The rules that tie a report's cells to each other."""
    v, found = row.values, []
    where = row.where("reports.csv")
    if v["amount"]:
        for column in ("currency", "amount_qualifier"):
            if not v[column]:
                found.append(Problem(*where, column, "missing for the amount",
                                     "amounts need a currency (e.g. USD) and a qualifier (exact, about, up_to…)"))
    else:
        for column in ("amount_qualifier", "amount_max", "amount_period"):
            if v[column]:
                found.append(Problem(*where, column, "given without an amount", "fill in amount, or leave this column empty"))
        if v["currency"] and not v["share_price"]:
            found.append(Problem(*where, "currency", "given without an amount or a share price",
                                 "fill in amount, or leave currency empty"))
    if v["share_price"] and not v["currency"]:
        found.append(Problem(*where, "currency", "missing for the share price", "give the currency, e.g. USD"))
    low, high = _number(v["amount"]), _number(v["amount_max"])
    if low is not None and high is not None and high < low:
        found.append(Problem(*where, "amount_max", "smaller than amount",
                             "amount_max is the top of the range: make it ≥ amount, or leave it empty"))
    if v["stake_qualifier"] and not v["stake_percent"]:
        found.append(Problem(*where, "stake_qualifier", "given without a stake", "fill in stake_percent, or leave it empty"))
    if v["stake_percent"] and not v["stake_qualifier"]:
        found.append(Problem(*where, "stake_qualifier", "missing for the stake",
                             "say how exact the percentage is: exact, about, up_to, at_least or over"))
    if bool(v["quantity"]) != bool(v["quantity_unit"]):
        missing = "quantity_unit" if v["quantity"] else "quantity"
        found.append(Problem(*where, missing, "a quantity needs both its number and its unit",
                             "e.g. quantity 400000 and quantity_unit chips"))
    return found
