"""Forms of the data pages: police files to upload, months to fetch, an assessment to run."""

from __future__ import annotations

from typing import Any

from django import forms

from cspkit.calendar import check_month, month_index, parse_financial_year
from cspkit.errors import InputError
from cspkit.jobs.kinds import SOURCES

__all__ = ["AssessForm", "FetchForm", "UploadForm"]

POLICE_SUFFIXES = (".zip", ".csv")
#: At most this many months in one fetch (data.police.uk keeps three years).
MAX_MONTHS = 36


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files from one file input."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".zip,.csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class UploadForm(forms.Form):
    source = forms.ChoiceField(
        label="What are the files?", widget=forms.RadioSelect, initial="police",
        choices=[("police", "Police data from data.police.uk (zip or CSV)"),
                 *[(key, what) for key, (what, _, _) in SOURCES.items()]],
        error_messages={"required": "Choose what the files are"},
    )
    files = MultipleFileField(
        label="Files",
        help_text="For police data, the archives (zip) or CSV files as data.police.uk "
        "publishes them, e.g. 2024-01-kent-street.csv. You can choose several.",
        error_messages={"required": "Choose one or more files to upload"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source, files = data.get("source"), data.get("files")
        if source and files:
            suffixes = POLICE_SUFFIXES if source == "police" else SOURCES[source][2]
            bad = [f.name for f in files if not f.name.lower().endswith(suffixes)]
            if bad:
                kinds = " or ".join(s[1:].upper() for s in suffixes)
                what = ("the archives (zip) or CSV files data.police.uk publishes"
                        if source == "police" else f"{kinds} files")
                self.add_error("files", f"{', '.join(bad)}: not a {kinds} file; choose {what}")
        return data


class FetchForm(forms.Form):
    first = forms.CharField(label="First month", help_text="For example, 2024-04",
                            max_length=7, error_messages={"required": "Enter the first month"})
    last = forms.CharField(label="Last month", help_text="For example, 2025-03",
                           max_length=7, error_messages={"required": "Enter the last month"})

    def _month(self, name: str) -> str:
        try:
            return check_month(self.cleaned_data[name].strip(), "month")
        except InputError:
            raise forms.ValidationError(
                f"Enter the {str(self.fields[name].label).lower()} as year and month, "
                "like 2024-04"
            ) from None

    def clean_first(self) -> str:
        return self._month("first")

    def clean_last(self) -> str:
        return self._month("last")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if first and last:
            n = month_index(last) - month_index(first) + 1
            if n < 1:
                self.add_error("last", "The last month must be the same as or after the first")
            elif n > MAX_MONTHS:
                self.add_error("last", f"Fetch at most {MAX_MONTHS} months at a time "
                                       f"({n} asked for)")
        return data


class AssessForm(forms.Form):
    year = forms.CharField(label="Financial year", help_text="For example, 2023/24",
                           max_length=9,
                           error_messages={"required": "Enter the financial year to assess"})
    version = forms.ChoiceField(
        label="Which version", widget=forms.RadioSelect, initial="full",
        choices=[("full", "For the partnership (all counts)"),
                 ("public", "For the public (small counts of sensitive crimes suppressed)")],
    )

    def clean_year(self) -> str:
        try:
            return parse_financial_year(self.cleaned_data["year"].strip())
        except InputError:
            raise forms.ValidationError(
                "Enter the financial year as its two years, like 2023/24") from None
