"""The difference between two versions of a plan, as records and as sentences.

:func:`diff_contents` compares two contents (:mod:`cspkit.plans.content`) and, optionally,
two sets of texts (:func:`cspkit.plans.texts.texts_of`); :func:`diff_versions` does it for two
:class:`~cspkit.plans.models.PlanVersion`. Each :class:`Change` has a ``kind``
(:data:`KINDS`), the priority (or body, theme, text) it concerns, the field, the values before
and after, and a sentence for people.

Matching: priorities by key, then (for keys changed) by the likeness of their titles; actions
within a priority by key, then by year and text, then by the likeness of their text within a
year (a reworded action). An action missing from the newer version is *dropped*; one whose
status became ``complete`` is *completed*.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from cspkit.plans.texts import TEXT_FIELDS

if TYPE_CHECKING:
    from cspkit.plans.models import PlanVersion

__all__ = ["KINDS", "Change", "PlanDiff", "diff_contents", "diff_versions"]

#: Kinds of change, in the order a difference lists them.
KINDS = (
    "priority_added", "priority_removed", "priority_reworded", "priority_text_changed",
    "delivery_changed", "plan_owner_changed", "action_added", "action_completed",
    "action_dropped", "action_reworded", "action_status_changed", "theme_added",
    "theme_removed", "theme_changed", "body_added", "body_removed", "body_changed",
    "term_added", "term_removed", "term_changed", "text_changed",
)
PRIORITY_TEXTS = {"objective": "objective", "why_important": "“why is this important”",
                  "focus": "focus"}
STATUS = {"not_started": "not started", "on_track": "on track", "at_risk": "at risk",
          "off_track": "off track", "complete": "complete"}
TITLE_LIKENESS = 0.6
ACTION_LIKENESS = 0.7


@dataclass(frozen=True)
class Change:
    """One difference between two versions."""

    kind: str
    key: str
    """The priority's key (for actions and deliveries too), or the body, theme, term or text."""
    sentence: str
    field: str = ""
    before: Any = None
    after: Any = None
    year: str = ""

    def as_data(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PlanDiff:
    """Every change from ``before`` to ``after``, in the order of :data:`KINDS`."""

    before: str
    after: str
    changes: tuple[Change, ...]

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def of_kind(self, *kinds: str) -> list[Change]:
        return [c for c in self.changes if c.kind in kinds]

    def sentences(self) -> list[str]:
        return [c.sentence for c in self.changes]

    def summary(self) -> str:
        """"2 changes: 1 action added, 1 priority reworded"."""
        if not self.changes:
            return "No changes"
        counts: dict[str, int] = {}
        for c in self.changes:
            counts[c.kind] = counts.get(c.kind, 0) + 1
        parts = [f"{n} {k.replace('_', ' ', 1).replace('_', ' ')}" for k, n in counts.items()]
        return f"{len(self.changes)} change{'s' if len(self.changes) != 1 else ''}: " + \
            ", ".join(parts)

    def as_data(self) -> dict[str, Any]:
        return {"before": self.before, "after": self.after,
                "changes": [c.as_data() for c in self.changes]}


def _q(text: str) -> str:
    return f"“{text}”"


def _like(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def _name(p: Mapping[str, Any]) -> str:
    return str(p.get("short_title") or p.get("title") or p.get("key"))


def _sentences_of(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text or "") if s.strip()]


def _changed(subject: str, before: str, after: str) -> str:
    """"X changed from “a” to “b”." for one sentence each; else "X changed: added “...”;
    removed “...”." sentence by sentence."""
    old, new = _sentences_of(before), _sentences_of(after)
    if len(old) <= 1 and len(new) <= 1 and old and new:
        return f"{subject} changed from {_q(old[0].strip())} to {_q(new[0].strip())}."
    added = [s.strip() for s in new if s not in old]
    removed = [s.strip() for s in old if s not in new]
    parts = []
    if added:
        parts.append("added " + " ".join(_q(s) for s in added))
    if removed:
        parts.append("removed " + " ".join(_q(s) for s in removed))
    return f"{subject} changed: {'; '.join(parts) or 'spacing only'}."


def _pair(
    old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]], key: str, label: str,
    likeness: float,
) -> tuple[list[tuple[Mapping[str, Any], Mapping[str, Any]]], list[Mapping[str, Any]],
           list[Mapping[str, Any]]]:
    """Pairs matched by ``key``, then by the likeness of ``label``; and the unmatched."""
    pairs = []
    new_left = list(new)
    old_left = []
    for o in old:
        hit = next((n for n in new_left if n.get(key) and n.get(key) == o.get(key)), None)
        if hit is None:
            old_left.append(o)
        else:
            pairs.append((o, hit))
            new_left.remove(hit)
    for o in list(old_left):
        scored = sorted(((_like(str(o.get(label, "")), str(n.get(label, ""))), i)
                         for i, n in enumerate(new_left)), reverse=True)
        if scored and scored[0][0] >= likeness:
            n = new_left.pop(scored[0][1])
            pairs.append((o, n))
            old_left.remove(o)
    return pairs, old_left, new_left


def _bodies(content: Mapping[str, Any]) -> dict[str, str]:
    return {str(b.get("key")): str(b.get("name")) for b in content.get("bodies", [])}


def _priorities(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    pairs, removed, added = _pair(old.get("priorities", []), new.get("priorities", []), "key",
                                  "title", TITLE_LIKENESS)
    for p in added:
        yield Change("priority_added", str(p["key"]), f"New priority: {_q(p['title'])}.",
                     "title", None, p["title"])
    for p in removed:
        yield Change("priority_removed", str(p["key"]), f"Priority removed: {_q(p['title'])}.",
                     "title", p["title"], None)
    for o, n in pairs:
        if o.get("title") != n.get("title"):
            yield Change("priority_reworded", str(n["key"]),
                         f"Priority reworded: {_q(o['title'])} now reads {_q(n['title'])}.",
                         "title", o["title"], n["title"])
        for f, label in PRIORITY_TEXTS.items():
            a, b = o.get(f, ""), n.get(f, "")
            if " ".join(a.split()) != " ".join(b.split()):
                yield Change("priority_text_changed", str(n["key"]),
                             _changed(f"The {label} of {_q(_name(n))}", a, b),
                             f, a, b)
    yield from _deliveries(pairs, _bodies(old), _bodies(new))
    for o, n in pairs:
        yield from _actions(o, n, _bodies(old), _bodies(new))


def _deliveries(pairs: list[tuple[Mapping[str, Any], Mapping[str, Any]]],
                old_names: dict[str, str], new_names: dict[str, str]) -> Iterator[Change]:
    for o, n in pairs:
        a = [d["body"] for d in o.get("delivered_by", [])]
        b = [d["body"] for d in n.get("delivered_by", [])]
        if a == b:
            continue
        plus = [new_names.get(x, x) for x in b if x not in a]
        minus = [old_names.get(x, x) for x in a if x not in b]
        parts = ([f"added {', '.join(plus)}"] if plus else []) + \
                ([f"no longer {', '.join(minus)}"] if minus else [])
        text = "; ".join(parts) or "the same bodies in another order"
        yield Change("delivery_changed", str(n["key"]),
                     f"Subgroups and groups delivering {_q(_name(n))}: {text}.",
                     "delivered_by", a, b)


def _actions(o: Mapping[str, Any], n: Mapping[str, Any], old_names: dict[str, str],
             new_names: dict[str, str]) -> Iterator[Change]:
    key, name = str(n["key"]), _name(n)
    old_plans = {p.get("year"): p for p in o.get("action_plans", [])}
    for plan in n.get("action_plans", []):
        before = old_plans.get(plan.get("year"))
        if before is not None and before.get("owner") != plan.get("owner"):
            was = old_names.get(str(before.get("owner")), before.get("owner") or "no one")
            now = new_names.get(str(plan.get("owner")), plan.get("owner") or "no one")
            yield Change("plan_owner_changed", key,
                         f"The {plan['year']} action plan of {_q(name)} is now owned by {now} "
                         f"(was {was}).", "owner", before.get("owner"), plan.get("owner"),
                         str(plan["year"]))
    olds = [dict(a, year=p.get("year")) for p in o.get("action_plans", [])
            for a in p.get("actions", [])]
    news = [dict(a, year=p.get("year")) for p in n.get("action_plans", [])
            for a in p.get("actions", [])]
    pairs, dropped, added = _match_actions(olds, news)
    for a in added:
        yield Change("action_added", key, f"New action for {_q(name)} ({a['year']}): "
                     f"{_q(a['text'])}.", "text", None, a["text"], str(a["year"]))
    for a, b in pairs:
        was, now = a.get("status", "not_started"), b.get("status", "not_started")
        if was != now and now == "complete":
            yield Change("action_completed", key, f"Action completed for {_q(name)}: "
                         f"{_q(b['text'])}.", "status", was, now, str(b["year"]))
    for a in dropped:
        yield Change("action_dropped", key, f"Action dropped from {_q(name)}: {_q(a['text'])}.",
                     "text", a["text"], None, str(a["year"]))
    for a, b in pairs:
        if a["text"] != b["text"]:
            yield Change("action_reworded", key, f"Action of {_q(name)} reworded: "
                         f"{_q(a['text'])} now reads {_q(b['text'])}.", "text", a["text"],
                         b["text"], str(b["year"]))
    for a, b in pairs:
        was, now = a.get("status", "not_started"), b.get("status", "not_started")
        if was != now and now != "complete":
            yield Change("action_status_changed", key,
                         f"Action of {_q(name)} is now {STATUS.get(now, now)} (was "
                         f"{STATUS.get(was, was)}): {_q(b['text'])}.", "status", was, now,
                         str(b["year"]))


def _match_actions(
    olds: list[dict[str, Any]], news: list[dict[str, Any]]
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[dict[str, Any]],
           list[dict[str, Any]]]:
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    old_left, new_left = list(olds), list(news)
    for same in (
        lambda a, b: bool(a.get("key")) and a.get("key") == b.get("key"),
        lambda a, b: a["year"] == b["year"] and a["text"] == b["text"],
        lambda a, b: a["text"] == b["text"],
        lambda a, b: a["year"] == b["year"] and _like(a["text"], b["text"]) >= ACTION_LIKENESS,
    ):
        for a in list(old_left):
            hit = next((b for b in new_left if same(a, b)), None)
            if hit is not None:
                pairs.append((a, hit))
                old_left.remove(a)
                new_left.remove(hit)
    return pairs, old_left, new_left


def _keyed(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]], key: str
           ) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]],
                      list[tuple[Mapping[str, Any], Mapping[str, Any]]]]:
    a = {str(x.get(key)): x for x in old}
    b = {str(x.get(key)): x for x in new}
    return ([b[k] for k in b if k not in a], [a[k] for k in a if k not in b],
            [(a[k], b[k]) for k in b if k in a and a[k] != b[k]])


def _others(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    added, removed, changed = _keyed(old.get("cross_cutting_themes", []),
                                     new.get("cross_cutting_themes", []), "key")
    for t in added:
        yield Change("theme_added", str(t["key"]), f"New cross-cutting theme: {_q(t['title'])}.")
    for t in removed:
        yield Change("theme_removed", str(t["key"]),
                     f"Cross-cutting theme removed: {_q(t['title'])}.")
    for a, b in changed:
        fields = [f for f in ("title", "description") if a.get(f) != b.get(f)]
        if fields:
            yield Change("theme_changed", str(b["key"]),
                         f"The cross-cutting theme {_q(b['title'])} changed its "
                         f"{' and '.join(fields)}.", ",".join(fields))
    added, removed, changed = _keyed(old.get("bodies", []), new.get("bodies", []), "key")
    for b in added:
        yield Change("body_added", str(b["key"]), f"New body in the structure: {b['name']}.")
    for b in removed:
        yield Change("body_removed", str(b["key"]), f"Body no longer in the structure: "
                     f"{b['name']}.")
    for a, b in changed:
        fields = [f for f in ("name", "kind", "reports_to", "description", "functions", "chairs",
                              "members", "meets") if a.get(f) != b.get(f)]
        if fields:
            yield Change("body_changed", str(b["key"]),
                         f"{b['name']}: changed {', '.join(f.replace('_', ' ') for f in fields)}.",
                         ",".join(fields))
    added, removed, changed = _keyed(old.get("glossary", []), new.get("glossary", []), "term")
    for t in added:
        yield Change("term_added", str(t["term"]), f"New glossary entry: {t['term']}.")
    for t in removed:
        yield Change("term_removed", str(t["term"]), f"Glossary entry removed: {t['term']}.")
    for a, b in changed:
        yield Change("term_changed", str(b["term"]), f"Glossary entry {b['term']} now reads "
                     f"{_q(b['meaning'])}.", "meaning", a.get("meaning"), b.get("meaning"))


def _texts(before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[Change]:
    for name, label in TEXT_FIELDS.items():
        a, b = str(before.get(name) or ""), str(after.get(name) or "")
        if " ".join(a.split()) != " ".join(b.split()):
            yield Change("text_changed", name, _changed(f"The {label}", a, b), name, a, b)


def diff_contents(
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    *,
    texts_before: Mapping[str, Any] | None = None,
    texts_after: Mapping[str, Any] | None = None,
    names: tuple[str, str] = ("before", "after"),
) -> PlanDiff:
    """Every change from ``before`` to ``after`` (contents), and between their texts if given."""
    found = [*_priorities(before, after), *_others(before, after)]
    if texts_before is not None and texts_after is not None:
        found += list(_texts(texts_before, texts_after))
    order = {k: i for i, k in enumerate(KINDS)}
    found.sort(key=lambda c: order[c.kind])
    return PlanDiff(names[0], names[1], tuple(found))


def diff_versions(before: PlanVersion, after: PlanVersion) -> PlanDiff:
    """The difference between two versions of a plan: content and texts."""
    from cspkit.plans.texts import texts_of

    return diff_contents(before.content, after.content, texts_before=texts_of(before),
                         texts_after=texts_of(after), names=(before.title, after.title))
