"""Suite-wide setup: no screen, no real keyring, integration services required in CI."""

from __future__ import annotations

import os

# Qt must never look for a display in tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from tests.helpers.memory_keyring import install_memory_keyring


@pytest.fixture(autouse=True)
def _memory_keyring() -> None:
    """Every test gets a fresh in-memory keyring; the OS keyring is never touched."""
    install_memory_keyring()


def integration_required() -> bool:
    """Set by scripts/dev.sh test: a missing service is a failure, not a skip."""
    return os.environ.get("MADOGUCHI_REQUIRE_INTEGRATION") == "1"


def skip_or_fail(reason: str) -> None:
    if integration_required():
        pytest.fail(f"required integration service missing: {reason}")
    pytest.skip(reason)
