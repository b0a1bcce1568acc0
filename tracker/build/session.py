"""One build's session: what `build_site` prepared for the generator Pelican makes, and what it leaves.

Pelican constructs the generator itself, so the session reaches it through `start_session` (one build
at a time); `tracker.plugin.unregister()` clears it, so nothing is kept from one build to the next.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import date

from tracker.build.staging import Sink
from tracker.check.validate import Loaded
from tracker.derive.calendars import Calendars
from tracker.derive.memo import Memo

__all__ = ["Group", "Session", "current_session", "end_session", "start_session"]

# A group of files rendered together from the same inputs: (key of those inputs, the files).
Group = tuple[str, tuple[str, ...]]


@dataclass
class Session:
    """One build, as `build_site` prepared it.

    `base_key` digests the code, theme, settings and content; with the data it makes every cache key.
    `previous` holds the groups of the build whose output is live (`Output.reuse`), `fragments` text
    that build computed (`Output.fragment`), `markdown` the rendered-Markdown store, `calendars` the
    holiday tables (some perhaps kept by the previous build), `memo` the values made from each platform's
    record (a warm process's last build's among them). The writers fill `groups` and `new_fragments` for
    the next build.
    """

    data_path: str
    today: date
    loaded: Loaded | None
    sink: Sink
    base_key: str = ""
    previous: Mapping[str, Group] = field(default_factory=dict)
    fragments: Mapping[str, str] = field(default_factory=dict)
    markdown: MutableMapping[bytes, str] | None = None
    calendars: Calendars = field(default_factory=Calendars)
    memo: Memo = field(default_factory=Memo)
    groups: dict[str, Group] = field(default_factory=dict)
    new_fragments: dict[str, str] = field(default_factory=dict)
    reused: int = 0
    # Keys of the rendered Markdown worth keeping: every text of the record as it now stands.
    markdown_keys: set[bytes] = field(default_factory=set)


_SESSION: list[Session] = []


def start_session(session: Session) -> None:
    """The session the next generator uses (one build at a time); cleared by `unregister()`."""
    _SESSION[:] = [session]


def current_session() -> Session | None:
    return _SESSION[0] if _SESSION else None


def end_session() -> None:
    _SESSION.clear()
