"""Short ISO 7816-4 APDUs: pure builders and parsers, tested from hex.

Only short APDUs exist here (Lc ≤ 255, Le ≤ 256) because the My Number card and
most contactless readers accept nothing else.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from clinic_app.card.errors import MalformedResponse

#: Raw card traffic is logged at this level, below DEBUG (as python-fido2 does).
TRAFFIC = 5
logging.addLevelName(TRAFFIC, "TRAFFIC")

INS_SELECT = 0xA4
INS_READ_BINARY = 0xB0
INS_VERIFY = 0x20
INS_SIGN = 0x2A

SW_OK = 0x9000


@dataclass(frozen=True)
class CommandApdu:
    """One command; ``le`` is None when no response data is expected (256 is encoded 00)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    def __post_init__(self) -> None:
        for name in ("cla", "ins", "p1", "p2"):
            if not 0 <= getattr(self, name) <= 0xFF:
                raise ValueError(f"{name} out of range")
        if len(self.data) > 255:
            raise ValueError("command data longer than a short APDU allows")
        if self.le is not None and not 1 <= self.le <= 256:
            raise ValueError("Le must be 1..256")

    def to_bytes(self) -> bytes:
        out = bytes([self.cla, self.ins, self.p1, self.p2])
        if self.data:
            out += bytes([len(self.data)]) + self.data
        if self.le is not None:
            out += bytes([self.le & 0xFF])
        return out

    @classmethod
    def parse(cls, raw: bytes) -> CommandApdu:
        """Decode a short command APDU (cases 1-4); raises ValueError if malformed."""
        if len(raw) < 4:
            raise ValueError("APDU shorter than its header")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0] or 256)
        lc = body[0]
        if lc == 0:
            raise ValueError("extended APDUs are not supported")
        if len(body) == 1 + lc:
            return cls(cla, ins, p1, p2, data=bytes(body[1:]))
        if len(body) == 2 + lc:
            return cls(cla, ins, p1, p2, data=bytes(body[1:-1]), le=body[-1] or 256)
        raise ValueError("APDU length does not match Lc")


@dataclass(frozen=True)
class ResponseApdu:
    """Response data and the status word."""

    data: bytes
    sw: int

    @property
    def sw1(self) -> int:
        return self.sw >> 8

    @property
    def sw2(self) -> int:
        return self.sw & 0xFF

    @property
    def ok(self) -> bool:
        return self.sw == SW_OK

    def to_bytes(self) -> bytes:
        return self.data + self.sw.to_bytes(2, "big")

    @classmethod
    def parse(cls, raw: bytes) -> ResponseApdu:
        if len(raw) < 2:
            raise MalformedResponse("card response shorter than a status word")
        return cls(bytes(raw[:-2]), int.from_bytes(raw[-2:], "big"))


def select_application(aid: bytes) -> CommandApdu:
    """SELECT by DF name, no FCI returned: ``00 A4 04 0C Lc AID``."""
    if not 5 <= len(aid) <= 16:
        raise ValueError("an AID has 5 to 16 bytes")
    return CommandApdu(0x00, INS_SELECT, 0x04, 0x0C, aid)


def select_file(fid: int) -> CommandApdu:
    """SELECT EF by file identifier: ``00 A4 02 0C 02 FID``."""
    if not 0 <= fid <= 0xFFFF:
        raise ValueError("a file identifier has 2 bytes")
    return CommandApdu(0x00, INS_SELECT, 0x02, 0x0C, fid.to_bytes(2, "big"))


def read_binary(offset: int, length: int) -> CommandApdu:
    """READ BINARY of the selected EF: ``00 B0 <off hi> <off lo> <Le>``."""
    if not 0 <= offset <= 0x7FFF:
        raise ValueError("READ BINARY offset must fit 15 bits")
    return CommandApdu(0x00, INS_READ_BINARY, offset >> 8, offset & 0xFF, le=length)


def verify_status() -> CommandApdu:
    """VERIFY without data: asks the tries left and consumes none: ``00 20 00 80``."""
    return CommandApdu(0x00, INS_VERIFY, 0x00, 0x80)


def verify(pin: bytes) -> CommandApdu:
    """VERIFY with the PIN as ASCII: ``00 20 00 80 Lc PIN``."""
    if not pin:
        raise ValueError("VERIFY with data needs a PIN")
    return CommandApdu(0x00, INS_VERIFY, 0x00, 0x80, pin)


def compute_signature(digest_info: bytes) -> CommandApdu:
    """JPKI COMPUTE DIGITAL SIGNATURE: ``80 2A 00 80 Lc DigestInfo 00``."""
    return CommandApdu(0x80, INS_SIGN, 0x00, 0x80, digest_info, le=256)


def describe_for_log(apdu: bytes) -> str:
    """Hex of an APDU for the traffic log, with any VERIFY data (a PIN) redacted."""
    if len(apdu) > 5 and apdu[1] == INS_VERIFY:
        return apdu[:5].hex(" ") + " <redacted>"
    return apdu.hex(" ")
