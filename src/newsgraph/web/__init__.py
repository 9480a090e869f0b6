"""The web UI and JSON API (``newsgraph serve``); FastAPI and uvicorn are imported only when used."""

from __future__ import annotations

import ipaddress
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the server in the foreground; binding beyond loopback exposes article text, so it warns."""
    import uvicorn

    from newsgraph.web.app import create_app

    if not is_loopback(host):
        print(f"warning: serving on {host}:{port} makes the database readable by anyone who can reach "
              "this machine; the default is 127.0.0.1", file=sys.stderr)
    uvicorn.run(create_app(str(db)), host=host, port=port, log_level="info",
                limit_concurrency=64, timeout_keep_alive=5)


def app_from_env() -> object:
    """uvicorn factory (``uvicorn --factory newsgraph.web:app_from_env``) reading NEWSGRAPH_DB."""
    from newsgraph import settings
    from newsgraph.web.app import create_app

    return create_app(settings.get("DB"))


__all__ = ["app_from_env", "is_loopback", "serve"]
