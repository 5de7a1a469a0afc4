"""The Issue for Decision: the committee report recommending a revised plan for adoption.

Its sections are the council's (Maidstone's 2020 report): Issue for Decision, Recommendation
Made, Reasons for Recommendation, Alternatives Considered and Why Not Recommended, Background
Documents, Appendix (the revised plan, :func:`cspkit.plans.documents.plan.plan_sections`).

The reasons are drawn from the evidence kept with the version — the strategic assessment's
findings and the priority scores — and from the difference with the version it revises
(:func:`cspkit.plans.diff.diff_versions`), each change as a sentence. Texts the officer wrote
on the version come first; where a section has none, a plain default says what the records
show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cspkit.errors import VersionStateError
from cspkit.partnership.logos import partnership_logo
from cspkit.plans.diff import PlanDiff, diff_versions
from cspkit.plans.documents.plan import plan_sections, text_blocks
from cspkit.reports.document import Block, BulletList, Document, Paragraph, Section, Table

if TYPE_CHECKING:
    from cspkit.plans.models import PlanVersion

__all__ = ["SECTIONS", "decision_document"]

SECTIONS = (
    "Issue for Decision",
    "Recommendation Made",
    "Reasons for Recommendation",
    "Alternatives Considered and Why Not Recommended",
    "Background Documents",
    "Appendix",
)
FINDINGS = 8


def _name(version: PlanVersion) -> str:
    return str(version.content.get("partnership", {}).get("name") or version.partnership.name)


def _period(version: PlanVersion) -> str:
    return f" {version.plan_period}" if version.plan_period else ""


def _issue(version: PlanVersion, previous: PlanVersion | None, diff: PlanDiff | None
           ) -> list[Block]:
    if version.issue_text.strip():
        return text_blocks(version.issue_text)
    a = version.assessment or {}
    refreshed = f" for {a['year']}" if a.get("year") else ""
    text = (f"The {_name(version)}'s {version.plan_title}{_period(version)} has been refreshed "
            f"following the annual strategic assessment{refreshed}.")
    if previous is not None and diff is not None:
        changes = diff.summary().lower() if len(diff) else "no changes"
        text += (f" The revised plan, the “{version.title}”, replaces the {previous.title} "
                 f"({changes}).")
    text += f" It sets out the strategic direction for the partnership for {version.year}."
    return [Paragraph(text)]


def _recommendation(version: PlanVersion) -> str:
    return version.recommendation_text.strip() or (
        f"That the revised “{version.title}” of the {version.plan_title}{_period(version)} be "
        "adopted."
    )


def _reasons(version: PlanVersion, previous: PlanVersion | None, diff: PlanDiff | None
             ) -> list[Block]:
    out: list[Block] = list(text_blocks(version.reasons_text))
    a = version.assessment or {}
    if a.get("findings"):
        out += [Paragraph(f"A new strategic assessment ({a['year']}) has been undertaken. Its "
                          "main findings:"), BulletList(tuple(a["findings"][:FINDINGS]))]
    if previous is not None and diff is not None:
        if len(diff):
            out += [Paragraph(f"Compared with the {previous.title}, the revision makes these "
                              "changes:"), BulletList(tuple(diff.sentences()))]
        else:
            out.append(Paragraph(f"The revision makes no change to the priorities, actions or "
                                 f"texts of the {previous.title}."))
    side = (version.scores or {}).get("against_current", [])
    if side:
        coverage = (version.scores or {}).get("coverage") or ""
        out += [Paragraph("The scoring of candidate priorities on stated criteria, set beside "
                          "the current priorities. " + coverage),
                Table("Current priorities and the best-ranked candidates",
                      ("Priority", "Candidate", "Rank", "Score (0-100)", "Status"),
                      tuple((r.get("priority_title") or "–", r.get("title") or "–",
                             "–" if r.get("rank") is None else int(r["rank"]),
                             "–" if r.get("total") is None else round(float(r["total"]), 1),
                             r["status"]) for r in side),
                      source="priority scores kept with the version (cspkit.analysis.priority)",
                      numeric=(False, False, True, True, False))]
    return out or [Paragraph("No reasons recorded yet.")]


def _alternatives(version: PlanVersion) -> list[Block]:
    items = version.alternatives or [{
        "option": f"To not approve the revision of the {version.plan_title}.",
        "why_not": f"This is not recommended as the {version.plan_title} sits behind the work "
                   "of the partnership and should reflect current trends and working practices.",
    }]
    return [Paragraph(f"{i.get('option', '')} {i.get('why_not', '')}".strip()) for i in items]


def _background(version: PlanVersion, previous: PlanVersion | None) -> list[Block]:
    docs = [str(d) for d in version.background_documents or []]
    if not docs:
        a = version.assessment or {}
        if a.get("year"):
            docs.append(f"{a['year']} Strategic Assessment"
                        + (f" ({a['area_name']})" if a.get("area_name") else ""))
        if previous is not None:
            when = f", adopted {previous.adopted_on:%-d %B %Y}" if previous.adopted_on else ""
            docs.append(f"{previous.plan_title} – {previous.title}{when}")
    return [BulletList(tuple(docs))] if docs else [Paragraph("None.")]


def decision_document(
    version: PlanVersion, *, previous: PlanVersion | None = None, allow_draft: bool = False
) -> Document:
    """The Issue for Decision for a recommended revision (``previous`` defaults to the version
    it was started from). A draft raises VersionStateError unless ``allow_draft`` (a preview)."""
    if version.status == "draft" and not allow_draft:
        raise VersionStateError(
            f"The {version.title} is a draft; the issue for decision is written for a "
            "recommended revision. Recommend it first (`cspkit plan recommend`), or write a "
            "preview of it (`cspkit plan decision ... --preview`)."
        )
    previous = previous if previous is not None else version.based_on
    diff = diff_versions(previous, version) if previous is not None else None
    appendix = Section(SECTIONS[5], [Paragraph(
        f"{version.plan_title} – {version.title}" + (" (draft)" if version.status == "draft"
                                                    else ""))], plan_sections(version))
    when = f", {version.meeting_date:%-d %B %Y}" if version.meeting_date else ""
    subtitle = f"Issue for decision: {version.committee}{when}" if version.committee else \
        "Issue for decision"
    notices = ("Draft: a preview of the issue for decision.",) if version.status == "draft" \
        else ()
    return Document(
        f"Revised {version.plan_title}: {version.title}", subtitle=subtitle,
        organisation=_name(version), issued=version.recommended_on, notices=notices,
        logo=partnership_logo(version.partnership),
        sections=[
            Section(SECTIONS[0], _issue(version, previous, diff)),
            Section(SECTIONS[1], [Paragraph(_recommendation(version))]),
            Section(SECTIONS[2], _reasons(version, previous, diff)),
            Section(SECTIONS[3], _alternatives(version)),
            Section(SECTIONS[4], _background(version, previous)),
            appendix,
        ],
    )
