"""The overview's first sentence: what the record has found, made from the derived figures alone.

A reader should be able to say in ten seconds what the site has found, so the sentence names the
regulator, the law and the harm, uses one denominator, gives working days with a calendar equivalent,
and links each figure to its working. It is made from the same regulator view the regulator's page
prints, so the two pages cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from markupsafe import Markup

from tracker.site.views import RegulatorRecord, RegulatorView

# The harms as words after "reported to it ... for"; `other` names no harm, so it adds nothing.
HARM_PHRASES: Mapping[str, str] = MappingProxyType({
    "ncii": "intimate-image abuse",
    "deepfake-ncii": "intimate-image abuse",
    "sextortion": "sexual extortion",
    "csam": "child sexual abuse material",
})


def about(calendar_days: int) -> str:
    """A calendar equivalent a reader can picture: weeks under two months, months under two years."""
    if calendar_days < 61:
        weeks = max(1, round(calendar_days / 7))
        return f"about {weeks} week{'s' if weeks != 1 else ''}"
    months = round(calendar_days / (365.25 / 12))
    if months < 24:
        return f"about {months} months"
    return f"about {round(calendar_days / 365.25)} years"


def _harm_phrase(harms: Iterable[str]) -> str:
    phrases = list(dict.fromkeys(HARM_PHRASES[h] for h in harms if h in HARM_PHRASES))
    if not phrases:
        return ""
    joined = phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " or " + phrases[-1]
    return f" for {joined}"


def _main_regulator(regulators: Sequence[RegulatorView]) -> RegulatorView | None:
    """The regulator most platforms were reported to (the first listed on a tie)."""
    reported = [r for r in regulators if r.reported]
    return max(reported, key=lambda r: r.reported) if reported else None


@dataclass(frozen=True)
class Headline:
    """The figures of the sentence; the overview template words it and links each figure."""

    regulator: Markup
    law: Markup
    harm: str  # " for intimate-image abuse ...", or empty
    reported: int
    waiting: int  # reported platforms with no investigation or enforcement step
    longest_days: int | None
    longest_about: str | None
    longest_url: str | None  # the longest wait's working, from the site root


def headline(regulators: Sequence[RegulatorView], harms: Mapping[str, tuple[str, ...]]) -> Headline | None:
    """The figures, or None when nothing has been reported yet. `harms`: each platform's harm codes."""
    regulator = _main_regulator(regulators)
    if regulator is None:
        return None
    reported = [r for r in regulator.records if r.clock.started is not None]
    waiting: list[RegulatorRecord] = [r for r in reported if r.clock.running]
    longest = max(waiting, key=lambda r: r.clock.working_days or 0) if waiting else None
    return Headline(
        regulator=regulator.name,
        law=regulator.law,
        harm=_harm_phrase(h for r in reported for h in harms.get(r.platform.id, ())),
        reported=len(reported),
        waiting=len(waiting),
        longest_days=longest.clock.working_days if longest else None,
        longest_about=about(longest.clock.calendar_days or 0) if longest else None,
        longest_url=longest.clock.working_url if longest else None,
    )
