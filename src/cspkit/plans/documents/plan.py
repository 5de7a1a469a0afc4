"""The Community Safety Partnership Plan of one plan version, as a report-engine Document.

The structure is the plan's (the Maidstone June 2021 Update's table of contents): preface,
foreword, introduction; priority setting, with what the data told us (the linked strategic
assessment's findings), what people told us (the linked survey), local considerations and
priority setting for the year under it; governance (executive group, scrutiny committee,
partnership, subgroups); the task force; linked boards; the priorities, with a section per
priority under them (why it is important, objective, focus, what we will do this year);
appendices: county and PCC priorities, the structure diagram, the groups delivering each
priority, the glossary.

Everything comes from the version: its texts, its content (the records as the plan states
them) and its evidence. Headings are the defaults of :data:`cspkit.plans.texts.HEADINGS` unless
the version gives its own. In texts, a paragraph ``[priorities]`` stands for the list of
priorities and ``[responsibilities]`` for what every subgroup is responsible for.

The structure diagram is a Vega-Lite figure (:func:`cspkit.plans.structure.structure_spec`),
so it renders in HTML, PDF and Word like any chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cspkit.partnership.logos import partnership_logo
from cspkit.plans.content import plan_of_year
from cspkit.plans.documents.appendices import appendices
from cspkit.plans.documents.common import (
    GOVERNANCE_KINDS,
    LEAD_IN,
    PlanContext,
    context,
    dedupe,
    signed,
    text_blocks,
)
from cspkit.plans.documents.setting import data_section, people_section, year_section
from cspkit.reports.document import Block, BulletList, Callout, Document, Paragraph, Section

if TYPE_CHECKING:
    from cspkit.plans.models import PlanVersion

__all__ = ["PlanContext", "plan_document", "plan_gaps", "plan_sections", "text_blocks"]

# -- governance ----------------------------------------------------------------------------------


def _body_section(b: Mapping[str, Any], ctx: PlanContext) -> Section:
    title = f"{b['name']} ({b['short_name']})" if b["kind"] == "executive_group" and \
        b.get("short_name") else str(b["name"])
    s = Section(title, list(text_blocks(b.get("description", ""))))
    if b.get("functions"):
        lead = LEAD_IN.get(b["kind"], "Its functions are to:").format(
            short=b.get("short_name") or b["name"])
        s.add(Paragraph(lead), BulletList(tuple(b["functions"])))
    return s


def _subgroups_section(version: PlanVersion, ctx: PlanContext) -> Section:
    subgroups = ctx.bodies("subgroup")
    shared = [f for f in (subgroups[0].get("functions", []) if subgroups else [])
              if all(f in b.get("functions", []) for b in subgroups)]
    markers = {"responsibilities": [BulletList(tuple(shared))] if shared else []}
    s = Section(ctx.h("subgroups"), text_blocks(version.subgroups_text, markers))
    if shared and "[responsibilities]" not in version.subgroups_text:
        s.add(Paragraph("Each subgroup is responsible for:"), BulletList(tuple(shared)))
    delivering: dict[str, list[str]] = {}
    for p in ctx.priorities:
        for d in p.get("delivered_by", []):
            delivering.setdefault(d["body"], []).append(p.get("short_title") or p["title"])
    items = tuple(f"{b['name']}: {'; '.join(delivering.get(b['key'], [])) or 'no priority'}"
                  for b in subgroups)
    if items:
        s.add(Paragraph("The subgroups and the priorities they deliver:"), BulletList(items))
    return s


def _governance(version: PlanVersion, ctx: PlanContext) -> Section:
    s = Section(ctx.h("governance"), list(text_blocks(version.governance_text)))
    for kind in GOVERNANCE_KINDS:
        for b in ctx.bodies(kind):
            s.subsections.append(_body_section(b, ctx))
    s.subsections.append(_subgroups_section(version, ctx))
    return s


def _task_force(version: PlanVersion, ctx: PlanContext) -> list[Section]:
    out = []
    for b in ctx.bodies("task_force"):
        name = str(b["name"])
        s = Section(name if name.lower().startswith("the ") else f"The {name}",
                    text_blocks(b.get("description", "")))
        s.blocks.extend(text_blocks(version.task_force_text))
        for case in ctx.content.get("cases", []):
            if case.get("body") != b["key"]:
                continue
            s.add(Paragraph(f"**Focus area: {case['title']}** (OSARA stage: "
                            f"{case.get('stage', 'objective')})"))
            for part in ("scanning", "analysis", "objective", "response", "assessment"):
                s.blocks.extend(text_blocks(case.get(part, "")))
        out.append(s)
    return out


def _linked_boards(version: PlanVersion, ctx: PlanContext) -> Section:
    s = Section(ctx.h("linked_boards"), list(text_blocks(version.linked_boards_text)))
    boards = ctx.bodies("linked_board")
    if boards:
        s.add(Paragraph("The linked boards include:"),
              BulletList(tuple(str(b["name"]) for b in boards)))
    return s


# -- priorities ------------------------------------------------------------------------------


def _overview(ctx: PlanContext) -> Section:
    s = Section(ctx.h("priorities"), [
        Paragraph(f"The {ctx.short} priorities for {ctx.year} are:"),
        BulletList(tuple(p["title"] for p in ctx.priorities)),
    ])
    themes = ctx.content.get("cross_cutting_themes", [])
    if themes:
        s.add(Paragraph("The cross-cutting themes, worked on by every subgroup, are:"),
              BulletList(tuple(_theme(t) for t in themes)))
    return s


def _theme(t: Mapping[str, Any]) -> str:
    """A theme's title and description, never the title twice ("Reducing reoffending
    (Reducing reoffending will ...)" reads as the description alone)."""
    title, description = str(t["title"]), " ".join(str(t.get("description") or "").split())
    if not description or description.rstrip(".").lower() == title.lower():
        return title
    if description.lower().startswith(title.lower()):
        return description
    return f"{title} ({description})"


def _actions(p: Mapping[str, Any], ctx: PlanContext) -> list[Block]:
    """This year's actions only: an earlier year's are never shown under this year's heading."""
    plan = plan_of_year(p, ctx.year)
    if plan is None or not (plan.get("actions") or plan.get("summary") or plan.get("outcome")):
        return [Paragraph(f"No actions are recorded for {ctx.year} yet.")]
    out: list[Block] = []
    if plan.get("summary"):
        out.append(Paragraph(plan["summary"]))
    if plan.get("outcome"):
        out.append(Paragraph(f"**High-level outcome:** {plan['outcome']}"))
    actions = [a["text"] for a in plan.get("actions", [])]
    if actions:
        out += [Paragraph("Actions from the plan will include:"), BulletList(tuple(actions))]
    return out


def _priority(p: Mapping[str, Any], ctx: PlanContext) -> Section:
    s = Section(str(p["title"]))
    s.sub(ctx.h("why")).blocks.extend(text_blocks(p.get("why_important", "")))
    if str(p.get("objective") or "").strip():
        s.sub(ctx.h("objective")).add(Paragraph(str(p["objective"])))
    s.sub(ctx.h("focus")).blocks.extend(text_blocks(p.get("focus", "")))
    s.sub(ctx.h("actions")).blocks.extend(_actions(p, ctx))
    delivered = [ctx.body_name(d["body"]) for d in p.get("delivered_by", [])]
    if delivered:
        s.subsections[-1].add(Paragraph(f"**Delivered by:** {'; '.join(delivered)}."))
    return s


def plan_sections(version: PlanVersion) -> list[Section]:
    """The plan's sections (also the appendix of the issue for decision)."""
    ctx = context(version)
    setting = Section(ctx.h("priority_setting"), [], [
        data_section(version, ctx), people_section(version, ctx),
        Section(ctx.h("local"), text_blocks(version.local_text)), year_section(version, ctx)])
    priorities = _overview(ctx)
    priorities.subsections.extend(_priority(p, ctx) for p in ctx.priorities)
    appendix = Section(ctx.h("appendices"), [], appendices(version, ctx))
    sections = [
        Section(ctx.h("preface"), signed(version.preface, version.preface_by)),
        Section(ctx.h("foreword"), signed(version.foreword, version.foreword_by)),
        Section(ctx.h("introduction"), text_blocks(version.introduction)),
        setting,
        _governance(version, ctx),
        *_task_force(version, ctx),
        _linked_boards(version, ctx),
        priorities,
        appendix,
    ]
    dedupe(sections)
    return _pruned(sections)


def _pruned(sections: list[Section]) -> list[Section]:
    """Sections with nothing to print are left out (never a heading over nothing)."""
    out = []
    for s in sections:
        s.subsections[:] = _pruned(s.subsections)
        if s.blocks or s.subsections:
            out.append(s)
    return out


def plan_gaps(version: PlanVersion) -> list[str]:
    """The plan's texts left out for being blank, each with how to add it."""
    add = f"add it to a texts file and run `cspkit plan texts {version.partnership.slug} " \
          f"\"{version.title}\" FILE`"
    names = {"preface": "preface", "foreword": "foreword", "introduction": "introduction",
             "local_text": "local considerations"}
    return [f"the {label} ({field}): {add}" for field, label in names.items()
            if not str(getattr(version, field) or "").strip()]


def _status_notice(version: PlanVersion) -> str:
    if version.status in ("adopted", "superseded"):
        when = f" on {version.adopted_on:%-d %B %Y}" if version.adopted_on else ""
        minute = f" (minute {version.minute_reference})" if version.minute_reference else ""
        later = " Superseded by a later version." if version.status == "superseded" else ""
        return f"Adopted by the {version.adopted_meeting}{when}{minute}.{later}"
    if version.status == "recommended":
        return "Recommended for adoption; awaiting the committee's decision."
    return "Draft: not yet recommended or adopted."


def plan_document(version: PlanVersion) -> Document:
    """The plan of ``version`` as a Document (render with :func:`cspkit.reports.render_html`,
    :func:`~cspkit.reports.render_pdf` or :func:`~cspkit.reports.render_docx`)."""
    ctx = context(version)
    subtitle = version.title + (f" — {version.strapline}" if version.strapline else "")
    doc = Document(
        version.plan_title, subtitle=subtitle, organisation=ctx.name,
        issued=version.adopted_on or version.recommended_on,
        sections=plan_sections(version), notices=(_status_notice(version),),
        logo=partnership_logo(version.partnership),
    )
    if version.status == "draft":
        doc.sections[0].blocks.insert(0, Callout(
            "This is a draft of the plan. It has not been recommended or adopted.", "warning"))
    return doc
