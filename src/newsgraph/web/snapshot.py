"""Copy-on-read snapshots, so the web server never takes a lock on the database ``ingest`` writes.

DuckDB lets one process write a file and no other process open it meanwhile, and a reader's lock
would in turn make ``ingest`` fail to open. So the server never opens the live file at all: when
the file (or its WAL) changes, it copies both bytes-for-bytes into a private temp directory
(plain reads take no lock), checks that neither changed during the copy (else keeps serving the
previous snapshot and retries on a later request), replays the WAL in the copy, and serves every
request from a read-only connection to that copy. Committed transactions are in the main file or
the WAL, so a stable copy is a consistent committed state; an ingest in progress is simply not
visible until its next commit. Data is at most ``min_interval`` seconds staler than a direct read.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.store import Store, StoreBusy, StoreError

log = logging.getLogger(__name__)

Signature = tuple[int, int, int, int]  # main (mtime_ns, size), wal (mtime_ns, size)


def _signature(path: Path) -> Signature:
    st = path.stat()
    wal = Path(f"{path}.wal")
    try:
        ws = wal.stat()
        w = (ws.st_mtime_ns, ws.st_size)
    except FileNotFoundError:
        w = (0, -1)
    return (st.st_mtime_ns, st.st_size, *w)


@dataclass(eq=False)
class _Snap:
    store: Store
    path: Path
    signature: Signature
    users: int = 0
    retired: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def release(self) -> None:
        with self.lock:
            self.users -= 1
            done = self.retired and self.users == 0
        if done:
            self.close()

    def close(self) -> None:
        self.store.close()
        for p in (self.path, Path(f"{self.path}.wal")):
            with suppress(OSError):
                p.unlink()


class SnapshotReader:
    """Hands out per-request read-only Store views of the freshest consistent copy of ``db``."""

    def __init__(self, db: str | Path, min_interval: float = 1.0) -> None:
        self.db = Path(db)
        self.min_interval = min_interval
        self._dir = Path(tempfile.mkdtemp(prefix="newsgraph-web-"))
        self._lock = threading.Lock()
        self._current: _Snap | None = None
        self._checked = 0.0
        self._serial = 0
        self.refreshes = 0

    def _copy(self) -> _Snap | None:
        """A new snapshot, or None when the file changed while copying (a writer was busy)."""
        before = _signature(self.db)
        self._serial += 1
        dest = self._dir / f"snap-{os.getpid()}-{self._serial}.duckdb"
        shutil.copyfile(self.db, dest)
        wal = Path(f"{self.db}.wal")
        if wal.exists():
            with suppress(FileNotFoundError):
                shutil.copyfile(wal, Path(f"{dest}.wal"))
        if _signature(self.db) != before:
            log.info("database changed while copying; serving the previous snapshot")
            for p in (dest, Path(f"{dest}.wal")):
                with suppress(OSError):
                    p.unlink()
            return None
        try:
            # a writable open of the private copy replays its WAL and upgrades an older schema
            Store(dest).close()
            store = Store(dest, read_only=True)
        except StoreError:
            for p in (dest, Path(f"{dest}.wal")):
                with suppress(OSError):
                    p.unlink()
            raise
        self.refreshes += 1
        return _Snap(store, dest, before)

    def _fresh(self) -> _Snap:
        with self._lock:
            now = time.monotonic()
            cur = self._current
            if cur is not None and now - self._checked < self.min_interval:
                return cur
            self._checked = now
            if not self.db.exists():
                raise StoreError(f"no database at {self.db}")
            if cur is not None and _signature(self.db) == cur.signature:
                return cur
            snap = None
            for _ in range(3 if cur is None else 1):
                snap = self._copy()
                if snap is not None:
                    break
                time.sleep(0.05)
            if snap is None:
                if cur is None:
                    raise StoreBusy("database busy (being written), retry")
                return cur
            if cur is not None:
                with cur.lock:
                    cur.retired = True
                    idle = cur.users == 0
                if idle:
                    cur.close()
            self._current = snap
            return snap

    def acquire(self) -> _Snap:
        """The current snapshot, kept on disk and open until ``release()`` (for work in other processes)."""
        while True:
            snap = self._fresh()
            with snap.lock:
                if not snap.retired:
                    snap.users += 1
                    return snap

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A Store view on its own cursor; the snapshot stays alive until every view is done."""
        snap = self.acquire()
        view = snap.store.cursor()
        try:
            yield view
        finally:
            with suppress(Exception):
                view.close()
            snap.release()

    def close(self) -> None:
        with self._lock:
            if self._current is not None:
                self._current.close()
                self._current = None
        shutil.rmtree(self._dir, ignore_errors=True)
