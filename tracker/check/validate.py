"""The one entry point that turns a data file into a Dataset or a complete list of located problems."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.check.content import check_content
from tracker.check.misplaced import misplaced_blocks
from tracker.check.profiles import profile_sources
from tracker.check.rules import semantic_problems
from tracker.check.schema_messages import structure_problems
from tracker.load.digest import value_digest
from tracker.load.located import DEFAULT_LIMITS, Limits
from tracker.load.records import build_dataset
from tracker.load.yaml_strict import load_text, read_text
from tracker.model.dataset import Dataset
from tracker.model.problems import DataError, Problem
from tracker.text.flagged import FlaggedDomains
from tracker.text.flagged_data import dataset_flagged_domains

DEFAULT_DATA = os.path.join("data", "platforms.yaml")
DEFAULT_CONTENT = "content"


@dataclass(frozen=True)
class Result:
    dataset: Dataset | None
    problems: tuple[Problem, ...]
    # Printed, never fatal: what a maintainer must judge before merging (tracker/check/profiles.py).
    warnings: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Loaded:
    """A valid dataset for a build, with a digest of each record as written in the file.

    The digests key the incremental build's cache (tracker/fingerprint.py): a platform whose digest is
    unchanged reads exactly as before.
    """

    dataset: Dataset
    platform_digests: tuple[str, ...]  # aligned with dataset.platforms
    regulators_digest: str


def validate_text(text: str, name: str, today: date, limits: Limits = DEFAULT_LIMITS) -> tuple[Result, Any]:
    """The result for a file's text, and the values loaded from it (None when it could not be read)."""
    located, problems = load_text(text, name, limits)
    if located.data is None and not problems:
        problems = [
            Problem(
                name, 1, 1, "the file is empty", "start from 'A whole file to start from' in CONTRIBUTING.md"
            )
        ]
    if problems and located.data is None:
        return Result(None, tuple(problems)), None
    misplaced, covered = misplaced_blocks(located, name)
    profiles, warnings = profile_sources(located, name)
    checked = structure_problems(located, name) + semantic_problems(located, name, text, today) + profiles
    problems += [p for p in checked if not any(p.line in lines for lines in covered)] + misplaced
    if problems:
        return Result(None, tuple(sorted(set(problems)))), located.data
    return Result(build_dataset(located), (), tuple(sorted(warnings))), located.data


def validate_file(
    path: str | os.PathLike[str], today: date, *, display: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Result:
    name = display or os.fspath(path)
    text, problems = read_text(path, name, limits)
    if text is None:
        return Result(None, tuple(problems))
    return validate_text(text, name, today, limits)[0]


def load_for_build(path: str | os.PathLike[str], today: date, *, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """For builds: the dataset and its record digests, or DataError carrying every problem."""
    name = os.fspath(path)
    text, problems = read_text(path, name, limits)
    if text is None:
        raise DataError(problems)
    result, data = validate_text(text, name, today, limits)
    if result.dataset is None:
        raise DataError(list(result.problems))
    return Loaded(
        result.dataset,
        tuple(value_digest(p) for p in data.get("platforms") or ()),
        value_digest(data.get("regulators")),
    )


def load_dataset(path: str | os.PathLike[str], today: date) -> Dataset:
    """For builds: the dataset, or DataError carrying every problem."""
    result = validate_file(path, today)
    if result.dataset is None:
        raise DataError(list(result.problems))
    return result.dataset


def validate_content(folder: str | os.PathLike[str], datasets: list[Dataset]) -> tuple[Problem, ...]:
    """The build's `content/` rules, run by `tracker validate` too so a pull request that edits only
    `content/` fails its check with a located message rather than at publishing time.

    The flagged domains are those of the valid data files given; with none valid the host rules have
    nothing to compare against, and the data file's own problems are already reported.
    """
    hosts = [d for dataset in datasets for p in dataset.platforms for d in p.domains]
    hashes = [h for dataset in datasets for p in dataset.platforms for h in p.domain_sha256]
    if len(datasets) == 1:
        flagged = dataset_flagged_domains(datasets[0])
    else:
        flagged = FlaggedDomains.build(hosts, hashes)
    folder = os.fspath(folder)
    repository = os.path.dirname(os.path.abspath(folder))
    return tuple(check_content(folder, repository, flagged))


def warning_lines(warnings: tuple[Problem, ...], style: str) -> list[str]:
    """Warnings do not fail the check: in a pull request they are annotations a maintainer must read."""
    if style == "github":
        return [w.annotation(w.text).replace("::error ", "::warning ", 1) for w in warnings]
    return [f"{w.file}:{w.line}:{w.column}: warning: {w.text}" for w in warnings]
