"""The sandbox's own TLS test CA and server certificate (never trusted outside the sandbox).

The CA is created once per folder and reused, so a client configured with its
file keeps working across sandbox restarts; the server certificate (for
``127.0.0.1`` and ``localhost``) is issued fresh at every start. EC P-256 keys
keep this fast. Files are published atomically, so two sandboxes starting at
once end up with the same CA.
"""

from __future__ import annotations

import datetime as dt
import os
import ssl
import tempfile
from dataclasses import dataclass
from ipaddress import IPv4Address
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID

from clinic_app.card.testpki import (
    build_test_ca_certificate,
    certificate_name,
    private_key_pem,
    publish_once,
)

TLS_CA_COMMON_NAME = "Madoguchi Sandbox TEST TLS CA (not for production)"
TLS_ORGANIZATION = "Madoguchi Sandbox TEST"
CA_FILE = "sandbox-tls-ca.pem"
_CA_KEY_FILE = "sandbox-tls-ca.key"


@dataclass(frozen=True)
class ServerTls:
    """What the HTTPS server needs: the CA file clients trust and a server context."""

    ca_file: Path
    context: ssl.SSLContext


def _load_or_create_ca(directory: Path) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    # The key is published first: a reader that sees the certificate always finds its key.
    if not (directory / CA_FILE).exists():
        publish_once(
            directory, _CA_KEY_FILE, private_key_pem(ec.generate_private_key(ec.SECP256R1()))
        )
        key_loaded = serialization.load_pem_private_key(
            (directory / _CA_KEY_FILE).read_bytes(), password=None
        )
        assert isinstance(key_loaded, ec.EllipticCurvePrivateKey)
        now = dt.datetime.now(dt.UTC)
        certificate = build_test_ca_certificate(
            key_loaded,
            certificate_name(TLS_ORGANIZATION, TLS_CA_COMMON_NAME),
            now - dt.timedelta(days=1),
            now + dt.timedelta(days=3650),
        )
        publish_once(directory, CA_FILE, certificate.public_bytes(serialization.Encoding.PEM))
    ca_key = serialization.load_pem_private_key(
        (directory / _CA_KEY_FILE).read_bytes(), password=None
    )
    if not isinstance(ca_key, ec.EllipticCurvePrivateKey):
        raise RuntimeError("the sandbox TLS CA key is not an EC key")
    ca_certificate = x509.load_pem_x509_certificate((directory / CA_FILE).read_bytes())
    return ca_key, ca_certificate


def server_tls(directory: Path, *, host: str = "127.0.0.1") -> ServerTls:
    """Load (or create) the test TLS CA in ``directory`` and issue a server certificate."""
    ca_key, ca_certificate = _load_or_create_ca(directory)
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    names: list[x509.GeneralName] = [
        x509.DNSName("localhost"),
        x509.IPAddress(IPv4Address("127.0.0.1")),
    ]
    if host not in ("127.0.0.1", "localhost"):
        names.append(x509.DNSName(host))
    certificate = (
        x509.CertificateBuilder()
        .subject_name(certificate_name(TLS_ORGANIZATION, "Madoguchi Sandbox TEST server"))
        .issuer_name(ca_certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    # ssl wants files: write the chain to a private temporary file, load it, delete it.
    fd, chain_name = tempfile.mkstemp(prefix=".server-", suffix=".pem", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(private_key_pem(key))
            handle.write(certificate.public_bytes(serialization.Encoding.PEM))
        context.load_cert_chain(chain_name)
    finally:
        os.unlink(chain_name)
    return ServerTls(directory / CA_FILE, context)
