"""Validate, then build the site into a staging folder and swap it into place only when all of it worked.

A failed build (bad data, a template error, a full disk) must never leave readers with half a site, so
`output/` is only ever replaced by a complete sibling folder.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .problems import DataError
from .validate import validate_file


@dataclass(frozen=True)
class BuildResult:
    output: Path
    files: int


def _swap_into_place(staging: Path, output: Path) -> None:
    """Replace `output` by `staging` with renames on one filesystem; the old copy is removed last.

    If the second rename fails, the old site is renamed back: a failed swap must not leave no site at all.
    The old copy gets a fresh name, so a folder left by a build that was killed (in a container the
    process id is often the same every time) cannot block every later build.
    """
    # mkdtemp makes the folder readable by its owner only; a web server running as another user
    # must still be able to read the published site.
    umask = os.umask(0o022)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)
    if not output.exists():
        os.replace(staging, output)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{output.name}-old-", dir=output.parent))
    old.rmdir()
    os.replace(output, old)
    try:
        os.replace(staging, output)
    except BaseException:
        os.replace(old, output)
        raise
    shutil.rmtree(old, ignore_errors=True)


def pelican_settings(settings_file: str | os.PathLike[str], overrides: dict[str, Any]) -> dict[str, Any]:
    from pelican.settings import read_settings

    return dict(read_settings(os.fspath(settings_file), override=overrides))


def build_site(
    *,
    today: date,
    settings_file: str | os.PathLike[str] = "pelicanconf.py",
    output: str | os.PathLike[str] = "output",
    data: str | os.PathLike[str] | None = None,
    extra_settings: dict[str, Any] | None = None,
) -> BuildResult:
    """Build the whole site for `today`. Raises DataError (data problems) before anything is written."""
    from pelican import Pelican

    from . import plugin

    output_path = Path(output).resolve()
    overrides: dict[str, Any] = {"TRACKER_TODAY": today.isoformat(), **(extra_settings or {})}
    if data is not None:
        overrides["TRACKER_DATA"] = os.fspath(data)
    probe = pelican_settings(settings_file, overrides)
    result = validate_file(probe["TRACKER_DATA"], today)
    if not result.ok:
        raise DataError(list(result.problems))

    output_path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_path.name}-new-", dir=output_path.parent))
    try:
        settings = pelican_settings(settings_file, {**overrides, "OUTPUT_PATH": os.fspath(staging)})
        logging.getLogger("pelican").setLevel(logging.WARNING)
        Pelican(settings).run()
        files = sum(len(names) for _, _, names in os.walk(staging))
        _swap_into_place(staging, output_path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        plugin.unregister()
    return BuildResult(output_path, files)
