"""The DuckDB store: schema, migrations, batch writes, reads, exports and search.

Every SQL statement in newsgraph lives in this package; other packages call :class:`Store`.
"""

from newsgraph.store.db import Store
from newsgraph.store.export import FORMATS, TABLES
from newsgraph.store.gdelt import COLUMNS as GDELT_COLUMNS
from newsgraph.store.types import EventCluster, NotADatabase, StoreBusy, StoreError, StoreInfo, WriteStats
from newsgraph.store.write import content_hash

__all__ = [
    "FORMATS",
    "GDELT_COLUMNS",
    "TABLES",
    "EventCluster",
    "NotADatabase",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoreInfo",
    "WriteStats",
    "content_hash",
]
