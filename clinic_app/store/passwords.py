"""Password hashing with scrypt from the standard library (no extra dependency).

Parameters follow OWASP's scrypt guidance (N=2^15, r=8, p=3: 32 MiB per hash)
and are stored in the hash string, so they can be raised later and old hashes
still verify (``needs_rehash`` tells when to re-hash at the next login).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from clinic_app.store.errors import WeakPassword

MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True, slots=True)
class ScryptParams:
    log2_n: int = 15
    r: int = 8
    p: int = 3


#: Tests may lower this for speed (tests/helpers/store_fixtures.py does); never in production.
DEFAULT_PARAMS = ScryptParams()

_PREFIX = "scrypt"


def _derive(password: str, salt: bytes, params: ScryptParams) -> bytes:
    n = 1 << params.log2_n
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=n,
        r=params.r,
        p=params.p,
        maxmem=n * params.r * 128 * 2 + 1024 * 1024,
        dklen=32,
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def check_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")


def hash_password(password: str, params: ScryptParams | None = None) -> str:
    """``scrypt$<log2 N>$<r>$<p>$<salt>$<key>`` (base64 without padding)."""
    use = params or DEFAULT_PARAMS
    salt = secrets.token_bytes(16)
    key = _derive(password, salt, use)
    return f"{_PREFIX}${use.log2_n}${use.r}${use.p}${_b64(salt)}${_b64(key)}"


def _parse(stored: str) -> tuple[ScryptParams, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != _PREFIX:
        return None
    try:
        params = ScryptParams(int(parts[1]), int(parts[2]), int(parts[3]))
        return params, _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        return None


def verify_password(password: str, stored: str) -> bool:
    """Constant-time comparison; a malformed stored hash never verifies."""
    parsed = _parse(stored)
    if parsed is None:
        return False
    params, salt, key = parsed
    if not (10 <= params.log2_n <= 22 and 1 <= params.r <= 32 and 1 <= params.p <= 16):
        return False
    return hmac.compare_digest(_derive(password, salt, params), key)


def needs_rehash(stored: str) -> bool:
    parsed = _parse(stored)
    return parsed is None or parsed[0] != DEFAULT_PARAMS


def burn_time(password: str) -> None:
    """Spend one hash's time for an unknown user, so timing does not reveal user names."""
    _derive(password, b"\0" * 16, DEFAULT_PARAMS)
