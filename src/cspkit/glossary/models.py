"""Terms and acronyms the partnership's documents use."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.partnership.models import Partnership
from cspkit.partnership.scoping import Scoped

__all__ = ["Term"]


class Term(Scoped, models.Model):
    """A glossary entry: an acronym (``ASB``) or a term (``County Lines``) and its meaning."""

    public: ClassVar[bool] = True

    class Kind(models.TextChoices):
        ACRONYM = "acronym", "Acronym"
        TERM = "term", "Term"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="glossary"
    )
    term = models.CharField(max_length=100)
    meaning = models.TextField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ACRONYM)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["partnership", "position", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["partnership", "term"], name="glossary_term_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.term}: {self.meaning}"
