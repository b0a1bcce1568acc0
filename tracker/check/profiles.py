"""Sources on a social-media profile: a person's account, not a document about the abuse.

A profile can be a survivor's, a witness's or a perpetrator's, and linking it publishes who they are, so a
source on one is never accepted silently. It needs `social_profile: true` on the source, which says the
contributor knows, and even then the validator warns (an annotation a maintainer must read before merging):
whether a profile may be published is a judgement about a person, which no program can make.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

from tracker.load.located import Located, Path_
from tracker.model.problems import Problem

MARKER = "social_profile"
# Sites where every address under the host names an account, except these first path segments (help
# centres, policies, search), which are documents.
_ACCOUNT_HOSTS = frozenset(
    {
        "x.com",
        "twitter.com",
        "instagram.com",
        "tiktok.com",
        "facebook.com",
        "fb.com",
        "threads.net",
        "snapchat.com",
        "t.me",
        "telegram.me",
        "vk.com",
        "pinterest.com",
        "onlyfans.com",
        "fansly.com",
        "patreon.com",
        "twitch.tv",
        "tumblr.com",
    }
)
_DOCUMENT_SEGMENTS = frozenset(
    {
        "",
        "en",
        "i",
        "help",
        "legal",
        "about",
        "policies",
        "policy",
        "privacy",
        "terms",
        "tos",
        "safety",
        "transparency",
        "business",
        "newsroom",
        "community-guidelines",
        "communityguidelines",
        "hashtag",
        "search",
        "explore",
    }
)
# Sites where only some paths are accounts: host -> first path segments that name one.
_ACCOUNT_PATHS = {
    "reddit.com": ("u", "user"),
    "youtube.com": ("c", "user", "channel"),
    "linkedin.com": ("in", "pub"),
    "bsky.app": ("profile",),
}
_PREFIXES = ("www.", "m.", "mobile.", "old.", "new.", "web.", "vm.")


def profile_address(url: str) -> bool:
    """Whether `url`, or an address inside it (an archive's copy, a redirect), is a social-media profile."""
    text = url
    for _ in range(3):
        text = unquote(text)
    lowered = text.lower()
    starts = [0] + [i for i in range(1, len(lowered)) if lowered.startswith(("http://", "https://"), i)]
    return any(_one_profile(text[start:]) for start in starts)


def _one_profile(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return False
    for prefix in _PREFIXES:
        host = host.removeprefix(prefix)
    segments = parts.path.split("/")
    first = segments[1].lower() if len(segments) > 1 else ""
    if first.startswith("@") and len(first) > 1:
        return True  # Mastodon, YouTube, Medium, TikTok: /@name
    if host in _ACCOUNT_HOSTS:
        return first not in _DOCUMENT_SEGMENTS
    return first in _ACCOUNT_PATHS.get(host, ()) or host.endswith((".tumblr.com", ".substack.com"))


def _sources(data: Any) -> Iterator[tuple[Path_, dict[str, Any]]]:
    if not isinstance(data, dict):
        return
    for owners in ("platforms", "regulators"):
        for i, owner in enumerate(data.get(owners) or [] if isinstance(data.get(owners), list) else []):
            events = owner.get("events") if isinstance(owner, dict) else None
            for j, event in enumerate(events if isinstance(events, list) else []):
                sources = event.get("sources") if isinstance(event, dict) else None
                for k, source in enumerate(sources if isinstance(sources, list) else []):
                    if isinstance(source, dict):
                        yield (owners, i, "events", j, "sources", k), source


def profile_sources(located: Located, filename: str) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings): a profile source without the marker is an error saying how to fix it; with it, a
    warning for the maintainer who reviews the pull request."""
    errors, warnings = [], []
    for path, source in _sources(located.data):
        for field in ("url", "archived"):
            url = source.get(field)
            if not isinstance(url, str) or not profile_address(url):
                continue
            line, column = located.where((*path, field))
            if source.get(MARKER) is True:
                warnings.append(
                    Problem(
                        filename,
                        line,
                        column,
                        f"this source is a social-media profile ({url})",
                        "a maintainer must check that it identifies no survivor, witness or other private"
                        " person before merging",
                    )
                )
            else:
                errors.append(
                    Problem(
                        filename,
                        line,
                        column,
                        f"this source is a social-media profile ({url})",
                        "link a document about the account instead (a news report, a regulator notice);"
                        f" if the profile itself must be the source, add '{MARKER}: true' to the source"
                        " and a maintainer will review it",
                    )
                )
    return errors, warnings
