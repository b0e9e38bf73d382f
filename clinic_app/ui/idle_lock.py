# mypy: allow-subclassing-any, allow-untyped-decorators
"""Locks the desk after a period without keyboard or mouse input.

Installed as an application-wide event filter; any key press, mouse press or
wheel event restarts the timer. Signals: ``locked()`` when the time runs out.
"""

from __future__ import annotations

from clinic_app.ui.qt import QEvent, QObject, QTimer, Signal

_ACTIVITY = (
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
)


class IdleLock(QObject):
    locked = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.locked.emit)

    @property
    def timeout_ms(self) -> int:
        return int(self._timer.interval())

    @property
    def active(self) -> bool:
        return bool(self._timer.isActive())

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def poke(self) -> None:
        """Input happened: restart the countdown (if running)."""
        if self._timer.isActive():
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.poke()
        return False
