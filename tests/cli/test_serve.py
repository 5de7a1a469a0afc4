"""`cspkit import examples/maidstone.yaml` then `cspkit serve` shows it: real processes, a real
server (granian) on loopback, a real sign-in."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
CSPKIT = str(Path(sys.executable).parent / "cspkit")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    skip = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")  # SQLite in the temporary home
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(CSPKIT_HOME=str(tmp_path / "home"), DJANGO_SUPERUSER_PASSWORD="a long pass phrase")
    return env


def cspkit(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([CSPKIT, *args], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def wait_for(url: str, process: subprocess.Popen[str], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read() if process.stdout else ""
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered at {url} within {seconds:.0f} s")


def test_import_then_serve_shows_the_partnership(env: dict[str, str]) -> None:
    assert "Imported Safer Maidstone Partnership (maidstone)" in cspkit(
        env, "import", str(ROOT / "examples" / "maidstone.yaml")
    )
    cspkit(env, "manage", "createsuperuser", "--noinput", "--username", "chair",
           "--email", "chair@example.org")
    port = free_port()
    server = subprocess.Popen(
        [CSPKIT, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz", server)
        with httpx.Client(base_url=base, follow_redirects=True) as browser:
            form = browser.get("/sign-in/").text
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
            assert token, form
            page = browser.post("/sign-in/", data={
                "username": "chair", "password": "a long pass phrase",
                "csrfmiddlewaretoken": token.group(1),
            })
            assert page.status_code == 200 and str(page.url) == f"{base}/p/maidstone/"
            assert "<h1 class=\"govuk-heading-l\">Dashboard</h1>" in page.text
            assert "Safer Maidstone Partnership" in page.text
            assert browser.get("/p/maidstone/governance/").status_code == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        out, _ = server.communicate(timeout=30)
    assert f"Serving cspkit at http://127.0.0.1:{port}/" in out
    assert "Background worker started beside it" in out


def test_serve_says_what_is_missing(env: dict[str, str], tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [CSPKIT, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        out, _ = server.communicate(timeout=30)
    assert "No partnership yet: `cspkit import examples/maidstone.yaml` adds one." in out
    assert "No one can sign in yet: `cspkit manage createsuperuser` makes an account" in out


def test_more_than_one_worker_needs_a_shared_cache() -> None:
    from click.testing import CliRunner

    from cspkit.cli import main

    result = CliRunner().invoke(main, ["serve", "--workers", "2"])  # the test settings: memory
    assert result.exit_code == 2
    assert (
        "--workers 2 needs a cache all the workers share (sessions and pages are kept there), "
        "and these settings keep it in each process's memory; serve the production settings "
        "(DJANGO_SETTINGS_MODULE=cspkit.djangoproject.production), which keep it in files, or "
        "run one worker"
    ) in " ".join(result.output.split())
