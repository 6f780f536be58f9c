"""kill -9 at any moment leaves the old state or the new one, never a mix, in the files and in Neo4j.

Three kinds of crash: the `circular` process killed at random moments of a load; the process of an
addition killed at each instant that matters (each file write, the decision, each file moved into
place, just before and just after Neo4j's commit); and the Neo4j server itself killed during a load
and during an addition, then started again. Every new fact comes from made-up fixture sources.
"""
from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import loader
from benchmarks.load import synthetic_base
from server import LocalServer
from server.local import _alive
from tests import csvedit

CIRCULAR = Path(sys.executable).parent / "circular"
RANDOM = random.Random(14)
LOAD_TRIALS = 3
ADD_ARGS = ["add", "deal", "--type", "investment", "--status", "announced", "--funder", "nvidia",
            "--recipient", "openai", "--amount", "7bn", "--currency", "USD", "--qualifier", "about",
            "--date", "2025-12", "--summary", "Nvidia invests about $7bn in OpenAI (crash-test fixture).",
            "--source-publisher", "Fixture Wire (test fixture)", "--source-date", "2025-12-01",
            "--source-title", "A report invented for circular's crash tests",
            "--excerpt", "Nvidia would invest about $7bn", "--on-duplicate", "keep", "--no-interactive"]

# (what to kill at, which call): every instant of an addition at which the files or Neo4j change — four
# files and the journal's folder synced, the decision synced and renamed, four files moved into place and
# the folder synced, then the record of the folder as checked (loader/checked.py) renamed into place.
ADD_INSTANTS = [("fsync", n) for n in range(1, 9)] + [("replace", n) for n in range(1, 7)] + \
               [("before-commit", 1), ("after-commit", 1)]
NEXT_ADD_ARGS = [*ADD_ARGS[:ADD_ARGS.index("--summary")], "--summary", "The next addition (crash-test fixture).",
                 "--source-publisher", "Fixture Wire (test fixture)", "--source-date", "2025-12-02",
                 "--source-title", "A second report invented for circular's crash tests",
                 "--excerpt", "the next addition's words", "--on-duplicate", "keep", "--no-interactive"]

KILLER = textwrap.dedent("""
    import os, signal, sys
    import neo4j
    where, nth = sys.argv[1], int(sys.argv[2])
    calls = {"n": 0}

    def counting(real, before=True):
        def wrapper(*args, **kwargs):
            calls["n"] += 1
            if before and calls["n"] == nth:
                os.kill(os.getpid(), signal.SIGKILL)
            result = real(*args, **kwargs)
            if not before and calls["n"] == nth:
                os.kill(os.getpid(), signal.SIGKILL)
            return result
        return wrapper

    if where == "fsync":
        os.fsync = counting(os.fsync, before=False)
    elif where == "replace":
        os.replace = counting(os.replace, before=False)
    elif where == "before-commit":
        neo4j.Transaction.commit = counting(neo4j.Transaction.commit)
    elif where == "after-commit":
        neo4j.Transaction.commit = counting(neo4j.Transaction.commit, before=False)
    from cli.main import cli
    cli(sys.argv[3:])
""")


def csv_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def exported(connection, folder: Path) -> dict[str, bytes]:
    loader.export(connection, folder)
    return csv_files(folder)


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".circular-journal") or p.suffix == ".tmp"]


@pytest.fixture(scope="module")
def bases(tmp_path_factory):
    """Two synthetic bases (a made-up benchmark source): the old one, and the new one a load writes."""
    old, new = tmp_path_factory.mktemp("old-base"), tmp_path_factory.mktemp("new-base")
    synthetic_base(old, 600)
    synthetic_base(new, 800)
    return old, new


def _restart_server() -> None:
    LocalServer().start(timeout=240)


def _kill_server_while_writing(connection, process: subprocess.Popen) -> None:
    """kill -9 Neo4j once the command's transaction is writing, at a random moment of it."""
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        writing = connection.read("SHOW TRANSACTIONS YIELD currentQuery, database "
                                  "WHERE currentQuery CONTAINS 'UNWIND' AND NOT currentQuery STARTS WITH 'SHOW' "
                                  "RETURN count(*) AS n")[0]["n"]
        if writing:
            break
        time.sleep(0.05)
    time.sleep(RANDOM.uniform(0.0, 0.6))
    pid = LocalServer().status().pid
    subprocess.run(["kill", "-9", str(pid)], check=True)
    deadline = time.monotonic() + 60
    while _alive(pid) and time.monotonic() < deadline:  # a JVM takes a moment to die; its launcher checks
        time.sleep(0.1)


def _no_false_claim(process: subprocess.Popen) -> tuple[str, str]:
    out, err = process.communicate(timeout=120)
    assert "Traceback" not in err
    if process.returncode != 0:
        assert err.startswith("Error: ") and "Written to" not in out and "Money flows" not in out, (out, err)
    return out, err


@pytest.mark.parametrize("trial", range(LOAD_TRIALS))
def test_a_load_killed_at_a_random_moment_leaves_old_or_new(empty_db, bases, tmp_path, trial):
    old, new = bases
    loader.load(empty_db, old, replace=True)
    expected_old, expected_new = exported(empty_db, tmp_path / "old"), csv_files(new)
    process = subprocess.Popen([str(CIRCULAR), "load", str(new), "--replace"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    time.sleep(RANDOM.uniform(0.5, 3.5))
    process.send_signal(signal.SIGKILL)
    process.wait()
    after = exported(empty_db, tmp_path / "after")
    assert after in (expected_old, expected_new), "a killed load left a mix of old and new"


def _run_killed(folder: Path, where: str, nth: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", KILLER, where, str(nth), *ADD_ARGS, "--data-dir", str(folder)],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def added_files(tmp_path_factory, connection):
    """The files an uninterrupted addition writes, to compare killed ones with."""
    folder = csvedit.copy_data(tmp_path_factory.mktemp("added"))
    result = subprocess.run([str(CIRCULAR), *ADD_ARGS, "--data-dir", str(folder)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return csv_files(folder)


@pytest.mark.parametrize("where, nth", ADD_INSTANTS)
def test_an_addition_killed_at_each_instant_leaves_old_or_new(empty_db, added_files, tmp_path, where, nth):
    folder = csvedit.copy_data(tmp_path / "data")
    loader.load(empty_db, folder)
    before_files, before_db = csv_files(folder), exported(empty_db, tmp_path / "before")
    killed = _run_killed(folder, where, nth)
    assert killed.returncode == -signal.SIGKILL, f"the addition was not killed at {where} #{nth}: {killed.stderr}"

    database = exported(empty_db, tmp_path / "db-after-kill")
    assert database in (before_db, added_files), "the database holds a mix"
    assert loader.check(folder) == []  # the next command finishes or undoes the change
    files = csv_files(folder)
    assert files in (before_files, added_files), "the files hold a mix"
    if database == added_files:
        assert files == added_files, "Neo4j has the change and the files lost it"
    assert leftovers(folder) == [], "a temporary file outlived the recovery"
    loader.load(empty_db, folder)  # what `circular load` does next brings Neo4j in line with the files
    assert exported(empty_db, tmp_path / "db-after-load") == files
    # the next addition trusts nothing the killed one left half recorded
    following = subprocess.run([str(CIRCULAR), *NEXT_ADD_ARGS, "--data-dir", str(folder)],
                               capture_output=True, text=True)
    assert following.returncode == 0, following.stderr
    assert loader.check(folder) == []
    assert exported(empty_db, tmp_path / "db-after-next") == csv_files(folder)


@pytest.fixture
def server_restarted():
    """Neo4j running again after the test, whatever happened in it."""
    yield
    if not LocalServer().status().running:
        _restart_server()


def test_neo4j_killed_during_a_load_and_an_addition_leaves_old_or_new(empty_db, bases, tmp_path, server_restarted):
    old, new = bases
    loader.load(empty_db, old, replace=True)
    expected_old, expected_new = exported(empty_db, tmp_path / "old"), csv_files(new)
    process = subprocess.Popen([str(CIRCULAR), "load", str(new), "--replace"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    _kill_server_while_writing(empty_db, process)
    _no_false_claim(process)
    _restart_server()
    after = exported(empty_db, tmp_path / "after-load")
    assert after in (expected_old, expected_new), "a load cut by Neo4j's death left a mix"

    folder = csvedit.copy_data(tmp_path / "data")
    loader.load(empty_db, folder, replace=True)
    before_files = csv_files(folder)
    process = subprocess.Popen([str(CIRCULAR), *ADD_ARGS, "--data-dir", str(folder)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    _kill_server_while_writing(empty_db, process)
    _, err = _no_false_claim(process)
    _restart_server()
    assert loader.check(folder) == []
    files = csv_files(folder)
    if process.returncode != 0:
        assert files == before_files, f"a failed addition changed the files: {err}"
    assert leftovers(folder) == []
    loader.load(empty_db, folder)
    assert exported(empty_db, tmp_path / "after-add") == files
