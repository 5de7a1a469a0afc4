"""The vulnerability meeting's trends: counts per quarter, never a count from 1 to 4; the
mental health share computed from the flags."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from cspkit.casework.trends import mental_health_share, trend_table
from tests.casework.world import CaseWorld

pytestmark = pytest.mark.django_db
D = dt.date


def _seed(w: CaseWorld) -> None:
    """2024/25 Q1: 6 cases with a mental health flag, 5 with hoarding only, 2 with cuckooing.
    Q2: 7 with a mental health flag, 1 with hoarding."""
    for i in range(6):
        w.refer(f"M{i}", referred_on=D(2024, 4, 2), flags=["mental_health_victim"])
    for i in range(5):
        w.refer(f"H{i}", referred_on=D(2024, 5, 2), flags=["hoarding"])
    for i in range(2):
        w.refer(f"C{i}", referred_on=D(2024, 6, 2), flags=["cuckooing"])
    for i in range(7):
        w.refer(f"P{i}", referred_on=D(2024, 8, 2), flags=["mental_health_perpetrator"])
    w.refer("Q", referred_on=D(2024, 9, 2), flags=["hoarding"])


def test_no_count_from_one_to_four_is_shown(w: CaseWorld) -> None:
    _seed(w)
    t = trend_table(w.a, "flag")
    assert t.quarters == ["2024/25 Q1", "2024/25 Q2"]
    rows = dict(t.rows)
    assert rows["Mental health (victim)"] == ["6", "0"]
    assert rows["Mental health (perpetrator)"] == ["0", "7"]
    # 2 cuckooing cases hidden; the row's only other cell is hidden too (secondary)
    assert rows["Cuckooing"] == ["*", "*"] and rows["Hoarding"][1] == "*"
    for by in ("flag", "risk", "ward", "agency", "outcome"):
        for _, cells in trend_table(w.a, by).rows:
            assert not [c for c in cells if c in {"1", "2", "3", "4"}], by


def test_the_mental_health_share_is_computed_and_withheld_when_small(w: CaseWorld) -> None:
    _seed(w)
    assert mental_health_share(w.a) == {"cases": 21, "with_mental_health_flag": 13,
                                        "share": 62}
    assert mental_health_share(w.a, "2024/25 Q2")["share"] is None  # 1 case without: hidden
    assert mental_health_share(w.a, "2024/25 Q1") == {"cases": 13,
                                                      "with_mental_health_flag": 6, "share": 46}


def test_the_trends_page_is_for_members_and_shows_no_small_count(w: CaseWorld) -> None:
    _seed(w)
    c = Client()
    c.force_login(w.users["member"])
    html = c.get("/p/a/case-work/trends/").content.decode()
    cells = re.findall(r'govuk-table__cell--numeric">([^<]*)<', html)
    assert cells and not [v for v in cells if v in {"1", "2", "3", "4"}]
    assert "Cases with a mental health flag (victim or perpetrator): 62% (13 of 21)" in html
    assert "M0" not in html
    c.force_login(w.users["b_worker"])
    assert c.get("/p/a/case-work/trends/").status_code == 404
