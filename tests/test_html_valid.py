"""The Nu HTML Checker (npm `vnu-jar`, run with the machine's Java) finds no errors in one page of each type.

One JVM checks every file at once (starting Java costs more than checking a page). The test fails, never
skips, when Java or the jar is missing: `make test` installs both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "tests" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# One page of every type, from the site root.
PAGES = [
    "index.html",
    "platforms/index.html",
    "platforms/example-forum-a/index.html",  # named
    "platforms/example-hidden-board/index.html",  # not named
    "platforms/example-forum-d/index.html",  # two regulators
    "platforms/example-hidden-board/working/index.html",
    "timeline/index.html",
    "timeline/page/2/index.html",
    "regulators/index.html",
    "regulators/ofcom/index.html",
    "methodology/index.html",
    "get-help/index.html",
    "corrections/index.html",
    "articles/about-the-demo-data/index.html",
]

pytestmark = pytest.mark.external


def test_nu_html_checker_reports_no_errors(site: Path) -> None:
    java = shutil.which("java")
    assert java is not None, "Java is missing: run `make test`, which installs it (default-jre-headless)"
    assert VNU.is_file(), f"{VNU} is missing: run `make test`, which installs the npm test packages"
    files = [site / page for page in PAGES]
    missing = [str(f) for f in files if not f.is_file()]
    assert not missing, f"pages not built: {missing}"

    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    report = json.loads(result.stderr or '{"messages": []}')
    errors = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    described = "\n".join(
        f"{m.get('url', '?').split('/output/')[-1]}:{m.get('lastLine', '?')}: {m.get('message')}"
        for m in errors
    )
    assert not errors, f"{len(errors)} HTML errors:\n{described}"
    assert result.returncode == 0, result.stderr
