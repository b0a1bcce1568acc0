"""`content/` held to the data's rules before Pelican reads any of it.

Anyone can open a pull request that edits `content/`, and Pelican is far more permissive than the tracker:
its reStructuredText reader inserts any file of the build machine (`.. include::`, `.. raw:: :file:`), it
follows symbolic links out of the repository, and an article's metadata (`Save_as`, `URL`,
`Override_output`, `Template`, `Lang`...) decides where and how it is written, over any other file. So the
build only goes ahead when every file in `content/` is a Markdown file (no other reader is switched on, see
`READERS` in pelicanconf.py), no entry is a symbolic link or special file, every metadata key is one the
tracker allows, every slug is new and not a tracker address, and the text passes the same privacy and
flagged-domain rules as the data file. Every refusal is a located `Problem`, never a traceback.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass

from tracker.check.personal_data import find_personal_data
from tracker.check.text_rules import hidden_character
from tracker.model.problems import Problem
from tracker.text.flagged import HASHED_DESCRIPTION, FlaggedDomains
from tracker.text.markdown_html import markdown_links
from tracker.text.urls import url_problem

__all__ = [
    "ALLOWED_METADATA",
    "CONTENT_TEMPLATES",
    "MAX_CONTENT_BYTES",
    "RESERVED_SLUGS",
    "check_content",
    "markdown_problems",
]

# The metadata an article or page may set. Everything else (save_as, url, override_output, lang,
# translation, path-like keys, any plugin's key) is refused: each one can move or multiply what is written.
ALLOWED_METADATA = frozenset(
    {
        "title",
        "date",
        "modified",
        "summary",
        "slug",
        "status",
        "category",
        "tags",
        "author",
        "authors",
        "template",
    }
)
# Templates written for content; the others expect the tracker's own data and would print nonsense.
CONTENT_TEMPLATES = frozenset({"article", "page", "get-help", "corrections"})
# The first part of every address the tracker itself writes (tracker/site/pages.py RESERVED_*, tested).
RESERVED_SLUGS = frozenset(
    {
        "platforms",
        "regulators",
        "timeline",
        "methodology",
        "feeds",
        "data",
        "subscribe",
        "theme",
        "articles",
        "page",
        "index",
        "sitemap",
        "robots",
        "404",
        "share",
        "well-known",
        "headers",
        "redirects",
        "htaccess",
    }
)
MAX_CONTENT_BYTES = 1_000_000
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Python-Markdown's `meta` extension, which is what Pelican's Markdown reader reads metadata with.
_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)")
_META_BEGIN = re.compile(r"^-{3}(\s.*)?$")
_META_END = re.compile(r"^(-{3}|\.{3})(\s.*)?$")
_SLUG_SUBSTITUTIONS = (
    (re.compile(r"[^\w\s-]"), ""),
    (re.compile(r"\A\s*"), ""),
    (re.compile(r"\s*\Z"), ""),
    (re.compile(r"[-\s]+"), "-"),
)


@dataclass(frozen=True)
class _Meta:
    key: str
    value: str
    line: int  # 1-based


def _entries(root: str, relative: str = "") -> Iterator[tuple[str, os.stat_result]]:
    """(`/`-separated path under `root`, lstat) of every entry, never following a link."""
    with os.scandir(os.path.join(root, relative) if relative else root) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            name = f"{relative}/{entry.name}" if relative else entry.name
            info = entry.stat(follow_symlinks=False)
            yield name, info
            if stat.S_ISDIR(info.st_mode):
                yield from _entries(root, name)


def _slugify(title: str) -> str:
    """Pelican's default slug of a title (`pelican.utils.slugify` with its default substitutions)."""
    import unicodedata

    value = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    for pattern, replacement in _SLUG_SUBSTITUTIONS:
        value = pattern.sub(replacement, value)
    return value.lower()


def _metadata(lines: list[str]) -> tuple[list[_Meta], int]:
    """The metadata block as the `meta` extension reads it, and the index of the first body line."""
    found: list[_Meta] = []
    index = 0
    if lines and _META_BEGIN.match(lines[0]):
        index = 1
    while index < len(lines):
        line = lines[index]
        if not line.strip() or _META_END.match(line):
            return found, index + 1
        m = _META.match(line)
        if m is not None:
            found.append(_Meta(m.group("key").lower(), m.group("value").strip(), index + 1))
        elif found and _META_MORE.match(line):
            last = found[-1]
            found[-1] = _Meta(last.key, f"{last.value} {line.strip()}", last.line)
        else:
            return found, index
        index += 1
    return found, index


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


def _where(text: str, offset: int, first_line: int) -> tuple[int, int]:
    line = first_line + text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class _File:
    """One Markdown file being checked: its name as shown and the problems found so far."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []

    def add(self, where: tuple[int, int], message: str, hint: str) -> None:
        self.problems.append(Problem(self.name, *where, message, hint))

    def text(self, text: str, first_line: int, flagged: FlaggedDomains) -> None:
        """The data's rules for free text, applied to one piece of the file starting at `first_line`."""
        hidden = hidden_character(text)
        if hidden is not None:
            self.add(
                _where(text, hidden[0], first_line),
                f"the text contains an invisible control character ({hidden[1]})",
                "delete it: retype the text if you cannot see where it is",
            )
        for finding in find_personal_data(text):
            self.add(
                _where(text, finding.start, first_line),
                f"the text contains what looks like {_article(finding.kind)} {finding.kind} ({finding.text})",
                "remove it: the tracker never publishes contact details or anything that could identify a"
                " person",
            )
        if "![" in text:
            self.add(
                _where(text, text.index("!["), first_line),
                "the text contains an image",
                "images are not allowed",
            )
        for offset, found in flagged.mentions(text):
            if found == HASHED_DESCRIPTION:
                self.add(
                    _where(text, offset, first_line),
                    f"the text contains the domain of a platform that is not named ({found})",
                    "remove it: the tracker shows no domain at all for a platform with 'named: false'",
                )
        for offset, url in markdown_links(text):
            hit = flagged.match(url)
            problem = f"it points to a flagged platform ({hit})" if hit else None
            if problem is None and url.lower().startswith(("http:", "https:")):
                problem = url_problem(url)
            if problem is not None:
                self.add(
                    _where(text, offset, first_line),
                    f"this link cannot be used: {problem}",
                    "link only to documents about the abuse, never to a flagged platform",
                )


def markdown_problems(
    name: str, text: str, flagged: FlaggedDomains, slugs: dict[str, list[tuple[str, int]]] | None = None
) -> list[Problem]:
    """The problems of one Markdown file's text; its address is added to `slugs` (slug -> files, lines)."""
    slugs = {} if slugs is None else slugs
    checked = _File(name)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta, body_start = _metadata(lines)
    values = {m.key: m for m in meta}
    for item in meta:
        if item.key not in ALLOWED_METADATA:
            checked.add(
                (item.line, 1),
                f"the setting '{item.key}' is not allowed in content/",
                f"remove it; allowed settings: {', '.join(sorted(ALLOWED_METADATA))}",
            )
        elif item.key == "template" and item.value.lower() not in CONTENT_TEMPLATES:
            checked.add(
                (item.line, 1),
                f"the template '{item.value}' is not one for content/",
                f"use one of {', '.join(sorted(CONTENT_TEMPLATES))}, or remove the setting",
            )
        checked.text(item.value, item.line, flagged)
    slug_meta = values.get("slug")
    slug = slug_meta.value if slug_meta else _slugify(values["title"].value if "title" in values else "")
    line = slug_meta.line if slug_meta else (values["title"].line if "title" in values else 1)
    if not _SLUG.fullmatch(slug) or len(slug) > 80:
        checked.add(
            (line, 1),
            f"the address '{slug}' cannot be used",
            "use a Slug of lower-case letters, digits and hyphens",
        )
    elif slug in RESERVED_SLUGS:
        checked.add(
            (line, 1), f"the address '{slug}' belongs to the tracker's own pages", "choose another Slug"
        )
    else:
        slugs.setdefault(slug, []).append((name, line))
    checked.text("\n".join(lines[body_start:]), body_start + 1, flagged)
    return checked.problems


def _entry_problems(
    folder: str,
    relative: str,
    name: str,
    info: os.stat_result,
    flagged: FlaggedDomains,
    slugs: dict[str, list[tuple[str, int]]],
) -> list[Problem]:
    """One entry of the content folder: a plain Markdown file is read (never through a link) and checked."""
    base = relative.rsplit("/", 1)[-1]
    if stat.S_ISLNK(info.st_mode):
        return [Problem(name, 1, 1, "this is a symbolic link", "replace it by the file itself, or delete it")]
    if stat.S_ISDIR(info.st_mode):
        if base.startswith("."):
            return [Problem(name, 1, 1, "folders whose name starts with '.' are not allowed", "rename it")]
        return []
    if not stat.S_ISREG(info.st_mode) or base.startswith(".") or not base.endswith(".md"):
        return [
            Problem(
                name,
                1,
                1,
                "only Markdown files (.md) may be in content/",
                "rename it to end in .md, or delete it",
            )
        ]
    if info.st_size > MAX_CONTENT_BYTES:
        return [Problem(name, 1, 1, f"the file is larger than {MAX_CONTENT_BYTES} bytes", "shorten it")]
    descriptor = os.open(os.path.join(folder, relative), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(MAX_CONTENT_BYTES + 1)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        return [Problem(name, 1, 1, f"the file is not UTF-8 ({error.reason})", "save it as UTF-8")]
    return markdown_problems(name, text, flagged, slugs)


def check_content(folder: str, repository: str, flagged: FlaggedDomains) -> list[Problem]:
    """Every problem of the content folder `folder`, its files named relative to `repository` when inside it.

    No link is followed and no special file is opened, so nothing outside `folder` is ever read: a refused
    file cannot leak into the messages either.
    """
    if not os.path.lexists(folder):
        return []
    inside = os.path.commonpath([os.path.abspath(folder), os.path.abspath(repository)]) == os.path.abspath(
        repository
    )
    shown = os.path.relpath(folder, repository if inside else os.path.dirname(folder)).replace(os.sep, "/")
    if os.path.islink(folder) or not os.path.isdir(folder):
        return [Problem(shown, 1, 1, "the content folder is a link, not a folder", "make it a folder")]
    problems: list[Problem] = []
    slugs: dict[str, list[tuple[str, int]]] = {}
    for relative, info in _entries(folder):
        problems += _entry_problems(folder, relative, f"{shown}/{relative}", info, flagged, slugs)
    # Pelican writes one of two files with the same address and silently drops the other (a content pull
    # request could replace the Get help page): both are named, since either may be the newcomer.
    for slug, users in slugs.items():
        for name, line in users if len(users) > 1 else ():
            others = ", ".join(other for other, _ in users if other != name)
            problems.append(
                Problem(
                    name,
                    line,
                    1,
                    f"the address '{slug}' is also used by {others}",
                    "give each file its own Slug",
                )
            )
    return sorted(problems)
