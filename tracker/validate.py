"""The one entry point that turns a data file into a Dataset or a complete list of located problems."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from .load import DEFAULT_LIMITS, Limits, load_text, read_text
from .model import Dataset
from .problems import DataError, Problem
from .records import build_dataset
from .rules import semantic_problems
from .structure import structure_problems

DEFAULT_DATA = os.path.join("data", "platforms.yaml")


@dataclass(frozen=True)
class Result:
    dataset: Dataset | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_file(
    path: str | os.PathLike[str], today: date, *, display: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Result:
    name = display or os.fspath(path)
    text, problems = read_text(path, name, limits)
    if text is None:
        return Result(None, tuple(problems))
    located, problems = load_text(text, name, limits)
    if located.data is None and not problems:
        problems = [Problem(name, 1, 1, "the file is empty", "start from the template in CONTRIBUTING.md")]
    if problems and located.data is None:
        return Result(None, tuple(problems))
    problems += structure_problems(located, name)
    problems += semantic_problems(located, name, text, today)
    if problems:
        return Result(None, tuple(sorted(set(problems))))
    return Result(build_dataset(located), ())


def load_dataset(path: str | os.PathLike[str], today: date) -> Dataset:
    """For builds: the dataset, or DataError carrying every problem."""
    result = validate_file(path, today)
    if result.dataset is None:
        raise DataError(list(result.problems))
    return result.dataset
