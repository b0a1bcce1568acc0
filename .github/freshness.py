"""Fail, with a message a maintainer can act on, when the published site's figures are not today's.

The daily deploy is what keeps "Figures as of <date>" true; if it stops (a failed build, a forge that
skipped or disabled the schedule) nothing on the site changes, so nothing looks wrong. The freshness
workflow runs this some hours after the deploy's time:

    python .github/freshness.py https://owner.github.io/repository/

It reads the as-of date every page carries (`<meta name="dcterms.modified">`) from the overview and
compares it with today in London. Exit status 1 and one line on stderr when it is older (the workflow
then opens or updates an issue); 0 and one line on stdout when it is current.
"""

from __future__ import annotations

import re
import sys
import urllib.request
from datetime import date, datetime
from zoneinfo import ZoneInfo

_AS_OF = re.compile(r'<meta name="dcterms\.modified" content="(\d{4}-\d{2}-\d{2})">')


def as_of(page: str) -> date | None:
    """The as-of date a page states, or None when it states none."""
    match = _AS_OF.search(page)
    return date.fromisoformat(match.group(1)) if match else None


def verdict(site_url: str, page: str | None, today: date) -> tuple[bool, str]:
    """(current?, the line to print) for the overview's text (None: it could not be read)."""
    if page is None:
        return False, f"{site_url} could not be read: the site may be down or its address has changed."
    stated = as_of(page)
    if stated is None:
        return False, f"{site_url} states no as-of date (<meta name=\"dcterms.modified\">): is it this site?"
    if stated >= today:
        return True, f"{site_url}: figures as of {stated.isoformat()}, today in London. Current."
    days = (today - stated).days
    return False, (
        f"{site_url}: figures as of {stated.isoformat()}, {days} day{'s' if days != 1 else ''} before today"
        f" ({today.isoformat()}) in London. The daily deploy did not run or did not finish: see the"
        " latest runs of the 'Deploy site' workflow, and run it by hand once the cause is fixed."
    )


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - the site's own https address
            return str(response.read().decode("utf-8", "replace"))
    except OSError:
        return None


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python .github/freshness.py SITE_URL", file=sys.stderr)
        return 2
    site_url = argv[0].rstrip("/") + "/"
    today = datetime.now(ZoneInfo("Europe/London")).date()
    current, line = verdict(site_url, fetch(site_url), today)
    print(line, file=sys.stdout if current else sys.stderr)
    return 0 if current else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
