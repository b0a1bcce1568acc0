"""Where a new block goes in the data file's text, and the block rendered in the file's own style.

An edit never re-serialises the file: the block is spliced in as text, so comments and the
reviewers' diff stay as they were.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString

from tracker.edit.requests import FLOW_LISTS, FOLDED_FIELDS, LINE_WIDTH, Edit, EditError
from tracker.load.yaml_strict import load_text

# --- where things are in the text ---------------------------------------------------------------------


def _compose(text: str) -> yaml.MappingNode:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise EditError(f"the data file cannot be read as YAML: {error}") from error
    if not isinstance(root, yaml.MappingNode):
        raise EditError("the data file must be a mapping with 'regulators:' and 'platforms:'")
    return root


def _get(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _scalar(node: yaml.Node, key: str) -> str | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    found = _get(node, key)
    if found is None or not isinstance(found[1], yaml.ScalarNode):
        return None
    return str(found[1].value)


def _content_end(node: yaml.Node) -> int:
    """Index just after the last character of `node`'s own text (comments after it excluded)."""
    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return _content_end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return _content_end(node.value[-1])
    return int(node.end_mark.index)


def _after_line(text: str, index: int) -> int:
    """The start of the line after the one holding the last non-blank character before `index`."""
    while index > 0 and text[index - 1] in " \t\r\n":
        index -= 1
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


@dataclass(frozen=True)
class _Place:
    offset: int  # where the block goes (a line start, or the end of the text)
    dash: int  # column of the item's "-"
    key: int  # column of the item's keys
    separate: bool  # a blank line before the block, as between the existing items
    remove: tuple[int, int] | None = None  # span of an empty flow list `[]` to remove


def _place(text: str, key_node: yaml.Node, seq: yaml.Node, index: int, *, separate: bool) -> _Place:
    """Where a new item goes so that it becomes item `index` of the sequence `seq`."""
    if not isinstance(seq, yaml.SequenceNode):
        raise EditError(f"'{key_node.value}' on line {key_node.start_mark.line + 1} is not a list")
    if seq.flow_style:
        if seq.value:
            raise EditError(
                f"write the '{key_node.value}' list on line {seq.start_mark.line + 1} one item per line"
                " (each starting with '- ') before adding to it"
            )
        start, end = seq.start_mark.index, seq.end_mark.index
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        dash = key_node.start_mark.column + 2
        return _Place(_after_line(text, end), dash, dash + 2, False, (start, end))
    first = seq.value[0]
    dash = seq.start_mark.column
    key = first.start_mark.column if first.start_mark.line == seq.start_mark.line else dash + 2
    if key <= dash:
        key = dash + 2
    if index == 0:
        offset = _after_line(text, key_node.end_mark.index)
    else:
        offset = _after_line(text, _content_end(seq.value[index - 1]))
    return _Place(offset, dash, key, separate)


# --- rendering the block ------------------------------------------------------------------------------


def _fold_positions(text: str, width: int) -> list[int] | None:
    """Where to wrap a one-line text in a folded block: only at single spaces between words."""
    if "\n" in text or text != text.strip() or len(text) <= width:
        return None
    positions = []
    line_start = 0
    last_space = -1
    for i, char in enumerate(text):
        if char == " " and text[i - 1] != " " and text[i + 1 : i + 2] not in (" ", ""):
            last_space = i
        if i - line_start >= width and last_space > line_start:
            positions.append(last_space)
            line_start = last_space + 1
    return positions or None


def _commented(value: Any, key: str, width: int) -> Any:
    if isinstance(value, dict):
        mapping = CommentedMap()
        for k, v in value.items():
            mapping[k] = _commented(v, k, width - 2)
        return mapping
    if isinstance(value, list):
        seq = CommentedSeq([_commented(v, key, width - 4) for v in value])
        if key in FLOW_LISTS:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and key in FOLDED_FIELDS:
        positions = _fold_positions(value, max(width, 40))
        if positions:
            folded = FoldedScalarString(value)
            folded.fold_pos = positions
            return folded
    return value


def _dump(record: dict[str, Any], width: int) -> str:
    writer = YAML()
    writer.indent(mapping=2, sequence=4, offset=2)
    writer.width = 4096  # never wrap plain text: only the folded fields are wrapped, on purpose
    buffer = io.StringIO()
    writer.dump(_commented(record, "", width), buffer)
    return buffer.getvalue()


def _render(record: dict[str, Any], place: _Place, newline: str) -> str:
    lines = _dump(record, LINE_WIDTH - place.key).splitlines()
    out = [" " * place.dash + "-" + " " * (place.key - place.dash - 1) + lines[0]]
    out += [" " * place.key + line if line else "" for line in lines[1:]]
    block = newline.join(out) + newline
    return newline + block if place.separate else block


def _plain(value: Any) -> Any:
    """What the tracker's own loader reads back for a value written by `_render`."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _splice(text: str, place: _Place, record: dict[str, Any], what: str) -> Edit:
    newline = _newline(text)
    block = _render(record, place, newline)
    before = text
    offset = place.offset
    if offset == len(text) and text and not text.endswith("\n"):
        block = newline + block
    if place.remove is not None:
        start, end = place.remove
        text = text[:start] + text[end:]
        offset -= end - start
    return Edit(before, text[:offset] + block + text[offset:], offset, block, what)


def _check_reads_back(edit: Edit, expected: Any) -> None:
    """The edited text must read as the old data plus exactly the new record: nothing else may change."""
    located, problems = load_text(edit.after, "edit")
    if problems or located.data != expected:
        raise EditError(
            f"the new {edit.what} could not be written so that it reads back exactly as given"
            " (check for unusual characters in the text)",
            problems,
        )


