"""Trend charts render with data, with gaps, with one point and with no usual range."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_app.core.checkup_reference import ITEMS_BY_KEY, ReferenceRange, TrendPoint
from clinic_app.ui.history.charts import TrendChart, TrendsPanel, value_range
from clinic_app.ui.history.delegates import month_starts, x_of
from clinic_app.ui.qt import QApplication, QColor, QImage

pytestmark = pytest.mark.ui

HBA1C = ITEMS_BY_KEY["hba1c"]
DAYS = [date(2021, 6, 1), date(2022, 6, 1), date(2023, 6, 1), date(2024, 6, 1), date(2025, 6, 1)]


def render(chart: TrendChart) -> QImage:
    chart.resize(360, 240)
    image = chart.grab().toImage()
    assert not image.isNull()
    assert image.width() >= 360
    return image


def colours(image: QImage) -> set[tuple[int, int, int]]:
    found = set()
    for x in range(0, image.width(), 3):
        for y in range(0, image.height(), 3):
            colour = QColor(image.pixel(x, y))
            found.add((colour.red(), colour.green(), colour.blue()))
    return found


def test_chart_with_full_data(qapp: QApplication) -> None:
    points = [
        TrendPoint(day, value) for day, value in zip(DAYS, [5.4, 5.6, 5.9, 6.1, 6.4], strict=True)
    ]
    chart = TrendChart(HBA1C, points, HBA1C.reference(None))
    assert len(chart.runs) == 1
    assert chart.runs[0].count() == 5
    assert chart.bridges == []
    assert chart.band is not None
    assert chart.normal_points.count() == 1  # only 5.4 is ≤ 5.5
    assert chart.out_points.count() == 4
    image = render(chart)
    assert len(colours(image)) > 20  # drawn, not a blank widget
    assert chart.chart().title() == "HbA1c(NGSP)（%）"


def test_chart_with_gaps(qapp: QApplication) -> None:
    values = [5.4, None, 5.9, None, None]
    points = [TrendPoint(day, value) for day, value in zip(DAYS, values, strict=True)]
    chart = TrendChart(HBA1C, points, HBA1C.reference(None))
    assert chart.runs == []  # no two consecutive measurements
    assert len(chart.bridges) == 1  # a dashed line across the missing checkup
    assert chart.bridges[0].count() == 2
    assert chart.normal_points.count() + chart.out_points.count() == 2
    render(chart)

    values = [5.4, 5.5, None, 6.0, 6.2]
    chart = TrendChart(HBA1C, [TrendPoint(d, v) for d, v in zip(DAYS, values, strict=True)], None)
    assert [series.count() for series in chart.runs] == [2, 2]
    assert len(chart.bridges) == 1
    assert chart.band is None  # no range given: no band
    render(chart)


def test_chart_with_one_point_and_with_nothing(qapp: QApplication) -> None:
    single = TrendChart(HBA1C, [TrendPoint(DAYS[0], 5.0)], HBA1C.reference(None))
    assert single.runs == [] and single.bridges == []
    render(single)
    empty = TrendChart(HBA1C, [TrendPoint(DAYS[0], None)], None)
    assert empty.normal_points.count() == 0
    render(empty)


def test_panel_builds_one_chart_per_main_item(qapp: QApplication) -> None:
    from clinic_app.core.checkup_reference import build_pivot
    from tests.helpers.history_fakes import sample_checkups

    panel = TrendsPanel()
    panel.set_pivot(build_pivot(sample_checkups(as_of=date(2025, 9, 1))))
    keys = [chart.definition.key for chart in panel.charts]
    assert keys[:3] == ["weight", "bmi", "waist"]
    assert "height" not in keys  # not a trend item
    tg = next(chart for chart in panel.charts if chart.definition.key == "tg")
    assert len(tg.bridges) == 1  # the sample lacks lipids one year
    panel.set_pivot(build_pivot([]))
    assert panel.charts == []
    assert panel._empty.isVisibleTo(panel)


def test_value_range_includes_the_band() -> None:
    low, high = value_range([140, 150], ReferenceRange(None, 129))
    assert low <= 129 - (high - low) * 0.2
    assert high > 150
    low, high = value_range([50, 55], ReferenceRange(40, None))
    assert low <= 40 and high >= 55
    assert value_range([], None) == (0.0, 1.0)
    low, high = value_range([5.0], None)
    assert low < 5.0 < high


def test_period_bar_geometry() -> None:
    start, end = date(2025, 3, 1), date(2025, 8, 31)
    assert x_of(start, start, end, 10, 184) == 10
    assert x_of(date(2025, 9, 1), start, end, 10, 184) == 194  # the day after the end
    assert x_of(date(2024, 1, 1), start, end, 10, 184) == 10  # clamped
    assert month_starts(start, end) == [date(2025, m, 1) for m in range(4, 9)]
    assert month_starts(date(2025, 12, 5), date(2026, 1, 31)) == [date(2026, 1, 1)]
