"""The load benchmark's floor (benchmarks/load.py, `writing_alone`) does the work a load does: the
graph it writes is the graph `circular load` writes, so the figure it prints is the load's writing."""
from __future__ import annotations

import loader
from benchmarks.load import writing_alone
from benchmarks.synthetic import empty, synthetic_base
from tests.conftest import snapshot


def test_writing_alone_builds_the_graph_a_load_builds(empty_db, tmp_path):
    synthetic_base(tmp_path, 400)
    loader.load(empty_db, tmp_path)
    loaded = snapshot(empty_db)
    empty(empty_db)

    writing_alone(empty_db, tmp_path)()

    assert len(loaded) > 1_000
    assert snapshot(empty_db) == loaded
