"""The rules that keep the tracker from linking to abuse or exposing a survivor, case by case.

Each table names the trick it guards against, so a failing row says which door was left open.
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.check.personal_data import EMAIL, HANDLE, PHONE, POSTCODE, Finding, find_personal_data
from tracker.text.flagged import (
    HASHED_DESCRIPTION,
    TOO_DEEP_DESCRIPTION,
    FlaggedDomains,
    defang,
    defang_text,
)
from tracker.text.hosts import domain_sha256, is_bare_hostname, normalise_host
from tracker.text.urls import LINK_SHORTENERS, url_host, url_problem


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("ascii")).hexdigest()


# --- host names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("example.com", "example.com"),
        ("EXAMPLE.COM", "example.com"),
        ("example.com.", "example.com"),
        ("www.example.com", "example.com"),
        ("WWW.Example.Com.", "example.com"),
        ("www.www.example.com", "www.example.com"),  # one www. only
        ("sub.example.com", "sub.example.com"),
        ("%65xample.com", "example.com"),
        ("bäd.example", "xn--bd-via.example"),
        ("BÄD.example", "xn--bd-via.example"),
        ("xn--bd-via.example", "xn--bd-via.example"),
        ("XN--BD-VIA.EXAMPLE", "xn--bd-via.example"),
        ("%C3%A4.example", "xn--4ca.example"),
        ("bad。invalid", "bad.invalid"),  # ideographic full stop
        ("ｂａｄ.invalid", "bad.invalid"),  # full-width letters
        ("b\u00adad.invalid", "bad.invalid"),  # soft hyphen is ignored by browsers
        ("faß.de", "xn--fa-hia.de"),
        ("💩.la", "xn--ls8h.la"),
        ("xn--ls8h.la", "xn--ls8h.la"),
        ("localhost", "localhost"),
        ("www", "www"),
        ("1.2.3.4", "1.2.3.4"),
    ],
)
def test_normalise_host(given: str, expected: str) -> None:
    assert normalise_host(given) == expected


@pytest.mark.parametrize(
    "given",
    [
        "",
        ".",
        "example..com",
        "-example.com",
        "example-.com",
        "exa mple.com",
        "example.com/path",
        "example.com:443",
        "user@example.com",
        "under_score.com",
        "a" * 64 + ".com",
        ("a" * 63 + ".") * 4 + "com",  # longer than 253
        "xn--zz-.com!",
        "example.com..",
        "\x00.com",
    ],
)
def test_normalise_host_refuses_what_is_not_a_host_name(given: str) -> None:
    assert normalise_host(given) is None


@given(st.from_regex(r"\A(?:[a-z0-9]{1,10}\.){1,4}[a-z]{2,6}\Z"))
def test_normalise_host_is_idempotent(host: str) -> None:
    once = normalise_host(host)
    assert once is not None
    assert normalise_host(once) == once


def test_domain_sha256_is_of_the_normalised_host() -> None:
    assert domain_sha256("bad.invalid") == sha("bad.invalid")
    for spelling in ("BAD.INVALID", "bad.invalid.", "www.bad.invalid", "%62ad.invalid", "ｂａｄ.invalid"):
        assert domain_sha256(spelling) == sha("bad.invalid")
    assert domain_sha256("bäd.example") == domain_sha256("xn--bd-via.example") == sha("xn--bd-via.example")
    with pytest.raises(ValueError):
        domain_sha256("not a host")


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("bad.invalid", True),
        ("www.bad.invalid", True),
        ("sub.bad.invalid", True),
        ("BAD.INVALID", True),
        ("bad.invalid.", True),
        ("bäd.example", True),
        ("xn--bd-via.example", True),
        ("localhost", False),  # no dot
        ("www.com", False),  # no dot once www. is gone: would flag every .com address
        ("https://bad.invalid", False),
        ("bad.invalid/path", False),
        ("bad.invalid:8080", False),
        ("user@bad.invalid", False),
        ("*.bad.invalid", False),
        ("%62ad.invalid", False),
        (" bad.invalid", False),
        ("bad.invalid ", False),
        ("bad .invalid", False),
        ("bad.invalid?x", False),
        ("bad.invalid#x", False),
        ("1.2.3.4", False),
        ("[::1]", False),
        ("", False),
        ("under_score.invalid", False),
    ],
)
def test_is_bare_hostname(text: str, ok: bool) -> None:
    assert is_bare_hostname(text) is ok


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://Example.org/x", "example.org"),
        ("https://good.org@bad.invalid/", "bad.invalid"),
        ("https://bad.invalid\\@good.org/", "bad.invalid"),
        ("https:bad.invalid/x", "bad.invalid"),
        ("https:\\\\bad.invalid", "bad.invalid"),
        ("//bad.invalid/x", "bad.invalid"),
        ("https://bad.invalid:8443#x", "bad.invalid"),
        ("  https://bad.invalid  ", "bad.invalid"),
        ("ht\ttps://ba\nd.invalid", "bad.invalid"),
        ("mailto:someone@example.org", None),
        ("/relative/path", None),
        ("https://", None),
    ],
)
def test_url_host_reads_addresses_like_a_browser(url: str, host: str | None) -> None:
    assert url_host(url) == host


# --- defanging --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("example.com", "example[.]com"),
        ("a.b.c.d", "a[.]b[.]c[.]d"),
        ("bad。invalid", "bad[.]invalid"),
        ("localhost", "localhost"),
    ],
)
def test_defang(host: str, expected: str) -> None:
    assert defang(host) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Visit bad.invalid today.", "Visit bad[.]invalid today."),
        ("BAD.INVALID and Bad.Invalid", "BAD[.]INVALID and Bad[.]Invalid"),
        ("www.bad.invalid", "www[.]bad[.]invalid"),
        ("cdn.bad.invalid/x", "cdn[.]bad[.]invalid/x"),
        ("see https://bad.invalid/page", "see hxxps://bad[.]invalid/page"),
        ("see HTTP://www.bad.invalid", "see hxxp://www[.]bad[.]invalid"),
        ("mail me@bad.invalid", "mail me@bad[.]invalid"),
        ("notbad.invalid is fine", "notbad.invalid is fine"),
        ("bad.invalid.example.org is someone else", "bad.invalid.example.org is someone else"),
        ("not-bad.invalid is fine", "not-bad.invalid is fine"),
        ("bad-invalid is not a host", "bad-invalid is not a host"),
        ("bad。invalid", "bad[.]invalid"),
        ("%62ad.invalid", "%62ad[.]invalid"),
        ("BÄD.example and xn--bd-via.example", "BÄD[.]example and xn--bd-via[.]example"),
        ("(bad.invalid)", "(bad[.]invalid)"),
        ("“bad.invalid”", "“bad[.]invalid”"),
        ("no domains here. At all.", "no domains here. At all."),
        ("a https://good.org/?next=bad.invalid link", "a https://good.org/?next=bad[.]invalid link"),
    ],
)
def test_defang_text(text: str, expected: str) -> None:
    assert defang_text(text, ["bad.invalid", "bäd.example"]) == expected


@given(st.text(alphabet="abdinvlt.-/: @", max_size=40))
def test_defanged_text_mentions_no_flagged_host(text: str) -> None:
    flagged = FlaggedDomains.build(["bad.invalid"])
    assert flagged.mentions(flagged.defang_in(text)) == []


def test_mentions_give_offsets_and_hide_hashed_domains() -> None:
    flagged = FlaggedDomains.build(["bad.invalid"], [sha("hidden.invalid")])
    text = "bad.invalid and www.hidden.invalid"
    assert flagged.mentions(text) == [(0, "bad.invalid"), (16, HASHED_DESCRIPTION)]


# --- flagged domains --------------------------------------------------------------------------------

FLAGGED = FlaggedDomains.build(
    ["bad.invalid", "bäd.example", "💩.la", "fass.de", "evil.test"], [sha("hidden.invalid")]
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # the host itself, however spelt
        ("https://bad.invalid/", "bad.invalid"),
        ("http://bad.invalid", "bad.invalid"),
        ("https://BAD.INVALID/x", "bad.invalid"),
        ("https://bad.invalid./x", "bad.invalid"),
        ("https://www.bad.invalid/", "bad.invalid"),
        ("https://WWW.Bad.Invalid./", "bad.invalid"),
        ("https://bad.invalid:8443/", "bad.invalid"),
        ("https://%62ad.invalid/", "bad.invalid"),
        ("https://%62%61%64.invalid/", "bad.invalid"),
        ("https://%2562ad.invalid/", "bad.invalid"),  # decoded however many times
        ("https://bad%2Einvalid/", "bad.invalid"),
        ("https://bad。invalid/", "bad.invalid"),
        ("https://ｂａｄ.invalid/", "bad.invalid"),
        ("https://b\u00adad.invalid/", "bad.invalid"),
        # subdomains and parent domains
        ("https://cdn.bad.invalid/img.jpg", "bad.invalid"),
        ("https://a.b.c.bad.invalid/", "bad.invalid"),
        ("https://" + "a." * 500 + "bad.invalid/", "bad.invalid"),
        # IDN: Unicode and punycode spellings are the same host
        ("https://bäd.example/", "xn--bd-via.example"),
        ("https://BÄD.example/", "xn--bd-via.example"),
        ("https://xn--bd-via.example/", "xn--bd-via.example"),
        ("https://XN--BD-VIA.EXAMPLE/", "xn--bd-via.example"),
        ("https://www.xn--bd-via.example/", "xn--bd-via.example"),
        ("https://💩.la/", "xn--ls8h.la"),
        ("https://xn--ls8h.la/", "xn--ls8h.la"),
        ("https://faß.de/", "fass.de"),  # old browsers read ß as ss
        # the address parsed the way a browser parses it
        ("https://good.org@bad.invalid/", "bad.invalid"),
        ("https://good.org:pw@bad.invalid/", "bad.invalid"),
        ("https://good.org%40bad.invalid/", "bad.invalid"),
        ("https://bad.invalid\\@good.org/", "bad.invalid"),
        ("https://bad.invalid#@good.org/", "bad.invalid"),
        ("https://bad.invalid?@good.org/", "bad.invalid"),
        ("https:\\\\bad.invalid\\x", "bad.invalid"),
        ("https:/bad.invalid", "bad.invalid"),
        ("https:bad.invalid", "bad.invalid"),
        ("HTTPS://bad.invalid", "bad.invalid"),
        ("  https://bad.invalid  ", "bad.invalid"),
        ("ht\ttps://bad\n.invalid", "bad.invalid"),
        ("//bad.invalid/x", "bad.invalid"),
        # hash-only: an unnamed platform's domain
        ("https://hidden.invalid/", HASHED_DESCRIPTION),
        ("https://www.HIDDEN.invalid./", HASHED_DESCRIPTION),
        ("https://media.hidden.invalid/x", HASHED_DESCRIPTION),
        ("https://web.archive.org/web/2024/https://hidden.invalid/", HASHED_DESCRIPTION),
        # archives, caches, proxies and redirects
        ("https://web.archive.org/web/20240101000000/https://bad.invalid/page", "bad.invalid"),
        ("https://web.archive.org/web/20240101000000id_/http://bad.invalid/", "bad.invalid"),
        ("https://web.archive.org/web/2024*/bad.invalid/*", "bad.invalid"),
        ("https://web.archive.org/web/20240101000000/bad.invalid/page", "bad.invalid"),
        ("https://web.archive.org/web/https://bad.invalid/", "bad.invalid"),
        ("https://web.archive.org/web/2024/https:/bad.invalid/", "bad.invalid"),
        ("https://wayback.archive.org/web/2024/bad.invalid", "bad.invalid"),
        ("https://archive.org/wayback/available?url=bad.invalid/page", "bad.invalid"),
        ("https://archive.ph/2024.01.01-000000/https://bad.invalid/", "bad.invalid"),
        ("https://archive.ph/20240101000000/bad.invalid/", "bad.invalid"),
        ("https://archive.today/o/AbCdE/https://bad.invalid/x", "bad.invalid"),
        ("https://archive.is/newest/https://bad.invalid/", "bad.invalid"),
        ("https://archive.is/bad.invalid", "bad.invalid"),
        ("https://archive.ph/*.bad.invalid", "bad.invalid"),
        ("https://webcache.googleusercontent.com/search?q=cache:bad.invalid/page", "bad.invalid"),
        (
            "https://webcache.googleusercontent.com/search?q=cache:AbCdEf123456:https://bad.invalid/+x",
            "bad.invalid",
        ),
        ("https://bad-invalid.translate.goog/page?_x_tr_sl=auto", "bad.invalid"),
        ("https://translate.google.com/translate?u=bad.invalid/page", "bad.invalid"),
        ("https://www.google.com/url?q=https://bad.invalid/&sa=D", "bad.invalid"),
        ("https://good.org/redirect?to=https%3A%2F%2Fbad.invalid%2F", "bad.invalid"),
        ("https://good.org/redirect?to=https%253A%252F%252Fbad.invalid", "bad.invalid"),
        ("https://good.org/redirect?to=//bad.invalid/x", "bad.invalid"),
        ("https://good.org/out/https://bad.invalid/", "bad.invalid"),
        ("https://good.org/#https://bad.invalid", "bad.invalid"),
        # Anywhere in the address (issue 14): a path names it, left labels of another host carry it.
        ("https://good.org/bad.invalid", "bad.invalid"),
        ("https://bad.invalid.example.org/", "bad.invalid"),
        ("https://good.org/?a=https://ok.org/&b=https://bad.invalid", "bad.invalid"),
        ("https://good.org/?a=1&amp;u=https://bad.invalid", "bad.invalid"),
        # nested twice (and more)
        ("https://archive.ph/o/AbCdE/https://web.archive.org/web/2024/https://bad.invalid/", "bad.invalid"),
        (
            "https://web.archive.org/web/2024/https://archive.ph/2024/https://www.google.com/url?q="
            "https%3A%2F%2Fbad.invalid%2F",
            "bad.invalid",
        ),
        ("https://web.archive.org/web/2024/https://web.archive.org/web/2023/bad.invalid", "bad.invalid"),
        (
            "https://good.org/?u=https%3A%2F%2Fweb.archive.org%2Fweb%2F2024%2Fhttps%3A%2F%2Fevil.test",
            "evil.test",
        ),
    ],
)
def test_flagged_matches(url: str, expected: str) -> None:
    assert FLAGGED.match(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://notbad.invalid/",  # ends with the same characters, but a different domain
        "https://badinvalid.org/",
        "https://bad-invalid.org/",
        "https://invalid/",  # a parent of the flagged host is not flagged
        "https://example/",
        "https://good.org/articles/bad-invalid-fined",
        "https://good.org/search?q=bad+invalid",
        "https://web.archive.org/web/2024/https://good.org/",
        "https://archive.ph/AbCdE",
        "https://nothidden.invalid/",
        "https://bad.example/",
        "https://www.ofcom.org.uk/online-safety",
        "mailto:someone@example.org",
        "not a url at all",
        "",
    ],
)
def test_flagged_non_matches(url: str) -> None:
    assert FLAGGED.match(url) is None


def test_own_domain_exemption_is_per_call_and_narrow() -> None:
    flagged = FlaggedDomains.build(["mainstream.example", "bad.invalid"], [sha("hidden.invalid")])
    url = "https://mainstream.example/post/1"
    assert flagged.match(url) == "mainstream.example"
    assert flagged.match(url, exempt=["mainstream.example"]) is None
    assert flagged.match(url, exempt=["WWW.Mainstream.Example"]) is None
    assert flagged.match("https://sub.mainstream.example/", exempt=["mainstream.example"]) is None
    # another flagged domain inside the same address is still refused
    wrapped = "https://mainstream.example/redirect?u=https://bad.invalid/"
    assert flagged.match(wrapped, exempt=["mainstream.example"]) == "bad.invalid"
    # an unnamed platform's domain is never exempt, by its hash or by name (issue 14): it is never linked
    assert flagged.match("https://hidden.invalid/", exempt=[sha("hidden.invalid")]) == HASHED_DESCRIPTION
    assert flagged.match("https://hidden.invalid/", exempt=["hidden.invalid"]) == HASHED_DESCRIPTION
    assert flagged.match("https://bad.invalid/", exempt=["mainstream.example"]) == "bad.invalid"


def test_a_separately_flagged_subdomain_of_an_exempt_domain_is_still_refused() -> None:
    flagged = FlaggedDomains.build(["mainstream.example", "abuse.mainstream.example"])
    assert flagged.match("https://abuse.mainstream.example/", exempt=["mainstream.example"]) == (
        "abuse.mainstream.example"
    )


def test_addresses_nested_past_the_limit_are_refused_not_skipped() -> None:
    url = "https://good.org/" + "".join(f"?u{i}=https://ok{i}.org/" for i in range(100))
    assert FLAGGED.match(url) == TOO_DEEP_DESCRIPTION


def test_match_host() -> None:
    assert FLAGGED.match_host("WWW.BAD.INVALID.") == "bad.invalid"
    assert FLAGGED.match_host("x.hidden.invalid") == HASHED_DESCRIPTION
    assert FLAGGED.match_host("notbad.invalid") is None


def test_build_normalises_and_refuses_what_it_cannot_match() -> None:
    flagged = FlaggedDomains.build(
        ["WWW.Bad.Invalid.", "bäd.example"], [sha("x.invalid").upper(), "nonsense"]
    )
    assert flagged.hosts == frozenset({"bad.invalid", "xn--bd-via.example"})
    assert flagged.hashes == frozenset({sha("x.invalid")})
    for host in ("https://bad.invalid/", "bad.invalid/x", "*.bad.invalid", "localhost", ""):
        with pytest.raises(ValueError):
            FlaggedDomains.build([host])


def test_an_empty_set_matches_nothing_and_fingerprints_differ() -> None:
    empty = FlaggedDomains.build([])
    assert not empty
    assert empty.match("https://bad.invalid/") is None
    assert empty.defang_in("bad.invalid") == "bad.invalid"
    assert FlaggedDomains.build(["a.invalid"]).fingerprint != FlaggedDomains.build(["b.invalid"]).fingerprint
    assert FlaggedDomains.build(["A.invalid"]).fingerprint == FlaggedDomains.build(["a.invalid"]).fingerprint
    assert FlaggedDomains.build([], [sha("a.invalid")]).fingerprint != empty.fingerprint


@settings(max_examples=200)
@given(
    st.lists(st.from_regex(r"\A[a-z0-9]{1,8}\Z"), min_size=0, max_size=4),
    st.sampled_from(["https://", "http://", "HTTPS://", "//", "https://user@"]),
    st.sampled_from(["", "/", "/path?q=1", ":8080/x", "#frag"]),
)
def test_every_subdomain_of_a_flagged_host_matches(labels: list[str], prefix: str, suffix: str) -> None:
    host = ".".join([*labels, "bad", "invalid"])
    assert FLAGGED.match(prefix + host + suffix) == "bad.invalid"
    assert FLAGGED.match(prefix + host.upper() + "." + suffix) == "bad.invalid"


@settings(max_examples=200)
@given(st.from_regex(r"\A[a-z0-9]{1,8}\Z"))
def test_a_label_glued_to_a_flagged_host_is_another_domain(word: str) -> None:
    assert FLAGGED.match(f"https://{word}bad.invalid/") is None
    assert FLAGGED.match(f"https://bad.invalid{word}/") is None


# --- url_problem ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.ofcom.org.uk/online-safety",
        "http://example.org",
        "HTTPS://Example.org/Path?q=1#frag",
        "Https://example.org/",
        "  https://example.org/  ",
        "https://example.org:8443/x",
        "https://bäd.example/",
        "https://xn--bd-via.example/",
        "https://web.archive.org/web/2024/https://example.org/",
        "https://youtu.be/dQw4w9WgXcQ",  # not a shortener of unknown targets
        "https://notbit.ly/x",
    ],
)
def test_usable_addresses(url: str) -> None:
    assert url_problem(url) is None


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("javascript:alert(1)", "https://"),
        ("https://1.2.3.4/x", "IP address"),  # issue 14: every IPv4 notation (tests/test_hardening_ip.py)
        ("JaVaScRiPt:alert(1)", "javascript:"),
        ("data:text/html,<script>alert(1)</script>", "data:"),
        ("vbscript:msgbox(1)", "vbscript:"),
        ("ftp://example.org/file", "ftp:"),
        ("mailto:someone@example.org", "mailto:"),
        ("file:///etc/passwd", "file:"),
        ("example.org/page", "start it with https://"),
        ("www.example.org", "start it with https://"),
        ("/relative/page", "start it with https://"),
        ("//example.org/page", "start it with https://"),
        ("https:example.org", "two forward slashes"),
        ("https:/example.org", "two forward slashes"),
        ("https:\\\\example.org", "two forward slashes"),
        ("https:///example.org", "two forward slashes"),
        ("https://", "no host name"),
        ("https:///", "two forward slashes"),
        ("https://exa mple.org/", "spaces"),
        ("https://example.org/a b", "spaces"),
        ("https://example.org/\nx", "line breaks"),
        ("ht\ttps://example.org/", "spaces"),
        ("https://good.org@bad.invalid/", "user name"),
        ("https://user:pw@example.org/", "user name"),
        ("https://bad.invalid\\@good.org/", "backslash"),
        ("https://%65xample.org/", "percent-encoded"),
        ("https://under_score.example/", "not a valid host name"),
        ("https://-bad.example/", "not a valid host name"),
        ("https://bit.ly/abc", "link shorteners"),
        ("https://BIT.LY/abc", "link shorteners"),
        ("https://www.bit.ly/abc", "link shorteners"),
        ("http://t.co/abc", "link shorteners"),
        ("https://tinyurl.com/abc", "link shorteners"),
        ("https://goo.gl/abc", "link shorteners"),
        ("https://lnkd.in/abc", "link shorteners"),
        ("https://bit.ly./abc", "link shorteners"),
    ],
)
def test_unusable_addresses_say_how_to_fix_them(url: str, words: str) -> None:
    problem = url_problem(url)
    assert problem is not None
    assert words in problem


def test_the_shortener_message_says_what_to_do() -> None:
    assert url_problem("https://bit.ly/x") == (
        "link shorteners hide where a link goes; "
        "open the link and use the full address of the document instead"
    )


def test_link_shorteners_list() -> None:
    assert len(LINK_SHORTENERS) >= 25
    assert "youtu.be" not in LINK_SHORTENERS
    for host in LINK_SHORTENERS:
        assert is_bare_hostname(host)
        assert normalise_host(host) == host


# --- privacy lint -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # e-mail addresses
        ("a@b.co", EMAIL),
        ("write to jane.doe@example.org today", EMAIL),
        ("jane.doe+tag@example.co.uk", EMAIL),
        ("J_Doe-99@mail.example.com", EMAIL),
        ("(jane@example.org)", EMAIL),
        ("mail jane@example.org.", EMAIL),
        # UK phone numbers
        ("07700 900123", PHONE),
        ("07700900123", PHONE),
        ("020 7946 0000", PHONE),
        ("02079460000", PHONE),
        ("+44 20 7946 0000", PHONE),
        ("+44 (0)20 7946 0000", PHONE),
        ("+447700900123", PHONE),
        ("0044 20 7946 0000", PHONE),
        ("(0161) 496 0000", PHONE),
        ("0161 496 0000", PHONE),
        ("0161-496-0000", PHONE),
        ("0161.496.0000", PHONE),
        ("0800 123 4567", PHONE),
        ("0800 123 456", PHONE),
        ("0300 123 3333", PHONE),
        ("tel:+442079460000", PHONE),
        # international
        ("+33 1 23 45 67 89", PHONE),
        ("+1 415 555 0100", PHONE),
        ("+1-415-555-0100", PHONE),
        ("(415) 555-0100", PHONE),
        ("415-555-0100", PHONE),
        ("+49 30 901820", PHONE),
        # UK postcodes
        ("SW1A 1AA", POSTCODE),
        ("M1 1AE", POSTCODE),
        ("B33 8TH", POSTCODE),
        ("CR2 6XH", POSTCODE),
        ("DN55 1PT", POSTCODE),
        ("EC1A 1BB", POSTCODE),
        ("W1A 0AX", POSTCODE),
        ("SW1A1AA", POSTCODE),
        ("M11AE", POSTCODE),
        ("GIR 0AA", POSTCODE),
        ("lives near LS1 4AP.", POSTCODE),
        ("(SW1A 1AA)", POSTCODE),
        # handles
        ("@someone", HANDLE),
        ("ask @some_one.", HANDLE),
        ("posted by @Jane.Doe99 yesterday", HANDLE),
        ("(@abc)", HANDLE),
        ("@user@mastodon.social", HANDLE),
        ("@someone's post", HANDLE),
    ],
)
def test_personal_data_is_found(text: str, expected: str) -> None:
    findings = find_personal_data(text)
    assert [f.kind for f in findings] == [expected], findings
    finding = findings[0]
    assert text[finding.start : finding.end] == finding.text


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-05",
        "On 2026-03-05 Ofcom replied.",
        "05-03-2026",
        "05/03/2026",
        "in 2023",
        "between 2019 and 2024",
        "£1,000,000",
        "£250,000",
        "£18,000,000 fine",
        "a fine of £0.5m",
        "1,000,000,000 images",
        "1 800 000 people",
        "section 66B",
        "s.66B",
        "s.66B(1)",
        "Sexual Offences Act 2003 s.66B",
        "Online Safety Act 2023",
        "20 working days",
        "within 120 working days",
        "45%",
        "12.5% of reports",
        "0.01%",
        "+5%",
        "CO/1234/2026",
        "Case C-123/45",
        "[2024] EWHC 1234 (Admin)",
        "Companies House 01234567",
        "Childline 0800 1111",
        "at 10:30",
        "Part 3, Chapter 2",
        "ISO 27001",
        "COVID-19",
        "v0.10.2",
        "the A1 road",
        "M25",
        "H2O",
        "b3 3rd",
        "UK2023",
        "18 U.S.C. 2252",
        "NHS 111",
        "999",
        "(2024)",
        "ordinary words about a regulator",
        "email@",
        "@",
        "a @ b",
        "x@y",
        "www.example.org/@handle",
        "<https://example.org/@someone>",
    ],
)
def test_legal_and_ordinary_text_is_not_flagged(text: str) -> None:
    assert find_personal_data(text) == []


def test_findings_have_exact_offsets_in_order() -> None:
    text = "Email jane@example.org or @jane_d, call +44 20 7946 0000 or (0161) 496 0000; post to SW1A 1AA."
    assert find_personal_data(text) == [
        Finding(6, 22, EMAIL, "jane@example.org"),
        Finding(26, 33, HANDLE, "@jane_d"),
        Finding(40, 56, PHONE, "+44 20 7946 0000"),
        Finding(60, 75, PHONE, "(0161) 496 0000"),
        Finding(85, 93, POSTCODE, "SW1A 1AA"),
    ]


def test_an_email_address_is_reported_once_not_as_a_handle_too() -> None:
    assert find_personal_data("x someone@example.org") == [Finding(2, 21, EMAIL, "someone@example.org")]


def test_a_phone_number_followed_by_a_year_stops_at_the_number() -> None:
    assert find_personal_data("020 7946 0000 2026") == [Finding(0, 13, PHONE, "020 7946 0000")]


def test_an_unbalanced_bracket_is_not_part_of_the_number() -> None:
    assert find_personal_data("(020 7946 0000)") == [Finding(1, 14, PHONE, "020 7946 0000")]


def test_offsets_count_characters_not_bytes() -> None:
    text = "Zoë’s number: 07700 900123"
    [finding] = find_personal_data(text)
    assert (finding.start, finding.end) == (14, 26)
    assert text[finding.start : finding.end] == "07700 900123"


@settings(max_examples=300)
@given(st.text(alphabet="0123456789 +()-.@abAB1SW/:£,%\n", max_size=60))
def test_findings_are_faithful_slices_and_never_overlap(text: str) -> None:
    findings = find_personal_data(text)
    previous_end = 0
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
        assert finding.start >= previous_end
        assert finding.kind in (EMAIL, PHONE, POSTCODE, HANDLE)
        previous_end = finding.end


ADVERSARIAL = [
    "0" + "((((" * 5000 + "x",
    "0 " * 20000 + "x",
    "a" * 50000 + "@",
    "@" + "a." * 20000 + "!",
    "x@" + "a-" * 20000,
    "+1" + " -" * 10000,
    "a.b" * 20000,
    "%41" * 20000 + ".com",
    "https://" + "https:/" * 5000,
    "http://x/?" + "a=b.c&" * 10000,
    "a@b.co " * 10000,
    "-a" * 20000 + ".x",
    "https://" + "a." * 30000 + "bad.invalid",
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_pathological_input_is_handled(text: str) -> None:
    # No timing assertion (machines here are shared): a catastrophic regex would hang CI, not pass.
    assert isinstance(find_personal_data(text), list)
    FLAGGED.match(text)
    assert isinstance(FLAGGED.defang_in(text), str)
