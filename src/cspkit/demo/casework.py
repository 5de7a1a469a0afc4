"""The demo partnership's case work: a synthetic vulnerability meeting (a year of referrals,
weekly meetings with their agendas) and a year of ASB Case Review applications. Every name is
"Demo person NNN": no real person. The same seed gives the same cases; run again, it adds
nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from cspkit.casework.models import (
    AgendaItem,
    AsbApplication,
    AsbIncident,
    Flag,
    Meeting,
    Recommendation,
    VulnerabilityAction,
    VulnerabilityCase,
)
from cspkit.casework.rules import add_working_days, threshold_test
from cspkit.partnership.models import Organisation, Partnership

__all__ = ["DemoCasework", "seed_casework"]

AGENCIES = [("police", "Castlebridgeshire Police", "police"),
            ("council", "Castlebridge District Council", "council"),
            ("health", "Castlebridge Health and Care", "health"),
            ("housing", "Castlebridge Homes", "housing")]
OTHER_FLAGS = [f for f in Flag.values if not f.startswith("mental_health")]


@dataclass(frozen=True)
class DemoCasework:
    vulnerability_cases: int
    meetings: int
    asb_applications: int


def _agencies(p: Partnership) -> list[Organisation]:
    found = []
    for key, name, kind in AGENCIES:
        org, _ = Organisation.objects.get_or_create(
            partnership=p, key=key, defaults={"name": name, "kind": kind})
        found.append(org)
    return found


def _vulnerability(p: Partnership, rng: np.random.Generator, orgs: list[Organisation],
                   wards: list[str], start: dt.date) -> int:
    for n in range(48):
        referred = start + dt.timedelta(days=int(rng.integers(0, 330)))
        flags = [] if rng.random() > 0.75 else [str(rng.choice(
            ["mental_health_victim", "mental_health_perpetrator"]))]
        flags += [str(f) for f in rng.choice(OTHER_FLAGS, int(rng.integers(0, 3)), False)]
        closed = referred + dt.timedelta(days=int(rng.integers(30, 200)))
        is_closed = closed < start + dt.timedelta(days=360)
        case = VulnerabilityCase.objects.create(
            partnership=p, name=f"Demo person {n + 1:03d}", ward_code=str(rng.choice(wards)),
            referring_agency=orgs[int(rng.integers(0, len(orgs)))], referred_on=referred,
            reason="Synthetic demo referral", lawful_basis="s115", consent="given",
            flags=sorted(set(flags)), likelihood=int(rng.integers(1, 6)),
            impact=int(rng.integers(1, 6)),
            status="closed" if is_closed else "open", closed_on=closed if is_closed else None,
            outcome=str(rng.choice(["risk_reduced", "referred_on", "disengaged"]))
            if is_closed else "",
        )
        VulnerabilityAction.objects.create(
            case=case, text="Joint welfare visit", owner=orgs[int(rng.integers(0, len(orgs)))],
            due=referred + dt.timedelta(days=14),
            done_on=referred + dt.timedelta(days=10) if rng.random() < 0.7 else None)
    return 48


def _meetings(p: Partnership, start: dt.date) -> int:
    day = start + dt.timedelta(days=(3 - start.weekday()) % 7)  # Thursdays
    n = 0
    while day < start + dt.timedelta(days=360):
        meeting = Meeting.objects.create(partnership=p, date=day, notes="Synthetic demo")
        new = VulnerabilityCase.objects.filter(
            partnership=p, referred_on__gt=day - dt.timedelta(days=7), referred_on__lte=day)
        for case in new:
            AgendaItem.objects.create(meeting=meeting, case=case, why="new",
                                      minutes="Discussed (demo)")
        day += dt.timedelta(days=7)
        n += 1
    return n


def _asb(p: Partnership, rng: np.random.Generator, orgs: list[Organisation],
         start: dt.date) -> int:
    for n in range(24):
        received = start + dt.timedelta(days=int(rng.integers(0, 330)))
        reports = [received - dt.timedelta(days=int(d))
                   for d in rng.integers(0, 240, int(rng.integers(1, 6)))]
        result = threshold_test(reports, received)
        decided = add_working_days(received, 8)
        app = AsbApplication.objects.create(
            partnership=p, applicant_name=f"Demo applicant {n + 1:03d}", received_on=received,
            description="Synthetic demo application", acknowledged_on=add_working_days(received, 3),
            threshold_met=result.met, threshold_rule=result.summary[:300], decided_on=decided,
            decision_reason=result.summary, status="closed",
            review_on=add_working_days(received, 22) if result.met else None,
            panel="Police, council, housing" if result.met else "",
            told_on=add_working_days(received, 26 if result.met else 10),
            closed_on=add_working_days(received, 26 if result.met else 10),
        )
        for day in reports:
            AsbIncident.objects.create(application=app, reported_on=day,
                                       agency=orgs[int(rng.integers(0, 2))])
        if result.met and rng.random() < 0.6:
            Recommendation.objects.create(application=app, text="Joint patrols (demo)",
                                          owner=orgs[0])
    return 24


def seed_casework(p: Partnership, wards: list[str], *, seed: int = 2024,
                  start: dt.date = dt.date(2024, 4, 1)) -> DemoCasework | None:
    """Add the demo case work to ``p`` (None, adding nothing, when it has cases already)."""
    if VulnerabilityCase.objects.filter(partnership=p).exists():
        return None
    rng = np.random.default_rng(seed)
    orgs = _agencies(p)
    cases = _vulnerability(p, rng, orgs, wards, start)
    return DemoCasework(cases, _meetings(p, start), _asb(p, rng, orgs, start))
