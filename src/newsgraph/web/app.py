"""The FastAPI application: every page is one data function served three ways.

A data function returns ``{"rows": [...], "next": cursor, ...}``; :func:`twin` registers it as an
HTML page, as its JSON twin under ``/api/...`` (datasette's shape, ``ok`` flag included) and, for
lists, as CSV. Keeping one function per page means the HTML and the API cannot drift apart.
"""

from __future__ import annotations

import csv
import functools
import importlib
import io
import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from newsgraph.store import Store, StoreBusy, StoreError
from newsgraph.web import render
from newsgraph.web.snapshot import SnapshotReader

log = logging.getLogger(__name__)

MAX_PAGE = 500
CSV_MAX = 10_000
MAX_BODY = 64 * 1024
MAX_URL = 4096
STATIC_DIR = Path(__file__).parent / "static"
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".svg": "image/svg+xml"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def get_store(request: Request) -> Iterator[Store]:
    """One Store view (own cursor on the current snapshot) per request."""
    reader: SnapshotReader = request.app.state.reader
    with reader.store() as store:
        yield store


StoreDep = Annotated[Store, Depends(get_store)]


class NotFound(HTTPException):
    def __init__(self, what: str) -> None:
        super().__init__(404, f"{what} not found")


def _wants_json(request: Request) -> bool:
    p = request.url.path
    return p.startswith("/api/") or p == "/api" or p.endswith(".json") or p.endswith(".csv")


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"ok": False, "error": message}, status_code=status)
    env = request.app.state.env
    html = env.get_template("error.html").render(status=status, message=message, params={}, path="")
    return HTMLResponse(html, status_code=status)


def _csv_cell(v: Any) -> Any:
    # a cell starting with = + - @ is run as a formula by spreadsheets: neutralise text ones
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return "" if v is None else v


def to_csv(rows: list[dict[str, Any]]) -> str:
    flat = [render.flatten(r) for r in rows]
    names = list(dict.fromkeys(k for r in flat for k in r))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(names)
    for r in flat:
        w.writerow([_csv_cell(r.get(k)) for k in names])
    return buf.getvalue()


def twin(app: FastAPI, path: str, template: str, fn: Callable[..., dict[str, Any]],
         csv_name: str | None = None) -> None:
    """Serve ``fn`` as HTML at ``path``, JSON at ``/api{path}`` and optionally CSV."""
    api_path = "/api" + (path if path != "/" else "/overview")

    @functools.wraps(fn)
    def as_json(**kw: Any) -> Response:
        data = fn(**kw)
        if csv_name and kw["request"].query_params.get("_format") == "csv":
            return as_csv(**kw)
        return JSONResponse(jsonable_encoder({"ok": True, **data}))

    @functools.wraps(fn)
    def as_html(**kw: Any) -> Response:
        request: Request = kw["request"]
        data = fn(**kw)
        qs = dict(request.query_params)
        ctx = {**data, "params": qs, "path": request.url.path, "api": api_path_for(request.url.path),
               "csv": csv_name is not None}
        return HTMLResponse(request.app.state.env.get_template(template).render(**ctx))

    @functools.wraps(fn)
    def as_csv(**kw: Any) -> Response:
        if "size" in kw:
            kw["size"] = CSV_MAX
        data = fn(**kw)
        headers = {"Content-Disposition": f'attachment; filename="{csv_name}.csv"'}
        if data.get("next"):
            headers["X-Next"] = str(data["next"])
        return Response(to_csv(data["rows"]), media_type="text/csv; charset=utf-8", headers=headers)

    app.add_api_route(api_path, as_json, methods=["GET"], name=f"api:{fn.__name__}",
                      summary=(fn.__doc__ or fn.__name__).strip().splitlines()[0])
    app.add_api_route(path, as_html, methods=["GET"], include_in_schema=False, name=f"html:{fn.__name__}")
    if csv_name:
        app.add_api_route(f"/api/{csv_name}.csv", as_csv, methods=["GET"], name=f"csv:{fn.__name__}",
                          summary=f"{csv_name} as CSV (up to {CSV_MAX} rows; X-Next header continues)")


def api_path_for(path: str) -> str:
    return "/api/overview" if path == "/" else "/api" + path


def _warm(app: FastAPI) -> None:
    """Take the first snapshot at startup and run the registered warm-ups on it (templates
    compiled, the timeline worker started and its store rows cached), so the first visitor waits
    for none of them."""
    reader: SnapshotReader = app.state.reader
    try:
        with reader.store():
            pass
    except Exception as e:  # the requests will report it properly
        log.warning("could not read the database yet: %s", e)
        return
    env = app.state.env
    for name in env.list_templates():
        with suppress(Exception):
            env.get_template(name)
    for hook in getattr(app.state, "warmups", []):
        try:
            hook(reader)
        except Exception:
            log.exception("warm-up %s failed", getattr(hook, "__qualname__", hook))


def create_app(db_path: str, refresh_seconds: float = 1.0) -> FastAPI:
    """The web UI and JSON API over ``db_path``, read through private snapshots (see snapshot.py).

    ``refresh_seconds``: how often at most a request checks whether the database file changed.
    """
    from newsgraph.web import analysis, pages

    reader = SnapshotReader(db_path, min_interval=refresh_seconds)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # import the analysis modules now, not on the first timeline request
        for name in ("timeline", "stored", "brief", "relations", "outlets"):
            with suppress(ImportError):
                importlib.import_module(f"newsgraph.analyze.{name}")
        threading.Thread(target=_warm, args=(app,), daemon=True).start()
        yield
        jobs = getattr(app.state, "timelines", None)
        if jobs is not None:
            jobs.close()
        reader.close()

    app = FastAPI(title="newsgraph", version="1", docs_url=None, redoc_url=None, lifespan=lifespan,
                  openapi_url="/openapi.json",
                  description="Events, actors, quotes and timelines extracted from news articles. "
                              "Every HTML page has a JSON twin under /api; lists also have CSV.")
    app.state.reader = reader
    app.state.env = render.environment()
    static = {p.name: (p.read_bytes(), STATIC_TYPES[p.suffix]) for p in STATIC_DIR.iterdir()
              if p.suffix in STATIC_TYPES}

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[..., Any]) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return JSONResponse({"ok": False, "error": "request body too large"}, status_code=413)
        if len(str(request.url)) > MAX_URL:
            return JSONResponse({"ok": False, "error": "request URL too long"}, status_code=414)
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(x) for x in err.get("loc", ())[1:]) or "request"
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return _error(request, 400, "; ".join(parts) or "invalid request")

    @app.exception_handler(StoreBusy)
    async def busy(request: Request, exc: StoreBusy) -> Response:
        return _error(request, 503, "database busy, retry")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.warning("store error: %s", exc)
        return _error(request, 503, "database unavailable")

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        return _error(request, 500, "internal error")

    @app.get("/static/{name}", include_in_schema=False)
    def static_file(name: str) -> Response:
        # a fixed in-memory table: request text never becomes a file path
        if name not in static:
            raise NotFound("file")
        body, media = static[name]
        return Response(body, media_type=media, headers={"Cache-Control": "max-age=300"})

    pages.register(app)
    analysis.register(app)
    return app
