"""Changes to what the base already holds: a row's cells edited, a row removed (with what points at
it, when asked), two deals linked. Each builds a Change that `loader.changes.apply` writes to the
files and to Neo4j together."""
from __future__ import annotations

from loader import values
from loader.changes import Change
from loader.files import Dataset, Row
from loader.problems import ChangeRefused
from loader.schema import BY_NAME, DEAL_RELATIONS, ID_TABLES, TABLES, Table

# What people call the rows of each table, in commands: `circular edit deal ID`, `remove report DEAL SOURCE`.
KINDS = {"deal": "deals", "report": "reports", "entity": "entities", "source": "sources", "figure": "figures",
         "quote": "quotes", "link": "links", "party": "parties", "role": "roles", "citation": "citations",
         "rate": "rates"}


def table_of(kind: str) -> Table:
    if kind not in KINDS:
        raise ChangeRefused(f"{kind!r} is not something the base holds: use one of {', '.join(KINDS)}.")
    return BY_NAME[KINDS[kind]]


def find(dataset: Dataset, kind: str, key: tuple[str, ...]) -> Row:
    """The row of this kind with this key, or ChangeRefused naming what identifies one."""
    table = table_of(kind)
    if len(key) != len(table.key):
        raise ChangeRefused(f"A {kind} is named by its {', '.join(table.key)}: give {len(table.key)} value"
                            f"{'s' if len(table.key) > 1 else ''}, e.g. `circular edit {kind} "
                            f"{' '.join(k.upper() for k in table.key)}`.")
    for row in dataset[table.name]:
        if table.key_of(row.values) == key:
            return row
    raise ChangeRefused(f"The base has no {kind} {' '.join(key)!r} ({table.file}); check the spelling "
                        f"(`circular ask sources` lists facts with their ids).")


def edit(dataset: Dataset, kind: str, key: tuple[str, ...], updates: dict[str, str]) -> Change:
    """The row with some cells changed. Key columns stay: other rows and notes point at them."""
    table = table_of(kind)
    row = find(dataset, kind, key)
    unknown = [c for c in updates if c not in table.fields]
    if unknown:
        raise ChangeRefused(f"A {kind} has no field {unknown[0]!r}: its fields are {', '.join(table.header)}.")
    fixed = [c for c in updates if c in table.key and updates[c] != row.values[c]]
    if fixed:
        raise ChangeRefused(f"{fixed[0]} identifies the {kind} and does not change (other rows point at it): "
                            f"remove the {kind} and add it again under the new {fixed[0]}.")
    edited = dict(row.values)
    for column, cell in updates.items():
        edited[column] = typed_cell(table, column, cell)
    change = Change()
    if edited != row.values:
        change.replace(table.name, edited)
    return change


def typed_cell(table: Table, column: str, cell: str) -> str:
    """A cell as typed, in the files' form: amounts written 6.3bn become plain digits."""
    cell = cell.strip()
    if table.fields[column].kind == "number" and cell:
        try:
            return values.amount_cell(cell)
        except ValueError:
            return cell  # validation names the problem
    return cell


def dependents(dataset: Dataset, kind: str, key: tuple[str, ...]) -> list[tuple[str, Row]]:
    """(table, row) of every row that points at this one, directly or through a removed dependent."""
    table = table_of(kind)
    if table.name not in ID_TABLES:
        return []
    found: list[tuple[str, Row]] = []
    listed: set[tuple[str, tuple[str, ...]]] = set()
    waiting, seen = [key[0]], {key[0]}
    while waiting:
        ident = waiting.pop()
        for other in TABLES:
            refs = [c for c in other.columns if c.kind in ("ref", "refs")]
            for row in dataset[other.name]:
                row_key = (other.name, other.key_of(row.values))
                if row_key in listed or not any(ident in values.split_list(row.values[c.name]) for c in refs):
                    continue
                if other.name in ID_TABLES and row.values["id"] in seen:
                    continue
                found.append((other.name, row))
                listed.add(row_key)
                if other.name in ID_TABLES:
                    seen.add(row.values["id"])
                    waiting.append(row.values["id"])
    return found


def removal(dataset: Dataset, kind: str, key: tuple[str, ...], with_dependents: bool) -> Change:
    """The change that removes the row — and, when asked, every row pointing at it — or
    ChangeRefused listing what points at it."""
    table = table_of(kind)
    find(dataset, kind, key)
    pointing = dependents(dataset, kind, key)
    if pointing and not with_dependents:
        listed = "\n".join(f"  {BY_NAME[name].file}: {_describe(BY_NAME[name], row)}" for name, row in pointing)
        raise ChangeRefused(f"{len(pointing)} row{'s' if len(pointing) != 1 else ''} point at {kind} "
                            f"{' '.join(key)!r}:\n{listed}\nRemove or change them first, or run again with "
                            "--with-dependents to remove them too. Nothing was written.")
    change = Change()
    change.remove(table.name, key)
    for name, row in pointing:
        change.remove(name, BY_NAME[name].key_of(row.values))
    return change


def link(deal: str, relation: str, other: str, source_id: str, excerpt: str, note: str = "") -> Change:
    if relation not in DEAL_RELATIONS:
        raise ChangeRefused(f"{relation!r} is not a relation between deals: use one of {', '.join(DEAL_RELATIONS)}.")
    change = Change()
    change.add("links", {"deal_id": deal, "relation": relation, "other_deal_id": other, "note": note,
                         "source_id": source_id, "excerpt": excerpt})
    return change


def _describe(table: Table, row: Row) -> str:
    return ", ".join(f"{k}={v}" for k, v in row.values.items() if v and (k in table.key or k in ("summary", "name")))
