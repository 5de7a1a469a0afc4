"""Finding 3 of issue 13: `cspkit import --replace` deleted adopted plan versions, decisions,
memberships and progress history. It is now refused, listing them; `--dry-run` shows an import
without making it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cspkit.cli import main
from cspkit.exchange import export_yaml
from cspkit.partnership.models import Membership, Partnership
from cspkit.plans.models import PlanVersion
from tests.security.matrix import MatrixWorld, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def mw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MatrixWorld:
    monkeypatch.setenv("CSPKIT_HOME", str(tmp_path))
    return build()


def test_replace_refuses_and_lists_what_would_be_lost(mw: MatrixWorld, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(export_yaml(mw.world.a), encoding="utf-8")
    members = Membership.objects.filter(partnership=mw.world.a).count()
    result = CliRunner().invoke(main, ["import", "--replace", str(path)])
    assert result.exit_code == 2, result.output
    out = " ".join(result.output.split())
    assert "would delete what it has adopted, decided or audited" in out
    assert "1 plan versions (June 2024 Update" in out
    assert f"{members} memberships (people's roles)" in out
    assert "Nothing was changed" in out
    # case records keep the agencies they name: listed too (the world holds a case and an
    # ASB application, tests/security/matrix.py)
    assert "case records (kept for their retention period; `cspkit case retention`)" in out
    assert Partnership.objects.get(slug="a").pk == mw.world.a.pk
    assert PlanVersion.objects.filter(pk=mw.version.pk).exists()
    assert Membership.objects.filter(partnership=mw.world.a).count() == members


def test_dry_run_shows_the_import_and_changes_nothing(mw: MatrixWorld, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(export_yaml(mw.world.a).replace("slug: a\n", "slug: a-copy\n").replace(
        "name: Safer Testborough Partnership\n", "name: Safer Copyborough Partnership\n", 1),
        encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "--dry-run", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Dry run, nothing changed. Would import Safer Copyborough "
                                    "Partnership (a-copy): ")
    assert "2 priorities" in result.output
    assert not Partnership.objects.filter(slug="a-copy").exists()
