"""The per-platform memo across a fork: what a worker kept reaches the process that forked it, so the
next build there finds every value this build asked for, wherever the step that asked ran."""

from __future__ import annotations

import copy
from collections.abc import Callable

from tracker.derive.memo import Gained, Memo


def _made(log: list[str], value: str) -> Callable[[], str]:
    def make() -> str:
        log.append(value)
        return value

    return make


def test_a_forked_memo_hands_back_its_values_and_the_next_build_makes_none() -> None:
    previous = {"kept-1": "old one", "kept-2": "old two", "dropped": "never asked"}
    parent = Memo(previous)
    parent.get("kept-1", lambda: "remade")
    before = set(parent.kept)
    worker = copy.copy(parent)  # as a fork would have it: the same previous values, its own kept
    worker.kept = dict(parent.kept)
    log: list[str] = []
    assert worker.get("kept-2", _made(log, "remade")) == "old two"
    assert worker.get("new", _made(log, "fresh")) == "fresh"
    assert worker.get("none", lambda: None) is None  # a value may be None: it travels as itself
    gained = worker.gained(before)
    assert gained == Gained(("kept-2",), {"new": "fresh", "none": None})  # a previous value: its key only
    parent.take(gained)
    assert parent.kept == {"kept-1": "old one", "kept-2": "old two", "new": "fresh", "none": None}
    assert parent.kept["kept-2"] is previous["kept-2"]
    following = Memo(parent.kept)
    for key in ("kept-1", "kept-2", "new"):
        following.get(key, _made(log, "remade"))
    assert log == ["fresh"]  # the next build made nothing again
    assert "dropped" not in following.kept


def test_a_worker_that_made_many_values_hands_back_only_the_keys_it_found() -> None:
    parent = Memo({"old": "value"})
    worker = Memo(parent.previous)
    worker.get("old", lambda: "remade")
    for n in range(5):
        worker.get(f"made-{n}", _made([], f"value {n}"))
    assert worker.gained(set(), carried=4) == Gained(("old",), {})
    assert worker.gained(set(), carried=5) == Gained(("old",), {f"made-{n}": f"value {n}" for n in range(5)})
