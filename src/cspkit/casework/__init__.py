"""Case work about people: the weekly vulnerability meeting (CSVG) and the ASB Case Review.

The first part of cspkit holding personal and special-category data, so data protection is part
of it: only people with a case-work role for the forum (:class:`~.models.CaseworkRole`) see
case records (:mod:`.access`, the one place deciding it); every change is in the records'
history and every view in :class:`~.models.CaseAccess`; closed cases are deleted or
anonymised after the partnership's retention period (:mod:`.retention`); one person's records
are exported for a subject access request (:mod:`.subject_access`).

Pages (``cspkit.web.views.casework``), commands (``cspkit case ...``) and tests call the
service functions in :mod:`.vulnerability`, :mod:`.asb`, :mod:`.retention` and
:mod:`.subject_access`.
"""
