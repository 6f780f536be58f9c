"""Fixtures: every test talks to the real Neo4j that `make test` / .ci/run started."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from server import Connection, Settings, connect

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@pytest.fixture(scope="session")
def settings() -> Settings:
    """The server the tests use. They empty its database, so a remote one must be asked for."""
    chosen = Settings.from_env()
    if urlparse(chosen.uri).hostname not in LOCAL_HOSTS and not os.environ.get("CIRCULAR_TESTS_MAY_EMPTY_DATABASE"):
        pytest.exit(f"The tests empty the database at NEO4J_URI={chosen.uri}. Unset NEO4J_URI to test against "
                    "the local server, or set CIRCULAR_TESTS_MAY_EMPTY_DATABASE=1 if that is what you want.",
                    returncode=2)
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


def snapshot(connection: Connection) -> list[str]:
    """Everything in the database, in a stable order, to prove that something left it untouched."""
    rows = connection.read(
        "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) "
        "RETURN labels(n) AS labels, properties(n) AS props, type(r) AS rel, properties(r) AS rel_props, "
        "m.id AS target")
    return sorted(repr(sorted(row.items())) for row in rows)
