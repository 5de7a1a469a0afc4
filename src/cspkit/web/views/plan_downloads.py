"""The documents as downloads: the plan and the issue for decision of a version, and the
progress report of a quarter, each as HTML, PDF or Word."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from cspkit.actions.models import Action
from cspkit.calendar import parse_quarter, quarter_slug
from cspkit.errors import InputError, PlanError
from cspkit.plans.documents.decision import decision_document
from cspkit.plans.documents.plan import plan_document
from cspkit.plans.documents.progress import progress_document
from cspkit.plans.models import PlanVersion
from cspkit.reports import Document, render_html, write_document
from cspkit.web.access import check_records, get_partnership, get_record
from cspkit.web.document_cache import cached_document
from cspkit.web.views.plans import conflict

__all__ = ["progress_download", "version_document"]

TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _response(doc: Document, name: str, fmt: str) -> HttpResponse:
    if fmt not in TYPES:
        raise Http404(f"no format {fmt!r}; html, pdf or docx")
    if fmt == "html":
        return HttpResponse(render_html(doc), content_type=TYPES["html"])
    with tempfile.TemporaryDirectory() as tmp:
        out = write_document(doc, Path(tmp) / f"{name}.{fmt}")
        response = HttpResponse(out.read_bytes(), content_type=TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@login_required
def version_document(request: HttpRequest, slug: str, pk: int, kind: str, fmt: str
                     ) -> HttpResponse:
    """``kind`` plan or decision (the issue for decision; 409 for a draft)."""
    partnership = get_partnership(request, slug)
    v = get_record(request, partnership, PlanVersion, pk=pk)
    if kind not in ("plan", "decision"):
        raise Http404(f"no document {kind!r}")
    if fmt not in TYPES:
        raise Http404(f"no format {fmt!r}; html, pdf or docx")

    def build() -> HttpResponse:
        if kind == "plan":
            doc = plan_document(v)
        else:
            try:
                doc = decision_document(v)
            except PlanError as error:
                return conflict(request, partnership, v, str(error))
        return _response(doc, f"{partnership.slug}-{_slug(v.title)}-{kind}", fmt)

    return cached_document(request.user, partnership, f"version-{v.pk}-{kind}.{fmt}", build)


@login_required
def progress_download(request: HttpRequest, slug: str, quarter: str, fmt: str) -> HttpResponse:
    """The progress report of ``quarter``, written in URLs as ``2021-22-q2`` (any form
    :func:`cspkit.calendar.parse_quarter` reads is accepted)."""
    partnership = get_partnership(request, slug)
    check_records(request, partnership, Action)  # statuses and comments: members only
    try:
        quarter = parse_quarter(quarter)
    except InputError as error:
        raise Http404(str(error)) from None
    if fmt not in TYPES:
        raise Http404(f"no format {fmt!r}; html, pdf or docx")
    name = f"{partnership.slug}-progress-{quarter_slug(quarter)}"
    return cached_document(request.user, partnership, f"{name}.{fmt}",
                           lambda: _response(progress_document(partnership, quarter), name, fmt))
