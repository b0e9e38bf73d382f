"""HttpsTransport configuration: https only, CA bundle required, client certificate password."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from clinic_app.eligibility.http import HttpsTransport
from clinic_app.eligibility.transport import ServiceUnavailable, TlsFailure
from clinic_app.sandbox.tls import server_tls
from clinic_app.secrets import CLIENT_CERT_PASSWORD, KeyringSecretStore


@pytest.fixture(scope="module")
def ca_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return server_tls(tmp_path_factory.mktemp("tls")).ca_file


@pytest.fixture(scope="module")
def client_cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("client")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TEST clinic client")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "client.pem", folder / "client.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"s3cret-pass"),
        )
    )
    return cert_path, key_path


def test_plain_http_is_refused(ca_file: Path) -> None:
    with pytest.raises(ServiceUnavailable):
        HttpsTransport("http://127.0.0.1:1", ca_bundle=ca_file)


def test_missing_ca_bundle_is_a_tls_failure(tmp_path: Path) -> None:
    with pytest.raises(TlsFailure) as caught:
        HttpsTransport("https://127.0.0.1:1", ca_bundle=tmp_path / "missing.pem")
    assert "missing" in str(caught.value)


def test_unreadable_ca_bundle_is_a_tls_failure(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pem"
    bad.write_text("not a certificate")
    with pytest.raises(TlsFailure):
        HttpsTransport("https://127.0.0.1:1", ca_bundle=bad)


def test_client_certificate_password_comes_from_the_keyring(
    ca_file: Path, client_cert: tuple[Path, Path]
) -> None:
    store = KeyringSecretStore()
    store.set(CLIENT_CERT_PASSWORD, "s3cret-pass")
    HttpsTransport("https://127.0.0.1:1", ca_bundle=ca_file, client_cert=client_cert).close()


def test_wrong_or_missing_client_certificate_password(
    ca_file: Path, client_cert: tuple[Path, Path]
) -> None:
    with pytest.raises(TlsFailure) as caught:
        HttpsTransport("https://127.0.0.1:1", ca_bundle=ca_file, client_cert=client_cert)
    assert "client certificate" in str(caught.value)
    KeyringSecretStore().set(CLIENT_CERT_PASSWORD, "wrong")
    with pytest.raises(TlsFailure):
        HttpsTransport("https://127.0.0.1:1", ca_bundle=ca_file, client_cert=client_cert)


def test_an_explicit_secret_store_is_used(ca_file: Path, client_cert: tuple[Path, Path]) -> None:
    class DictStore:
        def __init__(self) -> None:
            self.values = {CLIENT_CERT_PASSWORD: "s3cret-pass"}

        def get(self, name: str) -> str | None:
            return self.values.get(name)

        def set(self, name: str, value: str) -> None:
            self.values[name] = value

        def delete(self, name: str) -> None:
            self.values.pop(name, None)

    HttpsTransport(
        "https://127.0.0.1:1", ca_bundle=ca_file, client_cert=client_cert, secret_store=DictStore()
    ).close()
