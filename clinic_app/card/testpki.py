"""A throw-away test PKI for the software My Number card and the sandbox.

One TEST certification authority (its subject says so) issues one RSA 2048
user-authentication certificate per synthetic person. Like a real JPKI
authentication certificate it carries no name: only the serial, derived from
the person key by :func:`card_serial`, links it back to the synthetic person,
so the sandbox can identify a presented certificate without ever seeing the
card's private key.

RSA key generation is slow, so everything is cached on disk in the PKI
directory: the CA once, each card's credentials keyed by person key and
validity. Files are written to a temporary name and published with
``os.link`` (which fails if the target exists), so two processes racing to
create the same file end up using the same winner's content.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import (
    CertificateIssuerPrivateKeyTypes,
    PrivateKeyTypes,
)
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

#: Names shown by card-info and the sandbox; the CA is unmistakably a test CA.
TEST_CA_COMMON_NAME = "Madoguchi TEST JPKI User Authentication CA (not for production)"
TEST_ORGANIZATION = "Madoguchi Sandbox TEST"
#: Overrides :func:`default_pki_dir` (tests point it at a shared temporary folder).
PKI_DIR_ENV = "MADOGUCHI_SANDBOX_PKI"

_CA_FILE = "ca.pem"
_CARD_DIR = "cards"
_KEY_SIZE = 2048
_CA_VALIDITY = dt.timedelta(days=365 * 30)
_CA_EPOCH = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)


class PkiError(RuntimeError):
    """The PKI directory holds something unusable (a bug or a tampered folder)."""


@dataclass(frozen=True)
class CardCredentials:
    """What a software card holds: its auth key pair, auth certificate and CA certificate."""

    private_key: rsa.RSAPrivateKey
    certificate: x509.Certificate
    ca_certificate: x509.Certificate


def card_serial(person_key: str) -> int:
    """The auth certificate serial of a synthetic person: deterministic, positive, 63 bits."""
    digest = hashlib.sha256(b"madoguchi-card-serial\x00" + person_key.encode("utf-8")).digest()
    return (int.from_bytes(digest[:8], "big") >> 1) | (1 << 56)


def default_pki_dir() -> Path:
    """``$MADOGUCHI_SANDBOX_PKI`` if set, else ``<data dir>/sandbox-pki``."""
    override = os.environ.get(PKI_DIR_ENV)
    if override:
        return Path(override)
    from clinic_app import paths

    return paths.data_dir() / "sandbox-pki"


def _as_utc(moment: dt.datetime) -> dt.datetime:
    """Naive datetimes are read as UTC; aware ones are converted to UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def publish_once(directory: Path, name: str, content: bytes) -> None:
    """Create ``directory/name`` with ``content`` unless it exists (atomic, race-safe).

    The content goes to an owner-only temporary file first and is published with
    ``os.link``, which fails if the target exists: racing processes all end up
    using the first winner's content. Shared with the sandbox's TLS CA.
    """
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temp_name = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o600)
        # If another process won the race, its content is used.
        with contextlib.suppress(FileExistsError):
            os.link(temp_name, directory / name)
    finally:
        os.unlink(temp_name)


def private_key_pem(key: PrivateKeyTypes) -> bytes:
    """``key`` as unencrypted PKCS#8 PEM (test keys only)."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def certificate_name(organization: str, common_name: str) -> x509.Name:
    """A ``C=JP, O=organization, CN=common_name`` certificate name."""
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def build_test_ca_certificate(
    key: CertificateIssuerPrivateKeyTypes,
    name: x509.Name,
    not_before: dt.datetime,
    not_after: dt.datetime,
) -> x509.Certificate:
    """A self-signed CA certificate (no intermediates) for ``key``, signed with SHA-256."""
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _pem_bundle(key: rsa.RSAPrivateKey, *certificates: x509.Certificate) -> bytes:
    return private_key_pem(key) + b"".join(
        c.public_bytes(serialization.Encoding.PEM) for c in certificates
    )


def _load_bundle(path: Path) -> tuple[rsa.RSAPrivateKey, list[x509.Certificate]]:
    data = path.read_bytes()
    try:
        key = serialization.load_pem_private_key(data, password=None)
        certificates = x509.load_pem_x509_certificates(data)
    except ValueError as error:
        raise PkiError(f"unreadable PKI file {path.name}: {error}") from error
    if not isinstance(key, rsa.RSAPrivateKey) or not certificates:
        raise PkiError(f"PKI file {path.name} does not hold an RSA key and a certificate")
    return key, certificates


class SandboxPki:
    """The test CA and the card credentials it has issued, persisted in one folder."""

    def __init__(
        self, directory: Path, ca_key: rsa.RSAPrivateKey, ca_certificate: x509.Certificate
    ) -> None:
        self.directory = directory
        self._ca_key = ca_key
        self.ca_certificate = ca_certificate

    @classmethod
    def load_or_create(cls, directory: Path) -> SandboxPki:
        """Load the CA from ``directory``, creating it once (safe if processes race)."""
        ca_path = directory / _CA_FILE
        if not ca_path.exists():
            key = rsa.generate_private_key(public_exponent=65537, key_size=_KEY_SIZE)
            ca_certificate = build_test_ca_certificate(
                key,
                certificate_name(TEST_ORGANIZATION, TEST_CA_COMMON_NAME),
                _CA_EPOCH,
                _CA_EPOCH + _CA_VALIDITY,
            )
            publish_once(directory, _CA_FILE, _pem_bundle(key, ca_certificate))
        key, certificates = _load_bundle(ca_path)
        ca_certificate = certificates[0]
        ca_public = ca_certificate.public_key()
        if (
            not isinstance(ca_public, rsa.RSAPublicKey)
            or ca_public.public_numbers() != key.public_key().public_numbers()
        ):
            raise PkiError("the CA certificate does not match the CA key")
        return cls(directory, key, ca_certificate)

    def issue_card_credentials(
        self, person_key: str, not_before: dt.datetime, not_after: dt.datetime
    ) -> CardCredentials:
        """Credentials for one person's card with the given validity (cached on disk)."""
        start, end = _as_utc(not_before), _as_utc(not_after)
        if end <= start:
            raise ValueError("not_after must be later than not_before")
        cache_id = hashlib.sha256(
            "\x00".join([person_key, start.isoformat(), end.isoformat()]).encode("utf-8")
        ).hexdigest()[:40]
        card_dir = self.directory / _CARD_DIR
        path = card_dir / f"{cache_id}.pem"
        if path.exists():
            credentials = self._load_card(path)
            if credentials is not None:
                return credentials
            path.unlink(missing_ok=True)  # issued by an older CA: reissue
        key = rsa.generate_private_key(public_exponent=65537, key_size=_KEY_SIZE)
        certificate = self._build_card_certificate(key, card_serial(person_key), start, end)
        publish_once(card_dir, path.name, _pem_bundle(key, certificate))
        credentials = self._load_card(path)
        if credentials is None:
            raise PkiError("a freshly issued card certificate does not verify")
        return credentials

    def _load_card(self, path: Path) -> CardCredentials | None:
        key, certificates = _load_bundle(path)
        certificate = certificates[0]
        if not self.issued(certificate):
            return None
        return CardCredentials(key, certificate, self.ca_certificate)

    def issued(self, certificate: x509.Certificate) -> bool:
        """Whether ``certificate`` carries a valid signature of this CA."""
        if certificate.issuer != self.ca_certificate.subject:
            return False
        public_key = self.ca_certificate.public_key()
        assert isinstance(public_key, rsa.RSAPublicKey)
        hash_algorithm = certificate.signature_hash_algorithm
        if hash_algorithm is None:
            return False
        try:
            public_key.verify(
                certificate.signature,
                certificate.tbs_certificate_bytes,
                padding.PKCS1v15(),
                hash_algorithm,
            )
        except Exception:  # InvalidSignature or a malformed signature
            return False
        return True

    def _build_card_certificate(
        self, key: rsa.RSAPrivateKey, serial: int, start: dt.datetime, end: dt.datetime
    ) -> x509.Certificate:
        # Like JPKI: no name in the auth certificate, only an opaque identifier.
        subject = certificate_name(TEST_ORGANIZATION, f"TEST card {serial:016X}")
        ca_public = self.ca_certificate.public_key()
        assert isinstance(ca_public, rsa.RSAPublicKey)
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.ca_certificate.subject)
            .public_key(key.public_key())
            .serial_number(serial)
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_public), critical=False
            )
            .sign(self._ca_key, hashes.SHA256())
        )
