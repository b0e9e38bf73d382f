"""scrypt password hashes: format, verification, malformed input, policy."""

from __future__ import annotations

import pytest

from clinic_app.store import WeakPassword, passwords


def test_hash_verifies_and_wrong_password_does_not() -> None:
    stored = passwords.hash_password("correct horse battery")
    assert stored.startswith("scrypt$10$8$1$")  # the suite's cheap parameters
    assert passwords.verify_password("correct horse battery", stored)
    assert not passwords.verify_password("correct horse batterY", stored)


def test_same_password_gets_a_new_salt_each_time() -> None:
    assert passwords.hash_password("same password") != passwords.hash_password("same password")


def test_production_parameters_follow_owasp() -> None:
    params = passwords.ScryptParams()
    # OWASP Password Storage Cheat Sheet: equivalent minimum scrypt configurations.
    owasp = {(17, 8, 1), (16, 8, 2), (15, 8, 3), (14, 8, 5), (13, 8, 10)}
    assert (params.log2_n, params.r, params.p) in owasp


@pytest.mark.parametrize(
    "stored",
    ["", "plain", "scrypt$x$8$1$AA$AA", "bcrypt$10$8$1$AA$AA", "scrypt$40$8$1$AAAA$AAAA"],
)
def test_malformed_or_hostile_hash_never_verifies(stored: str) -> None:
    assert not passwords.verify_password("anything", stored)


def test_needs_rehash_when_parameters_change(monkeypatch: pytest.MonkeyPatch) -> None:
    stored = passwords.hash_password("a long password")
    assert not passwords.needs_rehash(stored)
    monkeypatch.setattr(passwords, "DEFAULT_PARAMS", passwords.ScryptParams(11, 8, 1))
    assert passwords.needs_rehash(stored)
    assert passwords.verify_password("a long password", stored)  # old hashes still verify


def test_short_password_refused() -> None:
    with pytest.raises(WeakPassword):
        passwords.check_policy("short")
