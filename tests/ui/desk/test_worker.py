"""The background-work mechanism: delivery on the GUI thread, failures, cancel."""

from __future__ import annotations

import threading

import pytest

from clinic_app.ui.qt import QApplication
from clinic_app.ui.worker import SynchronousExecutor, ThreadPoolExecutor, Worker

pytestmark = pytest.mark.ui


def test_synchronous_executor_delivers_success_immediately(qapp: QApplication) -> None:
    results: list[object] = []
    worker = Worker(SynchronousExecutor())
    task = worker.run(lambda: 41 + 1, on_success=results.append)
    assert results == [42]
    assert task.done
    assert not worker.busy


def test_failure_goes_to_failure_handler_not_success(qapp: QApplication) -> None:
    successes: list[object] = []
    failures: list[BaseException] = []

    def boom() -> int:
        raise ValueError("nope")

    Worker(SynchronousExecutor()).run(boom, on_success=successes.append, on_failure=failures.append)
    assert successes == []
    assert [type(f) for f in failures] == [ValueError]


def test_default_failure_handler_receives_unhandled_failures(qapp: QApplication) -> None:
    seen: list[BaseException] = []
    worker = Worker(SynchronousExecutor(), default_failure=seen.append)
    worker.run(lambda: 1 / 0)
    assert isinstance(seen[0], ZeroDivisionError)


def test_thread_pool_runs_off_gui_thread_and_delivers_on_it(qtbot, qapp: QApplication) -> None:
    gui_thread = threading.get_ident()
    ran_on: list[int] = []
    delivered_on: list[int] = []

    def work() -> str:
        ran_on.append(threading.get_ident())
        return "ok"

    worker = Worker(ThreadPoolExecutor(max_threads=1))
    task = worker.run(work, on_success=lambda _v: delivered_on.append(threading.get_ident()))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert ran_on and ran_on[0] != gui_thread
    assert delivered_on == [gui_thread]
    assert worker.shutdown(2000)


def test_cancel_drops_the_outcome_and_signals_the_callable(qtbot, qapp: QApplication) -> None:
    release = threading.Event()
    outcomes: list[str] = []
    cancel_seen: list[bool] = []
    event = threading.Event()

    def slow() -> str:
        release.wait(5)
        cancel_seen.append(event.is_set())
        return "late"

    worker = Worker(ThreadPoolExecutor(max_threads=1))
    task = worker.run(
        slow,
        on_success=outcomes.append,
        on_failure=lambda e: outcomes.append("failure"),
        on_cancelled=lambda: outcomes.append("cancelled"),
        cancel_event=event,
    )
    task.cancel()
    assert outcomes == ["cancelled"]
    assert task.cancelled
    release.set()
    assert worker.executor.shutdown(5000)
    qapp.processEvents()
    assert outcomes == ["cancelled"]
    assert cancel_seen == [True]


def test_shutdown_cancels_everything(qapp: QApplication) -> None:
    cancelled: list[int] = []
    gate = threading.Event()
    worker = Worker(ThreadPoolExecutor(max_threads=2))
    for i in range(2):
        worker.run(lambda: gate.wait(5), on_cancelled=lambda i=i: cancelled.append(i))
    worker.cancel_all()
    assert sorted(cancelled) == [0, 1]
    assert not worker.busy
    gate.set()
    assert worker.shutdown(5000)
