"""The downloads as the site writes them: the files, their sizes for the /data/ page.

Assembled from per-platform shares so an incremental build remakes only what changed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.downloads.csv_guard import GUARD_EXPLANATION
from tracker.downloads.export_schema import dictionary
from tracker.downloads.fields import (
    CSV_COLUMNS,
    CSV_NAME,
    DATA_DIR,
    JSON_NAME,
    JSON_PATH,
    SCHEMA_NAME,
    SCHEMA_VERSION,
)
from tracker.downloads.records import _csv_rows_text, _Exporter, export_files, licence_from_settings
from tracker.model.dataset import Platform
from tracker.writing import WriterDefaults

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tracker.writing import Output


@dataclass(frozen=True)
class Download:
    name: str
    path: str
    size: str
    description: str


def _size(data: bytes) -> str:
    if len(data) < 1024:
        return f"{len(data)} bytes"
    return f"{len(data) / 1024:.0f} KB" if len(data) < 1024 * 1024 else f"{len(data) / 1024 / 1024:.1f} MB"


_DESCRIPTIONS = {
    JSON_NAME: "Every regulator and platform with all its events, plus the statuses, waiting times and"
    " milestones the tracker works out.",
    CSV_NAME: "One row per event of a platform, for spreadsheets.",
    SCHEMA_NAME: "JSON Schema of platforms.json, for checking it automatically.",
}


def downloads(files: Mapping[str, bytes]) -> tuple[Download, ...]:
    return tuple(
        Download(name, f"{DATA_DIR}/{name}", _size(data), _DESCRIPTIONS[name]) for name, data in files.items()
    )


class DownloadsWriter(WriterDefaults):
    """The downloads of one build (a `tracker.writing.Writer`): `platform(i)` makes a platform's share of
    platforms.json and events.csv (kept from the previous build when its record, and everything else
    `Output.key` covers, is unchanged); the files are put together, with the /data/ page, as a
    whole-site step in a rebuild (few shares to make) or else in `finish`, once every share is made."""

    def __init__(self, out: Output) -> None:
        self.exporter = _Exporter(out.site)

    @staticmethod
    def _key(out: Output, kind: str, platform: Platform) -> str:
        return out.platform_key(f"export-{kind}", platform.id)

    def platform(self, out: Output, index: int) -> None:
        platform = out.site.dataset.platforms[index]
        out.fragment(self._key(out, "json", platform), functools.partial(self.exporter.json_record, platform))
        out.fragment(
            self._key(out, "csv", platform), functools.partial(_csv_rows_text, self.exporter, platform)
        )

    def whole_site(self, out: Output) -> Sequence[Callable[[], object]]:
        # In a rebuild the downloads need only the few shares that changed: made now, not last.
        return (functools.partial(self.finish_early, out),)

    def finish(self, out: Output) -> None:
        if not out.written(JSON_PATH):
            self.assemble(out)

    def assemble(self, out: Output) -> None:
        def pieces(kind: str, platform: Platform, make: Callable[[], str]) -> bytes:
            text = out.fragment(self._key(out, kind, platform), make)  # kept for the next cold build too
            return out.remember(f"export-{kind}-utf8", platform.id, lambda: text.encode("utf-8"))

        _write_downloads(out, export_files(out.site, licence_from_settings(out.settings), pieces))

    def finish_early(self, out: Output) -> bool:
        """`finish` now, making the few shares the previous build did not leave, when there are few (a
        rebuild); False, doing nothing, when many are to be made (they are made as units, in parallel)."""
        platforms = out.site.dataset.platforms
        missing = [
            index
            for index, platform in enumerate(platforms)
            if not out.has_fragment(self._key(out, "json", platform))
            or not out.has_fragment(self._key(out, "csv", platform))
        ]
        if len(missing) > max(8, len(platforms) // 20):
            return False
        for index in missing:
            self.platform(out, index)
        self.assemble(out)
        return True


def _write_downloads(out: Output, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        out.file(f"{DATA_DIR}/{name}", data)
    out.page(
        f"{DATA_DIR}/index.html",
        "data",
        downloads=downloads(files),
        csv_columns=CSV_COLUMNS,
        json_sections=dictionary(),
        guard_explanation=GUARD_EXPLANATION,
        schema_version=SCHEMA_VERSION,
    )
