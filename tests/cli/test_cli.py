"""The `cspkit` command: each command through click's runner, on real stores and files."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from cspkit.cli import main
from cspkit.cli._support import ReportingGroup
from cspkit.store import Store
from tests.police_csv import HEADER, write_street


def run(store: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, ["--store", str(store), *args])
    assert result.exit_code == code, result.output
    return result.output


def test_every_command_has_help() -> None:
    def walk(group, path):  # type: ignore[no-untyped-def]
        for name, cmd in group.commands.items():
            out = CliRunner().invoke(main, [*path, name, "--help"])
            assert out.exit_code == 0 and "Usage:" in out.output, (path, name)
            if hasattr(cmd, "commands"):
                walk(cmd, [*path, name])

    walk(main, [])


def test_load_status_coverage(tmp_path: Path) -> None:
    for month in ("2021-01", "2021-02", "2021-04", "2021-05", "2021-06"):
        write_street(tmp_path / "in", month, 30)
    write_street(tmp_path / "in", "2021-07", 5)
    out = run(tmp_path / "s", "load", "police", str(tmp_path / "in"))
    assert out.splitlines()[:7] == [
        "Loaded 6 file(s) of police data: 155 rows.",
        "  tables: street 155",
        "  areas: 1 forces, 1 LSOAs",
        "  periods: 2021-01 to 2021-07 (6 months)",
        "  forces: testshire",
        "  replaced: none",
        "  skipped: none",
    ]
    status = run(tmp_path / "s", "status")
    assert "  street: 155 rows" in status
    assert "  missing months: testshire 2021-03" in status
    assert "  empty months (loaded with no rows): none" in status
    assert (
        "  low months (far below their neighbours): testshire 2021-07 (16% of neighbours)" in status
    )
    cov = run(tmp_path / "s", "coverage")
    assert "1 missing, 0 empty and 1 low force-month(s)" in cov
    csv = run(tmp_path / "s", "coverage", "--csv")
    assert csv.splitlines()[0] == (
        "force,month,rows,rows_per_day,neighbour_median,ratio,flag,no_lsoa,unmatched,lsoa_vintage"
    )
    assert "\nNo LSOA lookup is loaded: rows count for no district until one is " in cov


def test_bad_input_is_a_message_and_exit_code_not_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "2021-05-kent-street.csv"
    bad.write_text("<html><body>Service unavailable</body></html>")
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "load", "police", str(bad)])
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {bad}: is an HTML page, not a CSV file (was a web page or an error page saved "
        "as .csv?). Download the file again from data.police.uk and check that it opens as a "
        "table\n"
    )
    assert "Traceback" not in result.output


def test_coverage_of_an_empty_store(tmp_path: Path) -> None:
    out = run(tmp_path / "s", "coverage", code=2)
    assert out == (f"Error: the store at {tmp_path / 's'} has no street data; load some first "
                   "(`cspkit load police FILES` or `cspkit fetch police`)\n")


@pytest.mark.shared_data
def test_fetch_police_from_a_local_api_then_load(
    tmp_path: Path, shared_data: Path, httpserver: HTTPServer
) -> None:
    """The whole fetch path against a local stand-in for data.police.uk (never the internet)."""
    store = tmp_path / "s"
    run(
        store,
        "load",
        "geography",
        "boundaries",
        str(shared_data / "geography/boundaries/maidstone_wards_WD22_E07000110.geojson"),
    )
    crime = {
        "category": "burglary",
        "location_type": "Force",
        "context": "",
        "id": 1,
        "persistent_id": "a" * 64,
        "month": "2021-05",
        "location_subtype": "",
        "location": {
            "latitude": "51.272",
            "longitude": "0.521",
            "street": {"id": 9, "name": "On or near High Street"},
        },
        "outcome_status": {"category": "Under investigation", "date": "2021-05"},
    }
    asb = dict(crime, category="anti-social-behaviour", id=2, persistent_id="", outcome_status=None)
    lost = dict(crime, id=3, persistent_id="b" * 64, location=None, location_type=None)

    def street(request: Request) -> Response:
        params = request.form or request.args
        assert "poly" in params
        month = params["date"]
        rows = [dict(crime, month=month), dict(asb, month=month)]
        return Response(json.dumps(rows), content_type="application/json")

    def no_location(request: Request) -> Response:
        rows = [dict(lost, month=request.args["date"])]
        return Response(json.dumps(rows), content_type="application/json")

    httpserver.expect_request("/api/forces").respond_with_json(
        [{"id": "kent", "name": "Kent Police"}]
    )
    httpserver.expect_request("/api/crime-categories").respond_with_json(
        [
            {"url": "all-crime", "name": "All crime"},
            {"url": "burglary", "name": "Burglary"},
            {"url": "anti-social-behaviour", "name": "Anti-social behaviour"},
        ]
    )
    httpserver.expect_request("/api/crimes-street/all-crime").respond_with_handler(street)
    httpserver.expect_request("/api/crimes-no-location").respond_with_handler(no_location)
    out = run(
        store,
        "fetch",
        "police",
        "--district",
        "E07000110",
        "--force",
        "kent",
        "--from",
        "2021-05",
        "--to",
        "2021-06",
        "--out",
        str(tmp_path / "dl"),
        "--api-url",
        httpserver.url_for("/api/"),
    )
    assert "Wrote 2 file(s)" in out and "Loaded 2 file(s) of police data: 6 rows." in out
    written = (tmp_path / "dl/2021-05/2021-05-kent-street.csv").read_text().splitlines()
    assert written[0] == ",".join(HEADER)
    con = Store(store).connect()
    assert con.execute(
        "SELECT crime_type, count(*) FROM street WHERE month = '2021-05' GROUP BY 1 ORDER BY 1"
    ).fetchall() == [("Anti-social behaviour", 1), ("Burglary", 2)]


@pytest.mark.shared_data
def test_a_warning_is_one_line_note(tmp_path: Path, shared_data: Path) -> None:
    """A real file that warns (self-touching rings made valid): one line, no source line."""
    path = shared_data / "geography/boundaries/kent_lad2013_from_ukgeojson_topo.geojson"
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "load", "geography",
                                       "boundaries", str(path)])
    assert result.exit_code == 0, result.output
    note = (
        f"  note: {path}: 11 invalid polygon(s) (E06000035, E07000106, E07000107, E07000108, "
        "E07000109, ...) made valid with shapely.make_valid; check them, or repair the file to "
        "silence this\n"
    )
    # the load report carries the warning as one note line; Python's warning text never shows
    assert result.stdout.startswith("Loaded 1 file(s) of boundaries: 13 rows.\n")
    assert result.stdout.count(note) == 1
    assert result.stderr == ""
    assert "Warning" not in result.output and "warnings.warn" not in result.output


@pytest.mark.shared_data
def test_fetch_notes_guessed_categories_and_lists_the_forces(
    tmp_path: Path, shared_data: Path, httpserver: HTTPServer
) -> None:
    store = tmp_path / "s"
    run(store, "load", "geography", "boundaries",
        str(shared_data / "geography/boundaries/maidstone_wards_WD22_E07000110.geojson"))
    crime = {"category": "knife-crime", "location_type": "Force", "context": "", "id": 1,
             "persistent_id": "a" * 64, "month": "2021-05", "location_subtype": "",
             "location": {"latitude": "51.272", "longitude": "0.521",
                          "street": {"id": 9, "name": "On or near High Street"}},
             "outcome_status": None}
    httpserver.expect_request("/api/forces").respond_with_json(
        [{"id": "kent", "name": "Kent Police"}, {"id": "essex", "name": "Essex Police"}])
    httpserver.expect_request("/api/crime-categories").respond_with_json(
        [{"url": "all-crime", "name": "All crime"}])
    httpserver.expect_request("/api/crimes-street/all-crime").respond_with_json([crime])
    httpserver.expect_request("/api/crimes-no-location").respond_with_json([])
    args = ["--store", str(store), "fetch", "police", "--district", "E07000110", "--from",
            "2021-05", "--to", "2021-05", "--out", str(tmp_path / "dl"), "--no-load",
            "--api-url", httpserver.url_for("/api/")]
    result = CliRunner().invoke(main, [*args, "--force", "kent"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "note: crime categories ['knife-crime'] are not among the category names of the "
        "crimes' month (PoliceAPI.crime_categories); their Crime type was written from the id\n"
    )
    result = CliRunner().invoke(main, [*args, "--force", "kent-police"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: data.police.uk has no force 'kent-police'; give one of its force ids with "
        "--force: essex, kent\n"
    )


def test_an_unexpected_error_is_one_paragraph_asking_for_a_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    @click.group(cls=ReportingGroup)
    def tool() -> None:
        """A command group as cspkit's are."""

    @tool.command()
    def divide() -> None:
        print(1 / 0)

    result = CliRunner().invoke(tool, ["divide"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cspkit failed unexpectedly (ZeroDivisionError: division by zero). This is a bug: "
        "please report it with the command you ran (set CSPKIT_TRACEBACK=1 to see the "
        "traceback)\n"
    )
    monkeypatch.setenv("CSPKIT_TRACEBACK", "1")
    assert isinstance(CliRunner().invoke(tool, ["divide"]).exception, ZeroDivisionError)
