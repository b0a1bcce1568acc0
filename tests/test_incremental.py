"""An incremental build is the same site as a clean build, byte for byte, and writes only what changed.

Each test builds the demo data (or an edited copy) incrementally into one output folder with its own cache
folder, and compares every file with a clean build of the same data into another folder. Clean builds of
edited data are made here (into tmp_path); the unedited demo is the session's `site`.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO_TODAY
from pelican import signals

from tracker.build.cache import cache_folder
from tracker.build.site import BuildResult, build_site
from tracker.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "platforms.yaml"


def tree(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under `folder`, by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def differing(a: dict[str, str], b: dict[str, str]) -> set[str]:
    return {name for name in a.keys() | b.keys() if a.get(name) != b.get(name)}


# Pelican's own output (articles and pages from content/, the theme's files): Pelican writes it again on
# every build; everything else is the tracker's.
PELICAN_OWNED = ("articles/", "corrections/", "get-help/", "theme/")


def tracker_files(names: set[str] | dict[str, str]) -> set[str]:
    return {name for name in names if not name.startswith(PELICAN_OWNED)}


@dataclass
class Workspace:
    base: Path
    data: Path
    cache: Path

    def settings(self, **extra: Any) -> dict[str, Any]:
        return {
            "settings_file": ROOT / "pelicanconf.py",
            "data": self.data,
            "extra_settings": {
                "PATH": str(ROOT / "content"),
                "THEME": str(ROOT / "theme"),
                "TRACKER_CACHE_PATH": str(self.cache),
                **extra,
            },
        }

    def incremental(self, **extra: Any) -> BuildResult:
        return build_site(
            today=DEMO_TODAY, output=self.base / "output", incremental=True, **self.settings(**extra)
        )

    def clean(self, name: str, **extra: Any) -> Path:
        return build_site(today=DEMO_TODAY, output=self.base / name, **self.settings(**extra)).output

    def edit(self, old: str, new: str) -> None:
        text = self.data.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        self.data.write_text(text.replace(old, new), encoding="utf-8")


def new_workspace(base: Path) -> Workspace:
    """A folder with its own copy of the demo data and its own cache (the `work` fixture, here and in
    tests/test_warm.py)."""
    (base / "data").mkdir()
    data = base / "data" / "platforms.yaml"
    shutil.copyfile(DATA, data)
    return Workspace(base, data, base / "cache")


@pytest.fixture
def work(tmp_path: Path) -> Workspace:
    return new_workspace(tmp_path)


def a_body_line(after: str = "") -> str:
    """A line of an event body in the demo data (the first after the text `after`), to edit."""
    text = DATA.read_text(encoding="utf-8")
    for line in text[text.index(after) :].splitlines():
        if line.startswith("          ") and len(line) > 60 and text.count(line) == 1 and ":" not in line:
            return line
    raise AssertionError("the demo data has no body line to edit")


def a_platform_body_line() -> str:
    """A line of the body of one of a platform's events: the edit campaigners make most."""
    return a_body_line(after="\nplatforms:")


def test_first_incremental_build_is_the_clean_build(work: Workspace, site: Path) -> None:
    result = work.incremental()
    assert tree(result.output) == tree(site)
    assert set(result.written) == tracker_files(tree(site))


@pytest.mark.parametrize("owner", ["platform", "regulator"])
def test_one_edited_body_rewrites_exactly_the_files_whose_bytes_change(
    work: Workspace, site: Path, owner: str
) -> None:
    work.incremental()
    line = a_platform_body_line() if owner == "platform" else a_body_line()
    work.edit(line, line + " One more sentence.")
    clean = work.clean("clean-edited")
    result = work.incremental()
    assert tree(result.output) == tree(clean)
    changed = differing(tree(site), tree(clean))
    assert changed  # the edit shows somewhere
    # Everything else was kept, not written again.
    assert set(result.written) == tracker_files(changed)


def test_nothing_changed_writes_nothing(work: Workspace, site: Path) -> None:
    work.incremental()
    again = work.incremental()
    assert again.written == ()
    assert tree(again.output) == tree(site)


def test_a_run_of_edits_stays_identical_to_clean_builds(work: Workspace) -> None:
    """Rebuilds start from the spare copy of the site two builds back: each must still be exact."""
    line = a_platform_body_line()
    work.incremental()
    for step in range(4):
        new = f"{line} Sentence number {step}."
        work.edit(line, new)
        line = new
        result = work.incremental()
        assert tree(result.output) == tree(work.clean(f"clean-{step}")), step


@pytest.mark.parametrize(
    "old, new",
    [
        ("    name: Ofcom\n", "    name: Ofcom (the regulator)\n"),  # a regulator, shown on every page
        ("response_window_working_days: 20", "response_window_working_days: 15"),
    ],
)
def test_edits_that_touch_every_page_are_exact(work: Workspace, old: str, new: str) -> None:
    work.incremental()
    work.edit(old, new)
    result = work.incremental()
    assert tree(result.output) == tree(work.clean("clean-edited"))


def test_a_new_platform_and_its_flagged_domain_are_exact(work: Workspace) -> None:
    work.incremental()
    text = work.data.read_text(encoding="utf-8")
    work.data.write_text(
        text.rstrip("\n")
        + "\n  - id: zz-added-platform\n    name: Added Platform (fictional)\n    named: true\n"
        "    naming_source: https://news.example.org/added\n    domains: [added.example.invalid]\n"
        "    harms: [ncii]\n    summary: Mentions added.example.invalid in its summary.\n"
        "    regulators: [ofcom]\n    events: []\n",
        encoding="utf-8",
    )
    result = work.incremental()
    clean = work.clean("clean-added")
    assert tree(result.output) == tree(clean)
    assert "platforms/zz-added-platform/index.html" in tree(result.output)


def test_a_removed_platform_leaves_no_file_behind(work: Workspace, site: Path) -> None:
    work.incremental()
    text = work.data.read_text(encoding="utf-8")
    start = text.index("  - id: example-forum-g")
    end = text.find("\n  - id: ", start + 1)
    work.data.write_text(text[:start] + (text[end + 1 :] if end != -1 else ""), encoding="utf-8")
    result = work.incremental()
    assert tree(result.output) == tree(work.clean("clean-removed"))
    assert not any("example-forum-g" in name for name in tree(result.output))


def test_another_day_is_exact(work: Workspace) -> None:
    from datetime import timedelta

    work.incremental()
    later = DEMO_TODAY + timedelta(days=40)
    result = build_site(today=later, output=work.base / "output", incremental=True, **work.settings())
    clean = build_site(today=later, output=work.base / "clean-later", **work.settings())
    assert tree(result.output) == tree(clean.output)


def test_a_file_changed_by_hand_in_the_site_is_put_right(work: Workspace, site: Path) -> None:
    output = work.incremental().output
    page = output / "platforms" / "example-forum-g" / "index.html"
    page.write_text("changed by hand", encoding="utf-8")
    (output / "stray.html").write_text("not ours", encoding="utf-8")
    result = work.incremental()
    assert tree(result.output) == tree(site)


def test_the_previous_site_is_never_changed_in_place(work: Workspace) -> None:
    """Staging files may share inodes with the live site: a rebuild writes new files, so the site that
    was live (kept as the spare copy) still holds exactly its old bytes."""
    before = tree(work.incremental().output)
    line = a_platform_body_line()
    work.edit(line, line + " Changed.")
    work.incremental()
    spares = list(work.cache.glob("*/spare"))
    assert len(spares) == 1
    assert tree(spares[0]) == before


def test_publish_settings_keep_no_cache(work: Workspace, site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITEURL", "https://tracker.example.org")
    result = build_site(
        today=DEMO_TODAY,
        output=work.base / "output",
        incremental=True,
        settings_file=ROOT / "publishconf.py",
        data=work.data,
        extra_settings={"PATH": str(ROOT / "content"), "THEME": str(ROOT / "theme")},
    )
    assert cache_folder(read_settings({"TRACKER_CACHE_PATH": ""}), ROOT / "publishconf.py") is None
    assert not work.cache.exists()
    assert set(result.written) == tracker_files(tree(result.output))


def test_forked_workers_make_the_same_site(work: Workspace, site: Path) -> None:
    """On a large site the units are shared between processes (tracker/workers.py); forced here."""
    output = work.clean("parallel", TRACKER_WORKERS=3)
    assert tree(output) == tree(site)


def test_forked_workers_in_an_incremental_build(work: Workspace) -> None:
    work.incremental(TRACKER_WORKERS=2)
    line = a_platform_body_line()
    work.edit(line, line + " Changed.")
    result = work.incremental(TRACKER_WORKERS=2)
    assert tree(result.output) == tree(work.clean("clean-edited"))


def test_a_newly_flagged_domain_is_defanged_in_text_rendered_before(work: Workspace) -> None:
    """Rendered Markdown is kept between builds, keyed by the text and the flagged domains too: a body
    that names a host must be rendered again, defanged, once a platform with that domain is added."""
    line = a_platform_body_line()
    work.edit(line, line + " It moved to mentioned-host.example.invalid last year.")
    first = work.incremental()
    page = next(
        name
        for name in tree(first.output)
        if name.endswith(".html")
        and "mentioned-host.example.invalid" in (first.output / name).read_text(encoding="utf-8")
    )
    text = work.data.read_text(encoding="utf-8")
    work.data.write_text(
        text.rstrip("\n")
        + "\n  - id: zz-mentioned-host\n    name: Mentioned Host (fictional)\n    named: true\n"
        "    naming_source: https://news.example.org/mentioned\n"
        "    domains: [mentioned-host.example.invalid]\n    harms: [ncii]\n"
        "    summary: A fictional host.\n    regulators: [ofcom]\n    events: []\n",
        encoding="utf-8",
    )
    result = work.incremental()
    assert tree(result.output) == tree(work.clean("clean-flagged"))
    shown = (result.output / page).read_text(encoding="utf-8")
    assert "mentioned-host[.]example[.]invalid" in shown
    assert "mentioned-host.example.invalid" not in shown


def test_a_rebuild_takes_its_holiday_tables_from_the_cache(
    work: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading the `holidays` package's calendars costs more than a small rebuild: the tables the last
    build used are kept with its cache, and give the same site. Neither the validator nor the day counts
    of the rebuild may load the package (with it hidden, `import holidays` fails)."""

    work.incremental()
    line = a_platform_body_line()
    work.edit(line, line + " Changed.")
    clean = work.clean("clean-edited")

    monkeypatch.setitem(sys.modules, "holidays", None)
    result = work.incremental()
    monkeypatch.undo()
    assert tree(result.output) == tree(clean)


def test_holiday_tables_kept_by_other_code_are_not_used(tmp_path: Path) -> None:
    from datetime import date

    from tracker.build.cache import Cache
    from tracker.build.fingerprint import code_digest

    table = [("GB", "ENG", 2026, [(date(2026, 12, 25).toordinal(), "Christmas Day")])]
    cache = Cache(tmp_path, tmp_path / "output", "", state={"holidays": {"code": "other", "tables": table}})
    assert cache.holidays() == {}
    cache.state["holidays"]["code"] = code_digest()
    assert cache.holidays() == {("GB", "ENG", 2026): {date(2026, 12, 25): "Christmas Day"}}


def _section_line(text: str, platform_id: str) -> str:
    """A line of an event body of `platform_id` (within its own section of the data), to edit."""
    start = text.index(f"  - id: {platform_id}\n")
    end = text.find("\n  - id: ", start + 1)
    section = text[start : end if end != -1 else len(text)]
    for line in section.splitlines():
        if line.startswith("          ") and len(line) > 60 and text.count(line) == 1 and ":" not in line:
            return line
    raise AssertionError(f"{platform_id} has no body line to edit")


def test_a_sequence_through_the_patched_whole_site_outputs_is_exact(
    work: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With 4 items a feed, example-forum-g is among the site-wide feed's newest and example-forum-a is
    not: an edit of the second keeps that feed (its items are not even made), one of the first remakes it,
    and every step (a platform added, one removed, a regulator renamed, an error and its fix) is the clean
    build byte for byte."""
    from tracker.downloads import chronology_files
    from tracker.feeds import atom_rss, writer
    from tracker.model.problems import DataError

    made: list[str] = []
    atom = atom_rss.atom_bytes

    def counted(feed: Any, settings: Any, texts: Any) -> bytes:
        made.append(feed.path)
        return atom(feed, settings, texts)

    monkeypatch.setattr(writer, "atom_bytes", counted)
    docx = chronology_files.chronology_docx

    def counted_docx(chronology: Any, address: str) -> bytes:
        made.append(chronology.page_path)
        return docx(chronology, address)

    monkeypatch.setattr(chronology_files, "chronology_docx", counted_docx)
    small = {"FEED_MAX_ITEMS": 4}
    work.incremental(**small)
    newest = (work.base / "output" / "feeds" / "all.json").read_text(encoding="utf-8")
    assert "/platforms/example-forum-g/" in newest and "/platforms/example-forum-a/" not in newest
    text = work.data.read_text(encoding="utf-8")
    added = (
        "\n  - id: zz-added-platform\n    name: Added Platform (fictional)\n    named: false\n"
        "    harms: [ncii]\n    summary: Added.\n    regulators: [ofcom]\n    events: []\n"
    )
    forum_a = _section_line(text, "example-forum-a")
    forum_g = "        title: Press investigation reports abuse on the forum\n"  # example-forum-g's
    # old, new, whether the site-wide feed and Ofcom's chronology (None: either) are made again
    steps: list[tuple[str, str, bool, bool | None]] = [
        (forum_a, forum_a + " Not among the newest.", False, False),  # a body: not in a chronology
        (forum_g, forum_g.rstrip("\n") + ", again\n", True, True),
        ("  - id: example-forum-c\n", "  - id: example-forum-c\n    bogus: 1\n", False, None),  # an error
        ("  - id: example-forum-c\n    bogus: 1\n", "  - id: example-forum-c\n", False, False),  # its fix
        (text.rstrip("\n")[-40:], text.rstrip("\n")[-40:] + added.rstrip("\n"), False, None),
        ("    name: Ofcom\n", "    name: Ofcom (the regulator)\n", True, True),
    ]
    for number, (old, new, remade, chronology) in enumerate(steps):
        work.edit(old, new)
        made.clear()
        if "bogus" in new:
            before = tree(work.base / "output")
            with pytest.raises(DataError):
                work.incremental(**small)
            assert tree(work.base / "output") == before
            continue
        result = work.incremental(**small)
        assert ("feeds/all" in made) == remade, (number, made)
        assert chronology is None or ("regulators/ofcom/chronology/" in made) == chronology, (number, made)
        assert differing(tree(result.output), tree(work.clean(f"clean-{number}", **small))) == set(), number
    current = work.data.read_text(encoding="utf-8")
    start = current.index("  - id: example-forum-b\n")
    end = current.index("\n  - id: ", start + 1)
    work.data.write_text(current[:start] + current[end + 1 :], encoding="utf-8")
    result = work.incremental(**small)
    assert differing(tree(result.output), tree(work.clean("clean-removed", **small))) == set()
    assert not any("example-forum-b" in name for name in tree(result.output))


def test_a_body_edit_keeps_the_overview_without_drawing_its_chart(
    work: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chart is made from the waits the overview is keyed on: an edit that leaves them as they were
    keeps the page, and drawing a thousand bars only to find that out was a warm rebuild's largest step."""
    from tracker.site.chart import inaction_chart as draw

    drawn: list[int] = []

    def counting(bars: Any, **kwargs: Any) -> Any:
        drawn.append(len(bars))
        return draw(bars, **kwargs)

    monkeypatch.setattr("tracker.site.pages.inaction_chart", counting)
    work.incremental()
    assert len(drawn) == 1
    line = a_platform_body_line()
    work.edit(line, line + " One more sentence.")
    result = work.incremental()
    assert len(drawn) == 1 and "index.html" not in result.written
    # Nor the pages of clocks: their digest no longer takes in the build's memo of days counted.
    assert not [name for name in result.written if name.startswith("regulators/") and name.endswith(".html")]
    assert tree(result.output) == tree(work.clean("clean-edited"))


def test_plugins_hear_of_pages_a_forked_worker_wrote(work: Workspace) -> None:
    """`content_written` reaches this process's receivers for the files a worker wrote (the worker's
    went to its own copy of them); a build with no receivers skips making their contexts."""
    heard: list[str] = []

    def receiver(_path: str, context: dict[str, Any]) -> None:
        heard.append(str(context.get("output_file")))

    signals.content_written.connect(receiver)
    try:
        output = work.clean("parallel", TRACKER_WORKERS=3)
    finally:
        signals.content_written.disconnect(receiver)
    pages = {f"platforms/{p.name}/index.html" for p in (output / "platforms").iterdir() if p.is_dir()}
    assert len(pages) > 3
    assert pages <= set(heard)
