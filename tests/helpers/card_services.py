"""Run the software card for real reader stacks: a served subprocess, ports, the vpcd lock."""

from __future__ import annotations

import contextlib
import fcntl
import os
import queue
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from tests.helpers.card_pki import shared_pki_dir

VPCD_HOST = "127.0.0.1"
VPCD_PORT = 35963
SERVE_LIMIT_SECONDS = 120


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def vpcd_slot_lock(timeout: float = 120.0) -> Iterator[None]:
    """vpcd's slot takes one card at a time: tests and the benchmark take turns."""
    path = Path(tempfile.gettempdir()) / f"madoguchi-vpcd-{VPCD_PORT}-{os.getuid()}.lock"
    with path.open("w") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError("the vpcd slot stayed busy") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class ServedCard:
    """``python -m clinic_app.card.simulator serve ...`` as a child process."""

    def __init__(self, *options: str, person: str = "served-person", pin: str = "7395") -> None:
        self.person = person
        self.command = [
            sys.executable,
            "-m",
            "clinic_app.card.simulator",
            "serve",
            *options,
            "--person",
            person,
            "--pin",
            pin,
            "--pki-dir",
            str(shared_pki_dir()),
            "--duration",
            str(SERVE_LIMIT_SECONDS),
        ]
        self.process: subprocess.Popen[str] | None = None
        self.ready_line = ""

    def start(self, timeout: float = 60.0) -> ServedCard:
        root = Path(__file__).resolve().parents[2]
        env = dict(os.environ, PYTHONPATH=str(root))
        self.process = subprocess.Popen(
            self.command,
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        lines: queue.Queue[str] = queue.Queue()
        stdout = self.process.stdout
        assert stdout is not None
        threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
        try:
            self.ready_line = lines.get(timeout=timeout).strip()
        except queue.Empty:
            self.stop()
            raise TimeoutError("the served card did not become ready") from None
        if not self.ready_line.startswith("ready"):
            error = self.stop()
            raise RuntimeError(f"the served card failed: {error}")
        return self

    def stop(self, timeout: float = 10.0) -> str:
        """Terminate (the card leaves the reader); returns what it wrote to stderr."""
        process, self.process = self.process, None
        if process is None:
            return ""
        if process.poll() is None:
            process.terminate()
        try:
            _, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            _, err = process.communicate(timeout=timeout)
        return err or ""

    def __enter__(self) -> ServedCard:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
