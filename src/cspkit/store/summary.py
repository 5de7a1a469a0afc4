"""What is in a store, in the few numbers a person wants after a load."""

from __future__ import annotations

from dataclasses import dataclass, field

from cspkit.calendar import add_months
from cspkit.store.coverage import coverage
from cspkit.store.store import Store

__all__ = ["StoreSummary", "summarize"]


@dataclass
class StoreSummary:
    """Rows, months, forces, areas and coverage flags of a store's police tables."""

    store: str
    rows: dict[str, int] = field(default_factory=dict)
    first_month: str | None = None
    last_month: str | None = None
    months_loaded: int = 0
    forces: list[str] = field(default_factory=list)
    lsoas: int = 0
    no_location: int = 0
    no_lsoa: int = 0
    missing_months: list[str] = field(default_factory=list)
    empty_months: list[str] = field(default_factory=list)
    low_months: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The summary as lines of text for the terminal."""
        out = [f"Store: {self.store}"]
        for table, n in self.rows.items():
            out.append(f"  {table}: {n:,} rows")
        if self.first_month:
            out.append(
                f"  months: {self.first_month} to {self.last_month} "
                f"({self.months_loaded} force-months loaded)"
            )
        out.append(f"  forces: {', '.join(self.forces) or 'none'}")
        out.append(f"  areas: {self.lsoas:,} LSOAs with street records")
        out.append(
            f"  street rows with no location: {self.no_location:,}; with no LSOA code: "
            f"{self.no_lsoa:,} (kept, and counted here)"
        )
        out.append(f"  missing months: {_months(self.missing_months)}")
        out.append(f"  empty months (loaded with no rows): {_months(self.empty_months)}")
        out.append(f"  low months (far below their neighbours): {_months(self.low_months)}")
        out.append(f"  reference tables: {', '.join(self.tables) or 'none'}")
        return out


def _months(items: list[str]) -> str:
    """``["kent 2019-03", "kent 2019-04", "kent 2019-06"]``
    -> ``kent 2019-03 to 2019-04, kent 2019-06``."""
    if not items:
        return "none"
    runs: list[list[str]] = []
    for item in items:
        force, month = item.rsplit(" ", 1)
        last = runs[-1] if runs else None
        if last and last[0] == force and add_months(last[2], 1) == month:
            last[2] = month
        else:
            runs.append([force, month, month])
    return ", ".join(f"{f} {a}" if a == b else f"{f} {a} to {b}" for f, a, b in runs)


def summarize(store: Store) -> StoreSummary:
    """Count what the store holds, from the manifest (rows per partition) and the LSOA index
    (:mod:`cspkit.store.index`): no police row is read, however large the store."""
    summary = StoreSummary(str(store.root), tables=store.table_names())
    for table in ("street", "outcomes", "stop_and_search"):
        summary.rows[table] = sum(p.rows for p in store.partitions(table).values())
    keys = [key.split("|") for key in store.partitions("street")]
    if keys:
        summary.first_month = min(m for _, m in keys)
        summary.last_month = max(m for _, m in keys)
    summary.months_loaded = len(keys)
    summary.forces = sorted({f for f, _ in keys})
    counts = store.partition_counts("street")
    summary.no_location = int(counts["no_location"].sum())
    summary.no_lsoa = int(counts["no_lsoa"].sum())
    con = store.connect(rows=False)
    try:
        (summary.lsoas,) = con.execute(
            "SELECT count(DISTINCT lsoa_code) FROM street_lsoas"
        ).fetchone() or (0,)
    finally:
        con.close()
    cov = coverage(store)
    summary.missing_months = [
        f"{r.force} {r.month}" for r in cov[cov.flag == "missing"].itertuples()
    ]
    summary.empty_months = [f"{r.force} {r.month}" for r in cov[cov.flag == "empty"].itertuples()]
    summary.low_months = [
        f"{r.force} {r.month} ({r.ratio:.0%} of neighbours)"
        for r in cov[cov.flag == "low"].itertuples()
    ]
    return summary
