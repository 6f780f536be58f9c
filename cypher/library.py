"""The query library: one .cypher file per question, each opening with a header like

    // name: who-funds-whom
    // description: Who funds whom, to buy what from whom, and whether the money comes back.
    // param: company: entity = null -- only deals this company takes part in
    // param: min_amount: money = 0 -- only fundings of at least this many US dollars

The header is the contract: a file whose $parameters differ from its declared ones is refused.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent
KINDS = ("entity", "ref", "text", "date", "integer", "money")
"""entity: an entity's id, name or alias; ref: that, or the id of a deal, figure, quote or source;
money: an amount in US dollars, '100bn' and '$6.3bn' welcome; date: a partial ISO date."""

PARAM = re.compile(r"^param:\s*(?P<name>\w+)\s*:\s*(?P<kind>\w+)\s*=\s*(?P<default>.+?)"
                   r"(?:\s+--\s+(?P<help>.*))?$")
# strings and comments, so that a `$` inside them is not read as a parameter
NOT_CODE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*|/\*.*?\*/", re.S)
USED = re.compile(r"\$(\w+)|\$`([^`]+)`")


class LibraryError(Exception):
    """A query file is malformed; the message names the file and what to fix."""


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    default: Any
    help: str


@dataclass(frozen=True)
class Query:
    name: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse(path: Path) -> Query:
    text = path.read_text(encoding="utf-8")
    where = path.name
    header = []
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        header.append(line[2:].strip())
    name, description, params = None, [], []
    for entry in header:
        if entry.startswith("name:"):
            name = entry[5:].strip()
        elif entry.startswith("description:"):
            description.append(entry[12:].strip())
        elif entry.startswith("param"):
            params.append(_param(entry, where))
        elif description and entry and not params:
            description.append(entry)  # a description may run over several lines
    if not name:
        raise LibraryError(f"{where}: the header has no '// name: …' line; start the file with one.")
    if name != path.stem:
        raise LibraryError(f"{where}: declares name {name!r}; rename the file {name}.cypher or fix the name.")
    if not description:
        raise LibraryError(f"{where}: the header has no '// description: …' line; say what it answers.")
    declared = [p.name for p in params]
    if len(set(declared)) != len(declared):
        raise LibraryError(f"{where}: a parameter is declared twice; declare each once.")
    code = NOT_CODE.sub(" ", text)
    used = {a or b for a, b in USED.findall(code)}
    if used - set(declared):
        raise LibraryError(f"{where}: uses ${', $'.join(sorted(used - set(declared)))} without declaring it; "
                           "add a '// param: NAME: KIND = DEFAULT' line.")
    if set(declared) - used:
        raise LibraryError(f"{where}: declares {', '.join(sorted(set(declared) - used))} but never uses it; "
                           "use it in the query or remove its '// param:' line.")
    return Query(name, " ".join(description), tuple(params), text, path)


def _param(entry: str, where: str) -> Param:
    match = PARAM.match(entry)
    if not match:
        raise LibraryError(f"{where}: cannot read {entry!r}; write '// param: NAME: KIND = DEFAULT -- help'.")
    kind = match["kind"]
    if kind not in KINDS:
        raise LibraryError(f"{where}: parameter {match['name']} has kind {kind!r}; use one of {', '.join(KINDS)}.")
    try:
        default = json.loads(match["default"])
    except json.JSONDecodeError:
        raise LibraryError(f"{where}: the default of {match['name']} is not a literal; "
                           "write null, a number, true/false or a \"string\".") from None
    return Param(match["name"], kind, default, (match["help"] or "").strip())


def load_library(folder: Path = FOLDER) -> dict[str, Query]:
    """Every query in the folder, by name."""
    queries = [parse(path) for path in sorted(Path(folder).glob("*.cypher"))]
    return {q.name: q for q in queries}
