"""A regulator's Word chronology holds a paragraph per source and per clock of every platform reported
to it: adding each one must not search the whole document body, or the file costs O(N^2) in the
platforms (212 s of a 2500 x 20 build went to python-docx looking for the section properties)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from docx.oxml.xmlchemy import BaseOxmlElement

from tracker.derive.chronology import Chronology, ChronologySource, ClockWorking
from tracker.downloads.chronology_files import chronology_docx

BODY = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body"


def _chronology(platforms: int) -> Chronology:
    sources = tuple(
        ChronologySource(i + 1, f"Notice {i}", f"https://example.org/notice/{i}", None)
        for i in range(platforms * 3)
    )
    working = tuple(
        ClockWorking(
            f"Platform {i}",
            "Ofcom",
            "England",
            "1 May 2026",
            "27 November 2026",
            True,
            100,
            200,
            60,
            (("31 August 2026", "Summer bank holiday"),),
            20,
            ((20, "2 June 2026"),),
        )
        for i in range(platforms)
    )
    return Chronology(
        "regulator",
        "ofcom",
        "Chronology: Ofcom",
        date(2026, 11, 27),
        "27 November 2026",
        (),
        sources,
        working,
    )


def _searches(monkeypatch: pytest.MonkeyPatch, platforms: int, *, reference: bool) -> int:
    """How many times python-docx scans the body's children for an element to insert before."""
    calls = 0
    original = BaseOxmlElement.first_child_found_in

    def counted(self: BaseOxmlElement, *tagnames: str) -> Any:
        nonlocal calls
        calls += self.tag == BODY
        return original(self, *tagnames)

    with monkeypatch.context() as patch:
        patch.setattr(BaseOxmlElement, "first_child_found_in", counted)
        chronology_docx(
            _chronology(platforms), "https://tracker.example.org/regulators/ofcom/chronology/", reference=reference
        )
    return calls


@pytest.mark.parametrize("reference", [True, False], ids=["python-docx", "template"])
def test_body_searches_do_not_grow_with_the_platforms(monkeypatch: pytest.MonkeyPatch, reference: bool) -> None:
    _searches(monkeypatch, 1, reference=reference)  # the template is made once per process
    assert _searches(monkeypatch, 200, reference=reference) == _searches(monkeypatch, 20, reference=reference)
