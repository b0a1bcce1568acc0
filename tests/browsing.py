"""Debian's Chromium and a local web server, as every browser test starts them.

Written once because the copies drifted: one test module launched Chromium without the flags that keep it
from calling out of this machine's closed network (component updates, sync, first-run pages), which makes
it slow and noisy here and in CI.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder without a log line per request (pytest would show them all on a failure)."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A Playwright `Browser` on Debian's chromium; fails (never skips) when it is missing."""
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


def server_on_free_port(folder: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler) -> (
    http.server.ThreadingHTTPServer
):
    """A server for `folder` on a free loopback port, not yet started (a caller may build first)."""
    return http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))


@contextlib.contextmanager
def running(server: http.server.ThreadingHTTPServer) -> Iterator[int]:
    """Serves until the block ends; yields the port."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
