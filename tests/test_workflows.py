"""The forge workflows cannot run here, so they are read: triggers, permissions, pinned actions, and that
they call the README's commands. The pull-request check's short package list is proved sufficient by
running the validator with every other installed package blocked."""

from __future__ import annotations

import importlib.metadata as metadata
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
README = (ROOT / "README.md").read_text(encoding="utf-8")
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"uses: (\S+) # v\d+\.\d+\.\d+$")

sys.path.insert(0, str(ROOT / ".github"))
from lock_subset import normalise, subset  # noqa: E402


def _load(name: str) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return data


def _triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # PyYAML reads the key `on` as True (YAML 1.1): accept either spelling.
    triggers = workflow.get("on", workflow.get(True))
    assert isinstance(triggers, dict), "the workflow's 'on:' is not a mapping of events"
    return triggers


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _runs(workflow: dict[Any, Any], job: str) -> str:
    return "\n".join(step.get("run", "") for step in workflow["jobs"][job]["steps"])


NAMES = ["deploy.yml", "freshness.yml", "validate.yml"]
# The first release of each action on the Node 24 runtime (Node 20 is being retired on hosted runners);
# upload-pages-artifact is a composite action whose own `uses:` is pinned by SHA from v5.0.0 on.
NODE_24_FROM = {
    "actions/checkout": (5, 0, 0),
    "actions/setup-python": (6, 0, 0),
    "actions/upload-pages-artifact": (5, 0, 0),
    "actions/deploy-pages": (5, 0, 0),
}
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(.*)$")


def test_only_these_workflows() -> None:
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_no_pull_request_target_anywhere(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    assert "pull_request_target" not in _triggers(_load(name))
    assert "pull_request_target:" not in text


def pin_problems(text: str) -> list[str]:
    """Every `uses:` line (a step's or a job's) that is not `owner/repo@<40 hex> # vX.Y.Z` at a release
    on the Node 24 runtime, as `line N: why`."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = USES_LINE.match(line)
        if not match:
            continue
        ref, _, comment = match.group(1).partition(" # ")
        version = re.fullmatch(r"v(\d+)\.(\d+)\.(\d+)", comment.strip())
        if not PINNED.match(ref.strip()):
            problems.append(f"line {number}: {ref.strip()} is not pinned to a full commit SHA")
        elif version is None:
            problems.append(f"line {number}: {ref.strip()} needs a `# vX.Y.Z` comment")
        else:
            action = ref.split("@")[0]
            found = tuple(int(part) for part in version.groups())
            if action not in NODE_24_FROM or found < NODE_24_FROM[action]:
                problems.append(f"line {number}: {action} {comment.strip()} is not a release known to run on Node 24")
    return problems


@pytest.mark.parametrize("name", NAMES)
def test_every_action_is_pinned_to_a_commit_with_its_version(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    uses = [step["uses"] for step in _steps(_load(name)) if "uses" in step]
    assert uses, "the workflow uses no action"
    assert pin_problems(text) == []
    lines = [line.strip() for line in text.splitlines()]
    commented = [m.group(1) for line in lines if (m := VERSION_COMMENT.search(line))]
    assert commented == uses, "every `uses:` line needs a `# vX.Y.Z` comment"


def test_the_pin_check_refuses_tags_short_shas_old_releases_and_missing_comments() -> None:
    sha = "3d3c42e5aac5ba805825da76410c181273ba90b1"
    text = "\n".join(
        [
            "steps:",
            "  - uses: actions/checkout@v7",
            "  - uses: actions/checkout@3d3c42e # v7.0.1",
            f"  - uses: actions/checkout@{sha}",
            f"  - uses: actions/checkout@{sha} # v4.2.2",
            f"  - uses: actions/configure-pages@{sha} # v5.0.0",
            f"    uses: someone/else@{sha} # v1.0.0",
            f"  - uses: actions/checkout@{sha} # v7.0.1",
        ]
    )
    assert pin_problems(text) == [
        "line 2: actions/checkout@v7 is not pinned to a full commit SHA",
        "line 3: actions/checkout@3d3c42e is not pinned to a full commit SHA",
        f"line 4: actions/checkout@{sha} needs a `# vX.Y.Z` comment",
        "line 5: actions/checkout v4.2.2 is not a release known to run on Node 24",
        "line 6: actions/configure-pages v5.0.0 is not a release known to run on Node 24",
        "line 7: someone/else v1.0.0 is not a release known to run on Node 24",
    ]


def test_same_action_same_commit_across_workflows() -> None:
    pins: dict[str, set[str]] = {}
    for name in NAMES:
        for step in _steps(_load(name)):
            if "uses" in step:
                action, sha = step["uses"].split("@")
                pins.setdefault(action, set()).add(sha)
    assert {a: len(s) for a, s in pins.items()} == {a: 1 for a in pins}
    assert sorted(pins) == sorted(NODE_24_FROM)


@pytest.mark.parametrize("name", NAMES)
def test_checkout_keeps_no_credentials(name: str) -> None:
    for step in _steps(_load(name)):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


# --- the pull-request check ------------------------------------------------------------------------------


def test_validate_runs_on_pull_requests_only_with_read_permission() -> None:
    workflow = _load("validate.yml")
    assert list(_triggers(workflow)) == ["pull_request"]
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())


def test_fast_validator_job_then_make_test() -> None:
    workflow = _load("validate.yml")
    jobs = workflow["jobs"]
    assert list(jobs) == ["validate", "test"]
    assert "needs" not in jobs["validate"]
    assert jobs["test"]["needs"] == "validate"
    validate = _runs(workflow, "validate")
    assert ".venv/bin/python -m tracker validate --format github" in validate
    assert "pytest" not in validate and "make test" not in validate
    assert "--require-hashes" in validate and "requirements.lock" in validate
    assert "make test" in _runs(workflow, "test")
    assert "make test" in README  # the README's promise is what CI runs


def _validate_packages() -> list[str]:
    env = _load("validate.yml")["jobs"]["validate"]["env"]
    return str(env["VALIDATE_PACKAGES"]).split()


def _closure(names: list[str]) -> set[str]:
    """The installed distributions `names` need, following their requirements (extras and markers off)."""
    seen: set[str] = set()
    todo = [normalise(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for text in metadata.distribution(name).requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(normalise(requirement.name))
    return seen


def test_validator_package_list_is_closed_under_dependencies() -> None:
    listed = {normalise(n) for n in _validate_packages()}
    direct = ["pyyaml", "jsonschema", "holidays", "nh3", "markdown", "idna"]
    assert _closure(direct) == listed
    assert _closure(sorted(listed)) == listed


def test_lock_subset_keeps_the_pins_and_hashes() -> None:
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    text = subset(lock, _validate_packages())
    entries = re.findall(r"^([a-z0-9._-]+)==(\S+) \\$", text, flags=re.MULTILINE)
    assert sorted(normalise(n) for n, _ in entries) == sorted(normalise(n) for n in _validate_packages())
    for name, version in entries:
        assert re.search(rf"^{re.escape(name)}=={re.escape(version)} \\$", lock, flags=re.MULTILINE)
    assert text.count("--hash=sha256:") >= len(entries)
    with pytest.raises(SystemExit, match="not in the lock file: no-such-package"):
        subset(lock, ["pyyaml", "no-such-package"])


BLOCKER = textwrap.dedent(
    """
    import importlib.abc, os, sys

    BLOCKED = set(os.environ["BLOCKED_MODULES"].split())

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"{name} is not installed in the pull-request check")
            return None

    sys.meta_path.insert(0, Block())
    from tracker.cli import main
    sys.exit(main(["validate", "--format", "github", "--today", "2026-11-27"]))
    """
)


def test_validator_runs_with_only_the_listed_packages() -> None:
    allowed = {normalise(n) for n in _validate_packages()}
    blocked = {
        module
        for module, dists in metadata.packages_distributions().items()
        if not any(normalise(d) in allowed for d in dists) and not module.startswith("_")
    }
    assert {"pelican", "ruamel", "jinja2", "feedgen"} <= blocked
    run = subprocess.run(
        [sys.executable, "-c", BLOCKER],
        cwd=ROOT,
        env={**os.environ, "BLOCKED_MODULES": " ".join(sorted(blocked))},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")
    broken = subprocess.run(
        [sys.executable, "-c", BLOCKER.replace("from tracker.cli import main", "import ruamel.yaml")],
        cwd=ROOT,
        env={**os.environ, "BLOCKED_MODULES": " ".join(sorted(blocked))},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "ImportError: ruamel is not installed in the pull-request check" in broken.stderr  # it blocks


# --- deploying -------------------------------------------------------------------------------------------


def test_deploy_on_main_and_every_day() -> None:
    triggers = _triggers(_load("deploy.yml"))
    assert triggers["push"] == {"branches": ["main"]}
    assert len(triggers["schedule"]) == 1
    minute, hour, day, month, weekday = triggers["schedule"][0]["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*")  # daily
    assert minute.isdigit() and hour.isdigit()
    # Early in the London day in both GMT and BST (never 23:xx UTC, which is already tomorrow in summer),
    # so the published figures are current for almost the whole day.
    assert 0 <= int(hour) <= 3
    assert "pull_request" not in triggers


def test_deploy_permissions_are_minimal() -> None:
    workflow = _load("deploy.yml")
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert list(jobs) == ["build", "deploy", "keep-schedule", "report"]
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert all("run" not in step for step in jobs["deploy"]["steps"])  # no project code with write access
    assert jobs["keep-schedule"]["permissions"] == {"actions": "write"}
    assert jobs["report"]["permissions"] == {"issues": "write"}
    for job in ("keep-schedule", "report"):  # the jobs with write access check nothing out
        assert all("uses" not in step for step in jobs[job]["steps"]), job


def test_deploy_builds_with_publishconf_at_the_pages_address_and_uploads_output() -> None:
    workflow = _load("deploy.yml")
    assert "make publish" in _runs(workflow, "build")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\npublish: $(STAMP)" in makefile and "$(VENV)/bin/invoke publish" in makefile
    tasks = (ROOT / "tasks.py").read_text(encoding="utf-8")
    assert '"settings_publish": "publishconf.py"' in tasks
    build_steps = workflow["jobs"]["build"]["steps"]
    pages = next(s for s in build_steps if s.get("id") == "pages")
    assert 'gh api "repos/$GITHUB_REPOSITORY/pages" --jq .html_url' in pages["run"]
    assert 'echo "base_url=$url" >> "$GITHUB_OUTPUT"' in pages["run"]
    assert "::error::GitHub Pages is not set up for this repository" in pages["run"]  # not an empty address
    publish = next(s for s in build_steps if s.get("run") == "make publish")
    assert publish["env"] == {"SITEURL": "${{ steps.pages.outputs.base_url }}"}
    assert build_steps.index(pages) < build_steps.index(publish)
    upload = next(s for s in build_steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"] == {"path": "output"}
    deploy_uses = [s["uses"].split("@")[0] for s in workflow["jobs"]["deploy"]["steps"]]
    assert deploy_uses == ["actions/deploy-pages"]


def test_the_daily_run_keeps_both_schedules_enabled() -> None:
    job = _load("deploy.yml")["jobs"]["keep-schedule"]
    assert job["if"] == "github.event_name == 'schedule'"
    run = _runs(_load("deploy.yml"), "keep-schedule")
    assert 'gh api --method PUT "repos/$GITHUB_REPOSITORY/actions/workflows/$workflow/enable"' in run
    assert "for workflow in deploy.yml freshness.yml; do" in run
    assert {"deploy.yml", "freshness.yml"} <= set(NAMES)


ISSUE_TITLE = "The published figures are not current"
OPEN_OR_COMMENT = (
    'if [ -n "$number" ]; then gh issue comment "$number" --body "$BODY"; '
    'else gh issue create --title "$TITLE" --body "$BODY"; fi'
)


def test_a_failed_deploy_opens_or_adds_to_one_issue() -> None:
    workflow = _load("deploy.yml")
    job = workflow["jobs"]["report"]
    assert job["needs"] == ["build", "deploy"]
    assert job["if"].startswith("failure()")
    (step,) = job["steps"]
    assert step["env"]["TITLE"] == ISSUE_TITLE
    assert "${{ github.run_id }}" in step["env"]["BODY"]
    assert OPEN_OR_COMMENT in step["run"]


def test_the_freshness_guard_runs_after_the_deploy_and_reports_a_miss() -> None:
    workflow = _load("freshness.yml")
    triggers = _triggers(workflow)
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    minute, hour, *_ = triggers["schedule"][0]["cron"].split()
    deploy_minute, deploy_hour, *_ = _triggers(_load("deploy.yml"))["schedule"][0]["cron"].split()
    assert int(hour) * 60 + int(minute) - (int(deploy_hour) * 60 + int(deploy_minute)) >= 180
    assert workflow["permissions"] == {}
    job = workflow["jobs"]["check"]
    assert job["permissions"] == {"contents": "read", "pages": "read", "issues": "write"}
    steps = job["steps"]
    check = next(s for s in steps if "freshness.py" in s.get("run", ""))
    assert check["run"] == 'python3 .github/freshness.py "$SITE" 2> "$RUNNER_TEMP/stale.txt"'
    assert check["env"] == {"SITE": "${{ steps.pages.outputs.base_url }}"}
    report = steps[-1]
    assert report["if"] == "failure()" and report["env"]["TITLE"] == ISSUE_TITLE
    assert OPEN_OR_COMMENT in report["run"]


def test_codeowners_guard_data_and_workflows() -> None:
    rules = [
        line.split()
        for line in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert rules == [["/data/", "@example-org/maintainers"], ["/.github/", "@example-org/maintainers"]]
