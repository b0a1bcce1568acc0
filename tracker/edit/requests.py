"""Add a platform or one event to the hand-written data file without disturbing anything else in it.

The comments in `data/platforms.yaml` are the campaign's memory (why a record is not named, which sources
are fictional), and reviewers read pull requests as diffs. So an edit never re-serialises the file: the new
block is rendered with ruamel.yaml in the file's own indentation and spliced in as text, and every byte
outside it stays as it was. Events go in date order (the file lists them oldest first), after any events
of the same day. Before the file is replaced (atomically), the result must read back as the old data plus
exactly the new record, and the validator must find no problem in it; otherwise nothing is written and the
located problems are returned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tracker.model.dataset import Regulator, Source
from tracker.model.problems import Problem
from tracker.model.vocabulary import ROLES
from tracker.text.hosts import domain_sha256, is_bare_hostname

__all__ = [
    "Edit",
    "EditError",
    "NewEvent",
    "NewPlatform",
    "report_title",
]

# Lists written on one line, as the data file writes them (`harms: [ncii, csam]`).
FLOW_LISTS = frozenset({"harms", "regulators", "domains", "domain_sha256"})
# Long Markdown text is written as a folded block (`summary: >-`), wrapped to this width.
FOLDED_FIELDS = frozenset({"summary", "body"})
LINE_WIDTH = 100


class EditError(Exception):
    """The edit was refused. `problems` are located in the file as it is now; `answers` are the problems
    of the new block, each told as the answer it is in (tracker/edit/answers.py)."""

    def __init__(self, message: str, problems: Sequence[Problem] = (), answers: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)
        self.answers = tuple(answers)


@dataclass(frozen=True)
class NewEvent:
    date: dt.date
    type: str
    by: str
    title: str
    regulator: str | None = None
    id: str | None = None
    body: str | None = None
    sources: tuple[Source, ...] = ()
    outcome: str | None = None
    amount_gbp: int | None = None
    daily_rate_gbp: int | None = None
    recorded: dt.date | None = None

    def record(self) -> dict[str, Any]:
        """The event as it is written in the file, in the file's usual key order."""
        values: dict[str, Any] = {
            "id": self.id,
            "date": self.date,
            "type": self.type,
            "regulator": self.regulator,
            "by": self.by,
            "title": self.title,
            "body": self.body,
            "amount_gbp": self.amount_gbp,
            "daily_rate_gbp": self.daily_rate_gbp,
            "outcome": self.outcome,
            "sources": [_source(s) for s in self.sources] or None,
            "recorded": self.recorded,
        }
        return {k: v for k, v in values.items() if v is not None}


def _source(source: Source) -> dict[str, Any]:
    values = {"title": source.title, "url": source.url, "archived": source.archived}
    return {k: v for k, v in values.items() if v is not None}


@dataclass(frozen=True)
class NewPlatform:
    """A new platform with its first event (usually the report).

    Naming needs evidence: the platform is `named: true` only with a `naming_source`. Without one it is
    `named: false`, and any domains given are written only as `domain_sha256` hashes, so a domain is never
    published by accident while the naming question is open.
    """

    id: str
    name: str
    harms: tuple[str, ...]
    summary: str
    regulators: tuple[str, ...]
    first_event: NewEvent
    naming_source: str | None = None
    domains: tuple[str, ...] = field(default_factory=tuple)

    @property
    def named(self) -> bool:
        return self.naming_source is not None

    def record(self) -> dict[str, Any]:
        values: dict[str, Any] = {"id": self.id, "name": self.name, "named": self.named}
        if self.named:
            values["naming_source"] = self.naming_source
            if self.domains:
                values["domains"] = list(self.domains)
        elif self.domains:
            values["domain_sha256"] = [_hash(d) for d in self.domains]
        values.update(
            harms=list(self.harms),
            summary=self.summary,
            regulators=list(self.regulators),
            events=[self.first_event.record()],
        )
        return values


def _hash(domain: str) -> str:
    if not is_bare_hostname(domain):
        raise EditError(
            f"'{domain}' is not a bare domain name: write the host name only, e.g. example.com,"
            " without https:// or a path"
        )
    return domain_sha256(domain)


def report_title(regulator: Regulator, by: str) -> str:
    """A plain default title for a first report, e.g. "Reported to Ofcom by a campaign group"."""
    role = ROLES.get(by, by).split(" (")[0]
    return f"Reported to {regulator.name} by {role[:1].lower()}{role[1:]}"


@dataclass(frozen=True)
class Edit:
    """A planned edit: `after` is `before` with `block` inserted at `offset` (and, only when the list was
    written empty as `[]`, that `[]` removed from the line above the block)."""

    before: str
    after: str
    offset: int
    block: str
    what: str
    record: tuple[str | int, ...] = ()  # where the new record is in the edited data, e.g. ("platforms", 9)

    @property
    def first_line(self) -> int:
        """1-based line of the block's first non-blank line in `after`."""
        leading = len(self.block) - len(self.block.lstrip("\r\n"))
        return self.after.count("\n", 0, self.offset + leading) + 1

    @property
    def last_line(self) -> int:
        return self.after.count("\n", 0, self.offset + len(self.block.rstrip("\r\n"))) + 1


