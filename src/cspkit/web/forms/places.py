"""Forms of the places pages: ward clusters to make, areas to rank by need."""

from __future__ import annotations

from django import forms

from cspkit.calendar import parse_financial_year
from cspkit.errors import InputError

__all__ = ["ClustersForm", "FocusForm", "parse_inputs"]


def _year(value: str) -> str:
    try:
        return parse_financial_year(value.strip())
    except InputError:
        raise forms.ValidationError(
            "Enter the financial year as its two years, like 2021/22") from None


class _YearForm(forms.Form):
    year = forms.CharField(label="Financial year", help_text="For example, 2021/22",
                           max_length=9,
                           error_messages={"required": "Enter the financial year of police data"})
    seed = forms.IntegerField(
        label="Seed", initial=0, min_value=0, max_value=2**31 - 1,
        help_text="The same seed gives the same result; change it to see how much the result "
                  "moves.",
        error_messages={"required": "Enter the seed, a whole number such as 0",
                        "invalid": "Enter the seed as a whole number, such as 0",
                        "min_value": "Enter a seed of 0 or more",
                        "max_value": "Enter a seed below 2147483648"},
    )

    def clean_year(self) -> str:
        return _year(self.cleaned_data["year"])


class ClustersForm(_YearForm):
    max_size = forms.IntegerField(
        label="Most wards in a cluster", initial=4, min_value=1, max_value=50,
        error_messages={"required": "Enter the most wards in a cluster, such as 4",
                        "invalid": "Enter the most wards in a cluster as a whole number, such "
                                   "as 4",
                        "min_value": "A cluster must be allowed at least 1 ward",
                        "max_value": "Enter at most 50 wards in a cluster"},
    )
    name = forms.CharField(
        label="Name of the version", required=False, max_length=100,
        help_text="Leave empty for “<district> ward clusters <year>”. Saving the same clusters "
                  "under the same name again keeps the version already saved.",
    )
    field_order = ["year", "max_size", "seed", "name"]


def parse_inputs(text: str) -> list[tuple[str, float]]:
    """``"anti_social_behaviour:2, income:1"`` as (name, weight) pairs; ValidationError when a
    part is not NAME or NAME:WEIGHT with a positive weight."""
    pairs = []
    for part in text.replace("\n", ",").split(","):
        if not part.strip():
            continue
        name, _, weight = part.partition(":")
        try:
            w = float(weight) if weight.strip() else 1.0
        except ValueError:
            w = -1.0
        if not name.strip() or not w > 0:
            raise forms.ValidationError(
                f"“{part.strip()}” is not an input and a positive weight; write them like "
                "anti_social_behaviour:2, income:1")
        pairs.append((name.strip(), w))
    return pairs


class FocusForm(_YearForm):
    inputs = forms.CharField(
        label="Inputs and weights", required=False, max_length=500,
        help_text="Each input and its weight, separated by commas, like "
                  "anti_social_behaviour:2, burglary:1, income:1. Leave empty for anti-social "
                  "behaviour weighted 2 and income, employment, health and education "
                  "deprivation (where loaded) weighted 1.",
    )
    level = forms.ChoiceField(
        label="Areas to rank", widget=forms.RadioSelect, initial="ward",
        choices=[("ward", "Wards"), ("lsoa", "Neighbourhoods (LSOAs)")],
        error_messages={"required": "Choose the areas to rank"},
    )
    top = forms.IntegerField(
        label="Areas to shortlist", initial=5, min_value=1, max_value=100,
        error_messages={"required": "Enter how many areas to shortlist, such as 5",
                        "invalid": "Enter how many areas to shortlist as a whole number",
                        "min_value": "Shortlist at least 1 area",
                        "max_value": "Shortlist at most 100 areas"},
    )
    field_order = ["year", "inputs", "level", "top", "seed"]

    def clean_inputs(self) -> list[tuple[str, float]]:
        return parse_inputs(self.cleaned_data.get("inputs") or "")
