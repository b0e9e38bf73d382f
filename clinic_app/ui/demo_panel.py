# mypy: allow-subclassing-any, allow-untyped-decorators
"""Demo only: the "cards on the desk" — synthetic people a tester can tap.

Each row is one made-up person from the sandbox population, by label (valid,
elderly, ● in the name, locked card, expired certificate, no match, no card…).
Activating a row taps that person's software card on the simulated reader, or,
for a person without a card, opens the numbers dialog filled with their
certificate numbers. Two switches make the sandbox service fail or answer
slowly, to show the offline banner and cancelling.

Signals: ``tapped(str)`` person key, ``removed()``, ``service_down(bool)``,
``service_slow(bool)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from clinic_app.ui.qt import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)


@dataclass(frozen=True, slots=True)
class DemoPerson:
    """What the panel lists (no data beyond the label reaches the desk from here)."""

    person_key: str
    label: str
    case: str
    has_card: bool


class CardsOnDeskPanel(QFrame):
    tapped = Signal(str)
    removed = Signal()
    service_down = Signal(bool)
    service_slow = Signal(bool)

    def __init__(self, people: Sequence[DemoPerson], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName(self.tr("Cards on the desk (demo)"))
        self._people = list(people)
        title = QLabel(self.tr("Cards on the desk (demo)"))
        title.setObjectName("title")
        hint = QLabel(
            self.tr(
                "Double-click or press Enter to tap a card on the reader. "
                "People without a card open the numbers form."
            )
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Synthetic people"))
        for person in self._people:
            item = QListWidgetItem(person.label)
            item.setData(Qt.ItemDataRole.UserRole, person.person_key)
            item.setToolTip(person.case)
            self.list.addItem(item)
        self.list.itemActivated.connect(self._activate)
        self.list.setCurrentRow(0)
        self.tap_button = QPushButton(self.tr("Tap car&d"))
        self.tap_button.setAccessibleName(self.tr("Tap the selected card"))
        self.tap_button.clicked.connect(self._tap_current)
        self.remove_button = QPushButton(self.tr("Take card o&ff"))
        self.remove_button.setAccessibleName(self.tr("Take the card off the reader"))
        self.remove_button.clicked.connect(self.removed.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.tap_button)
        buttons.addWidget(self.remove_button)
        self.down_check = QCheckBox(self.tr("Service down (training)"))
        self.down_check.setAccessibleName(self.down_check.text())
        self.down_check.toggled.connect(self.service_down.emit)
        self.slow_check = QCheckBox(self.tr("Service slow: 5 s (training)"))
        self.slow_check.setAccessibleName(self.slow_check.text())
        self.slow_check.toggled.connect(self.service_slow.emit)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.down_check)
        layout.addWidget(self.slow_check)

    def people(self) -> list[DemoPerson]:
        return list(self._people)

    def _activate(self, item: QListWidgetItem) -> None:
        self.tapped.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def _tap_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._activate(item)

    def tap(self, person_key: str) -> None:
        """Tap by key (tests and the benchmark)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == person_key:
                self.list.setCurrentRow(row)
                self._activate(item)
                return
        raise KeyError(person_key)
