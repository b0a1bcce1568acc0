"""Every Pelican setting the tracker's code reads, with its default, type and meaning, read once.

Before this module each writer read `settings.get("NAME", default)` itself, so one setting could have
two defaults in two places. Now the build reads the settings once into a frozen `TrackerSettings`;
writers receive that object, and `docs/settings.md` is checked against `SETTINGS` by a test, so a
setting cannot be added without its documentation.

Settings that only the theme's templates read (`NAVIGATION`, `HELP_SERVICES`, `EXIT_URL`, ...) reach
the templates through Pelican's own context and are documented in `pelicanconf.py` beside their values.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "SETTINGS",
    "PublishAddressError",
    "Setting",
    "TrackerSettings",
    "publish_site_url",
    "read_settings",
]


def _setting(name: str, default: Any, doc: str) -> Any:
    """A field of `TrackerSettings`: the Pelican setting's name and its one-line meaning as metadata."""
    return field(default=default, metadata={"setting": name, "doc": doc})


@dataclass(frozen=True)
class TrackerSettings:
    """The settings of one build, as the code uses them (typed, defaults applied)."""

    data: str = _setting("TRACKER_DATA", "data/platforms.yaml", "The data file the site is built from.")
    today: str | None = _setting(
        "TRACKER_TODAY",
        None,
        "The date figures are computed for (YYYY-MM-DD); unset: the environment variable of the same"
        " name, else today in Europe/London.",
    )
    cache_path: str = _setting(
        "TRACKER_CACHE_PATH",
        "",
        "Folder (relative to the settings file) that incremental builds keep; empty: no cache.",
    )
    workers: int | None = _setting(
        "TRACKER_WORKERS",
        None,
        "Processes that make the pages (1: this one only); unset: one per core, at most four, for a"
        " site of 200 platforms or more.",
    )
    max_data_bytes: int | None = _setting(
        "TRACKER_MAX_DATA_BYTES", None, "Raises the data file's size limit (32 MiB) for very large records."
    )
    timeline_page_size: int = _setting("TIMELINE_PAGE_SIZE", 50, "Entries on each page of /timeline/.")
    feed_id_authority: str = _setting(
        "FEED_ID_AUTHORITY",
        "",
        "The authority of every feed item's tag: id; set once and never changed (required).",
    )
    feed_site_url: str = _setting(
        "FEED_SITE_URL",
        "",
        "Absolute address feeds link to when SITEURL is not absolute (development builds).",
    )
    feed_max_items: int = _setting("FEED_MAX_ITEMS", 100, "Newest items in each feed.")
    data_licence: str = _setting("DATA_LICENCE", "", "Short name of the open data's licence.")
    data_licence_url: str = _setting("DATA_LICENCE_URL", "", "Where the licence text is published.")
    site_name: str = _setting(
        "SITENAME", "Regulator Inaction Tracker", "The site's name, in pages and feeds."
    )
    language: str = _setting("DEFAULT_LANG", "en-GB", "Language of the pages and feeds.")
    site_url: str = _setting(
        "SITEURL",
        "",
        "The site's public address; empty in development builds (relative links); publishconf.py takes"
        " it from the environment variable of the same name.",
    )
    relative_urls: bool = _setting(
        "RELATIVE_URLS", False, "Links relative to each page (development builds)."
    )
    demo_data: bool = _setting(
        "TRACKER_DEMO_DATA",
        False,
        "The data is a demonstration: every page shows a banner saying so (on for the shipped demo).",
    )


@dataclass(frozen=True)
class Setting:
    """One documented setting: Pelican's name, the field of `TrackerSettings`, default and meaning."""

    name: str
    attribute: str
    default: Any
    doc: str


SETTINGS: tuple[Setting, ...] = tuple(
    Setting(f.metadata["setting"], f.name, f.default, f.metadata["doc"])
    for f in dataclasses.fields(TrackerSettings)
)

_INTEGERS = frozenset({"workers", "max_data_bytes", "timeline_page_size", "feed_max_items"})


def read_settings(settings: Mapping[str, Any]) -> TrackerSettings:
    """`TrackerSettings` from Pelican's settings: unset, empty or zero values take the default (as every
    reader of these settings did before they were read in one place)."""
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        value = settings.get(setting.name)
        if value is None or (not value and value is not False):
            continue
        if setting.attribute in _INTEGERS:
            values[setting.attribute] = int(value)
        elif setting.attribute in ("relative_urls", "demo_data"):
            values[setting.attribute] = bool(value)
        else:
            values[setting.attribute] = str(value)
    return TrackerSettings(**values)


class PublishAddressError(SystemExit):
    """A publish build without a usable public address. A `SystemExit`, so that Pelican (which runs
    publishconf.py) lets it through and the command ends with this message instead of a traceback."""


_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~%/-]*)?")


def publish_site_url(value: str | None) -> str:
    """The public address a publish build links to, from the `SITEURL` environment variable.

    A placeholder in publishconf.py used to let the first deploy "succeed" with every stylesheet linked
    to a host the page's own Content-Security-Policy blocks. The deploy workflow sets the variable from
    the Pages configuration; a sub-path (`https://owner.github.io/repository`) is kept, the trailing
    slash dropped, because every template writes `{{ SITEURL }}/path`."""
    address = (value or "").strip()
    if not address:
        raise PublishAddressError(
            "publishconf.py: SITEURL is not set. A publish build needs the site's public address, for"
            " example `SITEURL=https://owner.github.io/repository make publish`; the deploy workflow"
            " sets it from the Pages configuration. For a local preview use `make site` instead."
        )
    if not _ADDRESS.fullmatch(address) or "//" in address.split("://", 1)[1]:
        raise PublishAddressError(
            f"publishconf.py: SITEURL {address!r} is not a site address. Give http(s)://host or"
            " http(s)://host/sub/path, with no query, fragment or spaces."
        )
    return address.rstrip("/")
