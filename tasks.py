"""Tasks for campaigners and maintainers: `invoke --list` shows the menu.

Every task runs the project's own Python (`.venv`, set up by `make site`), so the commands behave the
same on a laptop, in a pull-request check and in the deploy job.
"""

from __future__ import annotations

import os
import sys

from invoke import task

PY = (
    os.path.join(".venv", "bin", "python")
    if os.path.exists(os.path.join(".venv", "bin", "python"))
    else sys.executable
)


def _today(today: str | None) -> str:
    return f" --today {today}" if today else ""


@task(
    help={
        "today": "date the figures are computed for (YYYY-MM-DD); default: today in London",
        "format": "text (default) or github (pull-request annotations)",
    }
)
def validate(c, today=None, format="text"):
    """Check data/platforms.yaml and list every problem with its line and column."""
    c.run(f"{PY} -m tracker validate --format {format}{_today(today)}", pty=False)


@task(help={"today": "date the figures are computed for (YYYY-MM-DD)"})
def build(c, today=None):
    """Validate the data, then build the site into output/ (replaced only when the build succeeds)."""
    c.run(f"{PY} -m tracker build{_today(today)}")
