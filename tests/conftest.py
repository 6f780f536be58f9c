"""Fixtures: every test talks to the real Neo4j that `make test` / .ci/run started."""
from __future__ import annotations

from pathlib import Path

import pytest

from server import Connection, Settings, connect

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env()


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
