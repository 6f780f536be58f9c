"""A real Neo4j Community server without Docker: assembled from Maven Central, run from server/var/.

Neo4j's own launcher (`org.neo4j.server.startup.Neo4jCommand`, what `bin/neo4j` runs) starts and
stops the server, so the JVM flags, pid file and shutdown are exactly those of a packaged Neo4j.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Callable, Mapping

from server import browser_jar, paths

Progress = Callable[[str], None]

SUPPORTED_JAVA = (17, 21)
ADMIN_MAIN = "org.neo4j.server.startup.Neo4jAdminCommand"  # what bin/neo4j-admin runs
DOCKER_HINT = "or run Neo4j with Docker instead: docker compose -f docker/compose.yaml up -d"


class ServerError(Exception):
    """The local server cannot be assembled, started or stopped; the message says what to do."""


@dataclass(frozen=True)
class Status:
    running: bool
    pid: int | None
    version: str | None
    bolt_port: int
    http_port: int
    home: Path

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/browser/"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"


@dataclass(frozen=True)
class Started:
    status: Status
    already_running: bool
    assembled: bool
    seconds: float


def pinned_version() -> str:
    match = re.search(r"<neo4j.version>([^<]+)</neo4j.version>", paths.POM.read_text())
    assert match, f"{paths.POM} lost its <neo4j.version> property"
    return match.group(1)


class LocalServer:
    def __init__(self, env: Mapping[str, str] | None = None, settings: Mapping[str, str] | None = None):
        """`settings`: Neo4j settings that replace the configuration's own (a test's server)."""
        self.env = dict(os.environ if env is None else env)
        self.settings = dict(settings or {})
        self.home = paths.home(self.env)
        self.bolt_port = paths.bolt_port(self.env)
        self.http_port = paths.http_port(self.env)
        self.version = pinned_version()

    # -- layout -------------------------------------------------------------------------------
    @property
    def lib(self) -> Path:
        return self.home / "lib"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "neo4j.log"

    def is_assembled(self) -> bool:
        return (self.lib / f"neo4j-{self.version}.jar").is_file() and any(self.lib.glob("neo4j-browser-*.jar"))

    # -- commands -----------------------------------------------------------------------------
    def status(self) -> Status:
        pid = self._live_pid()
        ports = self._configured_ports()
        return Status(
            running=pid is not None, pid=pid,
            version=self._answering_version(ports[1]) if pid else None,
            bolt_port=ports[0], http_port=ports[1], home=self.home,
        )

    def start(self, progress: Progress = lambda _: None, timeout: float = 180.0) -> Started:
        began = time.monotonic()
        if self._live_pid() is not None:
            return Started(self.status(), already_running=True, assembled=False, seconds=0.0)
        self._forget_dead_server()
        java = self._java()
        assembled = False
        if not self.is_assembled():
            self.assemble(progress)
            assembled = True
        for port in (self.bolt_port, self.http_port):
            _require_free_port(port)
        self._keep_private()
        self._install_browser_extras()
        self._write_config()
        if not (self.home / "data" / "dbms").exists():
            self._set_initial_password(java)
        progress(f"Starting Neo4j {self.version} on 127.0.0.1 (Bolt {self.bolt_port}, HTTP {self.http_port})…")
        self._launcher(java, "start")
        self._wait_until_ready(timeout)
        return Started(self.status(), already_running=False, assembled=assembled,
                       seconds=time.monotonic() - began)

    def stop(self, timeout: float = 120.0) -> bool:
        """Stop the server and wait for its JVM to exit; False when it was not running."""
        pid = self._live_pid()
        if pid is None:
            return False
        self._launcher(self._java(), "stop")
        deadline = time.monotonic() + timeout
        while _alive(pid):
            if time.monotonic() > deadline:
                raise ServerError(f"Neo4j (pid {pid}) did not stop within {timeout:.0f}s; see {self.log_file}.")
            time.sleep(0.2)
        return True

    def assemble(self, progress: Progress = lambda _: None) -> None:
        """Fetch Neo4j and Neo4j Browser from Maven Central into var/lib (about 140 MB, once)."""
        mvn = shutil.which("mvn", path=self.env.get("PATH"))
        if mvn is None:
            raise ServerError(
                "Maven is needed to assemble the local Neo4j the first time: install it "
                f"(Debian/Ubuntu: apt-get install maven; macOS: brew install maven), {DOCKER_HINT}."
            )
        progress(f"Assembling Neo4j {self.version} with Neo4j Browser from Maven Central into {self.lib} "
                 "(first start only)…")
        for stale in (self.lib, self.home / "browser-original"):  # jars of another version must not linger
            shutil.rmtree(stale, ignore_errors=True)
        command = [mvn, "-B", "-f", str(paths.POM), "package", f"-Dlib.dir={self.lib}"]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   env=self._java_env())
        downloaded, tail = 0, []
        assert process.stdout is not None
        for line in process.stdout:
            tail = (tail + [line.rstrip()])[-30:]
            if line.startswith("Downloaded from"):
                downloaded += 1
                if downloaded % 25 == 0:
                    progress(f"  {downloaded} artifacts downloaded…")
        if process.wait() != 0 or not self.is_assembled():
            raise ServerError("Maven could not assemble Neo4j; its last lines were:\n" + "\n".join(tail))
        size = sum(f.stat().st_size for f in self.lib.glob("*.jar")) / 1e6
        progress(f"Assembled {len(list(self.lib.glob('*.jar')))} jars ({size:.0f} MB).")

    # -- helpers ------------------------------------------------------------------------------
    def _java(self) -> str:
        java_home = self.env.get("JAVA_HOME")
        java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java", path=self.env.get("PATH"))
        if not java or not Path(java).exists():
            raise ServerError(
                "Java 17 or 21 is needed to run the local Neo4j: install it "
                f"(Debian/Ubuntu: apt-get install openjdk-17-jre-headless; macOS: brew install openjdk@17), {DOCKER_HINT}."
            )
        output = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
        match = re.search(r'version "(\d+)', output)
        major = int(match.group(1)) if match else 0
        if major not in SUPPORTED_JAVA:
            raise ServerError(
                f"Neo4j {self.version} runs on Java 17 or 21, but {java} is Java {major or 'of unknown version'}: "
                f"install Java 17 and set JAVA_HOME to it, {DOCKER_HINT}."
            )
        return java

    def _java_env(self) -> dict[str, str]:
        env = dict(self.env)
        env.update(NEO4J_HOME=str(self.home), NEO4J_CONF=str(self.home / "conf"))
        env.pop("NEO4J_PASSWORD", None)  # the server never needs it in its environment
        return env

    def admin(self, *args: str, env: Mapping[str, str] | None = None,
              meanwhile: Callable[[], None] = lambda: None) -> str:
        """Run neo4j-admin with these arguments through Neo4j's own launcher, as `bin/neo4j-admin` would,
        and return what it printed; `env`: further variables, such as its HEAP_SIZE. `meanwhile` runs
        while neo4j-admin works; if it raises, neo4j-admin and the JVM it started are ended at once.
        ServerError with its output when neo4j-admin fails."""
        command = [self._java(), "-cp", str(self.lib / "*"), f"-Dbasedir={self.home}", ADMIN_MAIN, *args]
        with tempfile.TemporaryFile("w+") as output:  # a pipe would fill up and block it while `meanwhile` runs
            process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, text=True,
                                       env={**self._java_env(), **(env or {})}, cwd=self.home, umask=0o077,
                                       start_new_session=True)  # its own process group, launcher and child JVM
            try:
                meanwhile()
                code = process.wait()
            except BaseException:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                raise
            output.seek(0)
            printed = output.read()
        if code != 0:
            raise ServerError(f"Neo4j's launcher failed ({args[0]}):\n{printed.strip()}")
        return printed

    def _launcher(self, java: str, *args: str, main: str = "org.neo4j.server.startup.Neo4jCommand",
                  secret: str | None = None) -> str:
        # umask 077: the database, logs and auth.ini Neo4j creates are the owner's alone
        result = subprocess.run(
            [java, "-cp", str(self.lib / "*"), f"-Dbasedir={self.home}", main, *args],
            capture_output=True, text=True, env=self._java_env(), cwd=self.home, umask=0o077,
        )
        if result.returncode != 0:
            output = (result.stdout + result.stderr).strip()
            if secret:
                output = output.replace(secret, "********")  # never show the password
            raise ServerError(f"Neo4j's launcher failed ({args[0]}):\n{output}")
        return result.stdout

    def _set_initial_password(self, java: str) -> None:
        """Give neo4j-admin the password in an argument file (its `@file`), readable by the owner
        only and removed at once: on the command line, any user could read it with `ps`."""
        password = self.env.get("NEO4J_PASSWORD") or paths.read_local_password(self.env) \
            or paths.create_local_password(self.env)
        if len(password) < 8:
            raise ServerError("NEO4J_PASSWORD must have at least 8 characters for a new Neo4j server.")
        arguments = self.home / "run" / "initial-password.args"
        arguments.parent.mkdir(parents=True, exist_ok=True)
        arguments.unlink(missing_ok=True)
        fd = os.open(arguments, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(_argument_file_word(password) + "\n")
            self._launcher(java, "dbms", "set-initial-password", f"@{arguments}", main=ADMIN_MAIN, secret=password)
        finally:
            arguments.unlink(missing_ok=True)

    def _keep_private(self) -> None:
        """The server's folder is the owner's alone: data, logs, auth.ini and password included,
        also for a server made before this rule."""
        self.home.mkdir(parents=True, exist_ok=True)
        self.home.chmod(0o700)
        for folder in ("data", "logs", "conf", "run"):
            for path in [self.home / folder, *(self.home / folder).rglob("*")]:
                if path.exists() and not path.is_symlink():
                    path.chmod(path.stat().st_mode & 0o700)

    def _install_browser_extras(self) -> None:
        """Make circular's changes to a copy of the Browser's jar (see server/browser_jar.py): its guide
        and style served at /browser/circular/, same origin, nothing fetched from elsewhere. The
        original jar is kept aside and the copy is remade only when those changes change."""
        jar = next(self.lib.glob("neo4j-browser-*.jar"))
        original = self.home / "browser-original" / jar.name
        extras = browser_jar.extra_files()
        digest = hashlib.sha256(b"".join(name.encode() + data for name, data in sorted(extras.items()))
                                + Path(browser_jar.__file__).read_bytes()).hexdigest()
        stamp = original.with_suffix(".extras")
        if original.exists() and stamp.exists() and stamp.read_text() == digest:
            return
        if not original.exists():
            original.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(jar, original)
        partial = jar.with_suffix(".partial")
        with zipfile.ZipFile(original) as source, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                if not item.filename.startswith(browser_jar.PREFIX):  # a jar patched before keeps no old copy
                    target.writestr(item, browser_jar.patch(item.filename, source.read(item.filename)))
            for name, data in extras.items():
                target.writestr(name, data)
        os.replace(partial, jar)
        stamp.write_text(digest)

    def _write_config(self) -> None:
        conf = self.home / "conf"
        conf.mkdir(parents=True, exist_ok=True)
        text = Template(paths.CONF_TEMPLATE.read_text()).substitute(
            bolt_port=self.bolt_port, http_port=self.http_port)
        lines = [line for line in text.splitlines() if line.split("=", 1)[0].strip() not in self.settings]
        lines += [f"{name}={value}" for name, value in self.settings.items()]
        (conf / "neo4j.conf").write_text("\n".join(lines) + "\n")

    def _configured_ports(self) -> tuple[int, int]:
        """The ports in the configuration the server was started with, else the ones it would get."""
        conf = self.home / "conf" / "neo4j.conf"
        if conf.is_file():
            text = conf.read_text()
            bolt = re.search(r"^server\.bolt\.listen_address=.*:(\d+)$", text, re.M)
            http = re.search(r"^server\.http\.listen_address=.*:(\d+)$", text, re.M)
            if bolt and http:
                return int(bolt.group(1)), int(http.group(1))
        return self.bolt_port, self.http_port

    def _forget_dead_server(self, timeout: float = 30.0) -> None:
        """After a crash the pid file names a dead server, maybe a zombie not reaped yet, which Neo4j's
        launcher would take for a live one: wait for it to go, then remove the pid file."""
        pid = _pid_in(self.pid_file)
        if pid is None:
            return
        deadline = time.monotonic() + timeout
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        self.pid_file.unlink(missing_ok=True)

    def _live_pid(self) -> int | None:
        """The server's process id, if the pid file names a live Neo4j (not a recycled pid)."""
        pid = _pid_in(self.pid_file)
        if pid is None or not _alive(pid):
            return None
        command = Path(f"/proc/{pid}/cmdline")
        if command.exists() and b"neo4j" not in command.read_bytes().lower():
            return None  # the machine restarted and another program got that pid
        return pid

    def _wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._live_pid() is None:
                raise ServerError(f"Neo4j stopped while starting; the end of {self.log_file}:\n{self._log_tail()}")
            if _port_answers(self.bolt_port) and self._answering_version(self.http_port):
                return
            time.sleep(0.5)
        raise ServerError(f"Neo4j did not answer on Bolt port {self.bolt_port} within {timeout:.0f}s; "
                          f"see {self.log_file}, or run `circular server stop` and try again.")

    def _log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log written)"

    @staticmethod
    def _answering_version(http_port: int) -> str | None:
        try:
            import urllib.request  # here: with its ssl and email modules, it would slow every command's start

            with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/", timeout=2) as response:
                return json.load(response).get("neo4j_version")
        except (OSError, ValueError):
            return None


def _argument_file_word(text: str) -> str:
    """`text` as one quoted word of a picocli argument file, whatever spaces, quotes or '#' it holds."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _pid_in(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie still answers kill(0); it is gone for our purposes
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return True


def _port_answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _require_free_port(port: int) -> None:
    if _port_answers(port):
        raise ServerError(
            f"Port {port} on 127.0.0.1 is already in use by another program: stop it, or choose other "
            "ports with CIRCULAR_BOLT_PORT / CIRCULAR_HTTP_PORT."
        )
