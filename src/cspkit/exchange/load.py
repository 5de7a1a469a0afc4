"""Import a partnership file: validate every value, create the records, all or nothing."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction

from cspkit.actions.models import Action, ActionPlan, FourP, FundingBid, ProgressUpdate, Status
from cspkit.errors import PartnershipFileError
from cspkit.exchange.protect import kept_records, refusal
from cspkit.exchange.reader import Node, Problems
from cspkit.exchange.schema import FORMAT, KEYS, TOP_KEYS
from cspkit.exchange.summary import counts
from cspkit.glossary.models import Term
from cspkit.governance.models import Body, BodyChair, BodyMember, Decision
from cspkit.indicators.models import Indicator, Measurement
from cspkit.partnership.audit import acting_as
from cspkit.partnership.models import Organisation, Partnership
from cspkit.priorities.models import (
    Alignment,
    CrossCuttingTheme,
    ExternalPlan,
    ExternalPriority,
    Priority,
    PriorityDelivery,
)
from cspkit.problemsolving.models import Case, CaseAction

__all__ = ["import_data", "import_yaml"]


def import_yaml(
    text: str, *, source: str = "<text>", user: Any = None, replace: bool = False,
    dry_run: dict[str, Any] | None = None,
) -> Partnership:
    """Import a partnership from YAML text; PartnershipFileError lists every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise PartnershipFileError(
            source, [f"not valid YAML{where}: {problem}; check the indentation and quotes there"]
        ) from None
    return import_data(data, source=source, user=user, replace=replace, dry_run=dry_run)


def import_data(
    data: Any, *, source: str = "<data>", user: Any = None, replace: bool = False,
    dry_run: dict[str, Any] | None = None,
) -> Partnership:
    """Import a partnership from a parsed document, in one transaction.

    ``replace`` deletes an existing partnership with the same slug first (in the same
    transaction), unless it has records that must be kept (:mod:`cspkit.exchange.protect`):
    then nothing changes. ``user`` is recorded as the author in the audit log. Given a
    ``dry_run`` dict, the import is undone at the end and the dict receives what it would
    have done: ``imported`` and ``replaced`` counts by kind.
    """
    problems = Problems()
    with acting_as(user), transaction.atomic():
        importer = _Importer(problems, replace)
        partnership = importer.run(Node(data, "", problems))
        if problems or partnership is None:
            transaction.set_rollback(True)
            raise PartnershipFileError(source, problems.items or ["nothing to import"])
        if dry_run is not None:
            dry_run.update(imported=counts(partnership), replaced=importer.replaced)
            transaction.set_rollback(True)
    return partnership


class _Importer:
    def __init__(self, problems: Problems, replace: bool) -> None:
        self.problems = problems
        self.replace = replace
        self.replaced: dict[str, int] = {}
        self.p: Partnership | None = None
        self.orgs: dict[str, Organisation] = {}
        self.bodies: dict[str, Body] = {}
        self.external: dict[str, ExternalPriority] = {}
        self.priorities: dict[str, Priority] = {}
        self.themes: dict[str, CrossCuttingTheme] = {}
        self.plans: dict[str, ActionPlan] = {}
        self.actions: dict[str, Action] = {}
        self.indicators: dict[str, Indicator] = {}
        self.cases: dict[str, Case] = {}
        self.indicator_position = 0

    # -- helpers -------------------------------------------------------------------------------

    def save(self, obj: models.Model, node: Node, rename: Mapping[str, str] | None = None) -> bool:
        """Validate and save ``obj``; map validation errors to the node's keys."""
        try:
            obj.full_clean()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                key = (rename or {}).get(field, field)
                for message in messages:
                    node.problem(None if key == "__all__" else key, message)
            return False
        obj._change_reason = "imported"
        obj.save()
        return True

    def unique(self, node: Node, seen: dict[str, str], key: str = "key") -> str | None:
        value = node.text(key)
        if not value:
            return None
        if value in seen:
            node.problem(key, f"{value!r} is used by {seen[value]} too; keys must be unique")
            return None
        seen[value] = node.path
        return value

    # -- the document --------------------------------------------------------------------------

    def run(self, root: Node) -> Partnership | None:
        ok = root.mapping(("format", "partnership"), TOP_KEYS[2:], "partnership file")
        if not ok and (not isinstance(root.value, Mapping) or "partnership" not in root.value):
            return None
        if root.get("format") not in (None, FORMAT):
            root.problem("format", f"{root.get('format')!r} is not a format this cspkit reads; "
                                   f"expected {FORMAT!r}")
            return None
        self.p = self.partnership(Node(root.get("partnership"), "partnership", self.problems))
        if self.p is None:
            return None
        seen: dict[str, str] = {}
        for i, n in enumerate(root.items("organisations")):
            self.organisation(n, i, seen)
        self.governance(root.items("bodies"))
        seen = {}
        for i, n in enumerate(root.items("external_plans")):
            self.external_plan(n, i, seen)
        seen = {}
        for i, n in enumerate(root.items("priorities")):
            self.priority(n, i, seen)
        seen = {}
        for i, n in enumerate(root.items("cross_cutting_themes")):
            self.theme(n, i, seen)
        for n in root.items("indicators"):
            self.indicator(n, None)
        seen = {}
        for n in root.items("cases"):
            self.case(n, seen)
        for n in root.items("decisions"):
            self.decision(n)
        seen = {}
        for i, n in enumerate(root.items("glossary")):
            self.term(n, i, seen)
        return self.p

    def partnership(self, n: Node) -> Partnership | None:
        if not n.mapping(KEYS["partnership"][:2], KEYS["partnership"][2:], "partnership"):
            return None
        slug = n.text("slug")
        existing = Partnership.objects.filter(slug=slug).first()
        if existing is not None:
            if not self.replace:
                n.problem("slug", f"a partnership {slug!r} is already in this database; import "
                                  "into a database without it, or replace it (--replace)")
                return None
            kept = kept_records(existing)
            if kept:
                n.problem("slug", refusal(existing, kept))
                return None
            self.replaced = counts(existing)
            existing.delete()
        p = Partnership(
            name=n.text("name"), slug=slug, csp_code=n.text("csp_code"),
            district_codes=n.texts("district_codes"), police_force=n.text("police_force"),
            police_force_name=n.text("police_force_name"), is_public=n.boolean("is_public"),
        )
        logo = n.get("logo")
        if logo is not None:
            ln = Node(logo, n.at("logo"), self.problems)
            if ln.mapping(("name", "content"), (), "logo"):
                try:
                    content = base64.b64decode(ln.text("content"), validate=True)
                except (binascii.Error, ValueError):
                    ln.problem("content", "is not base64 text (as `cspkit export` writes it)")
                else:
                    self.logo(p, ln.text("name"), content)
        return p if self.save(p, n) else None

    @staticmethod
    def logo(p: Partnership, name: str, content: bytes) -> None:
        """Attach the logo, reusing a stored file of the same name and content."""
        target = p.logo.field.generate_filename(p, name)
        storage = p.logo.storage
        if storage.exists(target):
            with storage.open(target, "rb") as fh:
                if fh.read() == content:
                    p.logo.name = target
                    return
        p.logo.save(name, ContentFile(content), save=False)

    def organisation(self, n: Node, i: int, seen: dict[str, str]) -> None:
        if not n.mapping(("key", "name", "kind"), KEYS["organisation"][3:], "organisation"):
            return
        key = self.unique(n, seen)
        org = Organisation(
            partnership=self.p, key=key or "", name=n.text("name"),
            short_name=n.text("short_name"),
            kind=n.choice("kind", Organisation.Kind.values),
            responsible_authority=n.boolean("responsible_authority"), position=i,
        )
        if key and self.save(org, n):
            self.orgs[key] = org

    def governance(self, nodes: list[Node]) -> None:
        seen: dict[str, str] = {}
        made: list[tuple[Node, Body]] = []
        for i, n in enumerate(nodes):
            if not n.mapping(("key", "name", "kind"), KEYS["body"][3:], "body"):
                continue
            key = self.unique(n, seen)
            body = Body(
                partnership=self.p, key=key or "", name=n.text("name"),
                short_name=n.text("short_name"), kind=n.choice("kind", Body.Kind.values),
                description=n.text("description"), functions=n.texts("functions"),
                terms_of_reference=n.text("terms_of_reference"), meets=n.text("meets"),
                position=i,
            )
            if key and self.save(body, n):
                self.bodies[key] = body
                made.append((n, body))
        for n, body in made:
            parent = n.ref("reports_to", self.bodies, "a body", "bodies")
            if parent is not None:
                body.reports_to = parent
                self.save(body, n)
            for j, c in enumerate(n.items("chairs")):
                if c.mapping(("name",), ("job_title", "organisation"), "chair"):
                    org = c.ref("organisation", self.orgs, "an organisation", "organisations")
                    self.save(BodyChair(body=body, name=c.text("name"),
                                        job_title=c.text("job_title"), organisation=org,
                                        position=j), c)
            for m in n.items("members"):
                if m.value not in self.orgs:
                    self.problems.add(m.path, f"{m.value!r} is not the key of an organisation; "
                                              f"organisations are {', '.join(self.orgs) or 'none'}")
                    continue
                self.save(BodyMember(body=body, organisation=self.orgs[m.value]), m)

    def external_plan(self, n: Node, i: int, seen: dict[str, str]) -> None:
        if not n.mapping(("key", "kind", "title"), KEYS["external_plan"][3:], "external plan"):
            return
        key = self.unique(n, seen)
        plan = ExternalPlan(
            partnership=self.p, key=key or "", kind=n.choice("kind", ExternalPlan.Kind.values),
            title=n.text("title"), publisher=n.text("publisher"), period=n.text("period"),
            note=n.text("note"), position=i,
        )
        if not (key and self.save(plan, n)):
            return
        inner: dict[str, str] = {}
        for j, e in enumerate(n.items("priorities")):
            if not e.mapping(("key", "title"), ("kind",), "external priority"):
                continue
            ekey = self.unique(e, inner)
            ep = ExternalPriority(
                plan=plan, key=ekey or "", title=e.text("title"),
                kind=e.choice("kind", ExternalPriority.Kind.values, "priority"), position=j,
            )
            if ekey and self.save(ep, e):
                self.external[f"{key}/{ekey}"] = ep

    def _aligned(self, n: Node, priority: Priority | None, theme: CrossCuttingTheme | None) -> None:
        for a in n.items("aligned_with"):
            if a.value not in self.external:
                self.problems.add(a.path, f"{a.value!r} is not an external priority; write it as "
                                          "PLAN-KEY/PRIORITY-KEY, one of "
                                          f"{', '.join(self.external) or 'none'}")
                continue
            self.save(Alignment(external=self.external[a.value], priority=priority, theme=theme),
                      a)

    def priority(self, n: Node, i: int, seen: dict[str, str]) -> None:
        if not n.mapping(("key", "title"), KEYS["priority"][2:], "priority"):
            return
        key = self.unique(n, seen)
        pr = Priority(
            partnership=self.p, key=key or "", title=n.text("title"),
            short_title=n.text("short_title"), objective=n.text("objective"),
            why_important=n.text("why_important"), focus=n.text("focus"), position=i,
        )
        if not (key and self.save(pr, n)):
            return
        self.priorities[key] = pr
        for j, d in enumerate(n.items("delivered_by")):
            if d.mapping(("body",), ("note",), "delivery"):
                body = d.ref("body", self.bodies, "a body", "bodies")
                if body is not None:
                    self.save(PriorityDelivery(priority=pr, body=body, note=d.text("note"),
                                               position=j), d)
        self._aligned(n, pr, None)
        for a in n.items("action_plans"):
            self.action_plan(a, pr, None, key)

    def theme(self, n: Node, i: int, seen: dict[str, str]) -> None:
        if not n.mapping(("key", "title"), KEYS["theme"][2:], "cross-cutting theme"):
            return
        key = self.unique(n, seen)
        th = CrossCuttingTheme(partnership=self.p, key=key or "", title=n.text("title"),
                               description=n.text("description"), position=i)
        if not (key and self.save(th, n)):
            return
        self.themes[key] = th
        self._aligned(n, None, th)
        for a in n.items("action_plans"):
            self.action_plan(a, None, th, key)

    def action_plan(
        self, n: Node, pr: Priority | None, th: CrossCuttingTheme | None, subject: str
    ) -> None:
        if not n.mapping(("year",), KEYS["action_plan"][1:], "action plan"):
            return
        plan = ActionPlan(
            partnership=self.p, priority=pr, theme=th, year=n.text("year"),
            title=n.text("title"), owner=n.ref("owner", self.bodies, "a body", "bodies"),
            summary=n.text("summary"), outcome=n.text("outcome"),
            equalities_analysis=n.text("equalities_analysis"),
            equalities_analysis_date=n.date("equalities_analysis_date"),
        )
        if not self.save(plan, n):
            return
        self.plans[f"{subject}/{plan.year}"] = plan
        for i in n.items("indicators"):
            self.indicator(i, plan)
        for j, a in enumerate(n.items("actions")):
            self.action(a, plan, j)

    def action(self, n: Node, plan: ActionPlan, position: int) -> None:
        if not n.mapping(("text",), KEYS["action"][1:], "action"):
            return
        key = n.text("key")
        if key and key in self.actions:
            n.problem("key", f"{key!r} is the key of another action too; keys must be unique")
            return
        action = Action(
            action_plan=plan, key=key, text=n.text("text"),
            owner=n.ref("owner", self.orgs, "an organisation", "organisations"),
            lead=n.text("lead"), due=n.date("due"),
            four_p=n.choice("four_p", FourP.values), resources=n.text("resources"),
            status=n.choice("status", Status.values, "not_started"), position=position,
        )
        if not self.save(action, n):
            return
        if key:
            self.actions[key] = action
        for b in n.items("funding_bids"):
            if b.mapping(("funder",), ("amount", "status", "submitted", "note"), "funding bid"):
                self.save(FundingBid(
                    action=action, funder=b.text("funder"), amount=b.money("amount"),
                    status=b.choice("status", FundingBid.BidStatus.values, "planned"),
                    submitted=b.date("submitted"), note=b.text("note"),
                ), b)
        for u in n.items("updates"):
            if u.mapping(("date", "status"), ("comment", "by"), "progress update"):
                self.save(ProgressUpdate(
                    action=action, date=u.date("date"), status=u.choice("status", Status.values),
                    comment=u.text("comment"), by=u.text("by"),
                ), u)

    def indicator(self, n: Node, plan: ActionPlan | None) -> None:
        if not n.mapping(("key", "name", "direction", "frequency"), KEYS["indicator"][4:],
                         "indicator"):
            return
        key = n.text("key")
        if key in self.indicators:
            n.problem("key", f"{key!r} is the key of another indicator too; keys must be unique")
            return
        ind = Indicator(
            partnership=self.p, action_plan=plan, key=key, name=n.text("name"),
            definition=n.text("definition"), unit=n.text("unit"),
            direction=n.choice("direction", Indicator.Direction.values),
            baseline=n.number("baseline"), baseline_period=n.text("baseline_period"),
            target=n.number("target"), target_period=n.text("target_period"),
            frequency=n.choice("frequency", Indicator.Frequency.values),
            source=n.choice("source", Indicator.Source.values, "manual"),
            query=n.text("query"), params=n.json_object("params"),
            source_note=n.text("source_note"), position=self.indicator_position,
        )
        self.indicator_position += 1
        if not self.save(ind, n):
            return
        self.indicators[key] = ind
        for m in n.items("measurements"):
            if m.mapping(("period", "value"), ("provenance", "note"), "measurement"):
                self.save(Measurement(
                    indicator=ind, period=m.text("period"), value=m.number("value"),
                    provenance=m.json_object("provenance"), note=m.text("note"),
                ), m)

    def case(self, n: Node, seen: dict[str, str]) -> None:
        if not n.mapping(("key", "title"), KEYS["case"][2:], "problem-solving case"):
            return
        key = self.unique(n, seen)
        case = Case(
            partnership=self.p, key=key or "", title=n.text("title"),
            body=n.ref("body", self.bodies, "a body", "bodies"),
            ward_codes=n.texts("ward_codes"), ward_vintage=n.text("ward_vintage"),
            stage=n.choice("stage", Case.Stage.values, "objective"), started=n.date("started"),
            objective=n.text("objective"), scanning=n.text("scanning"),
            analysis=n.text("analysis"), response=n.text("response"),
            assessment=n.text("assessment"), evaluation=n.json_object("evaluation"),
        )
        if not (key and self.save(case, n)):
            return
        self.cases[key] = case
        for a in n.items("actions"):
            if a.value not in self.actions:
                self.problems.add(a.path, f"{a.value!r} is not the key of an action; actions "
                                          f"with keys are {', '.join(self.actions) or 'none'}")
                continue
            self.save(CaseAction(case=case, action=self.actions[a.value]), a)

    def _about(self, n: Node) -> models.Model | None:
        ref = n.get("about")
        if ref is None:
            return None
        kind, _, name = str(ref).partition(":")
        tables: dict[str, Mapping[str, Any]] = {
            "priority": self.priorities, "theme": self.themes, "body": self.bodies,
            "organisation": self.orgs, "action_plan": self.plans, "action": self.actions,
            "indicator": self.indicators, "case": self.cases,
        }
        if kind not in tables or name not in tables[kind]:
            n.problem("about", f"{ref!r} names no record; write KIND:KEY with KIND one of "
                               f"{', '.join(tables)} (action_plan:SUBJECT-KEY/YEAR), e.g. "
                               "priority:domestic-abuse")
            return None
        return tables[kind][name]

    def decision(self, n: Node) -> None:
        if not n.mapping(("meeting", "date", "text"), KEYS["decision"][3:], "decision"):
            return
        d = Decision(
            partnership=self.p, body=n.ref("body", self.bodies, "a body", "bodies"),
            meeting=n.text("meeting"), date=n.date("date"),
            minute_reference=n.text("minute_reference"), text=n.text("text"),
        )
        about = self._about(n)
        if about is not None:
            d.about = about
        self.save(d, n, {"about_id": "about", "about_type": "about"})

    def term(self, n: Node, i: int, seen: dict[str, str]) -> None:
        if not n.mapping(("term", "meaning"), ("kind",), "glossary entry"):
            return
        term = self.unique(n, seen, "term")
        t = Term(partnership=self.p, term=term or "", meaning=n.text("meaning"),
                 kind=n.choice("kind", Term.Kind.values, "acronym"), position=i)
        if term:
            self.save(t, n)
