"""Reading IoD2019 files and averaging deprivation over wards."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cspkit.analysis.places import IMD_DOMAINS, deprivation_by_area, read_imd
from cspkit.errors import ColumnError, InputError, ValueProblem

HEADER = (
    "LSOA code (2011),LSOA name (2011),Local Authority District code (2019),"
    "Local Authority District name (2019),"
    "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived),"
    "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs),"
    "Income Rank (where 1 is most deprived),"
    "Income Decile (where 1 is most deprived 10% of LSOAs)\n"
)


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "imd.csv"
    path.write_text("\ufeff" + header + body, encoding="utf-8")
    return path


def test_read_imd_tidy(tmp_path: Path) -> None:
    path = write(tmp_path, 'E01000001,A,E07000110,M,"1",1,32844,10\n'
                           'E01000002,B,E07000110,M,"16,422",5,2,1\n')
    imd = read_imd(path)
    assert list(imd.columns) == ["lsoa_code", "lad_code", "domain", "rank", "decile"]
    assert imd.values.tolist() == [
        ["E01000001", "E07000110", "imd", 1, 1], ["E01000002", "E07000110", "imd", 16422, 5],
        ["E01000001", "E07000110", "income", 32844, 10], ["E01000002", "E07000110", "income", 2, 1],
    ]


def test_read_imd_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "E01000001,A,E07000110,M,0,1,5,1\n")
    with pytest.raises(ValueProblem) as err:
        read_imd(path)
    assert str(err.value) == (
        f"{path}, line 2, column 'Index of Multiple Deprivation (IMD) Rank (where 1 is most "
        "deprived)': value '0'; expected a whole number from 1 to 32,844. Correct that row, or "
        "take the file again from the English Indices of Deprivation 2019 release."
    )
    path = write(tmp_path, "E01000001,5\n", header="lsoa,score\n")
    with pytest.raises(ColumnError) as err2:
        read_imd(path)
    assert str(err2.value) == (
        f"{path}, line 1: missing column(s) 'LSOA code (2011)', 'Index of Multiple Deprivation "
        "(IMD) Rank (where 1 is most deprived)'; the header has 'lsoa', 'score'. Give IoD2019 "
        "File 1 or File 2 saved as CSV (columns 'LSOA code (2011)', 'Index of Multiple "
        "Deprivation (IMD) Rank (where 1 is most deprived)', ...)."
    )


def test_population_weighted_ward_average() -> None:
    imd = pd.DataFrame({
        "lsoa_code": ["L1", "L2", "L3"], "lad_code": "D", "domain": "income",
        "rank": [1, 32844, 16422], "decile": [1, 10, 5],
    })
    lookup = pd.DataFrame({"lsoa_code": ["L1", "L2", "L3"], "ward_code": ["W1", "W1", "W2"]})
    pop = pd.DataFrame({"area_code": ["L1", "L2", "L3"], "population": [3000, 1000, 1500]})
    out = deprivation_by_area(imd, lookup, pop)
    # L1 is 100 (most deprived), L2 0: (100 * 3000 + 0 * 1000) / 4000 = 75
    assert out.loc["W1", "dep_income"] == pytest.approx(75.0)
    assert out.loc["W2", "dep_income"] == pytest.approx(100 * (32844 - 16422) / 32843)
    with pytest.raises(InputError) as err:
        deprivation_by_area(imd[imd["lsoa_code"] != "L3"], lookup, pop)
    assert str(err.value) == (
        "deprivation_by_area: 1 LSOA(s) of the lookup have no IMD rank (L3); give the whole "
        "IoD2019 file for England (LSOA 2011 codes)"
    )


@pytest.mark.shared_data
def test_real_file_two(imd: pd.DataFrame) -> None:
    assert set(imd["domain"]) == set(IMD_DOMAINS)
    assert len(imd) == 8 * 32_844
    one = imd[(imd["domain"] == "imd") & (imd["lsoa_code"] == "E01024389")]  # Maidstone 013A
    assert one["decile"].iloc[0] == 1 and one["rank"].iloc[0] == 2915
