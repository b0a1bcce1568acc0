"""Markdown rendering: nothing a contributor types can run script, embed content or link to abuse."""

from __future__ import annotations

import re
import threading
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.text.flagged import FlaggedDomains
from tracker.text.markdown_html import (
    ALLOWED_TAGS,
    LINK_REL,
    RENDERER_VERSION_KEY,
    markdown_links,
    render_inline,
    render_markdown,
)

REL = 'rel="nofollow noopener noreferrer"'
_TAG = re.compile(r'</?[a-z]+(?:\s+[a-z-]+="[^"<>]*")*\s*/?>')


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def elements(output: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(output)
    parser.close()
    return parser.elements


def assert_safe(output: str) -> None:
    """The properties every rendering must have, checked on the parsed elements and the raw string."""
    lowered = output.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert "<iframe" not in lowered and "<svg" not in lowered and "<style" not in lowered
    # Every `<` left in the output opens a tag of this shape (text `<` is escaped); with the quoted
    # values taken out, no attribute name may be an event handler or a style.
    for m in re.finditer(r"<", output):
        opened = _TAG.match(output, m.start())
        assert opened is not None, output[m.start() : m.start() + 80]
        names = re.sub(r'="[^"]*"', "", opened.group(0))
        assert not re.search(r"\son\w+|\sstyle\b", names, re.IGNORECASE), output
    for tag, attrs in elements(output):
        assert tag in ALLOWED_TAGS, (tag, output)
        allowed = {"href", "rel"} if tag == "a" else set()
        assert set(attrs) <= allowed, (tag, attrs, output)
        if tag == "a":
            href = attrs.get("href") or ""
            assert re.match(r"https?://", href), output
            squeezed = re.sub(r"[\s\x00-\x1f]", "", href).lower()
            for scheme in ("javascript:", "data:", "vbscript:", "file:"):
                assert scheme not in squeezed, output
            assert attrs.get("rel") == LINK_REL


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src=x onerror="alert(1)">',
    "<IMG SRC=javascript:alert('XSS')>",
    "<img src=`javascript:alert(1)`>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](java&#x0A;script:alert(1))",
    "[x](  javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    '![x" onerror="alert(1)](https://example.org/i.png)',
    '[x](https://example.org/" onmouseover="alert(1))',
    '[x](https://example.org/ "title" onmouseover=alert(1))',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://example.org"></iframe>',
    '<iframe src="javascript:alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="width: expression(alert(1))">x</div>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<body onload="alert(1)">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">x</math>',
    "<details open ontoggle=alert(1)>",
    '<a href="https://example.org" onclick="alert(1)">x</a>',
    '<a href="https://example.org" style="position:fixed">x</a>',
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<div><a href="javascript:alert(1)">*x*</a></div>',
    "`<script>alert(1)</script>`",
    "    <script>alert(1)</script>",
    "```\n<script>alert(1)</script>\n```",
    "> <script>alert(1)</script>",
    "- <img src=x onerror=alert(1)>",
    "*<script>alert(1)</script>*",
    "[<img src=x onerror=alert(1)>](https://example.org)",
    "[x](//evil.example/x)",
    "[x](\\\\evil.example/x)",
    "<a href=//evil.example>x</a>",
    "\x02wzxhzdk:0\x03 &#60;script&#62;alert(1)&#60;/script&#62;",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<<script>script>alert(1)<</script>/script>",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    "[x](https://example.org)<script>alert(1)</script>",
]


def test_there_are_enough_payloads() -> None:
    assert len(XSS_PAYLOADS) >= 30


@pytest.mark.parametrize("payload", XSS_PAYLOADS, ids=range(len(XSS_PAYLOADS)))
def test_xss_payloads_are_neutralised(payload: str) -> None:
    output = render_markdown(payload)
    assert_safe(output)
    assert_safe(render_markdown(payload, flagged=FlaggedDomains.build(["evil.example"])))


def test_raw_html_is_shown_as_text_not_dropped() -> None:
    assert render_markdown("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert render_markdown("a <b>bold</b> claim") == "<p>a &lt;b&gt;bold&lt;/b&gt; claim</p>"


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "[click](/relative/page)",
        "[click](//evil.example/)",
        "[click](mailto:someone@example.org)",
        "[click](https://bit.ly/abc)",
        "[click](https://good.example@evil.example/)",
        "[click](https:evil.example)",
        "[click](https://%65vil.example/)",
    ],
)
def test_links_the_validator_would_refuse_lose_their_link_but_keep_their_text(text: str) -> None:
    assert render_markdown(text) == "<p>click</p>"


# --- ordinary Markdown ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*emphasis* and **strong**", "<p><em>emphasis</em> and <strong>strong</strong></p>"),
        ("_emphasis_ and __strong__", "<p><em>emphasis</em> and <strong>strong</strong></p>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
        ("use `code`", "<p>use <code>code</code></p>"),
        ("    preformatted", "<pre><code>preformatted\n</code></pre>"),
        ("line one  \nline two", "<p>line one<br>\nline two</p>"),
        ("first\n\nsecond", "<p>first</p>\n<p>second</p>"),
        ("Fish &amp; chips & peas", "<p>Fish &amp; chips &amp; peas</p>"),
        ("£250,000 under s.66B", "<p>£250,000 under s.66B</p>"),
    ],
)
def test_ordinary_markdown_renders(text: str, expected: str) -> None:
    assert render_markdown(text) == expected


def test_a_link_gets_exactly_the_rel_attribute() -> None:
    assert render_markdown("[Ofcom notice](https://www.ofcom.org.uk/notice)") == (
        f'<p><a href="https://www.ofcom.org.uk/notice" {REL}>Ofcom notice</a></p>'
    )


def test_link_variants_render() -> None:
    assert render_markdown("<https://example.org/x>") == (
        f'<p><a href="https://example.org/x" {REL}>https://example.org/x</a></p>'
    )
    assert render_markdown("[x][r]\n\n[r]: https://example.org/") == (
        f'<p><a href="https://example.org/" {REL}>x</a></p>'
    )
    assert render_markdown('[x](https://example.org/?a=1&b=2 "a title")') == (
        f'<p><a href="https://example.org/?a=1&amp;b=2" {REL}>x</a></p>'
    )


def test_headings_and_rules_are_not_in_the_allowlist() -> None:
    output = render_markdown("# Heading\n\n---\n\ntext")
    assert "<h1" not in output and "<hr" not in output
    assert "Heading" in output and "<p>text</p>" in output


def test_images_become_their_alt_text() -> None:
    assert render_markdown("see ![a chart](https://example.org/c.png) here") == "<p>see a chart here</p>"
    assert (
        render_markdown("![one](https://a.example/1.png)![two](https://a.example/2.png)") == "<p>onetwo</p>"
    )
    assert render_markdown("[![alt](https://a.example/i.png)](https://example.org/)") == (
        f'<p><a href="https://example.org/" {REL}>alt</a></p>'
    )


def test_an_email_in_angle_brackets_is_not_made_a_mailto_link() -> None:
    output = render_markdown("<someone@example.org>")
    assert "mailto" not in output and "<a" not in output
    assert "someone@example.org" in output


def test_control_characters_cannot_forge_markdown_placeholders() -> None:
    output = render_markdown("&amp; then \x02wzxhzdk:0\x03")
    assert output == "<p>&amp; then wzxhzdk:0</p>"


def test_reference_definitions_do_not_leak_between_calls() -> None:
    render_markdown("[x][r]\n\n[r]: https://example.org/")
    assert render_markdown("[x][r]") == "<p>[x][r]</p>"


def test_rendering_is_the_same_on_every_thread() -> None:
    text = "*a* [b](https://example.org/) `c`"
    expected = render_markdown(text)
    results: list[str] = []

    def work() -> None:
        for _ in range(20):
            results.append(render_markdown(text))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 80


# --- flagged domains --------------------------------------------------------------------------------

FLAGGED = FlaggedDomains.build(["bad.invalid"], ["0" * 63 + "1"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[the site](https://bad.invalid/)", "<p>the site</p>"),
        ("[the site](https://WWW.BAD.INVALID./x)", "<p>the site</p>"),
        ("[the site](https://cdn.bad.invalid/x)", "<p>the site</p>"),
        ("[archived](https://web.archive.org/web/2024/https://bad.invalid/)", "<p>archived</p>"),
        ("[x][r]\n\n[r]: https://archive.ph/o/Ab/https://bad.invalid/", "<p>x</p>"),
        ("[x](&#104;ttps://bad.invalid/)", "<p>x</p>"),
        ("<https://bad.invalid/page>", "<p>hxxps://bad[.]invalid/page</p>"),
        ("[https://bad.invalid](https://bad.invalid)", "<p>hxxps://bad[.]invalid</p>"),
        ("The site bad.invalid is named.", "<p>The site bad[.]invalid is named.</p>"),
        ("*www.bad.invalid*", "<p><em>www[.]bad[.]invalid</em></p>"),
        ("`bad.invalid`", "<p><code>bad[.]invalid</code></p>"),
        ("bad&#46;invalid", "<p>bad[.]invalid</p>"),
        ("notbad.invalid", "<p>notbad.invalid</p>"),
    ],
)
def test_flagged_links_are_unlinked_and_hosts_defanged(text: str, expected: str) -> None:
    assert render_markdown(text, flagged=FLAGGED) == expected


def test_other_links_survive_next_to_a_flagged_one() -> None:
    output = render_markdown("[good](https://example.org/) and [bad](https://bad.invalid/)", flagged=FLAGGED)
    assert output == f'<p><a href="https://example.org/" {REL}>good</a> and bad</p>'


def test_without_flagged_domains_links_are_kept() -> None:
    assert (
        render_markdown("[x](https://bad.invalid/)") == f'<p><a href="https://bad.invalid/" {REL}>x</a></p>'
    )


# --- render_inline ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reported to Ofcom", "Reported to Ofcom"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("*not emphasis* & [not](https://a.link/)", "*not emphasis* &amp; [not](https://a.link/)"),
        ("\"quoted\" 'too'", "&quot;quoted&quot; &#x27;too&#x27;"),
        ("  two\nlines\t here ", "two lines here"),
        ("null\x00byte", "nullbyte"),
    ],
)
def test_render_inline(text: str, expected: str) -> None:
    assert render_inline(text) == expected


def test_render_inline_defangs_flagged_hosts() -> None:
    assert render_inline("Fine for bad.invalid", flagged=FLAGGED) == "Fine for bad[.]invalid"


# --- markdown_links ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[x](https://a.example/)", [(4, "https://a.example/")]),
        ('[x](https://a.example/ "title")', [(4, "https://a.example/")]),
        ("[x]( https://a.example/ )", [(5, "https://a.example/")]),
        ("[x](<https://a.example/a b>)", [(5, "https://a.example/a b")]),
        ("[x](https://en.example/wiki/A_(b))", [(4, "https://en.example/wiki/A_(b)")]),
        ("![alt](https://a.example/i.png)", [(7, "https://a.example/i.png")]),
        ("[x](javascript:alert(1))", [(4, "javascript:alert(1)")]),
        ("[x](&#104;ttps://a.example/)", [(4, "https://a.example/")]),
        ("[x](https://a.example/a\\_b)", [(4, "https://a.example/a_b")]),
        ("[x][r]\n\n[r]: https://a.example/", [(13, "https://a.example/")]),
        ("[r]: <https://a.example/>", [(6, "https://a.example/")]),
        ('   [r]: https://a.example/ "t"', [(8, "https://a.example/")]),
        ("[r]:\n  https://a.example/", [(7, "https://a.example/")]),
        ("see <https://a.example/x>.", [(5, "https://a.example/x")]),
        ("see https://a.example/x.", [(4, "https://a.example/x")]),
        ("(see https://a.example/x)", [(5, "https://a.example/x")]),
        ("see https://en.example/wiki/A_(b), ok", [(4, "https://en.example/wiki/A_(b)")]),
        ("HTTP://A.EXAMPLE", [(0, "HTTP://A.EXAMPLE")]),
        (
            "[a](https://a.example/) then https://b.example/ and <https://c.example/>",
            [(4, "https://a.example/"), (29, "https://b.example/"), (53, "https://c.example/")],
        ),
        ("line one\n[x](https://a.example/)", [(13, "https://a.example/")]),
        ("no links, just a.example and www.b.example", []),
        ("", []),
    ],
)
def test_markdown_links(text: str, expected: list[tuple[int, str]]) -> None:
    assert markdown_links(text) == expected


def test_markdown_links_cover_every_link_the_renderer_makes() -> None:
    text = (
        "[a](https://a.example/) [b][r] <https://c.example/> ![d](https://d.example/i.png)\n\n"
        "[r]: https://b.example/"
    )
    rendered = {attrs["href"] for tag, attrs in elements(render_markdown(text)) if tag == "a"}
    found = {url for _, url in markdown_links(text)}
    assert rendered <= found
    assert found == {
        "https://a.example/",
        "https://b.example/",
        "https://c.example/",
        "https://d.example/i.png",
    }


def test_markdown_links_survives_pathological_input() -> None:
    # No timing assertion (machines here are shared): a catastrophic regex would hang CI, not pass.
    assert len(markdown_links("[" + "](" * 20000)) == 1
    assert markdown_links("https://" + "a" * 100000) == [(0, "https://" + "a" * 100000)]


# --- cache key --------------------------------------------------------------------------------------


def test_renderer_version_key_names_its_inputs() -> None:
    assert f"markdown-{markdown.__version__}" in RENDERER_VERSION_KEY
    assert "+nh3-" in RENDERER_VERSION_KEY
    assert re.search(r"\+policy-[0-9a-f]{16}$", RENDERER_VERSION_KEY)


# --- properties -------------------------------------------------------------------------------------

_MARKUP = st.sampled_from(
    [
        "<",
        ">",
        "&",
        "#",
        ";",
        '"',
        "'",
        "`",
        "*",
        "_",
        "[",
        "]",
        "(",
        ")",
        "!",
        "\n",
        " ",
        "\t",
        "script",
        "javascript:",
        "data:",
        "https://",
        "bad.invalid",
        "onerror=",
        "<img src=x ",
        "<a href=",
        "](",
        "&#106;",
        "\\",
        "- ",
        "> ",
        "    ",
        "x",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKUP, max_size=40).map("".join))
def test_any_text_renders_safely(text: str) -> None:
    output = render_markdown(text, flagged=FLAGGED)
    assert_safe(output)
    for tag, attrs in elements(output):
        if tag == "a":
            assert FLAGGED.match(attrs.get("href") or "") is None
    assert FLAGGED.mentions(re.sub(r"<[^>]*>", " ", output)) == []



@pytest.mark.xfail(
    strict=True,
    reason="known hole, found by test_any_text_renders_safely on 2026-12-04: inside a tag Markdown shows"
    " as text, a host after an underscore (`_bad.invalid`), with an entity for its dot"
    " or a Cyrillic look-alike letter is neither refused nor defanged, because FlaggedDomains reads a"
    " tag's insides only as typed (label `_bad`, `b\\u0430d`), not in the"
    " reader's form (personal data reads each dropped span on its own). Remove the mark once fixed.",
)
@pytest.mark.parametrize(
    "text",
    ["<img src=x _bad.invalid>", "<x _bad.invalid>", "<x _bad&#46;invalid>", "<x b\u0430d.invalid>"],
)
def test_a_host_after_a_word_character_inside_a_tag_shown_as_text_is_defanged(text: str) -> None:
    output = render_markdown(text, flagged=FLAGGED)
    assert FLAGGED.mentions(re.sub(r"<[^>]*>", " ", output)) == []
    assert FLAGGED.mentions(text) != []  # and the validator refuses it

@given(st.text(max_size=80))
def test_render_inline_never_emits_markup(text: str) -> None:
    output = render_inline(text)
    assert "<" not in output and ">" not in output and "\n" not in output
