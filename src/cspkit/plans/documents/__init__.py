"""The partnership's documents, built from its records on the engine (:mod:`cspkit.reports`).

- :mod:`~cspkit.plans.documents.plan`: the Community Safety Partnership plan of a version;
- :mod:`~cspkit.plans.documents.decision`: the Issue for Decision report that sends it to committee;
- :mod:`~cspkit.plans.documents.progress`: the quarterly progress report, exceptions first.
"""

from cspkit.plans.documents.decision import decision_document
from cspkit.plans.documents.plan import plan_document
from cspkit.plans.documents.progress import progress_document

__all__ = ["decision_document", "plan_document", "progress_document"]
