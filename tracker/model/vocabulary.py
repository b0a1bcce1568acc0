"""The data model and every controlled vocabulary, defined once.

The validator, the JSON Schema test, the derive rules and the methodology page all read these tables,
so a new event type or status is added in exactly one place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")

# --- vocabularies -------------------------------------------------------------------------------------

HARMS: Mapping[str, str] = MappingProxyType(
    {
        "ncii": "Non-consensual intimate images",
        "csam": "Child sexual abuse material",
        "deepfake-ncii": "Sexually explicit deepfakes made without consent",
        "sextortion": "Sexual extortion",
        "other": "Other illegal harm",
    }
)

# The short names readers and campaigners search for (the platforms table's filter finds them).
HARM_SHORT_NAMES: Mapping[str, str] = MappingProxyType(
    {"ncii": "NCII", "csam": "CSAM", "deepfake-ncii": "deepfake NCII"}
)

ROLES: Mapping[str, str] = MappingProxyType(
    {
        "survivor": "A survivor (never named)",
        "campaign-group": "A campaign group",
        "lawyer": "A lawyer",
        "journalist": "A journalist",
        "public": "A member of the public",
        "parliamentarian": "A member of the House of Commons or the House of Lords",
        "regulator": "The regulator",
        "court": "A court",
        "platform": "The platform",
    }
)

# Event classes: what an event does to the waiting clock and the status.
REPORT = "report"
PROCEDURAL = "regulator-procedural"
SUBSTANTIVE = "regulator-substantive"
PLATFORM = "platform"
EXTERNAL = "external"
SCHEDULED = "scheduled"

EVENT_CLASSES: Mapping[str, str] = MappingProxyType(
    {
        REPORT: "Starts the waiting clock (the first report to each regulator).",
        PROCEDURAL: "The regulator replied or asked for information, but took no investigation or "
        "enforcement step: the clock keeps running.",
        SUBSTANTIVE: "An investigation or enforcement step: the clock stops. "
        "A decision not to act is still a decision.",
        PLATFORM: "What the platform itself did. Shown in the platform lane.",
        EXTERNAL: "Context: court cases, Parliament, the press, corrections. No effect on status.",
        SCHEDULED: "A future hearing or deadline. Listed in the calendar until its date, "
        "then shown as an ordinary past entry.",
    }
)


@dataclass(frozen=True)
class EventType:
    """One row of the event vocabulary: its class, a short label for timelines and a plain definition."""

    name: str
    cls: str
    label: str
    definition: str


def _types(*rows: tuple[str, str, str, str]) -> Mapping[str, EventType]:
    return MappingProxyType({r[0]: EventType(*r) for r in rows})


EVENT_TYPES: Mapping[str, EventType] = _types(
    ("reported", REPORT, "Reported", "The platform was reported to the regulator."),
    (
        "super-complaint",
        REPORT,
        "Super-complaint",
        "An eligible body made a super-complaint to the regulator.",
    ),
    ("acknowledged", PROCEDURAL, "Acknowledged", "The regulator acknowledged the report."),
    (
        "information-notice",
        PROCEDURAL,
        "Information notice",
        "The regulator sent the provider a legally binding request for information.",
    ),
    (
        "initial-assessment",
        PROCEDURAL,
        "Initial assessment",
        "The regulator said it was assessing the platform before deciding whether to investigate.",
    ),
    (
        "enforcement-programme",
        SUBSTANTIVE,
        "Enforcement programme",
        "The regulator placed the platform in a formal enforcement or monitoring programme.",
    ),
    (
        "investigation-opened",
        SUBSTANTIVE,
        "Investigation opened",
        "The regulator opened a formal investigation.",
    ),
    (
        "provisional-notice",
        SUBSTANTIVE,
        "Provisional notice",
        "The regulator issued a provisional notice of contravention: a proposed finding, not yet final.",
    ),
    (
        "confirmation-decision",
        SUBSTANTIVE,
        "Confirmation decision",
        "The regulator confirmed that the provider broke its duties.",
    ),
    ("penalty", SUBSTANTIVE, "Penalty", "The regulator fined the provider."),
    (
        "service-restriction-order",
        SUBSTANTIVE,
        "Service restriction order",
        "A court order, sought by the regulator, requiring payment or advertising services to withdraw.",
    ),
    (
        "access-restriction-order",
        SUBSTANTIVE,
        "Access restriction order",
        "A court order, sought by the regulator, requiring internet providers to block access in the UK.",
    ),
    (
        "investigation-closed",
        SUBSTANTIVE,
        "Investigation closed",
        "The regulator closed its investigation.",
    ),
    ("no-action", SUBSTANTIVE, "No action", "The regulator decided not to act."),
    (
        "platform-response",
        PLATFORM,
        "Platform response",
        "The platform responded, for example by going offline, blocking UK users or removing content.",
    ),
    ("legal-action", EXTERNAL, "Legal action", "A legal step, such as a pre-action letter or a court claim."),
    ("parliamentary", EXTERNAL, "Parliament", "A question, debate or committee report in Parliament."),
    ("media", EXTERNAL, "Media", "Press reporting about the platform or the regulator."),
    ("correction", EXTERNAL, "Correction", "A correction to an earlier entry in this record."),
    ("other", EXTERNAL, "Other", "Any other relevant development."),
    ("scheduled", SCHEDULED, "Scheduled", "A future hearing or deadline."),
)

OUTCOMES: Mapping[str, str] = MappingProxyType(
    {
        "offline": "The platform went offline.",
        "geo-blocked": "The platform blocked users in the UK.",
        "content-removed": "The platform removed the reported content.",
        "measures-adopted": "The platform said it adopted new safety measures.",
        "no-change": "The platform made no change.",
    }
)

# Types that end in an enforcement-action status (confirmation, fine, court orders).
ENFORCEMENT_TYPES = frozenset(
    {"confirmation-decision", "penalty", "service-restriction-order", "access-restriction-order"}
)
CLOSING_TYPES = frozenset({"investigation-closed", "no-action"})

# The one defined term for the class of regulator steps that stop the waiting clock. Every page, milestone,
# counter, feed item and export uses it word for word, so a reader never meets two names for one thing.
COUNTED_STEP = "an investigation or enforcement step"
NO_COUNTED_STEP = "no investigation or enforcement step"
# Why the regulator's other replies do not count (the methodology page prints this).
UNCOUNTED_STEPS_REASON = (
    "An acknowledgement, an initial assessment and an information notice are steps the regulator takes, "
    "and an information notice is a legally binding demand for information, but none of them by itself "
    "opens an investigation or enforces anything against the platform, so none of them stops the clock."
)
# Said instead of a waiting time when a regulator has acted on a platform that no report here reached.
NO_CLOCK_SENTENCE = "no report is recorded here, so there is no waiting clock"

# Statuses in precedence order: the first that applies wins (the methodology page prints this order).
# A regulator's event counts whether or not a report is recorded; only the waiting clock needs a report.
OFFLINE = "offline or blocked in UK"
ENFORCEMENT = "enforcement action"
CLOSED = "closed without action"
INVESTIGATING = "under investigation"
INITIAL_STEPS = "initial steps only"
NO_RESPONSE = "no response"
NOT_REPORTED = "not reported"

STATUSES: Mapping[str, str] = MappingProxyType(
    {
        OFFLINE: "The platform's latest reported response is that it went offline or blocked UK users.",
        ENFORCEMENT: "The regulator has made a confirmation decision, fined the provider or obtained "
        "a restriction order.",
        CLOSED: "The regulator's latest investigation or enforcement step was to close its investigation "
        "or decide not to act.",
        INVESTIGATING: "The regulator has taken an investigation or enforcement step (such as opening an "
        "investigation) but has made no final decision.",
        INITIAL_STEPS: "The regulator has acknowledged a report, made an initial assessment or sent an "
        "information notice, and has taken no investigation or enforcement step.",
        NO_RESPONSE: "The platform was reported to the regulator and no event of the regulator about it is "
        "recorded.",
        NOT_REPORTED: "Neither a report of the platform to the regulator nor any event of the regulator "
        "about it is recorded.",
    }
)
STATUS_SLUGS: Mapping[str, str] = MappingProxyType({s: s.replace(" ", "-") for s in STATUSES})

# --- timeline lanes: decided by who acts toward whom ---------------------------------------------------

REGULATOR_LANE = "regulator"
OTHER_LANE = "other"
LANES: Mapping[str, str] = MappingProxyType(
    {REGULATOR_LANE: "Reports and the regulator", OTHER_LANE: "Platform and others"}
)
# Those whose dealings with a regulator are the regulator's story: people who report to it or challenge
# it, courts ruling on its applications, and the regulator itself. Parliament and the press comment on
# it from outside, so their entries stay in the other lane.
REGULATOR_LANE_ROLES = frozenset({"survivor", "campaign-group", "lawyer", "public", "regulator", "court"})
LANE_RULE = (
    "An entry is in the lane “Reports and the regulator” when it passes between those who report, the"
    " courts and the regulator: every report, every reply and step of the regulator, every silence"
    " milestone, and any other entry about the regulator by someone who reports to it, a lawyer, a court"
    " or the regulator itself (a campaign group's letter to the regulator, a legal challenge to it, a"
    " court hearing or decision on its application). Everything else is in the lane “Platform and"
    " others”: what the platform did, Parliament, the press, and entries about no regulator."
)
# The same rule in one sentence, for the top of each platform's timeline (the methodology page has it whole).
LANE_SUMMARY = (
    "Entries that pass between those who report, the courts and the regulator (reports, the regulator's"
    " replies and steps, court decisions on its applications) are in the lane “Reports and the regulator”;"
    " what the platform did, Parliament, the press and everything else are in the lane “Platform and others”."
)


def lane(cls: str, regulator: str | None, by: str) -> str:
    """The lane of an event (see `LANE_RULE`): written once, so the pages and the methodology agree."""
    if cls in (REPORT, PROCEDURAL, SUBSTANTIVE):
        return REGULATOR_LANE
    if cls != PLATFORM and regulator is not None and by in REGULATOR_LANE_ROLES:
        return REGULATOR_LANE
    return OTHER_LANE


LINK_POLICIES = ("refuse-own-domain", "allow-own-domain")


