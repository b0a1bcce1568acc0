"""The thin Pelican plugin: one generator that writes the tracker's pages, feeds and downloads.

Pelican loads this module from `PLUGINS` in `pelicanconf.py` and calls `register()`. Signals are
process-wide, so tests that build more than once call `unregister()` afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pelican import signals
from pelican.generators import Generator

from .dates import resolve_today
from .sitedata import SiteData, build_site_data
from .validate import load_dataset

# Each writer is `write(out: Output) -> None`, listed in `_writers()`.
Writer = Callable[["Output"], None]


@dataclass(frozen=True)
class Output:
    """What a writer needs: the site data, Pelican's writer and templates, and where files go."""

    site: SiteData
    generator: TrackerGenerator
    writer: Any
    context: dict[str, Any]
    settings: dict[str, Any]

    @property
    def output_path(self) -> str:
        return str(self.generator.output_path)

    def page(self, save_as: str, template: str, **values: Any) -> None:
        """Render a theme template (name without .html); Pelican's writer also fires `content_written`."""
        self.writer.write_file(
            save_as,
            self.generator.get_template(template),
            self.context,
            relative_urls=self.settings.get("RELATIVE_URLS", False),
            page_name=os.path.splitext(save_as)[0],
            **values,
        )

    def file(self, save_as: str, data: bytes) -> None:
        """Write a non-HTML file (feed, download) under the output folder."""
        path = os.path.join(self.output_path, save_as)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)
        signals.content_written.send(path, context=self.context)


def _writers() -> list[Writer]:
    """The output writers, in order. A new kind of output adds its module's `write` here."""
    from . import exports, feeds, headers, pages, sitemap

    # The sitemap comes last: it lists every page the writers before it put on disk.
    return [pages.write, feeds.write, exports.write, headers.write, sitemap.write]


class TrackerGenerator(Generator):  # type: ignore[misc]
    def generate_context(self) -> None:
        settings = self.settings
        today = resolve_today(settings.get("TRACKER_TODAY"))
        dataset = load_dataset(settings["TRACKER_DATA"], today)
        self.site = build_site_data(dataset, today)
        self.context["tracker"] = self.site
        self.context["TODAY"] = today

    def generate_output(self, writer: Any) -> None:
        out = Output(self.site, self, writer, self.context, self.settings)
        for write in _writers():
            write(out)


def get_generators(_pelican: Any) -> type[TrackerGenerator]:
    return TrackerGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)


def unregister() -> None:
    signals.get_generators.disconnect(get_generators)
