"""Help comes at once: no command's --help loads the Neo4j driver or the data libraries.

How long it takes is measured by benchmarks/help.py; this test keeps the reason it is fast true."""
from __future__ import annotations

import subprocess
import sys

HEAVY = ("neo4j", "pandas", "numpy", "matplotlib", "openpyxl", "neo4j_viz", "pycountry", "networkx", "PIL")

SHOW_EVERY_HELP = f"""
import sys
import click
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
print(" ".join(sorted(name for name in {HEAVY!r} if name in sys.modules)))
"""


def test_no_help_loads_a_heavy_library():
    shown = subprocess.run([sys.executable, "-c", SHOW_EVERY_HELP], capture_output=True, text=True, check=True)
    assert "Usage: circular add deal" in shown.stdout  # every help was shown, down to the nested ones
    assert shown.stdout.splitlines()[-1] == "", f"--help loaded: {shown.stdout.splitlines()[-1]}"


def test_the_package_names_still_lead_to_the_functions():
    """`loader.load` is a function and loader/load.py a module: importing the module keeps the function."""
    import loader
    from loader.load import read_valid

    assert callable(loader.load) and loader.load.__module__ == "loader.load"
    assert loader.read_valid is read_valid
    assert issubclass(loader.InvalidData, Exception)

