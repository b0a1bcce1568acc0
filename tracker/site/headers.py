"""Security headers for static hosts that read a `_headers` file, and the one Content-Security-Policy.

The policy is defined here once. Netlify and Cloudflare Pages serve it as a real header (with
`frame-ancestors`, which a `<meta>` policy cannot carry); GitHub Pages ignores `_headers`, so every page
also carries the same policy in a `<meta http-equiv>` tag (`CSP`, exposed to templates by
`pelicanconf.py`) plus `<meta name="referrer" content="no-referrer">`, and those must hold on their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from markupsafe import Markup

from tracker.writing import WriterDefaults

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from tracker.writing import Output

__all__ = [
    "CSP",
    "CSP_DIRECTIVES",
    "HEADERS",
    "HEADERS_FILE",
    "HEADER_CSP",
    "PERMISSIONS_POLICY",
    "HeadersWriter",
    "headers_text",
]

# Nothing from another origin, no inline script or style, no plugins, no forms, no <base>: every
# byte a reader's browser runs or styles with comes from the site's own files.
CSP_DIRECTIVES: Final[tuple[tuple[str, str], ...]] = (
    ("default-src", "'none'"),
    ("style-src", "'self'"),
    ("script-src", "'self'"),
    ("img-src", "'self'"),
    ("form-action", "'none'"),
    ("base-uri", "'none'"),
)

# The `<meta>` form. Markup because it is a constant of ours, not data: the template prints it as is
# (autoescape would turn each quote into `&#39;`, which browsers read back the same, but no one else can).
CSP: Final = Markup("; ".join(f"{name} {value}" for name, value in CSP_DIRECTIVES))  # noqa: S704 - literals only

# Only a header can forbid framing (clickjacking); a `<meta>` CSP ignores `frame-ancestors`.
HEADER_CSP: Final = f"{CSP}; frame-ancestors 'none'"

# A page about abuse needs no device access at all; `interest-cohort` and `browsing-topics` opt the site
# out of the browser's interest-based advertising.
PERMISSIONS_POLICY: Final = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)

HEADERS: Final[tuple[tuple[str, str], ...]] = (
    ("Content-Security-Policy", HEADER_CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)

HEADERS_FILE: Final = "_headers"


def headers_text() -> str:
    """The `_headers` file: one rule for every path (Netlify and Cloudflare Pages share this format)."""
    lines = [
        "# Security headers for static hosts that read this file (Netlify, Cloudflare Pages).",
        "# GitHub Pages ignores it: the pages carry the same Content-Security-Policy in a <meta> tag.",
        "/*",
        *(f"  {name}: {value}" for name, value in HEADERS),
    ]
    return "\n".join(lines) + "\n"


class HeadersWriter(WriterDefaults):
    """`_headers` at the root of the site (a `tracker.writing.Writer` of one whole-site step)."""

    def whole_site(self, out: Output) -> Sequence[Callable[[], object]]:
        return (lambda: out.file(HEADERS_FILE, headers_text().encode("utf-8")),)
