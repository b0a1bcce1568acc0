"""Loading a data file piece by piece, so an incremental build re-reads only the platforms that changed.

Reading and checking a data file of thousands of platforms takes longer than rebuilding the pages of the
one platform a campaigner edited. In the layout every data file has (a `regulators:` head, then
`platforms:` and one `- ` item per platform at the same indentation) the file is cut at each platform,
each piece is read on its own and remembered by a digest of its text, and a piece seen before is taken
from the cache with its verdict.

The answer is exactly the whole-file validator's or nothing:

* a piece is cut only at a line that starts a platform item, which in a file of this layout no quoted
  text, flow collection or block scalar can span without the piece before it failing to parse on its
  own (an unterminated quote or bracket, or a block scalar ended by a less indented line); any such
  failure, any line outside the layout (a key at column 0, a tab, a carriage return or other line break,
  a byte-order mark) and every piece that does not read as exactly one item sends the file to the
  whole-file validator;
* each piece is checked with the whole-file validator's own rules (check/rules.py) against the same
  context (flagged domains, regulator ids, today); a verdict is reused only for the same text in the same
  context, under the same code;
* any problem at all, and any error, also goes to the whole-file validator, whose messages are the only
  ones a campaigner ever sees.
"""

from __future__ import annotations

import functools
import pickle
import re
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, cast

from tracker.build.fingerprint import code_digest
from tracker.build.workers import WorkerFailed, run_shared
from tracker.check.calendars import KnownCalendars
from tracker.check.context import Context
from tracker.check.rules import platform_problems, regulator_ids, regulator_problems
from tracker.check.schema_messages import quickly_valid, quickly_valid_platform
from tracker.check.validate import Loaded
from tracker.load.digest import combine, value_digest
from tracker.load.located import Limits, Located, Path_
from tracker.load.records import build_platform, build_regulator
from tracker.load.yaml_strict import load_text
from tracker.model.dataset import Dataset, Event, Platform
from tracker.text.flagged_data import dataset_flagged_domains, raw_flagged_domains

__all__ = ["ChunkEntry", "Made", "entries_from_raw", "entries_to_raw", "load_chunked", "split"]

# Line breaks other than LF, and anything else that would make the line-based cut unsafe.
_UNSAFE = ("\r", "\x85", "\u2028", "\u2029", "\ufeff", "\n\t")
_PLATFORMS_LINE = re.compile(r"platforms:[ \t]*(?:#[^\n]*)?\n")
# A line starting at column 0 with anything but a comment (each pattern starts with a literal newline,
# which the regular expression engine finds quickly in a large file).
_TOP_LEVEL = re.compile(r"\n[^\s#]")
_FIRST_ITEM = re.compile(r"^( *)-(?: |$)", re.MULTILINE)
# The platforms a load made, by their piece's digest, with the line the piece started on: a warm rebuild
# in the same process (the preview) takes them as they are (a frozen record can be shared) instead of
# unpickling every platform again, and texts that are the same objects hash once. Replaced whole by each
# load, so it holds one file's platforms.
Made = MutableMapping[str, tuple[int, Platform]]


class _Fallback(Exception):
    """Anything the piecewise path does not handle: the whole-file validator decides."""


@dataclass(frozen=True)
class ChunkEntry:
    """What is remembered about one platform's piece of the file, by the digest of its text."""

    first_line: int  # where the piece began when the platform below was built
    platform: bytes  # the Platform, pickled
    value_digest: str  # fingerprint.value_digest of the item as loaded
    context: str  # the rules context it passed in ("" until it has)


def split(text: str) -> tuple[str, list[tuple[int, str]]] | None:
    """The head (up to and including the `platforms:` line) and each platform item's text with the
    number of its first line; None when the file is not in the plain layout."""
    if any(mark in text for mark in _UNSAFE) or text.startswith("\t"):
        return None
    # The one line `platforms:` at column 0 (found as text: a line-anchored pattern is slow on a big file).
    if text.count("\nplatforms:") + text.startswith("platforms:") != 1:
        return None
    at = 0 if text.startswith("platforms:") else text.index("\nplatforms:") + 1
    found = _PLATFORMS_LINE.match(text, at)
    if found is None:
        return None
    head_end = found.end()
    if _TOP_LEVEL.search(text, head_end - 1):
        return None  # another top-level key (or a document marker) after the platforms
    first = _FIRST_ITEM.search(text, head_end)
    if first is None:
        return (text[:head_end], []) if not text[head_end:].strip(" \n") else None
    if text[head_end : first.start()].strip(" \n") and not _only_comments(text[head_end : first.start()]):
        return None
    item = re.compile(rf"\n{first.group(1)}-(?= |\n|$)")
    starts = [first.start()] + [m.start() + 1 for m in item.finditer(text, first.start())]
    head_lines = text.count("\n", 0, first.start())
    pieces = []
    line = head_lines + 1
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        piece = text[start:end]
        pieces.append((line, piece))
        line += piece.count("\n")
    return text[: first.start()], pieces


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.split("\n"))


class _Unlocated(Located):
    """The rules ask where something is only to report a problem there: this one hands the file over."""

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        raise _Fallback


def _load_piece(text: str, limits: Limits) -> tuple[Any, Located]:
    # A piece is read as a document of its own, one level shallower than in the whole file.
    located, problems = load_text(text, "piece", replace(limits, max_depth=limits.max_depth - 1))
    value = located.data
    if problems or not isinstance(value, list) or len(value) != 1 or not isinstance(value[0], dict):
        raise _Fallback
    return value[0], located


def _moved(platform: Platform, delta: int) -> Platform:
    """The same platform with every line number moved by `delta` (its piece moved in the file)."""
    if not delta:
        return platform
    events = []
    for event in platform.events:
        moved = object.__new__(Event)
        moved.__dict__.update(event.__dict__, line=event.line + delta)
        events.append(moved)
    result = object.__new__(Platform)
    result.__dict__.update(platform.__dict__, line=platform.line + delta, events=tuple(events))
    return result


def _take_kept(
    pieces: list[tuple[int, str]],
    entries: list[ChunkEntry | None],
    digests: list[str],
    platforms: list[Platform | None],
    made: Made,
) -> list[tuple[int, int, str]]:
    """Fill `platforms` with the pieces kept from the last build; the others (index, first line, text)
    are to be read. `made` is left holding only this file's platforms."""
    unpickled = dict(made)
    made.clear()
    work = []
    for index, ((first_line, piece), entry) in enumerate(zip(pieces, entries, strict=True)):
        if entry is not None:
            platforms[index] = _kept_platform(unpickled, made, digests[index], entry, first_line)
        else:
            work.append((index, first_line, piece))
    return work


def _kept_platform(
    unpickled: Mapping[str, tuple[int, Platform]],
    made: Made,
    digest: str,
    entry: ChunkEntry,
    first_line: int,
) -> Platform:
    """The platform of a piece kept from the last build: as the last load made it, else unpickled."""
    line, platform = unpickled.get(digest) or (entry.first_line, pickle.loads(entry.platform))  # noqa: S301
    made[digest] = (line, platform)
    return _moved(platform, first_line - line)


def load_chunked(
    text: str,
    name: str,
    today: date,
    limits: Limits,
    store: MutableMapping[str, ChunkEntry],
    processes: int = 1,
    known_calendars: KnownCalendars = frozenset(),
    made: Made | None = None,
) -> Loaded | None:
    """The build's dataset read piece by piece with `store`, or None: then use the whole-file validator.

    `store` maps a digest of each piece's text to its entry; on return it holds exactly the pieces of
    this file (with their verdicts), ready to be saved for the next build. Pieces not in the store are
    read by `processes` processes at once when there are many. `known_calendars` need not be asked of
    `holidays` (tracker/check/calendars.py). `made` holds the platforms an earlier load in this process
    made (a warm process's `Warm.platforms`), by piece digest, and is left holding this file's.
    """
    cut = split(text)
    if cut is None:
        return None
    head, pieces = cut
    try:
        kept: Made = made if made is not None else {}
        return _load(head, pieces, name, today, limits, store, processes, known_calendars, kept)
    except (_Fallback, WorkerFailed, ValueError, KeyError, TypeError, AttributeError, pickle.UnpicklingError):
        return None


# Below this many new pieces, reading them in other processes costs more than it saves.
PARALLEL_PIECES = 200
_LISTED = re.compile(r"^ +(domains|domain_sha256): *\[([^\]\n]*)\] *$", re.MULTILINE)


def _listed_platforms(pieces: Sequence[str]) -> list[dict[str, list[str]]]:
    """Each platform's `domains: [...]` and `domain_sha256: [...]` lines as loaded values, before the
    pieces are read: the flagged domains the rules are first checked against, later compared with the
    real ones."""
    platforms = []
    for piece in pieces:
        platform: dict[str, list[str]] = {}
        for field, listed in _LISTED.findall(piece):
            values = [v.strip().strip("'\"") for v in listed.split(",") if v.strip()]
            platform.setdefault(field, []).extend(values)
        platforms.append(platform)
    return platforms


@dataclass(frozen=True)
class _Read:
    """A piece read (in this process or another): its platform, pickled, and whether it passed the rules
    in the context it was given."""

    index: int
    platform: bytes
    value_digest: str
    passed: bool


def _read_pieces(work: Sequence[tuple[int, int, str]], limits: Limits, ctx: Context) -> list[_Read]:
    found = []
    for index, first_line, piece in work:
        value, located = _load_piece(piece, limits)
        if not quickly_valid_platform(value):
            raise _Fallback
        platform = build_platform(value, located, (0,), first_line - 1)
        passed = not platform_problems(ctx, ("platforms", index), value)
        found.append(_Read(index, pickle.dumps(platform, protocol=5), value_digest(value), passed))
    return found


def _head(head: str, name: str, limits: Limits) -> tuple[Located, dict[str, Any]]:
    """The part of the file before the platforms, loaded and checked; `_Fallback` unless it is the usual
    layout (regulators first, then `platforms:` with nothing on its line) and passes the schema."""
    located, problems = load_text(head, name, limits)
    data = located.data
    if (
        problems
        or not isinstance(data, dict)
        or list(data)[-1:] != ["platforms"]
        or data["platforms"] is not None
    ):
        raise _Fallback
    data = {**data, "platforms": []}
    if not quickly_valid(data):
        raise _Fallback
    return located, data


def _confirmed(
    pieces: list[tuple[int, str]],
    digests: list[str],
    entries: list[ChunkEntry | None],
    fresh: dict[int, _Read],
    ctx: Context,
    context: str,
    right_guess: bool,
    limits: Limits,
) -> dict[str, ChunkEntry]:
    """Every piece's entry, checked against the real flagged domains and regulators (`context`): a piece
    read under a wrong guess, or kept from a build with another context, is checked again here."""
    kept: dict[str, ChunkEntry] = {}
    for index, digest in enumerate(digests):
        entry = entries[index]
        found = fresh.get(index)
        if found is not None:
            entry = ChunkEntry(pieces[index][0], found.platform, found.value_digest, "")
            if right_guess and not found.passed:
                raise _Fallback
            if right_guess:
                entry = replace(entry, context=context)
        assert entry is not None
        if entry.context != context:
            value = _load_piece(pieces[index][1], limits)[0]
            if platform_problems(ctx, ("platforms", index), value):
                raise _Fallback
            entry = replace(entry, context=context)
        entries[index] = entry
        kept[digest] = entry
    return kept


def _load(
    head: str,
    pieces: list[tuple[int, str]],
    name: str,
    today: date,
    limits: Limits,
    store: MutableMapping[str, ChunkEntry],
    processes: int,
    known_calendars: KnownCalendars,
    made: Made,
) -> Loaded:
    located, data = _head(head, name, limits)
    limits_key = f"{code_digest()}/{limits.max_depth}/{limits.max_scalar_chars}"
    previous = dict(store)
    digests = [combine(limits_key, piece) for _, piece in pieces]
    platforms: list[Platform | None] = [None] * len(pieces)
    entries: list[ChunkEntry | None] = [previous.get(digest) for digest in digests]
    work = _take_kept(pieces, entries, digests, platforms, made)
    # The new pieces are checked against the flagged domains as listed, which must then prove right.
    listed = {"platforms": _listed_platforms([piece for _, _, piece in work])}
    known = Dataset(platforms=tuple(p for p in platforms if p is not None))
    guess = dataset_flagged_domains(known) | raw_flagged_domains(listed)
    guess_ctx = Context(_Unlocated(data), name, [], today, guess, regulator_ids(data))
    shares = processes if len(work) >= PARALLEL_PIECES else 1
    size = -(-len(work) // shares) if work else 0
    jobs = [
        functools.partial(_read_pieces, work[n * size : (n + 1) * size], limits, guess_ctx)
        for n in range(shares)
    ]
    read = [r for batch in run_shared(jobs) for r in batch]
    fresh: dict[int, _Read] = {r.index: r for r in read}
    for index, done in fresh.items():
        platforms[index] = pickle.loads(done.platform)  # noqa: S301
        made[digests[index]] = (pieces[index][0], cast(Platform, platforms[index]))
    complete = [p for p in platforms if p is not None]
    if len(complete) != len(pieces):
        raise _Fallback
    ids = [p.id for p in complete]
    if len(set(ids)) != len(ids):
        raise _Fallback
    flagged = dataset_flagged_domains(Dataset(platforms=tuple(complete)))
    ctx = Context(_Unlocated(data), name, [], today, flagged, regulator_ids(data), known_calendars)
    if regulator_problems(ctx, data):
        raise _Fallback
    context = combine(code_digest(), today.isoformat(), flagged.fingerprint, *sorted(ctx.regulator_ids))
    right_guess = guess.fingerprint == flagged.fingerprint  # hosts, hashes and shared hosts alike
    kept = _confirmed(pieces, digests, entries, fresh, ctx, context, right_guess, limits)
    store.clear()
    store.update(kept)
    regulators = tuple(
        build_regulator(r, located, ("regulators", i)) for i, r in enumerate(data["regulators"])
    )
    return Loaded(
        Dataset(regulators=regulators, platforms=tuple(complete)),
        tuple(e.value_digest for e in entries if e is not None),
        value_digest(data["regulators"]),
    )


def entries_to_raw(store: Mapping[str, ChunkEntry]) -> dict[str, tuple[int, bytes, str, str]]:
    """The entries as plain values, for the cache file."""
    return {k: (e.first_line, e.platform, e.value_digest, e.context) for k, e in store.items()}


def entries_from_raw(raw: Mapping[str, Any]) -> dict[str, ChunkEntry]:
    return {k: ChunkEntry(*values) for k, values in raw.items()}
