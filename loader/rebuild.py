"""`circular load --rebuild`: a whole base into the local server at once, through neo4j-admin's offline
import, for a new base or one rebuilt from its files.

The graph `load` would build is written as import files (loader/bulk.py) and imported beside the
database in use (server/offline_import.py), while the folder is checked as for any load: neither
changes anything, and the server is stopped only once both have succeeded, so nothing stops or
changes when the folder has a problem. Then the server's database is swapped for the imported one,
and the schema made on it before it is kept; if any step fails, the old database is put back and
the server restarted on it. Only the local server can be rebuilt: neo4j-admin writes the database's
files, so it must run where they are.
"""
from __future__ import annotations

import gc
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Mapping
from urllib.parse import urlparse

import neo4j

from loader import bulk, graph
from loader.apart import checked_apart
from loader.files import Dataset
from loader.load import Unchecked, read_unchecked
from loader.problems import LoadFailed
from server import ConnectionFailed, ServerError, Settings, connect, offline_import, paths
from server.local import LocalServer

Steps = Callable[[str], None]
LOCAL_HOSTS = ("127.0.0.1", "localhost")
INDEX_WAIT_SECONDS = 3600  # a few million ids are indexed in minutes on a slow machine


@dataclass(frozen=True)
class RebuildReport:
    rows: dict[str, int]  # per table
    nodes: int
    relationships: int
    flows: int
    check_seconds: float  # while the import files were written and imported
    writing_seconds: float  # the import files
    import_seconds: float  # neo4j-admin alone
    restart_seconds: float
    schema_seconds: float  # constraints and indexes on the new database


def refusal(env: Mapping[str, str] | None = None) -> str | None:
    """Why the configured server cannot be rebuilt, in one sentence; None when it is circular's own."""
    env = os.environ if env is None else env
    server = LocalServer(env)
    settings = Settings.from_env(env)
    if not _is_local(settings.uri, paths.local_bolt_port(env)):
        return (f"circular load --rebuild rewrites the files of the local server's database, and NEO4J_URI points "
                f"at {settings.uri}: unset NEO4J_URI to rebuild the local server, or run `circular load --replace`, "
                "which writes to any server.")
    if settings.database not in (None, offline_import.DATABASE):
        return (f"circular load --rebuild rebuilds the local server's one database, {offline_import.DATABASE!r}, and "
                f"NEO4J_DATABASE asks for {settings.database!r}: unset NEO4J_DATABASE, or run `circular load`.")
    if not server.is_assembled():
        return (f"The local server is not assembled in {server.home}, so there is no neo4j-admin to rebuild "
                "with: run `circular server start` once, then `circular load --rebuild` again.")
    return None


def _is_local(uri: str, bolt_port: int) -> bool:
    address = urlparse(uri)
    try:
        return address.hostname in LOCAL_HOSTS and address.port == bolt_port
    except ValueError:  # a port that is not a number
        return False


@contextmanager
def _many_objects() -> Iterator[None]:
    """Millions of rows and properties are made, none of them in a reference cycle: Python's cycle
    collector would go through them again and again as they pile up (a quarter to a third of the time, measured)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def read_rows(data_dir: Path | str, sources_dir: Path | str | None = None) -> Unchecked:
    """The data folder's rows, not checked yet (see load.read_unchecked), read without the collector."""
    with _many_objects():
        return read_unchecked(data_dir, sources_dir)


def rebuild(data_dir: Path | str, *, sources_dir: Path | str | None = None, env: Mapping[str, str] | None = None,
            steps: Steps = lambda _: None) -> RebuildReport:
    """Replace the local server's base by the data folder's, through neo4j-admin; LoadFailed saying why
    when the server is not the local one, InvalidData when the folder has a problem."""
    refused = refusal(env)
    if refused:
        raise LoadFailed(refused)
    unchecked = read_rows(data_dir, sources_dir)
    return rebuild_dataset(unchecked.dataset, unchecked.check, env=env, steps=steps)


def rebuild_dataset(dataset: Dataset, check: Callable[[], None], *, env: Mapping[str, str] | None = None,
                    steps: Steps = lambda _: None) -> RebuildReport:
    """Rebuild from rows read and not yet checked (see load.read_unchecked): `check` runs in a process
    of its own (loader/apart.py) while the import files are written and neo4j-admin imports them beside
    the database in use, and the server is stopped only once both have succeeded.
    refusal() must have said None."""
    env = dict(os.environ if env is None else env)
    server = LocalServer(env)
    with offline_import.work_folder(server) as work, _many_objects(), checked_apart(check) as verdict:
        began = time.monotonic()
        steps("Writing the import files, the data checked meanwhile…")
        (work / "files").mkdir()
        try:
            written = bulk.write_import_files(dataset, work / "files")
        except Exception:
            verdict()  # rows that fail the check may fail the writer first: say what is wrong with them
            raise
        writing = time.monotonic() - began
        try:
            with offline_import.replaced_database(server, written.files, work, steps, verdict) as imported:
                steps("Creating the constraints and indexes…")
                schema = _complete(Settings.local(env), steps)
        except ServerError as error:
            raise LoadFailed(str(error)) from None
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, LoadFailed) as error:
            message = getattr(error, "message", None) or str(error)
            raise LoadFailed(f"The rebuilt base could not be completed ({message}); the previous base is back, "
                             "and Neo4j runs on it.") from None
    return RebuildReport(
        rows={name: len(rows) for name, rows in dataset.items()}, nodes=sum(written.nodes.values()),
        relationships=sum(written.relationships.values()), flows=written.relationships.get("FLOWS_TO", 0),
        check_seconds=verdict.seconds, writing_seconds=writing, import_seconds=imported.seconds,
        restart_seconds=imported.restart_seconds, schema_seconds=schema)


def _complete(settings: Settings, steps: Steps) -> float:
    """Make the schema on the imported database and wait for its indexes. Returns the seconds it took."""
    began = time.monotonic()
    try:
        connection = connect(settings)
    except ConnectionFailed as error:  # it started, yet does not answer as it should
        raise LoadFailed(str(error)) from None
    with connection, connection.session() as session:
        for statement in graph.constraints():
            session.run(statement).consume()
        steps("Waiting for the indexes…")
        session.run("CALL db.awaitIndexes($seconds)", seconds=INDEX_WAIT_SECONDS).consume()
    return time.monotonic() - began
