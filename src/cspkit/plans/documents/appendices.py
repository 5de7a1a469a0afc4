"""The plan's appendices: county and PCC priorities, the structure diagram, the groups
delivering each priority, the glossary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cspkit.plans.documents.common import PlanContext, source, text_blocks
from cspkit.plans.structure import graph_of_content, structure_spec
from cspkit.reports.document import Figure, Paragraph, Section, Table

if TYPE_CHECKING:
    from cspkit.plans.models import PlanVersion

__all__ = ["appendices"]


def _appendix1(version: PlanVersion, ctx: PlanContext) -> Section:
    s = Section(ctx.h("appendix1"), list(text_blocks(version.appendix_text)))
    aligned: dict[str, list[str]] = {}
    for p in ctx.priorities:
        for ref in p.get("aligned_with", []):
            aligned.setdefault(ref, []).append(p.get("short_title") or p["title"])
    for plan in ctx.content.get("external_plans", []):
        note = plan.get("note") if plan.get("note") not in version.appendix_text else ""
        facts = "; ".join(x for x in (", ".join(x for x in (plan.get("publisher"),
                                                              plan.get("period")) if x), note)
                          if x)
        s.add(Paragraph(f"**{plan['title']}**" + (f" ({facts})" if facts else "")))
        rows = tuple((x["title"], "cross-cutting theme" if x.get("kind") == "cross_cutting"
                      else "priority", "; ".join(aligned.get(f"{plan['key']}/{x['key']}", []))
                      or "–") for x in plan.get("priorities", []))
        if rows:
            s.add(Table(f"Priorities of the {plan['title']}",
                        ("Priority", "Kind", f"{ctx.short} priorities aligned"), rows,
                        source=source(version, "external plans and alignments")))
    return s


def _appendix2(version: PlanVersion, ctx: PlanContext) -> Section:
    graph = graph_of_content(ctx.content)
    bodies = [n for n in graph.nodes if n.kind != "priority"]
    alt = (f"Structure of the {ctx.name}: {len(bodies)} groups and {len(ctx.priorities)} "
           "priorities. Reporting lines: " + "; ".join(
               f"{ctx.body_name(e.source[5:])} reports to {ctx.body_name(e.target[5:])}"
               for e in graph.edges if e.kind == "reports_to") + ".")
    return Section(ctx.h("appendix2"), [
        Figure(f"The structure of the {ctx.name} and its priorities (solid lines: reports to; "
               "dashed lines: delivers the priority, as listed in Appendix 3)",
               structure_spec(graph), alt,
               source=source(version, "bodies, reporting lines and delivering groups")),
    ])


def _appendix3(version: PlanVersion, ctx: PlanContext) -> Section:
    rows = []
    for p in ctx.priorities:
        groups = [ctx.body_name(d["body"]) + (f" ({d['note']})" if d.get("note") else "")
                  for d in p.get("delivered_by", [])]
        rows.append((p["title"], "; ".join(groups) or "–"))
    return Section(ctx.h("appendix3"), [Table(
        "Sub-groups and working groups delivering the action plans (not an exhaustive list)",
        ("Priority theme", "Sub-groups and working groups delivering the action plans"),
        tuple(rows), source=source(version, "priorities and the groups delivering them"),
        numeric=(False, False),
    )])


def _appendix4(version: PlanVersion, ctx: PlanContext) -> Section:
    rows = tuple((t["term"], t["meaning"]) for t in ctx.content.get("glossary", []))
    return Section(ctx.h("appendix4"), [Table(
        "Glossary of terms and acronyms", ("Term", "Meaning"), rows,
        source=source(version, "glossary"), numeric=(False, False),
    )] if rows else [])




def appendices(version: PlanVersion, ctx: PlanContext) -> list[Section]:
    return [_appendix1(version, ctx), _appendix2(version, ctx), _appendix3(version, ctx),
            _appendix4(version, ctx)]
