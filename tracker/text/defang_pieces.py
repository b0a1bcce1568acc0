"""Defanging a flagged host that rendered markup splits across elements.

`forum-a.*example*.invalid` renders as `forum-a.<em>example</em>.invalid`: each piece of text alone holds
no host, but a reader sees one. The pieces are read together, as the reader sees them (inline elements
join, block elements break the line), and the dots of each host found are defanged in the piece that
holds them.
"""

from __future__ import annotations

from collections.abc import Sequence

from tracker.text.flagged import FlaggedDomains
from tracker.text.reader_form import replace_spans

__all__ = ["BLOCK_TAGS", "defang_pieces"]

# Elements that start a new line for a reader; text inside any other element runs on.
BLOCK_TAGS = frozenset(
    {"p", "li", "ul", "ol", "blockquote", "pre", "br", "div", "table", "tr", "h1", "h2", "h3", "h4", "h5"}
    | {"h6"}
)


def defang_pieces(flagged: FlaggedDomains, pieces: Sequence[str], joins: Sequence[str]) -> list[str]:
    """`pieces` (texts in document order, `joins[i]` written before piece i) with the dots of every
    flagged host that the joined text shows undefanged replaced by `[.]`, each in its own piece."""
    starts: list[int] = []
    joined: list[str] = []
    at = 0
    for piece, join in zip(pieces, joins, strict=True):
        at += len(join)
        starts.append(at)
        joined.extend((join, piece))
        at += len(piece)
    spans = flagged.dot_spans("".join(joined))
    if not spans:
        return list(pieces)
    local: list[list[tuple[int, int]]] = [[] for _ in pieces]
    index = 0
    for start, end in spans:
        while index + 1 < len(starts) and starts[index + 1] <= start:
            index += 1
        offset = starts[index]
        if offset <= start and end <= offset + len(pieces[index]):
            local[index].append((start - offset, end - offset))
    return [replace_spans(piece, spans_here) for piece, spans_here in zip(pieces, local, strict=True)]
