# mypy: allow-subclassing-any, allow-untyped-decorators
"""The one mechanism for slow work (STYLE.md items 10, 11).

``Worker.run(fn, on_success=..., on_failure=...)`` runs ``fn`` through an
executor and delivers its return value or exception back on the GUI thread.
Card reads, eligibility queries and database sessions all go through here, so
the window stays responsive and every slow step can be cancelled.

Cancelling sets the task's ``cancel_event`` (the callable may watch it to stop
early) and guarantees that neither callback runs afterwards; ``on_cancelled``
runs at once instead. Tests pass :class:`SynchronousExecutor`, which runs the
callable inside ``run`` and delivers directly, so they need no sleeps.

Signals of :class:`Task`: ``finished()`` once, after the outcome was delivered
or the task was cancelled.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

from clinic_app.ui.qt import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class Executor(Protocol):
    """Runs a job somewhere; the job never raises (Task catches everything)."""

    def submit(self, job: Callable[[], None]) -> None: ...

    def shutdown(self, timeout_ms: int) -> bool: ...


class _Runnable(QRunnable):
    def __init__(self, job: Callable[[], None]) -> None:
        super().__init__()
        self._job = job
        self.setAutoDelete(True)

    def run(self) -> None:
        self._job()


class ThreadPoolExecutor:
    """Production executor: a private ``QThreadPool`` (never the GUI thread)."""

    def __init__(self, max_threads: int = 4) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(max_threads)

    def submit(self, job: Callable[[], None]) -> None:
        self._pool.start(_Runnable(job))

    def shutdown(self, timeout_ms: int) -> bool:
        """Wait for running jobs (bounded); True when all finished."""
        return bool(self._pool.waitForDone(timeout_ms))


class SynchronousExecutor:
    """Test executor: runs the job on the calling thread, immediately."""

    def __init__(self) -> None:
        self.jobs_run = 0

    def submit(self, job: Callable[[], None]) -> None:
        self.jobs_run += 1
        job()

    def shutdown(self, timeout_ms: int) -> bool:
        return True


class Task(QObject):
    """One piece of background work and its delivery back to the GUI thread."""

    finished = Signal()
    _outcome_ready = Signal(object, object)  # (value, exception)

    def __init__(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], object],
        on_failure: Callable[[BaseException], object],
        on_cancelled: Callable[[], object] | None,
        cancel_event: threading.Event | None,
    ) -> None:
        super().__init__()
        self._fn = fn
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_cancelled = on_cancelled
        self.cancel_event = cancel_event or threading.Event()
        self._done = False
        # AutoConnection: direct when emitted on the GUI thread (synchronous
        # executor), queued when emitted from a pool thread.
        self._outcome_ready.connect(self._deliver)

    @property
    def done(self) -> bool:
        return self._done

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def cancel(self) -> None:
        """Stop waiting for this work; callbacks other than on_cancelled never run."""
        if self._done or self.cancel_event.is_set():
            return
        self.cancel_event.set()
        self._done = True
        if self._on_cancelled is not None:
            self._on_cancelled()
        self.finished.emit()

    def _execute(self) -> None:
        """Runs on the executor's thread."""
        try:
            value = self._fn()
        except BaseException as exc:
            self._outcome_ready.emit(None, exc)
        else:
            self._outcome_ready.emit(value, None)

    @Slot(object, object)
    def _deliver(self, value: object, error: object) -> None:
        if self._done:
            return  # cancelled meanwhile: drop the outcome
        self._done = True
        try:
            if isinstance(error, BaseException):
                self._on_failure(error)
            else:
                self._on_success(value)
        finally:
            self.finished.emit()


def _log_failure(error: BaseException) -> None:
    log.error("background task failed: %s", type(error).__name__)


class Worker:
    """Runs callables off the GUI thread; one instance per application.

    ``default_failure`` receives failures of tasks that gave no ``on_failure``
    (the app passes its error presenter).
    """

    def __init__(
        self,
        executor: Executor | None = None,
        default_failure: Callable[[BaseException], object] = _log_failure,
    ) -> None:
        self.executor: Executor = executor or ThreadPoolExecutor()
        self.default_failure = default_failure
        self._active: set[Task] = set()

    def run(
        self,
        fn: Callable[[], Any],
        *,
        on_success: Callable[[Any], object] | None = None,
        on_failure: Callable[[BaseException], object] | None = None,
        on_cancelled: Callable[[], object] | None = None,
        cancel_event: threading.Event | None = None,
    ) -> Task:
        """Start ``fn``; exactly one of the callbacks runs later on the GUI thread."""
        task = Task(
            fn,
            on_success or (lambda _value: None),
            on_failure or self.default_failure,
            on_cancelled,
            cancel_event,
        )
        self._active.add(task)
        task.finished.connect(lambda: self._active.discard(task))
        self.executor.submit(task._execute)
        return task

    @property
    def busy(self) -> bool:
        return bool(self._active)

    def cancel_all(self) -> None:
        for task in list(self._active):
            task.cancel()

    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Cancel everything and wait (bounded) for running callables to return."""
        self.cancel_all()
        return self.executor.shutdown(timeout_ms)
