"""Plan versions: the yearly revision of the partnership's plan, from the strategic assessment
and the survey (priority setting) to the committee's decision.

- :mod:`~cspkit.plans.models`: :class:`PlanVersion` (content snapshot + texts + evidence +
  status), the scoring settings and judgement scores;
- :mod:`~cspkit.plans.services`: start a revision, edit a draft, recommend, adopt;
- :mod:`~cspkit.plans.content`: the edits a draft allows (priorities, actions, deliveries);
- :mod:`~cspkit.plans.diff`: the difference between two versions, as records and sentences;
- :mod:`~cspkit.plans.evidence`: the assessment, survey and priority scores kept with a draft;
- :mod:`~cspkit.plans.apply`: an adopted version carried into the partnership's records;
- the ``cspkit plan`` commands are in :mod:`cspkit.cli.plan`.

The plan, the Issue for Decision and the progress report are in :mod:`cspkit.plans.documents`.
"""
