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
    # One scan: the `]` partner of each `[`, and every `(` that no `)` closes (backslash escapes skipped).
    partner: dict[int, int] = {}
    brackets: list[int] = []
    parentheses: list[int] = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            brackets.append(index)
        elif char == "]" and brackets:
            partner[brackets.pop()] = index
        elif char == "(":
            parentheses.append(index)
        elif char == ")" and parentheses:
            parentheses.pop()
        index += 1
    escape = sorted(brackets)  # never closed
    # A link's `](` makes Python-Markdown scan for the `)` that ends the address: with none, the rest of
    # the text, so `[a](` repeated was quadratic too. Such a `[` cannot open a link either.
    unclosed = set(parentheses)
    escape += [o for o, c in partner.items() if c + 1 in unclosed]
    matched, closing = set(partner), set(partner.values())
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

