"""The analytical store: validated police and reference tables in Parquet, queried with DuckDB."""

from cspkit.store.store import Store, Transaction

__all__ = ["Store", "Transaction"]
