"""Same data + same `--today` = the same site, byte for byte, whoever builds it and wherever.

Subscribers' feed readers, the daily deploy and anyone checking the published site against the data rely
on this: a build must depend on nothing but its inputs. The second build runs in another process with a
different hash seed, time zone and working folder, writing to a differently named folder, and is compared
file by file with the session's demo build.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DEMO_TODAY

from tracker.build.site import pelican_settings

ROOT = Path(__file__).resolve().parent.parent


def tree_hashes(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def second_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    elsewhere = tmp_path_factory.mktemp("another-machine")
    output = elsewhere / "public_html"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHONHASHSEED": "4242",
        "TZ": "Pacific/Kiritimati",  # UTC+14: a build machine's clock on another calendar day
        "LC_ALL": "C.UTF-8",
        "TRACKER_TODAY": "",
    }
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "tracker",
            "build",
            "--today",
            DEMO_TODAY.isoformat(),
            "--settings",
            str(ROOT / "pelicanconf.py"),
            "--data",
            str(ROOT / "data" / "platforms.yaml"),
            "--output",
            str(output),
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return output


def first_difference(a: Path, b: Path) -> str:
    left = a.read_text(encoding="utf-8", errors="replace").splitlines()
    right = b.read_text(encoding="utf-8", errors="replace").splitlines()
    for number, (x, y) in enumerate(zip(left, right, strict=False), start=1):
        if x != y:
            return f"line {number}: {x[:200]!r} != {y[:200]!r}"
    return f"{len(left)} lines != {len(right)} lines"


def test_two_builds_are_byte_identical(site: Path, second_build: Path) -> None:
    first, second = tree_hashes(site), tree_hashes(second_build)
    assert sorted(first) == sorted(second)
    differing = {
        name: first_difference(site / name, second_build / name)
        for name in first
        if first[name] != second[name]
    }
    assert differing == {}


def test_nothing_in_the_output_names_a_folder_of_the_build_machine(site: Path, second_build: Path) -> None:
    """No output, staging (`.output-new-*`) or checkout path: they differ between machines and say
    something about the machine that built the site."""
    for folder in (site, second_build):
        needles = [str(folder).encode(), b".output-new-", str(ROOT).encode()]
        leaks = [
            path.relative_to(folder).as_posix()
            for path in folder.rglob("*")
            if path.is_file() and any(needle in path.read_bytes() for needle in needles)
        ]
        assert leaks == []


# Dates are whole days published at 12:00 London time, which is 11:00 UTC in summer.
CLOCK_TIME = re.compile(r"(?<![0-9])([0-2][0-9]):([0-5][0-9]):([0-5][0-9])(?![0-9])")
ICAL_TIME = re.compile(r"(?<=[0-9]{8}T)([0-9]{6})")
NOON_LONDON = {"12:00:00", "11:00:00"}


def test_no_time_of_day_from_the_build_clock(site: Path) -> None:
    """Every time printed anywhere is noon in London: a build-time timestamp would make every build
    different (and tell readers nothing)."""
    found = []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix in (".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        times = {":".join(m.groups()) for m in CLOCK_TIME.finditer(text)}
        times |= {f"{t[:2]}:{t[2:4]}:{t[4:]}" for t in ICAL_TIME.findall(text)}
        if times - NOON_LONDON:
            found.append(f"{path.relative_to(site)}: {sorted(times - NOON_LONDON)}")
    assert found == []


def test_month_names_do_not_depend_on_the_build_machine_locale() -> None:
    """Pelican's default LOCALE is the environment's: a maintainer with LANG=fr_FR would publish
    "27 novembre 2026". The settings must pin a locale whose month names are English."""
    locales = pelican_settings(ROOT / "pelicanconf.py", {})["LOCALE"]
    assert locales and "" not in locales
    assert all(name.split(".")[0] in ("C", "POSIX", "en_GB", "en_US") for name in locales)
