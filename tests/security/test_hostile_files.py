"""Finding 2 of issue 13: files from users are hostile. A logo SVG that links to a local
listener or a local file, or declares an entity, is refused on upload; and the renderers fetch
nothing even when such an SVG reaches them (a logo stored before the check)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

import cspkit
from cspkit.errors import UnsafeFileError
from cspkit.partnership.logos import partnership_logo, validate_logo
from cspkit.reports import Document, write_document
from cspkit.reports.document import Paragraph, Section
from cspkit.reports.logo import Logo
from cspkit.reports.safety import check_svg, url_fetcher


class Listener:
    """A local HTTP server that counts every request it is sent."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        seen = self.paths

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                seen.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


def svg(body: str, head: str = "") -> bytes:
    return (f'{head}<svg xmlns="http://www.w3.org/2000/svg" '
            f'xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20">{body}</svg>'
            ).encode()


def hostile(url: str, secret: Path) -> dict[str, bytes]:
    return {
        "remote image": svg(f'<image href="{url}/logo.png" width="10" height="10"/>'),
        "xlink image": svg(f'<image xlink:href="{url}/x.png" width="10" height="10"/>'),
        "local file": svg(f'<image href="file://{secret}" width="10" height="10"/>'),
        "style import": svg(f'<style>@import url("{url}/a.css");</style><rect/>'),
        "fill url": svg(f'<rect fill="url({url}/p#x)" width="5" height="5"/>'),
        "script": svg("<script>alert(1)</script>"),
        "handler": svg('<rect onload="alert(1)" width="5" height="5"/>'),
        "foreign object": svg("<foreignObject><p>x</p></foreignObject>"),
        "xxe": svg("<text>&x;</text>", f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x '
                                      f'SYSTEM "file://{secret}">]>'),
        "billion laughs": svg("<text>&b;</text>", '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
                              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'),
        "stylesheet": svg("<rect/>", f'<?xml-stylesheet href="{url}/s.css"?>'),
    }


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOP SECRET 12345")
    return path


def test_hostile_svgs_are_refused_naming_the_problem(listener: Listener, secret: Path) -> None:
    for kind, content in hostile(listener.url, secret).items():
        with pytest.raises(UnsafeFileError, match="save the logo again") as caught:
            check_svg(content, "'logo.svg'")
        assert "'logo.svg'" in str(caught.value), kind
    assert listener.paths == []


def test_a_plain_svg_with_gradients_and_embedded_png_passes() -> None:
    check_svg(svg('<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="5" '
                  'height="5"/><use href="#g"/><image href="data:image/png;base64,iVBORw0K"/>'))


def test_the_upload_check_refuses_an_xxe_logo(secret: Path) -> None:
    upload = ContentFile(hostile("http://127.0.0.1:9", secret)["xxe"], name="logo.svg")
    with pytest.raises(ValidationError, match="declares a DTD or entities"):
        validate_logo(upload)


def _document(logo: Logo, listener: Listener) -> Document:
    section = Section("Intro", [Paragraph(f'<img src="{listener.url}/in-text.png">')])
    return Document("Hostile", sections=[section], logo=logo)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_the_renderers_fetch_nothing_from_a_hostile_logo(listener: Listener, secret: Path,
                                                         tmp_path: Path, fmt: str) -> None:
    """The logo is handed to the renderers directly, as one stored before the check would be."""
    content = hostile(listener.url, secret)["remote image"].replace(
        b"</svg>", f'<image href="file://{secret}" width="5" height="5"/></svg>'.encode())
    doc = _document(Logo(content, "image/svg+xml", "logo"), listener)
    try:
        out = write_document(doc, tmp_path / f"doc.{fmt}")
    except UnsafeFileError:  # Word rasterises the logo, and refuses a hostile one
        assert fmt == "docx"
    else:
        assert b"TOP SECRET" not in out.read_bytes()
    assert listener.paths == []


def test_the_pdf_fetcher_reads_only_data_and_package_files(listener: Listener,
                                                           secret: Path) -> None:
    fetcher = url_fetcher()
    for url in [f"{listener.url}/x.png", f"file://{secret}", "https://example.org/x.png"]:
        with pytest.raises(UnsafeFileError, match="fetch nothing from elsewhere"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain;base64,eA==").read() == b"x"
    css = Path(cspkit.__file__).parent / "reports" / "templates" / "reports" / "document.html"
    assert fetcher.fetch(css.as_uri()).read().startswith(b"{% macro")
    assert listener.paths == []


@pytest.mark.django_db
def test_a_stored_hostile_logo_is_left_out_of_documents(
    secret: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cspkit.partnership.models import Partnership

    monkeypatch.setenv("CSPKIT_HOME", str(tmp_path))
    p = Partnership.objects.create(name="P", slug="p")
    p.logo.save("logo.svg", ContentFile(hostile("http://127.0.0.1:9", secret)["xxe"]))
    assert partnership_logo(p) is None
