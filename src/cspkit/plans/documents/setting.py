"""The plan's priority setting: what the data told us, what people told us, and the
priorities for the year with the scoring of candidates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cspkit.analysis.policy import significant_changes
from cspkit.analysis.wording import p_text, pct_text
from cspkit.plans.documents.common import PlanContext, text_blocks
from cspkit.reports.document import BulletList, Paragraph, Section, Table

if TYPE_CHECKING:
    from cspkit.plans.models import PlanVersion

__all__ = ["data_section", "people_section", "year_section"]


def data_section(version: PlanVersion, ctx: PlanContext) -> Section:
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


def people_section(version: PlanVersion, ctx: PlanContext) -> Section:
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
                source=f"{sv.get('source', 'survey file')}, wave {sv.get('wave') or 'all'}",
                numeric=(False, True, False, True),
            ))
    return s


def year_section(version: PlanVersion, ctx: PlanContext) -> Section:
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
                    source=f"priority scores kept with the version (assessment "
                           f"{sc.get('year')})",
                    numeric=(True, False, True, *(True for _ in labels), False)))
    return s
