"""A partnership's logo on a document's title page: PNG, JPEG or SVG, told apart by content."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from cspkit.reports.safety import check_svg

__all__ = ["MAX_LOGO_BYTES", "Logo", "logo_media_type"]

#: Larger files are refused: a logo is drawn a few centimetres wide.
MAX_LOGO_BYTES = 2 * 1024 * 1024


def logo_media_type(content: bytes) -> str | None:
    """``image/png``, ``image/jpeg`` or ``image/svg+xml`` from the file's first bytes; None for
    anything else."""
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    head = content[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg")) and b"<svg" in head:
        return "image/svg+xml"
    return None


@dataclass(frozen=True)
class Logo:
    """The image, its media type and the text that stands for it (``alt``)."""

    content: bytes
    media_type: str
    alt: str

    def data_uri(self) -> str:
        """The image inside the HTML itself (the HTML and PDF documents stand alone)."""
        return f"data:{self.media_type};base64,{base64.b64encode(self.content).decode('ascii')}"

    def raster(self) -> bytes:
        """PNG or JPEG bytes for Word, which draws no SVG: an SVG logo is rasterised."""
        if self.media_type != "image/svg+xml":
            return self.content
        import vl_convert

        check_svg(self.content, self.alt or "the logo")  # never rasterise a hostile SVG
        return bytes(vl_convert.svg_to_png(self.content.decode("utf-8"), scale=2))
