"""Fixtures: every test talks to a real Neo4j of the tests' own, never to the user's.

The session starts a throwaway Neo4j (server/throwaway.py) on free ports with its own password, and
points every variable circular reads at it, so that the library, CliRunner and subprocesses all
reach it and only it. The user's server and base are left exactly as they were.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import pytest

from server import Connection, LocalServer, Settings, connect
from server.throwaway import Throwaway, throwaway_server

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
STARTUP = pytest.StashKey[float]()


@pytest.fixture(scope="session", autouse=True)
def neo4j_for_tests(request: pytest.FixtureRequest) -> Iterator[Throwaway]:
    capture = request.config.pluginmanager.getplugin("capturemanager")

    def progress(line: str) -> None:  # the first run assembles Neo4j: say so while it happens
        with capture.global_and_fixture_disabled():
            print(line, file=sys.stderr)

    with throwaway_server(LocalServer(), progress=progress) as throwaway, pytest.MonkeyPatch.context() as patch:
        request.config.stash[STARTUP] = throwaway.started.seconds
        patch.delenv("NEO4J_DATABASE", raising=False)
        patch.delenv("CIRCULAR_DATA", raising=False)  # nor the user's data folder
        for name, value in throwaway.env.items():
            patch.setenv(name, value)
        yield throwaway


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    if STARTUP in config.stash:
        terminalreporter.write_line(f"The tests' own Neo4j started in {config.stash[STARTUP]:.1f}s.")


@pytest.fixture(scope="session")
def settings(neo4j_for_tests: Throwaway) -> Settings:
    """The tests' own server, as every part of circular reads it from the environment."""
    chosen = Settings.from_env()
    assert chosen.uri == neo4j_for_tests.env["NEO4J_URI"], "the tests must never reach another server"
    return chosen


@pytest.fixture(scope="session")
def connection(settings: Settings) -> Connection:
    with connect(settings) as conn:
        yield conn


@pytest.fixture
def empty_db(connection: Connection) -> Connection:
    """The database with no nodes (constraints stay), so a test starts from a known state."""
    with connection.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    return connection


@pytest.fixture
def base(empty_db: Connection) -> Connection:
    """The database holding exactly the article's base, loaded with the project's own loader."""
    import loader

    loader.load(empty_db, ROOT / "data")
    return empty_db


@pytest.fixture
def data(tmp_path, empty_db: Connection) -> Path:
    """A copy of the data folder, and a database holding exactly it."""
    import loader
    from tests import csvedit

    folder = csvedit.copy_data(tmp_path / "data")
    loader.load(empty_db, folder)
    return folder


def files_and_neo4j_agree(connection: Connection, folder: Path, tmp_path: Path) -> bool:
    """The database, exported, gives back exactly the folder's CSV files."""
    import filecmp

    import loader

    loader.export(connection, tmp_path / "exported")
    return all(filecmp.cmp(p, tmp_path / "exported" / p.name, shallow=False) for p in folder.glob("*.csv"))


def snapshot(connection: Connection) -> list[str]:
    """Everything in the database, in a stable order, to prove that something left it untouched."""
    rows = connection.read(
        "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) "
        "RETURN labels(n) AS labels, properties(n) AS props, type(r) AS rel, properties(r) AS rel_props, "
        "m.id AS target")
    return sorted(repr(sorted(row.items())) for row in rows)
