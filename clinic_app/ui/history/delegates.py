"""A timeline bar for the by-drug table: continuous periods drawn across the window.

One glance shows which drugs overlap in time (the reason for the by-drug view);
the exact dates stay in the cell's tooltip and accessible text.
"""

# mypy: allow-subclassing-any

from __future__ import annotations

from datetime import date, timedelta

from clinic_app.core.medication_views import DrugRow
from clinic_app.ui.history.models import RECORD_ROLE, MedicationByDrugModel
from clinic_app.ui.qt import (
    QApplication,
    QBrush,
    QColor,
    QModelIndex,
    QPainter,
    QPen,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
)

TRACK = QColor("#e9eef4")
BAR = QColor("#3f7cc4")
BAR_ACTIVE = QColor("#1f5fa8")
MONTH_LINE = QColor("#ffffff")
TODAY_LINE = QColor("#b3261e")


def x_of(day: date, start: date, end: date, left: float, width: float) -> float:
    """Horizontal position of the start of ``day`` inside ``[start, end + 1 day)``."""
    span = (end - start).days + 1
    offset = min(max((day - start).days, 0), span)
    return left + width * offset / span


def month_starts(start: date, end: date) -> list[date]:
    days: list[date] = []
    year, month = start.year, start.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        first = date(year, month, 1)
        if first > end:
            return days
        days.append(first)


class PeriodBarDelegate(QStyledItemDelegate):
    """Paints a :class:`DrugRow`'s periods against the model's window."""

    def __init__(self, model: MedicationByDrugModel) -> None:
        super().__init__()
        self._model = model

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row = index.data(RECORD_ROLE)
        view = self._model.view
        if not isinstance(row, DrugRow) or view is None:
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawPrimitive(
            QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
        )
        start, end = view.window_start, view.window_end
        rect = QRectF(option.rect).adjusted(6, 7, -6, -7)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(TRACK))
        painter.drawRoundedRect(rect, 3, 3)
        colour = BAR_ACTIVE if row.active_on(end) else BAR
        painter.setBrush(QBrush(colour))
        for period in row.periods:
            if period.end < start or period.start > end:
                continue
            left = x_of(period.start, start, end, rect.left(), rect.width())
            right = x_of(period.end + timedelta(days=1), start, end, rect.left(), rect.width())
            painter.drawRoundedRect(
                QRectF(left, rect.top(), max(right - left, 2.0), rect.height()), 3, 3
            )
        painter.setPen(QPen(MONTH_LINE, 1))
        for first in month_starts(start, end):
            x = x_of(first, start, end, rect.left(), rect.width())
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
        painter.restore()
