"""The real server (uvicorn subprocess) driven by Debian's Chromium through Playwright.

Never runs ``playwright install``: it uses /usr/bin/chromium, and skips with the reason when that
or the playwright package is missing. Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.e2e.conftest import build_db

from newsgraph.store import Store
from newsgraph.store.synthetic import make_docs

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("NEWSGRAPH_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_db(tmp_path_factory.mktemp("browser") / "browser.duckdb")
    with Store(db) as s:  # more volume so charts and the network have something to draw
        s.write_docs(make_docs(30, events=6, prefix="browser"))
    port = free_port()
    env = {**os.environ, "NEWSGRAPH_DB": str(db)}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "newsgraph.web:app_from_env",
                             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if proc.poll() is not None:
                pytest.fail(f"server exited: {proc.stdout.read() if proc.stdout else ''}")
            try:
                urllib.request.urlopen(base + "/api/overview", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("server did not start in 20 s")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (no browser download)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_timeline_actor_evidence_network_csv(server: str, browser, tmp_path: Path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = ctx.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    external: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else external.append(r.url))

    page.goto(server + "/")
    page.screenshot(path=str(SHOTS / "overview.png"), full_page=True)
    page.click("nav >> text=Timeline")
    page.wait_for_selector("ol.timeline")
    assert page.locator("ol.timeline li.entry").count() >= 1
    page.screenshot(path=str(SHOTS / "timeline.png"), full_page=True)

    page.click(".actor-picker >> text=Nouri al-Maliki")
    page.wait_for_selector("h1.actor-name")
    assert "Nouri al-Maliki" in page.inner_text("h1.actor-name")
    assert page.locator("table.events tbody tr").count() >= 3
    page.screenshot(path=str(SHOTS / "actor.png"), full_page=True)

    page.locator("table.events tbody tr:has(td:nth-child(4) a.actor) td.nowrap a").first.click()
    page.wait_for_selector("blockquote.evidence")
    for cls in ("source", "trigger", "target"):
        assert page.locator(f"blockquote.evidence .hl.{cls}").count() >= 1, cls
    page.screenshot(path=str(SHOTS / "event.png"))

    page.click("nav >> text=Network")
    page.wait_for_selector("svg#network")
    assert page.locator("svg#network a.edge").count() >= 2
    assert page.locator("svg#network a.node").count() >= 3
    page.locator("svg#network a.node").first.hover()
    page.screenshot(path=str(SHOTS / "network.png"), full_page=True)
    page.locator("svg#network a.edge line").first.click(force=True)
    page.wait_for_url("**/events?**")
    assert page.locator("table.events tbody tr").count() >= 1

    with page.expect_download() as dl:
        page.click("footer a.csv")
    path = tmp_path / "events.csv"
    dl.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("event_id,") and len(text.splitlines()) >= 2

    page.goto(server + "/actors/A_EVIL")  # hostile names and quotes must stay inert
    page.goto(server + "/quotes?speaker=A_EVIL")
    page.goto(server + "/search?q=Evil")
    page.click("ol.results a")
    page.wait_for_selector("article.text")
    page.screenshot(path=str(SHOTS / "article-hostile.png"), full_page=True)
    assert dialogs == [] and errors == [] and external == []
    ctx.close()
