"""Secrets in the OS keyring only; fails closed.

There is deliberately no plaintext fallback: if no usable keyring backend is
present the caller gets ``SecretStoreUnavailable`` with what to install.
"""

from __future__ import annotations

from typing import Protocol

import keyring
import keyring.errors

from clinic_app.core.errors import KnownError

SERVICE = "madoguchi"

#: The names of the secrets the app keeps (keyring "usernames").
CLIENT_CERT_PASSWORD = "client-certificate-password"  # noqa: S105 (entry name)
SERVICE_CREDENTIALS = "service-credentials"
DATABASE_PASSWORD = "database-password"  # noqa: S105 (entry name)
BACKUP_KEY = "backup-key"


class SecretStoreUnavailable(KnownError):
    code = "keyring_unavailable"


class SecretStore(Protocol):
    """The port services use; tests may pass a dict-backed fake."""

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...


def _usable_backend() -> keyring.backend.KeyringBackend:
    backend = keyring.get_keyring()
    # The "fail" backend and the plaintext ones from keyrings.alt are refused.
    module = type(backend).__module__
    if module.startswith("keyring.backends.fail") or module.startswith("keyrings.alt"):
        raise SecretStoreUnavailable(
            "No usable OS keyring. Install and unlock one (Windows Credential Manager, "
            "macOS Keychain, or on Linux GNOME Keyring / KWallet with Secret Service).",
        )
    if module.startswith("keyring.backends.chainer"):
        chained = getattr(backend, "backends", [])
        if not chained:
            raise SecretStoreUnavailable(
                "No usable OS keyring (no backend found). On Linux install gnome-keyring "
                "or KWallet and log in to a desktop session.",
            )
    return backend


class KeyringSecretStore:
    """Secrets in the OS keyring under the service name ``madoguchi``."""

    def __init__(self, service: str = SERVICE) -> None:
        self._service = service

    def get(self, name: str) -> str | None:
        backend = _usable_backend()
        try:
            return backend.get_password(self._service, name)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreUnavailable(f"The keyring refused to read a secret: {exc}") from exc

    def set(self, name: str, value: str) -> None:
        backend = _usable_backend()
        try:
            backend.set_password(self._service, name, value)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreUnavailable(f"The keyring refused to store a secret: {exc}") from exc

    def delete(self, name: str) -> None:
        backend = _usable_backend()
        try:
            backend.delete_password(self._service, name)
        except keyring.errors.PasswordDeleteError:
            return
        except keyring.errors.KeyringError as exc:
            raise SecretStoreUnavailable(f"The keyring refused to delete a secret: {exc}") from exc
