"""Help comes at once: no command's --help loads the Neo4j driver or the data libraries.

How long it takes is measured by benchmarks/help.py; this test keeps the reason it is fast true."""
from __future__ import annotations

import subprocess
import sys

SHOW_EVERY_HELP = """
import click
from cli.lazy_libraries import HEAVY, loaded
from cli.main import cli

def helps(group, path=()):
    yield path
    for name, command in group.commands.items():
        yield from helps(command, (*path, name)) if isinstance(command, click.Group) else [(*path, name)]

for words in helps(cli):
    try:
        cli([*words, "--help"], prog_name="circular")
    except SystemExit as done:
        assert done.code == 0, words
print(" ".join(name for name in HEAVY if loaded(name)))
"""


def run(code: str) -> list[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()


def test_no_help_loads_a_heavy_library():
    shown = run(SHOW_EVERY_HELP)
    assert any(line.startswith("Usage: circular add deal") for line in shown)  # nested helps were shown too
    assert shown[-1] == "", f"--help loaded: {shown[-1]}"


def test_a_deferred_library_works_once_used():
    [loaded_after] = run("import cli, sys\n"
                         "from cli.lazy_libraries import loaded\n"
                         "import neo4j\n"
                         "assert not loaded('neo4j')\n"
                         "from neo4j.exceptions import Neo4jError\n"
                         "assert issubclass(Neo4jError, Exception) and neo4j.GraphDatabase.driver\n"
                         "print(loaded('neo4j'))")
    assert loaded_after == "True"


def test_the_driver_loads_without_pandas_which_stays_at_hand():
    """The driver is loaded with pandas out of its sight (it would double its import), and pandas still
    works for what circular asks of it."""
    [shown] = run("import cli\n"
                  "from cli.lazy_libraries import loaded\n"
                  "import neo4j\n"
                  "assert neo4j.GraphDatabase.driver and not loaded('pandas')\n"
                  "from neo4j._optional_deps import pd\n"
                  "import pandas\n"
                  "print(pd is None, pandas.DataFrame({'deal': ['a', 'b']}).shape)")
    assert shown == "True (2, 1)"
