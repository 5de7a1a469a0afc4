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

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cspkit.analysis.policy import significant_changes
from cspkit.analysis.wording import p_text, pct_text
from cspkit.partnership.logos import partnership_logo
from cspkit.plans.content import plan_of_year
from cspkit.plans.structure import graph_of_content, structure_spec
from cspkit.plans.texts import heading, paragraphs
from cspkit.reports.document import (
    Block,
    BulletList,
    Callout,
    Document,
    Figure,
    Paragraph,
    Section,
    Table,
)

if TYPE_CHECKING:
    from cspkit.plans.models import PlanVersion

__all__ = ["PlanContext", "plan_document", "plan_sections", "text_blocks"]

BULLET_MAX = 250
MARKER = re.compile(r"^([a-z]\)|\d+[.)]|[-·•*])\s")
GOVERNANCE_KINDS = ("executive_group", "scrutiny_committee", "partnership")
LEAD_IN = {
    "executive_group": "The key functions of the executive group are to:",
    "partnership": "The {short} is responsible for:",
}


def text_blocks(text: str, markers: Mapping[str, Sequence[Block]] | None = None) -> list[Block]:
    """Paragraphs of ``text`` as blocks. After a paragraph ending with ":", the paragraphs that
    start with a list marker (``a)``, ``1.``, ``-``, ``·``) or are short (up to 250 characters)
    and do not end with "." or ":" make a bullet list. A paragraph ``[name]`` is replaced by
    ``markers[name]``."""
    markers = markers or {}
    out: list[Block] = []
    items: list[str] = []
    listing = False
    for para in paragraphs(text):
        if para.startswith("[") and para.endswith("]") and para[1:-1] in markers:
            if items:
                out.append(BulletList(tuple(items)))
                items = []
            out.extend(markers[para[1:-1]])
            listing = False
            continue
        marked = bool(MARKER.match(para))
        if listing and (marked or (len(para) <= BULLET_MAX and not para.endswith((":", ".")))):
            items.append(para.lstrip("·•-* ").strip())
            continue
        if items:
            out.append(BulletList(tuple(items)))
            items = []
        out.append(Paragraph(para))
        listing = para.endswith(":")
    if items:
        out.append(BulletList(tuple(items)))
    return out


@dataclass(frozen=True)
class PlanContext:
    """What every section needs: the version's content, headings and names."""

    content: Mapping[str, Any]
    headings: Mapping[str, str]
    name: str
    short: str
    title: str
    year: str
    year_label: str

    def h(self, key: str) -> str:
        return heading(self.headings, key, name=self.name, short=self.short, title=self.title,
                       year_label=self.year_label)

    def bodies(self, *kinds: str) -> list[Mapping[str, Any]]:
        return [b for b in self.content.get("bodies", []) if not kinds or b["kind"] in kinds]

    def body_name(self, key: str) -> str:
        for b in self.content.get("bodies", []):
            if b["key"] == key:
                return str(b["name"])
        return key

    @property
    def priorities(self) -> list[Mapping[str, Any]]:
        return list(self.content.get("priorities", []))


def _context(version: PlanVersion) -> PlanContext:
    content = version.content
    name = str(content.get("partnership", {}).get("name") or version.partnership.name)
    partnership_body = next((b for b in content.get("bodies", [])
                             if b.get("kind") == "partnership"), None)
    short = str((partnership_body or {}).get("short_name") or name)
    return PlanContext(content, version.headings or {}, name, short, version.title, version.year,
                       version.year_label or version.year)


def _signed(text: str, by: str) -> list[Block]:
    blocks = text_blocks(text)
    if by:
        blocks.append(Paragraph(f"**{by}**"))
    return blocks


def _source(version: PlanVersion, what: str) -> str:
    return f"{what}: plan version “{version.title}” of {version.partnership.name} (cspkit plans)"


# -- priority setting ------------------------------------------------------------------------


def _data_section(version: PlanVersion, ctx: PlanContext) -> Section:
    s = Section(ctx.h("data"), list(text_blocks(version.data_text)))
    a = version.assessment or {}
    if a.get("findings"):
        where = f" for {a['area_name']}" if a.get("area_name") else ""
        s.add(Paragraph(f"The {a.get('year', '')} strategic assessment{where} found:"),
              BulletList(tuple(a["findings"])))
    # only what the comparison policy compared and found significant (cspkit.analysis.policy)
    rows = [r for r in significant_changes(a.get("comparisons", []))
            if r.get("comparison") == "previous year"]
    if rows:
        s.add(Table(
            "Statistically significant changes against the previous year",
            ("Crime type", "Before", "After", "Change", "Result"),
            tuple((r["crime_type"], f"{r['before']:,.0f} ({r['before_label']})",
                   f"{r['after']:,.0f} ({r['after_label']})", pct_text(r.get("pct_change")),
                   f"{r['result']} ({p_text(r.get('p_value'))}, {r.get('test')})")
                  for r in rows),
            source=(a.get("sources", {}).get("trends", "") or "strategic assessment")
            + f"; linked on {a.get('linked', '')[:10]}",
            numeric=(False, True, True, True, False),
        ))
    return s


def _people_section(version: PlanVersion, ctx: PlanContext) -> Section:
    s = Section(ctx.h("people"), list(text_blocks(version.people_text)))
    sv = version.survey or {}
    if sv.get("sentences"):
        name = sv.get("title") or "the resident survey"
        s.add(Paragraph(f"Results of {name}" + (f" ({sv['wave']})" if sv.get("wave") else "")
                        + ":"), BulletList(tuple(sv["sentences"])))
        shares = sv.get("shares", [])
        if shares:
            method = shares[0].get("method", "")
            s.add(Table(
                f"Survey results with {method}", ("Question", "Share", "Interval", "Answered"),
                tuple(((r.get("statement") or r["question"]).capitalize(),
                       f"{100 * r['proportion']:.0f}%",
                       f"{100 * r['ci_low']:.0f}% to {100 * r['ci_high']:.0f}%", r["base"])
                      for r in shares),
                source=f"{sv.get('source', 'survey file')}, wave {sv.get('wave') or 'all'}; "
                       "cspkit.analysis.survey",
                numeric=(False, True, False, True),
            ))
    return s


def _year_section(version: PlanVersion, ctx: PlanContext) -> Section:
    listing = [BulletList(tuple(p["title"] for p in ctx.priorities))]
    blocks = text_blocks(version.priority_setting_text, {"priorities": listing})
    if "[priorities]" not in version.priority_setting_text:
        blocks += [Paragraph("The priorities are:"), *listing]
    s = Section(ctx.h("year_setting"), blocks)
    sc = version.scores or {}
    if sc.get("table"):
        criteria = [c["key"] for c in sc.get("matrix", {}).get("criteria", [])]
        labels = [c["label"] if len(c["label"]) <= 14 else c["key"].replace("_", " ").capitalize()
                  for c in sc.get("matrix", {}).get("criteria", [])]
        titles = {p["key"]: p.get("short_title") or p["title"] for p in ctx.priorities}
        rows = tuple(
            (r["rank"], r["title"], round(float(r["total"]), 1),
             *("–" if r.get(k) is None else r[k] for k in criteria),
             titles.get(r.get("priority") or "", "–"))
            for r in sc["table"][:10]
        )
        s.add(Paragraph("The candidates for priority were scored on stated criteria. "
                        + (sc.get("coverage") or "")
                        + " The ten highest are shown with the current priority each relates "
                        "to. A dash is a criterion not scored; the total is over those "
                        "scored."),
              Table("Candidate priorities ranked by the scoring matrix",
                    ("Rank", "Candidate", "Score (0-100)", *labels, "Current priority"), rows,
                    source=f"priority scores kept with the version (assessment {sc.get('year')}"
                           "; cspkit.analysis.priority)",
                    numeric=(True, False, True, *(True for _ in labels), False)))
    return s


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
              BulletList(tuple(t["title"] + (f" ({t['description']})" if t.get("description")
                                             and t["description"] != t["title"] else "")
                               for t in themes)))
    return s


def _actions(p: Mapping[str, Any], ctx: PlanContext) -> list[Block]:
    plan = plan_of_year(p, ctx.year)
    if plan is None and p.get("action_plans"):
        plan = sorted(p["action_plans"], key=lambda x: str(x["year"]))[-1]
    if plan is None:
        return [Paragraph("The action plan for the year is being written.")]
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
    s.sub(ctx.h("objective")).add(Paragraph(p.get("objective", "") or "To be agreed."))
    s.sub(ctx.h("focus")).blocks.extend(text_blocks(p.get("focus", "")))
    s.sub(ctx.h("actions")).blocks.extend(_actions(p, ctx))
    delivered = [ctx.body_name(d["body"]) for d in p.get("delivered_by", [])]
    if delivered:
        s.subsections[-1].add(Paragraph(f"**Delivered by:** {'; '.join(delivered)}."))
    return s


# -- appendices ------------------------------------------------------------------------------


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
                        source=_source(version, "external plans and alignments")))
        else:
            s.add(Paragraph("Its priorities are not recorded in the partnership's records."))
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
               source=_source(version, "bodies, reporting lines and delivering groups")),
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
        tuple(rows), source=_source(version, "priorities and the groups delivering them"),
        numeric=(False, False),
    )])


def _appendix4(version: PlanVersion, ctx: PlanContext) -> Section:
    rows = tuple((t["term"], t["meaning"]) for t in ctx.content.get("glossary", []))
    return Section(ctx.h("appendix4"), [Table(
        "Glossary of terms and acronyms", ("Term", "Meaning"), rows,
        source=_source(version, "glossary"), numeric=(False, False),
    )] if rows else [Paragraph("No terms recorded.")])


def plan_sections(version: PlanVersion) -> list[Section]:
    """The plan's sections (also the appendix of the issue for decision)."""
    ctx = _context(version)
    setting = Section(ctx.h("priority_setting"), [], [
        _data_section(version, ctx), _people_section(version, ctx),
        Section(ctx.h("local"), text_blocks(version.local_text)), _year_section(version, ctx)])
    priorities = _overview(ctx)
    priorities.subsections.extend(_priority(p, ctx) for p in ctx.priorities)
    appendices = Section(ctx.h("appendices"), [], [
        _appendix1(version, ctx), _appendix2(version, ctx), _appendix3(version, ctx),
        _appendix4(version, ctx)])
    return [
        Section(ctx.h("preface"), _signed(version.preface, version.preface_by)),
        Section(ctx.h("foreword"), _signed(version.foreword, version.foreword_by)),
        Section(ctx.h("introduction"), text_blocks(version.introduction)),
        setting,
        _governance(version, ctx),
        *_task_force(version, ctx),
        _linked_boards(version, ctx),
        priorities,
        appendices,
    ]


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
    ctx = _context(version)
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
