"""Host names found in running text and anywhere inside an address, in every reading of them.

`FlaggedDomains` (flagged.py) asks these functions where the host names are; it alone decides which
of them are flagged. Kept apart so each module has one job: finding words here, judging them there.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterator
from urllib.parse import unquote

from tracker.text.hosts import _DOT_CHARS, _label_to_unicode, normalise_host
from tracker.text.reader_form import reader_forms

__all__ = [
    "TEXT_HOST",
    "TEXT_SCHEME_BEFORE",
    "address_words",
    "encoded_hosts",
    "host_words",
    "reading_hosts",
]

# A host name written in running text (`bad.invalid`, `www.bad.invalid`, `bäd。invalid`,
# `%62ad.invalid`).
_TEXT_LABEL = r"(?:[^\W_]|%[0-9A-Fa-f]{2})(?:[^\W_]|[\-\u00ad\u200c\u200d\u0300-\u036f]|%[0-9A-Fa-f]{2})*"
# Starts only at the beginning of a run (not after `a-`), so a long hyphenated word is scanned once.
TEXT_HOST = re.compile(rf"(?<![\w%])(?<!\w-){_TEXT_LABEL}(?:[{_DOT_CHARS}]{_TEXT_LABEL})+")
TEXT_SCHEME_BEFORE = re.compile(r"(?i)http(s?)(:[/\\]*)$")
# Every host above has a dot followed by the start of a label; few words in running text do, and this is
# many times quicker to look for than `TEXT_HOST` itself.
_HOST_DOT = re.compile(rf"[{_DOT_CHARS}](?:[^\W_]|%[0-9A-Fa-f]{{2}})")
# The characters a host in text can be made of: a host never reaches past a run of them.
_HOST_RUN = re.compile(rf"[\w%\-\u00ad\u200c\u200d\u0300-\u036f{_DOT_CHARS}]*")
# A label of an address's host that may carry a whole host name: `forum--a-example-invalid` (Google's
# proxies and some CDNs write dots as `-` and hyphens as `--`).
_HYPHENATED = re.compile(r"[a-z0-9]+(?:-+[a-z0-9]+)+")
# Bounds that keep the readings of one label few: a host is rarely more than four labels, and only the
# last `_MAX_PARTS` parts of a long label are read.
_MAX_PARTS = 8
_MAX_DOTS = 3
# How many times an address is percent-decoded: each round can uncover one more level of nesting.
_DECODE_ROUNDS = 4


def host_words(text: str) -> Iterator[re.Match[str]]:
    """`TEXT_HOST.finditer(text)`, looking only inside the runs of host characters that hold a dot.

    Each match lies inside one maximal run of `_HOST_RUN` characters and has a `_HOST_DOT` in it, so
    scanning just those runs (with the text around them still visible to the lookbehinds) finds the same
    matches in the same order.
    """
    reverse: str | None = None
    run_end = 0
    for dot in _HOST_DOT.finditer(text):
        at = dot.start()
        if at < run_end:
            continue
        if reverse is None:
            reverse = text[::-1]
        back = _HOST_RUN.match(reverse, len(text) - at)
        start = at - (back.end() - back.start()) if back else at
        forward = _HOST_RUN.match(text, at)
        run_end = forward.end() if forward else at + 1
        yield from TEXT_HOST.finditer(text, start, run_end)


def address_words(url: str) -> Iterator[str]:
    """Every host-like word anywhere in `url` (host, path, query, fragment, nested addresses), as typed
    and after each round of percent-decoding and entity decoding, in each reader's form of it.

    A flagged host in a path (`/forum-a.example.invalid/`), in a query, as the left labels of another
    host or three times encoded is still a way to it, or at least its name: every word is checked.
    """
    variants = [url]
    for _ in range(_DECODE_ROUNDS):
        decoded = html.unescape(unquote(variants[-1].replace("+", " ")))
        if decoded == variants[-1]:
            break
        variants.append(decoded)
    seen: set[str] = set()
    for variant in variants:
        for text in (variant, *(form.text for form in reader_forms(variant))):
            for m in host_words(text):
                word = m.group()
                if word not in seen:
                    seen.add(word)
                    yield word


def _parts_readings(parts: list[str]) -> Iterator[str]:
    parts = parts[-_MAX_PARTS:]
    for first, last in itertools.combinations(range(len(parts) + 1), 2):
        run = parts[first:last]
        joints = range(len(run) - 1)
        for dots in range(1, min(_MAX_DOTS, len(run) - 1) + 1):
            for chosen in itertools.combinations(joints, dots):
                out = run[0]
                for i, part in enumerate(run[1:]):
                    out += ("." if i in chosen else "-") + part
                yield out


def encoded_hosts(label: str) -> Iterator[str]:
    """The host names a hyphenated label can spell with its dots written as hyphens: `forum-a-example-
    invalid` and `forum--a-example-invalid` both read `forum-a.example.invalid` (among other readings)."""
    if not _HYPHENATED.fullmatch(label):
        return
    yield from _parts_readings(label.split("-"))
    if "--" in label:
        yield from _parts_readings([p.replace("\0", "-") for p in label.replace("--", "\0").split("-")])


def reading_hosts(hosts: frozenset[str]) -> frozenset[str]:
    """Each (normalised) host in its reader's form: an IDN flagged host whose letters have ASCII
    look-alikes reads as those in a text's reader's form, and must still be found there."""
    found = set()
    for host in hosts:
        forms = reader_forms(".".join(_label_to_unicode(label) for label in host.split(".")))
        normal = normalise_host(forms[0].text) if forms else None
        if normal is not None:
            found.add(normal)
    return frozenset(found)
