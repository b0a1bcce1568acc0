"""Rules that keep the tracker from signposting abuse or exposing a survivor.

Everything here is a pure function of its arguments (no I/O, no clock), so the validator, the renderer
and the tests all apply exactly the same rules.

Two ideas run through the module:
* Host names are compared the way a browser would resolve them (WHATWG URL parsing, UTS #46 mapping,
  IDNA punycode), never as the characters a person typed. Anything a browser would send to a flagged
  host must be recognised however it is spelt: upper case, trailing dot, `www.`, Unicode or punycode,
  percent-encoding, full-width dots, a decoy user name before `@`, a backslash for a slash, or a copy of
  the address wrapped inside an archive, cache or redirect link; and in text, however a reader reads it
  (`reader_form.py`).
* When in doubt, refuse. A refused source costs a maintainer a minute; a published link to an abuse site
  cannot be taken back.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field

from tracker.model.vocabulary import SHA256_RE
from tracker.text.host_words import (
    TEXT_HOST,
    TEXT_SCHEME_BEFORE,
    address_words,
    encoded_hosts,
    host_words,
    reading_hosts,
)
from tracker.text.hosts import (
    _DOT_CHARS,
    _encode_labels,
    _lenient_labels,
    _suffixes,
    host_readings,
    is_bare_hostname,
    normalise_host,
)
from tracker.text.reader_form import Mention, reader_forms, replace_spans
from tracker.text.reader_quick import reader_texts
from tracker.text.urls import _SIMPLE_URL, _split_url
from tracker.text.wrapped_urls import _may_wrap_address, _nested_addresses, _query_hosts

__all__ = [
    "HASHED_DESCRIPTION",
    "NO_EXEMPTIONS",
    "TEXT_HOST",
    "TOO_DEEP_DESCRIPTION",
    "FlaggedDomains",
    "defang",
    "defang_text",
    "host_words",
]

# What `FlaggedDomains.match` says when only a hash matched: the whole point of a hash is that the
# tracker never prints the domain of a platform it has chosen not to name.
HASHED_DESCRIPTION = "a hashed domain of an unnamed platform"
TOO_DEEP_DESCRIPTION = "an address nested too deeply to check"

# --- flagged domains ------------------------------------------------------------------------------

# A ceiling on nested addresses: past it the link is refused rather than half-checked.
_MAX_CANDIDATES = 64
_MAX_WORD_LABELS = 64  # more in one word of an address is no host anyone visits: refused, not checked
# Remembered host verdicts per set of flagged domains; past this, hosts are checked afresh each time.
_MAX_VERDICTS = 1 << 17
NO_EXEMPTIONS: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())


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
    # Verdicts by (host as written, exemptions): a build asks about the same hosts many times over (every
    # source, link and host-like word in text), and the answer depends only on the host and this set.
    _verdicts: dict[tuple[str, tuple[frozenset[str], frozenset[str]]], str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _derived: dict[str, FlaggedDomains] = field(default_factory=dict, init=False, repr=False, compare=False)
    # Mentions by text: a build reads the same text (a title, a summary, an event's body) for its page,
    # its feed items, its downloads and its chronology rows; making the reader's forms is most of it.
    _mentions: dict[str, tuple[Mention, ...]] = field(
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
        for reading in host_readings(raw_host):
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
        if simple is not None and not _may_wrap_address(simple.group(1)):
            # Nothing but the host can lead anywhere (no query, fragment, encoding or second scheme); the
            # path can still name a flagged host.
            found = self._match_raw_host(simple.group(1), exemptions)
        else:
            found = self.match_nested(url, exemptions)
        return found or self.match_anywhere(url, exemptions)

    def match_anywhere(self, url: str, exemptions: tuple[frozenset[str], frozenset[str]]) -> str | None:
        """A flagged or hashed host anywhere in `url` after repeated decoding (`address_words`): as any run
        of its labels, or spelled inside a hyphenated label (`forum--a-example-invalid.cdn.example`)."""
        for word in address_words(url):
            found = self._match_word(word, exemptions)
            if found is not None:
                return found
        return None

    def _match_word(self, word: str, exemptions: tuple[frozenset[str], frozenset[str]]) -> str | None:
        key = ("\0anywhere\0" + word, exemptions)
        try:
            return self._verdicts[key]
        except KeyError:
            pass
        labels = _encode_labels(_lenient_labels(word))
        found = TOO_DEEP_DESCRIPTION if len(labels) > _MAX_WORD_LABELS else None
        for end in range(1, len(labels) + 1 if found is None else 0):
            # Every run of labels ending here (its suffixes): left and middle labels of a host count.
            found = found or self._match_labels(labels[:end], exemptions)
        if found is None:  # a proxy's own domain takes two labels at least: only labels left of them
            found = self.match_encoded(labels[:-2], exemptions)
        if len(self._verdicts) < _MAX_VERDICTS:
            self._verdicts[key] = found
        return found

    def match_encoded(
        self, labels: Iterable[str], exemptions: tuple[frozenset[str], frozenset[str]] = NO_EXEMPTIONS
    ) -> str | None:
        """A flagged or hashed host spelled in one label, dots as hyphens: a proxy's label, a record's id."""
        for label in labels:
            for host in encoded_hosts(label):
                found = self._match_labels(host.split("."), exemptions)
                if found is not None:
                    return found
        return None

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

    def _reading_set(self) -> FlaggedDomains:
        """What a reader's form is compared with: the hosts and their own reader's forms, the same hashes."""
        cached = self._derived.get("reading")
        if cached is None:
            hosts = self.hosts | reading_hosts(self.hosts)
            cached = self._derived["reading"] = FlaggedDomains(hosts, self.hashes, self.shared)
        return cached

    def reader_mentions(self, text: str) -> list[Mention]:
        """Every flagged or hashed host in `text` as typed and in each reader's form of it (reader_form.py),
        with the span of `text` it was read from. Sorted by span."""
        if not self:
            return []
        try:
            return list(self._mentions[text])
        except KeyError:
            pass
        found = self._reader_mentions_uncached(text)
        if len(self._mentions) < _MAX_VERDICTS:
            self._mentions[text] = tuple(found)
        return found

    def _reader_mentions_uncached(self, text: str) -> list[Mention]:
        found: dict[tuple[int, int], Mention] = {}
        plain: list[tuple[int, int]] = []
        for m, description in self._text_hosts(text):
            plain.append(m.span())
            found[m.span()] = Mention(m.start(), m.end(), description, defanged=False, plain=True)
        reading = self._reading_set()
        # The reader's texts first (quick, no map back to `text`); the full forms only when they hold a
        # host the set matches, which is all the forms are needed for.
        quick = reader_texts(text)
        needed = any(reading._match_raw_host(m.group(), NO_EXEMPTIONS) for t in quick for m in host_words(t))
        for form in reader_forms(text) if needed else ():
            for m in host_words(form.text):
                read = reading._match_raw_host(m.group(), NO_EXEMPTIONS)
                if read is None:
                    continue
                start, end = form.source_span(*m.span())
                if (start, end) in found:
                    continue
                dots = [i for i in range(*m.span()) if form.text[i] == "."]
                defanged = all(i in form.spelled for i in dots)
                typed = any(a < end and start < b for a, b in plain)
                found[start, end] = Mention(start, end, read, defanged, typed, form, m.span())
        return sorted(found.values(), key=lambda mention: (mention.start, mention.end))

    def mentions(self, text: str) -> list[tuple[int, str]]:
        """(offset, description) of every flagged host a reader sees not defanged and every hashed host
        however written, in free text (addresses too), so the validator can point at it."""
        return [
            (m.start, m.found)
            for m in self.reader_mentions(text)
            if m.form is None or not (m.plain or (m.defanged and m.found != HASHED_DESCRIPTION))
        ]

    def dot_spans(self, text: str) -> list[tuple[int, int]]:
        """The spans of `text` holding the dots of a flagged host a reader sees undefanged: each becomes
        `[.]`. A dot written as an entity, an escape or a look-alike is its whole span."""
        spans = {span for m in self.reader_mentions(text) if not m.defanged for span in m.dots(text)}
        ordered: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if not ordered or start >= ordered[-1][1]:
                ordered.append((start, end))
        return ordered

    def defang_in(self, text: str) -> str:
        """`text` with every flagged host in it made unlinkable: `bad[.]invalid`, `hxxps://bad[.]invalid`.

        Defanged rather than deleted so a reader still sees that something was there; no renderer or
        mail client turns `bad[.]invalid` back into a link. A host a reader sees only in the reader's form
        (split by emphasis, an entity for a dot, look-alike letters) has its dots defanged where typed.
        """
        out: list[str] = []
        pos = 0
        for m, _found in self._text_hosts(text):
            before = text[pos : m.start()]
            scheme = TEXT_SCHEME_BEFORE.search(before)
            if scheme is not None:
                before = f"{before[: scheme.start()]}hxxp{scheme.group(1).lower()}{scheme.group(2)}"
            out.append(before)
            out.append(defang(m.group(0)))
            pos = m.end()
        out.append(text[pos:])
        return replace_spans("".join(out), self.dot_spans("".join(out)) if self else [])


# --- defanging ------------------------------------------------------------------------------------


def defang(host: str) -> str:
    """`example.com` -> `example[.]com`: readable, but no linkifier treats it as an address."""
    return re.sub(f"[{_DOT_CHARS}]", "[.]", host)


def defang_text(text: str, hosts: Iterable[str]) -> str:
    """Defang every occurrence of the given hosts, their subdomains and their `www.` forms in `text`.

    By host name, not substring: `notbad.invalid` is left alone when `bad.invalid` is flagged.
    """
    return FlaggedDomains.build(hosts).defang_in(text)
