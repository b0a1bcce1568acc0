"""A source on a social-media profile is never accepted silently (issue 14): without `social_profile: true`
it is an error that says how to fix it; with it, a warning a maintainer reads, and the check passes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.check.profiles import profile_address
from tracker.cli import main

ROOT = Path(__file__).resolve().parent.parent
DEMO = (ROOT / "data" / "platforms.yaml").read_text(encoding="utf-8")
NAMES = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{2,14}", fullmatch=True)
PROFILE_FORMS = [
    "https://x.com/{}",
    "https://twitter.com/{}/status/1234567890",
    "https://mobile.twitter.com/{}",
    "https://www.instagram.com/{}/",
    "https://www.tiktok.com/@{}",
    "https://www.facebook.com/{}",
    "https://m.facebook.com/{}",
    "https://www.reddit.com/u/{}",
    "https://old.reddit.com/user/{}/comments",
    "https://www.youtube.com/@{}",
    "https://www.youtube.com/c/{}",
    "https://www.linkedin.com/in/{}",
    "https://bsky.app/profile/{}.bsky.social",
    "https://mastodon.social/@{}",
    "https://t.me/{}",
    "https://web.archive.org/web/2024/https://x.com/{}",
    "https://web.archive.org/web/2024/https%3A%2F%2Fwww.instagram.com%2F{}",
    "https://X.COM/{}",
]


@settings(max_examples=300, deadline=None)
@given(form=st.sampled_from(PROFILE_FORMS), name=NAMES)
def test_every_profile_form_is_a_profile(form: str, name: str) -> None:
    assert profile_address(form.format(name))


@pytest.mark.parametrize(
    "url",
    [
        "https://www.ofcom.org.uk/online-safety/investigation-into-example",
        "https://help.x.com/en/rules-and-policies",
        "https://x.com/en/tos",
        "https://www.facebook.com/help/1234",
        "https://www.tiktok.com/legal/page/global/terms",
        "https://www.reddit.com/r/privacy/",
        "https://www.youtube.com/watch?v=abc",
        "https://www.linkedin.com/company/ofcom",
        "https://web.archive.org/web/2024/https://www.gov.uk/guidance",
        "https://www.bailii.org/ew/cases/EWHC/Admin/2024/1234.html",
    ],
)
def test_documents_are_not_profiles(url: str) -> None:
    assert not profile_address(url)


def _with_source(tmp_path: Path, extra: str) -> Path:
    anchor = "        sources:\n"
    index = DEMO.index(anchor) + len(anchor)
    text = DEMO[:index] + f"          - title: The account\n            url: https://x.com/someone\n{extra}" + DEMO[index:]
    path = tmp_path / "platforms.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_profile_source_without_the_marker_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _with_source(tmp_path, "")
    assert main(["validate", str(path), "--today", "2026-11-27", "--content", ""]) == 1
    out = capsys.readouterr().out
    assert ": error: this source is a social-media profile (https://x.com/someone) (link a document" in out
    assert "add 'social_profile: true' to the source" in out


def test_a_marked_profile_source_passes_with_a_warning_annotation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _with_source(tmp_path, "            social_profile: true\n")
    assert main(["validate", str(path), "--today", "2026-11-27", "--format", "github", "--content", ""]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith(f"::warning file={path},line=")
    assert "::this source is a social-media profile (https://x.com/someone) (a maintainer must check" in line
