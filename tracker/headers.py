"""Placeholder: filled in by its issue."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .plugin import Output


def write(out: Output) -> None:
    """Write this module's files into the site."""
