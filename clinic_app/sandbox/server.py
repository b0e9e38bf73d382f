"""The sandbox's HTTPS server on 127.0.0.1: the eligibility service for demos and tests.

``POST /v1/<request prefix>`` (``/v1/OQSsiquc01req``, ``/v1/YZKsiquc01req``…)
with a request XmlMsg answers the reply XmlMsg; ``POST /v1/challenge`` hands
out a fresh card challenge (32 raw bytes). TLS uses the sandbox's own test CA
(:mod:`clinic_app.sandbox.tls`). Each connection is served by a daemon thread;
the TLS handshake happens in that thread so a silent client cannot stall the
accept loop; ``stop()`` closes every open connection and returns promptly.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from clinic_app.card.testpki import SandboxPki
from clinic_app.eligibility.errors import MessageError
from clinic_app.eligibility.messages import RequestKind
from clinic_app.sandbox.faults import Failure, SandboxFaults
from clinic_app.sandbox.population import Population
from clinic_app.sandbox.service import SandboxService
from clinic_app.sandbox.tls import server_tls

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 20 * 1024 * 1024
_IDLE_TIMEOUT = 30.0  # seconds a kept-alive connection may sit idle


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], sandbox: SandboxServer) -> None:
        self.sandbox = sandbox
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self.connections_accepted = 0  # for tests and the benchmark (connection reuse)
        super().__init__(address, _Handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        """TLS handshake in the connection's own thread, then HTTP."""
        raw: socket.socket = request
        raw.settimeout(_IDLE_TIMEOUT)
        # Headers and body leave in separate writes: without this, Nagle + delayed ACK
        # add ~40 ms to every kept-alive exchange.
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            wrapped = self.sandbox.tls_context.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            log.debug("sandbox: TLS handshake failed: %s", exc)
            return
        with self._connections_lock:
            self._connections.add(wrapped)
            self.connections_accepted += 1
        try:
            super().finish_request(wrapped, client_address)
        finally:
            with self._connections_lock:
                self._connections.discard(wrapped)
            # wrap_socket took over the descriptor: close the TLS socket, not the raw one.
            with contextlib.suppress(OSError):
                wrapped.shutdown(socket.SHUT_RDWR)
            wrapped.close()

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("sandbox: connection ended with an error", exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server
    server_version = "MadoguchiSandbox/1"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("sandbox http: " + format, *args)

    def do_POST(self) -> None:
        sandbox = self.server.sandbox
        path = self.path.split("?", 1)[0]
        if not path.startswith("/v1/"):
            self._plain(HTTPStatus.NOT_FOUND, "unknown path")
            return
        body = self._read_body()
        if body is None:
            return
        name = path[len("/v1/") :]
        if name == "challenge":
            if sandbox.pause(sandbox.faults.latency):
                return
            self._send(HTTPStatus.OK, sandbox.service.issue_challenge(), "application/octet-stream")
            return
        try:
            kind, is_reply = RequestKind.from_prefix(name)
        except MessageError:
            self._plain(HTTPStatus.NOT_FOUND, "unknown message kind")
            return
        if is_reply:
            self._plain(HTTPStatus.NOT_FOUND, "replies are not accepted")
            return
        try:
            reply = sandbox.service.handle(kind, body, http=True)
        except MessageError as exc:
            self._plain(HTTPStatus.BAD_REQUEST, f"unreadable request: {exc.message}")
            return
        if sandbox.pause(sandbox.faults.latency):
            return
        if reply.failure is Failure.HTTP_STATUS:
            status = sandbox.faults.http_status or 503
            self._plain(HTTPStatus(status), "fault switch: HTTP status")
        elif reply.failure is Failure.DROP_CONNECTION:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif reply.failure is Failure.HANG:
            sandbox.pause(sandbox.faults.hang_seconds)
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        else:
            self._send(HTTPStatus.OK, reply.body, "application/xml")

    def do_GET(self) -> None:
        if self.path == "/v1/health":
            self._plain(HTTPStatus.OK, "ok")
        else:
            self._plain(HTTPStatus.METHOD_NOT_ALLOWED, "use POST")

    def _read_body(self) -> bytes | None:
        length_text = self.headers.get("Content-Length")
        if length_text is None or not length_text.isdigit():
            self._plain(HTTPStatus.LENGTH_REQUIRED, "Content-Length required")
            return None
        length = int(length_text)
        if length > MAX_REQUEST_BYTES:
            self.close_connection = True
            self._plain(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request too large")
            return None
        return self.rfile.read(length)

    def _plain(self, status: HTTPStatus, text: str) -> None:
        self._send(status, text.encode("utf-8"), "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class SandboxServer:
    """The HTTPS sandbox, in-process (demo, tests) or from ``python -m clinic_app.sandbox``."""

    def __init__(
        self,
        population: Population,
        pki: SandboxPki,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: SandboxFaults | None = None,
        tls_dir: Path | None = None,
        service: SandboxService | None = None,
        client_ca_file: Path | None = None,
    ) -> None:
        """``client_ca_file``: require TLS client certificates issued by this CA (mutual TLS,
        as a production gateway would)."""
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the sandbox listens on the loopback interface only")
        if service is not None:
            self.service = service
            if faults is not None:
                service.faults = faults
        else:
            self.service = SandboxService(population, pki, faults=faults)
        self.faults = self.service.faults
        self.population = population
        tls = server_tls(tls_dir or pki.directory / "tls", host=host)
        self.tls_context = tls.context
        if client_ca_file is not None:
            self.tls_context.verify_mode = ssl.CERT_REQUIRED
            self.tls_context.load_verify_locations(cafile=str(client_ca_file))
        self.ca_file: Path = tls.ca_file
        self._host = host
        self._port = port
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the sandbox server is not started")
        return f"https://127.0.0.1:{self._server.server_address[1]}"

    @property
    def connections_accepted(self) -> int:
        """TLS connections accepted so far (shows whether clients reuse connections)."""
        return self._server.connections_accepted if self._server is not None else 0

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the sandbox server is not started")
        return int(self._server.server_address[1])

    def start(self) -> SandboxServer:
        if self._server is not None:
            return self
        self._stopping.clear()
        self._server = _Server(("127.0.0.1", self._port), self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="sandbox-https",
            daemon=True,
        )
        self._thread.start()
        # Build the card-serial index now rather than inside the first card query.
        threading.Thread(
            target=self.population.by_card_serial, args=(0,), name="sandbox-index", daemon=True
        ).start()
        log.info("sandbox HTTPS server listening on %s", self.base_url)
        return self

    def stop(self) -> None:
        """Stop accepting, end waiting fault handlers, close open connections."""
        self._stopping.set()
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.close_connections()
        server.server_close()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def pause(self, seconds: float) -> bool:
        """Wait ``seconds`` (a fault) unless the server stops first; True if stopping."""
        if seconds <= 0:
            return self._stopping.is_set()
        return self._stopping.wait(seconds)

    def serve_forever(self) -> None:
        """Block until interrupted (the ``serve`` command)."""
        self.start()
        try:
            while not self._stopping.wait(0.5):
                pass
        finally:
            self.stop()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
