"""One answer of `invoke new-platform` or `invoke add-event` checked the moment it is typed.

The answer is put into the edit it belongs to (the answers before it as given, those still to come as
plain stand-ins), and the edited text is checked by the validator itself; only the problems that fall
on this answer are told. So the prompt says exactly what `tracker validate` would say about the value in
the file (flagged hosts, personal data, link rules, length, curly quotes...), with no rule copied here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.check.event_rules import NEEDS_REGULATOR
from tracker.check.validate import validate_file, validate_text
from tracker.edit.answers import split_problems
from tracker.edit.apply import plan_event, plan_platform
from tracker.edit.requests import Edit, EditError, NewEvent, NewPlatform, report_title
from tracker.model.dataset import Dataset, Regulator, Source
from tracker.model.dates import parse_date
from tracker.model.vocabulary import EVENT_TYPES

# Stand-ins for the answers not given yet: each passes every rule on its own.
STAND_INS: dict[str, Any] = {
    "name": "A name being checked",
    "harm": ("other",),
    "summary": "A summary being checked.",
    "by": "campaign-group",
    "type": "media",
    "title": "A title being checked",
    "source-title": "A source being checked",
}


@dataclass(frozen=True)
class Draft:
    """The data file as it is (valid: its own problems are told before the first question)."""

    path: str
    text: str
    today: date
    dataset: Dataset


def open_draft(path: str | os.PathLike[str], today: date, display: str | None = None) -> Draft:
    """The file to edit, or EditError with its own problems at their lines, before any question."""
    name = display or os.fspath(path)
    result = validate_file(path, today, display=name)
    if not result.ok:
        raise EditError(
            f"nothing was changed: {name} has problems already; fix them first (invoke validate)",
            result.problems,
        )
    assert result.dataset is not None  # a file without problems always gives one
    with open(path, encoding="utf-8", newline="") as handle:
        text = handle.read()
    return Draft(name, text, today, result.dataset)


def _regulator(draft: Draft, reference: str | None) -> Regulator:
    regulators = draft.dataset.regulators
    return next((r for r in regulators if r.id == reference), regulators[0])


def _sources(answers: Mapping[str, Any]) -> tuple[Source, ...]:
    url = answers.get("source-url")
    if not url:
        return ()
    return (Source(title=answers.get("source-title") or STAND_INS["source-title"], url=url),)


def _day(answers: Mapping[str, Any], today: date) -> date:
    given = answers.get("date")
    return (parse_date(given) if isinstance(given, str) else None) or today


def _free_id(draft: Draft) -> str:
    taken = {p.id for p in draft.dataset.platforms}
    names = (f"answer-being-checked-{n}" for n in range(len(taken) + 1))
    return next(name for name in names if name not in taken)


def platform_edit(draft: Draft, answers: Mapping[str, Any]) -> Edit:
    """The `new-platform` edit with these answers (options by name, as `invoke new-platform` takes them)."""
    regulator = _regulator(draft, answers.get("regulator"))
    by = answers.get("by") or STAND_INS["by"]
    day = _day(answers, draft.today)
    report = NewEvent(
        date=day,
        type="reported",
        regulator=regulator.id,
        by=by,
        title=answers.get("title") or report_title(regulator, by),
        sources=_sources(answers),
        recorded=draft.today if day < draft.today else None,
    )
    platform = NewPlatform(
        id=answers.get("id") or _free_id(draft),
        name=answers.get("name") or STAND_INS["name"],
        harms=tuple(answers.get("harm") or STAND_INS["harm"]),
        summary=answers.get("summary") or STAND_INS["summary"],
        regulators=(regulator.id,),
        first_event=report,
        naming_source=answers.get("naming-source") or None,
        domains=tuple(answers.get("domain") or ()),
    )
    return plan_platform(draft.text, platform)


def event_edit(draft: Draft, answers: Mapping[str, Any]) -> Edit:
    """The `add-event` edit with these answers; the regulator as `tracker add-event` would fill it in."""
    platform_id = answers.get("platform") or ""
    platform = next((p for p in draft.dataset.platforms if p.id == platform_id), None)
    kind = answers.get("type") or STAND_INS["type"]
    info = EVENT_TYPES.get(kind)
    regulator = answers.get("regulator")
    if regulator is None and info is not None and info.cls in NEEDS_REGULATOR and platform is not None:
        regulator = platform.primary_regulator
    day = _day(answers, draft.today)
    event = NewEvent(
        date=day,
        type=kind,
        by=answers.get("by") or STAND_INS["by"],
        title=answers.get("title") or STAND_INS["title"],
        regulator=regulator,
        body=answers.get("body") or None,
        sources=_sources(answers),
        outcome=answers.get("outcome") or None,
        amount_gbp=_whole(answers.get("amount-gbp")),
        recorded=draft.today if day < draft.today else None,
    )
    return plan_event(draft.text, platform_id, event)


def _whole(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def answer_problem(draft: Draft, kind: str, answers: Mapping[str, Any], option: str) -> str | None:
    """What the validator says about the answer to `option` (given in `answers` with those before it),
    or None when it says nothing about it. `kind`: "platform" or "event"."""
    try:
        edit = platform_edit(draft, answers) if kind == "platform" else event_edit(draft, answers)
    except EditError as error:  # the edit cannot even be made: its reason is the answer's problem
        return error.problems[0].text if error.problems else error.message
    result, _ = validate_text(edit.after, draft.path, draft.today)
    found, _ = split_problems(edit, edit.record, result.problems)
    return next((a.problem.text for a in found if a.option == option), None)

