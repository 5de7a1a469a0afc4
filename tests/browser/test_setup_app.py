"""Setting up a partnership for Tunbridge Wells from the real ONS lookups, in a real browser:
choose the district, see it set up with what is still to load; axe-core; 375 pixels."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from cspkit.partnership.models import Partnership
from cspkit.sources import load_lookup
from cspkit.store import Store
from tests.browser.test_partnership_app import axe_violations
from tests.web.pages_world import PASSWORD, _hashed

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.shared_data]


def test_set_up_tunbridge_wells(page: Any, live_server: Any, transactional_db: None,
                                shared_data: Path, tmp_path: Path, screenshots: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    lookups = shared_data / "geography" / "lookups"
    store = Store(tmp_path / "store")
    load_lookup(store, [lookups / "LAD19_CSP19_PFA19_EW_LU.csv",
                        lookups / "LSOA11_WD19_LAD19_EW_LU.csv"])
    monkeypatch.setenv("CSPKIT_STORE", str(store.root))
    User.objects.create(username="root", password=_hashed(), is_superuser=True, is_staff=True)
    base = live_server.url
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Set up a partnership").click()
    found = {"set-up": axe_violations(page)}
    page.screenshot(path=screenshots / "setup-1024.png", full_page=True)
    page.get_by_role("button", name="Set up the partnership").click()
    assert "Choose the partnership's district" in page.locator(".govuk-error-summary") \
        .inner_text().replace("’", "'")
    found["set-up with errors"] = axe_violations(page)
    page.get_by_label("District").select_option("E07000116")
    page.get_by_role("button", name="Set up the partnership").click()
    panel = page.locator(".govuk-panel").inner_text()
    assert "Tunbridge Wells Community Safety Partnership is set up" in panel
    found["set up"] = axe_violations(page)
    page.screenshot(path=screenshots / "setup-done-1024.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") == 375
    page.screenshot(path=screenshots / "setup-done-375.png", full_page=True)
    page.get_by_role("link", name="Load its police data").click()
    page.wait_for_url(re.compile(r"/p/tunbridge-wells/data/$"))
    assert Partnership.objects.get().police_force == "kent"
    assert {name: v for name, v in found.items() if v} == {}
