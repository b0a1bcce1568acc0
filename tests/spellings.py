"""Hypothesis strategies: the ways a host name can be typed so that a reader still reads it.

Each family is one trick of the independent attack of issue 14 (tests/test_hardening_canonical*.py draw
from them): markup splitting a host, entities, backslash escapes, invisible characters, look-alike
letters, full-width forms, dot look-alikes, line breaks, spelled dots, and mixtures of them. A family
takes a host and gives a strategy of spellings of it; `FAMILIES` names them all.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from hypothesis import strategies as st

from tracker.text.reader_form import READS_AS

Family = Callable[[str], st.SearchStrategy[str]]

MARKERS = ("*", "_", "**", "`", "~~", "***")
DOT_ENTITIES = ("&#46;", "&#x2e;", "&#X2E;", "&period;", "&#046;", "&#x0002E;")
# Invisible characters the validator's own control-character rule lets through (word joiners some scripts
# need, variation selectors, the combining grapheme joiner, a Mongolian selector, a tag character), and
# a few it refuses (for the outputs, where no validator stands in the way).
QUIET_INVISIBLES = ("\u200c", "\u200d", "\u00ad", "\ufe0f", "\ufe00", "\u034f", "\u180b", "\U000e0041")
LOUD_INVISIBLES = ("\u200b", "\u2060", "\ufeff", "\u202e", "\u2066")
# Letters and dots by their look-alikes: every character the vendored confusables table (or the extra
# table) reads as it.
LOOKALIKES: dict[str, tuple[str, ...]] = {}
for _char, _proto in sorted(READS_AS.items()):
    # Only characters NFKC leaves alone: the others (`ⅰ`, `ｆ`) a browser maps back itself.
    if len(_proto) == 1 and _char.isprintable() and unicodedata.normalize("NFKC", _char) == _char:
        LOOKALIKES[_proto] = (*LOOKALIKES.get(_proto, ()), _char)
# Dots a browser itself reads as dots are the matcher's old business (tests/test_hardening_flagged.py).
DOT_LOOKALIKES = tuple(c for c in LOOKALIKES["."] if c not in "\u3002\uff0e\uff61")
SPELLED_DOTS = ("[.]", "(.)", "{.}", "(dot)", "[dot]", " dot ", " [dot] ", " (DOT) ", "[ . ]")


def _positions(text: str, draw: st.DrawFn, at_most: int = 3) -> list[int]:
    return sorted(set(draw(st.lists(st.integers(0, len(text)), min_size=1, max_size=at_most))))


def _insert(text: str, draw: st.DrawFn, pieces: tuple[str, ...]) -> str:
    out = text
    for at in reversed(_positions(text, draw)):
        out = out[:at] + draw(st.sampled_from(pieces)) + out[at:]
    return out


def _each_dot(text: str, draw: st.DrawFn, pieces: tuple[str, ...], *, all_dots: bool = False) -> str:
    """Some dots (at least one; every one with `all_dots`) replaced by one of `pieces` each."""
    parts = text.split(".")
    chosen = set(range(len(parts) - 1)) if all_dots else set(
        draw(st.lists(st.integers(0, len(parts) - 2), min_size=1, max_size=len(parts) - 1))
    )
    out = parts[0]
    for i, part in enumerate(parts[1:]):
        out += (draw(st.sampled_from(pieces)) if i in chosen else ".") + part
    return out


@st.composite
def emphasis(draw: st.DrawFn, host: str) -> str:
    """A piece of the host (a label, or a run that crosses a dot) wrapped in emphasis or a code span."""
    start = draw(st.integers(0, len(host) - 1))
    end = draw(st.integers(start + 1, len(host) - 1 if start == 0 else len(host)))
    marker = draw(st.sampled_from(MARKERS))
    closing = marker
    return host[:start] + marker + host[start:end] + closing + host[end:]


@st.composite
def entities(draw: st.DrawFn, host: str) -> str:
    spelled = _each_dot(host, draw, DOT_ENTITIES)
    if draw(st.booleans()):  # a letter as a numeric entity too
        letters = [i for i, c in enumerate(spelled) if c.isalpha() and "&" not in spelled[max(0, i - 8) : i]]
        at = draw(st.sampled_from(letters))
        spelled = f"{spelled[:at]}&#{ord(spelled[at])};{spelled[at + 1 :]}"
    return spelled


@st.composite
def escapes(draw: st.DrawFn, host: str) -> str:
    spelled = _each_dot(host, draw, ("\\.",), all_dots=True)
    return spelled.replace("-", "\\-") if draw(st.booleans()) else spelled


@st.composite
def invisibles(draw: st.DrawFn, host: str, pieces: tuple[str, ...] = QUIET_INVISIBLES) -> str:
    return _insert(host, draw, pieces)


@st.composite
def lookalikes(draw: st.DrawFn, host: str) -> str:
    letters = [i for i, c in enumerate(host) if c in LOOKALIKES and c != "."]
    chosen = set(draw(st.lists(st.sampled_from(letters), min_size=1, max_size=3)))
    return "".join(draw(st.sampled_from(LOOKALIKES[c])) if i in chosen else c for i, c in enumerate(host))


@st.composite
def fullwidth(draw: st.DrawFn, host: str) -> str:
    """Full-width letters and hyphens; the dots stay plain (full-width dots are a browser's own)."""
    chosen = set(draw(st.lists(st.integers(0, len(host) - 1), min_size=1, max_size=len(host))))
    return "".join(
        chr(ord(c) + 0xFEE0) if i in chosen and c not in "." else c for i, c in enumerate(host)
    )


@st.composite
def dot_lookalikes(draw: st.DrawFn, host: str) -> str:
    return _each_dot(host, draw, DOT_LOOKALIKES, all_dots=True)


@st.composite
def line_breaks(draw: st.DrawFn, host: str) -> str:
    """A line break after or before a dot or a hyphen, where a narrow column would wrap it."""
    joints = [i for i, c in enumerate(host) if c in ".-"] + [i + 1 for i, c in enumerate(host) if c in ".-"]
    at = draw(st.sampled_from(joints))
    return host[:at] + draw(st.sampled_from(("\n", "\n  ", " \n"))) + host[at:]


@st.composite
def spelled_dots(draw: st.DrawFn, host: str) -> str:
    return _each_dot(host, draw, SPELLED_DOTS, all_dots=True)


@st.composite
def mixed(draw: st.DrawFn, host: str) -> str:
    """Look-alike letters, then a second trick on the dots or pieces of what that gives."""
    second = draw(st.sampled_from(("emphasis", "entities", "escapes", "dot_lookalikes", "line_breaks")))
    return draw(FAMILIES[second](draw(lookalikes(host))))


def yaml_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar that loads back to exactly `text` (line breaks, invisible
    and astral characters escaped)."""
    out = []
    for char in text:
        code = ord(char)
        if char in "\\\"":
            out.append("\\" + char)
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in (0xFEFF, 0x2028, 0x2029) or code >= 0xD800:
            out.append(f"\\U{code:08X}" if code > 0xFFFF else f"\\u{code:04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


FAMILIES: dict[str, Family] = {
    "emphasis": emphasis,
    "entities": entities,
    "escapes": escapes,
    "invisibles": invisibles,
    "lookalikes": lookalikes,
    "fullwidth": fullwidth,
    "dot_lookalikes": dot_lookalikes,
    "line_breaks": line_breaks,
    "mixed": mixed,
}
# The families that hide a host from a matcher reading the characters as typed: the validator refuses
# each of these for a named flagged host.
HIDDEN_FROM_TYPED = ("emphasis", "entities", "escapes", "lookalikes", "dot_lookalikes", "line_breaks", "mixed")
