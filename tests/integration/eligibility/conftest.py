"""A sandbox HTTPS server on 127.0.0.1 per module, clients per test, faults reset after each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from clinic_app.eligibility.client import EligibilityClient
from clinic_app.eligibility.http import HttpsTransport
from clinic_app.sandbox.server import SandboxServer
from tests.helpers import sandbox_env


@pytest.fixture(scope="module")
def tls_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sandbox-tls")


@pytest.fixture(scope="module")
def sandbox(tls_dir: Path) -> Iterator[SandboxServer]:
    server = SandboxServer(sandbox_env.population(), sandbox_env.pki(), tls_dir=tls_dir)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def faults(sandbox: SandboxServer) -> Iterator[object]:
    sandbox.faults.clear()
    yield sandbox.faults
    sandbox.faults.clear()


@pytest.fixture
def transport(sandbox: SandboxServer, faults: object) -> Iterator[HttpsTransport]:
    with HttpsTransport(
        sandbox.base_url,
        ca_bundle=sandbox.ca_file,
        connect_timeout=1.0,
        read_timeout=2.0,
        total_timeout=5.0,
        backoff=0.01,
    ) as https:
        yield https


@pytest.fixture
def client(transport: HttpsTransport) -> EligibilityClient:
    return EligibilityClient(transport, sandbox_env.INSTITUTION, poll_interval=0.01)
