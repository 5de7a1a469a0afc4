"""Area indicator files: the strict CSV shape, its messages, and loading it into the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspkit.errors import ColumnError, NotLoadedError, ValueProblem
from cspkit.sources import INDICATOR_COLUMNS, indicators_table, load_indicators, read_indicators
from cspkit.store import Store


def write(tmp_path: Path, text: str, name: str = "indicators.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = (
    "area_code,indicator,value,period,source\n"
    "E05000001,MARAC referrals,12,2021/22,Kent MARAC\n"
    "E05000002,MARAC referrals,4,2021/22,Kent MARAC\n"
    "E05000003,MARAC referrals,2,2021/22,Kent MARAC\n"
    "E05000001,MARAC referrals,9,2020/21,Kent MARAC\n"
    "E05000001,Self-harm admissions,250.5,2016-21,OHID\n"
)


def test_source_given_as_an_argument(tmp_path: Path) -> None:
    path = write(tmp_path, "Area_Code, Indicator ,value,period\nE05000001,MARAC,3,2021/22\n")
    ind = read_indicators(path, source="Kent MARAC")
    assert ind.iloc[0].to_dict() == {"area_code": "E05000001", "indicator": "MARAC",
                                     "value": 3.0, "period": "2021/22", "source": "Kent MARAC"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("area_code,indicator,value,period\nE05000001,MARAC,3,2021/22\n",
         "{path}, line 1: missing column(s) 'source'; the header has 'area_code', 'indicator', "
         "'value', 'period'. An indicator file has the columns area_code, indicator, value, "
         "period and source (or give the source with --source when every row has the same one)."),
        ("area_code,indicator,value,period,source\nMaidstone,MARAC,3,2021/22,X\n",
         "{path}, line 2, column 'area_code': value 'Maidstone'; expected an ONS GSS area code "
         "(a letter and eight digits, e.g. E05005003). Correct the code or remove the row."),
        ("area_code,indicator,value,period,source\nE05000001,MARAC,*,2021/22,X\n",
         "{path}, line 2, column 'value': value '*'; expected a number (e.g. 41 or 212.5). Give "
         "the value, or leave out the row of a suppressed or missing value."),
        ("area_code,indicator,value,period,source\nE05000001,MARAC,3,,X\n",
         "{path}, line 2, column 'period': value ''; expected the period the value covers (e.g. "
         "2021/22). Give the period on every row."),
        ("area_code,indicator,value,period,source\nE05000001,MARAC,3,2021/22,X\n"
         "E05000001,MARAC,4,2021/22,X\n",
         "{path}, line 3, column 'area_code': value 'E05000001'; expected each area, indicator "
         "and period once ('MARAC', '2021/22' is repeated). Remove the repeated row."),
    ],
)


def test_indicator_file_errors(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises((ColumnError, ValueProblem)) as err:
        read_indicators(path)
    assert str(err.value) == message.format(path=path)


def test_load_replaces_by_source_indicator_and_period(tmp_path: Path, store: Store) -> None:
    with pytest.raises(NotLoadedError) as err:
        indicators_table(store)
    assert str(err.value) == (
        f"the store at {store.root} has no area indicators; load a file with "
        "`cspkit load area-indicators FILE`"
    )
    report = load_indicators(store, write(tmp_path, GOOD))
    assert (report.rows, report.periods) == (5, ["2016-21", "2020/21", "2021/22"])
    assert report.details == {"indicators": "MARAC referrals, Self-harm admissions"}
    assert report.areas == {"areas": 3}
    # a corrected 2021/22 file replaces those three values and keeps 2020/21 and OHID's
    fixed = write(tmp_path, "area_code,indicator,value,period\n"
                            "E05000001,MARAC referrals,13,2021/22\n", name="fixed.csv")
    again = load_indicators(store, fixed, source="Kent MARAC")
    assert again.replaced == ["area indicators of fixed.csv (3 rows)"]
    table = indicators_table(store)
    assert tuple(table.columns) == INDICATOR_COLUMNS
    assert table[["indicator", "period", "value"]].values.tolist() == [
        ["MARAC referrals", "2020/21", 9.0], ["MARAC referrals", "2021/22", 13.0],
        ["Self-harm admissions", "2016-21", 250.5],
    ]
