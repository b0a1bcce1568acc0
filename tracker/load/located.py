"""Loaded values with the place in the file of every value and key, and the bounds on what is loaded.

Every check points a campaigner at a line and column, so this is what loading hands on to checking.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Limits:
    """Bounds on input size: a hostile pull request must not be able to exhaust the build machine."""

    max_bytes: int = 32 * 1024 * 1024
    max_depth: int = 20
    max_scalar_chars: int = 100_000


DEFAULT_LIMITS = Limits()


class Located:
    """The loaded values plus 1-based (line, column) for every value and every mapping key, by path.

    A valid file needs only the values and the lines of its records, so `load_text` reads it once without
    noting every position; the full tables (`values`, `keys`, `plain`) are made from the same text the
    first time anything asks for them, which is when there is a problem to point at.
    """

    def __init__(
        self,
        data: Any,
        values: dict[Path_, tuple[int, int]] | None = None,
        keys: dict[Path_, tuple[int, int]] | None = None,
        plain: set[Path_] | None = None,
        typed: dict[Path_, str] | None = None,
    ) -> None:
        self.data = data
        self._values = values if values is not None else {}
        self._keys = keys if keys is not None else {}
        self._plain = plain if plain is not None else set()
        self._typed = typed if typed is not None else {}
        # Set while the tables above are still to be made: what makes them, and positions of mappings
        # (records) already known.
        self._pending: Callable[[], Located] | None = None
        self._records: dict[Path_, tuple[int, int]] = {}

    @classmethod
    def deferred(
        cls, data: Any, records: dict[Path_, tuple[int, int]], complete: Callable[[], Located]
    ) -> Located:
        """Values whose full tables `complete` makes on first use, knowing only where `records` start."""
        located = cls(data)
        located._pending = complete
        located._records = records
        return located

    def _complete(self) -> None:
        if self._pending is not None:
            full = self._pending()
            self._values, self._keys, self._plain = full._values, full._keys, full._plain
            self._typed = full._typed
            self._pending = None

    @property
    def values(self) -> dict[Path_, tuple[int, int]]:
        self._complete()
        return self._values

    @property
    def keys(self) -> dict[Path_, tuple[int, int]]:
        self._complete()
        return self._keys

    @property
    def plain(self) -> set[Path_]:
        self._complete()
        return self._plain

    def as_typed(self, path: Path_, value: Any) -> str:
        """`value` as the campaigner typed it: `0755`, not the number 755 it was read as, so a message
        quoting it back shows what is in the file."""
        self._complete()
        return self._typed.get(tuple(path), str(value))

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The closest known position: the key itself, else the value, else the nearest parent."""
        probe = tuple(path)
        if not key and self._pending is not None:
            known = self._records.get(probe)
            if known is not None:
                return known
        self._complete()
        while True:
            if key and probe in self._keys:
                return self._keys[probe]
            if probe in self._values:
                return self._values[probe]
            if not probe:
                return (1, 1)
            probe = probe[:-1]
            key = False
