"""Fakes for reader tests: pyscard connections and nfcpy tags that fail on demand."""

from __future__ import annotations


class FakePyscardConnection:
    """Answers APDUs through a callable; ``fail`` makes transmit raise like a lost card."""

    def __init__(self, transmit: object) -> None:
        self._transmit = transmit
        self.fail = False
        self.disconnected = False

    def transmit(self, apdu: list[int]) -> tuple[list[int], int, int]:
        from smartcard.Exceptions import CardConnectionException

        if self.fail:
            raise CardConnectionException("card removed")
        reply: bytes = self._transmit(bytes(apdu))  # type: ignore[operator]
        return list(reply[:-2]), reply[-2], reply[-1]

    def getATR(self) -> list[int]:
        return [0x3B, 0x00]

    def disconnect(self) -> None:
        self.disconnected = True


class FakeType4Tag:
    """A stand-in for nfcpy's Type4Tag: ``transceive`` and ``is_present``."""

    def __init__(self, transmit: object) -> None:
        self._transmit = transmit
        self.fail = False
        self.present = True

    def transceive(self, data: bytearray) -> bytearray:
        import nfc.tag

        if self.fail:
            raise nfc.tag.TagCommandError(nfc.tag.TIMEOUT_ERROR)
        return bytearray(self._transmit(bytes(data)))  # type: ignore[operator]

    @property
    def is_present(self) -> bool:
        return self.present
