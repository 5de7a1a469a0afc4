"""The partnership's logo, for whoever may read the partnership."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest

from cspkit.partnership.logos import partnership_logo
from cspkit.web.access import get_partnership

__all__ = ["logo"]


def logo(request: HttpRequest, slug: str) -> FileResponse:
    """The image as uploaded; 404 where there is none (or the user may not read the
    partnership: members, or anyone once it publishes its plan)."""
    partnership = get_partnership(request, slug)
    found = partnership_logo(partnership)
    if found is None:
        raise Http404(f"{partnership.name} has no logo.")
    response = FileResponse(iter([found.content]), content_type=found.media_type)
    response["Content-Length"] = str(len(found.content))
    response["Cache-Control"] = "private, max-age=300"
    # an uploaded SVG opened by itself runs no script and loads nothing
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
