"""Several people adding at once: every addition lands once, in the files and in Neo4j, and whoever
has to wait is told so in a sentence. The deals and sources are made-up fixtures."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import loader
from loader.files import read_dataset
from tests import csvedit

CIRCULAR = Path(sys.executable).parent / "circular"
WRITERS = 4
ADDITIONS_EACH = 3


def _additions(folder: Path, writer: int) -> str:
    """A shell line that adds ADDITIONS_EACH deals one after the other, all on the same day, so that
    the ids made from parties and date collide unless the folder is held while they are chosen."""
    commands = []
    for n in range(ADDITIONS_EACH):
        tag = f"{writer}-{n}"
        commands.append(" ".join([
            str(CIRCULAR), "add", "deal", "--type", "investment", "--status", "announced",
            "--funder", "nvidia", "--recipient", "openai", "--amount", f"{writer + 1}{n}m", "--currency", "USD",
            "--qualifier", "exact", "--date", "2025-12-24",
            "--summary", f"'Fixture deal {tag} (concurrency test).'",
            "--source-publisher", "'Fixture Wire (test fixture)'", "--source-date", "2025-12-24",
            "--source-title", f"'Fixture article {tag}'", "--excerpt", f"'fixture words {tag}'",
            "--on-duplicate", "keep", "--no-interactive", "--data-dir", str(folder)]))
    return " && ".join(commands)


def test_parallel_additions_lose_nothing_and_double_nothing(empty_db, tmp_path):
    folder = csvedit.copy_data(tmp_path / "data")
    loader.load(empty_db, folder)
    writers = [subprocess.Popen(["bash", "-c", _additions(folder, w)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for w in range(WRITERS)]
    outcomes = [(w.wait(timeout=600), *w.communicate()) for w in writers]
    for code, out, err in outcomes:
        assert code == 0, err
        assert "Traceback" not in err
    waited = [line for _, _, err in outcomes for line in err.splitlines() if "waiting for it to finish" in line]
    assert waited, "nobody had to wait: the additions did not overlap"
    assert all(line.startswith("Another command is changing ") for line in waited)

    dataset, problems = read_dataset(folder)
    assert problems == [] and loader.check(folder) == []
    expected = sorted(f"Fixture deal {w}-{n} (concurrency test)." for w in range(WRITERS)
                      for n in range(ADDITIONS_EACH))
    in_files = sorted(r.values["summary"] for r in dataset["deals"] if r.values["summary"].startswith("Fixture deal"))
    assert in_files == expected  # each once: none lost, none doubled
    in_db = sorted(row["summary"] for row in empty_db.read(
        "MATCH (d:Deal) WHERE d.summary STARTS WITH 'Fixture deal' RETURN d.summary AS summary"))
    assert in_db == expected
    exported = tmp_path / "exported"
    loader.export(empty_db, exported)
    for path in sorted(folder.glob("*.csv")):
        assert (exported / path.name).read_bytes() == path.read_bytes(), f"{path.name} differs from Neo4j"
