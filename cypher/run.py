"""Run the library's queries by name, with parameters as people type them."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Mapping

import neo4j

from cypher import graph_text
from cypher.library import Param, Query, load_library
from loader.values import parse_amount
from loader.values import date_precision
from server import Connection


class QueryError(Exception):
    """An unknown query, parameter or name; the message offers the close matches."""


@dataclass(frozen=True)
class Answer:
    query: Query
    params: dict[str, Any]
    columns: list[str]
    rows: list[dict[str, Any]]

    def frame(self):
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.6)
    return f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def find_query(name: str, library: Mapping[str, Query] | None = None) -> Query:
    library = library or load_library()
    if name not in library:
        raise QueryError(f"There is no query named {name!r}.{_did_you_mean(name, list(library))} "
                         "`circular queries` lists them all.")
    return library[name]


def run(connection: Connection, name: str, params: Mapping[str, Any] | None = None,
        library: Mapping[str, Query] | None = None) -> Answer:
    """Run query `name`; params may be strings as typed on a command line, or typed values."""
    query = find_query(name, library)
    values = prepare_params(connection, query, params)
    try:
        with connection.session() as session:
            result = session.execute_read(lambda tx: _rows(tx, query.text, values))
    except neo4j.exceptions.Neo4jError as error:
        raise QueryError(connection.refusal(error) or f"Neo4j could not answer {name}: {error.message}") from None
    except neo4j.exceptions.DriverError as error:
        raise QueryError(f"The connection to Neo4j failed while answering {name} ({error}); try again.") from None
    return Answer(query, values, *result)


def prepare_params(connection: Connection, query: Query, params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Every parameter of the query: given ones read as people type them, the others at their default."""
    given = dict(params or {})
    for key in given:
        if query.param(key) is None:
            names = [p.name for p in query.params]
            takes = f"It takes: {', '.join(names)}." if names else "It takes none."
            raise QueryError(f"{query.name} has no parameter {key!r}.{_did_you_mean(key, names)} {takes}")
    return {p.name: _value(connection, p, given[p.name]) if p.name in given else p.default for p in query.params}


def _rows(tx, text: str, values: dict[str, Any], graph_as_text: bool = False) -> tuple[list[str], list[dict[str, Any]]]:
    result = tx.run(text, values)
    if graph_as_text:  # an ad-hoc query may return nodes and relationships: say them in Cypher's notation
        rows = [{key: graph_text.readable(value) for key, value in record.items()} for record in result]
    else:
        rows = [record.data() for record in result]
    return list(result.keys()), rows


def _value(connection: Connection, param: Param, raw: Any) -> Any:
    if raw is None or not isinstance(raw, str):
        return raw
    if param.kind == "money":
        try:
            return parse_amount(raw)
        except ValueError as error:
            raise QueryError(f"{param.name}: {error}") from None
    if param.kind == "integer":
        if not raw.strip().isdigit():
            raise QueryError(f"{param.name} must be a whole number, not {raw!r}.")
        return int(raw)
    if param.kind == "date":
        if date_precision(raw) is None:
            raise QueryError(f"{param.name} must be a partial ISO date (2025, 2025-10 or 2025-10-06), not {raw!r}.")
        return raw
    if param.kind in ("entity", "ref"):
        return resolve(connection, raw, any_id=param.kind == "ref")
    return raw


# the whole typed name as one term of the keyword-analysed index; the WHERE keeps exact matches only
BY_NAME = ("CALL db.index.fulltext.queryNodes('entity_lookup', $term) YIELD node "
           "WHERE toLower($wanted) IN node.lookup RETURN node.id AS id LIMIT 1")


def resolve(connection: Connection, text: str, any_id: bool = False) -> str:
    """The id of the entity whose id, name or alias is `text`, in any case (or, with any_id, of any
    deal, figure, quote or source with that id). Looked up in the entity_lookup index, never by
    reading every entity."""
    wanted = text.strip()
    found = wanted and connection.read(BY_NAME, {"term": _lucene_term(wanted.lower()), "wanted": wanted})
    if not found and any_id:
        found = connection.read("MATCH (n) WHERE (n:Deal OR n:Figure OR n:Quote OR n:Source) AND n.id = $id "
                                "RETURN n.id AS id", {"id": wanted})
    if found:
        return found[0]["id"]
    raise QueryError(f"Nothing in the base is called {text!r}.{_close_names(connection, wanted)}")


# characters Lucene's query syntax gives a meaning to, whitespace included (a name is one term)
_LUCENE_SPECIAL = re.compile(r'([+\-!():^\[\]"{}~*?|&/\\\s])')


def _lucene_term(text: str) -> str:
    return _LUCENE_SPECIAL.sub(r"\\\1", text)


def _close_names(connection: Connection, wanted: str) -> str:
    """' Did you mean …?' with the names nearest to `wanted`, found by a fuzzy search of the index."""
    candidates = connection.read(
        "CALL db.index.fulltext.queryNodes('entity_lookup', $term) YIELD node "
        "RETURN node.id AS id, node.name AS name, coalesce(node.aliases, []) AS aliases LIMIT 50",
        {"term": _lucene_term(wanted.lower()) + "~"}) if wanted else []
    labels = {label.casefold(): label for e in candidates for label in (e["id"], e["name"], *e["aliases"])}
    close = difflib.get_close_matches(wanted.casefold(), list(labels), n=3, cutoff=0.6)
    if close:
        return f" Did you mean {' or '.join(repr(labels[c]) for c in close)}?"
    return " `circular ask sources` lists everything the base holds, each with its id."


def run_read_only(connection: Connection, statement: str,
                  params: Mapping[str, Any] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Run an ad-hoc statement in a read transaction: the server refuses any write in it."""
    try:
        with connection.session() as session:
            return session.execute_read(lambda tx: _rows(tx, statement, dict(params or {}), graph_as_text=True))
    except neo4j.exceptions.Neo4jError as error:
        if error.code == "Neo.ClientError.Statement.AccessMode":
            raise QueryError("The query tries to write, and `circular cypher` only reads: change the base "
                             "with `circular load` or `circular add`.") from None
        raise QueryError(f"Neo4j could not run the query: {error.message}") from None
    except neo4j.exceptions.DriverError as error:
        raise QueryError(f"The connection to Neo4j failed while running the query ({error}); try again.") from None
