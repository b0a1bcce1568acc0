"""Values made from one platform's record, kept by key for the rest of a build and for the next build of
a process that builds again and again (the live preview).

A one-event warm rebuild of a thousand platforms used to work out every platform's facts, page summary,
timeline order, feed items and chronology shares again, though all but one of the records were the ones
the last build had read: a third of the rebuild. A `Memo` hands back what was made from inputs with the
same key (a digest of the record and of everything else the value is made from, `Output.platform_key`),
and keeps only what this build asked for, so a value no build asks for is let go.

The values may hold the record's objects as an earlier build read them, with the line numbers they
then had (an edit above a platform moves its lines, not its digest): no output shows a source line,
which is also why a page is kept by the same key. A `Memo` is one build's, and a `Warm` passes its
`kept` to the next build; nothing here is a module global.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar, cast

__all__ = ["Gained", "Memo", "Remember", "make_anew"]

T = TypeVar("T")


class Remember(Protocol):
    """What a writer is given to keep values by platform: `(kind, platform id, make)` -> the value."""

    def __call__(self, kind: str, platform_id: str, make: Callable[[], T], /) -> T: ...


def make_anew(kind: str, platform_id: str, make: Callable[[], T], /) -> T:
    """A `Remember` that keeps nothing (views made outside a build, and tests)."""
    return make()


@dataclass
class Memo:
    """`previous`: what the last build of this process kept (empty for any other build); `kept`: what
    this build has asked for so far, to be the next build's `previous`."""

    previous: Mapping[str, Any] = field(default_factory=dict)
    kept: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, make: Callable[[], T]) -> T:
        """The value made from inputs with this `key` (by this build or the previous one), else `make()`;
        an empty key (inputs without a digest) is never kept."""
        if not key:
            return make()
        if key in self.kept:
            return cast(T, self.kept[key])
        value = self.previous[key] if key in self.previous else make()
        self.kept[key] = value
        return cast(T, value)

    def gained(self, before: Collection[str], carried: int = 64) -> Gained:
        """What this memo kept that was not in `before`, to hand to the process it was forked from
        (`take`): values of the previous build by their keys only (that process holds them too), values
        made here whole, unless more than `carried` were made (a first build: they are then left out, and
        the next build makes them again more cheaply than they would travel).

        Without this the next build of the forking process would miss every value a worker asked for,
        and a whole-site step runs in whichever process is free first: the chronology's thousand shares
        were remade at random (0.8 s at 1000 x 20)."""
        found: list[str] = []
        made: dict[str, Any] = {}
        for key, value in self.kept.items():
            if key in before:
                continue
            if key in self.previous and self.previous[key] is value:
                found.append(key)
            else:
                made[key] = value
        return Gained(tuple(found), made if len(made) <= carried else {})

    def take(self, gained: Gained) -> None:
        """Keep what a forked copy of this memo `gained`."""
        for key in gained.found:
            self.kept[key] = self.previous[key]
        self.kept.update(gained.made)


@dataclass(frozen=True)
class Gained:
    """What a forked memo kept beyond its parent's: `found` in the previous build's values (keys only),
    `made` anew (any value, None included)."""

    found: tuple[str, ...]
    made: dict[str, Any]
