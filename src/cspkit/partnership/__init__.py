"""The partnership and what every partnership app shares.

The records live in apps cut by domain: ``partnership`` (partnership, partner organisations,
memberships and roles), ``governance`` (bodies, chairs, members, decisions; the structure graph),
``priorities`` (priorities, cross-cutting themes, who delivers them, external plans and
alignment), ``actions`` (action plans, actions, progress updates, funding bids), ``indicators``
(indicators, measurements, named queries, the RAG rule), ``problemsolving`` (OSARA cases),
``casework`` (the vulnerability meeting and the ASB Case Review: people's cases, need to know)
and ``glossary``.

What views and commands call, from this app:

- :mod:`~cspkit.partnership.permissions`: ``can_view``, ``can_add``, ``can_edit``,
  ``can_delete``, ``visible_queryset``, ``get_visible_or_404``;
- :mod:`~cspkit.partnership.services`: ``save_record`` and ``delete_record`` (permission,
  validation, audit, one transaction);
- :mod:`~cspkit.partnership.audit`: ``history_of``, ``partnership_changes``, ``acting_as``;
- :mod:`~cspkit.exchange`: ``export_yaml``, ``import_yaml`` (one YAML file per
  partnership).
"""
