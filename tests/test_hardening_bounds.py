"""Numbers, dates, control characters and ids that used to stop publishing with a traceback.

Any pull request could stop the site being published: a 5,000-digit integer (Python will not read it), a
control character written as an entity (the feed writer refuses it), a scheduled date of 9999-12-31 or a
milestone of 10^18 working days (date arithmetic overflows), an event id of a derived milestone's form
(two feed items with one id). Each is now a located message from the validator.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from samples import LINE_ACK_TITLE, NAME, TODAY, replace

from tracker.check.validate import validate_text

PENALTY = """\
      - date: 2026-03-02
        type: penalty
        regulator: ofcom
        by: regulator
        title: Ofcom fined the operator
        amount_gbp: {amount}
        sources:
          - title: Ofcom penalty notice
            url: https://news.example.org/penalty
"""


def problems(text: str) -> list[str]:
    result, _ = validate_text(text, NAME, TODAY)
    return [p.format() for p in result.problems]


def with_penalty(amount: str) -> str:
    return replace(
        "            url: https://news.example.org/ack\n",
        "            url: https://news.example.org/ack\n" + PENALTY.format(amount=amount),
    )


def test_a_sane_penalty_passes() -> None:
    assert problems(with_penalty("18000000")) == []


@settings(max_examples=60, deadline=None)
@given(digits=st.integers(14, 6000), first=st.sampled_from("123456789"))
def test_any_huge_integer_is_a_located_message(digits: int, first: str) -> None:
    assert problems(with_penalty(first + "0" * (digits - 1))) == [
        f"{NAME}:39:21: error: 'amount_gbp' must be at most 1000000000000"
        " (check the number: it is far larger than any real one)"
    ]


def test_the_bound_is_exact() -> None:
    assert problems(with_penalty(str(10**12))) == []
    assert problems(with_penalty(str(10**12 + 1))) == [
        f"{NAME}:39:21: error: 'amount_gbp' must be at most 1000000000000"
        " (check the number: it is far larger than any real one)"
    ]


@settings(max_examples=40, deadline=None)
@given(exponent=st.integers(5, 5000))
def test_windows_and_milestones_are_bounded(exponent: int) -> None:
    huge = "1" + "0" * exponent
    milestones = replace("[20, 60, 120]", f"[20, 60, {huge}]")
    window = replace("response_window_working_days: 20", f"response_window_working_days: {huge}")
    assert problems(milestones) == [
        f"{NAME}:8:47: error: 'silence_milestones_working_days' must be at most 10000"
        " (check the number: it is far larger than any real one)"
    ]
    assert problems(window) == [
        f"{NAME}:7:35: error: 'response_window_working_days' must be at most 1000"
        " (check the number: it is far larger than any real one)"
    ]


@settings(max_examples=60, deadline=None)
@given(year=st.one_of(st.integers(1, 1989), st.integers(2037, 9999)))
def test_dates_outside_the_covered_years_are_refused(year: int) -> None:
    scheduled = PENALTY.replace("penalty\n", "scheduled\n").replace("        amount_gbp: {amount}\n", "")
    text = replace(
        "            url: https://news.example.org/ack\n",
        "            url: https://news.example.org/ack\n"
        + scheduled.replace("2026-03-02", f"{year:04d}-12-31"),
    )
    found = problems(text)
    assert (
        f"{NAME}:34:15: error: the date {year:04d}-12-31 is outside the years the tracker covers (1990 to 2036)"
        " (check the year)"
    ) in found


def test_a_scheduled_date_ten_years_ahead_passes() -> None:
    scheduled = PENALTY.replace("penalty\n", "scheduled\n").replace("        amount_gbp: {amount}\n", "")
    text = replace(
        "            url: https://news.example.org/ack\n",
        "            url: https://news.example.org/ack\n" + scheduled.replace("2026-03-02", "2036-12-31"),
    )
    assert problems(text) == []


@settings(max_examples=100, deadline=None)
@given(regulator=st.from_regex(r"[a-z0-9]{1,10}", fullmatch=True), days=st.integers(1, 10**6))
def test_an_event_id_may_not_take_a_milestone_form(regulator: str, days: int) -> None:
    ident = f"silence-{regulator}-{days}"
    text = replace(LINE_ACK_TITLE, f"{LINE_ACK_TITLE}\n        id: {ident}")
    assert problems(text) == [
        f"{NAME}:31:13: error: the event id '{ident}' has the form of a silence milestone's id (the tracker"
        " names its milestones silence-<regulator>-<days>: choose an id that does not start with 'silence-')"
    ]


@settings(max_examples=200, deadline=None)
@given(
    code=st.one_of(st.integers(0x01, 0x08), st.integers(0x0E, 0x1F), st.integers(0x7F, 0x9F)),
    hexadecimal=st.booleans(),
    zeros=st.integers(0, 4),
    end=st.sampled_from([";", "", " x"]),
)
def test_a_control_character_written_as_an_entity_is_refused(
    code: int, hexadecimal: bool, zeros: int, end: str
) -> None:
    entity = f"&#x{'0' * zeros}{code:x}" if hexadecimal else f"&#{'0' * zeros}{code}"
    text = replace(LINE_ACK_TITLE, f"{LINE_ACK_TITLE}\n        body: 'before {entity}{end} after'")
    assert problems(text) == [
        f"{NAME}:31:15: error: 'body' contains an invisible control character ({entity} (U+{code:04X}))"
        " (delete it: retype the text if you cannot see where it is)"
    ]
