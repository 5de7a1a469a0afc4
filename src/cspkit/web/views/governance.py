"""The governance structure (a diagram drawn from the records, and the same as a table) and
the glossary."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cspkit.glossary.models import Term
from cspkit.governance.models import Body
from cspkit.partnership.permissions import visible_queryset
from cspkit.web.access import get_partnership, page
from cspkit.web.svg import Box, diagram

#: Bodies drawn with a shaded box: where decisions are taken.
STRONG = {Body.Kind.EXECUTIVE_GROUP, Body.Kind.PARTNERSHIP}


@login_required
def governance(request: HttpRequest, slug: str) -> HttpResponse:
    """Who reports to whom: the partnership's bodies as a structure chart and as a table."""
    partnership = get_partnership(request, slug)
    bodies = list(
        visible_queryset(request.user, Body)
        .filter(partnership=partnership)
        .select_related("reports_to")
        .prefetch_related("chairs")
    )
    boxes = [Box(b.pk, b.short_name or b.name, b.reports_to_id, b.kind in STRONG) for b in bodies]
    chart = diagram(
        boxes,
        title=f"Governance structure of {partnership.name}",
        description=f"{len(bodies)} bodies, each drawn below the body it reports to; "
        "the table below lists the same.",
    ) if bodies else ""
    context = page(request, partnership, nav="governance", bodies=bodies, chart=chart)
    return render(request, "web/governance.html", context)


@login_required
def glossary(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership's acronyms and terms, A to Z."""
    partnership = get_partnership(request, slug)
    terms = visible_queryset(request.user, Term).filter(partnership=partnership)
    ordered = sorted(terms, key=lambda t: t.term.casefold())
    return render(request, "web/glossary.html", page(request, partnership, nav="glossary",
                                                     terms=ordered))
