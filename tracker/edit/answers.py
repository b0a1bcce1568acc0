"""The validator's problems with a planned edit, told in terms of the answers that caused them.

The edited text is a file that does not exist yet, so its line numbers mean nothing to a campaigner:
a problem inside the new block is told as the answer it comes from (the prompt and its option, e.g.
"Title of that source (--source-title)"), and any other problem at its line in the file as it is now.
The same reading checks one answer as it is typed (`tracker/edit/drafts.py`): the answer is put into
the edit and the whole file validated, so the prompt says exactly what `tracker validate` would.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from tracker.edit.requests import Edit
from tracker.load.located import Located, Path_
from tracker.load.yaml_strict import load_text
from tracker.model.problems import Problem

# A field of the new record -> the option that gives it (tasks.py asks for each one by this name).
OPTIONS = {
    "id": "id",
    "name": "name",
    "domains": "domain",
    "domain_sha256": "domain",
    "harms": "harm",
    "summary": "summary",
    "naming_source": "naming-source",
    "named": "naming-source",
    "regulators": "regulator",
    "regulator": "regulator",
    "date": "date",
    "type": "type",
    "by": "by",
    "title": "title",
    "body": "body",
    "outcome": "outcome",
    "amount_gbp": "amount-gbp",
    "daily_rate_gbp": "daily-rate-gbp",
    "recorded": "date",  # written for the campaigner: today, when the date given is earlier
}

# What each option asks, as the prompts of `invoke new-platform` and `invoke add-event` say it.
QUESTIONS = {
    "id": "Short id",
    "platform": "Id of the platform",
    "name": "Name of the platform",
    "domain": "Its domain",
    "harm": "What it is alleged to host",
    "summary": "One paragraph about it",
    "naming-source": "Address of a public document that already names it",
    "regulator": "The regulator's id",
    "date": "Date",
    "type": "Type of event",
    "by": "Who acted",
    "title": "One line saying what happened",
    "body": "More detail",
    "outcome": "What the platform did",
    "amount-gbp": "The fine in whole pounds",
    "daily-rate-gbp": "The daily penalty",
    "source-url": "Address of a public source",
    "source-title": "Title of that source",
}


@dataclass(frozen=True)
class AnswerProblem:
    """A problem of the new block: `option` is the answer it is in, or None for the record as a whole
    (e.g. "a 'media' event needs at least one source")."""

    option: str | None
    problem: Problem

    def text(self, what: str) -> str:
        if self.option is None:
            return f"the new {what}: {self.problem.text}"
        question = QUESTIONS.get(self.option, self.option)
        return f"{question} (--{self.option}): {self.problem.text}"


def option_of(relative: Path_) -> str | None:
    """The option for a path inside the new record (the platform's first event counts as its own)."""
    if len(relative) >= 2 and relative[0] == "events" and isinstance(relative[1], int):
        relative = relative[2:]
    if not relative:
        return None
    field = relative[0]
    if field == "sources":
        last = next((p for p in reversed(relative) if isinstance(p, str)), "url")
        return "source-title" if last == "title" else "source-url"
    return OPTIONS.get(str(field), str(field))


def _paths(value: Any, path: Path_) -> Iterator[Path_]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _relative_path(located: Located, record: Path_, problem: Problem) -> Path_:
    """Which part of the record `record` the problem points at: the path at its exact position (the
    shorter one when a record and its first field start there), else the last one starting before it."""
    value = located.data
    for part in record:
        value = value[part]
    exact: list[Path_] = []
    before: list[tuple[tuple[int, int], int, Path_]] = []
    for path in _paths(value, record):
        for key in (False, True):
            where = located.where(path, key=key)
            if where == (problem.line, problem.column):
                exact.append(path)
            elif where <= (problem.line, problem.column):
                before.append((where, len(path), path))
    if exact:
        return min(exact, key=len)[len(record) :]
    return max(before)[2][len(record) :] if before else ()


def _added_lines(edit: Edit) -> int:
    return edit.after.count("\n") - edit.before.count("\n")


def split_problems(
    edit: Edit, record: Path_, problems: Sequence[Problem]
) -> tuple[list[AnswerProblem], list[Problem]]:
    """The problems in the new block by answer, and the others at their lines in the file as it is."""
    located, _ = load_text(edit.after, "edit")
    answers: list[AnswerProblem] = []
    others: list[Problem] = []
    for problem in problems:
        if edit.first_line <= problem.line <= edit.last_line and located.data is not None:
            answers.append(AnswerProblem(option_of(_relative_path(located, record, problem)), problem))
        elif problem.line > edit.last_line:
            others.append(_moved(problem, problem.line - _added_lines(edit)))
        else:
            others.append(problem)
    return answers, others


def _moved(problem: Problem, line: int) -> Problem:
    return Problem(problem.file, line, problem.column, problem.message, problem.hint)
