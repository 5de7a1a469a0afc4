"""A description of the case work's processing, ready for a Data Protection Impact Assessment:
what is held, why, who sees it, for how long, and how it is protected, generated from the
partnership's settings and roles (so it changes when they do)."""

from __future__ import annotations

from cspkit.casework.asb import settings_for
from cspkit.casework.models import CaseworkRole, Forum
from cspkit.partnership.models import Partnership

__all__ = ["ENCRYPTION_DECISION", "dpia_text"]

ENCRYPTION_DECISION = (
    "Fields are not encrypted one by one inside the database. Case workers search, list and "
    "count cases (the agenda, the threshold test, the trends), which field encryption would "
    "stop the database doing, and the key would sit on the same server as the application "
    "that decrypts every field it shows. The data is protected instead by: access only for "
    "case workers of the forum, every view logged; the database on an encrypted disk (or a "
    "managed PostgreSQL with encryption at rest); TLS to the browser and to the database; "
    "encrypted backups kept no longer than the retention period; retention run on a "
    "schedule (`cspkit case retention SLUG --yes`, e.g. nightly by cron or a systemd timer)."
)

HELD = {
    Forum.VULNERABILITY: (
        "the person, household or place referred (name, date of birth, address, ward); the "
        "referring agency, the reason, the lawful basis and consent; vulnerability flags "
        "(special category: mental health; also abuse, exploitation, substance misuse); the "
        "risk matrix and its history; actions, owners and dates; meeting minutes and "
        "decisions; the outcome at closure",
        "to protect vulnerable people and reduce crime and disorder (Crime and Disorder Act "
        "1998 s.17 and s.115; UK GDPR art. 6(1)(e), art. 9(2)(g) with DPA 2018 Sch. 1 "
        "para. 6 and 18; art. 10 with Sch. 1 para. 10 for crime data)",
    ),
    Forum.ASB_REVIEW: (
        "the applicant (name, contact details, the person applied for); the behaviour "
        "described and the reports made (dates, agencies); the threshold decision, the review, "
        "its panel, findings and recommendations; the letters to the applicant; any appeal",
        "the statutory ASB Case Review (Anti-social Behaviour, Crime and Policing Act 2014 "
        "s.104 and Sch. 4; UK GDPR art. 6(1)(c) and (e))",
    ),
}


def dpia_text(partnership: Partnership) -> str:
    """The description as Markdown."""
    s = settings_for(partnership)
    keep = {
        Forum.VULNERABILITY: (s.vulnerability_retention_months, "deleted",
                              s.vulnerability_retention_reason),
        Forum.ASB_REVIEW: (s.asb_retention_months, "anonymised (counts kept for the yearly "
                           "figures)", s.asb_retention_reason),
    }
    lines = [f"# Case work at {partnership.name}: what is held, why, who sees it, how long", ""]
    for forum, label in Forum.choices:
        held, why = HELD[Forum(forum)]
        months, fate, reason = keep[Forum(forum)]
        workers = CaseworkRole.objects.filter(partnership=partnership, forum=forum).count()
        lines += [
            f"## {label}", "",
            f"- **Held:** {held}.",
            f"- **Why:** {why}.",
            f"- **Who sees it:** the {workers} {'person' if workers == 1 else 'people'} given "
            "a case-work role for it (the "
            "partnership's administrators give the roles); the partnership's other members "
            + ("see how many cases are open" if s.members_see_existence else "see nothing")
            + "; other partnerships see nothing. Lists show initials only.",
            f"- **How long:** {months} months after the case closes, then {fate}. {reason}",
            "",
        ]
    lines += [
        "## For every case", "",
        "- Every change is kept in the case's history (who, when, before and after); every "
        "view, list and export in the access log (who, when, what). Both are shown on the "
        "case's page and in a subject access export.",
        "- Subject access: `cspkit case export SLUG NAME` writes everything held about one "
        "person as JSON (administrators only; logged).",
        f"- Encryption: {ENCRYPTION_DECISION}",
        "",
    ]
    return "\n".join(lines)
