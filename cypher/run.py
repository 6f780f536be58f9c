"""Run the library's queries by name, with parameters as people type them."""
from __future__ import annotations

import difflib
import math
import re
import secrets
import threading
from dataclasses import dataclass
from typing import Any, Mapping

import neo4j

from cypher import graph_text, guard, loops
from cypher.library import Param, Query, load_library
from loader.values import parse_amount
from loader.values import date_precision
from server import Connection


MAX_INTEGER = 2**63  # Neo4j's integers are 64-bit


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
            if loops.searched_in_python(query, values):
                result = session.execute_read(lambda tx: loops.every_loop(tx, query, values))
            else:
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
            amount = parse_amount(raw)
        except ValueError as error:
            raise QueryError(f"{param.name}: {error}") from None
        if not math.isfinite(amount) or amount >= MAX_INTEGER:
            raise QueryError(f"{param.name}: {raw!r} is larger than any amount the base can hold; check the zeros.")
        return amount
    if param.kind == "integer":
        if not re.fullmatch(r"[0-9]{1,18}", raw.strip()):  # not \d: '²' is a digit to Python
            raise QueryError(f"{param.name} must be a whole number from 0 to 999999999999999999, not {raw!r}.")
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


DEFAULT_TIMEOUT = 60.0  # seconds an ad-hoc query may run before Neo4j stops it
WORKER_EXIT_WAIT = 10.0  # seconds Ctrl-C waits for the stopped query's thread to let go of its connection


def run_read_only(connection: Connection, statement: str, params: Mapping[str, Any] | None = None,
                  timeout: float = DEFAULT_TIMEOUT) -> tuple[list[str], list[dict[str, Any]]]:
    """Run an ad-hoc statement that reads the graph and nothing else (see cypher.guard).

    It runs in a read transaction that Neo4j stops after `timeout` seconds. The query runs in a
    thread so that Ctrl-C reaches this one at once; Ctrl-C then has Neo4j terminate the query (a
    client that merely goes away leaves it running on the server) and KeyboardInterrupt goes on.
    """
    values = dict(params or {})
    tag = secrets.token_hex(16)  # finds this transaction among the server's, to stop it on Ctrl-C
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            with connection.session(default_access_mode=neo4j.READ_ACCESS) as session:
                with session.begin_transaction(timeout=timeout, metadata={"circular_cypher": tag}) as tx:
                    plan = tx.run("EXPLAIN " + statement, values).consume().plan
                    refused = guard.refusal(plan or {})
                    if refused:
                        raise QueryError(f"`circular cypher` only reads the graph, and this query cannot: {refused}. "
                                         "Ask with MATCH … RETURN, or use `circular load` / `circular add` to "
                                         "change the base.")
                    outcome["rows"] = _rows(tx, statement, values, graph_as_text=True)
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=work, name="circular-cypher", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.1)
    except KeyboardInterrupt:
        _terminate(connection, tag)
        # the worker, told its transaction ended, hands its connection back before the caller closes
        # the driver: two threads closing one connection at once break its buffers
        worker.join(WORKER_EXIT_WAIT)
        raise
    error = outcome.get("error")
    if error is None:
        return outcome["rows"]
    if isinstance(error, QueryError):
        raise error
    if isinstance(error, neo4j.exceptions.Neo4jError):
        raise QueryError(_read_only_failure(error, timeout)) from None
    if isinstance(error, neo4j.exceptions.DriverError):
        raise QueryError(f"The connection to Neo4j failed while running the query ({error}); try again.") from None
    raise error


def _read_only_failure(error: neo4j.exceptions.Neo4jError, timeout: float) -> str:
    code = error.code or ""
    if code == "Neo.ClientError.Statement.AccessMode":
        return ("The query tries to write, and `circular cypher` only reads: change the base with "
                "`circular load` or `circular add`.")
    if "TransactionTimedOut" in code:
        return (f"The query ran longer than {timeout:g} s and Neo4j stopped it: narrow it (a LIMIT, a "
                "bounded path length) or allow more time with --timeout.")
    return f"Neo4j could not run the query: {error.message}"


def _terminate(connection: Connection, tag: str) -> None:
    """Have Neo4j stop the transaction tagged `tag`, if it still runs."""
    try:
        with connection.session() as session:
            running = [row["id"] for row in session.run(
                "SHOW TRANSACTIONS YIELD transactionId AS id, metaData "
                "WHERE metaData.circular_cypher = $tag RETURN id", tag=tag)]
            if running:
                session.run("TERMINATE TRANSACTIONS $ids", ids=running).consume()
    except neo4j.exceptions.Neo4jError:
        pass  # it ended on its own meanwhile
