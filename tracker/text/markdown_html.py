"""Campaigners' Markdown to HTML that is safe to mark `|safe` in a template.

The pipeline is Markdown -> nh3 -> link gate -> nh3:

* Raw HTML typed into Markdown is shown as the literal characters typed, never as markup: the
  Markdown instance has its raw-HTML processors removed, so `<script>` comes out as `&lt;script&gt;`.
  Escaping (rather than stripping) keeps the text honest in previews, where a reviewer sees exactly
  what was typed, and no author ever needs raw HTML for a summary.
* nh3 then cleans against an explicit allowlist (`ALLOWED_TAGS`, `ALLOWED_ATTRIBUTES`,
  `URL_SCHEMES`); relative links are dropped, so `//host` cannot sneak past the scheme check.
* The link gate unlinks every `<a>` left without an http(s) address, whose address `url_problem`
  refuses (link shorteners, a user name before `@`), or whose address leads to a flagged domain
  (defence in depth: the validator refuses all of these too), and defangs flagged host names in text
  so nothing can turn them back into a link.
* A final nh3 pass means the output is nh3's own, whatever the gate did. Images become their alt text:
  a picture from a source could itself be the abuse material.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import threading
from collections.abc import Mapping, MutableMapping
from html.parser import HTMLParser
from importlib.metadata import version
from types import MappingProxyType
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from tracker.text.brackets import defuse_brackets
from tracker.text.defang_pieces import BLOCK_TAGS, defang_pieces
from tracker.text.flagged import FlaggedDomains
from tracker.text.urls import ABSOLUTE_HTTP, url_problem

__all__ = [
    "ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "ANCHOR_HREF", "CONTROL_CHARACTERS", "LINK_REL",
    "RENDERER_VERSION_KEY", "URL_SCHEMES", "TextCache", "markdown_links", "render_inline",
    "render_markdown",
]

ALLOWED_TAGS: frozenset[str] = frozenset(
    {"p", "em", "strong", "ul", "ol", "li", "a", "blockquote", "code", "pre", "br"}
)
# "*" is nh3's key for attributes allowed on every tag; left out, nh3 would still allow `title` and `lang`.
ALLOWED_ATTRIBUTES: Mapping[str, frozenset[str]] = MappingProxyType(
    {"a": frozenset({"href"}), "*": frozenset()}
)
URL_SCHEMES: frozenset[str] = frozenset({"https", "http"})
LINK_REL = "nofollow noopener noreferrer"
# Tags whose content goes with them; nothing produces them (raw HTML is escaped), but if anything ever
# did, their text must not leak into the page either.
_CLEAN_CONTENT_TAGS = frozenset({"script", "style"})
# Bump when the behaviour of this module changes in a way the allowlist does not show (the link gate,
# the Markdown set-up), so cached renders are thrown away.
_PIPELINE_REVISION = 3

CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(_CLEAN_CONTENT_TAGS),
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    strip_comments=True,
    link_rel=LINK_REL,
    url_schemes=set(URL_SCHEMES),
    url_relative="deny",
)


def _policy_digest() -> str:
    policy = {
        "tags": sorted(ALLOWED_TAGS),
        "attributes": {tag: sorted(attrs) for tag, attrs in sorted(ALLOWED_ATTRIBUTES.items())},
        "schemes": sorted(URL_SCHEMES),
        "link_rel": LINK_REL,
        "clean_content": sorted(_CLEAN_CONTENT_TAGS),
        "relative": "deny",
        "revision": _PIPELINE_REVISION,
    }
    return hashlib.sha256(json.dumps(policy, sort_keys=True).encode("utf-8")).hexdigest()[:16]


# Anything that changes rendered output for the same input text: a render cache keyed on this plus the
# text plus `FlaggedDomains.fingerprint` never serves stale HTML after an upgrade.
RENDERER_VERSION_KEY = f"markdown-{markdown.__version__}+nh3-{version('nh3')}+policy-{_policy_digest()}"


# --- Markdown -------------------------------------------------------------------------------------


class _ImagesToText(Treeprocessor):
    """Replace every image by its alt text, so no picture is ever embedded or fetched."""

    def run(self, root: Element) -> None:
        for parent in list(root.iter()):
            # Backwards, so removing an image never shifts the siblings still to be visited.
            for index in range(len(parent) - 1, -1, -1):
                child = parent[index]
                if child.tag != "img":
                    continue
                text = (child.get("alt") or "") + (child.tail or "")
                if index == 0:
                    parent.text = (parent.text or "") + text
                else:
                    previous = parent[index - 1]
                    previous.tail = (previous.tail or "") + text
                parent.remove(child)


def new_markdown() -> markdown.Markdown:
    md = markdown.Markdown(output_format="html")
    # Raw HTML: block-level and inline. Without these, `<tag>` is ordinary text and is escaped.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    # `<name@example.org>` would become an obfuscated mailto: link to a person's address.
    md.inlinePatterns.deregister("automail")
    md.treeprocessors.register(_ImagesToText(md), "images-to-text", 15)
    return md


# Python-Markdown tries every inline pattern on every piece of text, which is most of its work on short
# bodies. A pattern that needs a character the text does not contain cannot match, and leaving it out
# then changes nothing: these are the characters each of the library's patterns needs (patterns not
# named here are always kept). Two spaces before a line break can also come from a tab or a carriage
# return (the library expands tabs and normalises line breaks first).
_NEEDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "backtick": ("`",),
        "escape": ("\\",),
        "reference": ("[",),
        "link": ("[",),
        "image_link": ("[",),
        "image_reference": ("[",),
        "short_reference": ("[",),
        "short_image_ref": ("[",),
        "autolink": ("<",),
        "linebreak": ("  \n", "  \r", "\t"),
        "entity": ("&",),
        "em_strong": ("*", "_"),
        "em_strong2": ("_",),
        "not_strong": ("*", "_"),
    }
)


class _Local(threading.local):
    md: markdown.Markdown | None = None
    pruned: dict[frozenset[str], markdown.Markdown] | None = None


_LOCAL = _Local()


def markdown_instance(text: str | None = None) -> markdown.Markdown:
    """A Markdown instance of this thread (building one costs more than converting a summary); given the
    text to convert, one without the inline patterns that cannot match in it."""
    if text is None:
        if _LOCAL.md is None:
            _LOCAL.md = new_markdown()
        return _LOCAL.md
    idle = frozenset(name for name, needs in _NEEDS.items() if not any(n in text for n in needs))
    if _LOCAL.pruned is None:
        _LOCAL.pruned = {}
    md = _LOCAL.pruned.get(idle)
    if md is None:
        md = new_markdown()
        for name in idle:
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)
        _LOCAL.pruned[idle] = md
    return md


# Dropped from all text: Python-Markdown uses STX/ETX as placeholder markers (typed ones could forge a
# placeholder), and XML cannot carry these at all.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --- the link gate --------------------------------------------------------------------------------


def _keep_link(href: str | None, flagged: FlaggedDomains | None) -> bool:
    # The validator's own rule (no shorteners, no user name before `@`, ...) applies here too, so a page
    # rendered from unvalidated text still links only what validation would have allowed.
    if href is None or not ABSOLUTE_HTTP.match(href) or url_problem(href) is not None:
        return False
    return flagged is None or flagged.match(href) is None


# How nh3 writes a link's address: the first attribute, in double quotes (a quote inside is `&quot;`).
ANCHOR_HREF = re.compile(r'<a href="([^"]*)"')
_ELEMENT = re.compile(r"<[^<>]*>")


class LinkGate(HTMLParser):
    """Re-serialises nh3's output, unlinking unsafe anchors and defanging flagged hosts in text.

    It only ever sees nh3 output (allowlisted tags, one attribute), so a plain re-serialisation is
    faithful; the final nh3 pass guards against any mistake here anyway.
    """

    def __init__(self, flagged: FlaggedDomains | None) -> None:
        super().__init__(convert_charrefs=True)
        self._flagged = flagged
        self._out: list[str] = []
        self._anchors: list[bool] = []
        self._texts: list[tuple[int, str]] = []  # (where in _out, what joins it to the text before)
        self._join = ""

    def _link(self, href: str | None) -> tuple[bool, list[tuple[str, str | None]]]:
        """(keep the link, attributes to add): editorial text has its own rule (tracker/editorial.py)."""
        return _keep_link(href, self._flagged), []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._join = "\n" if tag in BLOCK_TAGS else self._join
        if tag == "a":
            keep, extra = self._link(dict(attrs).get("href"))
            self._anchors.append(keep)
            if not keep:
                return
            attrs = [*attrs, *extra]
        rendered = "".join(f' {name}="{html.escape(value)}"' for name, value in attrs if value is not None)
        self._out.append(f"<{tag}{rendered}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "a":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        self._join = "\n" if tag in BLOCK_TAGS else self._join
        if tag == "a" and not (self._anchors.pop() if self._anchors else False):
            return
        self._out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self._texts.append((len(self._out), self._join))
        self._join = ""  # escaped by result(), once a host split across elements is defanged too:
        self._out.append(self._flagged.defang_in(data) if self._flagged else data)

    def result(self) -> str:
        self.close()
        texts = [self._out[i] for i, _ in self._texts]
        if self._flagged and len(texts) > 1:
            texts = defang_pieces(self._flagged, texts, [join for _, join in self._texts])
        for (i, _), text in zip(self._texts, texts, strict=True):
            self._out[i] = html.escape(text, quote=False)
        return "".join(self._out)


# --- public API -----------------------------------------------------------------------------------


def render_markdown(text: str, *, flagged: FlaggedDomains | None = None) -> str:
    """HTML for a summary or event body, safe to insert unescaped.

    With `flagged`, links to flagged domains (directly or wrapped in an archive link) lose their link
    and keep their text, and flagged host names anywhere in the text are defanged.
    """
    source = defuse_brackets(CONTROL_CHARACTERS.sub("", text))
    md = markdown_instance(source)
    md.reset()
    try:
        converted = md.convert(source)
    finally:
        md.reset()
    cleaned = CLEANER.clean(converted)
    # Read with its elements dropped (a host split by markup) and as separate pieces (one piece a host).
    readings = (html.unescape(cleaned), html.unescape(_ELEMENT.sub(" ", cleaned))) if flagged else ()
    if not (flagged and any(map(flagged.mentions, readings))):
        hrefs = ANCHOR_HREF.findall(cleaned)
        if cleaned.count("<a") == len(hrefs) and all(_keep_link(html.unescape(h), flagged) for h in hrefs):
            # Every link kept and no flagged host to defang: the gate would give back the same elements
            # and text, which the final pass would serialise exactly as it does `cleaned`.
            return CLEANER.clean(cleaned)
    gate = LinkGate(flagged)
    gate.feed(cleaned)
    return CLEANER.clean(gate.result())


def render_inline(text: str, *, flagged: FlaggedDomains | None = None) -> str:
    """A one-line title as escaped text: no markup at all, whitespace collapsed to single spaces."""
    line = " ".join(CONTROL_CHARACTERS.sub("", text).split())
    if flagged:
        line = flagged.defang_in(line)
    return html.escape(line, quote=True)


class TextCache:
    """Every distinct text rendered once per build, against one set of flagged domains.

    Pages and feeds show the same bodies and summaries, and Markdown is the most expensive step of a
    build, so each text is converted once and shared. With a `store` (a mapping that outlives the build,
    see tracker/buildcache.py) a text rendered by an earlier build is not converted again: its key is a
    hash of the text, `RENDERER_VERSION_KEY` (Markdown, nh3, the allowlist and this module's revision)
    and the flagged set's fingerprint, so any change to what the output could depend on is a miss.
    """

    def __init__(
        self, flagged: FlaggedDomains | None, store: MutableMapping[bytes, str] | None = None
    ) -> None:
        self.flagged = flagged
        self.store = store
        self._markdown: dict[str, str] = {}
        fingerprint = flagged.fingerprint if flagged else "-"
        self._prefix = f"{RENDERER_VERSION_KEY}\0{fingerprint}\0".encode()

    def key(self, text: str) -> bytes:
        return hashlib.sha256(self._prefix + text.encode("utf-8", "surrogatepass")).digest()

    def markdown(self, text: str) -> str:
        """`render_markdown(text, flagged=...)`, remembered."""
        html_text = self._markdown.get(text)
        if html_text is not None:
            return html_text
        if self.store is None:
            html_text = render_markdown(text, flagged=self.flagged)
        else:
            key = self.key(text)
            html_text = self.store.get(key)
            if html_text is None:
                html_text = self.store[key] = render_markdown(text, flagged=self.flagged)
        self._markdown[text] = html_text
        return html_text


# --- links a Markdown text would make ----------------------------------------------------------------

_INLINE_START = re.compile(r"\]\(")
_REFERENCE_DEF = re.compile(r"(?m)^ {0,3}\[[^\[\]\n]*\]:[ \t]*(?:\n[ \t]*)?(<[^>\n]*>|\S+)")
_AUTOLINK = re.compile(r"<((?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*)>")
_BARE_URL = re.compile(r"(?i)(?<![\w/])(?:https?|ftp)://[^\s<>\"'`]+")
_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_TRAILING_PUNCTUATION = ".,;:!?'\""


def _unescape(url: str) -> str:
    """What the browser finally sees: Markdown backslash escapes and HTML entities both resolved."""
    return html.unescape(_BACKSLASH_ESCAPE.sub(r"\1", url))


def _inline_destination(text: str, start: int) -> tuple[int, int] | None:
    """Span of the destination of an inline link whose `(` ends at `start`, as Python-Markdown reads it."""
    i = start
    while i < len(text) and text[i] in " \t\n":
        i += 1
    if i < len(text) and text[i] == "<":
        end = text.find(">", i + 1)
        return (i + 1, end) if end != -1 else None
    depth = 0
    j = i
    while j < len(text):
        c = text[j]
        if c == "\\" and j + 1 < len(text):
            j += 2
            continue
        if c.isspace() and depth == 0:
            break
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                break
            depth -= 1
        j += 1
    return (i, j) if j > i else None


def markdown_links(text: str) -> list[tuple[int, str]]:
    """(offset, url) of every address a Markdown text would link, in order of offset.

    Inline links and images, reference definitions, `<https://...>` autolinks and bare http(s)
    addresses (other renderers, mail clients and feed readers link those). Offsets are 0-based
    positions in `text`, for the validator's line and column; URLs have escapes and entities resolved,
    so what is checked is what a browser would follow. It errs towards reporting too much: a check of
    an address that would not have been linked costs nothing.
    """
    if "](" not in text and ":" not in text:
        return []  # every kind of link below needs `](`, `]:` or `://`: most titles have none
    found: dict[int, str] = {}
    covered: list[tuple[int, int]] = []

    def add(start: int, end: int) -> None:
        url = _unescape(text[start:end])
        if url:
            found[start] = url
            covered.append((start, end))

    last_end = 0
    for m in _INLINE_START.finditer(text):
        # A `](` inside a destination already read is part of it; skipping it keeps this linear.
        if m.start() < last_end:
            continue
        span = _inline_destination(text, m.end())
        if span is not None:
            add(*span)
            last_end = span[1]
    for m in _REFERENCE_DEF.finditer(text):
        start, end = m.span(1)
        if text[start] == "<":
            start, end = start + 1, end - 1
        add(start, end)
    for m in _AUTOLINK.finditer(text):
        add(*m.span(1))
    for m in _BARE_URL.finditer(text):
        start, end = m.span()
        if any(a <= start < b for a, b in covered):
            continue
        url = text[start:end].rstrip(_TRAILING_PUNCTUATION)
        # A closing bracket belongs to the URL only if the URL opened one (Wikipedia-style addresses).
        while url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1].rstrip(_TRAILING_PUNCTUATION)
        add(start, start + len(url))
    return sorted(found.items())
