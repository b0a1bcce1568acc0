"""Live preview: build, serve on 127.0.0.1, rebuild in this warm process on every save, reload the tab.

A campaigner edits the YAML and looks at the page. A cold `tracker build` pays interpreter and library
start-up on every try; here the process stays up, so a rebuild pays only for what changed (the build
cache of tracker/build/cache.py keeps everything else), and the open tab reloads by itself.

Nothing of the preview is ever written into `output/`: the reload script and the error banner are added
to pages as this server sends them, so the folder stays byte-identical to a clean build and the published
site carries neither. The script is a same-origin file (the pages' Content-Security-Policy allows only
`script-src 'self'`), and it waits for a rebuild by loading `wait.js` again and again (a long poll by
`<script>`, which that policy allows, where an EventSource would need `connect-src`).

A save that does not validate leaves the last good site in place: the terminal and every page served
show the same `file:line:col` messages until a save fixes them.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import html
import http.server
import os
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tracker.build.staging import scan_tree
from tracker.model.problems import DataError

__all__ = ["PREVIEW_PATH", "Preview", "PreviewServer", "inject", "serve", "stamps", "watched_paths"]

PREVIEW_PATH = "/__preview/"
# How long one `wait.js` request is held open before the script asks again.
WAIT_SECONDS = 20.0

RELOAD_JS = """(function () {
  var me = document.currentScript;
  var generation = me.getAttribute("data-generation");
  function wait() {
    var s = document.createElement("script");
    s.src = "PREVIEW_PATHwait.js?generation=" + generation + "&t=" + Date.now();
    s.onerror = function () { setTimeout(wait, 1000); };
    s.onload = function () { s.remove(); };
    document.head.appendChild(s);
  }
  window.__previewAgain = wait;
  wait();
})();
""".replace("PREVIEW_PATH", PREVIEW_PATH)

PREVIEW_CSS = """.preview-errors { border: 4px solid #d4351c; background: #fff; color: #0b0c0c; padding: 1rem;
  margin: 0; font: 1rem/1.4 monospace; white-space: pre-wrap; }
.preview-errors h2 { font: bold 1.2rem sans-serif; margin: 0 0 .5rem; }
"""


@dataclass
class Preview:
    """The state of one preview session: the last build's outcome and a generation number for tabs."""

    output: Path
    build: Callable[[], date]  # builds the site into `output`; returns the date figures are as of
    generation: int = 0
    errors: tuple[str, ...] = ()
    today: date | None = None
    root: str = ""  # messages name files relative to this folder, as `tracker validate` run there does
    changed: threading.Condition = field(default_factory=threading.Condition)

    def rebuild(self) -> float:
        """Build once; keep the old site on any failure (build_site never half-writes it). Seconds taken."""
        start = time.perf_counter()
        try:
            self.today = self.build()
            errors: tuple[str, ...] = ()
        except DataError as error:
            errors = tuple(self._relative(p.format()) for p in error.problems)
        except Exception as error:
            errors = (f"{type(error).__name__}: {error}",)
        with self.changed:
            self.errors = errors
            self.generation += 1
            self.changed.notify_all()
        return time.perf_counter() - start

    def _relative(self, message: str) -> str:
        prefix = self.root.rstrip(os.sep) + os.sep if self.root else ""
        return message[len(prefix) :] if prefix and message.startswith(prefix) else message

    def wait_past(self, generation: int, timeout: float) -> int:
        """The generation once it is past `generation`, or the same after `timeout` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation != generation, timeout=timeout)
            return self.generation


def inject(page: bytes, generation: int, errors: Iterable[str]) -> bytes:
    """A page as the preview serves it: the reload script in its head, the current errors on top."""
    text = page.decode("utf-8", "surrogateescape")
    head = (
        f'<link rel="stylesheet" href="{PREVIEW_PATH}preview.css">'
        f'<script src="{PREVIEW_PATH}reload.js" data-generation="{generation}"></script>'
    )
    text = text.replace("</head>", head + "</head>", 1)
    shown = list(errors)
    if shown:
        items = "\n".join(html.escape(e) for e in shown)
        banner = (
            '<section class="preview-errors" role="alert"><h2>The last save has problems: this is the site as'
            f" it was before it. Fix them and save again.</h2>{items}</section>"
        )
        at = text.find(">", text.find("<body")) + 1
        text = text[:at] + banner + text[at:] if at > 0 else banner + text
    return text.encode("utf-8", "surrogateescape")


class _Handler(http.server.SimpleHTTPRequestHandler):
    preview: Preview

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal is for build messages."""

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path)
        if path.path.startswith(PREVIEW_PATH):
            self._preview_file(path.path[len(PREVIEW_PATH) :], urllib.parse.parse_qs(path.query))
            return
        local = Path(self.translate_path(path.path))
        if local.is_dir():
            local = local / "index.html"
        if local.suffix == ".html" and local.is_file():
            body = inject(local.read_bytes(), self.preview.generation, self.preview.errors)
            self._send(200, "text/html; charset=utf-8", body)
            return
        super().do_GET()

    def _preview_file(self, name: str, query: dict[str, list[str]]) -> None:
        if name == "reload.js":
            self._send(200, "text/javascript; charset=utf-8", RELOAD_JS.encode())
        elif name == "preview.css":
            self._send(200, "text/css; charset=utf-8", PREVIEW_CSS.encode())
        elif name == "wait.js":
            seen = int((query.get("generation") or ["0"])[0] or 0)
            now = self.preview.wait_past(seen, WAIT_SECONDS)
            script = "location.reload();" if now != seen else "window.__previewAgain();"
            self._send(200, "text/javascript; charset=utf-8", script.encode())
        else:
            self._send(404, "text/plain; charset=utf-8", b"not found")

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, preview: Preview, port: int) -> None:
        handler = type("Handler", (_Handler,), {"preview": preview})
        super().__init__(("127.0.0.1", port), functools.partial(handler, directory=os.fspath(preview.output)))


def watched_paths(root: Path) -> list[Path]:
    """What a rebuild depends on that a campaigner or designer edits: data, content, theme, settings."""
    found = [root / name for name in ("data", "content", "theme", "pelicanconf.py")]
    return [path for path in found if path.exists()]


def serve(
    root: Path,
    port: int,
    build: Callable[[], date],
    say: Callable[[str], None] = print,
    stop: threading.Event | None = None,
) -> None:
    """Build, serve, and rebuild on each change until Ctrl-C (or `stop`)."""
    import watchfiles  # only the preview needs it

    paths = watched_paths(root)
    before = stamps(paths)
    preview = Preview(root / "output", build, root=os.fspath(root))
    _report(preview, preview.rebuild(), say)
    server = PreviewServer(preview, port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, bound = server.server_address[:2]
    say(f"Previewing at http://{host!s}:{bound}/ - open it in a browser; it reloads after every save.")
    # The watcher exists only once the generator has first run: until then a save would go unseen. So
    # it is started (waking every 200 ms) before "Watching" is said, and a save made since the first
    # build read the files (seen by their stamps) gets its rebuild now.
    changes = watchfiles.watch(
        *paths, stop_event=stop, debounce=50, step=20, rust_timeout=200, yield_on_timeout=True
    )
    try:
        if next(changes, None) or stamps(paths) != before:
            _report(preview, preview.rebuild(), say)
        say("Watching data/, content/, theme/ and pelicanconf.py. Press Ctrl-C to stop.")
        for changed in changes:
            if changed:
                _report(preview, preview.rebuild(), say)
    except KeyboardInterrupt:
        pass
    finally:
        changes.close()
        server.shutdown()
        server.server_close()
        say("Stopped.")


def stamps(paths: Iterable[Path]) -> frozenset[tuple[str, str, int, int]]:
    """(watched path, file, modification time, size) of every file under `paths` (`scan_tree`, as the
    build cache reads a folder): what tells that a save happened."""
    found: set[tuple[str, str, int, int]] = set()
    for path in paths:
        files: dict[str, os.stat_result] = {}
        if path.is_dir():
            files = scan_tree(os.fspath(path))
        else:
            with contextlib.suppress(OSError):
                files = {"": path.lstat()}
        for name, stat in files.items():
            found.add((os.fspath(path), name, stat.st_mtime_ns, stat.st_size))
    return frozenset(found)


def _report(preview: Preview, seconds: float, say: Callable[[str], None]) -> None:
    """Say how the build went, then collect the garbage while the campaigner reads it: builds keep the
    collector off what they hold (`site._long_lived_set_aside`), so what one build let go is freed
    here, in the pause before the next save, and a long session does not grow."""
    try:
        _say_outcome(preview, seconds, say)
    finally:
        gc.collect()


def _say_outcome(preview: Preview, seconds: float, say: Callable[[str], None]) -> None:
    if preview.errors:
        say(f"Not rebuilt: {len(preview.errors)} problem(s); the last good site is still served.")
        for line in preview.errors:
            say(line)
    else:
        today = preview.today.isoformat() if preview.today else "?"
        say(f"Rebuilt in {seconds:.2f} s (figures as of {today}).")
