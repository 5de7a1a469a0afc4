"""A Community Safety Partnership and the areas it covers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

GSS_DISTRICT_PREFIXES = ("E06", "E07", "E08", "E09", "W06")


def validate_district_codes(value: object) -> None:
    """A list of ONS district codes such as ``E07000110``."""
    if not isinstance(value, list) or not value:
        raise ValidationError("give at least one district code, e.g. ['E07000110']")
    for code in value:
        if not (isinstance(code, str) and len(code) == 9 and code[:3] in GSS_DISTRICT_PREFIXES):
            raise ValidationError(
                f"{code!r} is not an ONS district code; expected 9 characters starting with one of "
                f"{', '.join(GSS_DISTRICT_PREFIXES)}, e.g. E07000110"
            )


class Partnership(models.Model):
    """One CSP. A deployment may hold several (a county hosting all its districts)."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    csp_code = models.CharField("ONS CSP code", max_length=9, blank=True)
    district_codes = models.JSONField(
        "ONS district codes", default=list, validators=[validate_district_codes]
    )
    police_force = models.CharField("police.uk force slug", max_length=60, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
