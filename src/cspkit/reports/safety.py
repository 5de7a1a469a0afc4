"""Files from users are hostile: SVG images are checked before anything draws them, and the
renderers read nothing but the document itself and the package's own files.

- :func:`check_svg` parses an SVG with defusedxml (no DTD, no entities, no external
  references) and refuses scripts, event handlers, ``foreignObject``, style sheets that import,
  and any link that leaves the image (``href`` other than ``#id`` or an embedded PNG or JPEG,
  ``url(...)`` other than ``url(#id)``).
- :func:`url_fetcher` makes WeasyPrint's resource fetcher: ``data:`` URLs, and ``file:`` URLs
  inside the cspkit package; everything else (``http:``, ``https:``, other files) is refused
  and never fetched.
- :data:`NO_URLS` is what the chart renderer (vl-convert) may fetch: nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from xml.etree.ElementTree import Element

from cspkit.errors import UnsafeFileError

__all__ = ["NO_URLS", "PACKAGE_DIR", "check_svg", "check_url", "url_fetcher"]

#: The cspkit package: the only folder the PDF renderer may read files from.
PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: vl-convert's ``allowed_base_urls``: charts fetch no data.
NO_URLS: list[str] = []

_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "object", "embed", "handler",
                       "listener"}
_SAFE_HREF = re.compile(r"^(#[\w.:-]*|data:image/(png|jpeg);base64,[A-Za-z0-9+/=\s]*)$", re.I)
_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"]*)", re.I)
_FIX = ("save the logo again from a drawing program as a plain SVG (no scripts, no links to "
        "other files or web addresses), or as a PNG")


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _problem(el: Element) -> str | None:
    tag = _local(el.tag) if isinstance(el.tag, str) else ""
    if tag in _FORBIDDEN_ELEMENTS:
        return f"it contains a <{tag}> element"
    if tag == "style" and re.search(r"@import|url\(\s*['\"]?\s*[^#'\")\s]", el.text or "", re.I):
        return "its style sheet imports or links to another file"
    for key, value in el.attrib.items():
        name = _local(key)
        if name.startswith("on"):
            return f"<{tag}> has an event handler ({name}), which runs script"
        if name == "href" and not _SAFE_HREF.match(value.strip()):
            return f"<{tag}> links to {value[:80]!r} outside the image"
        for target in _URL.findall(value):
            if not target.strip().startswith("#"):
                return f"<{tag}> {name} refers to {target[:80]!r} outside the image"
    return None


def check_svg(content: bytes, name: str = "the SVG") -> None:
    """Raise :class:`UnsafeFileError` unless ``content`` is an SVG that draws only itself."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    if b"<?xml-stylesheet" in content:
        raise UnsafeFileError(f"{name} links a style sheet (<?xml-stylesheet ...?>); {_FIX}")
    try:
        root = fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsafeFileError(f"{name} declares a DTD or entities ({type(exc).__name__}), "
                              f"which can read files or exhaust memory; {_FIX}") from None
    except Exception as exc:
        raise UnsafeFileError(f"{name} is not well-formed XML ({exc}); {_FIX}") from None
    if _local(str(root.tag)) != "svg":
        raise UnsafeFileError(f"{name} is not an SVG image (its root is <{_local(str(root.tag))}>"
                              f"); {_FIX}")
    for el in root.iter():
        problem = _problem(el)
        if problem is not None:
            raise UnsafeFileError(f"{name} is refused: {problem}; {_FIX}")


def check_url(url: str) -> None:
    """Raise :class:`UnsafeFileError` unless a document may read ``url``: a ``data:`` URL or a
    ``file:`` URL inside the cspkit package."""
    parsed = urlparse(url)
    if parsed.scheme == "data":
        return
    if parsed.scheme == "file":
        path = Path(unquote(parsed.path)).resolve()
        if path.is_relative_to(PACKAGE_DIR):
            return
    raise UnsafeFileError(f"the document refers to {url[:120]!r}, which is neither inside it nor "
                          "one of cspkit's own files; documents fetch nothing from elsewhere")


def url_fetcher() -> Any:
    """WeasyPrint's fetcher, limited to what :func:`check_url` allows (no redirects)."""
    from weasyprint.urls import URLFetcher

    class PackageOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            check_url(url)
            return super().fetch(url, headers)

    return PackageOnlyFetcher(allowed_protocols=["data", "file"], allow_redirects=False)
