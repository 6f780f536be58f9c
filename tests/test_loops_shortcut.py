"""The loops benchmark's shortcut (benchmarks/loops_shortcut.py) writes the PAYS edges a real load
makes of the same synthetic base, so money-loops answers the same on both."""
from __future__ import annotations

from benchmarks.loops_shortcut import derive, ensure_shortcut, holds_shortcut, loaded_pays
from benchmarks.synthetic import synthetic_base
from cypher import run
import loader

DEALS = 3_000


def test_the_shortcut_gives_the_pays_and_the_loops_of_a_real_load(empty_db, tmp_path):
    synthetic_base(tmp_path, DEALS)
    loader.load(empty_db, tmp_path)
    loaded = loaded_pays(empty_db)
    every_loop = run(empty_db, "money-loops", {"max_length": "4"}).rows
    through_a_hub = run(empty_db, "money-loops", {"company": "Company 1", "max_length": "5"}).rows
    assert derive(tmp_path)[2] == loaded
    assert len(every_loop) > 100 and through_a_hub

    ensure_shortcut(empty_db, DEALS)
    assert holds_shortcut(empty_db, DEALS)
    assert loaded_pays(empty_db) == loaded
    assert run(empty_db, "money-loops", {"max_length": "4"}).rows == every_loop
    assert run(empty_db, "money-loops", {"company": "Company 1", "max_length": "5"}).rows == through_a_hub


def test_a_base_without_payments_has_no_loops(empty_db):
    assert run(empty_db, "money-loops").rows == []
