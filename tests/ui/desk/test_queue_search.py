"""Today's queue model and its search: kana in any width, 西暦/和暦 birth dates, patient ID."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from clinic_app.core.errors import InvalidInput
from clinic_app.core.patient import Sex
from clinic_app.services.ports import EstablishedBy, PatientRecord, VisitRecord, VisitStatus
from clinic_app.services.queue import QueueEntry
from clinic_app.ui.birthdate import parse_birthdate
from clinic_app.ui.qt import QApplication, Qt
from clinic_app.ui.queue_model import COL_RECHECK, QueueFilterProxy, QueueTableModel

pytestmark = pytest.mark.ui


def _entry(pid: str, name: str, kana: str, born: date, minute: int, recheck: bool) -> QueueEntry:
    visit = VisitRecord(
        visit_id=f"v{pid}", patient_id=pid, visit_date=date(2026, 4, 1),
        arrived_at=datetime(2026, 4, 1, 9, minute), status=VisitStatus.WAITING,
        established_by=EstablishedBy.NUMBERS if recheck else EstablishedBy.CARD_PIN,
        needs_recheck=recheck, reason="service_down" if recheck else None,
    )  # fmt: skip
    return QueueEntry(visit, PatientRecord(pid, name, kana, born, Sex.FEMALE))


@pytest.fixture
def proxy(qapp: QApplication) -> QueueFilterProxy:
    model = QueueTableModel()
    model.set_entries(
        [
            _entry("000101", "山田 花子", "ﾔﾏﾀﾞ ﾊﾅｺ", date(1950, 4, 1), 5, False),
            _entry("000102", "山本 一郎", "ヤマモト イチロウ", date(1989, 1, 8), 7, True),
            _entry("000203", "佐藤 優", "さとう ゆう", date(2001, 12, 3), 9, False),
        ]
    )
    proxy = QueueFilterProxy()
    proxy.setSourceModel(model)
    proxy.model_ref = model  # keep the source alive with the proxy
    return proxy


def _ids(proxy: QueueFilterProxy) -> list[str]:
    return [proxy.index(row, 1).data() for row in range(proxy.rowCount())]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("やま", ["000101", "000102"]),
        ("ﾔﾏﾓﾄ", ["000102"]),  # half-width katakana
        ("ヤマダ　ハナコ", ["000101"]),  # full-width, ideographic space
        ("サトウ", ["000203"]),
        ("S25.4.1", ["000101"]),  # 和暦 initial
        ("昭和25年4月1日", ["000101"]),
        ("平成元年1月8日", ["000102"]),
        ("1950/4/1", ["000101"]),
        ("000203", ["000203"]),
        ("", ["000101", "000102", "000203"]),
    ],
)
def test_search(proxy: QueueFilterProxy, text: str, expected: list[str]) -> None:
    proxy.set_search(text)
    assert _ids(proxy) == expected


def test_recheck_flag_and_sorting(proxy: QueueFilterProxy) -> None:
    model = proxy.model_ref
    assert model.index(1, COL_RECHECK).data()
    assert model.index(0, COL_RECHECK).data() == ""
    assert model.index(1, COL_RECHECK).data(Qt.ItemDataRole.ToolTipRole) == "service_down"
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    assert _ids(proxy) == ["000203", "000102", "000101"]


def test_birthdate_parser_refuses_nonsense() -> None:
    assert parse_birthdate("R1.5.1") == date(2019, 5, 1)
    with pytest.raises(InvalidInput):
        parse_birthdate("H31.13.1")
    with pytest.raises(InvalidInput):
        parse_birthdate("2999-01-01")  # in the future
    assert parse_birthdate("やまだ", strict=False) is None
