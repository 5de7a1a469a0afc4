"""The plan versions as JSON, for other systems and scripts.

    GET   /api/p/<slug>/plan/versions/           the versions (id, title, year, status, ...)
    GET   /api/p/<slug>/plan/versions/<id>       one version, with its texts and content
    PATCH /api/p/<slug>/plan/versions/<id>       change a draft: a JSON object of texts
                                                 ({"foreword": "..."}) and/or priorities
                                                 ({"priorities": {"domestic-abuse":
                                                 {"title": "..."}}})
    GET   /api/p/<slug>/plan/diff/<from>/<to>    the difference, as records and sentences

A PATCH body is checked against :mod:`cspkit.web.api.schema` first. Errors are JSON
``{"error": message}``: 400 bad input (with ``field`` and ``problem`` when the body does not
fit the schema), 403 not allowed, 404 not found (or not
yours to see), 409 the version's status forbids the change (``status`` says which).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_http_methods

from cspkit.errors import InputError, PlanContentError, PlanError
from cspkit.partnership.models import Partnership
from cspkit.partnership.permissions import can_view_records, get_visible_or_404
from cspkit.plans import content as ops
from cspkit.plans import services
from cspkit.plans.diff import diff_versions
from cspkit.plans.models import PlanVersion
from cspkit.plans.texts import TEXT_FIELDS
from cspkit.web.api.schema import SchemaError, check_patch

__all__ = ["version_detail", "version_diff", "version_list"]


def _error(message: str, code: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=code)


def _summary(v: PlanVersion) -> dict[str, Any]:
    return {
        "id": v.pk, "title": v.title, "year": v.year, "status": v.status,
        "based_on": v.based_on_id, "adopted_on": v.adopted_on and v.adopted_on.isoformat(),
        "adopted_meeting": v.adopted_meeting, "minute_reference": v.minute_reference,
    }


def _detail(v: PlanVersion) -> dict[str, Any]:
    return {**_summary(v), "texts": {n: getattr(v, n) for n in TEXT_FIELDS},
            "headings": v.headings, "content": v.content}


def _find(request: HttpRequest, slug: str, pk: int | None = None) -> Any:
    if not request.user.is_authenticated:
        raise PermissionDenied("sign in to use the API")
    p = get_visible_or_404(request.user, Partnership, slug=slug)
    if not can_view_records(request.user, p, PlanVersion):  # drafts: members only
        raise Http404("not found")
    if pk is None:
        return p
    return get_visible_or_404(request.user, PlanVersion, partnership=p, pk=pk)


def _json_errors(view: Any) -> Any:
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return _error("not found", 404)
        except PermissionDenied as error:
            return _error(str(error) or "not allowed", 403)
        except SchemaError as error:
            return _error(str(error), 400, field=error.field, problem=error.problem)
        except (PlanContentError, InputError) as error:
            return _error(str(error), 400)
        except PlanError as error:
            v = PlanVersion.objects.filter(pk=kwargs.get("pk")).first()
            return _error(str(error), 409, status=v.status if v else "")
        except ValidationError as error:
            return _error("; ".join(error.messages), 400)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@require_http_methods(["GET"])
@_json_errors
def version_list(request: HttpRequest, slug: str) -> JsonResponse:
    """The partnership's plan versions, newest first."""
    p = _find(request, slug)
    rows = PlanVersion.objects.filter(partnership=p).order_by("-created", "-pk")
    return JsonResponse({"versions": [_summary(v) for v in rows]})


def _patch(request: HttpRequest, v: PlanVersion) -> None:
    try:
        body = json.loads(request.body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = f" ({exc.msg} at character {exc.pos})" if isinstance(exc, json.JSONDecodeError) \
            else ""
        raise InputError(f"the body is not JSON{where}; send a JSON object such as "
                         '{"foreword": "..."}') from None
    texts, priorities = check_patch(body)
    if texts:
        services.set_texts(request.user, v, reason="changed through the API", **texts)
    if priorities:
        services.edit_content(request.user, v, lambda c: [
            ops.set_priority(c, key, **fields) for key, fields in priorities.items()
        ], reason="priorities changed through the API")


@require_http_methods(["GET", "PATCH"])
@_json_errors
def version_detail(request: HttpRequest, slug: str, pk: int) -> JsonResponse:
    """One version (GET), or a change to a draft (PATCH; 409 once recommended or adopted)."""
    v = _find(request, slug, pk)
    if request.method == "PATCH":
        _patch(request, v)
        v.refresh_from_db()
    return JsonResponse(_detail(v))


@require_http_methods(["GET"])
@_json_errors
def version_diff(request: HttpRequest, slug: str, pk: int, other: int) -> JsonResponse:
    """The difference from version ``pk`` to version ``other``."""
    before = _find(request, slug, pk)
    after = _find(request, slug, other)
    return JsonResponse(diff_versions(before, after).as_data())
