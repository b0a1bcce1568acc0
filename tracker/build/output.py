"""The build's side of `tracker.writing.Output`: rendering, writing, reusing, on Pelican's terms.

Pages are rendered with the local context Pelican's own writer makes and announced with its
`content_written` signal, so Pelican plugins that watch written pages see ours too.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pelican import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError

from tracker.build.session import Session
from tracker.derive.sitedata import SiteData
from tracker.load.digest import combine
from tracker.settings import TrackerSettings
from tracker.site.sitemap import html_pages

__all__ = ["BuildOutput", "record_key"]

T = TypeVar("T")


def record_key(base: str, kind: str, platform_id: str, digest: str | None) -> str:
    """The key of a `kind` of value made from one platform's record (its `digest`) and what `base`
    digests; empty (never reused) when the record's digest is unknown."""
    if not digest:
        return ""
    # One hash of parts that cannot contain the separator (a hex digest, a slug, a kind of output).
    text = f"{base}\n{kind}\n{platform_id}\n{digest}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class BuildOutput:
    """The build's `tracker.writing.Output`: what writers may do, and nothing of Pelican's generator.

    `template` is the generator's template loader and `pelican_writer` Pelican's writer (only asked
    which files Pelican wrote itself); `context` is Pelican's context, which pages render with.
    """

    site: SiteData
    settings: TrackerSettings
    articles: Sequence[Any]
    output_path: str
    template: Callable[[str], Any]
    pelican_writer: Any
    context: dict[str, Any]
    session: Session
    data_key: str  # digest of everything a page can depend on besides its own platform
    platform_digests: Mapping[str, str]

    def _relative(self, save_as: str) -> tuple[str, str]:
        """(absolute path, `/`-separated path inside the output folder); refuses paths leaving it."""
        path = sanitised_join(self.output_path, save_as)
        relative = os.path.relpath(path, os.path.abspath(self.output_path)).replace(os.sep, "/")
        if path in getattr(self.pelican_writer, "_written_files", ()):
            raise FileOverwriteFailedError(f'Failed to overwrite "{path}" as Pelican has already written it')
        return path, posixpath.normpath(relative)

    def page(self, save_as: str, template: str, **values: Any) -> None:
        """Render a theme template (name without .html) as Pelican's writer would, then write it.

        The local context is the one Pelican's `Writer.write_file` makes (relative SITEURL, `output_file`,
        `page_name`), and `content_written` is sent the same way, so sitemap-style plugins see the page.
        """
        path, relative = self._relative(save_as)
        local = self.context.copy()
        local["localsiteurl"] = local.get("localsiteurl")
        if self.settings.relative_urls:
            local["SITEURL"] = local["localsiteurl"] = path_to_url(get_relative_path(save_as))
        local["output_file"] = save_as
        local["page_name"] = os.path.splitext(save_as)[0]
        local.update(values)
        if local["localsiteurl"]:
            self.context["localsiteurl"] = local["localsiteurl"]
        data = self.template(template).render(local).encode("utf-8")
        self.session.sink.emit(relative, data)
        signals.content_written.send(path, context=local)

    def file(self, save_as: str, data: bytes) -> None:
        """Write a non-HTML file (feed, download) under the output folder."""
        path, relative = self._relative(save_as)
        self.session.sink.emit(relative, data)
        signals.content_written.send(path, context=self.context)

    def key(self, *parts: str) -> str:
        """A cache key: these parts plus everything the output may depend on besides them."""
        return combine(self.data_key, *parts)

    def platform_key(self, kind: str, platform_id: str) -> str:
        """The key of a `kind` of output made from one platform's record (and everything `key` covers);
        empty (never reused) when the record's digest is unknown."""
        return record_key(self.data_key, kind, platform_id, self.platform_digests.get(platform_id))

    def reuse(self, group: str, key: str, files: tuple[str, ...]) -> bool:
        """Keep `files` from the previous build when it made them from inputs with the same `key`.

        True when they are kept (then nothing needs rendering); False when the caller must write them.
        Either way the group is recorded for the next build.
        """
        session = self.session
        session.groups[group] = (key, files)
        if not key or session.previous.get(group) != (key, files):
            return False
        sink = session.sink
        if not all(sink.can_carry(name) for name in files):
            return False
        for name in files:
            sink.carry(name)
        session.reused += 1
        return True

    def fragment(self, key: str, make: Callable[[], str]) -> str:
        """Text made from inputs with this `key`: made already in this build or by the previous one, or
        else `make()`."""
        if not key:
            return make()
        session = self.session
        text = session.new_fragments.get(key)
        if text is None:
            text = session.fragments.get(key)
            if text is None:
                text = make()
            session.new_fragments[key] = text
        return text

    def remember(self, kind: str, platform_id: str, make: Callable[[], T], /) -> T:
        return self.session.memo.get(self.platform_key(kind, platform_id), make)

    def has_fragment(self, key: str) -> bool:
        return key in self.session.fragments

    def written(self, save_as: str) -> bool:
        return save_as in self.session.sink.claimed

    def html_pages(self, *, still_to_come: tuple[str, ...]) -> list[str]:
        # Files an earlier build left in the staging folder must be gone before the folder is listed.
        self.session.sink.settle(still_to_come=still_to_come)
        return html_pages(self.output_path)
