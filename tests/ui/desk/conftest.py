"""A demo backend shared by the desk tests (the sandbox, PKI and staff hashes are slow)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from clinic_app.wiring import Backend, build_demo_backend
from tests.helpers.desk_harness import DeskHarness


@pytest.fixture(scope="session")
def demo_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    home: Path = tmp_path_factory.mktemp("desk-demo")
    backend = build_demo_backend(home)
    yield backend
    backend.close()


@pytest.fixture
def desk(qapp: object, demo_backend: Backend) -> Iterator[DeskHarness]:
    harness = DeskHarness(demo_backend)
    yield harness
    harness.close()
    if demo_backend.demo is not None and demo_backend.demo.faults is not None:
        demo_backend.demo.faults.clear()
