"""Square brackets that would make Python-Markdown's link parsing quadratic, escaped before it runs.

For every `[`, Python-Markdown scans forward to the matching `]`; when there is none, that is the rest of
the text, so 19,000 `[` in one body made one build take 82 s. A `[` without a partner can never open a
link, and links nested more than a few levels deep mean nothing, so escaping those (`\\[`, shown as `[`)
changes no link and no visible character, while the scanning that remains is at most `MAX_DEPTH` passes
over the text: linear.
"""

from __future__ import annotations

__all__ = ["MAX_DEPTH", "defuse_brackets"]

MAX_DEPTH = 8
# Fewer brackets than this cannot be slow, and such text (nearly all of it) is returned untouched.
_FEW = 64


def defuse_brackets(text: str) -> str:
    """`text` with every unmatched `[`, and every `[` nested deeper than `MAX_DEPTH`, backslash-escaped.

    One pass with a stack: linear in the length of `text`. A backslash escapes the next character, as in
    Markdown, so `\\[` is never counted. (Inside a code span the added backslash would show; that happens
    only for text with unmatched brackets by the dozen, which no campaigner writes.)
    """
    if text.count("[") < _FEW and text.count("(") < _FEW:
        return text
    # First pass: which `[` has a partner (`partner[i]` for an opening offset i), by a stack.
    matched: set[int] = set()
    closing: set[int] = set()
    stack: list[int] = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            stack.append(index)
        elif char == "]" and stack:
            matched.add(stack.pop())
            closing.add(index)
        index += 1
    escape = sorted(stack)  # never closed
    # A link's `](` makes Python-Markdown scan for the `)` that ends the address: with none, the rest of
    # the text, so `[a](` repeated was quadratic too. Such a `[` cannot open a link either.
    unclosed = _unclosed_parentheses(text)
    pairs = sorted(matched)
    closes = sorted(closing)
    escape += [o for o, c in zip(pairs, _closers(pairs, closes), strict=True) if c + 1 in unclosed]
    # Second pass: the depth of each matched pair among matched pairs only.
    depth = 0
    for offset in sorted(matched | closing):
        if offset in matched:
            depth += 1
            if depth > MAX_DEPTH:
                escape.append(offset)
        else:
            depth -= 1
    if not escape:
        return text
    pieces: list[str] = []
    last = 0
    for offset in sorted(escape):
        pieces.append(text[last:offset])
        pieces.append("\\")
        last = offset
    pieces.append(text[last:])
    return "".join(pieces)


def _closers(opens: list[int], closes: list[int]) -> list[int]:
    """The `]` of each matched `[` (both sorted), by the same stack discipline as the first pass."""
    partner: dict[int, int] = {}
    stack: list[int] = []
    events = sorted([(o, True) for o in opens] + [(c, False) for c in closes])
    for offset, is_open in events:
        if is_open:
            stack.append(offset)
        else:
            partner[stack.pop()] = offset
    return [partner[o] for o in opens]


def _unclosed_parentheses(text: str) -> set[int]:
    """Offsets of every `(` that no `)` closes (backslash escapes skipped): one pass with a stack."""
    stack: list[int] = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            stack.pop()
        index += 1
    return set(stack)
