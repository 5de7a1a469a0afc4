"""A Community Safety Partnership and the areas it covers."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.deconstruct import deconstructible
from simple_history.models import HistoricalRecords

from cspkit import config
from cspkit.partnership.logos import validate_logo
from cspkit.partnership.scoping import Scoped

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


def new_content_stamp() -> str:
    """A fresh random stamp (never one used before, in this database or any other)."""
    return secrets.token_hex(16)


@deconstructible(path="cspkit.partnership.models.partnership.MediaStorage")
class MediaStorage(FileSystemStorage):
    """Uploaded files under ``<cspkit data folder>/media``, found when used (not at import)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def base_location(self) -> str:
        return str(Path(config.data_dir()) / "media")

    @property
    def location(self) -> str:
        return str((Path(config.data_dir()) / "media").resolve())


class Partnership(Scoped, models.Model):
    """One CSP. A deployment may hold several (a county hosting all its districts)."""

    partnership_path: ClassVar[str] = ""
    public: ClassVar[bool] = True

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    csp_code = models.CharField("ONS CSP code", max_length=9, blank=True)
    district_codes = models.JSONField(
        "ONS district codes", default=list, validators=[validate_district_codes]
    )
    police_force = models.CharField("police.uk force slug", max_length=60, blank=True)
    police_force_name = models.CharField(max_length=100, blank=True)
    logo = models.FileField(
        upload_to="logos/", storage=MediaStorage(), blank=True, validators=[validate_logo],
        help_text="PNG, JPEG or SVG, at most 2 MB: shown on the dashboard and the documents' "
        "title pages.",
    )
    is_public = models.BooleanField(
        "publishes its plan",
        default=False,
        help_text="Everyone may read the published plan (priorities, themes, governance, "
        "organisations, glossary); everything else stays with members.",
    )
    created = models.DateTimeField(auto_now_add=True)
    content_stamp = models.CharField(
        max_length=32,
        default=new_content_stamp,
        editable=False,
        help_text="Changes whenever any of the partnership's records change "
        "(cspkit.partnership.freshness): pages cached under another stamp are out of date.",
    )
    history = HistoricalRecords(excluded_fields=["content_stamp"])

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(Scoped, models.Model):
    """A partner organisation: a responsible authority (police, council, fire, health,
    probation) or another partner (housing, voluntary, business, ...)."""

    public: ClassVar[bool] = True

    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        COUNCIL = "council", "Council"
        FIRE = "fire", "Fire and rescue"
        HEALTH = "health", "Health"
        PROBATION = "probation", "Probation"
        PCC = "pcc", "Police and Crime Commissioner"
        HOUSING = "housing", "Housing"
        VOLUNTARY = "voluntary", "Voluntary and community"
        BUSINESS = "business", "Business"
        EDUCATION = "education", "Education"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="organisations"
    )
    key = models.SlugField(max_length=80, help_text="Short name used in links, e.g. kent-police")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    responsible_authority = models.BooleanField(
        default=False, help_text="Membership of the CSP is a statutory duty for it."
    )
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["partnership", "position", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["partnership", "key"], name="organisation_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name


