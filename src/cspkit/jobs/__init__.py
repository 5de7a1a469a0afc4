"""Background jobs: loads, downloads and assessments started from a page run by a worker.

A :class:`~cspkit.jobs.models.Job` records one run (who started it, what, where it stands, its
progress, log and result); Django's task framework (the ``django-tasks`` backport, with the
database queue of ``django-tasks-db``) carries it to a worker process (``cspkit worker``, which
``cspkit serve`` starts beside the server). The work itself is a service function of a lower
layer (:mod:`cspkit.jobs.kinds`), the same one the command line calls.
"""
