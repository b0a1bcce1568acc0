"""Run by tests/test_hardening_linear.py in a child process: how the time of each check on untrusted text
grows between two sizes of each adversarial family. Prints one JSON object: {"function family": ratio}.

Each time is the best of a few runs, each run repeated until it lasts long enough to measure; only the
ratio between the two sizes is reported, never a time, so a slow or busy machine changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable

from tracker.check.content import markdown_problems
from tracker.check.personal_data import find_personal_data
from tracker.check.text_rules import hidden_character
from tracker.text.brackets import defuse_brackets
from tracker.text.flagged import NO_EXEMPTIONS, FlaggedDomains
from tracker.text.markdown_html import markdown_links, render_markdown
from tracker.text.reader_form import reader_forms
from tracker.text.reader_quick import forget_readings
from tracker.text.urls import url_problem

FLAGGED = FlaggedDomains.build(
    ["bad.example.invalid"], [hashlib.sha256(b"hidden.example.invalid").hexdigest()]
)
SPECIAL = "[]()?&=%.@-_*`\\<>/:#;+0 \n!~|'\"\u00a0\u200b"
UNITS = {
    **{f"run of {c!r}": c for c in SPECIAL},
    "nested addresses": "https://a.example.org/?u=",
    "nested encoded": "https%3A%2F%2Fa.example.org%2F%3Fu%3D",
    "inline links": "[a](",
    "link closers": "](",
    "images": "![",
    "host words": "a.b-",
    "e-mail-like": "a.b@c.",
    "phone-like": "+0 (0) ",
    "entities": "&#x1b",
    "query pairs": "?a=b&",
    "spaced links": "[a] (",
    "reference-like": "[a]: <",
    # The reader's form (tracker/text/reader_form.py): spelled dots, entities, escapes, tags, link
    # destinations, look-alikes, invisible characters, line breaks inside hosts, encoded labels.
    "spelled dots": "[.](dot) dot ",  # 13 characters: even the small size has 64 brackets
    "half spelled dots": "[ .( dot{",
    "entity dots": "a&#46;b&#x2e;&period;",
    "escaped dots": "a\\.b\\-",
    "tag-like": "<a x<b/ ",
    "link destinations": "](a(",
    "look-alikes": "f\u043e\u0440\u2024\u00b7",
    "invisible joins": "a\u200d\ufe0f\u00ad.",
    "broken lines": "a.\nb-\n",
    "encoded labels": "a-b--c-",
    "nested percent": "%25%32%45a.",
    "spelled e-mails": "a at a dot ",
    "bracketed at": "a (at) a [dot] ",
    "u/ handles": "u/abc/",
    "entity at signs": "a&#64;a.",
    "fullwidth digits": "\uff10\u00a0\u200b",
    "soft hyphens": "0\u00ad",
    "lower postcodes": "sw1a1aa ",
    "addresses with numbers": "https://a.org/07700900123?u=",
    # Personal data in the reader's form: letters for digits, spelled at signs, numbers in destinations.
    "letters for digits": "O7700 9OO1l2 ",
    "digit-like runs": "0O1l",
    # At most 15 characters with a bracket: even the small size has 64 (defuse_brackets' quick return).
    "spelled at signs": "a(at)b [at]<at>",
    "spoken addresses": "a at b dot c.",
    "destinations with numbers": "[a](tel:07700)",
}
FUNCTIONS: dict[str, Callable[[str], object]] = {
    "find_personal_data": find_personal_data,
    "match": lambda text: FLAGGED.match("https://x.example.org/" + text),
    "mentions": FLAGGED.mentions,
    "defang_in": FLAGGED.defang_in,
    "markdown_links": markdown_links,
    "render_markdown": lambda text: render_markdown(text, flagged=FLAGGED),
    "url_problem": lambda text: url_problem("https://x.example.org/" + text),
    "hidden_character": hidden_character,
    "defuse_brackets": defuse_brackets,
    "content check": lambda text: markdown_problems("content/x.md", "Title: x\n\n" + text, FLAGGED),
    "reader_forms": reader_forms,
    "reader_mentions": FLAGGED.reader_mentions,
    "match_anywhere": lambda text: FLAGGED.match_anywhere("https://x.example.org/?q=" + text, NO_EXEMPTIONS),
    "match_encoded": lambda text: FLAGGED.match_encoded(text.split(".")),
}


def seconds(function: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(2):
        runs = 0
        start = time.perf_counter()
        while True:
            forget_readings()  # each call reads its text afresh: a kept reading would time nothing
            function(text)
            runs += 1
            elapsed = time.perf_counter() - start
            if elapsed > 0.01:
                break
        best = min(best, elapsed / runs)
    return best


def main(small: int, factor: int) -> None:
    ratios = {}
    for fname, function in FUNCTIONS.items():
        for family, unit in UNITS.items():
            texts = [unit * (size // len(unit)) for size in (small, small * factor)]
            # A busy machine can stretch one measurement: a ratio above linear is measured again, and
            # the smallest kept (a quadratic pattern stays quadratic every time).
            ratio = float("inf")
            for _ in range(3):
                ratio = min(ratio, seconds(function, texts[1]) / seconds(function, texts[0]))
                if ratio < factor * 2:
                    break
            ratios[f"{fname} / {family}"] = ratio
    print(json.dumps(ratios))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
