"""Start a job, run it (in a worker), and run the queue in this process (tests, the demo).

    job = start_job(user, partnership, "load-police", {"paths": [...]}, "Load 2 police files")
    run_queued()          # what `cspkit worker` does, until the queue is empty

The page, the command line and the tests start jobs with :func:`start_job`; the worker runs
:func:`run_job` (a task of Django's task framework), which calls the kind's function from
:mod:`cspkit.jobs.kinds` and records status, progress, log and result on the :class:`Job`.
"""

from __future__ import annotations

import logging
import time
import traceback
import warnings
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_tasks import task

from cspkit.errors import CspkitError
from cspkit.jobs.kinds import KINDS, JobContext
from cspkit.jobs.models import Job
from cspkit.partnership.models import Partnership
from cspkit.partnership.permissions import can_add, require

__all__ = ["run_job", "run_queued", "start_job"]

logger = logging.getLogger(__name__)


def start_job(
    user: Any, partnership: Partnership, kind: str, params: dict[str, Any], title: str
) -> Job:
    """Record a job for ``partnership`` as ``user`` (who must be allowed to start it) and
    queue it for a worker. ``params`` must be JSON (paths as strings)."""
    if kind not in KINDS:
        raise ValueError(f"no job kind {kind!r}; kinds: {', '.join(sorted(KINDS))}")
    job = Job(partnership=partnership, kind=kind, params=params, title=title[:200],
              user=user if getattr(user, "pk", None) else None)
    require(can_add(user, job), user, "start", job)
    job.save()
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.task_id = str(result.id)
    return job


class _Recorder(JobContext):
    """The context a kind's function reports through, saving to the job as it goes."""

    def __init__(self, job: Job) -> None:
        super().__init__(dict(job.params), partnership_slug=job.partnership.slug, job_id=job.pk)
        self.job = job
        self._saved = 0.0

    def progress(self, done: float, total: float) -> None:
        share = min(max(done / total, 0.0), 1.0) if total else 0.0
        now = time.monotonic()
        if now - self._saved >= 0.5 or share >= 1.0:
            Job.objects.filter(pk=self.job.pk).update(progress=share)
            self._saved = now

    def note(self, line: str) -> None:
        self.job.log = f"{self.job.log}{line}\n"
        Job.objects.filter(pk=self.job.pk).update(log=self.job.log)


def _error_text(error: BaseException) -> str:
    if isinstance(error, CspkitError):
        return str(error)
    if isinstance(error, PermissionDenied):
        return f"{error}; ask an administrator of the partnership for the right role"
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return (f"the job failed unexpectedly ({type(error).__name__}: {error}). This is a bug: "
            "please report it with what you started")


@task()
def run_job(job_id: int) -> str:
    """Run job ``job_id``: its kind's function, recording status, progress, log and result."""
    job = Job.objects.select_related("partnership").get(pk=job_id)
    job.status, job.started = Job.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started"])
    context = _Recorder(job)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = KINDS[job.kind](context)
        for warning in caught:
            context.note(f"note: {warning.message}")
    except Exception as error:  # every failure is recorded on the job, not lost in a log
        logger.info("job %s failed", job_id, exc_info=True)
        if not isinstance(error, CspkitError | PermissionDenied | ValidationError):
            context.note(traceback.format_exc(limit=5))
        text = _error_text(error)
        folder = job.params.get("folder")
        if folder:  # uploaded files are named as the user named them, not by where they are kept
            text = text.replace(f"{folder}/", "")
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, error=text, finished=timezone.now()
        )
        return "failed"
    except BaseException:  # the worker stopped (Ctrl+C twice, SIGTERM twice): say so, stop
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, finished=timezone.now(),
            error="the worker was stopped while the job ran; nothing of it was kept. Start it "
            "again (the worker runs beside `cspkit serve`, or as `cspkit worker`)",
        )
        raise
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE, progress=1.0, result=result, finished=timezone.now()
    )
    return "done"


def run_queued(*, max_jobs: int | None = None) -> int:
    """Run the queued jobs in this process until none is left (or ``max_jobs`` ran), as
    ``cspkit worker --batch`` would; the number run. For tests and the demo.

    The worker's own loop is used but for its connection housekeeping (it closes the
    database connection between tasks, which would end a test's transaction).
    """
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=max_jobs, worker_id="in-process",
        excluded_queue_names=[],
    )
    ready = DBTaskResult.objects.ready().filter(backend_name="default")
    ran = 0
    while max_jobs is None or ran < max_jobs:
        with exclusive_transaction(ready.db):
            task = ready.get_locked()
            if task is not None:
                task.claim(worker.worker_id)
        if task is None:
            return ran
        worker.run_task(task)
        ran += 1
    return ran
