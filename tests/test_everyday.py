"""Everyday commands without a surprise: readable answers to ad-hoc queries, advice that works when
pasted, honest counts, one sentence when a browser cannot open, a quiet install."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from click.testing import CliRunner

from cli.main import cli
from tests import csvedit
from tests.conftest import ROOT


def invoke(*args: str, **env: str):
    return CliRunner(env=env or None).invoke(cli, list(args))


def test_cypher_shows_nodes_relationships_and_paths_in_cypher_notation(base):
    result = invoke("cypher", "MATCH p = (a:Entity {id: 'nvidia'})-[r:FLOWS_TO {deal: 'nvidia-openai-2025-09'}]->(b) "
                              "RETURN a, r, p", "--format", "json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)
    assert row["a"].startswith('(:Company:Entity {id: "nvidia", name: "Nvidia", ')
    assert row["r"].startswith('(nvidia)-[:FLOWS_TO {') and row["r"].endswith("]->(openai)")
    assert 'deal: "nvidia-openai-2025-09"' in row["r"]
    assert row["p"] == "(nvidia)-[:FLOWS_TO]->(openai)"
    backwards = json.loads(invoke("cypher", "MATCH p = (:Entity {id: 'openai'})<-[:FLOWS_TO {deal: "
                                            "'nvidia-openai-2025-09'}]-() RETURN p", "-f", "json").output)
    assert backwards == [{"p": "(openai)<-[:FLOWS_TO]-(nvidia)"}]


def test_an_unknown_name_points_to_the_command_that_lists_names(base):
    result = invoke("ask", "sources", "-p", "name", "nonexistent")
    assert result.exit_code == 1
    assert "`circular ask sources` lists everything the base holds, each with its id" in result.output
    listed = invoke("ask", "sources", "--format", "json")
    assert listed.exit_code == 0 and "nvidia-openai-2025-09" in {row["id"] for row in json.loads(listed.output)}


def test_load_replace_counts_the_money_flows_it_removes(base, tmp_path):
    data = csvedit.copy_data(tmp_path / "data")
    parties = csvedit.read(data / "parties.csv")
    kept = [p for p in parties if not (p["deal_id"] == "nvidia-openai-2025-09" and p["entity_id"] == "openai")]
    assert len(kept) == len(parties) - 1
    csvedit.write(data / "parties.csv", kept)
    flows = "MATCH ()-[f:FLOWS_TO {deal: 'nvidia-openai-2025-09'}]->() RETURN count(f) AS n"
    [before] = base.read(flows)
    result = invoke("load", str(data), "--replace")
    assert result.exit_code == 0, result.output
    [after] = base.read(flows)
    assert before["n"] > after["n"]
    assert f"Money flows of the deals that changed: {before['n']} before, {after['n']} now." in result.output


def test_browse_open_without_a_browser_is_one_sentence_and_fails(base, tmp_path):
    """No opener at all, then an opener that finds no browser (as xdg-open does on a server)."""
    no_opener = invoke("browse", "hubs", "--open", PATH=str(tmp_path))
    assert no_opener.exit_code == 1
    link, sentence = no_opener.output.splitlines()
    assert link.startswith("http://127.0.0.1:")
    assert sentence.startswith("Error: No program to open a web browser with was found")
    assert sentence.endswith("open the link above in a web browser yourself.")

    for name in ("xdg-open", "open"):
        opener = tmp_path / name
        opener.write_text("#!/bin/sh\necho 'www-browser: not found' >&2\nexit 3\n")
        opener.chmod(0o755)
    failing = invoke("browse", "hubs", "--open", PATH=str(tmp_path))
    assert failing.exit_code == 1
    assert "not found" not in failing.output
    assert failing.output.splitlines()[-1].startswith("Error: No web browser could be opened here")


def test_the_demo_names_circular_as_it_can_be_run(base, monkeypatch):
    """After `make demo`, circular is .venv/bin/circular: the advice must say so."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "argv", [str(ROOT / ".venv" / "bin" / "circular"), "demo"])
    result = invoke("demo", PATH="/usr/bin:/bin")
    assert result.exit_code == 0, result.output
    assert "password: `.venv/bin/circular server password`" in result.output
    assert "More questions: `.venv/bin/circular queries`" in result.output


def test_installing_prints_no_setuptools_warning(tmp_path):
    """An editable install of a copy of the project, into a virtual environment of its own."""
    project = tmp_path / "project"
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_bytes((ROOT / name).read_bytes())
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "venv")], check=True)
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(tmp_path / "venv" / "bin" / "python"),
                                "install", "--no-deps", "-e", str(project)],
                               capture_output=True, text=True, env={**os.environ, "PIP_NO_INPUT": "1"})
    assert installed.returncode == 0, installed.stderr
    output = installed.stdout + installed.stderr
    assert "warning" not in output.casefold(), output
    assert list((tmp_path / "venv").glob("lib/python*/site-packages/__editable__.circular-*.pth"))
