"""The Ray engine on a real two-node Ray cluster on loopback gives the local engine's tables.

The test starts a head and a worker node with ``ray start --block`` (so stopping them ends only
the processes this test started), ingests the same synthetic corpus with both engines, and
compares every export plus the raw store tables (minus the ingestion timestamp).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'newsgraph[ray]'")

from newsgraph.engines.local import ingest  # noqa: E402
from newsgraph.engines.ray_engine import ingest_ray  # noqa: E402
from newsgraph.store import Store  # noqa: E402
from newsgraph.store.export import TABLES  # noqa: E402

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
RAW = ("articles", "local_actors", "mentions", "quotes", "events", "boilerplate", "date_refs", "actors",
       "actor_links", "duplicates")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    exe = shutil.which("ray")
    if exe is None:
        pytest.skip("the ray command is not on PATH")
    port = _free_port()
    tmp = tempfile.mkdtemp(prefix="ngray", dir="/tmp")  # short: Ray's socket paths must fit 107 bytes
    env = {**os.environ, "RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}
    common = ["--block", "--num-cpus", "1", "--disable-usage-stats"]
    head = subprocess.Popen([exe, "start", "--head", "--node-ip-address", "127.0.0.1", "--port", str(port),
                             "--include-dashboard", "false", "--temp-dir", tmp, *common], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs = [head]
    address = f"127.0.0.1:{port}"
    try:
        time.sleep(3)
        procs.append(subprocess.Popen([exe, "start", "--address", address, "--node-ip-address", "127.0.0.1",
                                       *common], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        os.environ["RAY_AUTH_MODE"] = "disabled"
        ray.init(address=address, log_to_driver=False)
        deadline = time.time() + 90
        while ray.cluster_resources().get("CPU", 0) < 2:
            if time.time() > deadline or any(p.poll() is not None for p in procs):
                pytest.fail(f"Ray cluster did not come up with 2 CPUs: {ray.cluster_resources()}")
            time.sleep(1)
        yield address
    finally:
        if ray.is_initialized():
            ray.shutdown()
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)


def _dump(db: Path) -> dict[str, list]:
    out: dict[str, list] = {}
    with Store(db, read_only=True) as s:
        for table in TABLES:
            buf = io.StringIO()
            s.export(table, "jsonl", buf)
            rows = [json.loads(line) for line in buf.getvalue().splitlines()]
            out[f"export:{table}"] = sorted(json.dumps({k: v for k, v in r.items() if k != "ingested_at"},
                                                       sort_keys=True) for r in rows)
        for table in RAW:
            rows = s._con.execute(f"SELECT * EXCLUDE (ingested_at) FROM {table}" if table == "articles"
                                  else f"SELECT * FROM {table}").fetchall()
            out[table] = sorted(map(repr, rows))
    return out


def test_ray_cluster_matches_local_engine(tmp_path: Path, cluster: str) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from make_corpus import articles

    src = tmp_path / "c.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in articles(16, 3, dup_rate=0.2, foreign_rate=0.1)))
    local_db, ray_db = tmp_path / "local.duckdb", tmp_path / "ray.duckdb"
    lr = ingest([str(src)], local_db, workers=1, batch_size=5)
    rr = ingest_ray([str(src)], ray_db, address=cluster, workers=2, shard_size=5)
    assert (rr.new, rr.duplicates, rr.skipped_language) == (lr.new, lr.duplicates, lr.skipped_language)
    assert lr.new > 8 and lr.events > 0 and lr.duplicates > 0 and lr.skipped_language > 0
    assert not (tmp_path / "ray.duckdb.parts").exists()  # parts removed once loaded
    local, distributed = _dump(local_db), _dump(ray_db)
    assert local["date_refs"]  # the pipeline's date references travel through both engines
    for name in local:
        assert distributed[name] == local[name], name
    again = ingest_ray([str(src)], ray_db, address=cluster, workers=2, shard_size=5)
    assert again.new == 0 and again.processed == 0
