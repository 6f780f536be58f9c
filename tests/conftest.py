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
