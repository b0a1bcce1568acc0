"""Security headers, and the <meta> policy that must stand alone on GitHub Pages (which sends no headers).

The `_headers` file (Netlify, Cloudflare Pages) carries the policy plus framing and browser-feature rules;
every page, of the demo and of the hostile build, carries the Content-Security-Policy and referrer policy
in <meta> before anything loads.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from output_scan import scan_html

from tracker.site.headers import CSP, HEADER_CSP, HEADERS, headers_text


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
