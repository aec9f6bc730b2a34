"""A real HTTP server on 127.0.0.1 for connector tests: routes are functions of (handler, nth request)."""

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from orchestration.ingest import http as http_module

Route = Callable[[BaseHTTPRequestHandler, int], None]


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]


@dataclass
class Server:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        return sum(1 for s in self.seen if s.path == path)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """Clients that gave up (timeouts, aborted downloads) are expected; keep the test output clean."""


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    *,
    content_type: str = "text/csv",
    headers: dict[str, str] | None = None,
    content_length: int | None = None,
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body) if content_length is None else content_length))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture
def server(monkeypatch) -> Iterator[Server]:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    lock = threading.Lock()
    state = Server(base="")

    class Handler(BaseHTTPRequestHandler):
        def handle_one(self) -> None:
            with lock:
                state.seen.append(Seen(self.command, self.path, dict(self.headers)))
                n = state.count(self.path)
            route = state.routes.get(self.path)
            if route is None:
                send(self, 404, b"not found", content_type="text/plain")
            else:
                route(self, n)

        do_GET = do_POST = handle_one

        def log_message(self, format, *args) -> None:
            pass

    httpd = _QuietServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture
def sleeps(monkeypatch) -> list[float]:
    """Make backoff instant and record the delays fetch() asked for."""
    delays: list[float] = []
    monkeypatch.setattr(http_module, "_sleep", delays.append)
    return delays
