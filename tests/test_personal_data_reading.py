"""The personal-data check reads the shared reader's form (tracker/text/reader_form.py), as the host checks do.

What that form changes and personal data must still see: it case-folds (capitals still mean a postcode),
drops Markdown markup and tags (`name<at>domain<dot>com`, `jane_doe@...` are still addresses), drops a
link's destination and a tag's attributes (a number or an address there is still refused) and reads spelled dots as dots (a bare
` at ` needs them). Letters typed for digits inside an otherwise-digit word (`O7700 9OO123`) read as
digits; words like `IO`, `O2`, `Ofcom` and `Level 1` stay words. Each finding is located through the
form's own spans, exactly.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.check.personal_data import EMAIL, HANDLE, PHONE, POSTCODE, Finding, find_personal_data
from tracker.check.validate import validate_text
from tracker.text.reader_form import reader_forms

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("near B3 3RD today", [Finding(5, 11, POSTCODE, "B3 3RD")]),
        ("near B&#51; 3RD today", [Finding(5, 15, POSTCODE, "B&#51; 3RD")]),
        ("near \uff22\uff13 3RD today", [Finding(5, 11, POSTCODE, "\uff22\uff13 3RD")]),
        ("near M1&nbsp;1ST", [Finding(5, 16, POSTCODE, "M1&nbsp;1ST")]),
        ("near b3 3rd today", []),
        ("near B3 3rd today", []),
        ("the m1 1st junction", []),
    ],
)
def test_capitals_mean_a_postcode_even_where_it_reads_as_an_ordinal(text: str, expected: list[Finding]) -> None:
    assert find_personal_data(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x name<at>domain<dot>com y", Finding(2, 24, EMAIL, "name<at>domain<dot>com")),
        ("x name <AT> domain <DOT> com y", Finding(2, 28, EMAIL, "name <AT> domain <DOT> com")),
        ("x name [at] domain [dot] com y", Finding(2, 28, EMAIL, "name [at] domain [dot] com")),
        ("x name[at]domain[dot]com y", Finding(2, 24, EMAIL, "name[at]domain[dot]com")),
        ("x name{at}domain{.}co{.}uk y", Finding(2, 26, EMAIL, "name{at}domain{.}co{.}uk")),
        ("x jane_doe@example.invalid y", Finding(2, 26, EMAIL, "jane_doe@example.invalid")),
        ("x *jane*@example.org y", Finding(3, 20, EMAIL, "jane*@example.org")),
        ("x jane<b>@</b>example.org y", Finding(2, 25, EMAIL, "jane<b>@</b>example.org")),
        ("x @jane_doe y", Finding(2, 11, HANDLE, "@jane_doe")),
        ("x `@jane` y", Finding(3, 8, HANDLE, "@jane")),
        ("x **07700** 900123 y", Finding(4, 18, PHONE, "07700** 900123")),
    ],
)
def test_markup_the_form_drops_does_not_hide_personal_data(text: str, expected: Finding) -> None:
    assert find_personal_data(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see [the notice](tel:+447700900123) now", Finding(21, 34, PHONE, "+447700900123")),
        ("see [the notice](tel:07700-900123) now", Finding(21, 33, PHONE, "07700-900123")),
        ("see [her](mailto:jane@example.org)", Finding(17, 33, EMAIL, "jane@example.org")),
        ("see [her](mailto:jane&#64;example.org)", Finding(17, 37, EMAIL, "jane&#64;example.org")),
        (
            "see [it](https://example.org/call/07700900123) now",
            Finding(9, 45, PHONE, "https://example.org/call/07700900123"),
        ),
        ('see <a href="mailto:jane@example.org">her</a>', Finding(20, 36, EMAIL, "jane@example.org")),
        ("see <span title='07700 900123'>x</span>", Finding(17, 29, PHONE, "07700 900123")),
        (
            "see [it](https://example.org/?c=jane%40example.org)",
            Finding(9, 50, EMAIL, "https://example.org/?c=jane%40example.org"),
        ),
    ],
)
def test_a_link_destination_or_a_tag_attribute_is_read_for_personal_data(text: str, expected: Finding) -> None:
    assert find_personal_data(text) == [expected]


def test_a_number_in_the_link_text_and_one_in_its_destination_are_both_found() -> None:
    text = "[0161 496 0000](tel:01614960000)"
    assert find_personal_data(text) == [
        Finding(1, 14, PHONE, "0161 496 0000"),
        Finding(20, 31, PHONE, "01614960000"),
    ]


def test_a_link_to_an_ordinary_document_is_not_personal_data() -> None:
    assert find_personal_data("[the notice](https://www.ofcom.org.uk/cases/CO-1234-2026) of 2026") == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("the notice at ofcom.org.uk and the guidance at gov.uk", False),
        ("look at example.com today", False),
        ("jane at example.com", False),
        ("jane at example dot com", True),
        ("jane at example [dot] co [dot] uk", True),
        ("jane AT example (.) org", True),
        ("jane&nbsp;at&nbsp;example&nbsp;dot&nbsp;com", True),
        ("jane at example [dot] co.uk", True),
        ("jane at example.co [dot] uk", True),
    ],
)
def test_a_bare_at_is_an_address_only_with_spelled_dots(text: str, found: bool) -> None:
    findings = find_personal_data(text)
    assert [f.kind for f in findings] == ([EMAIL] if found else []), findings
    if found:
        assert findings[0].text == text


def test_the_form_marks_spelled_at_signs_and_keeps_what_it_drops() -> None:
    (form,) = reader_forms("x jane (at) example <dot> org [a](tel:0123) <a href='x'>b</a>")
    assert form.text == "x jane@example.org a b"
    assert sorted(form.spelled) == [6, 14]
    assert form.dropped == ((34, 42), (45, 55), (58, 60))
    # An `(at)` with no word before it is no at sign: `(at) home` is not `@home`.
    assert reader_forms("(at) home")[0].text == "(at) home"
    assert find_personal_data("(at) home, look (at) this") == []


def test_each_text_is_read_once_for_every_check() -> None:
    text = "a body read by the hashed-host, flagged-host and personal-data checks in turn (at) 10"
    assert reader_forms(text) is reader_forms(text)


# --- letters typed for digits ---------------------------------------------------------------------

LOOK_ALIKES = {"0": "Oo\u041e\u043e", "1": "lI"}  # Latin, and Cyrillic О/о, which a reader reads alike


@st.composite
def lettered_phones(draw: st.DrawFn) -> str:
    """A UK number with some of its 0s and 1s typed as letters, each group keeping two real digits."""
    groups = draw(
        st.sampled_from(
            [
                ["07700", "900123"],
                ["01632", "960110"],
                ["020", "7946", "0101"],
                ["0800", "100", "1000"],
                ["01100", "100100"],
            ]
        )
    )
    typed = []
    for group in groups:
        chars = list(group)
        swappable = [i for i, c in enumerate(chars) if c in LOOK_ALIKES]
        keep = max(0, len(chars) - 2)  # letters at most len - 2, so two digits stay
        for i in draw(st.lists(st.sampled_from(swappable), max_size=keep, unique=True)) if swappable else []:
            chars[i] = draw(st.sampled_from(LOOK_ALIKES[chars[i]]))
        typed.append("".join(chars))
    return draw(st.sampled_from([" ", "-", "", "&nbsp;", "\u00a0"])).join(typed)


@pytest.mark.parametrize("phone", ["O7700 900123", "o7700 900123", "07700 9OO123", "0770O 900l23", "020 7946 01Ol"])
def test_letters_for_digits_in_a_phone_number_are_read_as_digits(phone: str) -> None:
    assert find_personal_data(f"call {phone} now") == [Finding(5, 5 + len(phone), PHONE, phone)]


@settings(max_examples=400, deadline=None)
@given(phone=lettered_phones(), before=st.sampled_from(["", "Call ", "(", "tel. "]), after=st.sampled_from(["", ".", " today", ")"]))
def test_every_phone_with_letters_for_digits_is_found_where_typed(phone: str, before: str, after: str) -> None:
    text = before + phone + after
    assert find_personal_data(text) == [Finding(len(before), len(before) + len(phone), PHONE, phone)], text


PROSE_WORDS = ["IO", "O2", "Ofcom", "Level 1", "ISO 27001", "COVID-19", "H2O", "v0.10.2", "OIl", "I", "O", "lOl", "Il"]


@st.composite
def prose_with_letters_and_digits(draw: st.DrawFn) -> str:
    """Words with O, o, I or l beside digits that are not numbers: with another letter in them, or with
    at most one digit; and numbers too short or of the wrong start to be a phone."""
    words = st.one_of(
        st.sampled_from(PROSE_WORDS),
        st.from_regex(r"[OoIl0-9]{0,4}[a-hj-km-np-zA-HJ-NP-Z][OoIl0-9a-z]{0,6}", fullmatch=True),
        st.from_regex(r"[OoIl]{0,5}[0-9]?[OoIl]{0,5}", fullmatch=True).filter(bool),
        st.from_regex(r"[1-9][0-9OoIl]{0,3}", fullmatch=True),
    )
    return " ".join(draw(st.lists(words, min_size=1, max_size=12)))


@settings(max_examples=500, deadline=None)
@given(prose_with_letters_and_digits())
def test_words_with_letters_beside_digits_are_not_phone_numbers(text: str) -> None:
    assert [f for f in find_personal_data(text) if f.kind == PHONE] == [], text


@pytest.mark.parametrize("text", ["IO", "O2", "Ofcom", "Level 1", "call O2 on", "room 1O1, floor 2", "l0l", "Il0"])
def test_words_are_not_read_as_digits(text: str) -> None:
    assert find_personal_data(text) == []


def test_a_word_before_a_number_stays_a_word() -> None:
    assert find_personal_data("O2 0800 123 4567") == [Finding(3, 16, PHONE, "0800 123 4567")]


@settings(max_examples=40, deadline=None)
@given(phone=lettered_phones(), shape=st.sampled_from(["title", "link"]))
def test_the_validator_refuses_them_at_their_column(phone: str, shape: str) -> None:
    demo = (ROOT / "data" / "platforms.yaml").read_text(encoding="utf-8")
    anchor = "        title: "
    index = demo.index(anchor) + len(anchor)
    line = demo.count("\n", 0, index) + 1
    address = phone.replace(" ", "-").replace("\u00a0", "-")  # a destination holds no space
    value = f"Reach {phone}" if shape == "title" else f"Reach [her](tel:{address})"
    offset = value.index(phone[:1], 6 if shape == "title" else 16)
    text = demo[:index] + f'"{value}"' + demo[demo.index("\n", index) :]
    result, _ = validate_text(text, "data/platforms.yaml", date(2026, 11, 27))
    messages = [p for p in result.problems if "looks like a phone number" in p.message]
    assert [(p.line, p.column) for p in messages] == [(line, len(anchor) + 2 + offset)], (value, result.problems)


# --- the quick first look -------------------------------------------------------------------------

PIECES = (
    "07700", "900123", "O7700", "9OO1l2", "+44", "(0)", "020", "7946", " ", "-", ".", "&#48;", "&nbsp;",
    "\u00a0", "\u200b", "\uff10", "@", "&#64;", "\uff20", "(at)", "[at]", "<at>", " at ", " dot ", "[dot]",
    "(.)", "<dot>", "jane", "_", "*", "`", "[", "]", "](", ")", "(", "](tel:07700900123)", "example", "com",
    "org", "SW1A", "1AA", "b3", "3RD", "3rd", "u/", "ab", "https://x.org/", "\n", "<b>", "&", "\u0430",
    "<a href='mailto:a@b.org'>", "<i title='07700 900123'>",
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_the_quick_first_look_gives_what_the_full_form_gives(pieces: list[str]) -> None:
    """The form with its map back is made only when the quick text holds something: on text built from
    every piece the patterns care about, the findings equal those of always making the form."""
    text = "".join(pieces)
    assert find_personal_data(text) == find_personal_data(text, first_look=False), text
