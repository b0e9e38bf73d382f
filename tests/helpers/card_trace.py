"""Hex-trace fakes for the card layer (in the style of nfcpy's HEX/CMD/RSP helpers)."""

from __future__ import annotations


def HEX(text: str) -> bytes:
    return bytes.fromhex(text.replace(" ", ""))


class ScriptedTransmit:
    """A transmit callable that asserts each command against a script and replays replies."""

    def __init__(self, script: list[tuple[str, str]]) -> None:
        self.script = [(HEX(command), HEX(reply)) for command, reply in script]
        self.sent: list[bytes] = []

    def __call__(self, apdu: bytes) -> bytes:
        index = len(self.sent)
        self.sent.append(apdu)
        assert index < len(self.script), f"unexpected extra APDU {apdu.hex(' ')}"
        expected, reply = self.script[index]
        assert apdu == expected, (
            f"APDU #{index}: sent {apdu.hex(' ')}, expected {expected.hex(' ')}"
        )
        return reply

    @property
    def finished(self) -> bool:
        return len(self.sent) == len(self.script)


class RecordingTransmit:
    """Wraps a transmit callable and records every command and reply."""

    def __init__(self, transmit: object) -> None:
        self._transmit = transmit
        self.commands: list[bytes] = []
        self.replies: list[bytes] = []

    def __call__(self, apdu: bytes) -> bytes:
        self.commands.append(apdu)
        reply: bytes = self._transmit(apdu)  # type: ignore[operator]
        self.replies.append(reply)
        return reply
