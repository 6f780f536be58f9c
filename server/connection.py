"""The one place that knows how to reach Neo4j.

Settings come from the variables Neo4j's own tools use (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD,
NEO4J_DATABASE) and default to the local server that `circular server start` runs.
"""
from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from typing import Any, Mapping
from urllib.parse import urlparse

import neo4j

from server import paths
from server.refusals import explain

ACCEPTED_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class ConnectionFailed(Exception):
    """Neo4j cannot be reached or refuses us; the message says what to do."""


@dataclass(frozen=True)
class Settings:
    uri: str
    username: str
    password: str | None = None
    database: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        local_uri = f"bolt://127.0.0.1:{paths.local_bolt_port(env)}"
        uri = env.get("NEO4J_URI") or local_uri
        # the local server's password goes to the local server only, and only while it runs
        local = uri == local_uri and paths.local_server_running(env)
        return cls(
            uri=uri,
            username=env.get("NEO4J_USERNAME") or "neo4j",
            password=env.get("NEO4J_PASSWORD") or (paths.read_local_password(env) if local else None),
            database=env.get("NEO4J_DATABASE") or None,
        )

    @classmethod
    def local(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """The local server's settings, whatever NEO4J_URI and NEO4J_DATABASE point at."""
        env = os.environ if env is None else env
        return cls.from_env({k: v for k, v in env.items() if k not in ("NEO4J_URI", "NEO4J_DATABASE")})

    def __repr__(self) -> str:  # never show the password, even in a debugger or a log
        return f"Settings(uri={self.uri!r}, username={self.username!r}, database={self.database!r})"


class Connection:
    """A driver bound to one database; close it, or use it as a context manager."""

    def __init__(self, driver: neo4j.Driver, settings: Settings):
        self.driver = driver
        self.settings = settings

    @property
    def database(self) -> str | None:
        return self.settings.database

    def session(self, **config: Any) -> neo4j.Session:
        return self.driver.session(database=self.database, **config)

    def read(self, cypher: str, parameters: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one read query and return its rows as plain dictionaries."""
        records, _, _ = self.driver.execute_query(
            cypher, parameters_=dict(parameters or {}), database_=self.database,
            routing_=neo4j.RoutingControl.READ,
        )
        return [record.data() for record in records]

    def refusal(self, error: BaseException, outcome: str | None = None) -> str | None:
        """One sentence for a refusal of this server (see server.refusals), or None."""
        return explain(error, self.settings, outcome)

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(settings: Settings | None = None) -> Connection:
    """Open a connection and prove the server answers, or raise ConnectionFailed saying why."""
    settings = settings or Settings.from_env()
    scheme = settings.uri.split("://", 1)[0] if "://" in settings.uri else ""
    if scheme not in ACCEPTED_SCHEMES:
        raise ConnectionFailed(
            f"NEO4J_URI={settings.uri!r} is not a Neo4j address: use bolt://host:7687, "
            "neo4j://host:7687 (a cluster) or neo4j+s://xxxx.databases.neo4j.io (Aura)."
        )
    if not settings.password:
        if not _answers(settings.uri):
            raise ConnectionFailed(
                f"Cannot reach Neo4j at {settings.uri}. "
                "Start the local server with `circular server start`, or point NEO4J_URI at a running one.")
        raise ConnectionFailed(
            f"No password for {settings.uri}: set NEO4J_PASSWORD, or run `circular server start`, "
            "which creates the local server and its password (sent to that server only)."
        )
    try:
        driver = neo4j.GraphDatabase.driver(
            settings.uri, auth=(settings.username, settings.password),
            notifications_min_severity="OFF",  # schema hints about unused labels are noise to our users
        )
    except (neo4j.exceptions.ConfigurationError, ValueError) as error:
        raise ConnectionFailed(f"NEO4J_URI={settings.uri!r} is not usable: {error}") from None
    try:
        # one query, not just a handshake: the database's own refusals (an expired password, a missing
        # database) come now rather than mid-command; and a session's run is not retried, so they come at once
        with driver.session(database=settings.database) as session:
            session.run("RETURN 1").consume()
    except neo4j.exceptions.Neo4jError as error:
        driver.close()
        raise ConnectionFailed(explain(error, settings) or
                               f"Neo4j at {settings.uri} refused the connection: {error.message}") from None
    except (neo4j.exceptions.ServiceUnavailable, OSError):
        driver.close()
        raise ConnectionFailed(
            f"Cannot reach Neo4j at {settings.uri}. "
            "Start the local server with `circular server start`, or point NEO4J_URI at a running one."
        ) from None
    return Connection(driver, settings)



def _answers(uri: str) -> bool:
    """Whether anything listens at the address, so that a missing server is not taken for a missing password."""
    address = urlparse(uri)
    try:
        with socket.create_connection((address.hostname or "127.0.0.1", address.port or 7687), timeout=2):
            return True
    except (OSError, ValueError):
        return False
