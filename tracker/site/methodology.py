"""The methodology page's content, read from the same vocabularies the validator and derive rules use.

A definition written by hand on a page drifts from the code; one generated from `tracker.model` cannot.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.model.vocabulary import (
    EVENT_CLASSES,
    EVENT_TYPES,
    HARMS,
    LANE_RULE,
    LANES,
    OTHER_LANE,
    OUTCOMES,
    PROCEDURAL,
    REGULATOR_LANE,
    ROLES,
    STATUSES,
    SUBSTANTIVE,
    UNCOUNTED_STEPS_REASON,
    EventType,
)
from tracker.site.views import CLASS_LANES, LANE_LABELS, status_class, status_label


@dataclass(frozen=True)
class StatusRow:
    name: str
    label: str
    slug: str
    definition: str


@dataclass(frozen=True)
class ClassGroup:
    name: str
    effect: str
    lane: str
    types: tuple[EventType, ...]


@dataclass(frozen=True)
class Term:
    code: str
    meaning: str


@dataclass(frozen=True)
class Methodology:
    statuses: tuple[StatusRow, ...]  # in precedence order: the first that applies wins
    classes: tuple[ClassGroup, ...]
    harms: tuple[Term, ...]
    roles: tuple[Term, ...]
    outcomes: tuple[Term, ...]
    counted: tuple[str, ...]  # labels of the steps that are "an investigation or enforcement step"
    uncounted: tuple[str, ...]  # the regulator's other steps, which do not stop the clock
    uncounted_reason: str
    lane_rule: str


_EITHER_LANE = (
    f"“{LANES[REGULATOR_LANE]}” when it is about the regulator and by someone who reports, a lawyer, a"
    f" court or the regulator; otherwise “{LANES[OTHER_LANE]}”"
)


def methodology() -> Methodology:
    return Methodology(
        statuses=tuple(
            StatusRow(name, status_label(name), status_class(name), text) for name, text in STATUSES.items()
        ),
        classes=tuple(
            ClassGroup(
                name=cls,
                effect=effect,
                lane=f"“{LANE_LABELS[CLASS_LANES[cls]]}”" if cls in CLASS_LANES else _EITHER_LANE,
                types=tuple(t for t in EVENT_TYPES.values() if t.cls == cls),
            )
            for cls, effect in EVENT_CLASSES.items()
        ),
        harms=tuple(Term(k, v) for k, v in HARMS.items()),
        roles=tuple(Term(k, v) for k, v in ROLES.items()),
        outcomes=tuple(Term(k, v) for k, v in OUTCOMES.items()),
        counted=tuple(t.label.lower() for t in EVENT_TYPES.values() if t.cls == SUBSTANTIVE),
        uncounted=tuple(t.label.lower() for t in EVENT_TYPES.values() if t.cls == PROCEDURAL),
        uncounted_reason=UNCOUNTED_STEPS_REASON,
        lane_rule=LANE_RULE,
    )
