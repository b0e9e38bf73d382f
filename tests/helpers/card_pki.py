"""A test PKI shared by every test run on this machine (key generation is slow).

The folder lives in the system temp dir and persists between runs; SandboxPki is
safe when several pytest processes create it at once.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from functools import cache
from pathlib import Path

from clinic_app.card.testpki import CardCredentials, SandboxPki


def shared_pki_dir() -> Path:
    return Path(tempfile.gettempdir()) / f"madoguchi-test-pki-{os.getuid()}"


@cache
def shared_test_pki() -> SandboxPki:
    return SandboxPki.load_or_create(shared_pki_dir())


#: A fixed validity so cached credentials are reused across runs.
VALID_FROM = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
VALID_UNTIL = dt.datetime(2034, 1, 1, tzinfo=dt.UTC)


@cache
def card_credentials(person_key: str = "test-person-1") -> CardCredentials:
    return shared_test_pki().issue_card_credentials(person_key, VALID_FROM, VALID_UNTIL)
