"""What a reader sees in the outputs: a flagged host typed in any spelling is printed defanged everywhere.

The validator refuses these spellings (tests/test_hardening_canonical.py); here it is switched off, as
tests/hostile.py switches off the content check, so that the output layer is tested on its own (defence
in depth): the renderer, the plain-text defanging every feed and download uses, and whole built sites
whose every output file the scanner reads in the canonical reader's form (tests/output_scan.py).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from output_scan import output_files, scan_flagged
from samples import TODAY, VALID, replace
from spellings import FAMILIES, LOUD_INVISIBLES, invisibles, yaml_quoted

from tracker.build.site import build_site
from tracker.text.flagged import FlaggedDomains
from tracker.text.markdown_html import render_markdown

ROOT = Path(__file__).resolve().parent.parent
NAMED = "forum-a.example.invalid"
FLAGGED = FlaggedDomains.build([NAMED])
MANY = settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
BUILDS = settings(
    deadline=None, max_examples=3, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
OUTPUT_FAMILIES = (*FAMILIES, "loud_invisibles")


def _family(name: str, host: str) -> st.SearchStrategy[str]:
    return invisibles(host, LOUD_INVISIBLES) if name == "loud_invisibles" else FAMILIES[name](host)


def _undefanged(text: str) -> list[str]:
    return [m.found for m in FLAGGED.reader_mentions(text) if not m.defanged]


# --- the known holes of issue 14, pinned ----------------------------------------------------------


def test_a_host_split_by_emphasis_is_defanged_across_the_element() -> None:
    assert render_markdown("See forum-a.*example*.invalid now", flagged=FLAGGED) == (
        "<p>See forum-a[.]<em>example</em>[.]invalid now</p>"
    )


def test_an_entity_dot_is_defanged_in_plain_text() -> None:
    """`platforms.json` and every feed title carry the text as typed: the entity is replaced there too."""
    assert FLAGGED.defang_in("forum-a&#46;example&#46;invalid") == "forum-a[.]example[.]invalid"


def test_the_cyrillic_look_alike_is_defanged() -> None:
    assert FLAGGED.defang_in("at forum-\u0430.example.invalid") == "at forum-\u0430[.]example[.]invalid"
    assert render_markdown("at forum-\u0430.example.invalid", flagged=FLAGGED) == (
        "<p>at forum-\u0430[.]example[.]invalid</p>"
    )


# --- every family, on the renderer and on plain text ----------------------------------------------


@MANY
@pytest.mark.parametrize("family", OUTPUT_FAMILIES)
@given(data=st.data())
def test_rendered_markdown_shows_no_flagged_host_undefanged(family: str, data: st.DataObject) -> None:
    spelled = data.draw(_family(family, NAMED), label="spelled")
    rendered = render_markdown(f"Reported {spelled} to Ofcom.", flagged=FLAGGED)
    assert _undefanged(rendered) == []
    assert "[.]" in rendered


@MANY
@pytest.mark.parametrize("family", OUTPUT_FAMILIES)
@given(data=st.data())
def test_plain_text_shows_no_flagged_host_undefanged(family: str, data: st.DataObject) -> None:
    spelled = data.draw(_family(family, NAMED), label="spelled")
    defanged = FLAGGED.defang_in(f"Reported {spelled} to Ofcom.")
    assert _undefanged(defanged) == []
    assert FLAGGED.defang_in(defanged) == defanged  # defanging twice changes nothing more


# --- whole sites ----------------------------------------------------------------------------------


def _site_data(spellings: list[str]) -> str:
    """The sample file with an Ofcom event and a platform event per spelling: titles, bodies, source
    titles, and the platform's summary, each marked `cvN` so the test can see they were printed."""
    regulator_events = []
    platform_events = []
    for i, spelled in enumerate(spellings):
        regulator_events.append(
            f"      - id: cv-r-{i}\n        date: 2026-03-02\n        type: other\n        by: regulator\n"
            f"        title: {yaml_quoted(f'cvt{i} Ofcom on {spelled}')}\n"
            f"        body: {yaml_quoted(f'cvb{i} Ofcom wrote about {spelled} today.')}\n"
            "        sources:\n"
            f"          - title: {yaml_quoted(f'cvr{i} Notice about {spelled}')}\n"
            "            url: https://www.ofcom.org.uk/notice\n"
        )
        platform_events.append(
            f"      - id: cv-p-{i}\n        date: 2026-03-03\n        type: other\n        regulator: ofcom\n"
            "        by: regulator\n"
            f"        title: {yaml_quoted(f'cvp{i} Update on {spelled}')}\n"
            f"        body: {yaml_quoted(f'cvq{i} The forum {spelled} was reported again.')}\n"
            "        sources:\n"
            f"          - title: {yaml_quoted(f'cvs{i} Report about {spelled}')}\n"
            "            url: https://news.example.org/update\n"
        )
    text = replace("    events: []\n", "    events:\n" + "".join(regulator_events), VALID)
    text = replace(
        "    summary: A fictional forum, reported for hosting intimate images shared without consent.\n",
        f"    summary: {yaml_quoted('A fictional forum also known as ' + spellings[0] + '.')}\n",
        text,
    )
    return text.rstrip("\n") + "\n" + "".join(platform_events)


def _build(base: Path, spellings: list[str]) -> Path:
    data = base / "platforms.yaml"
    data.write_text(_site_data(spellings), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        # The validator's own refusals of these spellings, switched off (see the module docstring).
        patch.setattr("tracker.check.text_rules._disguised_hosts", lambda *_args: [])
        patch.setattr("tracker.check.text_rules.hidden_character", lambda _text: None)
        result = build_site(
            today=TODAY, settings_file=ROOT / "pelicanconf.py", output=base / "output", data=data
        )
    return result.output


@BUILDS
@given(
    spellings=st.lists(
        st.sampled_from(OUTPUT_FAMILIES).flatmap(lambda family: _family(family, NAMED)),
        min_size=12,
        max_size=12,
    )
)
def test_no_output_shows_a_flagged_host_undefanged_however_typed(
    tmp_path_factory: pytest.TempPathFactory, spellings: list[str]
) -> None:
    """Pages (the regulator's and the platform's), the Atom, RSS and JSON feeds, the calendar, the JSON and
    CSV downloads and the Word chronologies: nothing a reader sees there shows the host undefanged."""
    output = _build(tmp_path_factory.mktemp("site"), spellings)
    assert scan_flagged(output, FLAGGED) == []
    printed = {
        path.relative_to(output).as_posix(): path.read_text(encoding="utf-8", errors="replace")
        for path in output_files(output)
        if path.suffix in (".html", ".json", ".xml", ".csv", ".ics")
    }
    downloads = json.loads(printed["data/platforms.json"])
    assert "cvq0" in json.dumps(downloads) and "cvs0" in json.dumps(downloads)
    assert "cvb0" in printed["regulators/ofcom/index.html"]
    assert any("cvq0" in text for name, text in printed.items() if name.endswith(".json") and "feed" in name)


def test_the_hashed_domain_never_reaches_an_output_file(tmp_path: Path) -> None:
    """The scanner reports a hashed host in an output however it is written, defanged or not."""
    hidden = "hidden.example.invalid"
    flagged = FlaggedDomains.build([], [hashlib.sha256(hidden.encode()).hexdigest()])
    (tmp_path / "a.html").write_text("<p>hidden[.]<em>example</em>[.]invalid</p>", encoding="utf-8")
    assert scan_flagged(tmp_path, flagged) == ["a.html: a hashed domain of an unnamed platform"]
