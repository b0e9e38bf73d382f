"""The JPKI application of the My Number card: certificates, PIN tries, VERIFY, SIGN.

``JpkiCard`` speaks to the card through one callable ``transmit(apdu) -> data+SW``
supplied by a reader, so the protocol is tested with a software card and hex
traces. Safety rules live here, not in callers: only allow-listed applets can be
selected (the card-info applets hold the My Number and are never touched), the
PIN format is checked before anything is sent, tries are always known before a
VERIFY, a VERIFY with one try left needs an explicit override, nothing retries
by itself, and the PIN is never stored or logged.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from clinic_app.card import apdu as apdus
from clinic_app.card.apdu import SW_OK, TRAFFIC, CommandApdu, ResponseApdu, describe_for_log
from clinic_app.card.errors import (
    CorruptCertificate,
    ForbiddenApplet,
    InvalidPinFormat,
    LastTryNeedsOverride,
    MalformedResponse,
    NotJpkiCard,
    PinBlocked,
    UnexpectedStatus,
    WrongPin,
)
from clinic_app.card.status import (
    SW_AUTH_BLOCKED,
    SW_REFERENCE_BLOCKED,
    check,
    error_for_status,
    tries_from_sw,
)

log = logging.getLogger(__name__)

Transmit = Callable[[bytes], bytes]

#: The public-key (JPKI-AP) applet: the only one this application selects.
JPKI_AID = bytes.fromhex("D392F000260100000001")
ALLOWED_AIDS: frozenset[bytes] = frozenset({JPKI_AID})
#: Card-info applets (券面事項入力補助AP / 券面AP): they hold the My Number. Never selected.
CARD_INFO_AIDS: frozenset[bytes] = frozenset(
    {bytes.fromhex("D3921000310001010408"), bytes.fromhex("D3921000310001010402")}
)

EF_TOKEN = 0x0006
EF_AUTH_CERTIFICATE = 0x000A
EF_AUTH_CA_CERTIFICATE = 0x000B
EF_AUTH_KEY = 0x0017
EF_AUTH_PIN = 0x0018

TOKEN_LENGTH = 0x20
MAX_READ_CHUNK = 256
#: A certificate larger than this is not a JPKI certificate (they are ~1.5 KiB).
MAX_CERTIFICATE_LENGTH = 8192
PIN_LENGTH = 4

#: DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2 note 1).
SHA256_DIGEST_INFO_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")


def digest_info_sha256(message: bytes) -> bytes:
    """The DER DigestInfo the card signs: SHA-256 of ``message`` with its algorithm prefix."""
    return SHA256_DIGEST_INFO_PREFIX + hashlib.sha256(message).digest()


def check_pin_format(pin: str) -> None:
    """Raise InvalidPinFormat unless ``pin`` is exactly four ASCII digits."""
    if len(pin) != PIN_LENGTH or not all("0" <= ch <= "9" for ch in pin):
        raise InvalidPinFormat()


def der_total_length(header: bytes) -> int:
    """Total length of a DER SEQUENCE from its first bytes (tag, length octets)."""
    if len(header) < 2 or header[0] != 0x30:
        raise CorruptCertificate("the certificate file does not start with a DER SEQUENCE")
    first = header[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    if count == 0 or count > 3:
        raise CorruptCertificate("unsupported DER length form in the certificate file")
    if len(header) < 2 + count:
        raise CorruptCertificate("the certificate header is truncated")
    return 2 + count + int.from_bytes(header[2 : 2 + count], "big")


def verify_signature(certificate: x509.Certificate, challenge: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is the certificate key's PKCS#1 v1.5 SHA-256 signature."""
    public_key = certificate.public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        return False
    try:
        public_key.verify(signature, challenge, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


class JpkiCard:
    """The JPKI applet over ``transmit``; see the module docstring for the safety rules."""

    def __init__(self, transmit: Transmit) -> None:
        self._transmit_raw = transmit
        self._selected_file: int | None = None
        self._applet_selected = False
        self.apdu_count = 0
        self.bytes_exchanged = 0

    # -- transport -----------------------------------------------------------------
    def _exchange(self, command: CommandApdu) -> ResponseApdu:
        raw = command.to_bytes()
        if log.isEnabledFor(TRAFFIC):
            log.log(TRAFFIC, "card >> %s", describe_for_log(raw))
        try:
            reply = self._transmit_raw(raw)
        except Exception:
            self._selected_file = None
            self._applet_selected = False
            raise
        self.apdu_count += 1
        self.bytes_exchanged += len(raw) + len(reply)
        if log.isEnabledFor(TRAFFIC):
            log.log(TRAFFIC, "card << %s", reply.hex(" "))
        return ResponseApdu.parse(reply)

    # -- selection -------------------------------------------------------------------
    def select_application(self, aid: bytes) -> None:
        """SELECT an applet; anything outside ``ALLOWED_AIDS`` is refused before sending."""
        if aid not in ALLOWED_AIDS:
            log.error("refused to select a card application outside the allow-list")
            raise ForbiddenApplet()
        self._selected_file = None
        response = self._exchange(apdus.select_application(aid))
        if response.sw != SW_OK:
            self._applet_selected = False
            if response.sw == 0x6A82:
                raise NotJpkiCard()
            raise error_for_status(response.sw, "applet selection")
        self._applet_selected = True

    def select(self) -> None:
        """Select the JPKI applet (NotJpkiCard if the card has none)."""
        self.select_application(JPKI_AID)

    def _select_file(self, fid: int) -> None:
        if not self._applet_selected:
            self.select()
        if self._selected_file == fid:
            return
        self._selected_file = None
        check(self._exchange(apdus.select_file(fid)), f"select file {fid:04X}")
        self._selected_file = fid

    def _read(self, offset: int, length: int) -> bytes:
        """READ BINARY of exactly ``length`` bytes at ``offset``, in chunks ≤ 256."""
        out = bytearray()
        while len(out) < length:
            chunk = min(MAX_READ_CHUNK, length - len(out))
            data = check(self._exchange(apdus.read_binary(offset + len(out), chunk)), "read")
            if not data:
                raise MalformedResponse("the card returned no data for READ BINARY")
            out += data[:chunk]
        return bytes(out)

    # -- files -----------------------------------------------------------------------
    def read_token(self) -> str:
        """The JPKI token (``JPKIAPICCTOKEN2`` on current cards), padding stripped."""
        self._select_file(EF_TOKEN)
        raw = self._read(0, TOKEN_LENGTH)
        return raw.rstrip(b" \x00").decode("ascii", errors="replace")

    def _read_certificate(self, fid: int) -> x509.Certificate:
        self._select_file(fid)
        header = self._read(0, 4)
        total = der_total_length(header)
        if total > MAX_CERTIFICATE_LENGTH:
            raise CorruptCertificate("the certificate file declares an implausible length")
        body = header[:total]
        if total > len(header):
            body += self._read(len(header), total - len(header))
        try:
            return x509.load_der_x509_certificate(body)
        except ValueError as error:
            raise CorruptCertificate("the certificate on the card cannot be parsed") from error

    def read_auth_certificate(self) -> x509.Certificate:
        """The user-authentication certificate (readable without PIN)."""
        return self._read_certificate(EF_AUTH_CERTIFICATE)

    def read_auth_ca_certificate(self) -> x509.Certificate:
        """The CA certificate that issued the authentication certificate."""
        return self._read_certificate(EF_AUTH_CA_CERTIFICATE)

    # -- PIN ---------------------------------------------------------------------------
    def pin_tries_left(self) -> int:
        """Tries left on the auth PIN, without consuming one (0 when locked)."""
        self._select_file(EF_AUTH_PIN)
        response = self._exchange(apdus.verify_status())
        tries = tries_from_sw(response.sw)
        if tries is not None:
            return tries
        if response.sw in (SW_AUTH_BLOCKED, SW_REFERENCE_BLOCKED):
            return 0
        # 90 00 would mean "already verified": the counter is not revealed, so say so.
        raise UnexpectedStatus(response.sw, "PIN tries query")

    def verify_pin(self, pin: str, *, allow_last_try: bool = False) -> None:
        """VERIFY the 4-digit auth PIN once; never retried.

        Checks the format first (nothing is sent for a malformed PIN), then asks
        the card for its tries: a locked card raises PinBlocked and one try left
        raises LastTryNeedsOverride unless ``allow_last_try``. A refused PIN
        raises WrongPin with the tries left.
        """
        check_pin_format(pin)
        tries = self.pin_tries_left()
        if tries == 0:
            raise PinBlocked()
        if tries == 1 and not allow_last_try:
            raise LastTryNeedsOverride()
        # The PIN lives only in this frame: never stored on self, never logged
        # (describe_for_log redacts VERIFY data).
        response = self._exchange(apdus.verify(pin.encode("ascii")))
        if response.sw == SW_OK:
            log.info("card PIN verified")
            return
        error = error_for_status(response.sw, "PIN verification")
        if isinstance(error, WrongPin):
            log.info("card refused the PIN (%d tries left)", error.tries_left)
        raise error

    # -- signing -----------------------------------------------------------------------
    def sign(self, challenge: bytes) -> bytes:
        """RSA PKCS#1 v1.5 signature of SHA-256(challenge) with the auth key (PIN verified)."""
        if not challenge:
            raise ValueError("an empty challenge cannot be signed")
        self._select_file(EF_AUTH_KEY)
        signature = check(
            self._exchange(apdus.compute_signature(digest_info_sha256(challenge))), "signing"
        )
        if not signature:
            raise MalformedResponse("the card returned an empty signature")
        return signature


__all__ = [
    "ALLOWED_AIDS",
    "CARD_INFO_AIDS",
    "JPKI_AID",
    "JpkiCard",
    "Transmit",
    "check_pin_format",
    "der_total_length",
    "digest_info_sha256",
    "verify_signature",
]
