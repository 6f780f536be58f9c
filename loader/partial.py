"""A valid data folder, read as little as a change needs.

A full check reads and checks every row (load.read_valid). When the folder is exactly as a full check,
or a change checked against one, left it (see loader/checked.py), and every file is in the canonical
form the base writes, a change needs far less: the small tables whole (sources, entities, rates), and
of the others the rows it names, found by binary search in their sorted files (loader/sorted_file.py).
`read` gives such a Slice, a Dataset holding just those rows, or else every row after a full check.
A Slice checks a change's rows against the rest of the folder (validate.check with a Rest), and
writes each table it changes by splicing the change's rows into the file.
"""
from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from loader import checked, journal
from loader.files import Dataset, Row, canonical_text
from loader.schema import BY_NAME, ID_TABLES, TABLES
from loader.sorted_file import SortedFile
from loader.texts import texts_folder
from loader.validate import Rest

if TYPE_CHECKING:
    from loader.changes import Change

WHOLE = ("sources", "entities", "rates")  # small, and looked through by name or date


class Files:
    """The folder's CSV files, each read once and found to be the one the record vouches for."""

    def __init__(self, data_dir: Path, texts_dir: Path, record: checked.Record,
                 read: dict[str, tuple[bytes, checked.Seen]]):
        self.data_dir, self.texts_dir, self.record = data_dir, texts_dir, record
        self.seen = {name: how for name, (_, how) in read.items()}
        self._sorted = {table.name: SortedFile(table, read[table.file][0], self.seen[table.file].rows)
                        for table in TABLES}

    def __getitem__(self, table: str) -> SortedFile:
        return self._sorted[table]

    def current(self) -> bool:
        """Whether every file, and every source's text, is still as read."""
        return all(checked.unchanged(self.data_dir / name, how) for name, how in self.seen.items()) and \
            all(checked.unchanged(self.texts_dir / name, how) for name, how in self.record.source_texts.items())


def read(data_dir: Path | str, texts_dir: Path | str | None = None, reuse: Dataset | None = None) -> Dataset:
    """The folder as a Slice when the record vouches for its files and its sources' texts (checked in
    `texts_dir`), else every row after a full check (InvalidData when a row is wrong). `reuse`: a Slice
    this process read before, whose files are taken again if they have not changed since."""
    data_dir = Path(data_dir)
    texts_dir = Path(texts_dir) if texts_dir else texts_folder(data_dir)
    if isinstance(reuse, Slice) and reuse.files.texts_dir == texts_dir and reuse.files.current():
        return Slice(reuse.files)
    files = _vouched(data_dir, texts_dir)
    if files is None:
        from loader.load import read_valid  # load writes through this module: imported when needed
        return read_valid(data_dir, texts_dir)
    return Slice(files)


def _vouched(data_dir: Path, texts_dir: Path) -> Files | None:
    journal.recover(data_dir)
    with journal.locked(data_dir, shared=True):
        record = checked.load(data_dir)
        if journal.pending(data_dir) or record is None or not all(how.canonical for how in record.files.values()):
            return None
        read = {}
        for table in TABLES:
            try:
                read[table.file] = checked.read(data_dir / table.file)
            except OSError:
                return None
        if not record.vouches_for(texts_dir, {name: how.digest for name, (_, how) in read.items()}):
            return None
        vouched = {name: (data, replace(how, canonical=True, rows=record.files[name].rows))
                   for name, (data, how) in read.items()}
        return Files(data_dir, texts_dir, record, vouched)


def remember_valid(data_dir: Path, texts_dir: Path, dataset: Dataset, seen: dict[str, checked.Seen],
                   source_texts: dict[str, checked.Seen | None]) -> None:
    """Record that the folder, as read (`seen`), is valid with the sources' texts as read: unless
    the files changed since they were read, which a record must never vouch for."""
    data_dir = Path(data_dir)
    files = {}
    for table in TABLES:
        how = seen[table.file]
        text = canonical_text(table, [row.values for row in dataset[table.name]])
        canonical = text is not None and checked.digest(text.encode("utf-8")) == how.digest
        files[table.file] = replace(how, canonical=canonical, rows=len(dataset[table.name]))
    try:
        with journal.locked(data_dir, shared=True):
            if not journal.pending(data_dir) and \
                    all(checked.unchanged(data_dir / name, how) for name, how in files.items()):
                checked.save(data_dir, checked.Record(str(texts_dir), files, source_texts))
    except OSError:
        pass  # a folder that cannot be locked is read unlocked, and remembers nothing


def remember_change(data_dir: Path, before: Dataset, written: dict[str, tuple[bytes, int]],
                    source_texts: dict[str, checked.Seen | None], after: Dataset) -> None:
    """Record the folder as a change left it: the files it wrote (their bytes and rows), and the others
    as read before it (by a Slice, or by the full check of `before`, which recorded them).
    `source_texts`: the texts read to check the change (every source's, for a full check). Whatever is
    not as recorded makes the folder unvouched for, to be checked whole by the next change."""
    data_dir = Path(data_dir)
    record = before.files.record if isinstance(before, Slice) else checked.load(data_dir)
    if record is None:
        return
    kept = {name: how for name, how in (before.files.seen if isinstance(before, Slice) else record.files).items()
            if name not in written}
    texts_dir = Path(record.texts)
    texts = {name: how for name, how in record.source_texts.items() if name not in source_texts} \
        if isinstance(before, Slice) else {}
    if not all(checked.unchanged(data_dir / name, how) for name, how in kept.items()) \
            or not all(checked.unchanged(texts_dir / name, how) for name, how in texts.items()):
        checked.forget(data_dir)
        return
    texts.update(source_texts)
    for source in after["sources"]:  # a new source's text no row cites yet
        name = source.values["text_file"]
        if name and name not in texts:
            try:
                texts[name] = checked.read(texts_dir / name)[1]
            except OSError:
                texts[name] = None
    files = {**kept, **{name: checked.written(data_dir / name, *content) for name, content in written.items()}}
    checked.save(data_dir, checked.Record(record.texts, files, texts))


def take_deals(dataset: Dataset, deal_ids: Iterable[str]) -> None:
    """Have these deals' rows, reports and parties in the dataset: read into a Slice, already in a whole one."""
    if isinstance(dataset, Slice):
        dataset.take_deals(deal_ids)


def scoped(change: Change) -> bool:
    """Whether a change can be checked against the rest of the folder rather than with all of it:
    not when it touches rates or changes sources or entities (what every deal shows, and every group,
    follows them), nor when it removes a deal, figure or quote (other rows may point at it)."""
    if change.added.get("rates") or change.replaced.get("rates") or change.removed.get("rates"):
        return False
    if any(change.replaced.get(name) or change.removed.get(name) for name in ("sources", "entities")):
        return False
    return not any(change.removed.get(name) for name in ("deals", "figures", "quotes"))


class Slice(dict):
    """Some of a valid folder's rows, table by table: the small tables whole, of the others the rows
    taken so far (in file order). `files` answer for every row."""

    def __init__(self, files: Files):
        super().__init__({table.name: [] for table in TABLES})
        self.files = files
        self._taken: dict[str, set[int] | None] = {table.name: set() for table in TABLES}
        for name in WHOLE:
            self[name] = list(files[name].all_rows)
            self._taken[name] = None

    def take(self, table: str, indices: Iterable[int]) -> None:
        taken = self._taken[table]
        if taken is None:
            return
        new = sorted(set(indices) - taken)
        if new:
            taken.update(new)
            self[table] = sorted([*self[table], *self.files[table].rows(new)], key=lambda row: row.number)

    def ids(self) -> Ids:
        return Ids(self.files)

    def take_deals(self, deal_ids: Iterable[str], with_parties: bool = True) -> None:
        """The deals' rows, with their reports, and parties if asked."""
        deals = self.files["deals"]
        ids = sorted(set(deal_ids))
        self.take("deals", [i for ident in ids if (i := deals.find((ident,))) is not None])
        for table in ("reports", "parties") if with_parties else ("reports",):
            self.take(table, [i for ident in ids for i in self.files[table].where((ident,))])

    def deals_with_parties(self, parties: set[tuple[str, str]]) -> set[str]:
        """The deals that have every one of these (role, entity) among their parties."""
        if not parties:
            return set()
        file = self.files["parties"]
        # the party rarest in the file first; then each of its deals is looked up by key
        needles = {pair: f",{pair[1]},{pair[0]}\n" for pair in parties}
        counts = {pair: file.data.count(needle.encode("utf-8")) for pair, needle in needles.items()}
        rarest = min(parties, key=lambda pair: (counts[pair], pair))
        candidates = {row["deal_id"] for row in map(file.values, file.containing(needles[rarest]))
                      if (row["role"], row["entity_id"]) == rarest}
        return {deal for deal in candidates
                if parties <= {(row["role"], row["entity_id"]) for row in map(file.values, file.where((deal,)))}}

    def around(self, change: Change) -> tuple[Dataset, Rest]:
        """The rows to check for a change — its own, and the deals that lose parties or reports — and
        the rest of the folder to check them against. Takes the rows the change replaces or removes
        (the history keeps them) and what the deals it touches show (their reports, and those of the
        deals found to be the same as them)."""
        rows: Dataset = {t.name: [*change.added.get(t.name, []), *change.replaced.get(t.name, [])] for t in TABLES}
        excluded = {t.name: {t.key_of(r.values) for r in change.replaced.get(t.name, [])}
                    | set(change.removed.get(t.name, [])) for t in TABLES}
        for table in TABLES:
            found = (self.files[table.name].find(key) for key in excluded[table.name])
            self.take(table.name, [index for index in found if index is not None])
        checked_deals = {row.values["id"] for row in rows["deals"]}
        losing = {key[0] for name in ("parties", "reports") for key in change.removed.get(name, [])} - checked_deals
        for deal in sorted(losing):
            index = self.files["deals"].find((deal,))
            if index is not None:
                rows["deals"].append(self.files["deals"].row(index))
                excluded["deals"].add((deal,))
        touched = _deals_named(change)
        shown = touched | self._lent_to(touched)
        self.take_deals(shown | self._same_as(shown), with_parties=False)
        return rows, _Rest(self.files, excluded)

    def _lent_to(self, deal_ids: set[str]) -> set[str]:
        """The deals these deals are found to be the same as (links.csv same_as): they show these
        deals' reports too."""
        links, found = self.files["links"], set()
        for deal in deal_ids:
            indices = links.where((deal, "same_as"))
            self.take("links", indices)
            found |= {links.values(index)["other_deal_id"] for index in indices}
        return found

    def _same_as(self, deal_ids: set[str]) -> set[str]:
        """The deals found to be the same as these (links.csv same_as), whose reports they show too."""
        links, found = self.files["links"], set()
        for deal in deal_ids:
            for index in links.containing(f",same_as,{deal},"):
                row = links.values(index)
                if (row["relation"], row["other_deal_id"]) == ("same_as", deal):
                    self.take("links", [index])
                    found.add(row["deal_id"])
        return found


def _deals_named(change: Change) -> set[str]:
    named = set()
    for table, columns in (("deals", ("id",)), ("reports", ("deal_id",)), ("parties", ("deal_id",)),
                           ("links", ("deal_id", "other_deal_id"))):
        for row in [*change.added.get(table, []), *change.replaced.get(table, [])]:
            named |= {row.values[column] for column in columns}
        positions = [BY_NAME[table].key.index(column) for column in columns]
        for key in change.removed.get(table, []):
            named |= {key[position] for position in positions}
    return named


class Ids:
    """Every id of the shared id space: those in the files, and those given out since."""

    def __init__(self, files: Files):
        self.files, self.given = files, set()

    def __contains__(self, ident: str) -> bool:
        return ident in self.given or any(self.files[name].find((ident,)) is not None for name in ID_TABLES)

    def add(self, ident: str) -> None:
        self.given.add(ident)


class _Rest(Rest):
    """The rows of a valid folder besides those a change checks (`excluded`: their keys)."""

    def __init__(self, files: Files, excluded: dict[str, set[tuple[str, ...]]]):
        self.files, self.excluded = files, excluded

    def row_with_key(self, table: str, key: tuple[str, ...]) -> int | None:
        index = None if key in self.excluded[table] else self.files[table].find(key)
        return None if index is None else index + 2

    def place_of_id(self, ident: str) -> tuple[str, int] | None:
        for name in ID_TABLES:
            number = self.row_with_key(name, (ident,))
            if number is not None:
                return name, number
        return None

    @cached_property
    def _entities(self) -> list[Row]:
        return [row for row in self.files["entities"].all_rows if (row.values["id"],) not in self.excluded["entities"]]

    @cached_property
    def _types(self) -> dict[str, str]:
        return {row.values["id"]: row.values["type"] for row in self._entities}

    @cached_property
    def _labels(self) -> dict[str, tuple[str, int]]:
        from loader.values import split_list

        owners: dict[str, tuple[str, int]] = {}
        for row in self._entities:
            for label in [row.values["name"], *split_list(row.values["aliases"])]:
                if label.strip():
                    owners.setdefault(label.strip().casefold(), (row.values["id"], row.number))
        return owners

    def entity_type(self, ident: str) -> str | None:
        return self._types.get(ident)

    def owner_of_label(self, label: str) -> tuple[str, int] | None:
        return self._labels.get(label)

    def has_rows(self, table: str, deal_id: str) -> bool:
        file = self.files[table]
        return any(file.key(i) not in self.excluded[table] for i in file.where((deal_id,)))

    def preferred_report(self, deal_id: str) -> int | None:
        file = self.files["reports"]
        for index in file.where((deal_id,)):
            values = file.values(index)
            if values["preferred"] and BY_NAME["reports"].key_of(values) not in self.excluded["reports"]:
                return index + 2
        return None

    def sources(self) -> list[Row]:
        return [row for row in self.files["sources"].all_rows if (row.values["id"],) not in self.excluded["sources"]]
