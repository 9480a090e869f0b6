"""``write_report``: one self-contained HTML file with every section, charts, and escaped content."""

from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.conftest import ATTR, IMG, PAYLOADS, XSS

from newsgraph.report import SECTIONS, write_report


def test_report_is_one_self_contained_file(web_db: Path, tmp_path: Path) -> None:
    out = write_report(web_db, tmp_path / "sub" / "report.html")
    assert out == tmp_path / "sub" / "report.html" and out.exists()
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.html"]
    html = out.read_text(encoding="utf-8")
    # nothing loaded from elsewhere: no external scripts, styles, images, fonts or imports
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)
    assert not re.search(r"<(img|iframe|embed|object|source)\b", html)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", html)
    assert not re.search(r"""(src|href)=["']?(https?:)?//(?!example\.com/)""", html)
    for sid, _ in SECTIONS:
        assert f'id="{sid}"' in html, sid
    assert html.count("<svg") >= 3 and 'aria-label="events per day"' in html
    assert 'aria-label="actor network"' in html and 'aria-label="mean Goldstein per period"' in html
    assert "<polyline" in html and "<rect" in html
    assert "Nouri al-Maliki" in html and "Reuters" in html and "Help is coming" in html


def test_report_escapes_injected_content(web_db: Path, tmp_path: Path) -> None:
    html = write_report(web_db, tmp_path / "r.html").read_text(encoding="utf-8")
    for p in PAYLOADS:
        assert p not in html
    assert "<script>alert" not in html and "<img src=x" not in html and 'onmouseover="alert' not in html
    assert len(re.findall(r"<script\b", html)) == 1  # only the inlined app.js
    assert "Evil &lt;script&gt;alert(" in html
    assert not re.search(r"href=[\"']?\s*javascript:", html, re.I)
    assert XSS and ATTR and IMG  # the fixture really injected them
