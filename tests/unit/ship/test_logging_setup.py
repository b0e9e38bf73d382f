"""Log files: rotation, TRAFFIC below DEBUG, redaction of anything that looks personal."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from clinic_app.logging_setup import (
    REDACTED,
    TRAFFIC,
    RedactingFilter,
    configure_logging,
    level_from_env,
    log_files,
    redact,
    shutdown_logging,
)


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    yield folder
    shutdown_logging()


@pytest.mark.parametrize(
    "personal",
    [
        "1234",  # a PIN
        "123456789012",  # a My Number
        "06132013",  # an insurer number
        "1234567",  # an insured id number
        "12 34 56 78",
        "1980-04-01",
        "1980/4/1",
        "1980年4月1日",
        "S55.4.1",
        "山田 太郎",
        "ﾔﾏﾀﾞ ﾀﾛｳ",
        "やまだ",
        "●田",
        "髙橋德",
        "東京都千代田区",
        "１２３４",
    ],
)
def test_personal_looking_text_is_redacted(personal: str) -> None:
    out = redact(f"before {personal} after")
    assert personal not in out
    assert REDACTED in out
    assert out.startswith("before ") and out.endswith(" after")


@pytest.mark.parametrize("encoding", ["utf-8", "shift_jis", "cp932"])
def test_names_logged_as_raw_bytes_are_redacted(encoding: str) -> None:
    name = "長谷川　翔太 ﾊｾｶﾞﾜ ｼｮｳﾀ"
    logged = f"XML in: {name.encode(encoding)!r}"
    out = redact(logged)
    assert REDACTED in out
    assert "\\x" not in out, out


def test_json_escaped_names_are_redacted_ascii_escapes_kept() -> None:
    assert redact('name="\\u9577\\u8c37\\u5ddd"') == f'name="{REDACTED}"'
    assert redact("ctrl \\u0007 and \\x00\\x01") == "ctrl \\u0007 and \\x00\\x01"


@pytest.mark.parametrize(
    "kept",
    [
        "visit_id=12345 code=wrong_pin",
        "patient_id=4711",
        "listening on port 55432",
        'File "/x.py", line 1234, in f',
        "status 200 after 3 attempts",
        "tries_left=2",
    ],
)
def test_ids_and_codes_stay(kept: str) -> None:
    assert redact(kept) == kept


def test_traffic_is_below_debug_and_named() -> None:
    assert TRAFFIC == 5 < logging.DEBUG
    assert logging.getLevelName(TRAFFIC) == "TRAFFIC"


def test_files_are_owner_only_redacted_and_hold_traffic_only_when_asked(log_dir: Path) -> None:
    path = configure_logging(logging.INFO, directory=log_dir)
    assert path.parent == log_dir
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    log = logging.getLogger("clinic_app.test")
    log.info("checked visit_id=%d pin=%s name=%s", 7, "1234", "山田")
    log.log(TRAFFIC, "APDU 00200080043132333400")
    try:
        raise ValueError("birth 1980-04-01 for ﾔﾏﾀﾞ")
    except ValueError:
        log.exception("failed code=%s", "boom")
    text = path.read_text(encoding="utf-8")
    assert "visit_id=7" in text and "code=boom" in text
    assert f"pin={REDACTED}" in text
    for secret in ("山田", "ﾔﾏﾀﾞ", "1980-04-01"):
        assert secret not in text
    assert "APDU" not in text  # TRAFFIC is not written at INFO
    assert "Traceback" in text  # the stack is kept, redacted

    configure_logging(TRAFFIC, directory=log_dir)  # idempotent: replaces our handler
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_madoguchi_handler", False)]
    assert len(ours) == 1
    log.log(TRAFFIC, "APDU 00200080043132333400")
    assert "APDU" in path.read_text(encoding="utf-8")


def test_rotation_keeps_generations(log_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("clinic_app.logging_setup.MAX_BYTES", 2000)
    configure_logging(logging.INFO, directory=log_dir)
    log = logging.getLogger("clinic_app.test")
    for index in range(200):
        log.info("line of filler visit_id=%d %s", index, "x" * 40)
    files = log_files(log_dir)
    assert 2 <= len(files) <= 6
    assert all(f.stat().st_size <= 2200 for f in files)


def test_unformattable_arguments_do_not_crash() -> None:
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "two %s %s", ("ﾔﾏﾀﾞ",), None)
    assert RedactingFilter().filter(record) is True
    assert "unformattable" in record.getMessage()
    assert "ﾔﾏﾀﾞ" not in record.getMessage()


def test_level_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MADOGUCHI_LOG_LEVEL", "traffic")
    assert level_from_env() == TRAFFIC
    monkeypatch.setenv("MADOGUCHI_LOG_LEVEL", "debug")
    assert level_from_env() == logging.DEBUG
    monkeypatch.setenv("MADOGUCHI_LOG_LEVEL", "nonsense")
    assert level_from_env() == logging.INFO
