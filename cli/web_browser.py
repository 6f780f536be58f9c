"""Opening a link in the user's web browser, or saying in one sentence why it cannot be done here."""
from __future__ import annotations

import shutil
import subprocess
import sys

import click

OPENERS = ("open",) if sys.platform == "darwin" else ("xdg-open",)
# An opener that fails says so at once; one still running after this long has started a browser.
PATIENCE_SECONDS = 5


def open_link(url: str) -> None:
    """Open `url` in a web browser; raise click.ClickException saying what to do when none opens."""
    yourself = "open the link above in a web browser yourself"
    opener = next((found for name in OPENERS if (found := shutil.which(name))), None)
    if opener is None:
        raise click.ClickException(f"No program to open a web browser with was found ({' or '.join(OPENERS)}): "
                                   f"{yourself}.")
    process = subprocess.Popen([opener, url], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        code = process.wait(timeout=PATIENCE_SECONDS)
    except subprocess.TimeoutExpired:
        return  # the opener waits for the browser it started, which is what we wanted
    if code != 0:
        raise click.ClickException(f"No web browser could be opened here ({opener} found none to use): {yourself}.")
