"""The wheel built from pyproject.toml holds the whole package: every subpackage, every module, py.typed.

A subpackage missing from the wheel would install a tracker that fails only on import, far from here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    # Built from a copy: setuptools leaves build/ and *.egg-info behind in the folder it builds.
    source = tmp_path_factory.mktemp("source")
    shutil.copy2(ROOT / "pyproject.toml", source)
    shutil.copytree(ROOT / "tracker", source / "tracker", ignore=shutil.ignore_patterns("__pycache__"))
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(folder),
            ".",
        ],
        cwd=source,
        check=True,
        capture_output=True,
    )
    (wheel,) = folder.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_wheel_holds_every_module_of_the_package(wheel_names: set[str]) -> None:
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "tracker").rglob("*.py")}
    assert modules - wheel_names == set()
    assert "tracker/py.typed" in wheel_names


def test_every_subpackage_is_a_package(wheel_names: set[str]) -> None:
    folders = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "tracker").iterdir()
        if p.is_dir() and p.name != "__pycache__"
    }
    assert folders, "no subpackages found"
    assert {f"{folder}/__init__.py" for folder in folders} <= wheel_names
