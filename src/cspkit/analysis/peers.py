"""How does the district compare? Its rate per 1,000 residents against its peers', per crime
group, ranked and on a funnel plot (:mod:`cspkit.analysis.funnel`).

Peers are the other districts, **from the loaded data**, of:

- the same **police force area** (the ``lad_csp_pfa`` lookup; without it, the districts whose
  street rows come mostly from the same force);
- the same **county** (the ``ward_hierarchy`` lookup), where the district has one;
- **England and Wales**, when the store holds street data for at least 300 districts.

A district is a peer only when the store holds data for every month compared (the district's
usable months of the year) and a population; others are named in ``note``. Counts are street
rows whose LSOA is in the district (the ``lsoa_ward`` lookup); populations are the store's
latest (or the given) year summed to districts, so rates print their population year and the
LSOA vintage. Rank 1 is the highest rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from cspkit.analysis.comparisons import ALL_CRIME, ASB
from cspkit.analysis.funnel import Funnel, funnel, positions
from cspkit.analysis.periods import months_text
from cspkit.errors import GeographyError, NotLoadedError
from cspkit.geography import lookup_table, population_by
from cspkit.store import Store

__all__ = ["PEER_COLUMNS", "SUMMARY_COLUMNS", "PeerReport", "peer_rates"]

PEER_COLUMNS = ("group", "crime_type", "lad_code", "lad_name", "count", "population",
                "rate_per_1000", "rank", "of", "position", "target")
SUMMARY_COLUMNS = ("group", "crime_type", "count", "rate_per_1000", "rank", "of",
                   "group_rate", "position", "limits")
_NATIONAL = 300


@dataclass(frozen=True)
class PeerReport:
    """The district among its peers (see the module docstring)."""

    lad_code: str
    lad_name: str
    table: pd.DataFrame
    """Every peer, group and crime group: :data:`PEER_COLUMNS` (``target`` marks the district)."""
    summary: pd.DataFrame
    """The district's row per group and crime group: :data:`SUMMARY_COLUMNS`."""
    funnels: dict[tuple[str, str], Funnel] = field(default_factory=dict)
    months: tuple[str, ...] = ()
    population_year: int = 0
    note: str = ""

    def sentence(self, crime_type: str = ALL_CRIME) -> str:
        """The district's rank and funnel position in its first group, in words."""
        rows = self.summary[self.summary["crime_type"] == crime_type]
        if rows.empty:
            return ""
        r = rows.iloc[0]
        what = "crime (excluding ASB)" if crime_type == ALL_CRIME else crime_type.lower()
        return (f"{self.lad_name}'s rate of {what}, {r['rate_per_1000']:.1f} per 1,000 "
                f"residents, is the {_ordinal(int(r['rank']))} highest of the {int(r['of'])} "
                f"districts of {_the(str(r['group']))} ({r['group_rate']:.1f} for the area as a "
                f"whole): "
                f"{r['position']} of the funnel ({months_text(self.months)}; population "
                f"{self.population_year}).")


def _the(group: str) -> str:
    return f"the {group}" if group.endswith("police force area") else group


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_COUNTED: dict[tuple[object, ...], tuple[pd.DataFrame, pd.DataFrame]] = {}


def _counts(store: Store, months: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(lad_code, crime_type, count) and (lad_code, force, months, rows) for ``months``.

    Every district's counts at once, so kept (per store version, scope and months) for the next
    district of a batch: a county's or the country's assessments count the year once."""
    key = (str(store.root.resolve()), store.version, store.forces, tuple(months))
    if key not in _COUNTED:
        if len(_COUNTED) >= 4:
            _COUNTED.clear()
        _COUNTED[key] = _count(store, months)
    counts, forces = _COUNTED[key]
    return counts.copy(), forces.copy()


def _count(store: Store, months: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    lu = lookup_table(store, "lsoa_ward")[["lsoa_code", "lad_code"]].drop_duplicates("lsoa_code")
    con = store.scoped(forces=store.forces, months=months).connect()  # read those months only
    try:
        con.register("_lu", lu)
        base = ("FROM street s JOIN _lu ON s.lsoa_code = _lu.lsoa_code "
                "WHERE list_contains(?, s.month)")
        counts = con.execute(f"SELECT lad_code, crime_type, count(*) AS count {base} "
                             "GROUP BY ALL", [list(months)]).df()
        forces = con.execute(f"SELECT lad_code, force, count(DISTINCT month) AS months, "
                             f"count(*) AS rows {base} GROUP BY ALL", [list(months)]).df()
    finally:
        con.close()
    return counts, forces


def _groups(store: Store, lad_code: str, forces: pd.DataFrame) -> list[tuple[str, set[str]]]:
    """(label, member districts) of each peer group of ``lad_code``."""
    out: list[tuple[str, set[str]]] = []
    names = store.table_names()
    if "lad_csp_pfa" in names:
        lu = lookup_table(store, "lad_csp_pfa")
        mine = lu[lu["lad_code"] == lad_code]
        if not mine.empty:
            pfa = mine.iloc[0]
            members = set(lu.loc[lu["pfa_code"] == pfa["pfa_code"], "lad_code"])
            out.append((f"{pfa['pfa_name']} police force area", members))
    if not out:
        main = forces.sort_values("rows").groupby("lad_code").tail(1).set_index("lad_code")
        if lad_code in main.index:
            force = str(main.loc[lad_code, "force"])
            out.append((f"{force} (the force's districts in the loaded street data)",
                        set(main.index[main["force"] == force])))
    if "ward_hierarchy" in names:
        wh = lookup_table(store, "ward_hierarchy")
        county = wh.loc[wh["lad_code"] == lad_code, ["county_code", "county_name"]].dropna()
        if not county.empty:
            code, cname = county.iloc[0]
            out.append((f"{cname} county", set(wh.loc[wh["county_code"] == code, "lad_code"])))
    if forces["lad_code"].nunique() >= _NATIONAL:
        out.append(("England and Wales", set(forces["lad_code"])))
    return out


def _rank_group(label: str, frame: pd.DataFrame, lad_code: str
                ) -> tuple[pd.DataFrame, Funnel]:
    fun = funnel(frame["count"], frame["population"])
    out = frame.assign(group=label, rate_per_1000=1000 * frame["count"] / frame["population"])
    out["rank"] = out["rate_per_1000"].rank(ascending=False, method="min").astype(int)
    out["of"] = len(out)
    out["position"] = positions(fun, out["count"], out["population"])
    out["target"] = out["lad_code"] == lad_code
    return out, fun


def peer_rates(store: Store, lad_code: str, months: Sequence[str], *,
               population_year: int | None = None) -> PeerReport:
    """The district ``lad_code`` among its peers over ``months`` (module docstring)."""
    counts, forces = _counts(store, months)
    if counts.empty or lad_code not in set(counts["lad_code"]):
        raise NotLoadedError(f"no street rows of district {lad_code} in {months_text(months)}; "
                             "load its police force's street files for those months with "
                             "cspkit load police PATH")
    pop = population_by(store, "lad", population_year)
    full = set(forces.groupby("lad_code")["months"].max().loc[lambda s: s == len(months)].index)
    have = full & set(pop["area_code"])
    crime = counts[counts["crime_type"] != ASB].groupby("lad_code", as_index=False)["count"].sum()
    counts = pd.concat([counts, crime.assign(crime_type=ALL_CRIME)], ignore_index=True)
    names = pop.set_index("area_code")["area_name"]
    rows, summary, funnels, left_out = [], [], {}, set()
    for label, members in _groups(store, lad_code, forces):
        left_out |= (members & set(forces["lad_code"])) - have
        ok = sorted(members & have)
        if len(ok) < 2 or lad_code not in ok:
            continue
        for crime_type in sorted(set(counts["crime_type"])):
            mine = counts[(counts["crime_type"] == crime_type)].set_index("lad_code")["count"]
            frame = pd.DataFrame({"lad_code": ok, "crime_type": crime_type,
                                  "count": [int(mine.get(c, 0)) for c in ok]})
            frame["lad_name"] = frame["lad_code"].map(names)
            frame["population"] = frame["lad_code"].map(pop.set_index("area_code")["population"])
            ranked, fun = _rank_group(label, frame, lad_code)
            rows.append(ranked)
            funnels[(label, crime_type)] = fun
            me = ranked[ranked["target"]].iloc[0]
            summary.append({"group": label, "crime_type": crime_type, "count": me["count"],
                            "rate_per_1000": me["rate_per_1000"], "rank": me["rank"],
                            "of": me["of"], "group_rate": 1000 * fun.target,
                            "position": me["position"], "limits": fun.describe()})
    if not rows:
        raise GeographyError(f"district {lad_code} has no peers with data for every month of "
                             f"{months_text(months)}; load the street data of its police force "
                             "area (cspkit load police PATH), the district to police force area "
                             "lookup (cspkit load geography lookup FILE) and a population for "
                             "them (cspkit load geography population FILE)")
    note = (f"Rates per 1,000 residents: street rows in {months_text(months)} over the "
            f"{int(pop['year'].iloc[0])} population ({pop.attrs.get('note', '').rstrip('.')}).")
    if left_out:
        note += (f" Left out for missing months or population: {', '.join(sorted(left_out))}.")
    table = pd.concat(rows, ignore_index=True)[list(PEER_COLUMNS)]
    return PeerReport(lad_code, str(names.get(lad_code, lad_code)), table,
                      pd.DataFrame(summary, columns=list(SUMMARY_COLUMNS)), funnels,
                      tuple(months), int(pop["year"].iloc[0]), note)
