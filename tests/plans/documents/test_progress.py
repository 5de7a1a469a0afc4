"""The progress report for a quarter: exceptions (red and overdue) first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from cspkit.actions.models import Action, ProgressUpdate
from cspkit.errors import InputError
from cspkit.indicators.models import Indicator, Measurement
from cspkit.plans.documents.progress import progress_document, quarter_status
from cspkit.reports import render_html, render_pdf
from cspkit.reports.document import Table
from tests.plans.conftest import Maidstone, build_maidstone
from tests.plans.documents.test_plan import plain

pytestmark = pytest.mark.django_db


@pytest.fixture
def smp(db: None) -> Maidstone:
    s = build_maidstone()
    soc = Action.objects.filter(action_plan__priority__key="serious-organised-crime")
    first, second, third = soc.order_by("position", "pk")
    first.due = dt.date(2021, 8, 31)                # overdue by the end of Q2
    first.save()
    ProgressUpdate.objects.create(action=second, date=dt.date(2021, 7, 5), status="off_track",
                                  comment="lead officer on leave")
    ProgressUpdate.objects.create(action=third, date=dt.date(2021, 8, 1), status="complete",
                                  comment="two farms closed")
    ProgressUpdate.objects.create(action=third, date=dt.date(2021, 11, 1), status="on_track",
                                  comment="after the quarter")
    plan = first.action_plan
    ind = Indicator.objects.create(partnership=s.p, action_plan=plan, key="ocg-disruptions",
                                   name="OCG disruptions", direction="up", frequency="quarterly",
                                   target=4, baseline=3)
    for period, value in (("2021/22 Q1", 3), ("2021/22 Q2", 2), ("2021/22 Q3", 9)):
        Measurement.objects.create(indicator=ind, period=period, value=value)
    return s


def test_exceptions_come_first(smp: Maidstone) -> None:
    doc = progress_document(smp.p, "2021/22 Q2")
    assert [s.title for s in doc.sections][:2] == ["Exceptions", "Summary"]
    assert doc.subtitle == "2021/22 Q2: 1 July to 30 September 2021"
    tables = {b.caption: b for b in doc.sections[0].blocks if isinstance(b, Table)}
    off = tables["Actions off track"].rows
    assert [(r[1][:30], r[4]) for r in off] == [("Work to disrupt a new OCG rela", "Off track")]
    assert off[0][5] == "5 Jul 2021: lead officer on leave"
    late = tables["Actions overdue"].rows
    assert [(r[1][:30], r[4]) for r in late] == [
        ("Support the reopening of the N", "Not started (overdue)")]
    # every other action has no update in the quarter, and the example records no due dates
    stale = tables["Actions with no update this quarter"].rows
    assert len(stale) == 15 - 1 - 1  # less the complete one and the one updated in July
    assert len(tables["Actions with no due date"].rows) == 15 - 1 - 1
    red = tables["Indicators rated red"].rows
    assert red[0][1:6] == ("OCG disruptions", "3", "2 (2021/22 Q2)", "4", "RED")


def test_late_starts_worse_indicators_and_indicators_without_data(smp: Maidstone) -> None:
    later = Action.objects.filter(action_plan__partnership=smp.p).exclude(
        action_plan__priority__key="serious-organised-crime").order_by("pk").first()
    assert later is not None and later.status == "not_started"
    for action in Action.objects.filter(action_plan__partnership=smp.p).exclude(pk=later.pk):
        action.due = dt.date(2022, 3, 31)
        action.save()
    later.due = dt.date(2021, 12, 1)  # not started and due next quarter: late to start
    later.save()
    plan = later.action_plan
    Indicator.objects.create(partnership=smp.p, action_plan=plan, key="empty", name="Empty",
                             direction="down", frequency="quarterly", target=1)
    ind = Indicator.objects.create(partnership=smp.p, action_plan=plan, key="asb", name="ASB",
                                   direction="down", frequency="quarterly", target=100)
    for period, value in (("2021/22 Q1", 50), ("2021/22 Q2", 60)):
        Measurement.objects.create(indicator=ind, period=period, value=value)
    doc = progress_document(smp.p, "2021/22 Q2")
    tables = {b.caption: b for b in doc.sections[0].blocks if isinstance(b, Table)}
    assert [r[1] for r in tables["Indicators without data"].rows] == ["Empty"]
    assert [r[1] for r in tables["Indicators worse than the period before"].rows] == ["ASB"]
    assert "Actions with no due date" not in tables
    html = plain(render_html(doc))
    assert "Actions not started that should have (not started and due within the next " \
           "quarter, or the year more than half gone):" in html
    assert html.index("Exceptions this quarter: actions off track: 1; actions not started that "
                      "should have: 1; actions with no update this quarter: 13") < \
        html.index(": Actions by status, per priority and theme")


def test_the_versions_page_links_each_quarters_report(smp: Maidstone) -> None:
    from tests.plans.test_web import client_for

    page = client_for(smp.officer).get("/p/maidstone/plan/").content.decode()
    for q in ("2021-22-q1", "2021-22-q4"):
        for fmt in ("html", "pdf", "docx"):
            assert f'href="/p/maidstone/progress/{q}.{fmt}"' in page


def test_status_as_at_the_quarters_end(smp: Maidstone) -> None:
    actions, indicators = quarter_status(smp.p, "2021/22 Q2")
    by_text = {a.action.text[:20]: a.status for a in actions}
    assert by_text["Work with partners t"] == "complete"  # the later update is not counted
    assert len(actions) == 15
    later, _ = quarter_status(smp.p, "2021/22 Q3")
    assert {a.action.text[:20]: a.status for a in later}["Work with partners t"] == "on_track"
    assert [i.rag.status for i in quarter_status(smp.p, "2021/22 Q3")[1]] == ["green"]
    assert indicators[0].latest == 2


def test_summary_by_priority_and_subgroup(smp: Maidstone) -> None:
    doc = progress_document(smp.p, "2021/22 Q2")
    summary = {b.caption: b for b in doc.sections[1].blocks if isinstance(b, Table)}
    rows = summary["Actions by status, per priority and theme"].rows
    assert rows[0] == ("Serious, violent and organised crime", 1, 0, 0, 1, 1, 3, 1)
    by_group = dict((r[0], r[6]) for r in summary["Actions by status, per subgroup"].rows)
    assert by_group["Serious & Organised Crime Panel"] == 3
    assert doc.sections[2].subsections[0].title == "Serious, violent and organised crime"


def test_no_exceptions_and_bad_quarters(smp: Maidstone, tmp_path: Path) -> None:
    assert len(quarter_status(smp.p, "2021/22 Q1")[1]) == 1  # red in Q1: 3 against 4
    Indicator.objects.filter(partnership=smp.p).delete()
    for action in Action.objects.filter(action_plan__partnership=smp.p):
        action.due = dt.date(2022, 3, 31)
        action.save()
        ProgressUpdate.objects.create(action=action, date=dt.date(2021, 5, 1),
                                      status="on_track", comment="begun")
    doc = progress_document(smp.p, "2021/22 Q1")
    html = plain(render_html(doc))
    assert ("No exceptions: no action is off track, overdue, late to start, without a due date "
            "or without an update this quarter, and no indicator is red, worse or without "
            "data.") in html
    with pytest.raises(InputError) as info:
        progress_document(smp.p, "2021/22")
    assert str(info.value) == (
        "'2021/22' is not a financial quarter: it names a whole financial year, 2021/22, not one "
        "of its quarters; write it as 2021/22 Q2 (July to September 2021)"
    )
    pdf = render_pdf(progress_document(smp.p, "2021/22 Q2"), tmp_path / "q2.pdf")
    assert "Exceptions" in PdfReader(str(pdf)).pages[1].extract_text()
