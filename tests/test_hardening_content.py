"""`content/` is held to the data's rules: Markdown only, no links out of the folder, allowlisted metadata,
the same privacy and flagged-domain checks, and every refusal located, before Pelican reads a file.

A pull request that edits `content/` is as untrusted as one that edits the data: a reStructuredText file
could publish any file of the build machine, a symbolic link could publish one too, and metadata could
write a host rule file or replace a tracker page.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import TODAY, VALID, write

from tracker.build.site import build_site
from tracker.check.content import ALLOWED_METADATA, RESERVED_SLUGS, check_content, markdown_problems
from tracker.check.text_rules import hidden_character
from tracker.model.problems import DataError
from tracker.site.pages import RESERVED_FILES, RESERVED_FOLDERS
from tracker.text.flagged import FlaggedDomains

ROOT = Path(__file__).resolve().parent.parent
SECRET = "SECRET-OF-THE-BUILD-MACHINE"
HIDDEN = "hidden-board.example.invalid"
FLAGGED = FlaggedDomains.build(["bad-forum.example.invalid"], [hashlib.sha256(HIDDEN.encode()).hexdigest()])


def content_copy(tmp_path: Path) -> Path:
    content = tmp_path / "repo" / "content"
    shutil.copytree(ROOT / "content", content)
    return content


def article(meta: str, body: str = "Some text.") -> str:
    return f"Title: An article\nDate: 2026-01-15\n{meta}\n{body}\n"


def problems_of(content: Path) -> list[str]:
    return [p.format() for p in check_content(str(content), str(content.parent), FLAGGED)]


def test_the_demo_content_passes() -> None:
    assert check_content(str(ROOT / "content"), str(ROOT), FLAGGED) == []


def test_reserved_slugs_cover_every_tracker_address() -> None:
    for folder in RESERVED_FOLDERS:
        assert folder.strip("/") in RESERVED_SLUGS
    for name in RESERVED_FILES:
        assert name.split(".")[0].strip("_") in RESERVED_SLUGS


def test_other_readers_symlinks_and_special_names_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    content = content_copy(tmp_path)
    (content / "leak.rst").write_text(f"Leak\n####\n\n.. include:: {secret}\n", encoding="utf-8")
    (content / "leak.html").write_text("<html><body>x</body></html>", encoding="utf-8")
    (content / "link.md").symlink_to(secret)
    (content / "folder").symlink_to(tmp_path, target_is_directory=True)
    (content / "_redirects").write_text("/* https://elsewhere.example 200\n", encoding="utf-8")
    (content / ".htaccess.md").write_text("Title: x\n\nx\n", encoding="utf-8")
    (content / ".well-known").mkdir()
    assert problems_of(content) == [
        "content/.htaccess.md:1:1: error: only Markdown files (.md) may be in content/"
        " (rename it to end in .md, or delete it)",
        "content/.well-known:1:1: error: folders whose name starts with '.' are not allowed (rename it)",
        "content/_redirects:1:1: error: only Markdown files (.md) may be in content/"
        " (rename it to end in .md, or delete it)",
        "content/folder:1:1: error: this is a symbolic link (replace it by the file itself, or delete it)",
        "content/leak.html:1:1: error: only Markdown files (.md) may be in content/"
        " (rename it to end in .md, or delete it)",
        "content/leak.rst:1:1: error: only Markdown files (.md) may be in content/"
        " (rename it to end in .md, or delete it)",
        "content/link.md:1:1: error: this is a symbolic link (replace it by the file itself, or delete it)",
    ]


def test_the_content_folder_itself_may_not_be_a_link(tmp_path: Path) -> None:
    content = content_copy(tmp_path)
    link = tmp_path / "repo" / "linked"
    link.symlink_to(content, target_is_directory=True)
    assert [p.format() for p in check_content(str(link), str(tmp_path / "repo"), FLAGGED)] == [
        "linked:1:1: error: the content folder is a link, not a folder (make it a folder)"
    ]


def test_metadata_that_moves_or_replaces_a_file_is_refused(tmp_path: Path) -> None:
    content = content_copy(tmp_path)
    (content / "a.md").write_text(article("Save_as: _redirects\nURL: x\nOverride_output: true\n"), "utf-8")
    (content / "b.md").write_text(article("Slug: get-help\n"), encoding="utf-8")
    (content / "c.md").write_text(article("slug: well-known\nTemplate: sitemap\n"), encoding="utf-8")
    (content / "d.md").write_text(article("Slug: ../../etc\n"), encoding="utf-8")
    (content / "pages" / "e.md").write_text("Title: Platforms\n\nA page.\n", encoding="utf-8")
    allowed = ", ".join(sorted(ALLOWED_METADATA))
    assert problems_of(content) == [
        f"content/a.md:3:1: error: the setting 'save_as' is not allowed in content/ (remove it; allowed settings: {allowed})",
        f"content/a.md:4:1: error: the setting 'url' is not allowed in content/ (remove it; allowed settings: {allowed})",
        f"content/a.md:5:1: error: the setting 'override_output' is not allowed in content/ (remove it; allowed settings: {allowed})",
        "content/b.md:3:1: error: the address 'get-help' is also used by content/pages/get-help.md (give each file its own Slug)",
        "content/c.md:3:1: error: the address 'well-known' belongs to the tracker's own pages (choose another Slug)",
        "content/c.md:4:1: error: the template 'sitemap' is not one for content/ (use one of article, corrections, get-help, page, or remove the setting)",
        "content/d.md:3:1: error: the address '../../etc' cannot be used (use a Slug of lower-case letters, digits and hyphens)",
        "content/pages/e.md:1:1: error: the address 'platforms' belongs to the tracker's own pages (choose another Slug)",
        "content/pages/get-help.md:3:1: error: the address 'get-help' is also used by content/b.md (give each file its own Slug)",
    ]


@settings(max_examples=200, deadline=None)
@given(
    key=st.from_regex(r"[A-Za-z0-9_-]{1,20}", fullmatch=True).filter(
        lambda k: k.lower() not in ALLOWED_METADATA
    )
)
def test_any_other_metadata_key_is_refused(key: str) -> None:
    problems = markdown_problems("content/x.md", f"Title: x\n{key}: anything\n\nBody\n", FLAGGED)
    assert [p.format() for p in problems if "is not allowed" in p.message] == [
        f"content/x.md:2:1: error: the setting '{key.lower()}' is not allowed in content/ (remove it; allowed"
        f" settings: {', '.join(sorted(ALLOWED_METADATA))})"
    ]


CONTROL = st.one_of(
    st.integers(0x01, 0x08), st.integers(0x0E, 0x1F), st.integers(0x7F, 0x9F), st.sampled_from([0x0B, 0x0C])
)


@settings(max_examples=300, deadline=None)
@given(
    code=CONTROL,
    hexadecimal=st.booleans(),
    upper=st.booleans(),
    zeros=st.integers(0, 6),
    end=st.sampled_from([";", "", " "]),
    before=st.text(alphabet="ab &#;x", max_size=8),
)
def test_a_control_character_is_refused_in_every_entity_spelling(
    code: int, hexadecimal: bool, upper: bool, zeros: int, end: str, before: str
) -> None:
    digits = f"{code:x}" if hexadecimal else str(code)
    if upper:
        digits = digits.upper()
    entity = f"&#{'X' if upper else 'x'}{'0' * zeros}{digits}" if hexadecimal else f"&#{'0' * zeros}{digits}"
    found = hidden_character(f"{before}{entity}{end}")
    assert found is not None
    # `before` may spell a control character of its own (`&#xb`): then that one is reported first.
    earlier = hidden_character(f"{before}&")
    assert found[1].endswith(f"(U+{code:04X})") or (earlier is not None and found == earlier)


def test_text_in_content_meets_the_data_rules(tmp_path: Path) -> None:
    content = content_copy(tmp_path)
    body = (
        "Write to jane.doe@example.org or call 07700 900123.\n"
        f"See [the board](https://{HIDDEN}/) and [the forum](https://bad-forum.example.invalid/x).\n"
        "A control &#x1b; character.\n"
        f"Also {HIDDEN} in text, and ![an image](https://news.example.org/a.png).\n"
    )
    (content / "x.md").write_text(article("Slug: x\n", body), encoding="utf-8")
    person = (
        "(remove it: the tracker never publishes contact details or anything that could identify a person)"
    )
    unnamed = "(remove it: the tracker shows no domain at all for a platform with 'named: false')"
    flagged = "(link only to documents about the abuse, never to a flagged platform)"
    hashed = "a hashed domain of an unnamed platform"
    assert problems_of(content) == [
        f"content/x.md:5:10: error: the text contains what looks like an e-mail address (jane.doe@example.org) {person}",
        f"content/x.md:5:39: error: the text contains what looks like a phone number (07700 900123) {person}",
        f"content/x.md:6:17: error: this link cannot be used: it points to a flagged platform ({hashed}) {flagged}",
        f"content/x.md:6:25: error: the text contains the domain of a platform that is not named ({hashed}) {unnamed}",
        "content/x.md:6:72: error: this link cannot be used: it points to a flagged platform"
        f" (bad-forum.example.invalid) {flagged}",
        "content/x.md:7:11: error: the text contains an invisible control character (&#x1b (U+001B))"
        " (delete it: retype the text if you cannot see where it is)",
        f"content/x.md:8:6: error: the text contains the domain of a platform that is not named ({hashed}) {unnamed}",
        "content/x.md:8:48: error: the text contains an image (images are not allowed)",
    ]


def test_the_build_refuses_without_a_traceback_and_publishes_nothing(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    content = content_copy(tmp_path)
    (content / "leak.rst").write_text(f"Leak\n####\n\n.. include:: {secret}\n", encoding="utf-8")
    output = tmp_path / "output"
    with pytest.raises(DataError) as refused:
        build_site(
            today=TODAY,
            settings_file=ROOT / "pelicanconf.py",
            output=output,
            data=write(tmp_path, VALID),
            extra_settings={"PATH": str(content), "THEME": str(ROOT / "theme")},
        )
    assert [p.format() for p in refused.value.problems] == [
        "content/leak.rst:1:1: error: only Markdown files (.md) may be"
        " in content/ (rename it to end in .md, or delete it)"
    ]
    assert not output.exists()
    settings_file = tmp_path / "repo" / "pelicanconf.py"
    settings_file.write_text(
        "import runpy\n"
        f"globals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'pelicanconf.py')!r}).items()"
        " if k.isupper()})\n"
        f"PATH = 'content'\nTHEME = {str(ROOT / 'theme')!r}\nTRACKER_CACHE_PATH = ''\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [
            *(sys.executable, "-m", "tracker", "build", "--settings", str(settings_file), "--output"),
            *(str(output), "--data", str(write(tmp_path, VALID)), "--today", TODAY.isoformat()),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stdout == (
        "content/leak.rst:1:1: error: only Markdown files (.md) may be in content/ (rename it to end in .md,"
        " or delete it)\n"
    )
    assert not output.exists()
