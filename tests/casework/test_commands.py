"""`cspkit case ...` through click's runner, on the test database: the same service functions
as the pages, the same access rules, every view logged."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cspkit.casework.models import CaseAccess, RetentionLog, VulnerabilityCase
from cspkit.cli.case import case
from tests.casework.world import CaseWorld

ADD = ["add", "a", "--name", "Jane Smith", "--agency", "police", "--reason", "Calls",
       "--basis", "s115", "--consent", "given", "--flag", "hoarding", "--referred", "2023-01-02",
       "--dob", "1980-02-03"]


def run(user: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(case, ["--user", user, *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.django_db
def test_add_list_show_close(w: CaseWorld) -> None:
    code, out, err = run("worker", *ADD)
    pk = VulnerabilityCase.objects.get().pk
    ref = f"CSVG-{pk:04d}"
    assert (code, out) == (0, f"Referred {ref} (person, from a Police).\n"), err
    code, out, _ = run("worker", "list", "a")
    assert out == f"{ref}  J. S.  –  2023-01-02  not assessed  –  Open\n"
    assert "Jane" not in out
    code, out, _ = run("worker", "show", "a", ref)
    shown = json.loads(out)
    assert (shown["reference"], shown["name of the person, household or place"]) == (
        ref, "Jane Smith")
    assert next(iter(CaseAccess.objects.values_list("what", "channel"))) == (
        "viewed the case", "command")
    code, out, _ = run("worker", "close", "a", ref.lower(), "--outcome", "risk_reduced",
                       "--reason", "Supported", "--date", "2023-02-01")
    assert (code, out) == (0, f"Closed {ref}: risk reduced.\n")
    assert run("worker", "list", "a")[1] == "Safer A has no open cases in this forum.\n"


@pytest.mark.django_db
def test_refused_and_unknown(w: CaseWorld) -> None:
    run("worker", *ADD)
    ref = f"CSVG-{VulnerabilityCase.objects.get().pk:04d}"
    code, _, err = run("member", "show", "a", ref)
    assert code == 2 and err.startswith("Error: member may not see the cases of the "
                                        "Vulnerability meeting (CSVG)")
    code, _, err = run("b_worker", "show", "a", ref)
    assert code == 2 and err == (f"Error: case {ref} of a was not found, or is not yours to "
                                 "see: cases are for the partnership's case workers "
                                 "(--user NAME)\n")
    code, _, err = run("worker", "show", "a", "X-1")
    assert code == 2 and "write CSVG-0012 for a vulnerability case" in err
    code, _, err = run("worker", "add", "a", *ADD[2:4], "--agency", "fire", *ADD[6:])
    assert code == 2 and "its organisations' keys are: police, council" in err
    assert not CaseAccess.objects.filter(what="viewed the case").exists()


@pytest.mark.django_db
def test_retention_refuses_without_yes_and_export(w: CaseWorld, tmp_path: Path) -> None:
    run("worker", *ADD)
    ref = f"CSVG-{VulnerabilityCase.objects.get().pk:04d}"
    run("worker", "close", "a", ref, "--outcome", "other", "--reason", "x", "--date",
        "2023-02-01")
    code, out, err = run("admin", "export", "a", "jane smith", "--dob", "1980-02-03", "-o",
                         str(tmp_path / "sar.json"))
    assert (code, out) == (0, f"Wrote 1 case(s) about jane smith to {tmp_path / 'sar.json'}\n")
    sar = json.loads((tmp_path / "sar.json").read_text())
    assert sar["vulnerability_cases"][0]["reference"] == ref
    code, out, err = run("admin", "retention", "a", "--today", "2025-03-01")
    assert code == 2 and out.splitlines()[1] == (
        f"  {ref}: closed 01 February 2023, kept until 01 February 2025; would be deleted")
    assert err == ("Error: nothing was removed: run `cspkit case retention a --yes` to remove "
                   "these 1 case(s) for good\n")
    assert VulnerabilityCase.objects.exists()
    code, out, _ = run("worker", "retention", "a", "--yes")
    assert code == 2 and VulnerabilityCase.objects.exists()
    code, out, _ = run("admin", "retention", "a", "--today", "2025-03-01", "--yes")
    assert code == 0 and out.splitlines()[1].endswith("; deleted")
    assert not VulnerabilityCase.objects.exists()
    assert RetentionLog.objects.get().closed_on == dt.date(2023, 2, 1)


@pytest.mark.django_db
def test_due_lists_the_reminders(w: CaseWorld) -> None:
    from cspkit.casework.vulnerability import add_action

    case = w.refer("Jane Smith")
    add_action(w.users["worker"], case, "Welfare visit", w.council, dt.date(2025, 1, 20))
    add_action(w.users["worker"], case, "Later", w.police, dt.date(2025, 3, 1))
    code, out, _ = run("worker", "due", "a", "--by", "2025-02-01")
    assert (code, out) == (0, f"2025-01-20 (overdue)  {case.reference} J. S.  a Council: "
                              "Welfare visit\n")
    assert run("member", "due", "a")[0] == 2
