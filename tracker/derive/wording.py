"""The sentences that state a finding about a wait, made once so every output says it the same way.

A page, a feed item and an export row that each phrased "overdue" or "no step" for themselves would
sooner or later disagree with each other or with the events they list; the regulator's lawyers would
read that as a mistake in the record. Each phrase here is made from a `Clock` and the regulator alone.
"""

from __future__ import annotations

from tracker.derive.clocks import Clock
from tracker.model.dataset import Regulator
from tracker.model.vocabulary import NO_CLOCK_SENTENCE


def plural(n: int, noun: str, many: str | None = None) -> str:
    """`1 bank holiday`, `2 bank holidays`: a count a reader can read aloud without a slip."""
    return f"{n} {noun if n == 1 else (many or noun + 's')}"


def sentence(text: str) -> str:
    """A phrase from this module as the start of a sentence."""
    return text[:1].upper() + text[1:]


def beyond_window(the_clock: Clock, regulator: Regulator) -> int | None:
    """Working days past the response window, stopped clocks included (a late answer was late).

    None when there is no clock; 0 when the wait is within the window.
    """
    if the_clock.span is None:
        return None
    return max(0, the_clock.span.working_days - regulator.response_window_working_days)


def wait_in_words(the_clock: Clock, regulator: Regulator) -> str:
    """The wait as a fact: "clock stopped after 89 working days: 69 beyond the 20-day window".

    Never a bare yes or no, because "overdue: no" beside a late answer reads as a finding that the
    regulator was on time. Not "answered after" either: the same page lists the regulator's earlier
    acknowledgement, which is an answer, so the phrase would contradict it; the clock is what stopped.
    """
    span = the_clock.span
    if span is None:
        return NO_CLOCK_SENTENCE
    window = regulator.response_window_working_days
    days = span.working_days
    late = beyond_window(the_clock, regulator) or 0
    if the_clock.running:
        if late:
            return f"still waiting: {plural(late, 'working day')} beyond the window"
        return f"still waiting: {plural(days, 'working day')} so far, within the {window}-day window"
    if late:
        return f"clock stopped after {plural(days, 'working day')}: {late} beyond the {window}-day window"
    return f"clock stopped after {plural(days, 'working day')}, within the {window}-day window"


def stop_in_words(the_clock: Clock, regulator: Regulator) -> str:
    """The end of a stopped clock's sentence on the platform page, which has just given the number of
    working days (linked to the working): "which stopped the clock, 69 beyond the 20-day window".
    `wait_in_words` there would state the same number twice."""
    window = regulator.response_window_working_days
    late = beyond_window(the_clock, regulator) or 0
    if late:
        return f"which stopped the clock, {late} beyond the {window}-day window"
    return f"which stopped the clock within the {window}-day window"

