"""Presentation helpers shared by the web UI and the HTML report; no web framework imported here.

Highlighting works on character offsets and returns plain text segments: templates escape each
segment and wrap it, so article text is never marked safe. Charts and the network are computed
here as geometry and drawn as inline SVG by the templates, so nothing is fetched at view time.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import jinja2
import numpy as np

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    cls: str = ""
    href: str | None = None
    title: str | None = None


def segments(text: str, spans: Iterable[Mapping[str, Any]], offset: int = 0) -> list[Segment]:
    """Split ``text`` at every span boundary; each piece carries the classes of the spans covering it.

    Offsets are into the article; ``offset`` is where ``text`` starts in it. Spans outside the text
    or inverted are ignored rather than trusted, so bad offsets cannot break the page.
    """
    n = len(text)
    clean = []
    for sp in spans:
        s, e = int(sp["start"]) - offset, int(sp["end"]) - offset
        s, e = max(0, s), min(n, e)
        if s < e:
            clean.append((s, e, sp))
    cuts = sorted({0, n, *(c for s, e, _ in clean for c in (s, e))})
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        cover = [sp for s, e, sp in clean if s <= a and b <= e]
        if not cover:
            out.append(Segment(text[a:b]))
            continue
        classes = " ".join(dict.fromkeys(str(sp.get("cls", "hl")) for sp in cover))
        href = next((sp.get("href") for sp in cover if sp.get("href")), None)
        title = "; ".join(str(sp["title"]) for sp in cover if sp.get("title")) or None
        out.append(Segment(text[a:b], classes, href, title))
    return out


def find_name(text: str, names: Sequence[str]) -> tuple[int, int] | None:
    """(start, length) of the first of ``names`` found in ``text``, longest names tried first."""
    for name in sorted({n for n in names if n and len(n) > 1}, key=len, reverse=True):
        i = text.find(name)
        if i >= 0:
            return i, len(name)
    return None


def safe_url(url: str | None) -> str | None:
    """Only http(s) links reach an href: article URLs come from strangers (``javascript:`` etc.)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url if scheme in {"http", "https"} else None


def pid(value: object) -> str:
    """An id as one URL path segment (slashes and dots encoded)."""
    return quote(str(value), safe="")


def query(params: Mapping[str, Any], **changes: Any) -> str:
    """A query string from current filters with some changed; None drops a key."""
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return ("?" + urlencode(merged)) if merged else ""


def goldstein_colour(g: float | None) -> str:
    """Red for conflict (-10), grey at 0, green for cooperation (+10)."""
    if g is None:
        return "#888888"
    t = max(-1.0, min(1.0, float(g) / 10.0))
    grey = (150, 150, 150)
    end = (26, 152, 80) if t > 0 else (215, 48, 39)
    # most codes are within ±4: any sign shows clearly, full saturation from ±4
    k = 0.0 if t == 0 else 0.45 + 0.55 * min(1.0, abs(t) * 2.5)
    r, g_, b = (round(grey[i] + (end[i] - grey[i]) * k) for i in range(3))
    return f"#{r:02x}{g_:02x}{b:02x}"


# -- charts -----------------------------------------------------------------------------------
def bar_chart(rows: Sequence[Mapping[str, Any]], label: str, stacks: Sequence[tuple[str, str]],
              total: str, width: int = 760, height: int = 180) -> dict[str, Any]:
    """Stacked bars (e.g. cooperation/conflict/other per day) as rectangles in SVG units."""
    pad_l, pad_b, pad_t = 36, 22, 8
    n = len(rows)
    top = max((int(r[total] or 0) for r in rows), default=0) or 1
    inner_w, inner_h = width - pad_l - 4, height - pad_b - pad_t
    bw = inner_w / max(n, 1)
    bars, labels = [], []
    step = max(1, math.ceil(n / 8))
    for i, r in enumerate(rows):
        x = pad_l + i * bw
        y = pad_t + inner_h
        rest = int(r[total] or 0)
        for key, colour in stacks:
            v = int(r[key] or 0)
            rest -= v
            h = inner_h * v / top
            y -= h
            bars.append({"x": x, "y": y, "w": max(bw - 1, 0.5), "h": h, "fill": colour,
                         "title": f"{r[label]}: {v} {key}"})
        if rest > 0:
            h = inner_h * rest / top
            y -= h
            bars.append({"x": x, "y": y, "w": max(bw - 1, 0.5), "h": h, "fill": "#bbbbbb",
                         "title": f"{r[label]}: {rest} other"})
        if i % step == 0:
            labels.append({"x": x, "text": str(r[label])})
    return {"width": width, "height": height, "bars": bars, "labels": labels, "top": top,
            "base": pad_t + inner_h, "pad_l": pad_l, "empty": n == 0}


PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf")


def line_chart(series: Mapping[str, Sequence[tuple[str, float]]], lo: float = -10, hi: float = 10,
               width: int = 760, height: int = 220) -> dict[str, Any]:
    """One polyline per series over shared x labels (periods), y from ``lo`` to ``hi``."""
    pad_l, pad_b, pad_t = 36, 22, 8
    xs = sorted({x for pts in series.values() for x, _ in pts})
    pos = {x: i for i, x in enumerate(xs)}
    inner_w, inner_h = width - pad_l - 8, height - pad_b - pad_t
    sx = inner_w / max(len(xs) - 1, 1)

    def y_of(v: float) -> float:
        return pad_t + inner_h * (hi - max(lo, min(hi, v))) / (hi - lo)

    lines = []
    for k, (name, pts) in enumerate(series.items()):
        coords = [(pad_l + pos[x] * sx, y_of(float(v))) for x, v in sorted(pts)]
        lines.append({"name": name, "colour": PALETTE[k % len(PALETTE)],
                      "points": " ".join(f"{x:.1f},{y:.1f}" for x, y in coords),
                      "dots": [{"x": x, "y": y, "title": f"{name} {p}: {v}"}
                               for (x, y), (p, v) in zip(coords, sorted(pts), strict=True)]})
    step = max(1, math.ceil(len(xs) / 8))
    labels = [{"x": pad_l + i * sx, "text": x} for i, x in enumerate(xs) if i % step == 0]
    return {"width": width, "height": height, "lines": lines, "labels": labels, "zero": y_of(0),
            "top": pad_t, "base": pad_t + inner_h, "pad_l": pad_l, "lo": lo, "hi": hi, "empty": not xs}


def dyad_series_chart(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    series: dict[str, list[tuple[str, float]]] = {}
    for r in rows:
        series.setdefault(f"{r['name1']} – {r['name2']}", []).append((r["period"], r["mean_goldstein"]))
    return line_chart(series)


def network(dyads: Sequence[Mapping[str, Any]], href: Any = None, width: int = 760,
            height: int = 520, iterations: int = 150) -> dict[str, Any]:
    """Force-directed layout of actors (nodes) and dyads (edges), deterministic for a given input.

    ``href(source_id, target_id)`` gives each edge's click-through; nodes link by actor id.
    """
    ids: dict[str, str] = {}
    weight: dict[str, int] = {}
    for d in dyads:
        for side in ("source", "target"):
            ids.setdefault(d[f"{side}_id"], d[f"{side}_name"])
            weight[d[f"{side}_id"]] = weight.get(d[f"{side}_id"], 0) + int(d["events"])
    keys = list(ids)
    n = len(keys)
    if n == 0:
        return {"width": width, "height": height, "nodes": [], "edges": [], "empty": True}
    index = {k: i for i, k in enumerate(keys)}
    angle = np.linspace(0, 2 * np.pi, n, endpoint=False)
    pos = np.stack([np.cos(angle), np.sin(angle)], axis=1) * 0.5
    pairs = np.array([[index[d["source_id"]], index[d["target_id"]]] for d in dyads])
    k = 1.0 / math.sqrt(n)
    temp = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        disp = (delta / dist[..., None] * (k * k / dist)[..., None]).sum(axis=1)
        ed = pos[pairs[:, 0]] - pos[pairs[:, 1]]
        el = np.maximum(np.linalg.norm(ed, axis=1), 1e-3)
        f = ed / el[:, None] * (el * el / k)[:, None]
        np.add.at(disp, pairs[:, 0], -f)
        np.add.at(disp, pairs[:, 1], f)
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-6)
        pos += disp / length[:, None] * np.minimum(length, temp)[:, None]
        pos -= pos.mean(axis=0)
        temp *= 0.97
    span = np.maximum(np.abs(pos).max(axis=0), 1e-6)
    margin = 60
    xy = (pos / span) * np.array([width / 2 - margin, height / 2 - margin]) + np.array([width / 2, height / 2])
    top = max(weight.values())
    nodes = [{"id": key, "name": ids[key], "x": float(xy[i, 0]), "y": float(xy[i, 1]),
              "r": 6 + 14 * math.sqrt(weight[key] / top), "events": weight[key]} for i, key in enumerate(keys)]
    most = max(int(d["events"]) for d in dyads)
    edges = []
    pairs_seen = {(d["source_id"], d["target_id"]) for d in dyads}
    for d in dyads:
        a, b = xy[index[d["source_id"]]], xy[index[d["target_id"]]]
        w = 1.5 + 8 * math.sqrt(int(d["events"]) / most)
        if (d["target_id"], d["source_id"]) in pairs_seen:  # both directions: draw side by side
            v = b - a
            normal = np.array([-v[1], v[0]]) / max(float(np.linalg.norm(v)), 1e-6)
            a, b = a + normal * (w / 2 + 1.5), b + normal * (w / 2 + 1.5)
        edges.append({"x1": float(a[0]), "y1": float(a[1]), "x2": float(b[0]), "y2": float(b[1]),
                      "w": w,
                      "colour": goldstein_colour(d["mean_goldstein"]),
                      "href": href(d["source_id"], d["target_id"]) if href else None,
                      "title": f"{d['source_name']} → {d['target_name']}: {d['events']} events, "
                               f"mean Goldstein {d['mean_goldstein']}"})
    return {"width": width, "height": height, "nodes": nodes, "edges": edges, "empty": False}


def flatten(row: Mapping[str, Any]) -> dict[str, Any]:
    """Nested actor objects become ``source_name``, ``source_code``... columns for CSV."""
    out: dict[str, Any] = {}
    for k, v in row.items():
        if isinstance(v, Mapping):
            for kk, vv in v.items():
                out[f"{k}_{kk}"] = "|".join(map(str, vv)) if isinstance(vv, list) else vv
        elif isinstance(v, list):
            out[k] = "|".join("" if x is None else str(x) for x in v if not isinstance(x, Mapping))
        else:
            out[k] = v
    return out


def environment() -> jinja2.Environment:
    """The one Jinja2 environment (autoescape on for everything) used by the web UI and the report."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.ChainableUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(pid=pid, query=query, safe_url=safe_url, segments=segments,
                       colour=goldstein_colour, report=False)
    return env
