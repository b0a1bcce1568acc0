"""Every check run over untrusted text takes time linear in its length, on adversarial families.

An 18 KB body used to keep the validator busy for 58 s (a query-string pattern that re-read a run of `?`
from each `?`, once per nested address) and 19,000 `[` made one build take 82 s (Python-Markdown scanning
to the end of the text for each unmatched `[`, or for the `)` of each `[a](`). tests/linear_probe.py
times each function on long runs of each special character and of nested addresses, at two sizes eight
times apart, in a child process with a watchdog; linear growth is a ratio near 8, quadratic near 64.
Only ratios are compared, never a time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.text.brackets import MAX_DEPTH, defuse_brackets
from tracker.text.markdown_html import render_markdown

ROOT = Path(__file__).resolve().parent.parent
SMALL, FACTOR = 1000, 8
# Halfway, on a log scale, between linear (8) and quadratic (64) growth.
LIMIT = 32


def test_every_pattern_grows_linearly_on_adversarial_families() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "linear_probe.py"), str(SMALL), str(FACTOR)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=600,  # the watchdog: a quadratic pattern would take far longer than a linear one
        check=True,
    )
    ratios: dict[str, float] = json.loads(run.stdout)
    assert len(ratios) > 400
    assert {name: round(r, 1) for name, r in ratios.items() if r > LIMIT} == {}


def test_links_survive_among_many_unmatched_brackets() -> None:
    html = render_markdown("[" * 500 + " see [the notice](https://news.example.org/n) " + "(" * 500)
    assert '<a href="https://news.example.org/n" rel="nofollow noopener noreferrer">the notice</a>' in html
    assert "[" * 500 in html  # shown as typed: escaping changes nothing a reader sees


def test_deep_nesting_is_escaped_beyond_the_limit() -> None:
    text = "[" * 100 + "]" * 100
    assert defuse_brackets(text) == "[" * MAX_DEPTH + "\\[" * (100 - MAX_DEPTH) + "]" * 100


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]()a\\ ", max_size=300))
def test_defusing_only_adds_backslashes_before_brackets(text: str) -> None:
    defused = defuse_brackets(text)
    assert defused.replace("\\[", "[").replace("\\", "") == text.replace("\\[", "[").replace("\\", "")
    assert defuse_brackets(defused).count("\\") >= defused.count("\\")
