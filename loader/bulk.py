"""The graph `load` builds, written as the CSV files that `neo4j-admin database import full` reads.

Every node and relationship `load` would make is written, with the same labels, types and typed
properties: each row's own (graph.graph_props and the links of graph.NODE_TABLES and LINK_TABLES),
each deal's shown values (load.deal_values), and what Neo4j would derive after a load
(loader/derived.py) — lookup names, groups, counting, money flows, ownership, PAYS.

A file holds the rows of one shape: the same labels or type, and the same properties with the same
types, so that its header types every column (an amount is an integer in one report and a decimal
in another). Each label has its own id space, as each has its own uniqueness constraint.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, TextIO

from loader import derived, graph
from loader.files import Dataset
from loader.load import deal_values
from loader.schema import BY_NAME, ID_TABLES
from server.offline_import import ImportFiles

# Between the items of a list property: a control character, which `check` refuses in every cell.
ARRAY_DELIMITER = "\x1f"
HEADER_TYPES = {str: "string", int: "long", float: "double", bool: "boolean", list: "string[]"}


@dataclass
class _File:
    path: Path
    handle: TextIO
    rows: Any  # a csv writer, which writes numbers as Python spells them, as the importer reads them
    converted: list[tuple[int, Callable[[Any], str]]]  # the columns whose values the writer cannot spell
    count: int = 0


@dataclass
class _Writer:
    """Rows of one shape go to one file, its header first; a new shape opens a new file."""
    folder: Path
    files: dict[tuple, _File] = field(default_factory=dict)
    nodes: list[tuple[str, Path]] = field(default_factory=list)
    relationships: list[tuple[str, Path]] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: {"nodes": {}, "relationships": {}})

    def node(self, labels: str, space: str, props: dict[str, Any]) -> None:
        shape = ("node", labels, space, tuple(props), tuple(map(type, props.values())))
        file = self.files.get(shape) or self._open(shape, self.nodes, labels, 0, [
            f"id:ID({space})" if name == "id" else f"{name}:{HEADER_TYPES[type(value)]}"
            for name, value in props.items()])
        self._write(file, list(props.values()))

    def relationship(self, rel: derived.Relationship) -> None:
        props = rel.props
        shape = ("rel", rel.type, rel.start[0], rel.end[0], tuple(props), tuple(map(type, props.values())))
        file = self.files.get(shape) or self._open(shape, self.relationships, rel.type, 2, [
            f":START_ID({rel.start[0]})", f":END_ID({rel.end[0]})",
            *(f"{name}:{HEADER_TYPES[type(value)]}" for name, value in props.items())])
        self._write(file, [rel.start[1], rel.end[1], *props.values()])

    def _open(self, shape: tuple, kinds: list[tuple[str, Path]], name: str, ends: int, header: list[str]) -> _File:
        path = self.folder / f"{len(self.files):04d}-{name.replace(':', '-')}.csv"
        handle = open(path, "w", encoding="utf-8", newline="")
        converted = [(ends + i, CONVERTERS[kind]) for i, kind in enumerate(shape[-1]) if kind in CONVERTERS]
        file = _File(path, handle, csv.writer(handle, lineterminator="\n"), converted)
        file.rows.writerow(header)
        self.files[shape] = file
        kinds.append((name, path))
        return file

    @staticmethod
    def _write(file: _File, cells: list[Any]) -> None:
        for column, convert in file.converted:
            cells[column] = convert(cells[column])
        file.rows.writerow(cells)
        file.count += 1

    def close(self) -> ImportFiles:
        for file in self.files.values():
            file.handle.close()
        for (kind, name, *_), file in self.files.items():
            counts = self.counts["nodes" if kind == "node" else "relationships"]
            counts[name] = counts.get(name, 0) + file.count
        return ImportFiles(nodes=self.nodes, relationships=self.relationships, array_delimiter=ARRAY_DELIMITER,
                           multiline=[file.path for file in self.files.values() if _has_line_breaks(file)])


def _joined(items: list[str]) -> str:
    if not items:  # the importer reads an empty cell as no property: a list is absent when empty
        raise ValueError("an empty list cannot be imported")
    return ARRAY_DELIMITER.join(items)


CONVERTERS: dict[type, Callable[[Any], str]] = {list: _joined, bool: lambda flag: "true" if flag else "false"}


def _has_line_breaks(file: _File) -> bool:
    """Whether a value holds a line break: the file then has more lines than rows (and its header)."""
    lines = 0
    with open(file.path, "rb") as handle:
        while chunk := handle.read(1 << 24):
            lines += chunk.count(b"\n")
    return lines > file.count + 1


@dataclass(frozen=True)
class Written:
    files: ImportFiles
    nodes: dict[str, int]  # by labels
    relationships: dict[str, int]  # by type


def write_import_files(dataset: Dataset, folder: Path) -> Written:
    """Write the graph of a checked dataset (see load.read_valid) as import files in `folder`."""
    writer = _Writer(Path(folder))
    try:
        _write_graph(dataset, writer)
    finally:
        files = writer.close()
    return Written(files, writer.counts["nodes"], writer.counts["relationships"])


def _write_graph(dataset: Dataset, writer: _Writer) -> None:
    label_of = {row.values["id"]: graph.NODE_TABLES[name].label for name in ID_TABLES for row in dataset[name]}
    entities = {row.values["id"]: graph.graph_props(BY_NAME["entities"], row.values) for row in dataset["entities"]}
    group_of = derived.groups(entities)
    deals = {row.values["id"]: graph.graph_props(BY_NAME["deals"], row.values) for row in dataset["deals"]}
    for shown in deal_values(dataset, list(deals)):
        deals[shown["id"]].update((key, value) for key, value in shown["values"].items() if value is not None)
    excluded = derived.counting(deals, (row.values for row in dataset["links"]))

    for name, spec in graph.NODE_TABLES.items():
        table = BY_NAME[name]
        for row in dataset[name]:
            labels = spec.label
            if name == "entities":
                props = entities[row.values["id"]]
                labels += ":" + props["type"].capitalize()
                props["lookup"] = derived.lookup(props)
                props["group_id"], props["group_name"] = group_of[props["id"]]
            elif name == "deals":
                props = deals[row.values["id"]]
                props["counted"] = excluded[props["id"]] is None
                if excluded[props["id"]] is not None:
                    props["excluded"] = excluded[props["id"]]
            else:
                props = graph.graph_props(table, row.values)
            writer.node(labels, spec.label, props)
            for rel in _links_of(spec, props, label_of):
                writer.relationship(rel)
    for name, spec in graph.LINK_TABLES.items():
        table = BY_NAME[name]
        (start_column, start_label), (end_column, end_label) = spec.start, spec.end
        for row in dataset[name]:
            props = graph.graph_props(table, row.values)
            start, end = props[start_column], props[end_column]
            writer.relationship(derived.Relationship(
                spec.type or props["relation"].upper(), (start_label or label_of[start], start),
                (end_label or label_of[end], end), props))
    payments = derived.Payments(group_of, {ident: props["name"] for ident, props in entities.items()})
    for rel in derived.ties(deals, (row.values for row in dataset["parties"]), excluded):
        writer.relationship(rel)
        payments.add(rel)
    del deals  # the largest of what this keeps, no longer needed
    for rel in payments.pays():
        writer.relationship(rel)


def _links_of(spec: graph.NodeTable, props: dict[str, Any], label_of: dict[str, str]) -> Iterable[derived.Relationship]:
    """The relationships a node's reference columns make (graph._create_link)."""
    me = (spec.label, props["id"])
    for link in spec.links:
        value = props.get(link.column)
        if not value:
            continue
        extra = {"excerpt": props["excerpt"]} if link.excerpt and "excerpt" in props else {}
        for target in value if isinstance(value, list) else [value]:
            other = (link.target or label_of[target], target)
            yield derived.Relationship(link.type, me, other, extra) if link.outgoing else \
                derived.Relationship(link.type, other, me, extra)

