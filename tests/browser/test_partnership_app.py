"""The web app in a real browser: an officer updates an action, and every page people fill in
or read passes axe-core's accessibility rules (WCAG 2.2 AA and best practice)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.pages_world import PASSWORD, World, build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db: None) -> World:
    return build_world()


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/p/a/$"))


def at_risk_count(page: Any, base: str) -> int:
    page.goto(f"{base}/p/a/")
    cell = page.locator('tr[data-subject="domestic-abuse"] td[data-status="at_risk"]')
    return int(cell.inner_text())


def test_officer_updates_an_action_to_amber(
    page: Any, live_server: Any, world: World, screenshots: Any
) -> None:
    base = live_server.url
    sign_in(page, base, "officer")
    assert at_risk_count(page, base) == 0
    page.screenshot(path=screenshots / "dashboard-before.png", full_page=True)

    page.get_by_role("link", name="Domestic abuse", exact=True).click()
    page.get_by_role("link", name="Update action: Run a stalking awareness campaign").click()
    page.get_by_label("At risk (amber)").check()
    page.get_by_label("Progress since the last update").fill("The venue fell through; rebooking.")
    page.screenshot(path=screenshots / "action-form.png", full_page=True)
    page.get_by_role("button", name="Save progress update").click()

    banner = page.locator(".govuk-notification-banner--success")
    assert "is at risk (amber)" in banner.inner_text()
    page.screenshot(path=screenshots / "priority-after.png", full_page=True)

    assert at_risk_count(page, base) == 1
    page.screenshot(path=screenshots / "dashboard-after.png", full_page=True)

    page.goto(f"{base}/p/a/actions/{world.da_action.pk}/")
    page.get_by_role("link", name="History of this action").click()
    first = page.locator("table.app-history tbody tr").first
    cells = [c.strip() for c in first.locator("td").all_inner_texts()]
    assert cells[1:] == ["officer", "Changed", "Status", "On track (green)", "At risk (amber)",
                         ""]  # the last column: the reason, none given on this form
    page.screenshot(path=screenshots / "history.png", full_page=True)


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations on the page, one line each (rule, impact, first few nodes)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:3])
        for v in results.response["violations"]
    ]


def test_pages_pass_axe(page: Any, live_server: Any, world: World, screenshots: Any) -> None:
    base = live_server.url
    sign_in(page, base, "dalead")
    found: dict[str, list[str]] = {}
    for name, url in [
        ("dashboard", "/p/a/"),
        ("priority", "/p/a/priorities/domestic-abuse/"),
        ("indicator", "/p/a/indicators/repeat-victims/"),
        ("governance", "/p/a/governance/"),
        ("glossary", "/p/a/glossary/"),
        ("history", f"/p/a/history/actions.action/{world.da_action.pk}/"),
        ("cases", "/p/a/cases/"),
        ("case", "/p/a/cases/park-wood/"),
    ]:
        page.goto(base + url)
        found[name] = axe_violations(page)
        page.screenshot(path=screenshots / f"axe-{name}.png", full_page=True)

    # the action form, sent empty: error summary (focused) and inline errors
    page.goto(f"{base}/p/a/actions/{world.da_action.pk}/")
    page.get_by_label("Progress since the last update").fill("")
    page.get_by_role("button", name="Save progress update").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter a comment on the progress made" in summary.inner_text()
    # GOV.UK Frontend's JavaScript moves the focus to the summary
    page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')")
    found["action form with errors"] = axe_violations(page)
    page.screenshot(path=screenshots / "axe-action-errors.png", full_page=True)

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base}/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    found["sign-in with errors"] = axe_violations(page)
    page.screenshot(path=screenshots / "axe-sign-in-errors.png", full_page=True)

    assert {name: v for name, v in found.items() if v} == {}


def test_pages_reflow_at_320_pixels(
    page: Any, live_server: Any, world: World, screenshots: Any
) -> None:
    """WCAG 1.4.10: at 320 CSS pixels nothing but the tables' own regions scrolls sideways."""
    base = live_server.url
    sign_in(page, base, "dalead")
    page.set_viewport_size({"width": 320, "height": 800})
    wide = {}
    for name, url in [
        ("dashboard", "/p/a/"),
        ("priority", "/p/a/priorities/domestic-abuse/"),
        ("action", f"/p/a/actions/{world.da_action.pk}/"),
        ("indicator", "/p/a/indicators/repeat-victims/"),
        ("governance", "/p/a/governance/"),
        ("case", "/p/a/cases/park-wood/"),
    ]:
        page.goto(base + url)
        wide[name] = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=screenshots / f"narrow-{name}.png", full_page=True)
    assert wide == dict.fromkeys(wide, 320)
