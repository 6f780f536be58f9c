"""A Neo4j that belongs to one test run: its own home in a temporary folder, ports found free at
start, its own generated password, and the jars the local server already assembled.

The user's server, its base and its ports are never touched, and two clones can test at once. The
home is removed when the run ends; a run that was killed leaves a home that the next run removes.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import signal
import socket
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

from server import paths
from server.local import LocalServer, Progress, ServerError, Started, _alive

HOME_PREFIX = "circular-test-neo4j-"
OWNER_FILE = "owner.pid"  # the process that made the home; once it is gone, the home is stale
START_ATTEMPTS = 3  # a free port may be taken by another program before Neo4j binds it


@dataclass(frozen=True)
class Throwaway:
    server: LocalServer
    started: Started
    password: str

    @property
    def env(self) -> dict[str, str]:
        """The variables that point circular — library, command line, subprocesses — at this server."""
        return {
            "CIRCULAR_SERVER_HOME": str(self.server.home),
            "CIRCULAR_BOLT_PORT": str(self.server.bolt_port),
            "CIRCULAR_HTTP_PORT": str(self.server.http_port),
            "NEO4J_URI": self.started.status.bolt_uri,
            "NEO4J_USERNAME": "neo4j",
            "NEO4J_PASSWORD": self.password,
        }


def free_ports(count: int) -> list[int]:
    """Ports on 127.0.0.1 that nothing listens on now, as the system hands them out."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for each in sockets:
            each.bind(("127.0.0.1", 0))
        return [each.getsockname()[1] for each in sockets]
    finally:
        for each in sockets:
            each.close()


@contextmanager
def throwaway_server(jars_from: LocalServer, env: Mapping[str, str] | None = None,
                     progress: Progress = lambda _: None, parent: Path | None = None,
                     settings: Mapping[str, str] | None = None) -> Iterator[Throwaway]:
    """Start a Neo4j of its own; stop it and remove its home on leaving, whatever happened.

    `jars_from` is the local server whose assembled jars are borrowed (assembled first if they are
    missing, once, so that the local server uses them too); nothing else of its home is read."""
    remove_stale_homes(parent)
    _assemble_once(jars_from, progress)
    home = Path(tempfile.mkdtemp(prefix=HOME_PREFIX, dir=parent))
    try:
        (home / OWNER_FILE).write_text(str(os.getpid()))
        borrow_jars(jars_from.lib, home / "lib")
        server, started = _start(home, env, progress, settings)
        yield Throwaway(server, started, paths.read_local_password(server.env) or "")
    finally:
        _remove(home)


def _assemble_once(server: LocalServer, progress: Progress) -> None:
    """Assemble the jars if they are missing, one test run at a time (two would overwrite each other)."""
    server.home.mkdir(parents=True, exist_ok=True)
    with open(server.home / ".assembling.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not server.is_assembled():
            server.assemble(progress)


def _remove(home: Path) -> None:
    """End the server whose pid file is in `home`, then remove the folder."""
    try:
        discard(LocalServer({**os.environ, "CIRCULAR_SERVER_HOME": str(home)}))
    finally:
        shutil.rmtree(home, ignore_errors=True)


def discard(server: LocalServer, timeout: float = 60.0) -> None:
    """End the server at once: its data is about to be removed, so a clean shutdown, which takes
    a Java launcher and a checkpoint (15 s on a busy machine), would be time lost."""
    pid = server.status().pid
    if pid is None:
        return
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            raise ServerError(f"Neo4j (pid {pid}) of the tests did not end within {timeout:.0f}s.")
        time.sleep(0.1)


def _start(home: Path, env: Mapping[str, str] | None, progress: Progress,
           settings: Mapping[str, str] | None = None) -> tuple[LocalServer, Started]:
    base = {k: v for k, v in (os.environ if env is None else env).items() if not k.startswith("NEO4J_")}
    attempt = 1
    while True:
        bolt, http = free_ports(2)
        server = LocalServer({**base, "CIRCULAR_SERVER_HOME": str(home),
                              "CIRCULAR_BOLT_PORT": str(bolt), "CIRCULAR_HTTP_PORT": str(http)}, settings)
        try:
            return server, server.start(progress)
        except ServerError as error:
            discard(server)
            if "already in use" not in str(error) or attempt == START_ATTEMPTS:
                raise
            attempt += 1


def borrow_jars(assembled: Path, lib: Path) -> None:
    """Link each jar, not the folder: the Browser jar is rewritten in place with circular's guide,
    and that copy must stay in this home."""
    lib.mkdir()
    for jar in assembled.glob("*.jar"):
        (lib / jar.name).symlink_to(jar)


def remove_stale_homes(parent: Path | None = None) -> list[Path]:
    """Stop the servers of test runs that were killed, and remove their homes."""
    removed = []
    for home in Path(parent or tempfile.gettempdir()).glob(HOME_PREFIX + "*"):
        try:
            owner = int((home / OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue  # not made by throwaway_server, or still being made
        if not _alive(owner):
            _remove(home)
            removed.append(home)
    return removed
