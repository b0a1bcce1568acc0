"""Rules that keep the tracker from signposting abuse or exposing a survivor.

Everything here is a pure function of its arguments (no I/O, no clock), so the validator, the renderer
and the tests all apply exactly the same rules.

Two ideas run through the module:

* Host names are compared the way a browser would resolve them (WHATWG URL parsing, UTS #46 mapping,
  IDNA punycode), never as the characters a person typed. Anything a browser would send to a flagged
  host must be recognised however it is spelt: upper case, trailing dot, `www.`, Unicode or punycode,
  percent-encoding, full-width dots, a decoy user name before `@`, a backslash for a slash, or a copy of
  the address wrapped inside an archive, cache or redirect link.
* When in doubt, refuse. A refused source costs a maintainer a minute; a published link to an abuse site
  cannot be taken back.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import html
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote

try:
    import idna

    _HAVE_IDNA = True
except ImportError:  # pragma: no cover - idna is pinned in requirements.lock
    _HAVE_IDNA = False

__all__ = [
    "EMAIL",
    "HANDLE",
    "HASHED_DESCRIPTION",
    "LINK_SHORTENERS",
    "PHONE",
    "POSTCODE",
    "TOO_DEEP_DESCRIPTION",
    "Finding",
    "FlaggedDomains",
    "defang",
    "defang_text",
    "domain_sha256",
    "find_personal_data",
    "is_bare_hostname",
    "normalise_host",
    "url_host",
    "url_problem",
]

# What `FlaggedDomains.match` says when only a hash matched: the whole point of a hash is that the
# tracker never prints the domain of a platform it has chosen not to name.
HASHED_DESCRIPTION = "a hashed domain of an unnamed platform"
TOO_DEEP_DESCRIPTION = "an address nested too deeply to check"

# --- host names -----------------------------------------------------------------------------------

# UTS #46 treats these as label separators, so a browser reads `bad。invalid` as `bad.invalid`.
_DOT_CHARS = ".\u3002\uff0e\uff61"
_DOTS = str.maketrans({c: "." for c in _DOT_CHARS[1:]})
_LDH_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# The deviation characters of UTS #46: old browsers (transitional processing) mapped them to these,
# current ones keep them. Both readings are checked so neither kind of browser slips through.
_TRANSITIONAL = str.maketrans({"ß": "ss", "ς": "σ", "\u200c": None, "\u200d": None})


def _percent_decode(text: str, *, times: int = 1) -> str:
    for _ in range(times):
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    return text


def _remap(host: str) -> str | None:
    """UTS #46 mapping of a whole host (case, full-width forms, ignored characters, dot variants).

    It runs on the whole host, not label by label, because some characters (such as U+2488 `⒈`) map to
    text that contains a dot.
    """
    if host.isascii():
        return host.lower()
    if _HAVE_IDNA:
        try:
            return idna.uts46_remap(host, std3_rules=False).translate(_DOTS)
        except (idna.IDNAError, UnicodeError, IndexError):
            return None
    return unicodedata.normalize("NFKC", host).casefold().translate(_DOTS)  # pragma: no cover


def _punycode(label: str) -> str | None:
    try:
        return "xn--" + label.encode("punycode").decode("ascii")
    except UnicodeError:
        return None


def _label_to_ascii(label: str) -> str | None:
    """One already-mapped label in its canonical ASCII (punycode) form, or None if it has none.

    An `xn--` label is decoded and encoded again, so `xn--` and Unicode spellings of one host meet at
    the same string.
    """
    if label.isascii():
        if not label.startswith("xn--"):
            return label
        try:
            decoded = label[4:].encode("ascii").decode("punycode")
        except (UnicodeError, IndexError):
            return None
        remapped = _remap(decoded)
        if remapped is None or "." in remapped:
            return None
        if remapped.isascii():
            return remapped
        label = remapped
    if _HAVE_IDNA:
        try:
            return idna.encode(label, uts46=False).decode("ascii")
        except (idna.IDNAError, UnicodeError):
            # IDNA 2008 refuses some labels that browsers still resolve (emoji domains, for one):
            # encode them anyway so they can be compared.
            return _punycode(label)
    try:  # pragma: no cover - only without the idna package
        import encodings.idna as stdlib_idna

        return stdlib_idna.ToASCII(label).decode("ascii").lower()
    except UnicodeError:  # pragma: no cover
        return _punycode(label)


@functools.lru_cache(maxsize=1 << 16)
def normalise_host(host: str) -> str | None:
    """The one spelling of a host name used for every comparison and for `domain_sha256`.

    Percent-decoded once, lower-cased, one trailing dot and one leading `www.` removed, IDNA (punycode)
    encoded. None when the result is not a valid DNS host name, so that an invalid entry in the data is
    reported rather than silently never matching.

    Cached: a record names the same few hosts thousands of times, and the answer depends on nothing else.
    """
    decoded = _percent_decode(host)
    if not decoded:
        return None
    mapped = _remap(decoded)
    if mapped is None:
        return None
    if mapped.endswith("."):
        mapped = mapped[:-1]
    labels: list[str] = []
    for label in mapped.split("."):
        ascii_label = _label_to_ascii(label)
        if ascii_label is None or not _LDH_LABEL.match(ascii_label):
            return None
        labels.append(ascii_label)
    if len(labels) > 1 and labels[0] == "www":
        labels = labels[1:]
    result = ".".join(labels)
    return result if len(result) <= 253 else None


def domain_sha256(host: str) -> str:
    """SHA-256 hex of the normalised host, the form an unnamed platform's domains are published in.

    Raises ValueError for an invalid host: hashing garbage would give a hash that never matches.
    """
    normal = normalise_host(host)
    if normal is None:
        raise ValueError(f"not a valid host name: {host!r}")
    return hashlib.sha256(normal.encode("ascii")).hexdigest()


def is_bare_hostname(text: str) -> bool:
    """Whether `text` is a host name and nothing else, as flagged domains in the data must be.

    A scheme, path, port, user name, wildcard or percent-encoding in a flagged domain would make the
    entry mean something other than what the reviewer saw, so all are refused; so is a name without a
    dot once `www.` is removed (`www.com` would otherwise flag every `.com` address), and an IP address.
    """
    if not text or text != text.strip() or any(c in text for c in "/\\:@?#*%[] \t\r\n"):
        return False
    normal = normalise_host(text)
    if normal is None or "." not in normal:
        return False
    return not normal.rsplit(".", 1)[1].isdigit()


def _lenient_labels(raw_host: str) -> list[str]:
    """Mapped (still Unicode) labels of a host taken from a URL; never refused.

    Unlike `normalise_host`, a host that is not valid still yields labels: a label the matcher cannot
    encode must not stop its parent domains from being checked.
    """
    host = _percent_decode(raw_host, times=4).strip()
    mapped = _remap(host)
    if mapped is None:
        mapped = unicodedata.normalize("NFKC", host).casefold().translate(_DOTS)
    return mapped.strip(".").split(".")


def _label_to_unicode(label: str) -> str:
    if label.startswith("xn--"):
        try:
            return _remap(label[4:].encode("ascii").decode("punycode")) or label
        except (UnicodeError, IndexError):
            return label
    return label


def _encode_labels(labels: Iterable[str]) -> list[str]:
    return [_label_to_ascii(label) or label for label in labels]


def _suffixes(labels: list[str]) -> Iterator[str]:
    """The host and each parent domain, most specific first, up to the DNS limit of 253 characters.

    Nothing longer can equal a flagged host (or the input of a flagged hash), so a host padded with
    thousands of labels costs no more than a real one.
    """
    found: list[str] = []
    suffix = ""
    for label in reversed(labels):
        suffix = f"{label}.{suffix}" if suffix else label
        if len(suffix) > 253:
            break
        if label:
            found.append(suffix)
    return reversed(found)


def _translate_goog(labels: list[str]) -> list[str] | None:
    """Google Translate's proxy serves `bad.invalid` as `bad-invalid.translate.goog`."""
    if len(labels) < 3 or labels[-2:] != ["translate", "goog"]:
        return None
    encoded = labels[-3]
    return encoded.replace("--", "\0").replace("-", ".").replace("\0", "-").split(".")


# --- URLs -----------------------------------------------------------------------------------------

_SPECIAL_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss", "file"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_C0_AND_SPACE = "".join(chr(i) for i in range(0x21))
_TAB_NEWLINE = re.compile(r"[\t\n\r]")


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


def url_problem(url: str) -> str | None:
    """What is wrong with a source or link address, phrased as how to fix it; None if it is usable.

    Only plain `http(s)://host/...` addresses pass: anything a browser would read differently from a
    reviewer (other schemes, user names before `@`, backslashes, percent-encoded hosts) is refused, and
    so are link shorteners. Flagged domains are checked separately, by `FlaggedDomains.match`.
    """
    simple = _SIMPLE_URL.fullmatch(url)
    if simple is not None:
        return _simple_host_problem(simple.group(1))
    return _url_problem(url)


@functools.lru_cache(maxsize=1 << 14)
def _simple_host_problem(host: str) -> str | None:
    return _url_problem(f"https://{host}/")


def _url_problem(url: str) -> str | None:
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
    if any(suffix in LINK_SHORTENERS for suffix in _suffixes(labels)):
        return (
            "link shorteners hide where a link goes; open the link and use the full address of the "
            "document instead"
        )
    return None


# --- flagged domains ------------------------------------------------------------------------------

# Inside a URL's path, query or fragment: another web address, with or without its slashes
# (Wayback writes `https:/x`, browsers accept `https:\\x`).
_EMBEDDED_SCHEME = re.compile(r"(?i)(?:https?|ftp):[/\\]*")
_QUERY_VALUE = re.compile(r"[?&;]([^=&;#]*)=([^&;#]*)")
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
# A ceiling on nested addresses: past it the link is refused rather than half-checked.
_MAX_CANDIDATES = 64
# Remembered host verdicts per set of flagged domains; past this, hosts are checked afresh each time.
_MAX_VERDICTS = 1 << 17
_NO_EXEMPTIONS: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())

# A host name written in running text (`bad.invalid`, `www.bad.invalid`, `bäd。invalid`,
# `%62ad.invalid`).
_TEXT_LABEL = r"(?:[^\W_]|%[0-9A-Fa-f]{2})(?:[^\W_]|[\-\u00ad\u200c\u200d\u0300-\u036f]|%[0-9A-Fa-f]{2})*"
# Starts only at the beginning of a run (not after `a-`), so a long hyphenated word is scanned once.
_TEXT_HOST = re.compile(rf"(?<![\w%])(?<!\w-){_TEXT_LABEL}(?:[{_DOT_CHARS}]{_TEXT_LABEL})+")
_TEXT_SCHEME_BEFORE = re.compile(r"(?i)http(s?)(:[/\\]*)$")
# Every host above has a dot followed by the start of a label; few words in running text do, and this is
# many times quicker to look for than `_TEXT_HOST` itself.
_HOST_DOT = re.compile(rf"[{_DOT_CHARS}](?:[^\W_]|%[0-9A-Fa-f]{{2}})")
# The characters a host in text can be made of: a host never reaches past a run of them.
_HOST_RUN = re.compile(rf"[\w%\-\u00ad\u200c\u200d\u0300-\u036f{_DOT_CHARS}]*")


def _host_words(text: str) -> Iterator[re.Match[str]]:
    """`_TEXT_HOST.finditer(text)`, looking only inside the runs of host characters that hold a dot.

    Each match lies inside one maximal run of `_HOST_RUN` characters and has a `_HOST_DOT` in it, so
    scanning just those runs (with the text around them still visible to the lookbehinds) finds the same
    matches in the same order.
    """
    reverse: str | None = None
    run_end = 0
    for dot in _HOST_DOT.finditer(text):
        at = dot.start()
        if at < run_end:
            continue
        if reverse is None:
            reverse = text[::-1]
        back = _HOST_RUN.match(reverse, len(text) - at)
        start = at - (back.end() - back.start()) if back else at
        forward = _HOST_RUN.match(text, at)
        run_end = forward.end() if forward else at + 1
        yield from _TEXT_HOST.finditer(text, start, run_end)


@dataclass(frozen=True)
class FlaggedDomains:
    """The domains that must never be linked: every platform's `domains` and `domain_sha256`.

    Matching a URL costs one set lookup (and one SHA-256) per label of each host in it, so the number of
    platforms never slows the validator down.

    `link_policy: allow-own-domain` is handled per call: pass that platform's domains (host names or
    SHA-256 hashes) as `exempt` to `match` when checking sources of that platform's own records. A
    match on an exempt entry is ignored; any other flagged domain in the same URL is still reported.
    """

    hosts: frozenset[str]
    hashes: frozenset[str]
    # Verdicts by (host as written, exemptions): a build asks about the same hosts many times over
    # (every source, every link in every rendering, every host-like word in text), and the answer
    # depends only on the host and this set.
    _verdicts: dict[tuple[str, tuple[frozenset[str], frozenset[str]]], str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def build(cls, hosts: Iterable[str], hashes: Iterable[str] = ()) -> FlaggedDomains:
        """Raises ValueError for a host that is not a bare host name.

        An invalid host would silently never match, so the caller (the validator, after its own
        `is_bare_hostname` check with line numbers) must filter first: failing loudly beats a flagged
        domain that is quietly not checked.
        """
        normal_hosts: set[str] = set()
        for host in hosts:
            normal = normalise_host(host)
            if normal is None or not is_bare_hostname(host):
                raise ValueError(f"not a bare host name: {host!r}")
            normal_hosts.add(normal)
        # A malformed digest can never equal a SHA-256, so skipping one loses nothing (the validator
        # reports it); upper-case hex is accepted because it names the same digest.
        normal_hashes = {d.strip().lower() for d in hashes if _SHA256.match(d.strip().lower())}
        return cls(frozenset(normal_hosts), frozenset(normal_hashes))

    @property
    def fingerprint(self) -> str:
        """Changes whenever the set does; part of any cache key for text rendered against it."""
        digest = hashlib.sha256()
        for item in sorted(self.hosts):
            digest.update(b"h:" + item.encode("ascii") + b"\n")
        for item in sorted(self.hashes):
            digest.update(b"s:" + item.encode("ascii") + b"\n")
        return digest.hexdigest()

    def __bool__(self) -> bool:
        return bool(self.hosts or self.hashes)

    def _exemptions(self, exempt: Collection[str]) -> tuple[frozenset[str], frozenset[str]]:
        hosts: set[str] = set()
        hashes: set[str] = set()
        for item in exempt:
            lowered = item.strip().lower()
            if _SHA256.match(lowered):
                hashes.add(lowered)
            else:
                normal = normalise_host(item)
                if normal is not None:
                    hosts.add(normal)
                    hashes.add(hashlib.sha256(normal.encode("ascii")).hexdigest())
        return frozenset(hosts), frozenset(hashes)

    def _match_labels(self, labels: list[str], exempt: tuple[frozenset[str], frozenset[str]]) -> str | None:
        hashed: str | None = None
        for suffix in _suffixes(labels):
            if suffix in self.hosts and suffix not in exempt[0]:
                return suffix
            if hashed is None and self.hashes:
                digest = hashlib.sha256(suffix.encode("utf-8", "surrogatepass")).hexdigest()
                if digest in self.hashes and digest not in exempt[1]:
                    hashed = HASHED_DESCRIPTION
        return hashed

    def _match_raw_host(self, raw_host: str, exempt: tuple[frozenset[str], frozenset[str]]) -> str | None:
        key = (raw_host, exempt)
        try:
            return self._verdicts[key]
        except KeyError:
            pass
        found = self._match_raw_host_uncached(raw_host, exempt)
        if len(self._verdicts) < _MAX_VERDICTS:
            self._verdicts[key] = found
        return found

    def _match_raw_host_uncached(
        self, raw_host: str, exempt: tuple[frozenset[str], frozenset[str]]
    ) -> str | None:
        # A decoded host such as `good.org@bad.invalid` is invalid to a browser, but the pieces are
        # checked anyway: refusing is cheap.
        pieces = re.split(r"[@/\\:?#\s]", _percent_decode(raw_host, times=4))
        for piece in pieces:
            if not piece:
                continue
            unicode_labels = _lenient_labels(piece)
            labels = _encode_labels(unicode_labels)
            readings = [labels]
            alternative = [_label_to_unicode(label).translate(_TRANSITIONAL) for label in unicode_labels]
            if alternative != [_label_to_unicode(label) for label in unicode_labels]:
                readings.append(_encode_labels(alternative))
            proxied = _translate_goog(labels)
            if proxied is not None:
                readings.append(proxied)
            for reading in readings:
                found = self._match_labels(reading, exempt)
                if found is not None:
                    return found
        return None

    def match_host(self, host: str, exempt: Collection[str] = ()) -> str | None:
        """Like `match`, for a bare host name (`sub.bad.invalid`) rather than an address."""
        if not self:
            return None
        return self._match_raw_host(host, self._exemptions(exempt))

    def match(self, url: str, exempt: Collection[str] = ()) -> str | None:
        """What flagged domain `url` leads to, directly or through an archive or redirect; None if none.

        The description is the flagged host, or `HASHED_DESCRIPTION` for an unnamed platform (whose
        domain must not appear in any message). Addresses nested inside this one are checked
        recursively: in the path, query or fragment, percent-encoded or not, and the schemeless forms
        that the Wayback Machine, archive.today, Google's cache and Translate proxy accept; query values
        that are host names (`?u=bad.invalid/page`) count too.
        """
        if not self:
            return None
        exemptions = self._exemptions(exempt) if exempt else _NO_EXEMPTIONS
        simple = _SIMPLE_URL.fullmatch(url)
        if simple is not None:
            host = simple.group(1)
            if not _may_wrap_address(host):
                # Nothing but the host can lead anywhere: no query, fragment, encoding or second scheme.
                return self._match_raw_host(host, exemptions)
        return self._match_nested(url, exemptions)

    def _match_nested(self, url: str, exemptions: tuple[frozenset[str], frozenset[str]]) -> str | None:
        """`match` for any address: the host and every address carried inside it."""
        queue = [url]
        seen = {url}
        while queue:
            candidate = queue.pop()
            parts = _split_url(candidate)
            if parts is not None and parts.host:
                found = self._match_raw_host(parts.host, exemptions)
                if found is not None:
                    return found
            for inner in _nested_addresses(candidate, parts):
                if inner not in seen:
                    if len(seen) >= _MAX_CANDIDATES:
                        return TOO_DEEP_DESCRIPTION
                    seen.add(inner)
                    queue.append(inner)
            if parts is not None:
                for value in _query_hosts(parts.rest):
                    found = self._match_raw_host(value, exemptions)
                    if found is not None:
                        return found
        return None

    def _text_hosts(self, text: str) -> Iterator[tuple[re.Match[str], str]]:
        if not self:
            return
        for m in _host_words(text):
            found = self._match_raw_host(m.group(0), _NO_EXEMPTIONS)
            if found is not None:
                yield m, found

    def mentions(self, text: str) -> list[tuple[int, str]]:
        """(offset, description) of every flagged host written in free text, so the validator can
        point at it; hosts inside addresses count too."""
        return [(m.start(), found) for m, found in self._text_hosts(text)]

    def defang_in(self, text: str) -> str:
        """`text` with every flagged host in it made unlinkable: `bad[.]invalid`, `hxxps://bad[.]invalid`.

        Defanged rather than deleted so a reader still sees that something was there; no renderer or
        mail client turns `bad[.]invalid` back into a link.
        """
        out: list[str] = []
        pos = 0
        for m, _found in self._text_hosts(text):
            before = text[pos : m.start()]
            scheme = _TEXT_SCHEME_BEFORE.search(before)
            if scheme is not None:
                before = f"{before[: scheme.start()]}hxxp{scheme.group(1).lower()}{scheme.group(2)}"
            out.append(before)
            out.append(defang(m.group(0)))
            pos = m.end()
        out.append(text[pos:])
        return "".join(out)


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


# --- defanging ------------------------------------------------------------------------------------


def defang(host: str) -> str:
    """`example.com` -> `example[.]com`: readable, but no linkifier treats it as an address."""
    return re.sub(f"[{_DOT_CHARS}]", "[.]", host)


def defang_text(text: str, hosts: Iterable[str]) -> str:
    """Defang every occurrence of the given hosts, their subdomains and their `www.` forms in `text`.

    Matching is by host name, not by substring, so `notbad.invalid` is left alone when `bad.invalid`
    is flagged; any scheme in front (`https://bad.invalid`) becomes `hxxps://`.
    """
    return FlaggedDomains.build(hosts).defang_in(text)


# --- privacy lint ---------------------------------------------------------------------------------

EMAIL = "e-mail address"
PHONE = "phone number"
POSTCODE = "postcode"
HANDLE = "handle"


@dataclass(frozen=True)
class Finding:
    """Something in free text that may identify a person. Offsets are into the text given (0-based,
    end exclusive), so the validator can turn them into line and column."""

    start: int
    end: int
    kind: str
    text: str


_URL_IN_TEXT = re.compile(r"(?i)(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"]*")
_DOMAIN = r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}"
_ASCII_DIGIT = re.compile(r"[0-9]")
_FEDI_HANDLE = re.compile(rf"(?<![\w@])@[A-Za-z0-9_](?:[\w.-]*[A-Za-z0-9_])?@{_DOMAIN}")
_EMAIL = re.compile(rf"(?<![\w.+\-])[\w.+\-]*[\w+\-]@{_DOMAIN}")
_HANDLE = re.compile(r"(?<![\w@./])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?(?![\w@])")
# A run of digits and single separators that starts like a phone number (`+`, `0` or `(0`);
# `_phone_span` then decides by counting digits.
# Each separator starts with a different character, so the pattern cannot backtrack exponentially.
_PHONE_SEP = r"(?:\)[ \u00a0.\-]?\(?|[ \u00a0.\-]\(?|\()(?=[0-9])"
_PHONE_CANDIDATE = re.compile(
    rf"(?<![\w+.,/\-])(?:\+(?=[0-9])|\( ?(?=0)|(?=0))(?:[0-9]|{_PHONE_SEP})*[0-9](?!\w)"
)
_NANP = re.compile(
    r"(?<![\w+.,/\-])(?:\([0-9]{3}\) ?[0-9]{3}[ .\-][0-9]{4}|[0-9]{3}([.\-])[0-9]{3}\1[0-9]{4})(?!\w)"
)
# UK postcodes in capitals (lower case would catch ordinary words such as `b3 3rd`). Outward code:
# first letter not Q, V or X, second not I, J or Z; inward letters never C, I, K, M, O or V.
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-PR-UWYZ](?:[0-9][A-Z0-9]?|[A-HK-Y][0-9][A-Z0-9]?)|GIR) ?"
    r"[0-9][ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])"
)


def _phone_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The longest prefix of a candidate, ending between digit groups, that has a phone number's length.

    Digit counts: UK national (`0` then 1-9) 10-11 digits; `00` or `+` international 8-15 digits after
    the prefix (a `(0)` trunk digit not counted). Years, dates, sums of money and section numbers never
    start with `+` or `0`, or have too few digits.
    """
    chunk = text[start:end]
    digits = [i for i, c in enumerate(chunk) if c in "0123456789"]
    if not digits:
        return None
    first = chunk[digits[0] :]
    trunk = 1 if "(0)" in chunk else 0
    if chunk.startswith("+"):
        low, high, skip = 8, 15 + trunk, 0
    elif first.startswith("00"):
        low, high, skip = 8, 15, 2
    elif first.startswith("0"):
        low, high, skip = 10, 11, 0
    else:
        return None
    best: int | None = None
    for n, i in enumerate(digits):
        group_ends = n + 1 == len(digits) or digits[n + 1] != i + 1
        if group_ends and low <= n + 1 - skip <= high:
            best = i + 1
    if best is None:
        return None
    span_start = start
    if chunk.startswith("(") and ")" not in chunk[:best]:
        span_start += 1
        while span_start < start + best and text[span_start].isspace():
            span_start += 1
    return span_start, start + best


def find_personal_data(text: str) -> list[Finding]:
    """E-mail addresses, phone numbers, UK postcodes and @handles in free text, in order of position.

    A survivor has lifelong anonymity (Sexual Offences (Amendment) Act 1992), so anything that could
    reach or locate a person must be caught before it is published; it is a lint, so the wording of
    legal text (years, section numbers, sums, dates, case numbers) must not trip it. Addresses
    (`https://...`, `www....`) are not free text and are skipped.
    """
    if "@" not in text and _ASCII_DIGIT.search(text) is None:
        return []  # every pattern below needs an `@` or a digit: most titles have neither
    # Spans already accounted for, kept sorted and disjoint so each check is a binary search.
    claimed: list[tuple[int, int]] = [m.span() for m in _URL_IN_TEXT.finditer(text)]
    if claimed and "@" not in text and _ASCII_DIGIT.search(_URL_IN_TEXT.sub(" ", text)) is None:
        return []  # the only digits are in addresses, and a finding never overlaps an address
    findings: list[Finding] = []

    def free(start: int, end: int) -> bool:
        index = bisect.bisect_left(claimed, (start, end))
        if index > 0 and claimed[index - 1][1] > start:
            return False
        return index == len(claimed) or claimed[index][0] >= end

    def add(start: int, end: int, kind: str) -> None:
        bisect.insort(claimed, (start, end))
        findings.append(Finding(start, end, kind, text[start:end]))

    for pattern, kind in ((_FEDI_HANDLE, HANDLE), (_EMAIL, EMAIL), (_HANDLE, HANDLE)):
        for m in pattern.finditer(text):
            if free(*m.span()):
                add(m.start(), m.end(), kind)
    for m in _PHONE_CANDIDATE.finditer(text):
        span = _phone_span(text, m.start(), m.end())
        if span is not None and free(*span):
            add(span[0], span[1], PHONE)
    for m in _NANP.finditer(text):
        if free(*m.span()):
            add(m.start(), m.end(), PHONE)
    for m in _POSTCODE.finditer(text):
        if free(*m.span()):
            add(m.start(), m.end(), POSTCODE)
    findings.sort(key=lambda f: (f.start, f.end))
    return findings
