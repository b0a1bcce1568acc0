"""The quick reading (tracker/text/reader_quick.py) must give exactly the full reader's texts.

The flagged-host check trusts the quick text to decide whether a text needs its full reading at all: a
quick text that differed from the full one could hide a host the full reading finds. So they are
compared on every family of disguised hosts (tests/spellings.py), in prose around them, and on text
drawn from every character class the reader treats apart (markup, entities, escapes, tags, link
destinations, spelled dots, each kind of space and line break, look-alikes, invisibles, expansions).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spellings import FAMILIES

from tracker.text.flagged import FlaggedDomains
from tracker.text.reader_form import READS_AS, reader_forms
from tracker.text.reader_quick import quick_reading, reader_texts

MANY = settings(deadline=None, max_examples=400, suppress_health_check=[HealthCheck.too_slow])
HOST = "forum-a.example.invalid"
PIECES = (
    "*", "_", "`", "~", "[", "]", "](x.y)", "](", ")", "(", "{", "}", "<b>", "</em>", "<a href='x'>", "<",
    ">", "&#46;", "&#x2E;", "&period;", "&amp;", "&bogus;", "&#9999999999;", "&#0;", "&", "\\.", "\\*",
    "\\", "[.]", "(dot)", " dot ", " DOT ", "{ . }", ".", "-", "@", " ", "  ", "\t", "\n", "\r\n", "\u2028",
    "\x0b", "\x1f", "\u00a0", "\u3000", "\u200b", "\u00ad", "\ufe0f", "\u202e", "\U000e0041", "\u00a8",
    "\ufb01", "\u2474", "\u0130", "\u03a3", "\u1e9e", "A", "z", "0", "é", "\u0430",
    "(at)", "[ at ]", "<at>", "{AT}", "<dot>", "< . >", "](tel:0)",
)


def _same(text: str) -> None:
    assert reader_texts(text) == tuple(form.text for form in reader_forms(text))
    forms = reader_forms(text)
    assert quick_reading(text).dropped == (forms[0].dropped if forms else ())


@MANY
@given(st.lists(st.sampled_from(PIECES) | st.sampled_from(sorted(READS_AS)) | st.text(max_size=3)))
def test_quick_texts_are_the_full_readers_texts(pieces: list[str]) -> None:
    _same("".join(pieces))


@MANY
@given(st.sampled_from(sorted(FAMILIES)).flatmap(lambda name: FAMILIES[name](HOST)), st.text(max_size=12))
def test_quick_texts_agree_on_every_disguised_host(spelled: str, prose: str) -> None:
    _same(spelled)
    _same(f"{prose}{spelled}{prose[::-1]}")


@MANY
@given(st.sampled_from(sorted(FAMILIES)).flatmap(lambda name: FAMILIES[name](HOST)))
def test_every_disguised_host_is_still_found(spelled: str) -> None:
    """With the quick first look, the check still finds the host in every spelling, where it was typed
    (a fresh set each time, so no cached answer stands in for the reading)."""
    text = f"see {spelled} now"
    mentions = FlaggedDomains.build([HOST]).reader_mentions(text)
    assert any(m.start >= 4 and m.end <= 4 + len(spelled) and m.found == HOST for m in mentions), mentions
