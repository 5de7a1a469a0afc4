"""The shipped example: the Safer Maidstone Partnership from its June 2021 plan."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cspkit.actions.models import Action
from cspkit.cli import main
from cspkit.exchange import counts, export_yaml, import_yaml
from cspkit.governance.graph import structure_graph
from cspkit.governance.svg import render_svg
from cspkit.partnership.models import Partnership

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "maidstone.yaml"
SEED = ROOT.parent / "shared" / "seeds" / "003_4670e9d269650ce4.txt"

# Counted in the plan: five priorities; Year 3 actions 3 + 2 + 3 + 4 + 3; Appendix 4's entries.
PRIORITIES, ACTIONS, GLOSSARY = 5, 15, 28


@pytest.fixture
def smp() -> Partnership:
    return import_yaml(EXAMPLE.read_text(encoding="utf-8"), source=str(EXAMPLE))


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_example_imports_with_the_plans_counts(smp: Partnership) -> None:
    assert (smp.name, smp.slug, smp.csp_code, smp.district_codes, smp.police_force_name) == (
        "Safer Maidstone Partnership", "maidstone", "E22000142", ["E07000110"], "Kent Police"
    )
    assert counts(smp) == {
        "organisations": 14, "bodies": 21, "priorities": PRIORITIES, "cross-cutting themes": 3,
        "action plans": 5, "actions": ACTIONS, "indicators": 0, "problem-solving cases": 1,
        "decisions": 1, "glossary terms": GLOSSARY,
    }
    assert set(Action.objects.filter(action_plan__partnership=smp).values_list(
        "status", flat=True)) == {"not_started"}
    assert smp.organisations.filter(responsible_authority=True).count() == 7


def test_verbatim_texts(smp: Partnership) -> None:
    da = smp.priorities.get(key="domestic-abuse")
    assert da.objective == (
        "The SMP will ensure that all communities residing in the borough can live their lives "
        "in safety without the fear or harm caused by domestic abuse."
    )
    assert da.focus.startswith(
        "The continued increases in reporting and attendance at the ‘one-stop-shop’ indicates"
    )
    assert Action.objects.filter(
        text="Work with partners to identify and disrupt illegal puppy farms and unlicensed "
        "breeders."
    ).get().four_p == "pursue"
    assert smp.glossary.get(term="MARAC").meaning == "Multi Agency Risk Assessment Conference"
    smpeg = smp.bodies.get(key="smpeg")
    assert smpeg.functions[0] == (
        "Provide strategic leadership and vision to make Maidstone a safer borough"
    )
    assert [c.name for c in smpeg.chairs.all()] == ["Alison Broom", "Gary Woodward"]


def test_the_subgroups_of_each_priority_appendix_3(smp: Partnership) -> None:
    delivery = {
        p.key: [d.body.key for d in p.deliveries.all()]
        for p in smp.priorities.prefetch_related("deliveries__body")
    }
    assert delivery == {
        "serious-organised-crime": ["socp", "kecwpg"],
        "domestic-abuse": ["daf", "vit-professionals"],
        "children-young-people": ["dcsm", "lcpg", "arm-panel"],
        "substance-misuse": ["dcsm", "community-protection-team", "homeless-outreach",
                             "licensing-team"],
        "mental-health": ["csvg", "csvg-steering-group", "mbc-safeguarding-board"],
    }
    owners = {p.priority.key: p.owner.key for p in smp.action_plans.all()}
    assert owners["substance-misuse"] == "community-protection-team"


def test_the_task_force_and_its_first_focus_area(smp: Partnership) -> None:
    case = smp.cases.get()
    assert (case.title, case.ward_codes, case.body.name) == (
        "Shepway North and Shepway South", ["E05005003", "E05005004"], "Maidstone Task Force"
    )
    assert "OSARA" in case.response


def test_every_text_is_the_plans_own_words(smp: Partnership) -> None:
    if not SEED.exists():
        pytest.skip(f"the plan's text is not at {SEED}")
    seed = plain(SEED.read_text(encoding="utf-8"))
    texts = []
    for p in smp.priorities.all():
        texts += [p.title, p.objective]
        texts += [para for para in (p.why_important + "\n" + p.focus).split("\n") if para]
        for plan in p.action_plans.all():
            texts.append(plan.summary)
            texts += [a.text for a in plan.actions.all()]
    for b in smp.bodies.all():
        texts += b.functions
    # (a function may start with a capital where the plan's sentence runs on: "...for ensuring")
    missing = [t for t in texts if plain(t) not in seed and plain(t)[0].lower() + plain(t)[1:]
               not in seed]
    assert missing == []
    terms = [plain(f"{t.term} = {t.meaning}") for t in smp.glossary.all()]
    seed_terms = seed.replace("= ", " = ").replace("  ", " ")
    assert [t for t in terms if t not in seed_terms] == []


def test_the_structure_graph_and_diagram(smp: Partnership) -> None:
    g = structure_graph(smp)
    ids = [n.id for n in g.nodes]
    assert len(ids) == 21 + 5
    assert ("body:smp", "body:smpeg", "reports_to") in {(e.source, e.target, e.kind)
                                                         for e in g.edges}
    assert ("body:socp", "priority:serious-organised-crime", "delivers") in {
        (e.source, e.target, e.kind) for e in g.edges
    }
    levels = {n.id: n.level for n in g.nodes}
    assert (levels["body:cdc"], levels["body:smpeg"], levels["body:smp"], levels["body:socp"]) == (
        0, 1, 2, 3
    )
    assert levels["priority:mental-health"] == 4
    assert levels["body:kecwpg"] == 3  # unattached groups sit with the subgroups
    svg = render_svg(g, "Safer Maidstone Partnership structure")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert svg.count("<rect") == 26
    assert "<title>Safer Maidstone Partnership structure</title>" in svg
    assert "Serious &amp; Organised Crime Panel" in svg


def test_import_and_export_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CSPKIT_HOME", str(tmp_path))
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Imported Safer Maidstone Partnership (maidstone): 14 organisations, 21 bodies, "
        "5 priorities, 3 cross-cutting themes, 5 action plans, 15 actions, 0 indicators, "
        "1 problem-solving cases, 1 decisions, 28 glossary terms\n"
    )
    out = tmp_path / "smp.yaml"
    result = runner.invoke(main, ["export", "maidstone", "-o", str(out)])
    assert (result.exit_code, result.output) == (0, f"Wrote Safer Maidstone Partnership to {out}\n")
    assert out.read_text(encoding="utf-8") == export_yaml("maidstone")
    printed = runner.invoke(main, ["export", "maidstone"])
    assert printed.output == out.read_text(encoding="utf-8")

    again = runner.invoke(main, ["import", str(out)])
    assert again.exit_code == 2
    assert again.output == (
        f"Error: {out}: 1 problem; nothing was imported\n  partnership.slug: a partnership "
        "'maidstone' is already in this database; import into a database without it, or "
        "replace it (--replace)\n"
    )
    refused = runner.invoke(main, ["import", "--replace", str(out)])  # it holds a decision
    assert refused.exit_code == 2 and "1 decisions" in " ".join(refused.output.split())
    missing = runner.invoke(main, ["export", "nowhere"])
    assert (missing.exit_code, missing.output) == (
        2, "Error: no partnership has the slug 'nowhere'; partnerships here: maidstone\n"
    )
