"""The playground's web server: a Starlette app with the page, its files, and one WebSocket.

Each WebSocket connection owns one :class:`~chainrule.playground.session.Session`; messages
are handled in a worker thread (so the server keeps sending pages), one at a time across all
pages (the engine's ``no_grad`` mode is process-wide), and when the page closes, the
connection ends and the session with it — no work continues for a closed tab. Messages over
:data:`~chainrule.playground.limits.MAX_MESSAGE_BYTES` are refused before they are parsed;
a WebSocket from another origin is refused (a web page elsewhere cannot drive the playground
through the user's browser).
"""

from __future__ import annotations

import asyncio
import errno
import json
import socket
import threading
import time
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from chainrule.errors import ConfigError, MissingDependencyError
from chainrule.playground.limits import MAX_MESSAGE_BYTES, MAX_SESSIONS

STATIC = ("app.js", "draw.js", "layout.js", "net.js", "teach.js", "style.css")
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
          ".html": "text/html; charset=utf-8"}
_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; "
                               "style-src 'self' 'unsafe-inline'; connect-src 'self'",
    "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
}


def web_modules() -> tuple[Any, Any]:
    """(starlette, uvicorn), or a MissingDependencyError naming the extra to install."""
    try:
        import starlette
        import uvicorn
    except ImportError as exc:
        raise MissingDependencyError(exc.name or "starlette", "web",
                                     "the playground (Starlette, uvicorn, websockets)") from None
    return starlette, uvicorn


def page_file(name: str) -> bytes:
    """A file of the page, shipped inside the package (``static/``)."""
    return resources.files("chainrule.playground").joinpath("static", name).read_bytes()


def create_app() -> Any:
    """The Starlette application (routes ``/``, ``/static/{name}``, ``/ws``)."""
    web_modules()
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route, WebSocketRoute
    from starlette.websockets import WebSocket, WebSocketDisconnect

    open_pages: set[Any] = set()

    def send_file(name: str) -> Response:
        suffix = name[name.rfind("."):]
        return Response(page_file(name), media_type=_TYPES[suffix], headers=_HEADERS)

    async def index(request: Any) -> Response:
        return send_file("index.html")

    async def static(request: Any) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return Response("not found", status_code=404)
        return send_file(name)

    async def socket(ws: WebSocket) -> None:
        origin = ws.headers.get("origin")
        if origin is not None and urlsplit(origin).netloc != ws.headers.get("host"):
            await ws.close(code=1008)
            return
        await ws.accept()
        if len(open_pages) >= MAX_SESSIONS:
            await ws.send_text(json.dumps({"type": "error", "message": (
                f"too many playground pages open (at most {MAX_SESSIONS}); close one")}))
            await ws.close(code=1013)
            return
        handle, Session = await asyncio.to_thread(engine)
        session = await asyncio.to_thread(_one_at_a_time, Session)
        open_pages.add(session)
        try:
            while True:
                raw = await ws.receive_text()
                if len(raw) > MAX_MESSAGE_BYTES:
                    reply: dict[str, Any] = {"type": "error", "message": (
                        f"message too long ({len(raw):,} characters; at most "
                        f"{MAX_MESSAGE_BYTES:,})")}
                else:
                    try:
                        msg = json.loads(raw)
                    except (ValueError, RecursionError):
                        reply = {"type": "error", "message": "message: not valid JSON"}
                    else:
                        reply = await asyncio.to_thread(_one_at_a_time, handle, session, msg)
                await ws.send_text(json.dumps(reply, allow_nan=False, default=_nan))
        except WebSocketDisconnect:
            return
        finally:  # the page is gone: drop its session (no work runs without a request)
            open_pages.discard(session)

    return Starlette(routes=[Route("/", index), Route("/static/{name}", static),
                             WebSocketRoute("/ws", socket)])


def engine() -> tuple[Any, Any]:
    """(handle, Session): the computing side, imported on first use so the server listens
    (and sends the page) while NumPy-heavy modules load; :func:`serve` starts loading it as
    soon as the server listens."""
    from chainrule.playground.actions import handle
    from chainrule.playground.session import Session

    return handle, Session


_ENGINE = threading.Lock()


def _one_at_a_time(work: Any, *args: Any) -> Any:
    """``work(*args)`` while no other page's work runs: the array engine's ``no_grad`` mode is
    process-wide, so one page's redraw (under ``no_grad``) must not overlap another's training
    step (two cores gain nothing from overlapping them anyway)."""
    with _ENGINE:
        return work(*args)


def _nan(x: Any) -> Any:
    raise TypeError(f"cannot send {type(x).__name__}")


def serve(host: str = "127.0.0.1", port: int = 8765, open_browser: bool = True,
          ready: Any = None) -> None:
    """Run the playground until interrupted; opens the browser unless told not to."""
    _, uvicorn = web_modules()
    app = create_app()
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    sock = bind(host, port)  # before any URL is printed or opened: a taken port is refused
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", ws="auto",
                            ws_max_size=MAX_MESSAGE_BYTES + 1024)
    server = uvicorn.Server(config)
    if open_browser:
        import webbrowser

        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    if ready is not None:
        ready(url)

    def warm_up() -> None:  # after the bind, not competing with it, while the page loads
        while not server.started and not server.should_exit:
            time.sleep(0.002)
        engine()

    threading.Thread(target=warm_up, daemon=True).start()
    server.run(sockets=[sock])


def bind(host: str, port: int) -> socket.socket:
    """A listening-ready socket bound to ``host:port``, or one :class:`ConfigError` line when
    the address is taken or cannot be used (so the playground never prints a URL that shows
    another program's page)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn's own bind
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        what = ("is already in use (another program listens there; pick another --port)"
                if exc.errno == errno.EADDRINUSE else f"cannot be used: {exc.strerror}")
        raise ConfigError(f"--port: {host}:{port} {what}") from None
    sock.set_inheritable(True)
    return sock
