"""How the user runs circular, so that the commands advice names work when pasted into the shell.

After `make demo`, circular is `.venv/bin/circular` until `.venv/bin` is on the PATH."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def circular_command(argv0: str | None = None, path: str | None = None) -> str:
    """`circular` when the shell finds this very program by that name, else the way to reach it."""
    program = Path(argv0 if argv0 is not None else sys.argv[0])
    if program.name != "circular":  # run as `python -m cli`, or from a test
        return "circular"
    found = shutil.which("circular", path=path)
    if found and Path(found).resolve() == program.resolve():
        return "circular"
    relative = os.path.relpath(program.absolute())
    return relative if not relative.startswith("..") else str(program.absolute())
