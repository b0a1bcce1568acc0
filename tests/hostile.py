"""The hostile data and content that the hardening tests build into one site.

Anyone can open a pull request, so every text field of the data and of `content/` is filled with known
filter-evasion payloads (OWASP cheat-sheet patterns and friends). `build_hostile` builds all of them into
ONE site; the session fixture `hostile` (tests/conftest.py) shares it between the test modules
tests/test_hardening_*.py, which read it and never write to it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from samples import TODAY

from tracker.build.site import BuildResult, build_site
from tracker.text.flagged import FlaggedDomains

ROOT = Path(__file__).resolve().parent.parent

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
# The same host in spellings only the canonical reader's form sees (tracker/text/reader_form.py): the
# validator refuses these in data, so they stand in the hostile article (the content check is off there)
# and every output that prints it must show each one defanged.
DISGUISED_MENTIONS = (
    "defang-me.*example*.invalid",
    "defang-me.`example`.invalid",
    "defang-me&#46;example&#46;invalid",
    "defang-me\\.example\\.invalid",
    "defang-m\u0435.example.invalid",  # Cyrillic е
    "defang-me\u2024example\u2024invalid",
    "defang-me\ufe0f.example.invalid",
    "defang-me.\nexample.invalid",
)

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
        f"Disguised: {' and '.join(DISGUISED_MENTIONS)}.\n\n"
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


def build_hostile(base: Path) -> Hostile:
    """The payloads above built into one site under `base`, with the flagged hosts they mention."""
    data = base / "platforms.yaml"
    data.write_text(hostile_data(), encoding="utf-8")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "hostile-article.md").write_text(hostile_article(), encoding="utf-8")
    (content / "pages" / "hostile-page.md").write_text(hostile_page(), encoding="utf-8")
    # The build refuses such content before Pelican runs (tests/test_hardening_content.py); switched off
    # here, so that what the output layer does with hostile content is tested too (defence in depth).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("tracker.build.site.check_content", lambda *_args: [])
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
