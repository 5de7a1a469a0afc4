"""The plan document of the Maidstone example: the seed plan's contents, in order, with every
priority, action and glossary entry; rendered to HTML, PDF and Word."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as WordDocument
from pypdf import PdfReader

from cspkit.plans import services
from cspkit.plans.documents.plan import plan_document, plan_gaps, text_blocks
from cspkit.reports import render_docx, render_html, render_pdf
from cspkit.reports.document import Figure, Table
from tests.conftest import SHARED_DATA
from tests.plans.conftest import Maidstone, build_maidstone

pytestmark = pytest.mark.django_db

SEED = SHARED_DATA.parent / "seeds" / "003_4670e9d269650ce4.txt"

# The seed plan's table of contents (page numbers left out), as printed.
CONTENTS = [
    "Preface by the Leader of Maidstone Borough Council",
    "Forward by Co-chairs of the Safer Maidstone Partnership Executive",
    "Introduction",
    "Safer Maidstone Partnership Priority Setting:",
    "What data we used and what it told us:",
    "What people told us:",
    "Local Community Safety Considerations:",
    "Priority Setting- 2021 Update:",
    "Safer Maidstone Partnership Governance:",
    "Safer Maidstone Partnership Executive Group (SMPEG):",
    "Crime and Disorder Committee:",
    "Safer Maidstone Partnership:",
    "SMP Subgroups:",
    "The Maidstone Task Force",
    "Linked Boards",
    "Priorities",
    "Protecting our communities against serious, violent and organised crime (including "
    "modern-day slavery):",
    "Reducing the harm caused by domestic abuse (including stalking):",
    "Keeping children and young people safe:",
    "Reduce the impact of substance misuse on our community:",
    "Safeguard people whose mental health makes them vulnerable to becoming a victim or where "
    "it leads to an impact on the wider community:",
    "Appendices",
    "Appendix 1- Priorities & cross cutting themes for the CSA and the PCC:",
    "Appendix 2- Safer Maidstone Partnership Structure and Priorities:",
    "Appendix 3- Summary of the sub-groups and working groups that work in each of the "
    "priority areas:",
    "Appendix 4- Glossary of terms and acronyms:",
]


@pytest.fixture
def smp(db: None) -> Maidstone:
    return build_maidstone()


def norm(heading: str) -> str:
    """Compare headings without punctuation, dashes, '&' or case."""
    text = heading.lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def plain(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html)
    for a, b in (("&amp;", "&"), ("&#39;", "'"), ("&quot;", '"'), ("&lt;", "<"), ("&gt;", ">")):
        text = text.replace(a, b)
    return " ".join(text.split())


def test_contents_match_the_seed_file() -> None:
    if not SEED.exists():
        pytest.skip(f"the seed plan is not at {SEED}")
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = lines.index("Table of Contents") + 1
    toc = [line.rsplit("\t", 1)[0].strip() for line in lines[start:start + len(CONTENTS)]]
    assert toc == CONTENTS


def test_every_heading_of_the_seed_contents_in_order(smp: Maidstone) -> None:
    doc = plan_document(smp.june_2021)
    headings = [norm(s.title) for _, s in doc.walk()]
    at = -1
    for wanted in CONTENTS:
        assert norm(wanted) in headings[at + 1:], f"{wanted!r} missing after {headings[at]!r}"
        at = headings.index(norm(wanted), at + 1)
    assert doc.title == "Maidstone Community Safety Partnership Plan"
    assert doc.subtitle == "June 2021 Update — ‘Where people feel safe and are safe’"


def test_every_priority_action_and_glossary_entry(smp: Maidstone) -> None:
    html = plain(render_html(plan_document(smp.june_2021)))
    p = smp.p
    for pr in p.priorities.all():
        for text in (pr.title, pr.objective):
            assert " ".join(text.split()) in html
    actions = [a.text for plan in p.action_plans.all() for a in plan.actions.all()]
    assert len(actions) == 15
    for text in actions:
        assert " ".join(text.split()) in html, text
    for term in p.glossary.all():
        assert f"{term.term} {' '.join(term.meaning.split())}" in html
    assert "Cllr David Burton, Leader of Maidstone Borough Council" in html
    assert "Year 3 - What will we do?" in html and "SMP Objective" in html
    assert "Each sub-group is responsible for: Producing an annual action plan" in html


def test_structure_diagram_and_appendix_tables(smp: Maidstone) -> None:
    doc = plan_document(smp.june_2021)
    blocks = [b for _, s in doc.walk() for b in s.blocks]
    figures = [b for b in blocks if isinstance(b, Figure)]
    assert len(figures) == 1 and figures[0].spec["layer"][1]["mark"]["type"] == "rect"
    assert "Safer Maidstone Partnership reports to Safer Maidstone Partnership Executive " \
           "Group" in figures[0].alt_text
    tables = {b.caption: b for b in blocks if isinstance(b, Table)}
    appendix3 = tables["Sub-groups and working groups delivering the action plans (not an "
                       "exhaustive list)"]
    assert appendix3.rows[1] == (
        "Reducing the harm caused by domestic abuse (including stalking)",
        "Domestic Abuse Forum; Vulnerable Investigation Team Professionals meeting for repeat "
        "victims",
    )
    assert len(tables["Glossary of terms and acronyms"].rows) == 28


def test_text_blocks_make_lists_after_a_colon() -> None:
    blocks = text_blocks("It will:\n\nact\n\nreport\n\nThen a long paragraph.\n\n[x]",
                         {"x": []})
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["Paragraph", "BulletList", "Paragraph"]


def test_draft_carries_a_warning(smp: Maidstone) -> None:
    draft = services.start_revision(smp.officer, smp.p, "June 2022 Update")
    doc = plan_document(draft)
    assert doc.notices == ("Draft: not yet recommended or adopted.",)
    assert "This is a draft of the plan" in render_html(doc)


def test_pdf_and_word(smp: Maidstone, tmp_path: Path) -> None:
    doc = plan_document(smp.june_2021)
    pdf = render_pdf(doc, tmp_path / "plan.pdf")
    reader = PdfReader(str(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 20
    assert "Appendix 4 – Glossary of terms and acronyms" in text
    word = WordDocument(str(render_docx(doc, tmp_path / "plan.docx")))
    heads = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "Appendix 2 – Safer Maidstone Partnership Structure and Priorities" in heads
    assert len(word.inline_shapes) == 1  # the structure diagram
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "page")],
                       check=True)
        assert len(list(tmp_path.glob("page-*.png"))) == len(reader.pages)


def test_no_placeholder_analyst_note_or_doubled_label_reaches_the_plan(smp: Maidstone) -> None:
    html = plain(render_html(plan_document(smp.june_2021)))
    assert "Reducing reoffending will also be a core part of the work undertaken by each " \
           "sub-group." in html
    assert "Reducing reoffending (Reducing reoffending" not in html
    for note in ("(cspkit plans)", "cspkit.analysis", "not loaded in this store",
                 "To be agreed.", "No terms recorded.", "are not recorded in the partnership"):
        assert note not in html, note


def test_blank_texts_are_left_out_and_named(smp: Maidstone) -> None:
    draft = services.start_revision(smp.officer, smp.p, "June 2022 Update", year="2022/23")
    services.set_texts(smp.officer, draft, preface="", foreword="")
    doc = plan_document(draft)
    titles = [s.title for s in doc.sections]
    assert "Preface by the Leader of Maidstone Borough Council" not in titles
    assert plan_gaps(draft)[:2] == [
        "the preface (preface): add it to a texts file and run `cspkit plan texts maidstone "
        "\"June 2022 Update\" FILE`",
        "the foreword (foreword): add it to a texts file and run `cspkit plan texts maidstone "
        "\"June 2022 Update\" FILE`",
    ]
    # a plan for 2022/23 shows 2022/23's actions, never 2021/22's under this year's heading
    html = plain(render_html(doc))
    assert "No actions are recorded for 2022/23 yet." in html
    last_year = [a.text for plan in smp.p.action_plans.all() for a in plan.actions.all()]
    assert not any(" ".join(t.split()) in html for t in last_year)


def test_plan_modules_stay_under_the_size_limit() -> None:
    folder = Path(plan_document.__code__.co_filename).parent
    for module in folder.glob("*.py"):
        assert len(module.read_text(encoding="utf-8").splitlines()) < 400, module.name


def test_structure_diagram_names_every_body_whole_and_keys_its_colours(smp: Maidstone) -> None:
    doc = plan_document(smp.june_2021)
    figure = next(b for _, s in doc.walk() for b in s.blocks if isinstance(b, Figure))
    boxes = figure.spec["layer"][1]["data"]["values"]
    texts = [" ".join(b["lines"]) for b in boxes]
    assert not any("…" in t for t in texts)
    assert "Vulnerable Investigation Team Professionals meeting for repeat victims" in texts
    keys = [t for t in texts if t.startswith("Key: ")]
    assert keys == ["Key: subgroup", "Key: linked board", "Key: priority",
                    "Key: working group, task force, service team"]
    grey = {b["fill"] for b in boxes if " ".join(b["lines"]) == "Key: linked board"}
    assert grey == {"#f3f2f1"}
