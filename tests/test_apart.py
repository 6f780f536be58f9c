"""The check run in a process of its own beside a load (loader/apart.py): its verdict comes back whole."""
from __future__ import annotations

import multiprocessing
import os
import time

import pytest

import loader
from loader.apart import checked_apart
from loader.load import Unchecked
from loader.problems import InvalidData, LoadFailed, Problem
from tests import csvedit

WRONG = [Problem("deals.csv", 3, "type", "'buy' is not a deal type", "use one of the types listed"),
         Problem("reports.csv", 2, "amount", "'ten' is not a number", "write digits")]


@pytest.fixture(params=["forked", "in a thread"])
def way(request, monkeypatch):
    """Both ways a check runs apart: forked, and in a thread where a process cannot be forked."""
    if request.param == "in a thread":
        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    return request.param


def test_a_check_that_finds_nothing_gives_a_verdict_that_raises_nothing(way):
    with checked_apart(lambda: time.sleep(0.2)) as verdict:
        assert verdict() is None
        assert verdict() is None  # asked again, it answers the same
        assert 0.2 <= verdict.seconds < 5


def test_the_problems_found_apart_come_back_every_one(way):
    def check() -> None:
        raise InvalidData(WRONG)

    with checked_apart(check) as verdict, pytest.raises(InvalidData) as raised:
        verdict()
    assert raised.value.problems == sorted(WRONG)


def test_the_check_runs_in_a_process_of_its_own_where_it_can():
    def check() -> None:
        raise InvalidData([Problem("deals.csv", 2, "id", f"checked by process {os.getpid()}", "")])

    with checked_apart(check) as verdict, pytest.raises(InvalidData) as raised:
        verdict()
    assert raised.value.problems[0].message.startswith("checked by process ")
    assert raised.value.problems[0].message != f"checked by process {os.getpid()}"


def test_the_check_sees_the_rows_as_this_process_holds_them():
    rows = [{"id": "deal-1"}]
    rows.append({"id": ""})  # changed after reading, before the check starts

    def check() -> None:
        empty = [i for i, row in enumerate(rows) if not row["id"]]
        if empty:
            raise InvalidData([Problem("deals.csv", i + 2, "id", "no id", "give one") for i in empty])

    with checked_apart(check) as verdict, pytest.raises(InvalidData) as raised:
        verdict()
    assert [p.row for p in raised.value.problems] == [3]


def test_a_check_that_breaks_is_an_error_naming_what_broke(way):
    def check() -> None:
        raise KeyError("summary")

    with checked_apart(check) as verdict, pytest.raises(RuntimeError, match="check of the rows failed: KeyError"):
        verdict()


def test_a_check_whose_process_dies_is_a_sentence_not_a_silent_pass():
    with checked_apart(lambda: os._exit(3)) as verdict, pytest.raises(LoadFailed) as raised:
        verdict()
    assert str(raised.value) == ("The check of the rows stopped before its end (exit code 3); nothing was changed. "
                                 "Try again, with more memory free if it was killed.")


def test_a_check_no_one_waits_for_is_stopped_when_the_work_fails():
    began = time.monotonic()
    with pytest.raises(ValueError):
        with checked_apart(lambda: time.sleep(60)):
            raise ValueError("the writing failed")
    assert time.monotonic() - began < 10


def test_a_load_checks_its_rows_in_another_process(tmp_path, empty_db, monkeypatch):
    data = csvedit.copy_data(tmp_path / "data")
    checked_by = []
    real_check = Unchecked.check

    def check(unchecked: Unchecked) -> None:
        real_check(unchecked)
        raise InvalidData([Problem("deals.csv", 2, "id", f"checked by process {os.getpid()}", "")])

    monkeypatch.setattr(Unchecked, "check", check)
    with pytest.raises(InvalidData) as raised:
        loader.load(empty_db, data)
    checked_by.append(raised.value.problems[0].message)
    assert checked_by != [f"checked by process {os.getpid()}"]
    assert empty_db.read("MATCH (n) RETURN count(n) AS nodes") == [{"nodes": 0}]  # refused at the commit
