"""Neo4j's refusals reach the user as one sentence that says what to do, never as a traceback.

Each is provoked for real on the tests' own server, with users made for the purpose, so that the
lockout of one never reaches the user the other tests connect as."""
from __future__ import annotations

import dataclasses
import secrets

import pytest
from click.testing import CliRunner

from cli.main import cli
from server import ConnectionFailed, LocalServer, Settings, connect
from server.throwaway import throwaway_server


@pytest.fixture
def new_user(connection, settings):
    """Make a user with a fresh password, and drop it afterwards."""
    made = []

    def make(change_required: bool = False) -> Settings:
        name, password = f"probe_{secrets.token_hex(4)}", secrets.token_urlsafe(16)
        clause = "CHANGE REQUIRED" if change_required else "CHANGE NOT REQUIRED"
        connection.driver.execute_query(f"CREATE USER $name SET PASSWORD $password {clause}",
                                        name=name, password=password, database_="system")
        made.append(name)
        return dataclasses.replace(settings, username=name, password=password)

    yield make
    for name in made:
        connection.driver.execute_query("DROP USER $name IF EXISTS", name=name, database_="system")


def one_sentence_on_the_command_line(monkeypatch, chosen: Settings, *args: str) -> str:
    monkeypatch.setenv("NEO4J_USERNAME", chosen.username)
    monkeypatch.setenv("NEO4J_PASSWORD", chosen.password)
    if chosen.database:
        monkeypatch.setenv("NEO4J_DATABASE", chosen.database)
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit), "a traceback"
    [line] = result.output.splitlines()
    return line.removeprefix("Error: ")


def test_circular_s_server_locks_no_one_out_after_wrong_passwords(connection, new_user):
    """A stranger failing again and again must not keep the owner out: the lockout is off."""
    [setting] = connection.read("SHOW SETTINGS YIELD name, value "
                                "WHERE name = 'dbms.security.auth_max_failed_attempts' RETURN value")
    assert setting["value"] == "0"
    user = new_user()
    wrong = dataclasses.replace(user, password="not-" + user.password)
    for _ in range(5):
        with pytest.raises(ConnectionFailed, match=f"refused user '{user.username}' and its password"):
            connect(wrong)
    with connect(user) as accepted:
        assert accepted.read("RETURN 1 AS one") == [{"one": 1}]


def test_another_server_s_rate_limit_is_one_sentence_even_with_the_right_password(monkeypatch):
    """A server that does lock out (Aura, a colleague's) turns the right password away for a while."""
    attempts = 2
    with throwaway_server(LocalServer(), settings={"dbms.security.auth_max_failed_attempts": str(attempts),
                                                   "dbms.security.auth_lock_time": "60s"}) as other:
        user = Settings(other.started.status.bolt_uri, "neo4j", other.password)
        wrong = dataclasses.replace(user, password="not-" + user.password)
        for _ in range(attempts):
            with pytest.raises(ConnectionFailed, match="refused user 'neo4j' and its password"):
                connect(wrong)
        with pytest.raises(ConnectionFailed) as caught:
            connect(user)  # the right password, too soon
        expected = (f"Neo4j at {user.uri} turns user 'neo4j' away for now, after too many wrong passwords: "
                    "wait a few seconds")
        assert str(caught.value).startswith(expected)
        assert "NEO4J_PASSWORD" in str(caught.value)
        monkeypatch.setenv("NEO4J_URI", user.uri)
        assert one_sentence_on_the_command_line(monkeypatch, user, "ask", "hubs").startswith(expected)


def test_a_password_that_must_change_is_one_sentence(new_user, monkeypatch):
    user = new_user(change_required=True)
    with pytest.raises(ConnectionFailed) as caught:
        connect(user)
    assert str(caught.value) == (
        f"Neo4j at {user.uri} requires user '{user.username}' to change the password before anything else: "
        "change it in Neo4j Browser, or with ALTER CURRENT USER SET PASSWORD FROM 'old' TO 'new' on the system "
        "database, then set NEO4J_PASSWORD to the new one.")
    assert one_sentence_on_the_command_line(monkeypatch, user, "ask", "hubs") == str(caught.value)


def test_a_database_the_server_lacks_is_one_sentence(settings, monkeypatch):
    elsewhere = dataclasses.replace(settings, database="nosuchdatabase")
    with pytest.raises(ConnectionFailed) as caught:
        connect(elsewhere)
    assert str(caught.value) == (
        f"Neo4j at {settings.uri} has no database 'nosuchdatabase': set NEO4J_DATABASE to one that SHOW "
        "DATABASES lists, or unset it to use the server's default.")
    assert one_sentence_on_the_command_line(monkeypatch, elsewhere, "load") == str(caught.value)
