"""The plan pages: versions, one version (texts, priorities, status, documents), editing a
draft, recommending and adopting, and the difference between two versions.

Thin adapters over :mod:`cspkit.plans.services`: a version the user may not read answers 404,
a change they may not make 403, and a change the version's status forbids (adopted, or waiting
for the committee) **409** with the reason as a GOV.UK error summary.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cspkit.calendar import quarter_slug
from cspkit.errors import InputError, PlanError
from cspkit.governance.svg import render_svg
from cspkit.partnership.models import Partnership
from cspkit.partnership.permissions import can_add, can_edit, require
from cspkit.plans import content as ops
from cspkit.plans import services
from cspkit.plans.diff import diff_versions
from cspkit.plans.models import PlanVersion
from cspkit.plans.structure import graph_of_content
from cspkit.plans.texts import TEXT_FIELDS
from cspkit.web.access import check_records, get_partnership, get_record, page
from cspkit.web.forms import add_model_errors
from cspkit.web.forms.plans import AdoptForm, PriorityForm, StartForm, TextsForm

__all__ = [
    "diff", "edit_priority", "edit_texts", "structure_svg", "transition", "version", "versions",
]

View = Callable[..., HttpResponse]


def version_url(v: PlanVersion) -> str:
    return reverse("plans:version", args=[v.partnership.slug, v.pk])


def _crumbs(partnership: Partnership, v: PlanVersion | None = None) -> list[tuple[str, str]]:
    out = [("Plan versions", reverse("plans:versions", args=[partnership.slug]))]
    if v is not None:
        out.append((v.title, version_url(v)))
    return out


def conflict(request: HttpRequest, partnership: Partnership, v: PlanVersion,
             message: str) -> HttpResponse:
    """The 409 page: the version's status forbids the change; the message says why and what
    to do instead."""
    context = page(request, partnership, breadcrumbs=_crumbs(partnership, v), version=v,
                   message=message, has_errors=True)
    return render(request, "plans/conflict.html", context, status=409)


FORBIDDEN = ("Only the partnership's administrators and community safety officers can change "
             "plan versions. Ask one of them to make the change.")


def forbidden(request: HttpRequest, partnership: Partnership, v: PlanVersion) -> HttpResponse:
    """The 403 page, as a GOV.UK error summary."""
    context = page(request, partnership, breadcrumbs=_crumbs(partnership, v), version=v,
                   message=FORBIDDEN, has_errors=True, heading="You cannot change this version")
    return render(request, "plans/conflict.html", context, status=403)


def refuses_conflicts(view: View) -> View:
    """Turn a PlanError (adopted, recommended, out of order) into the 409 page, and
    PermissionDenied into the 403 page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, slug: str, pk: int, *args: Any, **kwargs: Any
                ) -> HttpResponse:
        try:
            return view(request, slug, pk, *args, **kwargs)
        except (PlanError, PermissionDenied) as error:
            partnership = get_partnership(request, slug)
            v = get_record(request, partnership, PlanVersion, pk=pk)
            if isinstance(error, PermissionDenied):
                return forbidden(request, partnership, v)
            return conflict(request, partnership, v, str(error))

    return wrapper


@login_required
def versions(request: HttpRequest, slug: str) -> HttpResponse:
    """Every version of the plan; officers may start a revision (POST)."""
    partnership = get_partnership(request, slug)
    check_records(request, partnership, PlanVersion)  # drafts: members only
    probe = PlanVersion(partnership=partnership)
    form = StartForm(request.POST or None)
    if request.method == "POST":
        require(can_add(request.user, probe), request.user, "add", probe)
        if form.is_valid():
            try:
                v = services.start_revision(request.user, partnership, form.cleaned_data["title"],
                                            year=form.cleaned_data["year"] or None)
            except (InputError, ValidationError) as error:
                form.add_error(None, error.messages if isinstance(error, ValidationError)
                               else str(error))
            else:
                messages.success(request, f"Started the {v.title} as a draft")
                return redirect(version_url(v))
    context = page(
        request, partnership, breadcrumbs=[], form=form, has_errors=bool(form.errors),
        can_start=can_add(request.user, probe),
        versions=PlanVersion.objects.filter(partnership=partnership).order_by("-created", "-pk"),
        current=(current := services.current_version(partnership)),
        quarters=_quarters(current),
    )
    return render(request, "plans/versions.html", context)


def _quarters(current: PlanVersion | None) -> list[tuple[str, str]]:
    """The current plan year's quarters, for links to their progress reports."""
    if current is None or not current.year:
        return []
    try:
        return [(q, quarter_slug(q)) for q in (f"{current.year} Q{i}" for i in range(1, 5))]
    except InputError:
        return []


@login_required
def version(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A version: its status, texts, priorities and actions, documents, and the next step."""
    partnership = get_partnership(request, slug)
    v = get_record(request, partnership, PlanVersion, pk=pk)
    editable = can_edit(request.user, v)
    texts = [(TEXT_FIELDS[n][0].upper() + TEXT_FIELDS[n][1:], getattr(v, n))
             for n in TEXT_FIELDS if getattr(v, n)]
    context = page(
        request, partnership, breadcrumbs=_crumbs(partnership), version=v, texts=texts,
        priorities=v.content.get("priorities", []), can_edit=editable and v.editable,
        can_step=editable, adopt_form=AdoptForm(partnership=partnership),
        others=PlanVersion.objects.filter(partnership=partnership).exclude(pk=v.pk),
    )
    return render(request, "plans/version.html", context)


@login_required
@refuses_conflicts
def edit_texts(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Edit a draft's texts; 409 once it is recommended or adopted."""
    partnership = get_partnership(request, slug)
    v = get_record(request, partnership, PlanVersion, pk=pk)
    require(can_edit(request.user, v), request.user, "change", v)
    if not v.editable:
        return conflict(request, partnership, v, v.locked_message())
    form = TextsForm(request.POST or None, initial={n: getattr(v, n) for n in TEXT_FIELDS})
    if request.method == "POST" and form.is_valid():
        changed = {n: form.cleaned_data[n] for n in TEXT_FIELDS
                   if form.cleaned_data[n] != getattr(v, n)}
        try:
            if changed:
                services.set_texts(request.user, v, **changed)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, "Texts saved" if changed else "No text changed")
            return redirect(version_url(v))
    context = page(request, partnership, breadcrumbs=_crumbs(partnership, v), version=v,
                   form=form, has_errors=bool(form.errors))
    return render(request, "plans/texts_form.html", context)


@login_required
@refuses_conflicts
def edit_priority(request: HttpRequest, slug: str, pk: int, key: str) -> HttpResponse:
    """Edit a priority of a draft (title, objective, why, focus)."""
    partnership = get_partnership(request, slug)
    v = get_record(request, partnership, PlanVersion, pk=pk)
    require(can_edit(request.user, v), request.user, "change", v)
    if not v.editable:
        return conflict(request, partnership, v, v.locked_message())
    try:
        entry = ops.find_priority(v.content, key)
    except PlanError:
        from django.http import Http404

        raise Http404(f"no priority {key!r} in the {v.title}") from None
    form = PriorityForm(request.POST or None, initial=entry)
    if request.method == "POST" and form.is_valid():
        services.edit_content(request.user, v, lambda c: ops.set_priority(
            c, key, **form.values()), reason=f"edited priority {key}")
        messages.success(request, f"Priority saved: {form.cleaned_data['title']}")
        return redirect(version_url(v))
    context = page(request, partnership, breadcrumbs=_crumbs(partnership, v), version=v,
                   form=form, key=key, has_errors=bool(form.errors))
    return render(request, "plans/priority_form.html", context)


@login_required
@require_POST
@refuses_conflicts
def transition(request: HttpRequest, slug: str, pk: int, step: str) -> HttpResponse:
    """Recommend, return to draft, or adopt (with the committee's decision)."""
    partnership = get_partnership(request, slug)
    v = get_record(request, partnership, PlanVersion, pk=pk)
    if step == "recommend":
        services.recommend(request.user, v)
        messages.success(request, f"The {v.title} is recommended to the committee")
    elif step == "return":
        services.return_to_draft(request.user, v)
        messages.success(request, f"The {v.title} is a draft again")
    elif step == "adopt":
        form = AdoptForm(request.POST, partnership=partnership)
        if not form.is_valid():
            context = page(request, partnership, breadcrumbs=_crumbs(partnership, v), version=v,
                           adopt_form=form, has_errors=True)
            return render(request, "plans/adopt_form.html", context, status=400)
        d = form.cleaned_data
        services.adopt(request.user, v, committee=d["committee"], meeting=d["meeting"],
                       date=d["date"], minute_reference=d["minute_reference"])
        messages.success(request, f"The {v.title} is adopted and now the current plan")
    else:
        from django.http import Http404

        raise Http404(f"no step {step!r}")
    return redirect(version_url(v))


@login_required
def diff(request: HttpRequest, slug: str, pk: int, other: int) -> HttpResponse:
    """What changed from version ``other`` to version ``pk``."""
    partnership = get_partnership(request, slug)
    v = get_record(request, partnership, PlanVersion, pk=pk)
    before = get_record(request, partnership, PlanVersion, pk=other)
    result = diff_versions(before, v)
    context = page(request, partnership, breadcrumbs=_crumbs(partnership, v), version=v,
                   before=before, diff=result)
    return render(request, "plans/diff.html", context)


@login_required
def structure_svg(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The version's structure diagram as SVG."""
    partnership = get_partnership(request, slug)
    v = get_record(request, partnership, PlanVersion, pk=pk)
    svg = render_svg(graph_of_content(v.content), title=f"Structure of {partnership.name}")
    return HttpResponse(svg, content_type="image/svg+xml")
