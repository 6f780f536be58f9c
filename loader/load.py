"""Check the data, load it into Neo4j all or nothing, and export it back."""
from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import neo4j

from loader import capacity, checked, graph, partial, reports
from loader.ahead import made_ahead
from loader.apart import checked_apart
from loader.files import Dataset, read_dataset, write_table
from loader.problems import InvalidData, LoadFailed, Problem
from loader.schema import TABLES, Table
from loader.texts import texts_folder
from loader.validate import validate
from server import Connection

Progress = Callable[[str, int, int], None]
"""progress(what, done, total): called as a load advances."""


def _quiet(what: str, done: int, total: int) -> None:
    pass


@dataclass
class TableCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    only_in_database: int = 0  # rows the files lack, kept because --replace was not given


@dataclass
class LoadReport:
    tables: dict[str, TableCounts] = field(default_factory=dict)
    flows: int | None = None  # money flows rebuilt for the deals that changed; None when nothing did
    flows_before: int = 0  # the flows those deals made before the change

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated or c.removed for c in self.tables.values())

    def total(self, name: str) -> int:
        return sum(getattr(c, name) for c in self.tables.values())


def check(data_dir: Path | str, sources_dir: Path | str | None = None) -> list[Problem]:
    """Every problem in the data folder, every excerpt not found verbatim in its source's text included
    (the texts are in sources_dir, or else in the data folder's texts folder)."""
    try:
        read_valid(data_dir, sources_dir)
    except InvalidData as invalid:
        return invalid.problems
    return []


@dataclass
class Unchecked:
    """A data folder's rows as read, not checked yet (see read_unchecked)."""
    data_dir: Path
    texts: Path
    dataset: Dataset
    seen: dict[str, checked.Seen]

    def check(self) -> None:
        """Raise InvalidData listing every problem of the rows; a valid folder is remembered as such
        (loader/checked.py), so that a change to it need not check every row again — nor a load of
        these very files, which returns at once when the record vouches for them."""
        if self.vouched():
            return
        texts_seen: dict[str, checked.Seen | None] = {}
        problems = validate(self.dataset, self.texts, texts_seen)
        if problems:
            raise InvalidData(problems)
        partial.remember_valid(self.data_dir, self.texts, self.dataset, self.seen, texts_seen)

    def vouched(self) -> bool:
        """Whether a full check, under today's rules, found these very files valid against the sources'
        texts as they are now (a `check`, a load, or an addition checked against such a folder)."""
        record = checked.load(self.data_dir)
        digests = {name: how.digest for name, how in self.seen.items()}
        return record is not None and record.vouches_for(self.texts, digests)


def read_unchecked(data_dir: Path | str, sources_dir: Path | str | None = None) -> Unchecked:
    """The data folder's rows, to check later; InvalidData at once when a file or a column is missing
    or a file unreadable, which makes checking its rows meaningless."""
    seen: dict[str, checked.Seen] = {}
    dataset, problems = read_dataset(Path(data_dir), seen)
    if problems:
        raise InvalidData(problems)
    return Unchecked(Path(data_dir), Path(sources_dir) if sources_dir else texts_folder(data_dir), dataset, seen)


def read_valid(data_dir: Path | str, sources_dir: Path | str | None = None) -> Dataset:
    """The data folder's rows, or InvalidData listing every problem."""
    unchecked = read_unchecked(data_dir, sources_dir)
    unchecked.check()
    return unchecked.dataset


def load(connection: Connection, data_dir: Path | str, *, replace: bool = False,
         sources_dir: Path | str | None = None, progress: Progress = _quiet) -> LoadReport:
    """Make the database hold the data folder's rows, in one transaction.

    Without `replace`, rows that are only in the database stay; with it, they are removed.
    Nothing is written when the data has a problem (InvalidData) or when the transaction fails.
    """
    return load_unchecked(connection, read_unchecked(data_dir, sources_dir), replace=replace, progress=progress)


def load_unchecked(connection: Connection, unchecked: Unchecked, *, replace: bool = False,
                   progress: Progress = _quiet) -> LoadReport:
    """Load rows read and not checked yet: they are checked in a process of their own while the
    transaction writes them (loader/apart.py), and it commits only once the check found nothing."""
    with checked_apart(unchecked.check) as verdict:
        return load_dataset(connection, unchecked.dataset, replace=replace, progress=progress, verdict=verdict)


def load_dataset(connection: Connection, dataset: Dataset, *, replace: bool = False,
                 progress: Progress = _quiet, verdict: Callable[[], None] = lambda: None) -> LoadReport:
    """Load rows in one transaction: rows already read and validated (see read_valid), or rows being
    checked, whose `verdict` raises InvalidData when they are not valid. The transaction commits
    only after the verdict; when writing fails, the verdict, if any, is the error raised: rows not
    yet known to be valid may fail to write for the very reason the check gives."""
    with writing(connection, "nothing was written") as session:
        try:
            budget = capacity.transaction_budget(session)
            return session.execute_write(_sync_then_judge, dataset, replace, progress, budget, verdict)
        except Exception:
            verdict()
            raise


def _sync_then_judge(tx: neo4j.ManagedTransaction, dataset: Dataset, replace: bool, progress: Progress,
                     budget: int, verdict: Callable[[], None]) -> LoadReport:
    report = sync(tx, dataset, replace, progress, budget=budget)
    verdict()
    return report


@contextmanager
def writing(connection: Connection, outcome: str) -> Iterator[neo4j.Session]:
    """A session to write with, the schema in place; a refusal or a lost connection becomes
    LoadFailed, its message ending with `outcome` (what the failure left as it was)."""
    try:
        with connection.session() as session:
            # one question for the schema, rather than a statement for each part of it
            present = {record["name"]: record["state"] for record in session.run("SHOW INDEXES YIELD name, state")}
            for statement in graph.constraints():
                if graph.schema_name(statement) not in present:
                    session.run(statement).consume()
            if any(present.get(graph.schema_name(statement)) != "ONLINE" for statement in graph.constraints()):
                session.run("CALL db.awaitIndexes(300)").consume()  # a new index is built before it is used
            yield session
    except neo4j.exceptions.Neo4jError as error:
        if "MemoryPoolOutOfMemoryError" in (error.code or ""):
            raise LoadFailed(
                f"The change does not fit in the memory Neo4j allows one transaction; {outcome}. "
                "Give the server more heap (server.memory.heap.max_size in server/neo4j.conf), "
                "or load the data in smaller parts.") from None
        raise LoadFailed(connection.refusal(error, outcome)
                         or f"Neo4j refused it ({error.message}); {outcome}.") from None
    except neo4j.exceptions.DriverError as error:
        raise LoadFailed(f"The connection to Neo4j failed ({error}); {outcome}. Try again.") from None


def sync(tx: neo4j.ManagedTransaction, dataset: Dataset, replace: bool, progress: Progress = _quiet,
         removing: dict[str, list[tuple[str, ...]]] | None = None,
         only: dict[str, set[tuple[str, ...]]] | None = None, budget: int | None = None,
         around: bool = False) -> LoadReport:
    """Inside one transaction, make the database hold the dataset's rows, and count what changed.
    Rows only in the database are removed with `replace`, or when their key is in `removing`.
    With `only` (keys by table), just those rows are compared and written — what an addition touches,
    read from the database by key rather than the whole base; the counts are of those rows alone.

    A row is compared by the digest stored with it (graph.row_hash), so an unchanged base is not read
    back. The dataset is valid, and a valid cell is already written as the base writes it back.
    With a `budget` (bytes, see loader/capacity.py), a change too large for it is refused before
    anything is written.
    With `around`, what depends on the whole base is derived again only around the rows written,
    when they allow it (see _around)."""
    removing = removing or {}
    report = LoadReport()
    plans = []
    for table in TABLES:
        rows = [row.values for row in dataset[table.name]]
        if only is not None:
            keys = only.get(table.name, set())
            rows = [row for row in rows if table.key_of(row) in keys]
        wanted = {table.key_of(row): row for row in rows}
        if only is None:
            present = graph.read_hashes(tx, table)
        else:
            present = graph.read_hashes(tx, table, sorted(keys)) if keys else {}
        created = [row for key, row in wanted.items() if key not in present]
        updated = [row for key, row in wanted.items() if key in present and present[key] != graph.row_hash(table, row)]
        updated = _unless_only_undigested(tx, table, updated, present)
        dropping = set(removing.get(table.name, []))
        absent = [key for key in present if key not in wanted]
        missing = [key for key in absent if replace or key in dropping]
        report.tables[table.name] = TableCounts(
            created=len(created), updated=len(updated),
            unchanged=len(wanted) - len(created) - len(updated),
            removed=len(missing), only_in_database=len(absent) - len(missing))
        plans.append((table, created, updated, missing))

    total = sum(len(c) + len(u) + len(m) for _, c, u, m in plans)
    capacity.refuse_unless_it_fits(total, budget, "nothing was written")
    done = 0
    located = {table.name: graph.locate(tx, table, missing) for table, _, _, missing in plans if missing}
    for table, _, _, missing in reversed(plans):  # links go before the nodes they join
        if missing:
            graph.delete(tx, table, located[table.name])
            done += len(missing)
            progress(f"removing {table.name}", done, total)
    if not report.changed:  # nothing to write, nor to derive
        return report
    shown = DealValues(dataset)

    def make(job: tuple[Table, list[dict[str, str]], bool]) -> tuple[Table, list[dict], bool]:
        table, batch, existed = job
        return table, shown.payload(table, batch), existed

    jobs = [(table, batch, existed) for table, created, updated, _ in plans
            for rows, existed in ((created, False), (updated, True)) for batch in graph.batches(rows)]
    for table, made, existed in made_ahead(make, jobs):
        graph.upsert(tx, table, made, replaced=existed)
        done += len(made)
        progress(f"writing {table.name}", done, total)
    written = {row["id"] for table, created, updated, _ in plans if table.name == "deals" for row in created + updated}
    new_deals = {row["id"] for table, created, _, _ in plans if table.name == "deals" for row in created}
    # a deal written above has its values already; one whose reports alone changed gets them now
    touched = _deals_touched(plans, dataset)
    graph.set_deal_values(tx, [{"id": ident, "values": given} for ident, given
                               in shown.of([deal for deal in touched if deal not in written]).items()])
    report.flows_before, report.flows = graph.rebuild_flows(tx, touched, new_deals)
    scope = _around(plans, dataset) if around else None
    if scope is None:
        graph.derive(tx)
    else:
        graph.derive_around(tx, *scope)
    return report


def _unless_only_undigested(tx: neo4j.ManagedTransaction, table: Table, rows: list[dict[str, str]],
                            present: dict[tuple[str, ...], str | None]) -> list[dict[str, str]]:
    """The rows that truly changed: a row stored before rows had digests is compared cell by cell,
    and given its digest when it is the same."""
    undigested = [row for row in rows if present[table.key_of(row)] is None]
    if not undigested:
        return rows
    stored = {table.key_of(row): row for row in graph.read_rows(tx, table, [table.key_of(r) for r in undigested])}
    same = [row for row in undigested if stored.get(table.key_of(row)) == row]
    graph.stamp_hashes(tx, table, same)
    same_keys = {table.key_of(row) for row in same}
    return [row for row in rows if table.key_of(row) not in same_keys]


def _deals_touched(plans: list, dataset: Dataset) -> list[str]:
    """The deals whose shown values or money flows may have changed: those whose own row, reports or
    parties were written or removed — every deal when a source or a rate changed, since a report's
    rank follows its source's date and a conversion its rate."""
    touched: set[str] = set()
    for table, created, updated, missing in plans:
        if table.name in ("sources", "rates") and (updated or missing or (table.name == "rates" and created)):
            return sorted(row.values["id"] for row in dataset["deals"])
        column = {"deals": "id", "reports": "deal_id", "parties": "deal_id"}.get(table.name)
        if column:
            touched |= {row[column] for row in created + updated} | {key[0] for key in missing}
        if table.name == "links":  # a same_as link lends one deal's reports to the other
            touched |= {row["other_deal_id"] for row in created + updated if row["relation"] == "same_as"}
            touched |= {key[2] for key in missing if key[1] == "same_as"}
    return sorted(touched | _duplicated(dataset, touched))


def _duplicated(dataset: Dataset, deals: set[str]) -> set[str]:
    """The deals that some of these deals are the same as: they show those deals' reports too."""
    return {row.values["other_deal_id"] for row in dataset["links"]
            if row.values["relation"] == "same_as" and row.values["deal_id"] in deals}


def _around(plans: list, dataset: Dataset) -> tuple[list[str], list[str]] | None:
    """The deals and entities a change's derived values are recomputed around: the deals whose rows,
    reports, parties or links were written or removed (both ends of a link), and the entities created
    or that lost a party; None when the whole base must be derived again — a source or rate changed
    (what every deal shows), or an entity changed or went (its group may)."""
    deals, entities = set(), set()
    for table, created, updated, missing in plans:
        if table.name in ("sources", "rates") and (updated or missing or (table.name == "rates" and created)):
            return None
        if table.name == "entities":
            if updated or missing:
                return None
            entities |= {row["id"] for row in created}
        columns = {"deals": ("id",), "reports": ("deal_id",), "parties": ("deal_id",),
                   "links": ("deal_id", "other_deal_id")}.get(table.name, ())
        for column in columns:
            position = table.key.index(column)
            deals |= {row[column] for row in created + updated} | {key[position] for key in missing}
        if table.name == "parties":
            entities |= {key[1] for key in missing}
    return sorted(deals | _duplicated(dataset, deals)), sorted(entities)


class DealValues:
    """What the deals of a dataset show, from their reports (see loader/reports.py)."""

    def __init__(self, dataset: Dataset):
        self.published = {row.values["id"]: row.values["published"] for row in dataset["sources"]}
        self.rates = [row.values for row in dataset["rates"]]
        self.by_deal: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in dataset["reports"]:
            self.by_deal[row.values["deal_id"]].append(row.values)
        for row in dataset["links"]:  # the reports of a duplicate count for the deal it is the same as
            if row.values["relation"] == "same_as":
                self.by_deal[row.values["other_deal_id"]] += self.by_deal[row.values["deal_id"]]
        self.existing = {row.values["id"] for row in dataset["deals"]}

    def of(self, deal_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The shown values of each of these deals that the dataset has, by id."""
        return {deal: reports.shown(deal, self.by_deal.get(deal, []), self.published, self.rates)["values"]
                for deal in deal_ids if deal in self.existing}

    def payload(self, table: Table, batch: list[dict[str, str]]) -> list[dict[str, Any]]:
        """A batch of the table's rows as graph.upsert writes them: a deal with the values it shows."""
        return graph.payload(table, batch, self.of([row["id"] for row in batch]) if table.name == "deals" else None)


def deal_values(dataset: Dataset, deal_ids: list[str]) -> list[dict]:
    """What each of these deals shows: [{"id": …, "values": …}]."""
    return [{"id": deal, "values": given} for deal, given in DealValues(dataset).of(deal_ids).items()]


def export(connection: Connection, out_dir: Path | str) -> dict[str, int]:
    """Write the base back as CSV files in out_dir, one per table; returns the rows written per file."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with connection.session() as session:
        tables = session.execute_read(lambda tx: {t.name: graph.read_rows(tx, t) for t in TABLES})
    for table in TABLES:
        write_table(out / table.file, table, tables[table.name])
    return {table.file: len(tables[table.name]) for table in TABLES}
