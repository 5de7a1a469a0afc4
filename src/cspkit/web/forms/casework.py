"""Forms of the case-work pages (vulnerability meeting, ASB Case Review), worded as GOV.UK
asks: say what to do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from cspkit.casework.models import Flag, VulnerabilityCase
from cspkit.partnership.models import Organisation, Partnership

__all__ = ["ApplicationForm", "DecisionForm", "MeetingForm", "RectifyForm", "ReferralForm",
           "SubjectAccessForm", "parse_incidents"]

DATE_HINT = "For example, 2025-01-27 (year, month, day)"
SCORES = [("", "Not assessed")] + [(str(i), str(i)) for i in range(1, 6)]


def _date(label: str, required: bool = True, hint: str = DATE_HINT) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=hint, input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(format="%Y-%m-%d"),
        error_messages={"required": f"Enter the {label.lower()}",
                        "invalid": f"Enter the {label.lower()} as year-month-day, e.g. 2025-01-27"},
    )


def _text(label: str, required: bool = True, rows: int = 4, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=hint, strip=True, max_length=10_000,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Enter the {label.lower()}"},
    )


def _choice(label: str, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect,
        error_messages={"required": f"Select the {label.lower()}"},
    )


def _agencies(partnership: Partnership) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Referring agency", queryset=Organisation.objects.filter(partnership=partnership),
        empty_label="Select the agency",
        error_messages={"required": "Select the referring agency"},
    )


class ReferralForm(forms.Form):
    """A referral to the vulnerability meeting."""

    def __init__(self, partnership: Partnership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referring_agency"] = _agencies(partnership)
        self.order_fields(["name", "subject", "date_of_birth", "address", "ward_code",
                           "referring_agency"])

    name = forms.CharField(label="Name of the person, household or place", max_length=200,
                           error_messages={"required": "Enter the name of who is referred"})
    subject = _choice("Who or what is referred", VulnerabilityCase.Subject.choices)
    date_of_birth = _date("Date of birth", required=False)
    address = _text("Address", required=False, rows=3)
    ward_code = forms.CharField(label="Ward code", required=False, max_length=9,
                                help_text="The ward's ONS code, for example E05005003")
    referred_on = _date("Date of the referral")
    reason = _text("Reason for the referral")
    lawful_basis = _choice("Lawful basis for sharing", VulnerabilityCase.LawfulBasis.choices)
    consent = _choice("Consent", VulnerabilityCase.Consent.choices)
    flags = forms.MultipleChoiceField(label="Vulnerabilities", choices=Flag.choices,
                                      required=False, widget=forms.CheckboxSelectMultiple)
    risks = _text("Risks", required=False)
    likelihood = forms.TypedChoiceField(label="Likelihood (1 to 5)", choices=SCORES,
                                        required=False, coerce=int, empty_value=None)
    impact = forms.TypedChoiceField(label="Impact (1 to 5)", choices=SCORES, required=False,
                                    coerce=int, empty_value=None)
    review_on = _date("Date of the next review", required=False)


class RectifyForm(ReferralForm):
    """The referral's facts, to correct them, and why (the risk has its own form)."""

    def __init__(self, partnership: Partnership, *args: Any, **kwargs: Any) -> None:
        super().__init__(partnership, *args, **kwargs)
        for name in ("risks", "likelihood", "impact", "review_on"):
            del self.fields[name]

    why = _text("Why the correction", rows=2, hint="For example, the person asked for their "
                "date of birth to be corrected")


class SubjectAccessForm(forms.Form):
    name = forms.CharField(label="The person's full name", max_length=200,
                           help_text="As recorded on their cases (any capitals)",
                           error_messages={"required": "Enter the person's full name"})
    date_of_birth = _date("Date of birth", required=False,
                          hint=f"To tell people of the same name apart. {DATE_HINT}")


class MeetingForm(forms.Form):
    date = _date("Date of the meeting")


class ApplicationForm(forms.Form):
    """An application for an ASB Case Review, with the reports it names."""

    def __init__(self, partnership: Partnership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    applicant_name = forms.CharField(label="Applicant's name", max_length=200,
                                     error_messages={"required": "Enter the applicant's name"})
    applicant_contact = _text("Applicant's address, phone or e-mail", required=False, rows=3)
    on_behalf_of = forms.CharField(label="Applying on behalf of", required=False,
                                   max_length=200, help_text="The victim, when someone applies "
                                   "for them (with their consent)")
    received_on = _date("Date the application was received")
    description = _text("The anti-social behaviour described")
    ward_code = forms.CharField(label="Ward code", required=False, max_length=9,
                                help_text="The ward's ONS code, for example E05005003")
    incidents = _text(
        "Reports of the behaviour", rows=6,
        hint="One report a line: the date, the agency's key, what was reported. For example: "
             "2025-01-06, police, shouting at night",
    )

    def clean_incidents(self) -> list[tuple[dt.date, Organisation, str]]:
        return parse_incidents(self.partnership, self.cleaned_data["incidents"])


def parse_incidents(
    partnership: Partnership, text: str
) -> list[tuple[dt.date, Organisation, str]]:
    """``date, agency key, summary`` lines as (date, organisation, summary)."""
    agencies = {o.key: o for o in Organisation.objects.filter(partnership=partnership)}
    found = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(",", 2)]
        try:
            day = dt.date.fromisoformat(parts[0])
        except ValueError:
            raise forms.ValidationError(
                f"Line {n}: start with the date as year-month-day, e.g. 2025-01-06") from None
        key = parts[1] if len(parts) > 1 else ""
        if key not in agencies:
            raise forms.ValidationError(
                f"Line {n}: name the agency by its key, one of {', '.join(sorted(agencies))}")
        found.append((day, agencies[key], parts[2] if len(parts) > 2 else ""))
    return found


class DecisionForm(forms.Form):
    decided_on = _date("Date of the decision")
    reason = _text("Reasons", required=False,
                   hint="Left empty, the threshold test's own words are recorded")
