"""The contract between the build and its writers (site, feeds, downloads), declared once.

Writers used to receive the build's own `Output` object and read what they liked from it: Pelican's
generator, its context, the raw settings dict, the session. Now they see only `Output`, a protocol of
the few things a writer may do (render a page, write a file, reuse what the previous build made), and
each writer is a `Writer`: the generator loops over a tuple of them instead of wiring each by hand.

A build is split into units that can run in any order and in forked processes: a unit per platform,
numbered extra units (the timeline's pages), whole-site steps, and a `finish` that runs last in the
main process once every unit's files are known.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from tracker.derive.chronology import (
    Chronology,
    PlatformShare,
    chronology_path,
    platform_chronology,
    platform_share,
    regulator_chronology,
    regulator_parts,
)
from tracker.derive.sitedata import SiteData
from tracker.model.dataset import Platform
from tracker.settings import TrackerSettings

__all__ = ["ChronologyWriterDefaults", "Output", "Writer", "WriterDefaults", "WriterFactory"]

T = TypeVar("T")


class Output(Protocol):
    """What a writer may use: the site data, the settings, and the build's ways to write and reuse."""

    @property
    def site(self) -> SiteData: ...

    @property
    def settings(self) -> TrackerSettings: ...

    @property
    def articles(self) -> Sequence[Any]:
        """Pelican's published articles (`.title .url .slug .date .content`), for the site-wide feed."""
        ...

    def page(self, save_as: str, template: str, **values: Any) -> None:
        """Render a theme template (name without .html) and write it."""
        ...

    def file(self, save_as: str, data: bytes) -> None:
        """Write a file that is not a page (feed, download)."""
        ...

    def key(self, *parts: str) -> str:
        """A cache key: these parts plus everything any output may depend on besides them."""
        ...

    def platform_key(self, kind: str, platform_id: str) -> str:
        """The key of a kind of output made from one platform's record; empty: never reuse it."""
        ...

    def reuse(self, group: str, key: str, files: tuple[str, ...]) -> bool:
        """Keep `files` from the previous build when made from the same `key`; False: write them."""
        ...

    def fragment(self, key: str, make: Callable[[], str]) -> str:
        """Text made from inputs with this `key`, by this build or the previous one, else `make()`."""
        ...

    def has_fragment(self, key: str) -> bool:
        """Whether the previous build left the text of this key (so it need not be made)."""
        ...

    def remember(self, kind: str, platform_id: str, make: Callable[[], T], /) -> T:
        """A value made from one platform's record (and everything `key` covers): made already by this
        build, or by the last build of this process, or else `make()` (tracker/derive/memo.py)."""
        ...

    def written(self, save_as: str) -> bool:
        """Whether some unit of this build (in any process) has written this file already."""
        ...

    def html_pages(self, *, still_to_come: tuple[str, ...]) -> list[str]:
        """Every HTML page of the finished site, once every file but `still_to_come` is in place."""
        ...


class Writer(Protocol):
    """One kind of output. Units may run in any order and in other processes; `finish` runs last."""

    def platform(self, out: Output, index: int) -> None:
        """The outputs of the `index`-th platform alone."""
        ...

    @property
    def units(self) -> int:
        """How many numbered units besides the platforms (e.g. timeline pages) `unit` makes."""
        ...

    def unit(self, out: Output, number: int) -> None:
        """The `number`-th extra unit (0-based)."""
        ...

    def whole_site(self, out: Output) -> Sequence[Callable[[], object]]:
        """Steps that show every platform, longest first: any process may take any of them."""
        ...

    def finish(self, out: Output) -> None:
        """What must wait for every unit and step, in the main process."""
        ...


WriterFactory = Callable[[Output], Writer]


class WriterDefaults:
    """Nothing at every step: a writer that makes only some kinds of units overrides just those.

    Most writers make one kind of output (a file at the end, one whole-site step); spelling out the empty
    steps in each of them hid which step each one actually uses.
    """

    units = 0

    def __init__(self, out: Output) -> None:
        """Most writers need nothing from `out` until a step runs."""

    def platform(self, out: Output, index: int) -> None:
        """Nothing per platform."""

    def unit(self, out: Output, number: int) -> None:
        raise IndexError(number)

    def whole_site(self, out: Output) -> Sequence[Callable[[], object]]:
        return ()

    def finish(self, out: Output) -> None:
        """Nothing waits for every unit."""


def _share(out: Output, regulator_id: str, platform: Platform) -> PlatformShare:
    """A platform's share of a regulator's chronology, remembered (`Output.remember`): the second
    chronology writer of a build takes the first one's, and a warm rebuild in the same process (the
    preview) remakes only the shares of the platforms an edit reached."""
    make = functools.partial(platform_share, out.site, platform, regulator_id)
    return out.remember(f"chronology-share:{regulator_id}", platform.id, make)


class ChronologyWriterDefaults(WriterDefaults):
    """The steps every chronology format shares (the page in `site/`, the Word and CSV files in
    `downloads/`): a platform's chronology is one of its units, reused when its inputs are unchanged,
    and the regulators' chronologies, which show every platform reported to them, are one whole-site
    step. The two writers are siblings that may not import each other, so the skeleton lives here."""

    group = ""  # the cache group and key kind, e.g. "chronology"
    names: tuple[str, ...] = ()  # the files written into each chronology folder

    def __init__(self, out: Output) -> None:
        self.platform_ids = [p.id for p in out.site.dataset.platforms]

    def write(self, out: Output, chronology: Chronology) -> None:
        raise NotImplementedError

    def platform(self, out: Output, index: int) -> None:
        platform_id = self.platform_ids[index]
        files = tuple(f"{chronology_path('platform', platform_id)}{name}" for name in self.names)
        if out.reuse(f"{self.group}:{platform_id}", out.platform_key(self.group, platform_id), files):
            return
        self.write(out, platform_chronology(out.site, platform_id))

    def regulators(self, out: Output) -> None:
        """A regulator's chronology shows every platform reported to it, so almost every edit reaches its
        inputs, but few reach what it prints (titles, dates, sources: not an event's body): its files are
        kept when what it is made of is unchanged (a .docx costs seconds per thousand rows): each
        platform's share, kept from the last build where its record is unchanged, and its own events."""
        for regulator in out.site.dataset.regulators:
            share_of = functools.partial(_share, out, regulator.id)
            parts = regulator_parts(out.site, regulator.id, share_of)
            digest = hashlib.sha256(repr(parts.own).encode("utf-8"))
            for order, share in parts.shares:
                digest.update(f"\n{order} {share.digest}".encode("ascii"))
            path = chronology_path("regulator", regulator.id)
            files = tuple(f"{path}{name}" for name in self.names)
            if not out.reuse(f"{self.group}:{path}", out.key(self.group, path, digest.hexdigest()), files):
                self.write(out, regulator_chronology(out.site, regulator.id, parts))

    def whole_site(self, out: Output) -> Sequence[Callable[[], object]]:
        return (functools.partial(self.regulators, out),)
