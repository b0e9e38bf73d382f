# mypy: allow-subclassing-any
"""Trend charts of the main checkup items (QtCharts), usual range shaded.

Gaps: a checkup without the item leaves no point. The measured points either side of
a gap are joined by a thin dashed line, so the trend stays readable while the missing
measurement is visible; unbroken runs are solid. Values outside the usual range are
drawn in red and labelled.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, timedelta

from clinic_app.core.checkup_reference import (
    CheckupPivot,
    ItemDefinition,
    ReferenceRange,
    TrendPoint,
    trend_keys,
    trend_series,
)
from clinic_app.ui.history.texts import tr
from clinic_app.ui.qt import (
    QAbstractSeries,
    QAreaSeries,
    QBrush,
    QChart,
    QChartView,
    QColor,
    QDate,
    QDateTime,
    QDateTimeAxis,
    QFont,
    QFrame,
    QGridLayout,
    QLabel,
    QLineSeries,
    QMargins,
    QPainter,
    QPen,
    QScatterSeries,
    QScrollArea,
    QSize,
    Qt,
    QTime,
    QValueAxis,
    QVBoxLayout,
    QWidget,
)

LINE_COLOUR = QColor("#1f5fa8")
BAND_COLOUR = QColor(76, 175, 106, 55)
BAND_EDGE = QColor(76, 175, 106, 140)
OUT_COLOUR = QColor("#c62828")
GAP_COLOUR = QColor("#8a96a3")


def _msecs(day: date) -> float:
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0)).toMSecsSinceEpoch())


def _runs(points: Sequence[TrendPoint]) -> list[list[TrendPoint]]:
    """Consecutive measured points; a ``None`` value ends a run."""
    runs: list[list[TrendPoint]] = []
    current: list[TrendPoint] = []
    for point in points:
        if point.value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(point)
    if current:
        runs.append(current)
    return runs


def value_range(values: Sequence[float], reference: ReferenceRange | None) -> tuple[float, float]:
    """Y axis range covering the values and the finite band edges, with 12 % headroom."""
    candidates = list(values)
    if reference is not None:
        candidates += [bound for bound in (reference.low, reference.high) if bound is not None]
    if not candidates:
        return 0.0, 1.0
    low, high = min(candidates), max(candidates)
    span = high - low or max(abs(high) * 0.1, 1.0)
    low -= span * 0.12
    high += span * 0.12
    # A one-sided range ("≤ 129") is shaded from the axis edge: keep at least a
    # fifth of the plot for it, so the band reads as a band and not as a hairline.
    if reference is not None and reference.low is None and reference.high is not None:
        low = min(low, reference.high - (high - low) * 0.25)
    if reference is not None and reference.high is None and reference.low is not None:
        high = max(high, reference.low + (high - low) * 0.25)
    if min(candidates) >= 0 > low:
        low = 0.0
    return low, high


class TrendChart(QChartView):
    """One item over time. Exposes its series for tests: ``runs``, ``bridges``, ``band``."""

    def __init__(
        self,
        definition: ItemDefinition,
        points: Sequence[TrendPoint],
        reference: ReferenceRange | None,
        parent: QWidget | None = None,
    ) -> None:
        chart = QChart()
        super().__init__(chart, parent)
        self.definition = definition
        self.points = list(points)
        self.runs: list[QLineSeries] = []
        self.bridges: list[QLineSeries] = []
        self.band: QAreaSeries | None = None
        self._band_edges: tuple[QLineSeries, QLineSeries] | None = None
        self.normal_points = QScatterSeries()
        self.out_points = QScatterSeries()

        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(QSize(320, 210))
        self.setAccessibleName(tr("Trend of {item}").format(item=definition.name))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().hide()
        chart.setMargins(QMargins(4, 2, 6, 2))
        chart.setBackgroundRoundness(4)
        title_font = QFont()
        title_font.setBold(True)
        title_font.setPointSizeF(10.5)
        chart.setTitleFont(title_font)
        unit = f"（{definition.unit}）" if definition.unit else ""
        chart.setTitle(f"{definition.name}{unit}")

        measured = [p for p in self.points if p.value is not None]
        days = [p.day for p in self.points] or [date.today()]
        first, last = min(days), max(days)
        pad = timedelta(days=max(30, (last - first).days // 12))
        x_min, x_max = _msecs(first - pad), _msecs(last + pad)
        y_min, y_max = value_range([p.value for p in measured if p.value is not None], reference)

        axis_x = QDateTimeAxis()
        axis_x.setFormat("yyyy/MM")
        axis_x.setTickCount(min(max(len(days), 2), 6))
        axis_x.setRange(
            QDateTime.fromMSecsSinceEpoch(int(x_min)), QDateTime.fromMSecsSinceEpoch(int(x_max))
        )
        axis_y = QValueAxis()
        axis_y.setRange(y_min, y_max)
        axis_y.setTickCount(5)
        axis_y.applyNiceNumbers()
        y_min, y_max = axis_y.min(), axis_y.max()
        axis_y.setLabelFormat(f"%.{min(definition.decimals, 1)}f")
        small = QFont()
        small.setPointSizeF(8.5)
        axis_x.setLabelsFont(small)
        axis_y.setLabelsFont(small)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)

        if reference is not None and (reference.low is not None or reference.high is not None):
            upper = QLineSeries()
            lower = QLineSeries()
            top = reference.high if reference.high is not None else y_max
            bottom = reference.low if reference.low is not None else y_min
            for x in (x_min, x_max):
                upper.append(x, top)
                lower.append(x, bottom)
            # QAreaSeries does not own its edge series: keep them alive with the chart.
            self._band_edges = (upper, lower)
            band = QAreaSeries(upper, lower)
            band.setBrush(QBrush(BAND_COLOUR))
            band.setPen(QPen(BAND_EDGE, 1, Qt.PenStyle.DashLine))
            band.setName(tr("Usual range"))
            self._attach(chart, band, axis_x, axis_y)
            self.band = band

        runs = _runs(self.points)
        for before, after in itertools.pairwise(runs):
            bridge = QLineSeries()
            bridge.append(_msecs(before[-1].day), float(before[-1].value or 0.0))
            bridge.append(_msecs(after[0].day), float(after[0].value or 0.0))
            bridge.setPen(QPen(GAP_COLOUR, 1.4, Qt.PenStyle.DashLine))
            self._attach(chart, bridge, axis_x, axis_y)
            self.bridges.append(bridge)
        for run in runs:
            if len(run) < 2:
                continue
            series = QLineSeries()
            for point in run:
                series.append(_msecs(point.day), float(point.value or 0.0))
            series.setPen(QPen(LINE_COLOUR, 2.2))
            self._attach(chart, series, axis_x, axis_y)
            self.runs.append(series)

        for scatter, colour in ((self.normal_points, LINE_COLOUR), (self.out_points, OUT_COLOUR)):
            scatter.setMarkerSize(9)
            scatter.setColor(colour)
            scatter.setBorderColor(QColor("#ffffff"))
            scatter.setPointLabelsVisible(True)
            scatter.setPointLabelsColor(colour)
            scatter.setPointLabelsFormat("@yPoint")
            scatter.setPointLabelsClipping(False)
            scatter.setPointLabelsFont(small)
        for point in measured:
            value = float(point.value or 0.0)
            target = self.normal_points
            if reference is not None and reference.flag(value).value in ("high", "low"):
                target = self.out_points
            target.append(_msecs(point.day), value)
        self._attach(chart, self.normal_points, axis_x, axis_y)
        self._attach(chart, self.out_points, axis_x, axis_y)

    @staticmethod
    def _attach(
        chart: QChart, series: QAbstractSeries, axis_x: QDateTimeAxis, axis_y: QValueAxis
    ) -> None:
        chart.addSeries(series)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)


class TrendsPanel(QScrollArea):
    """A grid of :class:`TrendChart` for the main items present in the history."""

    COLUMNS = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(tr("Checkup trends"))
        self.charts: list[TrendChart] = []
        self._empty = QLabel(tr("No checkup results to chart."))
        self._empty.setObjectName("hint")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._host = QWidget()
        self._grid = QGridLayout(self._host)
        self._grid.setSpacing(10)
        self._grid.setContentsMargins(4, 4, 4, 4)
        outer = QWidget()
        layout = QVBoxLayout(outer)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._empty)
        layout.addWidget(self._host)
        layout.addStretch(1)
        self.setWidget(outer)
        self._empty.setVisible(True)

    def set_pivot(self, pivot: CheckupPivot) -> None:
        for chart in self.charts:
            self._grid.removeWidget(chart)
            chart.deleteLater()
        self.charts = []
        for index, key in enumerate(trend_keys(pivot)):
            row = pivot.row(key)
            if row is None or row.definition is None:
                continue
            chart = TrendChart(row.definition, trend_series(pivot, key), row.reference)
            self._grid.addWidget(chart, index // self.COLUMNS, index % self.COLUMNS)
            self.charts.append(chart)
        self._empty.setVisible(not self.charts)
