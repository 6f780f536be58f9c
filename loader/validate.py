"""Check the data without touching the database, reporting every problem at once."""
from __future__ import annotations

from pathlib import Path

from loader import texts, values
from loader.files import Dataset, Row
from loader.problems import Problem
from loader.schema import BY_NAME, ID_TABLES, TABLES, Table


def validate(dataset: Dataset, sources_dir: Path | None = None) -> list[Problem]:
    problems: list[Problem] = []
    for table in TABLES:
        for row in dataset.get(table.name, []):
            problems += _cells(table, row)
    index = _Index(dataset)
    problems += index.duplicates()
    problems += _references(dataset, index)
    problems += _deals(dataset)
    problems += _entity_names(dataset)
    if sources_dir is not None:
        problems += texts.verify(dataset, Path(sources_dir)).problems
    return sorted(set(problems))


def _cells(table: Table, row: Row) -> list[Problem]:
    found = []
    for column in table.columns:
        cell = row.values[column.name]
        if cell == "":
            if column.required:
                found.append(Problem(*row.where(table.file), column.name, "required value missing",
                                     _how_to_fill(table, column.name)))
            continue
        wrong = values.problem_with(column, cell) or (texts.excerpt_problem(cell) if column.name == "excerpt" else None)
        if wrong:
            found.append(Problem(*row.where(table.file), column.name, *wrong))
    return found


def _how_to_fill(table: Table, column: str) -> str:
    if column == "source_id":
        return "no fact without a source: give the id of a row of sources.csv"
    if column == "excerpt":
        return "copy the words that state this fact, verbatim, from the source"
    return f"fill in {column} (see data/README.md, {table.file})"


class _Index:
    """Every id in the base, which table holds it and, for entities, their type."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.tables: dict[str, str] = {}
        self.entity_types: dict[str, str] = {}
        for name in ID_TABLES:
            for row in dataset.get(name, []):
                self.tables.setdefault(row.values["id"], name)
                if name == "entities":
                    self.entity_types[row.values["id"]] = row.values["type"]

    def duplicates(self) -> list[Problem]:
        found = []
        first_seen: dict[str, tuple[str, int]] = {}
        for table in TABLES:
            seen_keys: dict[tuple[str, ...], int] = {}
            for row in self.dataset.get(table.name, []):
                key = table.key_of(row.values)
                if "" in key:
                    continue
                if key in seen_keys:
                    found.append(Problem(*row.where(table.file), table.key[-1],
                                         f"duplicate of row {seen_keys[key]} ({', '.join(key)})",
                                         "merge the two rows, or give this one another id"))
                    continue
                seen_keys[key] = row.number
                if table.name in ID_TABLES:
                    ident = row.values["id"]
                    if ident in first_seen and first_seen[ident][0] != table.file:
                        where = f"{first_seen[ident][0]} row {first_seen[ident][1]}"
                        found.append(Problem(*row.where(table.file), "id", f"id {ident!r} is already used in {where}",
                                             "ids are shared by all tables: choose another one"))
                    first_seen.setdefault(ident, (table.file, row.number))
        return found

    def check_ref(self, table: Table, row: Row, column: str, target: str, ident: str) -> Problem | None:
        if target == "any":
            if ident in self.tables:
                return None
            return self._unknown(table, row, column, ident, "an entity, deal, figure, quote or source")
        if target.startswith("entity:"):
            wanted = target.split(":", 1)[1]
            kind = self.entity_types.get(ident)
            if kind is None:
                return self._unknown(table, row, column, ident, "entities.csv")
            if wanted.startswith("!") and kind == wanted[1:]:
                return Problem(*row.where(table.file), column, f"{ident!r} is a {kind}",
                               f"{column} must name an entity that is not a {kind}")
            if not wanted.startswith("!") and kind != wanted:
                return Problem(*row.where(table.file), column, f"{ident!r} is a {kind}, not a {wanted}",
                               f"name an entity of type {wanted}")
            return None
        if self.tables.get(ident) != target:
            return self._unknown(table, row, column, ident, BY_NAME[target].file)
        return None

    def _unknown(self, table: Table, row: Row, column: str, ident: str, where: str) -> Problem:
        command = {"sources.csv": "circular add source", "entities.csv": "circular add entity",
                   "deals.csv": "circular add deal"}.get(where)
        how = f"add it first with `{command}`" if command else f"give the id of {where} the base has"
        return Problem(*row.where(table.file), column, f"unknown id {ident!r}", f"{how}, or correct the spelling")


def _references(dataset: Dataset, index: _Index) -> list[Problem]:
    found = []
    for table in TABLES:
        refs = [c for c in table.columns if c.kind in ("ref", "refs")]
        for row in dataset.get(table.name, []):
            for column in refs:
                cell = row.values[column.name]
                if not cell or values.problem_with(column, cell):
                    continue
                for ident in values.split_list(cell) if column.kind == "refs" else [cell]:
                    problem = index.check_ref(table, row, column.name, column.ref, ident)
                    if problem:
                        found.append(problem)
    for table, a, b in (("entities", "id", "parent_id"), ("links", "deal_id", "other_deal_id")):
        for row in dataset.get(table, []):
            if row.values[a] and row.values[a] == row.values[b]:
                found.append(Problem(*row.where(BY_NAME[table].file), b, f"{b} points at the row itself",
                                     f"name another id, or leave {b} empty" if table == "entities"
                                     else "a deal cannot be linked to itself: name the other deal"))
    for row in dataset.get("citations", []):
        if index.tables.get(row.values["fact_id"]) == "deals":
            found.append(Problem(*row.where("citations.csv"), "fact_id", "a deal's further sources are reports",
                                 "move this row to reports.csv (`circular add deal --same-as DEAL_ID`)"))
    return found


def _entity_names(dataset: Dataset) -> list[Problem]:
    """A name or alias must point at one entity, or people typing it would get either."""
    found, owner = [], {}
    for row in dataset.get("entities", []):
        labels = [row.values["name"], *values.split_list(row.values["aliases"])]
        for label in dict.fromkeys(label.strip().casefold() for label in labels if label.strip()):
            if label in owner and owner[label][0] != row.values["id"]:
                other, number = owner[label]
                found.append(Problem(*row.where("entities.csv"), "aliases" if label != row.values["name"].casefold()
                                     else "name", f"{label!r} already names {other!r} (row {number})",
                                     "give each entity its own name and aliases"))
            owner.setdefault(label, (row.values["id"], row.number))
    return found


def _deals(dataset: Dataset) -> list[Problem]:
    found = []
    with_parties = {row.values["deal_id"] for row in dataset.get("parties", [])}
    with_reports = {row.values["deal_id"] for row in dataset.get("reports", [])}
    for row in dataset.get("deals", []):
        if row.values["id"] and row.values["id"] not in with_parties:
            found.append(Problem(*row.where("deals.csv"), "id", "deal without any party",
                                 "add its parties (who funds, who receives, who buys, who sells) to parties.csv"))
        if row.values["id"] and row.values["id"] not in with_reports:
            found.append(Problem(*row.where("deals.csv"), "id", "deal without any report",
                                 "no fact without a source: add what a source says of it to reports.csv"))
    preferred: dict[str, int] = {}
    for row in dataset.get("reports", []):
        found += _report(row)
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
