"""A software My Number card: the JPKI applet's real APDU behaviour, for demo and tests.

It holds a synthetic person's credentials from the test PKI (``testpki``) and
answers like DESIGN.md §3: SELECT by AID and by FID, READ BINARY of certificate
files that are longer than the certificate (clients must parse the DER length),
the PIN counter (``63 Cx``, then ``69 84`` once locked), and COMPUTE DIGITAL
SIGNATURE as raw RSA with PKCS#1 v1.5 type-1 padding of whatever DigestInfo it is
given (a SHA-256 DigestInfo is signed through OpenSSL, which pads identically and is
several times faster; any other input goes through the pure-Python path). A
card-info applet holding a fake number is present so tests can prove it is never
selected: ``selected_aids`` logs every SELECT by AID.

``python -m clinic_app.card.simulator serve`` exposes one card to real reader
stacks (see ``main``).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, utils

from clinic_app.card.apdu import (
    INS_READ_BINARY,
    INS_SELECT,
    INS_SIGN,
    INS_VERIFY,
    SW_OK,
    CommandApdu,
)
from clinic_app.card.errors import CardRemoved
from clinic_app.card.jpki import (
    CARD_INFO_AIDS,
    EF_AUTH_CA_CERTIFICATE,
    EF_AUTH_CERTIFICATE,
    EF_AUTH_KEY,
    EF_AUTH_PIN,
    EF_TOKEN,
    JPKI_AID,
    SHA256_DIGEST_INFO_PREFIX,
    check_pin_format,
)
from clinic_app.card.status import (
    SW_CLA_NOT_SUPPORTED,
    SW_COMMAND_NOT_ALLOWED,
    SW_FILE_NOT_FOUND,
    SW_INS_NOT_SUPPORTED,
    SW_REFERENCE_BLOCKED,
    SW_SECURITY_STATUS,
    SW_WARNING_EOF,
    SW_WRONG_LENGTH,
    SW_WRONG_P1P2,
)
from clinic_app.card.testpki import CardCredentials, SandboxPki

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import rsa

#: The fake "My Number" in the simulated card-info applet. Real software never reads it;
#: tests scan logs for it to prove that.
CARD_INFO_FAKE_NUMBER = "987654321098"
CARD_INFO_AID = bytes.fromhex("D3921000310001010408")
TOKEN = b"JPKIAPICCTOKEN2".ljust(32, b" ")
#: Certificate EFs are fixed-size files larger than the certificate they hold.
CERTIFICATE_FILE_SIZE = 2048
MAX_PIN_TRIES = 3


@dataclass
class CardFaults:
    """Switches that make the card misbehave like real cards and readers do.

    ``remove_after``: the card leaves the field when this many more commands have been
    answered (the next one raises CardRemoved). ``sign_delay``: seconds the signature
    takes (real cards: 0.3-1 s). ``corrupt_certificate``: the auth certificate's bytes
    are damaged. ``status_overrides``: INS byte → status word answered instead.
    """

    remove_after: int | None = None
    sign_delay: float = 0.0
    corrupt_certificate: bool = False
    status_overrides: dict[int, int] = field(default_factory=dict)


def _rsa_sign_type1_pure(private_key: rsa.RSAPrivateKey, message: bytes) -> bytes:
    """Raw RSA over EMSA-PKCS1-v1_5 type-1 padding of ``message`` (what the card does)."""
    numbers = private_key.private_numbers()
    n = numbers.public_numbers.n
    k = (n.bit_length() + 7) // 8
    if len(message) > k - 11:
        raise ValueError("message too long for the key")
    encoded = b"\x00\x01" + b"\xff" * (k - 3 - len(message)) + b"\x00" + message
    m = int.from_bytes(encoded, "big")
    # Chinese remainder theorem, as the card's crypto engine does.
    s1 = pow(m, numbers.dmp1, numbers.p)
    s2 = pow(m, numbers.dmq1, numbers.q)
    h = (numbers.iqmp * (s1 - s2)) % numbers.p
    return (s2 + h * numbers.q).to_bytes(k, "big")


_SHA256_DIGEST_INFO_LENGTH = len(SHA256_DIGEST_INFO_PREFIX) + hashes.SHA256.digest_size


def _rsa_sign_type1(private_key: rsa.RSAPrivateKey, message: bytes) -> bytes:
    """The card's signature over ``message``, a DigestInfo (or any short byte string).

    For a SHA-256 DigestInfo, OpenSSL's PKCS#1 v1.5 over the pre-hashed digest
    builds exactly the same type-1 block (prefix + digest) and RSA result; every
    other input takes the pure-Python path, byte for byte what the card computes.
    """
    if len(message) == _SHA256_DIGEST_INFO_LENGTH and message.startswith(SHA256_DIGEST_INFO_PREFIX):
        digest = message[len(SHA256_DIGEST_INFO_PREFIX) :]
        return private_key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
    return _rsa_sign_type1_pure(private_key, message)


class SoftwareCard:
    """One simulated card; ``transmit`` is thread-safe and answers data + SW."""

    def __init__(
        self,
        credentials: CardCredentials,
        *,
        pin: str = "1234",
        tries_left: int = MAX_PIN_TRIES,
        faults: CardFaults | None = None,
        clock: Callable[[float], None] = time.sleep,
    ) -> None:
        check_pin_format(pin)
        if not 0 <= tries_left <= MAX_PIN_TRIES:
            raise ValueError("tries_left must be 0..3")
        self.credentials = credentials
        self._pin = pin.encode("ascii")
        self.tries_left = tries_left
        self.faults = faults or CardFaults()
        self._sleep = clock
        self._lock = threading.Lock()
        self.selected_aids: list[bytes] = []
        self.commands_received = 0
        self.removed = False
        self._app: bytes | None = None
        self._ef: int | None = None
        self._pin_verified = False
        certificate_der = credentials.certificate.public_bytes(serialization.Encoding.DER)
        ca_der = credentials.ca_certificate.public_bytes(serialization.Encoding.DER)
        self._files: dict[bytes, dict[int, bytes]] = {
            JPKI_AID: {
                EF_TOKEN: TOKEN,
                EF_AUTH_CERTIFICATE: certificate_der.ljust(CERTIFICATE_FILE_SIZE, b"\xff"),
                EF_AUTH_CA_CERTIFICATE: ca_der.ljust(CERTIFICATE_FILE_SIZE, b"\xff"),
            },
            CARD_INFO_AID: {0x0001: CARD_INFO_FAKE_NUMBER.encode("ascii")},
            bytes.fromhex("D3921000310001010402"): {0x0001: b"\x00" * 16},
        }
        assert set(self._files) - {JPKI_AID} == set(CARD_INFO_AIDS)
        self._secret_files = {EF_AUTH_KEY, EF_AUTH_PIN}

    def __repr__(self) -> str:  # never show the PIN
        serial = self.credentials.certificate.serial_number
        return f"SoftwareCard(serial={serial:X}, tries_left={self.tries_left})"

    @classmethod
    def for_person(
        cls,
        pki: SandboxPki,
        person_key: str,
        *,
        pin: str = "1234",
        tries_left: int = MAX_PIN_TRIES,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
        faults: CardFaults | None = None,
    ) -> SoftwareCard:
        """A card for a synthetic person; default validity 2024-01-01 .. 2034-01-01 (UTC)."""
        start = not_before or dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        end = not_after or dt.datetime(2034, 1, 1, tzinfo=dt.UTC)
        credentials = pki.issue_card_credentials(person_key, start, end)
        return cls(credentials, pin=pin, tries_left=tries_left, faults=faults)

    @property
    def locked(self) -> bool:
        return self.tries_left == 0

    def reset(self) -> None:
        """Power cycle: selection and security state are lost, the PIN counter is not."""
        with self._lock:
            self._app = None
            self._ef = None
            self._pin_verified = False

    def corrupt_certificate_now(self) -> None:
        """Damage the stored auth certificate (fault switch usable while served)."""
        self.faults.corrupt_certificate = True

    # -- APDU processing -------------------------------------------------------------
    def transmit(self, apdu: bytes) -> bytes:
        with self._lock:
            if self.removed:
                raise CardRemoved()
            remaining = self.faults.remove_after
            if remaining is not None:
                if remaining <= 0:
                    self.removed = True
                    self._pin_verified = False
                    raise CardRemoved()
                self.faults.remove_after = remaining - 1
            self.commands_received += 1
            data, sw = self._process(apdu)
            return data + sw.to_bytes(2, "big")

    def _process(self, raw: bytes) -> tuple[bytes, int]:
        try:
            command = CommandApdu.parse(raw)
        except ValueError:
            return b"", SW_WRONG_LENGTH
        override = self.faults.status_overrides.get(command.ins)
        if override is not None:
            return b"", override
        if command.cla not in (0x00, 0x80):
            return b"", SW_CLA_NOT_SUPPORTED
        if command.ins == INS_SELECT:
            return self._select(command)
        if command.ins == INS_READ_BINARY:
            return self._read_binary(command)
        if command.ins == INS_VERIFY:
            return self._verify(command)
        if command.ins == INS_SIGN and command.cla == 0x80:
            return self._sign(command)
        return b"", SW_INS_NOT_SUPPORTED

    def _select(self, command: CommandApdu) -> tuple[bytes, int]:
        if command.p1 == 0x04:
            self.selected_aids.append(command.data)
            if command.data not in self._files:
                return b"", SW_FILE_NOT_FOUND
            self._app, self._ef, self._pin_verified = command.data, None, False
            return b"", SW_OK
        if command.p1 == 0x02:
            if len(command.data) != 2:
                return b"", SW_WRONG_LENGTH
            fid = int.from_bytes(command.data, "big")
            if self._app is None:
                return b"", SW_FILE_NOT_FOUND
            known = self._files[self._app]
            if fid in known or (self._app == JPKI_AID and fid in self._secret_files):
                self._ef = fid
                return b"", SW_OK
            return b"", SW_FILE_NOT_FOUND
        return b"", SW_WRONG_P1P2

    def _file_content(self, fid: int) -> bytes:
        assert self._app is not None
        content = self._files[self._app][fid]
        if self.faults.corrupt_certificate and fid == EF_AUTH_CERTIFICATE:
            damaged = bytearray(content)
            damaged[4:40] = b"\x00" * 36  # destroy the TBSCertificate header
            content = bytes(damaged)
        return content

    def _read_binary(self, command: CommandApdu) -> tuple[bytes, int]:
        if self._app is None or self._ef is None:
            return b"", SW_COMMAND_NOT_ALLOWED
        if self._ef in self._secret_files:
            return b"", SW_SECURITY_STATUS
        content = self._file_content(self._ef)
        offset = (command.p1 << 8) | command.p2
        if command.p1 & 0x80 or offset > len(content):
            return b"", SW_WRONG_P1P2
        length = command.le or 256
        chunk = content[offset : offset + length]
        return chunk, SW_OK if len(chunk) == length else SW_WARNING_EOF

    def _verify(self, command: CommandApdu) -> tuple[bytes, int]:
        if self._app != JPKI_AID or self._ef != EF_AUTH_PIN or command.p2 != 0x80:
            return b"", SW_COMMAND_NOT_ALLOWED
        if self.tries_left == 0:
            return b"", SW_REFERENCE_BLOCKED
        if not command.data:
            if self._pin_verified:
                return b"", SW_OK
            return b"", 0x63C0 | self.tries_left
        if command.data == self._pin:
            self.tries_left = MAX_PIN_TRIES
            self._pin_verified = True
            return b"", SW_OK
        self.tries_left -= 1
        self._pin_verified = False
        return b"", 0x63C0 | self.tries_left

    def _sign(self, command: CommandApdu) -> tuple[bytes, int]:
        if self._app != JPKI_AID or self._ef != EF_AUTH_KEY or command.p2 != 0x80:
            return b"", SW_COMMAND_NOT_ALLOWED
        if not self._pin_verified:
            return b"", SW_SECURITY_STATUS
        if not command.data or len(command.data) > 245:
            return b"", SW_WRONG_LENGTH
        if self.faults.sign_delay > 0:
            self._sleep(self.faults.sign_delay)
        return _rsa_sign_type1(self.credentials.private_key, command.data), SW_OK


def main(argv: list[str] | None = None) -> int:
    """``python -m clinic_app.card.simulator serve``; implemented in ``card.serve``."""
    from clinic_app.card.serve import main as serve_main

    return serve_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
