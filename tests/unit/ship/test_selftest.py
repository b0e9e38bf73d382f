"""The self-test: one line per check, exit 0 only if all pass, clear reasons on failure."""

from __future__ import annotations

import io
import os
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from clinic_app import selftest
from clinic_app.selftest import CheckFailed, SelftestContext, run_check, run_selftest


def ok_check(ctx: SelftestContext) -> str:
    return "fine"


def failing_check(ctx: SelftestContext) -> str:
    raise CheckFailed("install the thing")


def crashing_check(ctx: SelftestContext) -> str:
    raise ZeroDivisionError("boom")


def missing_component(ctx: SelftestContext) -> str:
    import clinic_app.no_such_module  # type: ignore[import-not-found]  # noqa: F401

    return "unreachable"


def test_one_line_per_check_and_failures_do_not_stop_the_run() -> None:
    out = io.StringIO()
    results = run_selftest(
        (("a", ok_check), ("b", failing_check), ("c", crashing_check), ("d", missing_component)),
        out=out,
    )
    lines = out.getvalue().splitlines()
    assert lines == [r.line() for r in results]
    assert lines[0] == "PASS a: fine"
    assert lines[1] == "FAIL b: install the thing"
    assert lines[2].startswith("FAIL c: ZeroDivisionError: boom at test_selftest.py:")
    assert lines[3].startswith("FAIL d: a component is missing from the installation")
    assert "Traceback" not in out.getvalue()


def test_main_exit_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(selftest, "CHECKS", (("a", ok_check), ("b", ok_check)))
    assert selftest.main(["--selftest"]) == 0
    assert capsys.readouterr().out.splitlines() == ["PASS a: fine", "PASS b: fine"]
    monkeypatch.setattr(selftest, "CHECKS", (("a", ok_check), ("b", failing_check)))
    assert selftest.main(["--selftest"]) == 1
    assert selftest.main(["--selftest", "--only", "a"]) == 0


def test_profile_is_isolated_and_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MADOGUCHI_HOME", "/clinic/profile")
    seen: list[str] = []

    def record(ctx: SelftestContext) -> str:
        seen.append(os.environ["MADOGUCHI_HOME"])
        assert ctx.scratch.is_dir()
        return "ok"

    run_selftest((("x", record),), out=io.StringIO())
    assert seen and seen[0] != "/clinic/profile"
    assert os.environ["MADOGUCHI_HOME"] == "/clinic/profile"


def test_keyring_round_trip_and_clear_message_without_one(tmp_path: Path) -> None:
    ctx = SelftestContext(scratch=tmp_path)
    assert "round trip" in selftest.check_keyring(ctx)
    keyring.set_keyring(FailKeyring())
    result = run_check("keyring", selftest.check_keyring, ctx)
    assert not result.passed
    assert "No usable OS keyring" in result.detail
    assert "gnome-keyring" in result.detail or "Credential Manager" in result.detail


def test_database_check_migrates_a_temporary_database(tmp_path: Path) -> None:
    detail = selftest.check_database(SelftestContext(scratch=tmp_path))
    assert "migrated to" in detail and "verified" in detail
    assert (tmp_path / "selftest.sqlite3").exists()


def test_readers_check_lists_every_backend(tmp_path: Path) -> None:
    detail = selftest.check_readers(SelftestContext(scratch=tmp_path))
    assert "pcsc:" in detail and "nfc:" in detail and "sim: ready" in detail


@pytest.mark.ui
def test_window_and_resources_checks(tmp_path: Path) -> None:
    ctx = SelftestContext(scratch=tmp_path)
    assert "offscreen" in selftest.check_window(ctx)
    assert "translations" in selftest.check_resources(ctx)


@pytest.mark.integration
def test_sandbox_checkin_creates_a_visit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MADOGUCHI_HOME", str(tmp_path / "home"))
    detail = selftest.check_sandbox_checkin(SelftestContext(scratch=tmp_path))
    assert "created visit_id=" in detail
