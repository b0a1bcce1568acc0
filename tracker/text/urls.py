"""Web addresses: the host a browser would visit, and whether the validator accepts the address.

The renderer's link gate and the validator call the same `url_problem`, so a link the checks
refuse can never be printed as a link.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from urllib.parse import unquote

from tracker.text.hosts import _suffixes, normalise_host
from tracker.text.reader_form import reader_text

_SPECIAL_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss", "file"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_C0_AND_SPACE = "".join(chr(i) for i in range(0x21))
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
# An http(s) address that starts with a host (not `https:///path`, not `https://\host`).
ABSOLUTE_HTTP = re.compile(r"^https?://[^/\\]", re.IGNORECASE)


@dataclass(frozen=True)
class _Parts:
    scheme: str  # lower case; "" for a scheme-relative `//host` address
    authority: str  # everything between the slashes and the path, user name included
    host: str  # as written (not decoded), user name and port removed
    rest: str  # path, query and fragment


def _split_url(url: str) -> _Parts | None:
    """Split a URL the way a browser does (WHATWG), not the way `urllib.parse` does.

    The two disagree on exactly the tricks that hide a destination: browsers treat `\\` as `/` in web
    URLs, read `https:bad.invalid` as a host, drop tabs and newlines anywhere, and take the host after
    the last `@` of the authority.
    """
    text = _TAB_NEWLINE.sub("", url.strip(_C0_AND_SPACE))
    m = _SCHEME.match(text)
    if m:
        scheme = m.group(1).lower()
        rest = text[m.end() :]
        if scheme in _SPECIAL_SCHEMES:
            rest = rest.lstrip("/\\")
        elif rest.startswith("//"):
            rest = rest[2:]
        else:
            return None
    elif text[:2] in ("//", "\\\\", "/\\", "\\/"):
        scheme = ""
        rest = text.lstrip("/\\")
    else:
        return None
    end = len(rest)
    for stop in "/\\?#":
        i = rest.find(stop)
        if i != -1:
            end = min(end, i)
    authority, rest = rest[:end], rest[end:]
    host = authority.rpartition("@")[2]
    if host.startswith("["):
        host = host[: host.find("]") + 1] if "]" in host else host
    else:
        host = host.partition(":")[0]
    return _Parts(scheme, authority, host, rest)


def url_host(url: str) -> str | None:
    """The host a browser would contact for `url`, normalised; None if it has no valid one."""
    parts = _split_url(url)
    if parts is None or not parts.host:
        return None
    return normalise_host(parts.host)


# Well-known services whose short addresses hide the destination. A source must be the document itself,
# so a reviewer (and the flagged-domain check) can see where it goes. youtu.be is not here: it only ever
# leads to YouTube.
LINK_SHORTENERS: frozenset[str] = frozenset(
    {
        "adf.ly",
        "amzn.to",
        "bc.vc",
        "bit.do",
        "bit.ly",
        "bitly.com",
        "bl.ink",
        "buff.ly",
        "clck.ru",
        "cutt.ly",
        "dlvr.it",
        "fb.me",
        "gg.gg",
        "goo.gl",
        "ift.tt",
        "is.gd",
        "j.mp",
        "lnkd.in",
        "mcaf.ee",
        "ouo.io",
        "ow.ly",
        "po.st",
        "qr.ae",
        "rb.gy",
        "rebrand.ly",
        "s.id",
        "shorte.st",
        "shorturl.at",
        "soo.gd",
        "t.co",
        "t.ly",
        "tiny.cc",
        "tiny.one",
        "tinyurl.com",
        "tr.im",
        "trib.al",
        "v.gd",
        "wp.me",
        "x.co",
    }
)


# Whitespace (str.isspace) and control characters (category Cc), found by one C-level scan.
_SPACE_OR_CONTROL = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


# An address made of a scheme, a host and a path of plain ASCII characters only: no user name, port,
# query, fragment, percent-encoding, backslash, space or second scheme. Most sources look like this, and
# for these (and only these) every check below depends on the host alone, so the verdict is worked out
# once per host (`_simple_host_problem`) instead of once per address.
_SIMPLE_URL = re.compile(r"https?://([A-Za-z0-9.\-]+)(?:/[A-Za-z0-9._~!$'()*+,=/\-]*)?")


_NUMERIC_LABEL = re.compile(r"0[xX][0-9A-Fa-f]*|[0-9]+")


def url_problem(url: str) -> str | None:
    """What is wrong with a source or link address, phrased as how to fix it; None if it is usable.

    Only plain `http(s)://host/...` addresses pass: anything a browser would read differently from a
    reviewer (other schemes, user names before `@`, backslashes, percent-encoded hosts) is refused, and
    so are link shorteners. Flagged domains are checked separately, by `FlaggedDomains.match`.
    """
    simple = _SIMPLE_URL.fullmatch(url)
    if simple is not None:
        problem = _simple_host_problem(simple.group(1))
        if problem is None and "." in url[simple.end(1) :] and _nested_shortener(url[simple.end(1) :]):
            return _NESTED_SHORTENER
        return problem
    return full_url_problem(url)


_NESTED_SHORTENER = (
    "the address carries a link shortener's address inside it, which hides where it leads; open that"
    " link and use the full address of the document instead"
)
# A host name inside an address, once decoded: starts only at the start of a run of host characters,
# so each run is read once (linear).
_ADDRESS_WORD = re.compile(r"(?<![a-z0-9.\-])[a-z0-9\-]+(?:\.[a-z0-9\-]+)+")


def _nested_shortener(rest: str) -> bool:
    """Whether a shortener's host appears anywhere in an address's path, query or fragment, as typed or
    after each round of percent and entity decoding (`archive.ph/bit.ly/x`, `?u=https%3A%2F%2Fbit.ly`)."""
    variants = [rest]
    for _ in range(4):
        decoded = html.unescape(unquote(variants[-1].replace("+", " ")))
        if decoded == variants[-1]:
            break
        variants.append(decoded)
    for variant in variants:
        for m in _ADDRESS_WORD.finditer(reader_text(variant)):
            if any(suffix in LINK_SHORTENERS for suffix in _suffixes(m.group().split("."))):
                return True
    return False


@functools.lru_cache(maxsize=1 << 14)
def _simple_host_problem(host: str) -> str | None:
    return full_url_problem(f"https://{host}/")


def full_url_problem(url: str) -> str | None:
    text = url.strip()
    if not text:
        return "the address is empty; paste the full address of the document, starting with https://"
    if _SPACE_OR_CONTROL.search(text):
        return "the address contains spaces or line breaks; copy it again from the browser's address bar"
    m = _SCHEME.match(text)
    if m is None:
        return f"{text!r} is not a full web address; start it with https://"
    scheme = m.group(1).lower()
    if scheme not in ("http", "https"):
        return (
            f"only web addresses starting with https:// or http:// can be linked (this one starts with "
            f"{scheme}:); use the web address of the document"
        )
    after = text[m.end() :]
    if not after.startswith("//") or after.startswith(("///", "//\\")):
        return "write the address as https://host/path, with two forward slashes after the colon"
    parts = _split_url(text)
    if parts is None or not parts.host:
        return "the address has no host name after https://; copy the full address of the document"
    if "\\" in text[: m.end() + 2 + len(parts.authority) + 1]:
        return "the address has a backslash (\\) where a slash (/) belongs; copy it again from the browser"
    if "@" in parts.authority:
        return (
            "the address has a user name or password before '@', which can disguise where a link goes; "
            "remove everything between // and @"
        )
    if "%" in parts.host:
        return "the host name is percent-encoded, which can disguise where a link goes; write it plainly"
    host = normalise_host(parts.host)
    if host is None:
        return f"{parts.host!r} is not a valid host name; copy the address again from the browser"
    labels = host.split(".")
    if _NUMERIC_LABEL.fullmatch(labels[-1] or labels[-2 if len(labels) > 1 else -1]):
        # A browser reads a host whose last label is a number as an IPv4 address, in any notation
        # (`2130706433`, `0x7f.1`, `0177.0.0.1`): no reviewer can tell where it goes.
        return (
            "the address uses an IP address instead of a host name, which can disguise where a link goes;"
            " use the address of the document on its named site"
        )
    if any(suffix in LINK_SHORTENERS for suffix in _suffixes(labels)):
        return (
            "link shorteners hide where a link goes; open the link and use the full address of the "
            "document instead"
        )
    if _nested_shortener(parts.rest):
        return _NESTED_SHORTENER
    return None
