"""The Issue for Decision: the committee report recommending a revised plan for adoption.

Its sections are the council's (Maidstone's 2020 report): Issue for Decision, Recommendation
Made, Reasons for Recommendation, Alternatives Considered and Why Not Recommended, Background
Documents, Appendix (the revised plan, :func:`cspkit.plans.documents.plan.plan_sections`).

The reasons are drawn from the evidence kept with the version — the strategic assessment's
findings and the priority scores — and from the difference with the version it revises
(:func:`cspkit.plans.diff.diff_versions`), each change as a sentence. Texts the officer wrote
on the version come first; where a section has none, a plain default says what the records
show. The history of earlier decisions comes from the partnership's decision records; the
standard sections councils add (consultation, financial, legal, risk, equalities, next steps)
are the version's ``implications`` texts, each printed only when written. No placeholder is
printed: a section with nothing to say is left out, and :func:`decision_gaps` tells the author
what was left out and how to add it (``cspkit plan decision --strict`` refuses instead).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cspkit.errors import InputError, VersionStateError
from cspkit.partnership.logos import partnership_logo
from cspkit.plans.diff import PlanDiff, diff_versions
from cspkit.plans.documents.plan import plan_sections, text_blocks
from cspkit.plans.texts import IMPLICATIONS
from cspkit.reports.document import Block, BulletList, Document, Paragraph, Section, Table

if TYPE_CHECKING:
    from cspkit.plans.models import PlanVersion

__all__ = ["SECTIONS", "decision_document", "decision_gaps"]

SECTIONS = (
    "Issue for Decision",
    "Recommendation Made",
    "Reasons for Recommendation",
    "Alternatives Considered and Why Not Recommended",
    "Background Documents",
    "Appendix",
)
FINDINGS = 8
#: Texts of the report itself, not amendments to the plan.
REPORT_TEXTS = ("committee", "issue_text", "recommendation_text", "reasons_text")


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


def _history(version: PlanVersion) -> list[Block]:
    """Earlier decisions on the plan, from the partnership's decision records, oldest first."""
    from cspkit.governance.models import Decision

    until = version.meeting_date or version.recommended_on
    found = Decision.objects.filter(partnership=version.partnership).order_by("date", "pk")
    if until is not None:
        found = found.filter(date__lt=until)
    if version.decision_id is not None:
        found = found.exclude(pk=version.decision_id)
    out: list[Block] = []
    for d in found:
        text = " ".join(d.text.split())
        if not text.startswith("On "):
            minute = f" (minute {d.minute_reference})" if d.minute_reference else ""
            text = f"On {d.date:%-d %B %Y} the {d.meeting} decided{minute}: {text}"
        out.append(Paragraph(text))
    return out


def amendments(diff: PlanDiff) -> list[str]:
    """The changes to the plan itself (not to this report's own texts), as sentences."""
    return [c.sentence for c in diff if not (c.kind == "text_changed" and c.key in REPORT_TEXTS)]


def _reasons(version: PlanVersion, previous: PlanVersion | None, diff: PlanDiff | None
             ) -> list[Block]:
    out: list[Block] = _history(version)
    out += text_blocks(version.reasons_text)
    a = version.assessment or {}
    if a.get("findings"):
        out += [Paragraph(f"A new strategic assessment ({a['year']}) has been undertaken. Its "
                          "main findings:"), BulletList(tuple(a["findings"][:FINDINGS]))]
    if previous is not None and diff is not None:
        changes = amendments(diff)
        if changes:
            out += [Paragraph(f"Compared with the {previous.title}, the revision makes these "
                              "changes:"), BulletList(tuple(changes))]
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
                      source="priority scores kept with the version",
                      numeric=(False, False, True, True, False))]
    return out


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
    return [BulletList(tuple(docs))] if docs else []


def _details(version: PlanVersion) -> Table:
    """The report's front matter, as a council's committee report opens."""
    rows = [("Report of", _name(version))]
    if version.committee:
        rows.append(("Committee", version.committee))
    if version.meeting_date:
        rows.append(("Date of meeting", f"{version.meeting_date:%-d %B %Y}"))
    rows.append(("Decision sought", f"Adoption of the {version.title} of the "
                                    f"{version.plan_title}{_period(version)}"))
    if version.recommended_on:
        rows.append(("Recommended by the partnership", f"{version.recommended_on:%-d %B %Y}"))
    rows.append(("Classification", "Public"))
    return Table("Report details", ("Item", "Detail"), tuple(rows),
                 source=f"plan version “{version.title}” of {version.partnership.name}",
                 numeric=(False, False))


def _implications(version: PlanVersion) -> list[Section]:
    texts = version.implications or {}
    return [Section(title, text_blocks(str(texts[key])))
            for key, title in IMPLICATIONS.items() if str(texts.get(key) or "").strip()]


def decision_gaps(version: PlanVersion) -> list[str]:
    """What the issue for decision leaves out for want of a text, each with how to add it."""
    add = f"add it to a texts file and run `cspkit plan texts {version.partnership.slug} " \
          f"\"{version.title}\" FILE`"
    gaps = []
    if not version.meeting_date:
        gaps.append(f"the date of the committee meeting (meeting_date): {add}")
    if not version.committee:
        gaps.append(f"the committee the report goes to (committee): {add}")
    previous = version.based_on
    if not (version.reasons_text.strip() or (version.assessment or {}).get("findings")
            or previous is not None):
        gaps.append(f"the reasons for the recommendation (reasons_text): {add}")
    if not _background(version, previous):
        gaps.append(f"the background documents (background_documents): {add}")
    missing = [k for k in IMPLICATIONS if not str((version.implications or {}).get(k) or "")
               .strip()]
    if missing:
        gaps.append(f"the standard sections {', '.join(missing)} (implications): {add}")
    return gaps


def decision_document(
    version: PlanVersion, *, previous: PlanVersion | None = None, allow_draft: bool = False,
    strict: bool = False,
) -> Document:
    """The Issue for Decision for a recommended revision (``previous`` defaults to the version
    it was started from). A draft raises VersionStateError unless ``allow_draft`` (a preview);
    ``strict`` raises InputError naming what :func:`decision_gaps` finds missing."""
    if version.status == "draft" and not allow_draft:
        raise VersionStateError(
            f"The {version.title} is a draft; the issue for decision is written for a "
            "recommended revision. Recommend it first (`cspkit plan recommend`), or write a "
            "preview of it (`cspkit plan decision ... --preview`)."
        )
    if strict and (gaps := decision_gaps(version)):
        raise InputError(f"The issue for decision of the {version.title} lacks "
                         + "; ".join(gaps) + ". Or write it without them (leave out --strict).")
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
    sections = [
        Section(SECTIONS[0], [_details(version), *_issue(version, previous, diff)]),
        Section(SECTIONS[1], [Paragraph(_recommendation(version))]),
        Section(SECTIONS[2], _reasons(version, previous, diff)),
        Section(SECTIONS[3], _alternatives(version)),
        *_implications(version),
        Section(SECTIONS[4], _background(version, previous)),
        appendix,
    ]
    return Document(
        f"Revised {version.plan_title}: {version.title}", subtitle=subtitle,
        organisation=_name(version), issued=version.meeting_date or version.recommended_on,
        notices=notices, logo=partnership_logo(version.partnership),
        sections=[s for s in sections if s.blocks or s.subsections],
        author=_name(version), category="Committee report", page_per_section=False,
        short_title=f"Issue for decision: {version.title}",
        keywords=("community safety", "issue for decision", version.title),
    )
