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

import hashlib
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tracker.model.dataset import Dataset
from tracker.model.vocabulary import SHA256_RE
from tracker.text.hosts import (
    _DOT_CHARS,
    _TRANSITIONAL,
    _encode_labels,
    _label_to_unicode,
    _lenient_labels,
    _percent_decode,
    _suffixes,
    _translate_goog,
    is_bare_hostname,
    normalise_host,
)
from tracker.text.urls import _SIMPLE_URL, _split_url
from tracker.text.wrapped_urls import _may_wrap_address, _nested_addresses, _query_hosts

__all__ = [
    "HASHED_DESCRIPTION",
    "NO_EXEMPTIONS",
    "TEXT_HOST",
    "TOO_DEEP_DESCRIPTION",
    "FlaggedDomains",
    "dataset_flagged_domains",
    "defang",
    "defang_text",
    "host_words",
    "raw_flagged_domains",
]

# What `FlaggedDomains.match` says when only a hash matched: the whole point of a hash is that the
# tracker never prints the domain of a platform it has chosen not to name.
HASHED_DESCRIPTION = "a hashed domain of an unnamed platform"
TOO_DEEP_DESCRIPTION = "an address nested too deeply to check"

# --- flagged domains ------------------------------------------------------------------------------

# A ceiling on nested addresses: past it the link is refused rather than half-checked.
_MAX_CANDIDATES = 64
# Remembered host verdicts per set of flagged domains; past this, hosts are checked afresh each time.
_MAX_VERDICTS = 1 << 17
NO_EXEMPTIONS: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())

# A host name written in running text (`bad.invalid`, `www.bad.invalid`, `bäd。invalid`,
# `%62ad.invalid`).
_TEXT_LABEL = r"(?:[^\W_]|%[0-9A-Fa-f]{2})(?:[^\W_]|[\-\u00ad\u200c\u200d\u0300-\u036f]|%[0-9A-Fa-f]{2})*"
# Starts only at the beginning of a run (not after `a-`), so a long hyphenated word is scanned once.
TEXT_HOST = re.compile(rf"(?<![\w%])(?<!\w-){_TEXT_LABEL}(?:[{_DOT_CHARS}]{_TEXT_LABEL})+")
_TEXT_SCHEME_BEFORE = re.compile(r"(?i)http(s?)(:[/\\]*)$")
# Every host above has a dot followed by the start of a label; few words in running text do, and this is
# many times quicker to look for than `TEXT_HOST` itself.
_HOST_DOT = re.compile(rf"[{_DOT_CHARS}](?:[^\W_]|%[0-9A-Fa-f]{{2}})")
# The characters a host in text can be made of: a host never reaches past a run of them.
_HOST_RUN = re.compile(rf"[\w%\-\u00ad\u200c\u200d\u0300-\u036f{_DOT_CHARS}]*")


def host_words(text: str) -> Iterator[re.Match[str]]:
    """`TEXT_HOST.finditer(text)`, looking only inside the runs of host characters that hold a dot.

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
        yield from TEXT_HOST.finditer(text, start, run_end)


@dataclass(frozen=True)
class FlaggedDomains:
    """The domains that must never be linked: every platform's `domains` and `domain_sha256`.

    Matching a URL costs one set lookup (and one SHA-256) per label of each host in it, so the number of
    platforms never slows the validator down.

    `link_policy: allow-own-domain` is handled per call: pass that platform's domains (host names or
    SHA-256 hashes) as `exempt` to `match` when checking sources of that platform's own records. A
    match on an exempt entry is ignored; any other flagged domain in the same URL is still reported.
    An exemption never covers a domain another record also flags: one listed by more than one platform
    (`shared`) or whose hash an unnamed platform lists; nor a hash (an unnamed platform's domain is never
    linked). Otherwise a new record could claim another platform's flagged domain as its own, and the
    site would link it.
    """

    hosts: frozenset[str]
    hashes: frozenset[str]
    shared: frozenset[str] = frozenset()
    # Verdicts by (host as written, exemptions): a build asks about the same hosts many times over
    # (every source, every link in every rendering, every host-like word in text), and the answer
    # depends only on the host and this set.
    _verdicts: dict[tuple[str, tuple[frozenset[str], frozenset[str]]], str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def build(
        cls, hosts: Iterable[str], hashes: Iterable[str] = (), shared: Iterable[str] = ()
    ) -> FlaggedDomains:
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
        normal_hashes = {d.strip().lower() for d in hashes if SHA256_RE.match(d.strip().lower())}
        normal_shared = {n for n in (normalise_host(h) for h in shared) if n is not None}
        return cls(frozenset(normal_hosts), frozenset(normal_hashes), frozenset(normal_shared))

    def __or__(self, other: FlaggedDomains) -> FlaggedDomains:
        """Both sets together, for domains gathered from two kinds of input (both already normalised)."""
        shared = self.shared | other.shared | (self.hosts & other.hosts)
        return FlaggedDomains(self.hosts | other.hosts, self.hashes | other.hashes, shared)

    @property
    def fingerprint(self) -> str:
        """Changes whenever the set does; part of any cache key for text rendered against it."""
        digest = hashlib.sha256()
        for item in sorted(self.hosts):
            digest.update(b"h:" + item.encode("ascii") + b"\n")
        for item in sorted(self.hashes):
            digest.update(b"s:" + item.encode("ascii") + b"\n")
        for item in sorted(self.shared):
            digest.update(b"d:" + item.encode("ascii") + b"\n")
        return digest.hexdigest()

    def __bool__(self) -> bool:
        return bool(self.hosts or self.hashes)

    def _exemptions(self, exempt: Collection[str]) -> tuple[frozenset[str], frozenset[str]]:
        hosts: set[str] = set()
        for item in exempt:
            if SHA256_RE.match(item.strip().lower()):
                continue  # an unnamed platform's domain is never linked, whatever its policy
            normal = normalise_host(item)
            if normal is None or normal in self.shared:
                continue
            if hashlib.sha256(normal.encode("ascii")).hexdigest() in self.hashes:
                continue  # an unnamed platform's domain, claimed by name by another record
            hosts.add(normal)
        return frozenset(hosts), frozenset()

    def _match_labels(self, labels: list[str], exempt: tuple[frozenset[str], frozenset[str]]) -> str | None:
        hashed: str | None = None
        for suffix in _suffixes(labels):
            if hashed is None and self.hashes:
                digest = hashlib.sha256(suffix.encode("utf-8", "surrogatepass")).hexdigest()
                if digest in self.hashes and digest not in exempt[1]:
                    hashed = HASHED_DESCRIPTION
            if suffix in self.hosts and suffix not in exempt[0]:
                # A host that is also hashed is described as hashed: no message may name that domain.
                return hashed or suffix
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
        exemptions = self._exemptions(exempt) if exempt else NO_EXEMPTIONS
        simple = _SIMPLE_URL.fullmatch(url)
        if simple is not None:
            host = simple.group(1)
            if not _may_wrap_address(host):
                # Nothing but the host can lead anywhere: no query, fragment, encoding or second scheme.
                return self._match_raw_host(host, exemptions)
        return self.match_nested(url, exemptions)

    def match_nested(self, url: str, exemptions: tuple[frozenset[str], frozenset[str]]) -> str | None:
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
        for m in host_words(text):
            found = self._match_raw_host(m.group(0), NO_EXEMPTIONS)
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


# --- the flagged domains of a data file -----------------------------------------------------------


def dataset_flagged_domains(dataset: Dataset) -> FlaggedDomains:
    """Every domain no output may link: named platforms' hosts and unnamed platforms' hashes.

    Raises ValueError for a host that is not bare, like `FlaggedDomains.build`: a checked dataset has none.
    """
    hosts = [d for p in dataset.platforms for d in p.domains]
    hashes = [h for p in dataset.platforms for h in p.domain_sha256]
    return FlaggedDomains.build(hosts, hashes, shared_domains(p.domains for p in dataset.platforms))


def raw_flagged_domains(data: Any) -> FlaggedDomains:
    """The same from the values as loaded, before the schema has passed them.

    The validator checks links against this set while it is still finding what is wrong with the file, so
    anything that is not a bare host name in text is left out (the validator reports it on its own line)
    instead of stopping the check.
    """
    hosts: list[str] = []
    hashes: list[str] = []
    groups: list[list[str]] = []
    platforms = data.get("platforms") if isinstance(data, dict) else None
    for platform in platforms if isinstance(platforms, list) else ():
        if isinstance(platform, dict):
            own = [h for h in _list(platform.get("domains")) if isinstance(h, str) and is_bare_hostname(h)]
            hosts += own
            groups.append(own)
            hashes += [d for d in _list(platform.get("domain_sha256")) if isinstance(d, str)]
    return FlaggedDomains.build(hosts, hashes, shared_domains(groups))


def shared_domains(groups: Iterable[Iterable[str]]) -> frozenset[str]:
    """The normalised hosts that more than one platform (each group: one platform's domains) lists."""
    seen: set[str] = set()
    shared: set[str] = set()
    for group in groups:
        own = {n for n in (normalise_host(h) for h in group) if n is not None}
        shared |= own & seen
        seen |= own
    return frozenset(shared)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


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
