"""Scanners that read each output file the way its consumer reads it, and list every hazard found.

HTML with a browser's parser, feeds as XML with their embedded HTML, JSON and CSV downloads, the calendar:
each must contain no script, handler or dangerous address that did not come from the theme itself; and,
given the flagged domains, no flagged host a reader sees undefanged nor any hashed host, read in the
canonical "what a reader sees" form (tracker/text/reader_form.py), never by a raw search.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from tracker.text.flagged import HASHED_DESCRIPTION, FlaggedDomains, defang

ROOT = Path(__file__).resolve().parent.parent

DANGEROUS_SCHEME = re.compile(r"^(?:javascript|data|vbscript|livescript|mocha):")
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "poster",
        "background",
        "cite",
        "codebase",
        "longdesc",
        "lowsrc",
        "dynsrc",
        "manifest",
        "ping",
        "profile",
        "usemap",
        "icon",
        "classid",
        "archive",
    }
)
ANIMATION_VALUES = frozenset({"values", "to", "from", "by"})
FORBIDDEN_ELEMENTS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style"})
ALLOWED_HTTP_EQUIV = frozenset({"content-security-policy", "content-type", "x-ua-compatible"})
JSON_SCRIPT_TYPES = frozenset({"application/ld+json", "application/json"})


def dangerous_url(value: str) -> bool:
    """What a browser would run: it drops leading controls and spaces and every tab and newline."""
    compact = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(value) if "&" in value else value).lower()
    return bool(DANGEROUS_SCHEME.match(compact))


@functools.cache
def theme_scripts() -> frozenset[str]:
    """The only scripts a page may load: the theme's own files, as copied to `theme/` in the output."""
    static = ROOT / "theme" / "static"
    return frozenset(f"theme/{p.relative_to(static).as_posix()}" for p in static.rglob("*.js"))


class HTMLScan(HTMLParser):
    """Parses a page (or a fragment from a feed) as a browser would tokenise it, noting every hazard."""

    def __init__(self, page: str, output: Path | None) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.output = output
        self.found: list[str] = []
        self.csp: list[tuple[int, str]] = []
        self.referrer: list[str] = []
        self.loads_before_csp: list[str] = []
        self.links: list[str] = []
        self._script: str | None = None
        self._script_text: list[str] = []
        self._order = 0

    def _resolve(self, url: str) -> str | None:
        """The output-relative path a same-site URL points at; None for other sites."""
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", url, re.I):
            return None
        path = url.split("#", 1)[0].split("?", 1)[0]
        if path.startswith("/"):
            return posixpath.normpath(path.lstrip("/"))
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.page), path))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._order += 1
        values = {name: value or "" for name, value in attrs}
        where = f"{self.page}: <{tag}>"
        if tag in FORBIDDEN_ELEMENTS:
            self.found.append(f"{where} element is not allowed")
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"{where} event handler {name}={value!r}")
            elif name in ("style", "srcdoc"):
                self.found.append(f"{where} {name} attribute {value!r}")
            elif name in URL_ATTRIBUTES and dangerous_url(value):
                self.found.append(f"{where} dangerous address {name}={value!r}")
            elif name == "srcset" and any(dangerous_url(part.strip()) for part in value.split(",")):
                self.found.append(f"{where} dangerous address in srcset {value!r}")
            elif name in ANIMATION_VALUES and tag in ("animate", "set") and "script:" in value.lower():
                self.found.append(f"{where} animation to a script address {value!r}")
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        if tag == "meta":
            equiv = values.get("http-equiv", "").lower()
            if equiv and equiv not in ALLOWED_HTTP_EQUIV:
                self.found.append(f"{where} http-equiv={equiv!r}")
            if equiv == "content-security-policy":
                self.csp.append((self._order, values.get("content", "")))
            if values.get("name", "").lower() == "referrer":
                self.referrer.append(values.get("content", ""))
        if tag == "link" and "import" in values.get("rel", "").lower().split():
            self.found.append(f"{where} HTML import")
        if tag in ("script", "link", "img") and not self.csp:
            self.loads_before_csp.append(tag)
        if tag == "img":
            target = self._resolve(values.get("src", ""))
            if target is None or self.output is None or not (self.output / target).is_file():
                self.found.append(
                    f"{where} image that is not one of the site's own files: {values.get('src')!r}"
                )
        if tag == "script":
            self._script = values.get("type", "").lower()
            self._script_text = []
            src = values.get("src")
            if src is None:
                if self._script not in JSON_SCRIPT_TYPES:
                    self.found.append(f"{where} inline script")
            else:
                target = self._resolve(src)
                if target not in theme_scripts():
                    self.found.append(f"{where} script that is not one of the theme's: {src!r}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            text = "".join(self._script_text).strip()
            if text and self._script in JSON_SCRIPT_TYPES:
                try:
                    json.loads(text)
                except ValueError:
                    self.found.append(f"{self.page}: <script type={self._script}> is not JSON: {text[:80]!r}")
            elif text:
                self.found.append(f"{self.page}: <script> with inline code {text[:80]!r}")
            self._script = None


def scan_html(page: str, text: str, output: Path | None) -> HTMLScan:
    scan = HTMLScan(page, output)
    scan.feed(text)
    scan.close()
    return scan


HTML_KEYS = re.compile(r"(^|_)html$")
URL_KEYS = re.compile(r"(^|_)(url|href|link|icon|favicon|image|banner_image|avatar|naming_source|archived)$")
ATOM_TEXT = frozenset({"content", "summary", "title", "subtitle", "rights"})
XML_LINK_TEXT = frozenset({"link", "loc", "comments", "docs", "uri", "icon", "logo", "url"})


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def scan_xml(page: str, text: str) -> list[str]:
    """Feeds and sitemaps: well-formed, no dangerous address, and the HTML they carry is clean."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        return [f"{page}: not well-formed XML: {error}"]
    found: list[str] = []
    is_rss = _local(root.tag) == "rss"
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in root.iter():
        name = _local(element.tag)
        parent = parents.get(element)
        where = f"{page} <{_local(parent.tag)}/{name}>" if parent is not None else f"{page} <{name}>"
        for attribute, value in element.attrib.items():
            if _local(attribute) in ("href", "src", "url") and dangerous_url(value):
                found.append(f"{page}: <{name}> dangerous address {value!r}")
        body = element.text or ""
        if name in XML_LINK_TEXT and dangerous_url(body.strip()):
            found.append(f"{page}: <{name}> dangerous address {body!r}")
        kind = element.get("type", "text")
        if (is_rss and name in ("description", "encoded")) or (name in ATOM_TEXT and kind == "html"):
            found += scan_html(where, body, None).found
        elif name in ATOM_TEXT and kind == "xhtml":
            inner = "".join(ET.tostring(child, encoding="unicode") for child in element)
            found += scan_html(where, inner, None).found
    return found


def _json_strings(value: object, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item, key)
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _json_strings(item, str(name))


def scan_json(page: str, text: str) -> list[str]:
    try:
        data = json.loads(text)
    except ValueError as error:
        return [f"{page}: not valid JSON: {error}"]
    found: list[str] = []
    for key, value in _json_strings(data):
        if HTML_KEYS.search(key):
            found += scan_html(f"{page} {key}", value, None).found
        elif URL_KEYS.search(key) and dangerous_url(value):
            found.append(f"{page}: {key} is a dangerous address {value!r}")
    return found


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def scan_csv(page: str, text: str) -> list[str]:
    found = []
    for row_number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        for cell in row:
            if cell.startswith(FORMULA_START):
                found.append(f"{page}: row {row_number}: cell starts like a formula: {cell[:60]!r}")
    return found


def ics_lines(text: str) -> list[str]:
    """Content lines with folding undone (RFC 5545: a line starting with a space or tab continues)."""
    lines: list[str] = []
    for raw in re.split(r"\r\n|\n", text):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    return lines


def scan_ics(page: str, text: str) -> list[str]:
    found = []
    for line in ics_lines(text):
        name = line.split(":", 1)[0].split(";", 1)[0].upper()
        if name == "URL" and dangerous_url(line.split(":", 1)[1]):
            found.append(f"{page}: dangerous URL line {line!r}")
        if line.startswith("SUMMARY:injected-ics"):
            found.append(f"{page}: a title added its own calendar line {line!r}")
    return found


# A Word file is a zip of XML parts: the text is in <w:t> runs (one word may be split across several),
# links are relationships with TargetMode="External" and HYPERLINK fields, and active content is a part.
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCX_ACTIVE_PARTS = re.compile(r"vbaProject|activeX|embeddings/|afchunk|\.bin$", re.IGNORECASE)
DOCX_FIELD_LINK = re.compile(r'HYPERLINK\s+(?:\\[a-z]\s+)*"?([^"\s]+)', re.IGNORECASE)


def docx_parts(path: Path) -> dict[str, str]:
    """Every XML part of a .docx (or other Office zip) by name, as text."""
    with zipfile.ZipFile(path) as z:
        return {
            name: z.read(name).decode("utf-8", errors="replace")
            for name in z.namelist()
            if name.endswith((".xml", ".rels"))
        }


def docx_texts(path: Path) -> Iterator[str]:
    """What a reader of the Word file sees: each part's XML, each paragraph's runs joined, and each
    field instruction (a HYPERLINK field is a link even without a relationship)."""
    for text in docx_parts(path).values():
        yield text
        try:
            root = ET.fromstring(text)
        except ET.ParseError:
            continue
        for paragraph in root.iter(f"{W_NS}p"):
            yield "".join(t.text or "" for t in paragraph.iter() if t.tag in (f"{W_NS}t", f"{W_NS}instrText"))
        for element in root.iter():
            instruction = element.get(f"{W_NS}instr")
            if instruction:
                yield instruction


def docx_links(path: Path) -> list[str]:
    """Every address the Word file would open: external relationships and HYPERLINK fields."""
    links: list[str] = []
    for name, text in docx_parts(path).items():
        if name.endswith(".rels"):
            try:
                root = ET.fromstring(text)
            except ET.ParseError:
                continue
            links += [r.get("Target", "") for r in root.iter() if r.get("TargetMode") == "External"]
    for text in docx_texts(path):
        links += DOCX_FIELD_LINK.findall(text)
    return links


def scan_docx(page: str, path: Path) -> list[str]:
    try:
        parts = docx_parts(path)
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
    except zipfile.BadZipFile as error:
        return [f"{page}: not a valid .docx: {error}"]
    found = [f"{page}: active content part {name!r}" for name in names if DOCX_ACTIVE_PARTS.search(name)]
    for name, text in parts.items():
        try:
            ET.fromstring(text)
        except ET.ParseError as error:
            found.append(f"{page}: {name} is not well-formed XML: {error}")
        if "altChunk" in text:
            found.append(f"{page}: {name} imports another document (altChunk)")
    found += [f"{page}: dangerous address {link!r}" for link in docx_links(path) if dangerous_url(link)]
    return found


# Template injection that would have been evaluated: what each payload renders to if it ever were.
EVALUATED = ("tplA49tplZ", "60481729", "tplXtplXtplX", "tplBtplB", "TemplateReference", "/49/tplC")


def output_files(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*") if p.is_file())


def scan_flagged(output: Path, flagged: FlaggedDomains) -> list[str]:
    """Every flagged host a reader of any output file sees undefanged, and every hashed host however it is
    written, as `file: host: context` lines (the host defanged, a hashed one never shown).

    Each text a reader of the file sees (`readable_texts`) is read in the canonical form: a host split by
    markup, written with entities, look-alike letters, invisible characters or across a line counts.
    """
    found: list[str] = []
    for path in output_files(output):
        # Once each: the reader's form decodes entities itself, so most entity-decoded copies repeat.
        for text in dict.fromkeys(readable_texts(path)):
            for mention in flagged.reader_mentions(text):
                if mention.found == HASHED_DESCRIPTION:
                    found.append(f"{path.relative_to(output)}: {HASHED_DESCRIPTION}")
                elif not mention.defanged:
                    context = text[max(0, mention.start - 30) : mention.end + 30]
                    found.append(f"{path.relative_to(output)}: {defang(mention.found)}: {context!r}")
    return sorted(set(found))


def scan_output(output: Path, flagged: FlaggedDomains | None = None) -> list[str]:
    """Every hazard in every file of a built site, as `file: what` lines; with `flagged`, `scan_flagged`."""
    found: list[str] = scan_flagged(output, flagged) if flagged else []
    for path in output_files(output):
        page = path.relative_to(output).as_posix()
        suffix = path.suffix.lower()
        if suffix == ".docx":
            found += scan_docx(page, path)
            texts = list(docx_texts(path)) if not found or "not a valid" not in found[-1] else []
            found += [
                f"{page}: evaluated template text {e!r}" for e in EVALUATED if any(e in t for t in texts)
            ]
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{page}: evaluated template text {e!r}" for e in EVALUATED if e in text]
        if suffix in (".html", ".htm", ".svg"):
            found += scan_html(page, text, output).found
        elif suffix == ".xml":
            found += scan_xml(page, text)
        elif suffix == ".json":
            found += scan_json(page, text)
        elif suffix == ".csv":
            found += scan_csv(page, text)
        elif suffix == ".ics":
            found += scan_ics(page, text)
    return found


def readable_texts(path: Path) -> Iterator[str]:
    """The text of a file as each kind of reader sees it: raw, entity-decoded, and parsed JSON/XML; a
    Word file as its XML parts and the text of each paragraph."""
    if path.suffix == ".docx":
        for text in docx_texts(path):
            yield text
            yield html.unescape(text)
        return
    raw = path.read_text(encoding="utf-8", errors="replace")
    yield raw
    yield html.unescape(raw)
    if path.suffix == ".json":
        try:
            for _, value in _json_strings(json.loads(raw)):
                yield value
                yield html.unescape(value)
        except ValueError:
            pass
    if path.suffix == ".xml":
        try:
            for element in ET.fromstring(raw).iter():
                for value in [element.text or "", *element.attrib.values()]:
                    yield value
                    yield html.unescape(value)
        except ET.ParseError:
            pass
