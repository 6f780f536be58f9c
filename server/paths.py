"""Where the local Neo4j lives, which ports it uses, and its generated password."""
from __future__ import annotations

import os
import re
import secrets
import string
from pathlib import Path
from typing import Mapping

PACKAGE_DIR = Path(__file__).resolve().parent
POM = PACKAGE_DIR / "pom.xml"
CONF_TEMPLATE = PACKAGE_DIR / "neo4j.conf"
BROWSER_FILES = PACKAGE_DIR / "browser"  # circular's guide and style for Neo4j Browser

DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474


class SettingError(ValueError):
    """An environment variable holds a value circular cannot use; the message says which and why."""


def home(env: Mapping[str, str] | None = None) -> Path:
    """The git-ignored folder holding the server's jars, configuration, data, logs and password."""
    env = os.environ if env is None else env
    return Path(env.get("CIRCULAR_SERVER_HOME") or PACKAGE_DIR / "var")


def password_file(env: Mapping[str, str] | None = None) -> Path:
    return home(env) / "password"


def _port(env: Mapping[str, str] | None, name: str, default: int) -> int:
    env = os.environ if env is None else env
    value = env.get(name)
    if not value:
        return default
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise SettingError(f"{name}={value!r} is not a port number: use a number from 1 to 65535.")
    return int(value)


def bolt_port(env: Mapping[str, str] | None = None) -> int:
    return _port(env, "CIRCULAR_BOLT_PORT", DEFAULT_BOLT_PORT)


def http_port(env: Mapping[str, str] | None = None) -> int:
    return _port(env, "CIRCULAR_HTTP_PORT", DEFAULT_HTTP_PORT)


def local_bolt_port(env: Mapping[str, str] | None = None) -> int:
    """The port the local server listens on: CIRCULAR_BOLT_PORT, else the one in the configuration
    it was last started with (so a password never goes to the default port when the server is elsewhere)."""
    env = os.environ if env is None else env
    if env.get("CIRCULAR_BOLT_PORT"):
        return bolt_port(env)
    try:
        conf = (home(env) / "conf" / "neo4j.conf").read_text()
    except OSError:
        return DEFAULT_BOLT_PORT
    match = re.search(r"^server\.bolt\.listen_address=.*:(\d+)$", conf, re.M)
    return int(match.group(1)) if match else DEFAULT_BOLT_PORT


def local_server_running(env: Mapping[str, str] | None = None) -> bool:
    """Whether the pid file names a live process: the local password goes to no other listener."""
    try:
        pid = int((home(env) / "run" / "neo4j.pid").read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    return True


def read_local_password(env: Mapping[str, str] | None = None) -> str | None:
    path = password_file(env)
    return path.read_text().strip() if path.is_file() else None


def create_local_password(env: Mapping[str, str] | None = None) -> str:
    """Generate a strong password, readable by this user only."""
    path = password_file(env)
    path.parent.mkdir(parents=True, exist_ok=True)
    # letters and digits only: a password starting with "-" would read as an option to neo4j-admin
    password = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(password + "\n")
    return password
