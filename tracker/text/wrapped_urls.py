"""Addresses carried inside other addresses: archive copies, caches, translation proxies and redirects.

A link to `web.archive.org/web/2024/https://bad.invalid` or `example.org/out?u=bad.invalid` leads to the
flagged host as surely as a direct one, so `FlaggedDomains.match` checks every address these yield too.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator
from urllib.parse import unquote

from tracker.text.hosts import _DOT_CHARS, _percent_decode, _suffixes, normalise_host
from tracker.text.urls import _SCHEME, _Parts

# Inside a URL's path, query or fragment: another web address, with or without its slashes
# (Wayback writes `https:/x`, browsers accept `https:\\x`).
_EMBEDDED_SCHEME = re.compile(r"(?i)(?:https?|ftp):[/\\]*")
# Linear: a match can only start at `?`, `&` or `;`, and the key cannot contain any of them, so each
# character is read by at most one failed key; a value, once matched, is never read again by finditer.
# (A `?` in the key used to be allowed: a run of 18,000 `?` was then read 18,000 times, per nested address.)
_QUERY_VALUE = re.compile(r"[?&;]([^=&;#?]*)=([^&;#]*)")
_CACHE_PREFIX = re.compile(r"(?i)^cache:(?:[\w-]{6,}:(?![/\\]))?")
_WAYBACK_HOSTS = ("web.archive.org", "wayback.archive.org", "archive.org")
_WAYBACK_PATH = re.compile(r"(?i)^/(?:web|wayback)/(?:[0-9*\-]+[a-z_]*/)?(.+)$")
_ARCHIVE_TODAY_HOSTS = frozenset(
    {"archive.ph", "archive.today", "archive.is", "archive.li", "archive.vn", "archive.fo", "archive.md"}
)
_ARCHIVE_TODAY_PREFIX = re.compile(
    r"(?i)^/(?:(?:o/[^/]+|newest|oldest|timegate|timemap(?:/[a-z]+)?|timetravel|[0-9]{8,14}|[0-9]{4}\.[0-9]{2}\.[0-9]{2}(?:-[0-9]{6})?|submit)/)*"
    r"(?:\*\.)?(.+)$"
)


@functools.lru_cache(maxsize=1 << 14)
def _may_wrap_address(host: str) -> bool:
    """Whether addresses on `host` can carry another address in their path (archives)."""
    normal = normalise_host(host) or ""
    return normal in _ARCHIVE_TODAY_HOSTS or any(
        suffix in _WAYBACK_HOSTS for suffix in _suffixes(normal.split("."))
    )


def _nested_addresses(candidate: str, parts: _Parts | None) -> Iterator[str]:
    """Addresses carried inside `candidate`, by any of the ways archives and redirectors wrap them."""
    variants = [candidate]
    for _ in range(3):
        decoded = html.unescape(unquote(variants[-1]))
        if decoded == variants[-1]:
            break
        variants.append(decoded)
    for i, variant in enumerate(variants):
        for m in _EMBEDDED_SCHEME.finditer(variant):
            if m.start() > 0 or i > 0:
                yield variant[m.start() :]
    if parts is None:
        return
    host = normalise_host(parts.host) or ""
    labels = host.split(".")
    rest_variants = [parts.rest]
    decoded_rest = _percent_decode(parts.rest, times=3)
    if decoded_rest != parts.rest:
        rest_variants.append(decoded_rest)
    for rest in rest_variants:
        if any(suffix in _WAYBACK_HOSTS for suffix in _suffixes(labels)):
            wayback = _WAYBACK_PATH.match(rest.replace("\\", "/"))
            if wayback:
                yield _with_scheme(wayback.group(1))
        if host in _ARCHIVE_TODAY_HOSTS:
            today = _ARCHIVE_TODAY_PREFIX.match(rest.replace("\\", "/"))
            if today:
                yield _with_scheme(today.group(1))
        for query in _QUERY_VALUE.finditer(rest):
            value = _percent_decode(query.group(2).replace("+", " "), times=3).strip()
            cache = _CACHE_PREFIX.match(value)
            if cache:
                yield _with_scheme(value[cache.end() :].split(" ", 1)[0])
            elif value.startswith(("//", "\\\\")):
                yield _with_scheme(value.lstrip("/\\"))


def _with_scheme(address: str) -> str:
    return address if _SCHEME.match(address) else "http://" + address.lstrip("/\\")


def _query_hosts(rest: str) -> Iterator[str]:
    """Query values that look like a host name, with or without a path (`?url=bad.invalid/x`)."""
    for m in _QUERY_VALUE.finditer(rest):
        value = _percent_decode(m.group(2).replace("+", " "), times=3).strip().lstrip("/\\")
        head = re.split(r"[/\\?#: ]", value, maxsplit=1)[0]
        if any(c in head for c in _DOT_CHARS):
            yield head
