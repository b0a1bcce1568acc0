"""Shared fixtures. The demo site is built once per test session (per xdist worker) and shared."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hostile import Hostile, build_hostile
from hypothesis import settings

from tracker.build.site import BuildResult, build_site
from tracker.check.validate import load_dataset
from tracker.derive.sitedata import SiteData, build_site_data

# CI runs the same examples every time (derandomized), so a landing never depends on luck; locally each
# run explores new ones. Found counterexamples are kept as explicit regression tests.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
DEMO_TODAY = date(2026, 11, 27)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def demo_site_data() -> SiteData:
    return build_site_data(load_dataset(ROOT / "data" / "platforms.yaml", DEMO_TODAY), DEMO_TODAY)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuildResult]:
    """The demo data built once with a fixed today; tests read it, never write to it."""
    output = tmp_path_factory.mktemp("site") / "output"
    yield build_site(
        today=DEMO_TODAY,
        settings_file=ROOT / "pelicanconf.py",
        output=output,
        data=ROOT / "data" / "platforms.yaml",
        extra_settings={"PATH": str(ROOT / "content"), "THEME": str(ROOT / "theme")},
    )


@pytest.fixture(scope="session")
def site(built_site: BuildResult) -> Path:
    return built_site.output


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    """Every payload of tests/hostile.py built into one site, shared by tests/test_hardening_*.py."""
    return build_hostile(tmp_path_factory.mktemp("hostile"))
