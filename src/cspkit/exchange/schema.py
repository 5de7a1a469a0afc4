"""The partnership file: one YAML document holding a whole partnership.

Top-level keys, in the order written (lists may be absent when empty)::

    format: cspkit-partnership/1
    partnership:          name, slug, csp_code, district_codes, police_force, police_force_name,
                          is_public, logo {name, content (base64)}
    organisations:        - key, name, kind, short_name, responsible_authority
    bodies:               - key, name, kind, short_name, description, functions [texts],
                            terms_of_reference, meets, reports_to (body key),
                            chairs [- name, job_title, organisation (key)],
                            members [organisation keys]
    external_plans:       - key, kind, title, publisher, period, note,
                            priorities [- key, title, kind]
    priorities:           - key, title, short_title, objective, why_important, focus,
                            delivered_by [- body (key), note],
                            aligned_with [EXTERNAL-PLAN-KEY/PRIORITY-KEY],
                            action_plans [- ACTION PLAN]
    cross_cutting_themes: - key, title, description, aligned_with, action_plans
    indicators:           - INDICATOR (those of no action plan)
    cases:                - key, title, body, ward_codes, ward_vintage, stage, started,
                            objective, scanning, analysis, response, assessment,
                            actions [action keys], evaluation {...}
    decisions:            - meeting, date, text, body, minute_reference,
                            about (KIND:KEY, e.g. priority:domestic-abuse)
    glossary:             - term, meaning, kind (acronym | term)

    ACTION PLAN:  year (2021/22), title, owner (body key), summary, outcome,
                  equalities_analysis, equalities_analysis_date, indicators [- INDICATOR],
                  actions [- text, key, owner (organisation key), lead, due, four_p, status,
                           resources, funding_bids [- funder, amount, status, submitted, note],
                           updates [- date, status, comment, by]]
    INDICATOR:    key, name, direction (up | down), frequency (monthly | quarterly | yearly),
                  definition, unit, baseline, baseline_period, target, target_period,
                  source (query | manual), query, params {...}, source_note,
                  measurements [- period, value, provenance {...}, note]

Order in lists is kept (it is the order of the plan). People, their accounts and roles, and the
audit log are not in the file.
"""

from __future__ import annotations

FORMAT = "cspkit-partnership/1"

TOP_KEYS = (
    "format",
    "partnership",
    "organisations",
    "bodies",
    "external_plans",
    "priorities",
    "cross_cutting_themes",
    "indicators",
    "cases",
    "decisions",
    "glossary",
)

#: Keys of each kind of entry, required ones first (see the importer), in the order written.
KEYS: dict[str, tuple[str, ...]] = {
    "partnership": ("name", "slug", "csp_code", "district_codes", "police_force",
                    "police_force_name", "is_public", "logo"),
    "organisation": ("key", "name", "kind", "short_name", "responsible_authority"),
    "body": ("key", "name", "kind", "short_name", "description", "functions",
             "terms_of_reference", "meets", "reports_to", "chairs", "members"),
    "chair": ("name", "job_title", "organisation"),
    "external_plan": ("key", "kind", "title", "publisher", "period", "note", "priorities"),
    "external_priority": ("key", "title", "kind"),
    "priority": ("key", "title", "short_title", "objective", "why_important", "focus",
                 "delivered_by", "aligned_with", "action_plans"),
    "delivery": ("body", "note"),
    "theme": ("key", "title", "description", "aligned_with", "action_plans"),
    "action_plan": ("year", "title", "owner", "summary", "outcome", "equalities_analysis",
                    "equalities_analysis_date", "indicators", "actions"),
    "action": ("text", "key", "owner", "lead", "due", "four_p", "status", "resources",
               "funding_bids", "updates"),
    "funding_bid": ("funder", "amount", "status", "submitted", "note"),
    "update": ("date", "status", "comment", "by"),
    "indicator": ("key", "name", "direction", "frequency", "definition", "unit", "baseline",
                  "baseline_period", "target", "target_period", "source", "query", "params",
                  "source_note", "measurements"),
    "measurement": ("period", "value", "provenance", "note"),
    "case": ("key", "title", "body", "ward_codes", "ward_vintage", "stage", "started",
             "objective", "scanning", "analysis", "response", "assessment", "actions",
             "evaluation"),
    "decision": ("meeting", "date", "text", "body", "minute_reference", "about"),
    "term": ("term", "meaning", "kind"),
}
