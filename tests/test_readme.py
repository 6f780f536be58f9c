"""The README tells the truth: its sessions print what it shows, and every command is documented."""
from __future__ import annotations

import re
import shlex

import click
import pytest
from click.testing import CliRunner

from cli.main import cli
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()
SESSIONS = re.findall(r"```console\n\$ (circular [^\n]+)\n(.*?)\n```", README, re.S)


def test_the_readme_opens_with_its_two_commands():
    lines = README.splitlines()
    assert lines[0] == "# circular"
    block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    assert block.startswith("make demo") and "\nmake test" in block


def test_the_readme_shows_sessions():
    assert any(command.startswith("circular ask who-funds-whom") for command, _ in SESSIONS)


@pytest.mark.parametrize("command, shown", SESSIONS, ids=[c for c, _ in SESSIONS])
def test_each_readme_session_prints_what_the_readme_shows(base, monkeypatch, command, shown):
    monkeypatch.setenv("COLUMNS", "100")
    result = CliRunner().invoke(cli, shlex.split(command)[1:])
    assert result.exit_code == 0, result.output
    assert result.output.rstrip("\n") == shown


def _commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


@pytest.mark.parametrize("name, command", list(_commands(cli)))
def test_every_command_has_help_with_an_example_and_is_in_the_readme(name, command):
    assert command.help and "Example" in command.help, f"`circular {name}` needs help with an example"
    assert f"circular {name.split()[0]}" in README, f"the README never mentions `circular {name}`"
