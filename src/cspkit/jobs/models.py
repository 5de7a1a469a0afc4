"""One background run: who started it, what, its status, progress, log and result."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from cspkit.partnership.models import Partnership
from cspkit.partnership.scoping import Scoped

__all__ = ["Job"]


class Job(Scoped, models.Model):
    """A load, download or assessment run in the background for a partnership.

    Read by every member of the partnership; started (added) by its administrators and
    community safety officers (:class:`~cspkit.partnership.scoping.Policy` ``PARTNERSHIP``).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=40, help_text="What runs, e.g. load-police.")
    title = models.CharField(max_length=200, help_text="What runs, in words.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    params: Any = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0.0, help_text="0 to 1.")
    log = models.TextField(blank=True)
    result: Any = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display().lower()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return 100 if self.status == self.Status.DONE else round(100 * self.progress)
