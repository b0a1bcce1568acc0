"""A failed build never costs readers the site, and no build ever writes to the data.

One successful build makes the "previous" site (module fixture). Each failure test copies it into its own
folder, makes the next build fail at one stage (bad data, a broken template halfway through the pages, a
full disk while writing pages or feeds, the final rename itself) and checks that the copy is byte for byte
what it was, with no staging or old folder left beside it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pelican.writers import Writer
from samples import VALID, replace

from tracker.build.output import BuildOutput
from tracker.build.site import build_site
from tracker.cli import main
from tracker.model.problems import DataError

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 27)


def tree_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under `folder`, by relative path (empty folders count too)."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                found[key + "/"] = "empty folder"
        else:
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@dataclass(frozen=True)
class Previous:
    base: Path
    data: Path
    content: Path
    output: Path
    hashes: dict[str, str]
    sources_before: dict[str, str]
    sources_after: dict[str, str]
    file_calls: int
    page_calls: int


def sources(base: Path) -> dict[str, str]:
    return {f"{name}/{key}": h for name in ("data", "content") for key, h in tree_hashes(base / name).items()}


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Previous]:
    base = tmp_path_factory.mktemp("atomic")
    (base / "data").mkdir()
    data = base / "data" / "platforms.yaml"
    data.write_text(VALID, encoding="utf-8")
    shutil.copytree(ROOT / "content", base / "content")
    before = sources(base)
    calls = {"file": 0, "page": 0}
    original_file, original_page, original_write = BuildOutput.file, BuildOutput.page, Writer.write_file

    def counting_file(self: BuildOutput, save_as: str, data: bytes) -> None:
        calls["file"] += 1
        original_file(self, save_as, data)

    # The tracker renders its own pages (Output.page); Pelican's writer writes the articles.
    def counting_page(self: BuildOutput, *args: Any, **kwargs: Any) -> None:
        calls["page"] += 1
        original_page(self, *args, **kwargs)

    def counting_write(self: Writer, *args: Any, **kwargs: Any) -> Any:
        calls["page"] += 1
        return original_write(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BuildOutput, "file", counting_file)
        patch.setattr(BuildOutput, "page", counting_page)
        patch.setattr(Writer, "write_file", counting_write)
        result = build_site(today=TODAY, output=base / "site" / "output", **settings(base))
    yield Previous(
        base,
        data,
        base / "content",
        result.output,
        tree_hashes(result.output),
        before,
        sources(base),
        calls["file"],
        calls["page"],
    )


def settings(base: Path, theme: Path = ROOT / "theme", data: Path | None = None) -> dict[str, Any]:
    return {
        "settings_file": ROOT / "pelicanconf.py",
        "data": data or base / "data" / "platforms.yaml",
        "extra_settings": {"PATH": str(base / "content"), "THEME": str(theme)},
    }


def copy_of_previous(previous: Previous, tmp_path: Path) -> Path:
    output = tmp_path / "site" / "output"
    shutil.copytree(previous.output, output)
    return output


def assert_untouched(previous: Previous, output: Path) -> None:
    assert tree_hashes(output) == previous.hashes
    assert sorted(p.name for p in output.parent.iterdir()) == ["output"]  # no staging or old folder left
    assert sources(previous.base) == previous.sources_before


def failing_after(count: int, original: Callable[..., Any]) -> Callable[..., Any]:
    """`original`, except that the call after `count` successful ones finds the disk full."""
    calls = {"n": 0}

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] > count:
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(*args, **kwargs)

    return wrapper


def test_a_successful_build_replaces_the_site_and_never_writes_the_sources(previous: Previous) -> None:
    assert previous.sources_after == previous.sources_before
    assert "index.html" in previous.hashes and "_headers" in previous.hashes
    assert sorted(p.name for p in previous.output.parent.iterdir()) == ["output"]
    # A web server running as another user must be able to read the published folder.
    assert previous.output.stat().st_mode & 0o755 == 0o755
    # Enough of each kind of write for the failures below to fall halfway through.
    assert previous.file_calls >= 4 and previous.page_calls >= 4


def test_rebuild_over_an_existing_site_leaves_no_old_copy(previous: Previous, tmp_path: Path) -> None:
    output = copy_of_previous(previous, tmp_path)
    (output / "stale.html").write_text("from an older build", encoding="utf-8")
    build_site(today=TODAY, output=output, **settings(previous.base))
    assert tree_hashes(output) == previous.hashes  # the stale page is gone: the folder was replaced
    assert sorted(p.name for p in output.parent.iterdir()) == ["output"]


def test_validation_error_writes_nothing(previous: Previous, tmp_path: Path) -> None:
    output = copy_of_previous(previous, tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text(replace("    harms: [ncii]", "    harms: [nci]"), encoding="utf-8")
    with pytest.raises(DataError) as error:
        build_site(today=TODAY, output=output, **settings(previous.base, data=bad))
    assert [p.format() for p in error.value.problems] == [
        f"{bad}:17:13: error: 'nci' is not a known harms value (did you mean 'ncii'? use one of: ncii, csam,"
        " deepfake-ncii, sextortion, other)"
    ]
    assert_untouched(previous, output)


def test_template_error_halfway_through_the_pages(previous: Previous, tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    template = theme / "templates" / "platform.html"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            "{% block content %}", "{% block content %}{{ no_such_value.attribute }}", 1
        ),
        encoding="utf-8",
    )
    output = copy_of_previous(previous, tmp_path)
    with pytest.raises(Exception, match="'no_such_value' is undefined"):
        build_site(today=TODAY, output=output, **settings(previous.base, theme=theme))
    assert_untouched(previous, output)


@pytest.mark.parametrize(
    ("method", "calls"),
    [("page", "page_calls"), ("file", "file_calls")],
    ids=["pages", "feeds-and-downloads"],
)
def test_disk_full_while_writing(
    previous: Previous, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, method: str, calls: str
) -> None:
    real = getattr(BuildOutput, method)
    monkeypatch.setattr(BuildOutput, method, failing_after(getattr(previous, calls) // 2, real))
    output = copy_of_previous(previous, tmp_path)
    with pytest.raises(OSError, match="No space left on device"):
        build_site(today=TODAY, output=output, **settings(previous.base))
    assert_untouched(previous, output)


def test_failed_final_rename_puts_the_old_site_back(
    previous: Previous, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = copy_of_previous(previous, tmp_path)
    real_replace = os.replace

    def replace_failing_into_place(source: Any, target: Any) -> None:
        if Path(target) == output and Path(source).name.startswith(".output-new-"):
            raise OSError(errno.EIO, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace_failing_into_place)
    with pytest.raises(OSError, match="Input/output error"):
        build_site(today=TODAY, output=output, **settings(previous.base))
    assert_untouched(previous, output)


def test_a_left_over_old_folder_does_not_block_the_next_build(previous: Previous, tmp_path: Path) -> None:
    """A build killed between its renames leaves `.output-old-*`; in a container the next one often has the
    same process id. The next build neither trips over it nor leaves it there for ever (issue 14)."""
    output = copy_of_previous(previous, tmp_path)
    stale = output.parent / f".output-old-{os.getpid()}"
    stale.mkdir()
    (stale / "index.html").write_text("killed build", encoding="utf-8")
    build_site(today=TODAY, output=output, **settings(previous.base))
    assert tree_hashes(output) == previous.hashes
    assert not stale.exists()


def test_cli_data_error_is_a_located_message_and_exit_1(
    previous: Previous, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = copy_of_previous(previous, tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text(replace("        by: regulator", "        by: Jane"), encoding="utf-8")
    code = main(
        [
            "build",
            "--today",
            "2026-11-27",
            "--settings",
            str(ROOT / "pelicanconf.py"),
            "--data",
            str(bad),
            "--output",
            str(output),
        ]
    )
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == (
        f"{bad}:29:13: error: 'Jane' is not a known by value (use one of: survivor, campaign-group, lawyer,"
        " journalist, public, parliamentarian, regulator, court, platform)\n"
    )
    assert captured.err == "1 problem found. Nothing was built.\n"
    assert_untouched(previous, output)


def test_cli_template_error_exits_non_zero_and_keeps_the_site(previous: Previous, tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "templates" / "base.html").write_text("{% if %}", encoding="utf-8")
    config = tmp_path / "broken_theme_conf.py"
    config.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *  # noqa: F403\n"
        f"PATH = {str(previous.content)!r}\n"
        f"THEME = {str(theme)!r}\n",
        encoding="utf-8",
    )
    output = copy_of_previous(previous, tmp_path)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "tracker",
            "build",
            "--today",
            "2026-11-27",
            "--settings",
            str(config),
            "--data",
            str(previous.data),
            "--output",
            str(output),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "TemplateSyntaxError" in run.stderr
    assert "Built " not in run.stdout
    assert_untouched(previous, output)
