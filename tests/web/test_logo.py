"""The partnership's logo: checked on upload, served to those who may read the partnership, on
the dashboard, and on the title page of the plan in HTML, PDF and Word."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image
from pypdf import PdfReader

from cspkit.partnership.logos import validate_logo
from cspkit.partnership.models import Partnership
from cspkit.plans.documents.plan import plan_document
from cspkit.reports import render_docx, render_html, render_pdf
from cspkit.reports.logo import Logo, logo_media_type
from tests.plans.conftest import build_maidstone
from tests.web.pages_world import World, build_world, signed_in

pytestmark = pytest.mark.django_db

SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
    b'<rect width="120" height="40" fill="#00703c"/></svg>'
)


def png(width: int = 120, height: int = 40) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#1d70b8").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def media(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Uploaded files under a temporary data folder, not the user's."""
    monkeypatch.setenv("CSPKIT_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def world() -> World:
    return build_world()


def with_logo(p: Partnership, content: bytes, name: str = "logo.png") -> Partnership:
    p.logo.save(name, ContentFile(content), save=True)
    return p


def test_the_kind_of_image_is_told_by_its_content() -> None:
    assert logo_media_type(png()) == "image/png"
    assert logo_media_type(b"\xff\xd8\xff\xe0" + b"\x00" * 20) == "image/jpeg"
    assert logo_media_type(SVG) == "image/svg+xml"
    assert logo_media_type(b"\xef\xbb\xbf  <svg xmlns='http://www.w3.org/2000/svg'/>") == (
        "image/svg+xml"
    )
    assert logo_media_type(b"<html><body>not an image</body></html>") is None
    assert logo_media_type(b"GIF89a") is None


def test_uploads_that_are_not_logos_are_refused_with_the_reason() -> None:
    validate_logo(ContentFile(png(), name="logo.png"))
    validate_logo(ContentFile(SVG, name="logo.svg"))
    with pytest.raises(ValidationError) as wrong:
        validate_logo(ContentFile(b"Name,Value\nA,1\n", name="logo.png"))
    assert wrong.value.messages == [
        "'logo.png' is not a PNG, JPEG or SVG image (it begins b'Name,Val'); save the logo in "
        "one of those formats"
    ]
    with pytest.raises(ValidationError) as big:
        validate_logo(ContentFile(png() + b"\x00" * (2 * 1024 * 1024), name="huge.png"))
    assert big.value.messages == [
        "'huge.png' is larger than 2 MB; save the logo smaller (a few hundred pixels wide is "
        "enough for a title page)"
    ]


def test_full_clean_names_the_field(world: World) -> None:
    world.a.logo.save("notes.png", ContentFile(b"just some text"), save=False)
    with pytest.raises(ValidationError) as error:
        world.a.full_clean()
    assert list(error.value.message_dict) == ["logo"]


def test_members_get_the_logo_and_others_404(world: World) -> None:
    with_logo(world.a, png())
    response = signed_in(world.member).get("/p/a/logo")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png()  # type: ignore[attr-defined]
    assert "sandbox" in response["Content-Security-Policy"]
    assert signed_in(world.b_officer).get("/p/a/logo").status_code == 404
    assert Client().get("/p/a/logo").status_code == 404  # not public
    assert signed_in(world.b_officer).get("/p/b/logo").status_code == 404  # B has none


def test_a_public_partnerships_logo_is_public(world: World) -> None:
    with_logo(world.a, SVG, "logo.svg")
    world.a.is_public = True
    world.a.save()
    response = Client().get("/p/a/logo")
    assert (response.status_code, response["Content-Type"]) == (200, "image/svg+xml")


def test_the_dashboard_shows_the_logo_once_it_is_uploaded(world: World) -> None:
    client = signed_in(world.officer)
    assert "app-partnership-logo" not in client.get("/p/a/").content.decode()
    with_logo(world.a, png())
    page = client.get("/p/a/").content.decode()
    assert '<img class="app-partnership-logo" src="/p/a/logo" alt="">' in page


def test_the_plan_carries_the_logo_on_its_title_page(tmp_path: Path) -> None:
    smp = build_maidstone()
    with_logo(smp.p, png(300, 100))
    doc = plan_document(smp.june_2021)
    assert doc.logo == Logo(png(300, 100), "image/png", "Safer Maidstone Partnership logo")
    html = render_html(doc, for_print=True)
    assert '<img class="logo" src="data:image/png;base64,' in html
    assert 'alt="Safer Maidstone Partnership logo"' in html
    pdf = tmp_path / "plan.pdf"
    render_pdf(doc, pdf)
    first = PdfReader(pdf).pages[0]
    assert len(first.images) == 1 and first.images[0].image.size == (300, 100)
    docx = tmp_path / "plan.docx"
    render_docx(doc, docx)
    with zipfile.ZipFile(docx) as z:
        images = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
        body = z.read("word/document.xml").decode()
    assert png(300, 100) in images
    assert 'descr="Safer Maidstone Partnership logo"' in body


def test_an_svg_logo_is_drawn_in_word(tmp_path: Path) -> None:
    logo = Logo(SVG, "image/svg+xml", "Test logo")
    assert logo.raster().startswith(b"\x89PNG")
