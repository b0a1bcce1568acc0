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


def test_only_the_two_workflows() -> None:
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == ["deploy.yml", "validate.yml"]


@pytest.mark.parametrize("name", ["deploy.yml", "validate.yml"])
def test_no_pull_request_target_anywhere(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    assert "pull_request_target" not in _triggers(_load(name))
    assert "pull_request_target:" not in text


@pytest.mark.parametrize("name", ["deploy.yml", "validate.yml"])
def test_every_action_is_pinned_to_a_commit_with_its_version(name: str) -> None:
    uses = [step["uses"] for step in _steps(_load(name)) if "uses" in step]
    assert uses, "the workflow uses no action"
    for ref in uses:
        assert PINNED.match(ref), f"{ref} is not pinned to a full commit SHA"
    lines = [line.strip() for line in (WORKFLOWS / name).read_text(encoding="utf-8").splitlines()]
    commented = [m.group(1) for line in lines if (m := VERSION_COMMENT.search(line))]
    assert commented == uses, "every `uses:` line needs a `# vX.Y.Z` comment"


def test_same_action_same_commit_across_workflows() -> None:
    pins: dict[str, set[str]] = {}
    for name in ("deploy.yml", "validate.yml"):
        for step in _steps(_load(name)):
            if "uses" in step:
                action, sha = step["uses"].split("@")
                pins.setdefault(action, set()).add(sha)
    assert {a: len(s) for a, s in pins.items()} == {a: 1 for a in pins}
    assert sorted(pins) == [
        "actions/checkout",
        "actions/configure-pages",
        "actions/deploy-pages",
        "actions/setup-python",
        "actions/upload-pages-artifact",
    ]


@pytest.mark.parametrize("name", ["deploy.yml", "validate.yml"])
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
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert all("run" not in step for step in jobs["deploy"]["steps"])  # no project code with write access


def test_deploy_builds_with_publishconf_and_uploads_output() -> None:
    workflow = _load("deploy.yml")
    assert "make publish" in _runs(workflow, "build")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\npublish: $(STAMP)" in makefile and "$(VENV)/bin/invoke publish" in makefile
    tasks = (ROOT / "tasks.py").read_text(encoding="utf-8")
    assert '"settings_publish": "publishconf.py"' in tasks
    build_steps = workflow["jobs"]["build"]["steps"]
    upload = next(s for s in build_steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"] == {"path": "output"}
    deploy_uses = [s["uses"].split("@")[0] for s in workflow["jobs"]["deploy"]["steps"]]
    assert deploy_uses == ["actions/configure-pages", "actions/deploy-pages"]


def test_codeowners_guard_data_and_workflows() -> None:
    rules = [
        line.split()
        for line in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert rules == [["/data/", "@example-org/maintainers"], ["/.github/", "@example-org/maintainers"]]
