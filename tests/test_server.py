"""The server is the real thing: Neo4j 5.26 Community over Bolt, Browser over HTTP, honest status."""
from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli
from server import ConnectionFailed, LocalServer, ServerError, Settings, connect, paths
from server.throwaway import HOME_PREFIX, OWNER_FILE, borrow_jars, free_ports, remove_stale_homes
from tests.conftest import ROOT


def test_neo4j_5_26_community_answers_over_bolt(connection):
    [row] = connection.read("CALL dbms.components() YIELD name, versions, edition RETURN *")
    assert row["name"] == "Neo4j Kernel"
    assert row["edition"] == "community"
    assert row["versions"][0].startswith("5.26.")


def test_a_write_then_a_read_round_trips(empty_db):
    with empty_db.session() as session:
        session.execute_write(lambda tx: tx.run("CREATE (:Probe {id: $id, amount: $amount})",
                                                id="probe-1", amount=6.3e9).consume())
    rows = empty_db.read("MATCH (p:Probe {id: $id}) RETURN p.amount AS amount", {"id": "probe-1"})
    assert rows == [{"amount": 6.3e9}]


def test_browser_is_served_on_localhost():
    url = f"http://127.0.0.1:{LocalServer().status().http_port}/browser/"
    with urllib.request.urlopen(url, timeout=10) as response:
        page = response.read().decode()
    assert response.status == 200
    assert "<title>Neo4j Browser</title>" in page


def test_cli_status_reports_the_running_server():
    result = CliRunner().invoke(cli, ["server", "status"])
    assert result.exit_code == 0, result.output
    assert "running:  yes" in result.output
    assert "version:  5.26." in result.output


def test_password_file_is_readable_by_its_owner_only():
    path = paths.password_file()
    if os.environ.get("NEO4J_PASSWORD") and not path.exists():
        pytest.fail("NEO4J_PASSWORD is set, so no password file was generated; unset it to run this test")
    mode = stat.S_IMODE(path.stat().st_mode)
    assert mode == 0o600


def test_an_unreachable_server_gives_one_clear_sentence():
    with pytest.raises(ConnectionFailed) as caught:
        connect(Settings(uri="bolt://127.0.0.1:1", username="neo4j", password="whatever-123"))
    message = str(caught.value)
    assert message.startswith("Cannot reach Neo4j at bolt://127.0.0.1:1")
    assert "circular server start" in message


def test_a_uri_that_is_not_neo4j_is_named():
    with pytest.raises(ConnectionFailed, match=r"NEO4J_URI='http://127.0.0.1:7474' is not a Neo4j address"):
        connect(Settings(uri="http://127.0.0.1:7474", username="neo4j", password="whatever-123"))


def test_a_wrong_password_is_named(settings):
    wrong = Settings(uri=settings.uri, username=settings.username, password="not-the-password")
    with pytest.raises(ConnectionFailed, match="refused user 'neo4j'"):
        connect(wrong)


@pytest.fixture(scope="module")
def second_server(tmp_path_factory, neo4j_for_tests):
    """A second local server on free ports, sharing the assembled jars, that this module may stop."""
    home = tmp_path_factory.mktemp("second-neo4j")
    borrow_jars(neo4j_for_tests.server.lib, home / "lib")
    bolt, http = free_ports(2)
    env = {**os.environ, "CIRCULAR_SERVER_HOME": str(home),
           "CIRCULAR_BOLT_PORT": str(bolt), "CIRCULAR_HTTP_PORT": str(http)}
    env.pop("NEO4J_PASSWORD", None)
    server = LocalServer(env)
    yield server
    server.stop()


def test_status_tells_the_truth_before_and_after_stop(second_server, neo4j_for_tests):
    before = second_server.status()
    assert not before.running and before.pid is None

    started = second_server.start()
    assert not started.already_running
    running = second_server.status()
    assert running.running and running.version.startswith("5.26.")
    assert (running.bolt_port, running.http_port) == (second_server.bolt_port, second_server.http_port)
    assert running.bolt_port != neo4j_for_tests.server.bolt_port  # two servers side by side
    assert second_server.start().already_running  # a second start does nothing
    conf = (second_server.home / "conf" / "neo4j.conf").read_text()
    assert f"server.bolt.listen_address=127.0.0.1:{running.bolt_port}" in conf  # loopback only
    assert f"server.http.listen_address=127.0.0.1:{running.http_port}" in conf
    assert "address=0.0.0.0" not in conf  # (the LOAD CSV blocklist names 0.0.0.0/0 to block every address)

    assert second_server.stop() is True
    after = second_server.status()
    assert not after.running and after.pid is None
    assert subprocess.run(["ps", "-p", str(running.pid)], capture_output=True).returncode != 0, \
        "the Java process is still there after stop"
    assert second_server.stop() is False


def _server_without(tmp_path, **env) -> LocalServer:
    home = tmp_path / "neo4j-home"
    bolt, http = free_ports(2)
    return LocalServer({**os.environ, "CIRCULAR_SERVER_HOME": str(home), "CIRCULAR_BOLT_PORT": str(bolt),
                        "CIRCULAR_HTTP_PORT": str(http), **env})


def test_missing_java_is_named_with_the_docker_way(tmp_path):
    server = _server_without(tmp_path, JAVA_HOME=str(tmp_path / "no-java"))
    with pytest.raises(ServerError, match="Java 17 or 21 is needed .* install it .*docker compose -f docker/compose.yaml"):
        server.start()


def test_a_java_neo4j_does_not_run_on_is_named(tmp_path):
    """A Java 11 installation, as `java -version` reports it."""
    java_home = tmp_path / "jdk-11"
    (java_home / "bin").mkdir(parents=True)
    (java_home / "bin" / "java").write_text('#!/bin/sh\necho \'openjdk version "11.0.22" 2024-01-16\' >&2\n')
    (java_home / "bin" / "java").chmod(0o755)
    with pytest.raises(ServerError, match=r"runs on Java 17 or 21, but .* is Java 11: install Java 17"):
        _server_without(tmp_path, JAVA_HOME=str(java_home)).start()


def test_missing_maven_is_named_with_the_docker_way(tmp_path):
    java_dir = Path(subprocess.run(["bash", "-c", "dirname $(readlink -f $(command -v java))"],
                                   capture_output=True, text=True).stdout.strip())
    with pytest.raises(ServerError, match="Maven is needed .* install it .*docker compose"):
        _server_without(tmp_path, PATH=str(java_dir)).start()


def test_browser_is_offered_the_ports_the_server_listens_on(neo4j_for_tests):
    server = neo4j_for_tests.server
    with urllib.request.urlopen(f"http://127.0.0.1:{server.http_port}/", timeout=10) as response:
        discovery = json.load(response)
    assert discovery["bolt_direct"] == f"bolt://127.0.0.1:{server.bolt_port}"
    assert discovery["bolt_routing"] == f"neo4j://127.0.0.1:{server.bolt_port}"
    assert discovery["transaction"].startswith(f"http://127.0.0.1:{server.http_port}/")


def test_the_tests_have_a_server_of_their_own(connection, neo4j_for_tests):
    [row] = connection.read("SHOW SETTINGS YIELD name, value WHERE name = 'server.directories.data' RETURN value")
    data = Path(row["value"]).resolve()
    assert data.is_relative_to(neo4j_for_tests.server.home.resolve())
    assert not data.is_relative_to((ROOT / "server" / "var").resolve())


def test_a_killed_test_run_leaves_nothing_for_long(tmp_path):
    """The home of a run whose process is gone is removed by the next run; live runs' homes stay."""
    ended = subprocess.Popen(["true"])
    ended.wait()
    stale, live, foreign = (tmp_path / f"{HOME_PREFIX}{name}" for name in ("stale", "live", "foreign"))
    for home, owner in ((stale, ended.pid), (live, os.getpid()), (foreign, None)):
        (home / "data").mkdir(parents=True)
        if owner is not None:
            (home / OWNER_FILE).write_text(str(owner))
    assert remove_stale_homes(tmp_path) == [stale]
    assert not stale.exists() and live.exists() and foreign.exists()


def test_free_ports_are_distinct_and_free():
    ports = free_ports(2)
    assert len(set(ports)) == 2
    for port in ports:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", port))  # raises if something holds it
