"""`cspkit indicator`: list, show, refresh and record, on the test database and a real store."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cspkit.cli import main
from cspkit.store import Store
from tests.web.records.test_queries import crime_store  # noqa: F401  (a fixture)
from tests.web.records.world import World

pytestmark = pytest.mark.django_db


def run(store: Store | None, *args: str, user: str = "cso") -> tuple[int, str, str]:
    where = ["--store", str(store.root)] if store else []
    result = CliRunner().invoke(main, [*where, "indicator", "--user", user, *args])
    return result.exit_code, result.stdout, result.stderr


def test_refresh_then_list_and_show(w: World, crime_store: Store) -> None:  # noqa: F811
    code, out, err = run(crime_store, "refresh", "alpha", "crimes")
    assert (code, err) == (0, "")
    assert out == "crimes: 1 values (2021/22 to 2021/22); NONE\n"
    assert w.a.computed1.measurements.get(period="2021/22").value == 48.0
    code, out, _ = run(None, "list", "alpha")
    assert code == 0
    assert "crimes  Crimes: 48 (2021/22), no target, NONE" in out.splitlines()
    assert "calls  Calls: 10 (2021/22), no target, NONE" in out.splitlines()
    w.a.computed1.target = 40
    w.a.computed1.save()
    code, out, _ = run(None, "show", "alpha", "crimes")
    assert out.splitlines() == [
        "Crimes (crimes); down is good",
        "  2021/22: 48",
        "Status: RED: 48 misses the target of 40 by more than 5% and the trend is flat.",
        "Trend: flat; The count cannot be compared between Apr 2020\u2013Mar 2021 (no usable "
        "month) and Apr 2021\u2013Mar 2022: Apr 2020\u2013Mar 2021 has no usable month.",
    ]


def test_record_a_manual_value_and_the_errors(w: World) -> None:
    code, out, _ = run(None, "record", "alpha", "calls", "2022/23", "8", "--source", "logs")
    assert (code, out) == (0, "calls: 2022/23 = 8; NONE\n")
    m = w.a.manual1.measurements.get(period="2022/23")
    assert (m.value, m.provenance) == (8.0, {"entered_by": "cso", "source": "logs"})
    assert m.history.latest().history_user.username == "cso"
    code, _, err = run(None, "record", "alpha", "crimes", "2022/23", "8")
    assert code == 2 and "computed from the store by the query 'police_count'" in err
    code, _, err = run(None, "show", "alpha", "nothing")
    assert code == 2 and err == (
        "Error: Safer Alpha Partnership has no indicator 'nothing'; its indicators are calls, "
        "crimes, visits (`cspkit indicator list alpha`)\n")
    code, _, err = run(None, "record", "alpha", "calls", "2022/23", "8", user="outsider")
    assert code == 2 and "act as a user with the right role" in err
