"""Derived facts: every expected figure below was counted by hand on a calendar, not by the code."""

from __future__ import annotations

import dataclasses
import random
import sys
from datetime import date, timedelta

import holidays
import pytest

from tracker.derive.calendars import (
    Calendars,
    Excluded,
    WorkingDays,
    count_working_days,
    holiday_calendar,
    nth_working_day,
)
from tracker.derive.clocks import Clock, clock
from tracker.derive.facts import Counters, counters, derive_all, platform_facts
from tracker.derive.milestones import Milestone, milestones
from tracker.derive.statuses import headline_status, status, status_after, statuses_after
from tracker.derive.wording import beyond_window, wait_in_words
from tracker.model import dataset, vocabulary
from tracker.model.dataset import Dataset, Event, Platform, Regulator

D = date.fromisoformat
# One set of calendars for the whole module, as one build would share it: the tables are made once.
CALENDARS = Calendars()


def regulator(
    rid: str = "ofcom",
    window: int = 20,
    cal: str = "GB-ENG",
    silence: tuple[int, ...] = (20, 60, 120),
) -> Regulator:
    return Regulator(
        id=rid,
        name=rid.upper(),
        jurisdiction="United Kingdom",
        law="Online Safety Act 2023",
        url=f"https://{rid}.example.invalid/",
        response_window_working_days=window,
        holidays=cal,
        silence_milestones_working_days=silence,
    )


OFCOM = regulator()
ICO = regulator("ico", window=30)


def ev(
    day: str,
    etype: str,
    reg: str | None = "ofcom",
    *,
    outcome: str | None = None,
    eid: str | None = None,
    owner: str = "p",
) -> Event:
    cls = vocabulary.EVENT_TYPES[etype].cls
    if cls in (vocabulary.PLATFORM, vocabulary.EXTERNAL, vocabulary.SCHEDULED) and reg == "ofcom":
        reg = None  # these classes carry no regulator unless a test says so
    return Event(
        owner_kind="platforms",
        owner=owner,
        id=eid or dataset.default_event_id(D(day), etype),
        date=D(day),
        type=etype,
        by="survivor",
        title=f"{etype} on {day}",
        regulator=reg,
        outcome=outcome,
    )


def plat(pid: str, *events: Event, regs: tuple[str, ...] = ("ofcom",)) -> Platform:
    return Platform(
        id=pid,
        name=pid.title(),
        named=False,
        harms=("ncii",),
        summary="A test platform.",
        regulators=regs,
        events=tuple(events),
    )


def span(start: str, end: str, reg: Regulator = OFCOM) -> WorkingDays:
    return count_working_days(D(start), D(end), reg, CALENDARS)


def x(day: str, reason: str) -> Excluded:
    return Excluded(D(day), reason)


# --- working days -------------------------------------------------------------------------------------


def test_weekend_only_span() -> None:
    # Mon 2 March 2026 is day zero; Tue-Fri count (4), Sat and Sun do not, Mon 9 counts (5).
    assert span("2026-03-02", "2026-03-09") == WorkingDays(
        D("2026-03-02"),
        D("2026-03-09"),
        5,
        7,
        (x("2026-03-07", "Saturday"), x("2026-03-08", "Sunday")),
    )


def test_start_on_saturday_is_day_zero() -> None:
    # Sat 7 March: Sunday excluded, Monday 9 is the first working day.
    assert span("2026-03-07", "2026-03-09") == WorkingDays(
        D("2026-03-07"), D("2026-03-09"), 1, 2, (x("2026-03-08", "Sunday"),)
    )


def test_same_day_and_reversed_spans_are_empty() -> None:
    assert span("2026-03-04", "2026-03-04") == WorkingDays(D("2026-03-04"), D("2026-03-04"), 0, 0, ())
    assert span("2026-03-04", "2026-03-01") == WorkingDays(D("2026-03-04"), D("2026-03-01"), 0, 0, ())


def test_easter_2026_england() -> None:
    # Thu 2 April to Tue 7 April: Good Friday, the weekend and Easter Monday out; only Tuesday counts.
    assert span("2026-04-02", "2026-04-07") == WorkingDays(
        D("2026-04-02"),
        D("2026-04-07"),
        1,
        5,
        (
            x("2026-04-03", "Good Friday"),
            x("2026-04-04", "Saturday"),
            x("2026-04-05", "Sunday"),
            x("2026-04-06", "Easter Monday"),
        ),
    )


def test_subdivision_matters_easter_monday_is_not_uk_wide() -> None:
    uk_wide = regulator(cal="GB")
    result = span("2026-04-02", "2026-04-07", uk_wide)
    assert result.working_days == 2
    assert [e.day for e in result.excluded] == [D("2026-04-03"), D("2026-04-04"), D("2026-04-05")]


def test_christmas_2025_across_new_year() -> None:
    # Wed 24 Dec 2025 to Fri 2 Jan 2026: Christmas (Thu), Boxing Day (Fri), weekend, New Year's Day (Thu) out;
    # 29, 30, 31 Dec and 2 Jan count.
    assert span("2025-12-24", "2026-01-02") == WorkingDays(
        D("2025-12-24"),
        D("2026-01-02"),
        4,
        9,
        (
            x("2025-12-25", "Christmas Day"),
            x("2025-12-26", "Boxing Day"),
            x("2025-12-27", "Saturday"),
            x("2025-12-28", "Sunday"),
            x("2026-01-01", "New Year's Day"),
        ),
    )


def test_christmas_2026_boxing_day_substitute() -> None:
    # Boxing Day 2026 is a Saturday (shown as Saturday: it costs no working day); Mon 28 is the substitute.
    assert span("2026-12-24", "2026-12-29") == WorkingDays(
        D("2026-12-24"),
        D("2026-12-29"),
        1,
        5,
        (
            x("2026-12-25", "Christmas Day"),
            x("2026-12-26", "Saturday"),
            x("2026-12-27", "Sunday"),
            x("2026-12-28", "Boxing Day (observed)"),
        ),
    )


def test_christmas_2027_two_substitute_days() -> None:
    assert span("2027-12-23", "2027-12-29") == WorkingDays(
        D("2027-12-23"),
        D("2027-12-29"),
        2,
        6,
        (
            x("2027-12-25", "Saturday"),
            x("2027-12-26", "Sunday"),
            x("2027-12-27", "Christmas Day (observed)"),
            x("2027-12-28", "Boxing Day (observed)"),
        ),
    )


def test_early_may_bank_holiday_2026() -> None:
    assert span("2026-05-01", "2026-05-05") == WorkingDays(
        D("2026-05-01"),
        D("2026-05-05"),
        1,
        4,
        (x("2026-05-02", "Saturday"), x("2026-05-03", "Sunday"), x("2026-05-04", "May Day")),
    )


def test_whole_year_2025() -> None:
    # 2025 has 261 weekdays; after 1 Jan, 260; minus 7 more weekday holidays = 253. 1 Jan 2026 is a holiday.
    result = span("2025-01-01", "2026-01-01")
    assert result.working_days == 253
    assert result.calendar_days == 365
    assert len(result.excluded) == 365 - 253


def _naive(start: date, end: date, cal: holidays.HolidayBase) -> tuple[int, list[tuple[date, str]]]:
    count, excluded = 0, []
    day = start + timedelta(days=1)
    while day <= end:
        if day.weekday() >= 5:
            excluded.append((day, ("Saturday", "Sunday")[day.weekday() - 5]))
        elif day in cal:
            excluded.append((day, cal[day]))
        else:
            count += 1
        day += timedelta(days=1)
    return count, excluded


def test_matches_a_day_by_day_count_across_years() -> None:
    cal = holidays.country_holidays("GB", subdiv="ENG", years=range(2019, 2030))
    rng = random.Random(20260402)
    base = D("2020-01-01")
    for _ in range(300):
        start = base + timedelta(days=rng.randrange(0, 2500))
        end = start + timedelta(days=rng.randrange(0, 900))
        result = count_working_days(start, end, OFCOM, CALENDARS)
        count, excluded = _naive(start, end, cal)
        assert result.working_days == count, (start, end)
        assert [(e.day, e.reason) for e in result.excluded] == excluded, (start, end)
        assert result.calendar_days == (end - start).days


def test_nth_working_day_is_the_inverse_of_counting() -> None:
    start = D("2025-12-19")
    for n in (1, 2, 5, 37, 250, 400):
        day = nth_working_day(start, n, OFCOM, CALENDARS)
        assert count_working_days(start, day, OFCOM, CALENDARS).working_days == n
        assert count_working_days(start, day - timedelta(days=1), OFCOM, CALENDARS).working_days == n - 1
    assert nth_working_day(start, 0, OFCOM, CALENDARS) == start
    assert nth_working_day(start, 1, OFCOM, CALENDARS) == D("2025-12-22")


def test_holiday_calendar_names_and_subdivision() -> None:
    eng = holiday_calendar(OFCOM, [2026], CALENDARS)
    assert eng[D("2026-04-06")] == "Easter Monday"
    assert eng[D("2026-12-28")] == "Boxing Day (observed)"
    assert len(eng) == 9
    assert D("2026-04-06") not in holiday_calendar(regulator(cal="GB"), [2026], CALENDARS)
    both = holiday_calendar(OFCOM, [2025, 2026], CALENDARS)
    assert len(both) == 8 + 9
    assert all(d.year in (2025, 2026) for d in both)


def test_unknown_calendar_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="ZZ"):
        count_working_days(D("2026-01-01"), D("2026-02-01"), regulator(cal="ZZ"), CALENDARS)
    with pytest.raises(ValueError, match="NOPE"):
        count_working_days(D("2026-01-01"), D("2026-02-01"), regulator(cal="GB-NOPE"), CALENDARS)


def test_kept_tables_are_used_instead_of_asking_holidays(monkeypatch: pytest.MonkeyPatch) -> None:
    """What an incremental build relies on: seeded with the tables a previous build used, a fresh set of
    calendars counts the same without loading the `holidays` package, and hands back what it used."""
    made = Calendars()
    expected = count_working_days(D("2025-12-19"), D("2026-01-09"), OFCOM, made)
    tables = made.tables()
    assert set(tables) == {("GB", "ENG", 2025), ("GB", "ENG", 2026)}
    assert tables[("GB", "ENG", 2026)][D("2026-01-01")] == "New Year's Day"
    monkeypatch.setitem(sys.modules, "holidays", None)  # `import holidays` now fails
    kept = Calendars(tables)
    assert kept.known() == {("GB", "ENG")}
    assert count_working_days(D("2025-12-19"), D("2026-01-09"), OFCOM, kept) == expected
    assert kept.tables() == tables
    with pytest.raises(ImportError):
        count_working_days(D("2026-12-19"), D("2027-01-09"), OFCOM, kept)  # 2027 was not kept


def test_a_build_hands_back_only_the_years_it_used() -> None:
    """Kept years no page asked for are dropped, so the cache does not grow with every year ever seen."""
    holiday_calendar(OFCOM, [2025, 2026], CALENDARS)
    kept = Calendars(CALENDARS.tables())
    assert kept.tables() == {}
    holiday_calendar(OFCOM, [2026], kept)
    assert kept.tables() == {("GB", "ENG", 2026): holiday_calendar(OFCOM, [2026], CALENDARS)}


def test_calendars_are_not_shared_between_builds() -> None:
    one, two = Calendars(), Calendars()
    count_working_days(D("2026-01-01"), D("2026-02-01"), OFCOM, one)
    assert one.tables() and two.tables() == {}


# --- clocks -------------------------------------------------------------------------------------------


def test_report_and_decision_on_same_day() -> None:
    p = plat("p", ev("2026-03-02", "reported"), ev("2026-03-02", "investigation-opened"))
    c = clock(p, OFCOM, D("2026-06-01"), CALENDARS)
    assert c == Clock(
        "p",
        "ofcom",
        D("2026-03-02"),
        D("2026-03-02"),
        D("2026-03-02"),
        WorkingDays(D("2026-03-02"), D("2026-03-02"), 0, 0, ()),
        False,
        False,
    )
    assert status(p, OFCOM, D("2026-06-01")) == vocabulary.INVESTIGATING
    assert milestones(p, OFCOM, D("2026-12-31"), CALENDARS) == ()


def test_no_report_no_clock_no_milestones() -> None:
    p = plat("p", ev("2026-03-02", "media"), ev("2026-03-03", "acknowledged"))
    assert clock(p, OFCOM, D("2026-12-31"), CALENDARS) == Clock("p", "ofcom", None, None, None, None, False, False)
    # The regulator's acknowledgement counts although no report is recorded; only the clock needs one.
    assert status(p, OFCOM, D("2026-12-31")) == vocabulary.INITIAL_STEPS
    assert status(p, OFCOM, D("2026-03-02")) == vocabulary.NOT_REPORTED
    assert milestones(p, OFCOM, D("2026-12-31"), CALENDARS) == ()


def test_running_clock_counts_to_today() -> None:
    p = plat("p", ev("2026-03-02", "reported"), ev("2026-03-05", "acknowledged"))
    c = clock(p, OFCOM, D("2026-03-09"), CALENDARS)
    assert (c.started, c.stopped, c.end, c.running) == (D("2026-03-02"), None, D("2026-03-09"), True)
    assert c.span is not None
    assert (c.span.working_days, c.span.calendar_days) == (5, 7)


def test_first_report_starts_and_first_substantive_stops() -> None:
    p = plat(
        "p",
        ev("2026-03-02", "reported"),
        ev("2026-03-04", "super-complaint"),
        ev("2026-03-10", "investigation-opened"),
        ev("2026-03-20", "provisional-notice"),
    )
    c = clock(p, OFCOM, D("2026-06-01"), CALENDARS)
    assert (c.started, c.stopped, c.end) == (D("2026-03-02"), D("2026-03-10"), D("2026-03-10"))
    assert c.span is not None and c.span.working_days == 6


def test_substantive_before_report_stops_on_start_day() -> None:
    p = plat("p", ev("2026-02-20", "enforcement-programme"), ev("2026-03-02", "reported"))
    c = clock(p, OFCOM, D("2026-06-01"), CALENDARS)
    assert (c.started, c.stopped, c.end, c.running, c.overdue) == (
        D("2026-03-02"),
        D("2026-03-02"),
        D("2026-03-02"),
        False,
        False,
    )
    assert c.span is not None and c.span.working_days == 0
    assert milestones(p, OFCOM, D("2026-12-31"), CALENDARS) == ()


def test_no_action_decision_closes_and_stops() -> None:
    p = plat(
        "p",
        ev("2026-03-02", "reported"),
        ev("2026-03-05", "acknowledged"),
        ev("2026-04-08", "no-action"),
    )
    today = D("2026-06-01")
    c = clock(p, OFCOM, today, CALENDARS)
    # 2 Mar -> 8 Apr: 23 working days to Thu 2 Apr, then Good Friday and Easter Monday out, 7 and 8 Apr count.
    assert (c.stopped, c.running, c.overdue) == (D("2026-04-08"), False, False)
    assert c.span is not None and c.span.working_days == 25
    assert status(p, OFCOM, today) == vocabulary.CLOSED


def test_overdue_flips_exactly_after_the_window() -> None:
    p = plat("p", ev("2026-03-02", "reported"))
    # The 20th working day after Mon 2 March 2026 is Mon 30 March; the 21st is Tue 31 March.
    at_window = clock(p, OFCOM, D("2026-03-30"), CALENDARS)
    assert at_window.span is not None and at_window.span.working_days == 20
    assert at_window.overdue is False
    past_window = clock(p, OFCOM, D("2026-03-31"), CALENDARS)
    assert past_window.span is not None and past_window.span.working_days == 21
    assert past_window.overdue is True
    # Saturday after: still 24 working days (Apr 1, 2; Good Friday out), overdue.
    assert clock(p, OFCOM, D("2026-04-04"), CALENDARS).overdue is True


def test_stopped_clock_is_never_overdue() -> None:
    p = plat("p", ev("2026-03-02", "reported"), ev("2026-03-31", "investigation-opened"))
    c = clock(p, OFCOM, D("2026-09-01"), CALENDARS)
    assert c.span is not None and c.span.working_days == 21
    assert (c.running, c.overdue) == (False, False)


def test_window_is_per_regulator() -> None:
    p = plat("p", ev("2026-03-02", "reported", "ico"), regs=("ico",))
    assert clock(p, ICO, D("2026-03-31"), CALENDARS).overdue is False  # 21 <= 30
    # 31st working day: 21 on 31 Mar, 22 on 1 Apr, 23 on 2 Apr, 24-27 on 7-10 Apr, 28-31 on 13-16 Apr.
    assert clock(p, ICO, D("2026-04-15"), CALENDARS).overdue is False
    assert clock(p, ICO, D("2026-04-16"), CALENDARS).overdue is True


def test_future_dated_events_are_ignored() -> None:
    today = D("2026-03-31")
    p = plat(
        "p",
        ev("2026-03-02", "reported"),
        ev("2026-04-20", "scheduled"),
        ev("2026-04-21", "investigation-opened"),  # invalid data, but the rule is general
        ev("2026-04-22", "platform-response", outcome="offline"),
    )
    c = clock(p, OFCOM, today, CALENDARS)
    assert (c.stopped, c.end, c.running, c.overdue) == (None, today, True, True)
    assert status(p, OFCOM, today) == vocabulary.NO_RESPONSE
    later = plat("q", ev("2026-04-01", "reported"))
    assert status(later, OFCOM, today) == vocabulary.NOT_REPORTED
    assert clock(later, OFCOM, today, CALENDARS).started is None
    # The same events once their dates have passed.
    assert status(p, OFCOM, D("2026-04-22")) == vocabulary.OFFLINE
    assert clock(p, OFCOM, D("2026-04-22"), CALENDARS).stopped == D("2026-04-21")


# --- statuses -----------------------------------------------------------------------------------------

TODAY = D("2026-09-01")


def st(*events: Event, reg: Regulator = OFCOM, regs: tuple[str, ...] = ("ofcom", "ico")) -> str:
    return status(plat("p", *events, regs=regs), reg, TODAY)


def test_offline_applies_without_a_report() -> None:
    """The first status that applies wins, and "not reported" is the last of them."""
    assert st(ev("2026-03-02", "platform-response", outcome="offline")) == vocabulary.OFFLINE
    assert st(ev("2026-03-02", "media")) == vocabulary.NOT_REPORTED


def test_offline_beats_enforcement() -> None:
    events = (
        ev("2026-03-02", "reported"),
        ev("2026-04-01", "penalty"),
        ev("2026-05-01", "platform-response", outcome="offline"),
    )
    assert st(*events) == vocabulary.OFFLINE
    assert st(*events[:2]) == vocabulary.ENFORCEMENT


def test_geo_blocked_is_offline() -> None:
    assert (
        st(ev("2026-03-02", "reported"), ev("2026-03-10", "platform-response", outcome="geo-blocked"))
        == vocabulary.OFFLINE
    )


def test_only_the_latest_platform_response_counts() -> None:
    back_online = (
        ev("2026-03-02", "reported"),
        ev("2026-03-10", "platform-response", outcome="offline"),
        ev("2026-04-10", "platform-response", outcome="no-change"),
    )
    assert st(*back_online) == vocabulary.NO_RESPONSE


def test_latest_among_same_date_is_last_in_file() -> None:
    offline_then_change = (
        ev("2026-03-02", "reported"),
        ev("2026-03-10", "platform-response", outcome="offline", eid="a"),
        ev("2026-03-10", "platform-response", outcome="content-removed", eid="b"),
    )
    assert st(*offline_then_change) == vocabulary.NO_RESPONSE
    change_then_offline = (
        ev("2026-03-02", "reported"),
        ev("2026-03-10", "platform-response", outcome="content-removed", eid="a"),
        ev("2026-03-10", "platform-response", outcome="offline", eid="b"),
    )
    assert st(*change_then_offline) == vocabulary.OFFLINE


def test_latest_is_by_date_before_file_order() -> None:
    # Out of order in the file (the validator forbids it): the later date still wins.
    events = (
        ev("2026-03-02", "reported"),
        ev("2026-04-10", "platform-response", outcome="geo-blocked"),
        ev("2026-03-10", "platform-response", outcome="no-change"),
    )
    assert st(*events) == vocabulary.OFFLINE


def test_platform_response_counts_for_every_regulator() -> None:
    events = (
        ev("2026-03-02", "reported"),
        ev("2026-03-03", "reported", "ico"),
        ev("2026-03-10", "platform-response", outcome="offline"),
    )
    assert st(*events, reg=OFCOM) == vocabulary.OFFLINE
    assert st(*events, reg=ICO) == vocabulary.OFFLINE


def test_enforcement_beats_a_later_closure() -> None:
    events = (
        ev("2026-03-02", "reported"),
        ev("2026-04-01", "confirmation-decision"),
        ev("2026-05-01", "investigation-closed"),
    )
    assert st(*events) == vocabulary.ENFORCEMENT


@pytest.mark.parametrize(
    "etype", ["confirmation-decision", "penalty", "service-restriction-order", "access-restriction-order"]
)
def test_every_enforcement_type(etype: str) -> None:
    assert st(ev("2026-03-02", "reported"), ev("2026-04-01", etype)) == vocabulary.ENFORCEMENT


@pytest.mark.parametrize("etype", ["investigation-closed", "no-action"])
def test_closure_beats_earlier_investigation(etype: str) -> None:
    events = (ev("2026-03-02", "reported"), ev("2026-03-20", "investigation-opened"), ev("2026-04-01", etype))
    assert st(*events) == vocabulary.CLOSED


def test_reopened_after_closure_is_under_investigation() -> None:
    events = (
        ev("2026-03-02", "reported"),
        ev("2026-03-20", "no-action"),
        ev("2026-05-01", "investigation-opened"),
    )
    assert st(*events) == vocabulary.INVESTIGATING


@pytest.mark.parametrize("etype", ["enforcement-programme", "investigation-opened", "provisional-notice"])
def test_investigation_beats_acknowledgement(etype: str) -> None:
    events = (ev("2026-03-02", "reported"), ev("2026-03-05", "acknowledged"), ev("2026-04-01", etype))
    assert st(*events) == vocabulary.INVESTIGATING


@pytest.mark.parametrize("etype", ["acknowledged", "information-notice", "initial-assessment"])
def test_acknowledged_beats_no_response(etype: str) -> None:
    assert st(ev("2026-03-02", "reported"), ev("2026-03-05", etype)) == vocabulary.INITIAL_STEPS


def test_report_only_is_no_response_and_context_changes_nothing() -> None:
    events = (
        ev("2026-03-02", "reported"),
        ev("2026-03-05", "media"),
        ev("2026-03-06", "legal-action"),
        ev("2026-03-07", "platform-response", outcome="measures-adopted"),
    )
    assert st(*events) == vocabulary.NO_RESPONSE


def test_other_regulators_events_do_not_count() -> None:
    events = (
        ev("2026-03-02", "reported"),
        ev("2026-03-03", "reported", "ico"),
        ev("2026-04-01", "penalty", "ico"),
        ev("2026-04-02", "acknowledged", "ico"),
    )
    assert st(*events, reg=OFCOM) == vocabulary.NO_RESPONSE
    assert st(*events, reg=ICO) == vocabulary.ENFORCEMENT


def test_two_regulators_separate_clocks_statuses_and_headline() -> None:
    events = (
        ev("2026-03-02", "reported"),
        ev("2026-03-09", "reported", "ico"),
        ev("2026-03-12", "acknowledged", "ico"),
        ev("2026-03-16", "investigation-opened"),
    )
    today = D("2026-03-31")
    dataset = Dataset(regulators=(OFCOM, ICO), platforms=(plat("p", *events, regs=("ofcom", "ico")),))
    p = dataset.platforms[0]
    c_ofcom, c_ico = clock(p, OFCOM, today, CALENDARS), clock(p, ICO, today, CALENDARS)
    assert (c_ofcom.started, c_ofcom.stopped, c_ofcom.running) == (D("2026-03-02"), D("2026-03-16"), False)
    assert c_ofcom.span is not None and c_ofcom.span.working_days == 10
    assert (c_ico.started, c_ico.stopped, c_ico.running) == (D("2026-03-09"), None, True)
    assert c_ico.span is not None and c_ico.span.working_days == 16
    assert status(p, OFCOM, today) == vocabulary.INVESTIGATING
    assert status(p, ICO, today) == vocabulary.INITIAL_STEPS
    assert headline_status(p, dataset, today) == vocabulary.INVESTIGATING
    swapped = Dataset(regulators=(OFCOM, ICO), platforms=(plat("p", *events, regs=("ico", "ofcom")),))
    assert headline_status(swapped.platforms[0], swapped, today) == vocabulary.INITIAL_STEPS


def test_status_after_each_event() -> None:
    events = (
        ev("2026-03-02", "reported"),
        ev("2026-03-03", "media"),
        ev("2026-03-05", "acknowledged"),
        ev("2026-03-06", "reported", "ico"),
        ev("2026-04-01", "investigation-opened"),
        ev("2026-05-01", "penalty"),
        ev("2026-05-02", "platform-response", outcome="offline"),
        ev("2026-10-01", "scheduled"),
    )
    p = plat("p", *events, regs=("ofcom", "ico"))
    expected_ofcom = (
        vocabulary.NO_RESPONSE,
        vocabulary.NO_RESPONSE,
        vocabulary.INITIAL_STEPS,
        vocabulary.INITIAL_STEPS,
        vocabulary.INVESTIGATING,
        vocabulary.ENFORCEMENT,
        vocabulary.OFFLINE,
        vocabulary.OFFLINE,
    )
    expected_ico = (vocabulary.NOT_REPORTED,) * 3 + (vocabulary.NO_RESPONSE,) * 3 + (vocabulary.OFFLINE,) * 2
    assert tuple(status_after(p, OFCOM, e, TODAY) for e in events) == expected_ofcom
    assert statuses_after(p, OFCOM, TODAY) == expected_ofcom
    assert tuple(status_after(p, ICO, e, TODAY) for e in events) == expected_ico
    assert statuses_after(p, ICO, TODAY) == expected_ico


def test_status_after_ignores_events_after_today() -> None:
    events = (ev("2026-03-02", "reported"), ev("2026-03-20", "acknowledged"))
    p = plat("p", *events)
    assert status_after(p, OFCOM, events[1], D("2026-03-19")) == vocabulary.NO_RESPONSE
    assert status_after(p, OFCOM, events[1], D("2026-03-20")) == vocabulary.INITIAL_STEPS


def test_status_after_a_foreign_event_is_an_error() -> None:
    p = plat("p", ev("2026-03-02", "reported"))
    with pytest.raises(ValueError, match="no-action"):
        status_after(p, OFCOM, ev("2026-03-03", "no-action", eid="no-action"), TODAY)


# --- silence milestones -------------------------------------------------------------------------------


def _ms(*pairs: tuple[int, str]) -> tuple[Milestone, ...]:
    return tuple(Milestone("p", "ofcom", n, D(day)) for n, day in pairs)


def test_milestones_at_20_60_120() -> None:
    # From Mon 2 March 2026: 20th working day Mon 30 March; 60th Fri 29 May (Good Friday, Easter Monday,
    # 4 May and 25 May out); 120th Fri 21 August.
    p = plat("p", ev("2026-03-02", "reported"))
    assert milestones(p, OFCOM, D("2026-08-21"), CALENDARS) == _ms(
        (20, "2026-03-30"), (60, "2026-05-29"), (120, "2026-08-21")
    )
    assert milestones(p, OFCOM, D("2026-08-20"), CALENDARS) == _ms((20, "2026-03-30"), (60, "2026-05-29"))
    assert milestones(p, OFCOM, D("2026-03-29"), CALENDARS) == ()


def test_milestone_identity_and_wording() -> None:
    m = Milestone("forum-a", "ofcom", 60, D("2026-05-29"))
    assert m.id == "silence-ofcom-60"
    assert m.title == "60 working days since the first report, and no investigation or enforcement step"
    assert m.published == D("2026-05-29")


@pytest.mark.parametrize(
    ("stop", "expected"),
    [
        ("2026-03-27", ()),
        ("2026-03-30", ()),  # stopped on the day it would have reached 20
        ("2026-03-31", ((20, "2026-03-30"),)),
        ("2026-05-29", ((20, "2026-03-30"),)),
        ("2026-06-01", ((20, "2026-03-30"), (60, "2026-05-29"))),
    ],
)
def test_no_milestones_after_a_stop(stop: str, expected: tuple[tuple[int, str], ...]) -> None:
    p = plat("p", ev("2026-03-02", "reported"), ev(stop, "investigation-opened"))
    assert milestones(p, OFCOM, D("2027-01-01"), CALENDARS) == _ms(*expected)


def test_milestones_follow_the_regulators_list() -> None:
    quick = regulator(silence=(1, 5))
    p = plat("p", ev("2026-04-02", "reported"))
    assert milestones(p, quick, D("2026-12-31"), CALENDARS) == _ms((1, "2026-04-07"), (5, "2026-04-13"))


# --- per-platform facts and counters ------------------------------------------------------------------


def test_platform_facts_bundle() -> None:
    events = (
        ev("2026-02-27", "reported", "ico"),
        ev("2026-03-02", "reported"),
        ev("2026-03-04", "acknowledged"),
        ev("2026-03-06", "investigation-opened", "ico"),
    )
    dataset = Dataset(regulators=(OFCOM, ICO), platforms=(plat("p", *events, regs=("ofcom", "ico")),))
    today = D("2026-04-01")
    facts = platform_facts(dataset.platforms[0], dataset, today, CALENDARS)
    assert list(facts.clocks) == ["ofcom", "ico"]
    assert facts.clocks["ofcom"] == clock(dataset.platforms[0], OFCOM, today, CALENDARS)
    assert facts.primary_clock is facts.clocks["ofcom"]
    assert dict(facts.statuses) == {"ofcom": vocabulary.INITIAL_STEPS, "ico": vocabulary.INVESTIGATING}
    assert facts.headline_status == vocabulary.INITIAL_STEPS
    assert facts.milestones == _ms((20, "2026-03-30"))
    assert facts.first_reported == D("2026-02-27")
    assert facts.days_waiting == count_working_days(D("2026-03-02"), today, OFCOM, CALENDARS)
    assert facts.days_waiting is not None and facts.days_waiting.working_days == 22
    assert derive_all(dataset, today, CALENDARS) == {"p": facts}


def test_milestones_of_two_regulators_are_merged_by_date() -> None:
    events = (ev("2026-03-02", "reported"), ev("2026-03-03", "reported", "ico"))
    dataset = Dataset(regulators=(OFCOM, ICO), platforms=(plat("p", *events, regs=("ofcom", "ico")),))
    facts = platform_facts(dataset.platforms[0], dataset, D("2026-06-01"), CALENDARS)
    assert [(m.regulator_id, m.n, m.date) for m in facts.milestones] == [
        ("ofcom", 20, D("2026-03-30")),
        ("ico", 20, D("2026-03-31")),
        ("ofcom", 60, D("2026-05-29")),
        ("ico", 60, D("2026-06-01")),
    ]


def _counter_dataset() -> Dataset:
    return Dataset(
        regulators=(OFCOM, ICO),
        platforms=(
            # a: running from 2 March, 21 working days on 31 March; a future penalty is ignored.
            plat("a", ev("2026-03-02", "reported", owner="a"), ev("2026-05-01", "penalty", owner="a")),
            # b: stopped on Fri 6 March, 4 working days.
            plat(
                "b",
                ev("2026-03-02", "reported", owner="b"),
                ev("2026-03-06", "investigation-opened", owner="b"),
            ),
            # c: primary running from Tue 10 March (15 working days); the ICO acted, so not "no substantive".
            plat(
                "c",
                ev("2026-03-10", "reported", owner="c"),
                ev("2026-03-12", "reported", "ico", owner="c"),
                ev("2026-03-20", "investigation-opened", "ico", owner="c"),
                regs=("ofcom", "ico"),
            ),
            # d: two reports from 17 March (10 working days); a future report is not counted.
            plat(
                "d",
                ev("2026-03-17", "reported", owner="d"),
                ev("2026-03-20", "super-complaint", owner="d"),
                ev("2026-04-02", "reported", owner="d", eid="later"),
            ),
        ),
    )


def test_counters_with_an_even_number_of_clocks() -> None:
    today = D("2026-03-31")
    dataset = _counter_dataset()
    expected = Counters(
        platforms_tracked=4,
        reports_made=6,
        no_substantive_action=2,
        median_working_days=12.5,  # (10 + 15) / 2 over 4, 10, 15, 21
        longest_working_days=21,
        longest_platform="a",
    )
    assert counters(dataset, today, CALENDARS) == expected
    assert counters(dataset, today, CALENDARS, derive_all(dataset, today, CALENDARS)) == expected


def test_counters_odd_count_and_unreported_platform() -> None:
    base = _counter_dataset()
    dataset = Dataset(
        regulators=base.regulators,
        platforms=(*base.platforms[1:], plat("e", ev("2026-03-03", "media", owner="e"))),
    )
    result = counters(dataset, D("2026-03-31"), CALENDARS)
    assert result == Counters(4, 5, 1, 10, 15, "c")
    assert isinstance(result.median_working_days, int)


def test_counters_longest_tie_goes_to_the_first_platform() -> None:
    dataset = Dataset(
        regulators=(OFCOM,),
        platforms=(
            plat("x", ev("2026-03-02", "reported", owner="x")),
            plat("y", ev("2026-03-02", "reported", owner="y")),
        ),
    )
    result = counters(dataset, D("2026-03-09"), CALENDARS)
    assert (result.median_working_days, result.longest_working_days, result.longest_platform) == (5, 5, "x")


def test_counters_with_nothing_reported() -> None:
    dataset = Dataset(regulators=(OFCOM,), platforms=(plat("z", ev("2026-03-02", "media", owner="z")),))
    assert counters(dataset, D("2026-03-31"), CALENDARS) == Counters(1, 0, 0, None, None, None)
    assert counters(Dataset(), D("2026-03-31"), CALENDARS) == Counters(0, 0, 0, None, None, None)


def test_secondary_only_report_has_no_primary_clock() -> None:
    dataset = Dataset(
        regulators=(OFCOM, ICO),
        platforms=(plat("s", ev("2026-03-02", "reported", "ico", owner="s"), regs=("ofcom", "ico")),),
    )
    today = D("2026-03-31")
    facts = derive_all(dataset, today, CALENDARS)["s"]
    assert facts.headline_status == vocabulary.NOT_REPORTED
    assert facts.days_waiting is None
    assert facts.first_reported == D("2026-03-02")
    assert counters(dataset, today, CALENDARS) == Counters(1, 1, 1, None, None, None)


def test_substitute_day_in_the_previous_year_is_excluded() -> None:
    # In the US, New Year's Day 2022 (a Saturday) was observed on Friday 31 December 2021.
    us = regulator("us", cal="US")
    assert span("2021-12-30", "2022-01-03", us) == WorkingDays(
        D("2021-12-30"),
        D("2022-01-03"),
        1,
        4,
        (
            x("2021-12-31", "New Year's Day (observed)"),
            x("2022-01-01", "Saturday"),
            x("2022-01-02", "Sunday"),
        ),
    )


def test_milestone_of_a_late_recorded_report_is_published_when_recorded() -> None:
    report = ev("2026-01-05", "reported")
    late = dataclasses.replace(report, recorded=D("2026-06-01"))
    p = plat("p", late)
    found = milestones(p, OFCOM, D("2026-11-27"), CALENDARS)
    assert [(m.n, m.date, m.published) for m in found] == [
        (20, D("2026-02-02"), D("2026-06-01")),
        (60, D("2026-03-30"), D("2026-06-01")),
        (120, D("2026-06-26"), D("2026-06-26")),  # Good Friday, Easter Monday, two May holidays
    ]


# --- the wait in words ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "expected", "beyond"),
    [
        # 2 March to 9 June 2026: 67 working days (Good Friday, Easter Monday and two May holidays out).
        (("reported", "investigation-opened"), "clock stopped after 67 working days: 47 beyond the 20-day window", 47),
        (("reported",), "still waiting: 1 working day beyond the window", 1),
        (("reported", "acknowledged"), "still waiting: 47 working days beyond the window", 47),
        (("media", "investigation-opened"), "no report is recorded here, so there is no waiting clock", None),
    ],
)
def test_wait_in_words_states_the_facts(events: tuple[str, str], expected: str, beyond: int | None) -> None:
    """A late answer is never "not overdue": it says how late it was, with singular and plural right."""
    days = ("2026-03-02", "2026-06-09") if len(events) == 2 else ("2026-03-02",)
    today = D("2026-06-09") if len(events) == 2 else D("2026-03-31")
    p = plat("p", *(ev(day, etype) for day, etype in zip(days, events, strict=True)))
    the_clock = clock(p, OFCOM, today, CALENDARS)
    assert wait_in_words(the_clock, OFCOM) == expected
    assert beyond_window(the_clock, OFCOM) == beyond


def test_wait_in_words_within_the_window() -> None:
    p = plat("p", ev("2026-03-02", "reported"), ev("2026-03-06", "no-action"))
    stopped = clock(p, OFCOM, D("2026-09-01"), CALENDARS)
    assert wait_in_words(stopped, OFCOM) == "clock stopped after 4 working days, within the 20-day window"
    running = clock(plat("q", ev("2026-03-02", "reported")), OFCOM, D("2026-03-03"), CALENDARS)
    assert wait_in_words(running, OFCOM) == "still waiting: 1 working day so far, within the 20-day window"
    assert beyond_window(running, OFCOM) == 0
