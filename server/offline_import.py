"""Replace the local server's database by one that `neo4j-admin database import full` writes, all or nothing.

neo4j-admin writes into a folder of its own (a data directory given through --additional-config),
never into the database in use, which the server goes on serving meanwhile: a failed import leaves
it untouched. Only once the import has succeeded is the server stopped, the database's two folders
(its store and its transaction logs) moved aside and the imported ones moved in — renames within
the server's home — and the server started on them. The old folders are kept until the caller has
finished its own work on the new base, and put back, the server restarted on them, if anything fails
before. Community edition has one user database, `neo4j` (it cannot stop one database alone: the
server restarts); the system database, users and passwords stay as they are.
"""
from __future__ import annotations

import os
import re
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from server.local import LocalServer, ServerError

Progress = Callable[[str], None]

DATABASE = "neo4j"
WORK_FOLDER = "rebuild"  # in the server's home: import files, the imported database, the old one kept aside
PREVIOUS = "previous"  # while it exists, the database moved aside here is the one to keep
# neo4j-admin's own memory: its JVM heap (the HEAP_SIZE its launcher reads) and its caches besides it,
# kept modest because the machine is shared (by default it takes 90 % of the free memory)
IMPORT_HEAP = "2g"
IMPORT_OFF_HEAP = "2G"


@dataclass(frozen=True)
class ImportFiles:
    """What neo4j-admin imports: (labels joined by ':', file) for nodes, (type, file) for relationships,
    each file with its typed header; lists are joined with `array_delimiter`; `multiline` names the
    files with a line break inside a value."""
    nodes: list[tuple[str, Path]]
    relationships: list[tuple[str, Path]]
    array_delimiter: str
    multiline: list[Path]


@dataclass(frozen=True)
class Imported:
    seconds: float  # neo4j-admin's run
    restart_seconds: float  # the server's start on the new database


@contextmanager
def work_folder(server: LocalServer) -> Iterator[Path]:
    """A folder in the server's home, readable by its owner only, removed on leaving. What a killed
    run left there goes first: an old database it had moved aside is put back (see _recover)."""
    folder = server.home / WORK_FOLDER
    _recover(server, folder / PREVIOUS)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(mode=0o700, parents=True)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_import(server: LocalServer, files: ImportFiles, data_dir: Path,
               meanwhile: Callable[[], None] = lambda: None) -> float:
    """Import the files into a new database under `data_dir` (not the server's); the seconds it took.
    `meanwhile` runs during the import; if it raises, the import is ended and its exception raised."""
    work = data_dir.parent
    work.mkdir(parents=True, exist_ok=True)
    config = work / "import.conf"
    config.write_text(f"server.directories.data={data_dir}\n")
    arguments = [
        "database", "import", "full", DATABASE, "--verbose", f"--additional-config={config}",
        f"--report-file={work / 'import.report'}", f"--max-off-heap-memory={IMPORT_OFF_HEAP}",
        f"--array-delimiter=U+{ord(files.array_delimiter):04X}",
        *(f"--nodes={labels}={path}" for labels, path in files.nodes),
        *(f"--relationships={rel_type}={path}" for rel_type, path in files.relationships),
    ]
    if files.multiline:
        arguments += ["--multiline-fields-format=v2", "--multiline-fields=" + ",".join(map(str, files.multiline))]
    began = time.monotonic()
    try:
        server.admin(*arguments, env={"HEAP_SIZE": IMPORT_HEAP}, meanwhile=meanwhile)
    except ServerError as error:
        raise ServerError(f"neo4j-admin could not import the base ({_reason(str(error))})") from None
    return time.monotonic() - began


@contextmanager
def replaced_database(server: LocalServer, files: ImportFiles, work: Path, progress: Progress = lambda _: None,
                      meanwhile: Callable[[], None] = lambda: None) -> Iterator[Imported]:
    """Import the files beside the database in use, which the server goes on serving meanwhile; then
    stop the server, swap the databases, start it on the new one, and yield. `meanwhile` runs during
    the import: if it raises, nothing is swapped. The old database comes back, the server restarted
    on it, if the start or the caller fails."""
    staging, previous = work / "imported", work / PREVIOUS
    if not _folders(server.home / "data")[0].exists():
        server.start()  # a server never started: its first start sets its password and makes the database
    progress("Importing with neo4j-admin (Neo4j still serves the old base)…")
    try:
        seconds = run_import(server, files, staging, meanwhile)
    except ServerError as error:
        server.start()  # it was never stopped; this only starts one that was not running
        raise ServerError(f"{error}; the database is as it was, and Neo4j runs on it.") from None
    progress("Stopping Neo4j…")
    server.stop()
    _swap(server, staging, previous)
    try:
        progress("Starting Neo4j on the new database…")
        restart = server.start().seconds
        yield Imported(seconds, restart)
    except BaseException:
        _recover(server, previous)
        server.start()
        raise
    discarded = work / "discarded"
    os.replace(previous, discarded)  # the moment the new database is kept: one rename
    shutil.rmtree(discarded, ignore_errors=True)


def _folders(data: Path) -> list[Path]:
    """The two folders of the user database in a data directory: its store, its transaction logs."""
    return [data / "databases" / DATABASE, data / "transactions" / DATABASE]


def _swap(server: LocalServer, staging: Path, previous: Path) -> None:
    """Move the database aside into `previous`, then the imported one in. Each live folder goes aside
    before its new one comes in, so that whenever this stops, _recover can put the old one back."""
    previous.mkdir()
    live, kept, new = _folders(server.home / "data"), _folders(previous), _folders(staging)
    for folder, aside in zip(live, kept):
        aside.parent.mkdir(parents=True, exist_ok=True)
        os.replace(folder, aside)
    for folder, imported in zip(live, new):
        os.replace(imported, folder)


def _recover(server: LocalServer, previous: Path) -> None:
    """Put back the database a rebuild moved aside and did not keep: stop the server, remove what is in
    its place, move it back. The server stays stopped."""
    if not previous.exists():
        return
    server.stop()
    for folder, aside in zip(_folders(server.home / "data"), _folders(previous)):
        if aside.exists():
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(aside, folder)
    shutil.rmtree(previous)


def _reason(output: str) -> str:
    """What went wrong, from neo4j-admin's --verbose output: the innermost cause of its exception
    ("Id 'x' is defined more than once in group 'Deal'"), else its last lines without progress bars."""
    causes = re.findall(r"^(?:Caused by: )?[\w.$]+(?:Exception|Error): (.+)$", output, re.M)
    if causes:
        return causes[-1].strip()
    lines = [line.strip() for line in output.splitlines()[1:] if line.strip() and not re.match(r"^[-.\s]*\.{10}", line)]
    return " ".join(lines[-2:]) or "no output"
