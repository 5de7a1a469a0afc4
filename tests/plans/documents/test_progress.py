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
    late = tables["Actions overdue or off track"].rows
    assert [(r[1][:30], r[4]) for r in late] == [
        ("Support the reopening of the N", "Not started (overdue)"),
        ("Work to disrupt a new OCG rela", "Off track"),
    ]
    assert late[1][5] == "5 Jul 2021: lead officer on leave"
    red = tables["Indicators rated red"].rows
    assert red[0][1:6] == ("OCG disruptions", "3", "2 (2021/22 Q2)", "4", "RED")


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
    doc = progress_document(smp.p, "2021/22 Q1")
    html = plain(render_html(doc))
    assert "No exceptions: no action is overdue or off track and no indicator is red." in html
    with pytest.raises(InputError) as info:
        progress_document(smp.p, "2021/22")
    assert str(info.value) == (
        "'2021/22' is not a financial quarter: it names a whole financial year, 2021/22, not one "
        "of its quarters; write it as 2021/22 Q2 (July to September 2021)"
    )
    pdf = render_pdf(progress_document(smp.p, "2021/22 Q2"), tmp_path / "q2.pdf")
    assert "Exceptions" in PdfReader(str(pdf)).pages[1].extract_text()
