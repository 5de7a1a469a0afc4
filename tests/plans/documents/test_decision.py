"""The Issue for Decision for a recommended revision of the Maidstone plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from cspkit.errors import InputError, VersionStateError
from cspkit.plans import content as ops
from cspkit.plans import evidence, services
from cspkit.plans.documents.decision import SECTIONS, decision_document, decision_gaps
from cspkit.plans.models import PlanVersion
from cspkit.reports import render_docx, render_html, render_pdf
from tests.analysis.test_priority import fake_assessment
from tests.plans.conftest import Maidstone, build_maidstone
from tests.plans.documents.test_plan import plain

pytestmark = pytest.mark.django_db


@pytest.fixture
def smp(db: None) -> Maidstone:
    return build_maidstone()


def recommended(smp: Maidstone) -> PlanVersion:
    v = services.start_revision(smp.officer, smp.p, "June 2022 Update", year_label="Year 4")
    services.edit_content(smp.officer, v, lambda c: (
        ops.add_action(c, "children-young-people", "Run the Voice of Young Maidstone survey "
                       "again", year="2022/23"),
        ops.set_plan(c, "children-young-people", "2022/23", owner="lcpg"),
    ), reason="year 4")
    sa = fake_assessment()
    sa.findings = ["Violence and sexual offences rose from 1,944 in 2021/22 to 2,400 in "
                   "2022/23 (+23%), a statistically significant increase."]
    evidence.link_assessment(smp.officer, v, sa)
    evidence.record_judgement(smp.officer, v, "burglary", "vulnerability", 4,
                              "older residents targeted")
    evidence.score_version(smp.officer, v, sa)
    services.set_texts(smp.officer, v, meeting_date=dt.date(2022, 6, 28),
                       background_documents=["2021/22 Strategic Assessment"])
    return services.recommend(smp.officer, v, on=dt.date(2022, 6, 1))


def test_sections_are_the_councils(smp: Maidstone) -> None:
    doc = decision_document(recommended(smp))
    assert [s.title for s in doc.sections] == list(SECTIONS)
    assert doc.title == "Revised Maidstone Community Safety Partnership Plan: June 2022 Update"
    assert doc.subtitle == ("Issue for decision: Communities, Housing and Environment Committee "
                            "acting as the Crime and Disorder Committee, 28 June 2022")


def test_reasons_come_from_the_assessment_and_the_difference(smp: Maidstone) -> None:
    html = plain(render_html(decision_document(recommended(smp))))
    assert ("That the revised “June 2022 Update” of the Maidstone Community Safety Partnership "
            "Plan 2019-22 be adopted.") in html
    assert ("A new strategic assessment (2022/23) has been undertaken. Its main findings: "
            "Violence and sexual offences rose from 1,944") in html
    assert ("Compared with the June 2021 Update, the revision makes these changes: New action "
            "for “Children and young people” (2022/23): “Run the Voice of Young Maidstone survey "
            "again”.") in html
    assert "Current priorities and the best-ranked candidates" in html
    assert ("To not approve the revision of the Community Safety Plan. This is not recommended "
            "as the Community Safety Plan sits behind the work of the SMP") in html
    assert "2021/22 Strategic Assessment" in html
    # the appendix holds the revised plan
    assert "Maidstone Community Safety Partnership Plan – June 2022 Update" in html
    assert "Year 4 - What will we do?" in html
    assert html.index("Issue for Decision") < html.index("Appendix 4 – Glossary")


def test_a_draft_is_refused_unless_previewed(smp: Maidstone) -> None:
    draft = services.start_revision(smp.officer, smp.p, "June 2022 Update")
    with pytest.raises(VersionStateError) as info:
        decision_document(draft)
    assert str(info.value) == (
        "The June 2022 Update is a draft; the issue for decision is written for a recommended "
        "revision. Recommend it first (`cspkit plan recommend`), or write a preview of it "
        "(`cspkit plan decision ... --preview`)."
    )
    doc = decision_document(draft, allow_draft=True)
    assert doc.notices == ("Draft: a preview of the issue for decision.",)
    html = plain(render_html(doc))
    assert "The revision makes no change to the priorities, actions or texts of the June 2021 " \
           "Update." in html


def test_pdf_and_word(smp: Maidstone, tmp_path: Path) -> None:
    doc = decision_document(recommended(smp))
    pdf = render_pdf(doc, tmp_path / "issue.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "Alternatives Considered and Why Not Recommended" in text
    assert render_docx(doc, tmp_path / "issue.docx").stat().st_size > 10_000


def test_reads_like_the_councils_report(smp: Maidstone) -> None:
    v = recommended(smp)
    services_texts = {"implications": {"financial": "The plan is delivered within existing "
                                                    "budgets.",
                                       "equalities": "An equalities impact assessment found "
                                                     "no adverse impact."},
                      "reasons_text": "The partnership reviewed the plan in May."}
    services.return_to_draft(smp.officer, v, reason="add texts")
    services.set_texts(smp.officer, v, **services_texts)
    v = services.recommend(smp.officer, v, on=dt.date(2022, 6, 1))
    doc = decision_document(v)
    assert not doc.page_per_section and doc.category == "Committee report"
    titles = [s.title for s in doc.sections]
    assert titles == [*SECTIONS[:4], "Financial Implications", "Equalities Implications",
                      *SECTIONS[4:]]
    details = dict(doc.sections[0].blocks[0].rows)
    assert details["Date of meeting"] == "28 June 2022"
    html = plain(render_html(doc))
    # the history of earlier decisions, from the records, oldest first
    first = html.index("On 19 March 2019 the Communities Housing and Environment Committee")
    second = html.index("On 29 June 2021 the Communities, Housing and Environment Committee "
                        "acting as the Crime and Disorder Committee decided (minute 21): That "
                        "the revised “June 2021 Update”")
    assert first < second < html.index("The partnership reviewed the plan in May.")
    assert "The plan is delivered within existing budgets." in html
    # the report's own texts are not amendments of the plan
    assert "The reasons for recommendation" not in html
    for placeholder in ("No reasons recorded yet.", "Background Documents None", "None."):
        assert placeholder not in html


def test_sections_without_text_are_left_out_and_named(smp: Maidstone) -> None:
    v = services.start_revision(smp.officer, smp.p, "June 2022 Update")
    v = services.recommend(smp.officer, v, on=dt.date(2022, 6, 1))
    gaps = decision_gaps(v)
    assert gaps[0] == ("the date of the committee meeting (meeting_date): add it to a texts "
                       "file and run `cspkit plan texts maidstone \"June 2022 Update\" FILE`")
    assert any("the standard sections consultation, financial, legal, risk, equalities, "
               "next_steps (implications)" in g for g in gaps)
    titles = [s.title for s in decision_document(v).sections]
    assert "Financial Implications" not in titles
    with pytest.raises(InputError) as info:
        decision_document(v, strict=True)
    assert str(info.value).startswith("The issue for decision of the June 2022 Update lacks "
                                      "the date of the committee meeting (meeting_date)")
    assert str(info.value).endswith("Or write it without them (leave out --strict).")
