"""Qt names the history view needs beyond :mod:`clinic_app.ui.qt`.

QtCharts (trends), QtPrintSupport (print) and a few QtGui/QtCore classes that the
shared shim does not export yet. Kept in this one module so they can be folded into
``clinic_app/ui/qt.py`` (owned by the UI shell) without touching the rest of
``ui/history``.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QAreaSeries,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QMargins, QMarginsF, QPointF, QRect, QRectF, QTime
from PySide6.QtGui import (
    QBrush,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QPen,
    QShowEvent,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QStyle, QStyledItemDelegate, QStyleOptionViewItem

__all__ = [
    "QAreaSeries",
    "QBrush",
    "QChart",
    "QChartView",
    "QDate",
    "QDateTime",
    "QDateTimeAxis",
    "QFileDialog",
    "QGuiApplication",
    "QLineSeries",
    "QMargins",
    "QMarginsF",
    "QPageLayout",
    "QPageSize",
    "QPdfWriter",
    "QPen",
    "QPointF",
    "QPrintDialog",
    "QPrinter",
    "QRect",
    "QRectF",
    "QScatterSeries",
    "QShowEvent",
    "QStyle",
    "QStyleOptionViewItem",
    "QStyledItemDelegate",
    "QTextDocument",
    "QTime",
    "QValueAxis",
]
