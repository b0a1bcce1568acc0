"""`link_policy: allow-own-domain` can never cover a domain another record flags or hashes.

The policy lets a mainstream service's own pages be sources. Before, a new record could list another
platform's flagged domain (or the domain an unnamed platform is hashed under) as its own, and its sources
were then linked on the site. Now an exemption covers a domain only when no other platform lists it and
no unnamed platform's hash is its hash; a hash is never exempt.
"""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st
from samples import NAME, TODAY, VALID

from tracker.check.validate import validate_text
from tracker.text.flagged import HASHED_DESCRIPTION, FlaggedDomains
from tracker.text.flagged_data import shared_domains

HIDDEN = "hidden-board.example.invalid"
HIDDEN_SHA = hashlib.sha256(HIDDEN.encode("ascii")).hexdigest()
UNNAMED = f"""\
  - id: unnamed-board
    name: An image board (unnamed)
    named: false
    domain_sha256: [{HIDDEN_SHA}]
    harms: [ncii]
    summary: An unnamed board.
    regulators: [ofcom]
    events:
      - date: 2026-01-20
        type: reported
        regulator: ofcom
        by: survivor
        title: Reported to Ofcom
"""
CLAIMER = """\
  - id: claimer
    name: A mainstream service (fictional)
    named: true
    naming_source: https://news.example.org/claimer
    domains: [{domains}]
    harms: [ncii]
    summary: A fictional service.
    regulators: [ofcom]
    link_policy: allow-own-domain
    events:
      - date: 2026-01-21
        type: reported
        regulator: ofcom
        by: survivor
        title: Reported to Ofcom
        sources:
          - title: The service's own statement
            url: {url}
"""
SOURCE_LINE = 64  # the claimer's source url, after VALID (43 lines) and UNNAMED (14 lines)


def problems(domains: str, url: str) -> list[str]:
    text = VALID + UNNAMED + CLAIMER.format(domains=domains, url=url)
    result, _ = validate_text(text, NAME, TODAY)
    return [p.format() for p in result.problems]


def refused(found: str) -> str:
    return (
        f"{NAME}:{SOURCE_LINE}:18: error: this link points to a flagged platform ({found}) (link only to"
        " documents about the abuse (regulator notices, court papers, reporting), never to the platform itself)"
    )


def test_a_domain_of_its_own_is_still_covered() -> None:
    assert problems("service.example.invalid", "https://service.example.invalid/statement") == []


SPELLINGS = st.sampled_from(["{}", "{}.", "WWW.{}", "www.{}"]).flatmap(
    lambda form: st.tuples(st.just(form), st.lists(st.booleans(), min_size=30, max_size=30))
)


def spell(host: str, form: str, upper: list[bool]) -> str:
    letters = "".join(c.upper() if u else c for c, u in zip(host, upper * 2, strict=False))
    return form.format(letters)


@settings(max_examples=150, deadline=None)
@given(claim=SPELLINGS, link=SPELLINGS, path=st.sampled_from(["", "/", "/page?x=1", "/a#b"]))
def test_another_platforms_flagged_domain_cannot_be_claimed(
    claim: tuple[str, list[bool]], link: tuple[str, list[bool]], path: str
) -> None:
    claimed = spell("forum-a.example.invalid", *claim).removeprefix("WWW.").removeprefix("www.")
    url = f"https://{spell('forum-a.example.invalid', *link)}{path}"
    found = problems(f"service.example.invalid, {claimed}", url)
    assert len(found) == 1
    assert found[0].startswith(f"{NAME}:{SOURCE_LINE}:18: error: this link points to a flagged platform (")


@settings(max_examples=100, deadline=None)
@given(claim=SPELLINGS, path=st.sampled_from(["", "/", "/thread/1", "/?q=a"]))
def test_an_unnamed_platforms_domain_cannot_be_claimed_by_name(
    claim: tuple[str, list[bool]], path: str
) -> None:
    claimed = spell(HIDDEN, *claim).removeprefix("WWW.").removeprefix("www.")
    assert problems(f"service.example.invalid, {claimed}", f"https://{HIDDEN}{path}") == [
        f"{NAME}:51:40: error: a domain in 'domains' is that of a platform that is not named ({HASHED_DESCRIPTION})"
        " (remove it: the tracker shows no domain at all for a platform with 'named: false')",
        refused(HASHED_DESCRIPTION),
    ]


def test_a_hash_is_never_exempt() -> None:
    flagged = FlaggedDomains.build([], [HIDDEN_SHA])
    assert flagged.match(f"https://{HIDDEN}/", exempt=[HIDDEN_SHA]) == HASHED_DESCRIPTION
    assert flagged.match(f"https://{HIDDEN}/", exempt=[HIDDEN]) == HASHED_DESCRIPTION


def test_shared_domains_are_those_of_more_than_one_platform() -> None:
    assert shared_domains([["a.example.invalid", "A.example.invalid."], ["b.example.invalid"]]) == frozenset()
    assert shared_domains([["a.example.invalid"], ["A.EXAMPLE.INVALID"]]) == {"a.example.invalid"}
    both = FlaggedDomains.build(["a.example.invalid"]) | FlaggedDomains.build(["a.example.invalid"])
    assert both.match("https://a.example.invalid/", exempt=["a.example.invalid"]) == "a.example.invalid"
