"""The local server and `circular cypher` give nothing away: no file, no URL, no other user's work,
no password on a command line or in a world-readable file, no lockout a stranger can keep up."""
from __future__ import annotations

import os
import secrets
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner

from cli.main import cli
from cypher import QueryError, run_read_only
from server import LocalServer, Settings, connect, paths

CIRCULAR = Path(sys.executable).parent / "circular"
LONG_QUERY = "UNWIND range(1, 100000000000) AS x RETURN count(x) AS n"


def _running(connection, tag: str) -> list[str]:
    rows = connection.read("SHOW TRANSACTIONS YIELD transactionId AS id, metaData "
                           "WHERE metaData.test_tag = $tag RETURN id", {"tag": tag})
    return [row["id"] for row in rows]


def _wait_for(condition, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def victim(connection):
    """Someone else's long read, running on the server while a test tries to stop it."""
    tag = secrets.token_hex(8)
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            with connection.session() as session:
                with session.begin_transaction(metadata={"test_tag": tag}, timeout=120) as tx:
                    outcome["rows"] = tx.run(LONG_QUERY).data()
        except neo4j.exceptions.Neo4jError as error:
            outcome["error"] = error

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    assert _wait_for(lambda: _running(connection, tag)), "the long query never started"
    yield tag
    ids = _running(connection, tag)
    if ids:
        with connection.session() as session:
            session.run("TERMINATE TRANSACTIONS $ids", ids=ids).consume()
    thread.join(30)


def test_terminate_and_kill_never_reach_another_users_query(base, victim):
    [victim_id] = _running(base, victim)
    attempts = [
        ("TERMINATE TRANSACTIONS $id", {"id": victim_id}),
        (f"TERMINATE TRANSACTION '{victim_id}'", {}),
        ("SHOW TRANSACTIONS YIELD transactionId AS t TERMINATE TRANSACTIONS t YIELD message RETURN message", {}),
        ("SHOW TRANSACTIONS", {}),
        ("CALL dbms.listConnections() YIELD connectionId RETURN connectionId", {}),
        ("CALL dbms.killConnections(['bolt-1', 'bolt-2', 'bolt-3'])", {}),
    ]
    for statement, params in attempts:
        with pytest.raises(QueryError, match="only reads the graph"):
            run_read_only(base, statement, params)
    time.sleep(0.5)
    assert _running(base, victim) == [victim_id], "the other query was stopped"


def test_a_query_that_runs_too_long_is_stopped_by_neo4j(base):
    began = time.monotonic()
    result = CliRunner().invoke(cli, ["cypher", "--timeout", "1", LONG_QUERY])
    assert result.exit_code == 1
    assert "ran longer than 1 s and Neo4j stopped it" in result.output
    assert time.monotonic() - began < 15
    assert not base.read("SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery STARTS WITH 'UNWIND range' "
                         "RETURN currentQuery")


def test_ctrl_c_stops_the_query_on_the_server_too(base):
    process = subprocess.Popen([str(CIRCULAR), "cypher", LONG_QUERY], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))

    def running() -> list[dict]:
        return base.read("SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery = $q RETURN currentQuery",
                         {"q": LONG_QUERY})

    assert _wait_for(lambda: bool(running())), "the query never started"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert process.returncode != 0
    assert "Traceback" not in err
    assert _wait_for(lambda: not running(), 10), "Ctrl-C left the query running on the server"


def test_the_server_itself_refuses_load_csv_of_files_and_urls(base):
    """Even a read transaction that does not go through circular's guard reads no file and no URL."""
    for url in ("file:///etc/passwd", f"file://{paths.password_file()}",
                f"http://127.0.0.1:{LocalServer().status().http_port}/", "https://neo4j.com/"):
        with pytest.raises(neo4j.exceptions.Neo4jError) as refused:
            base.read("LOAD CSV FROM $url AS line RETURN line LIMIT 1", {"url": url})
        assert "root:" not in refused.value.message


def test_cors_answers_the_local_browser_only():
    http_port = LocalServer().status().http_port
    request = urllib.request.Request(f"http://127.0.0.1:{http_port}/db/neo4j/tx/commit", method="POST",
                                     data=b'{"statements":[]}',
                                     headers={"Origin": "http://evil.example", "Content-Type": "application/json"})
    try:
        urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        allowed = error.headers.get("Access-Control-Allow-Origin")
    else:
        pytest.fail("the HTTP API answered without a password")
    assert allowed == f"http://127.0.0.1:{http_port}"


def test_wrong_passwords_neither_lock_the_owner_out_nor_go_unrecorded(settings):
    log = paths.home() / "logs" / "neo4j.log"
    before = log.read_text(errors="replace").count("Failed authentication attempt")
    http_port = LocalServer().status().http_port
    for attempt in range(6):
        stranger = neo4j.GraphDatabase.driver(settings.uri, auth=(settings.username, f"guess-{attempt}"))
        with pytest.raises(neo4j.exceptions.AuthError):
            stranger.verify_connectivity()
        stranger.close()
        request = urllib.request.Request(f"http://127.0.0.1:{http_port}/db/neo4j/tx/commit", method="POST",
                                         data=b'{"statements":[]}', headers={
                                             "Content-Type": "application/json",
                                             "Authorization": "Basic bmVvNGo6Z3Vlc3M="})  # neo4j:guess
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=10)
    with connect(settings) as owner:  # at once, not after a lock expires
        assert owner.read("RETURN 1 AS one") == [{"one": 1}]
    assert _wait_for(lambda: log.read_text(errors="replace").count("Failed authentication attempt") >= before + 6, 5)


def test_the_servers_files_are_the_owners_alone():
    home = paths.home()
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    auth = home / "data" / "dbms" / "auth.ini"
    assert auth.is_file()
    for folder in ("data", "logs", "conf", "run"):
        for path in [home / folder, *(home / folder).rglob("*")]:
            mode = stat.S_IMODE(path.lstat().st_mode)
            assert mode & 0o077 == 0, f"{path} is readable by others ({oct(mode)})"


def test_the_local_password_goes_to_the_local_server_only(monkeypatch):
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    elsewhere = Settings.from_env({**env, "NEO4J_URI": "bolt://127.0.0.1:1"})
    assert elsewhere.password is None
    without_port = Settings.from_env({k: v for k, v in env.items() if k not in ("CIRCULAR_BOLT_PORT", "NEO4J_URI")})
    assert without_port.uri == f"bolt://127.0.0.1:{LocalServer().status().bolt_port}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_new_servers_password_never_appears_on_a_command_line(tmp_path):
    """A password with spaces, quotes, '#' and '$' is set through neo4j-admin's argument file; no
    process's command line holds it at any moment of the first start, and it opens the server."""
    password = "pa ss \"word\" #1 $x 'y' \\z"
    home = tmp_path / "neo4j-home"
    home.mkdir()
    (home / "lib").symlink_to(paths.home() / "lib")
    env = {**os.environ, "CIRCULAR_SERVER_HOME": str(home), "NEO4J_PASSWORD": password,
           "CIRCULAR_BOLT_PORT": str(_free_port()), "CIRCULAR_HTTP_PORT": str(_free_port())}
    server = LocalServer(env)
    seen: list[str] = []
    watching = threading.Event()
    watching.set()

    def watch() -> None:
        while watching.is_set():
            for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
                try:
                    if password.encode() in cmdline.read_bytes().replace(b"\0", b" "):
                        seen.append(cmdline.parent.name)
                except OSError:
                    pass
            time.sleep(0.01)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        server.start()
        watching.clear()
        watcher.join()
        assert seen == [], "the password was on a command line"
        assert not list((home / "run").glob("*.args")), "the argument file outlived the start"
        with connect(Settings(uri=f"bolt://127.0.0.1:{env['CIRCULAR_BOLT_PORT']}", username="neo4j",
                              password=password)) as owner:
            assert owner.read("RETURN 1 AS one") == [{"one": 1}]
        for path in [home / "data", *(home / "data").rglob("*")]:
            assert stat.S_IMODE(path.lstat().st_mode) & 0o077 == 0, f"{path} is readable by others"
    finally:
        watching.clear()
        server.stop()


def test_a_load_whose_reader_leaves_still_loads_everything(empty_db, tmp_path):
    """`circular load | head -1`: the pipe closes after one line, and the load goes on to the end."""
    from benchmarks.load import synthetic_base

    synthetic_base(tmp_path, 300)
    result = subprocess.run(["bash", "-c", f"set -o pipefail; '{CIRCULAR}' load '{tmp_path}' | head -1"],
                            capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr
    assert empty_db.read("MATCH (d:Deal) RETURN count(d) AS n") == [{"n": 300}]
