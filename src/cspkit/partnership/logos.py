"""The partnership's logo: what may be uploaded, and the logo as documents and pages use it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

from cspkit.errors import UnsafeFileError
from cspkit.reports.logo import MAX_LOGO_BYTES, Logo, logo_media_type
from cspkit.reports.safety import check_svg

if TYPE_CHECKING:
    from cspkit.partnership.models import Partnership

__all__ = ["partnership_logo", "validate_logo"]


def validate_logo(file: Any) -> None:
    """A PNG, JPEG or SVG image of at most 2 MB (told by its content, not its name); an SVG
    only if it draws nothing but itself (:func:`cspkit.reports.safety.check_svg`)."""
    name = getattr(file, "name", "") or "the logo"
    file.seek(0)
    content = file.read(MAX_LOGO_BYTES + 1)
    file.seek(0)
    if len(content) > MAX_LOGO_BYTES:
        raise ValidationError(
            f"{name!r} is larger than 2 MB; save the logo smaller (a few hundred pixels wide is "
            "enough for a title page)"
        )
    media_type = logo_media_type(content)
    if media_type is None:
        raise ValidationError(
            f"{name!r} is not a PNG, JPEG or SVG image (it begins {content[:8]!r}); save the "
            "logo in one of those formats"
        )
    if media_type == "image/svg+xml":
        try:
            check_svg(content, repr(name))
        except UnsafeFileError as error:
            raise ValidationError(str(error)) from None


def partnership_logo(partnership: Partnership) -> Logo | None:
    """The logo for a document's title page, or None when the partnership has none."""
    if not partnership.logo:
        return None
    with partnership.logo.open("rb") as fh:
        content = fh.read()
    media_type = logo_media_type(content)
    if media_type is None:  # stored before logos were checked
        return None
    if media_type == "image/svg+xml":
        try:
            check_svg(content)
        except UnsafeFileError:  # stored before SVGs were checked: left out of documents
            return None
    return Logo(content, media_type, f"{partnership.name} logo")
