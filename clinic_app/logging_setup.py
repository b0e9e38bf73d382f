"""Logging for the app: rotating files, a TRAFFIC level, and redaction as defence in depth.

Code logs ids and codes only (``visit_id=42 code=wrong_pin``). Raw APDU/XML traffic
goes to ``TRAFFIC`` (5, below DEBUG) and never reaches files unless IT staff ask
for it. Every handler installed here also runs ``RedactingFilter``, which blanks
anything that still looks like personal data — PIN-like 4-digit runs, 12-digit
numbers, insurance numbers and dates, and Japanese text (names, kana, addresses):
our messages are English, so Japanese text in a log line is patient data or a
service message we must not keep.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

from clinic_app import paths

#: Raw traffic (APDUs, XML). python-fido2 uses the same level number.
TRAFFIC = 5
logging.addLevelName(TRAFFIC, "TRAFFIC")

LOG_FILE_NAME = "madoguchi.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 5
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
REDACTED = "[redacted]"

#: Digit runs of 4+ right after one of these words are ids and codes, kept as they are.
_SAFE_PREFIX = re.compile(
    r"\b(?:(?:visit|patient|staff|check|audit|row|request|file|session|record|appointment"
    r"|user|job|thread)_?id|id|code|port|pid|status|line|count|size|bytes|ms|version|attempt"
    r"|tries|seconds|limit|rows|generation)s?\s*[=:]?\s*$",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"(?<![0-9])(?:1[89]|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?(?![0-9])"
    r"|(?<![0-9])[MTSHRmtshr]\d{1,2}[./]\d{1,2}[./]\d{1,2}(?![0-9])"
)
_DIGIT_RUN = re.compile(r"(?<![0-9A-Za-z])\d(?:[\d -]{2,}\d)(?![0-9A-Za-z])")
#: Hiragana, katakana (full and half width), CJK ideographs incl. rare forms, full-width
#: letters and digits, and the ● the service puts in for unprintable characters.
_JAPANESE = re.compile(
    "[\u3005\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff66-\uff9f\u25cf\U00020000-\U0003134f]+"
    "(?:[\\s\u3000]+[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f\u25cf]+)*"
)


#: Non-ASCII text in disguise: bytes shown by repr() (``\\xe5\\xb1\\xb1``) and JSON/Python
#: escapes (``\\u5c71``, ``\\U0002000b``) — names logged as raw bytes look like this.
_ESCAPED_TEXT = re.compile(
    r"(?:\\x[89a-fA-F][0-9a-fA-F])+(?:\\x[0-9a-fA-F]{2}|[ -~]{0,2}\\x[89a-fA-F][0-9a-fA-F])*"
    r"|(?:\\u(?!00[0-7])[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8})+"
)


def redact(text: str) -> str:
    """Blank dates, long digit runs (PIN, My Number, insurance numbers) and Japanese text."""
    text = _ESCAPED_TEXT.sub(REDACTED, text)
    text = _DATE.sub(REDACTED, text)
    text = _JAPANESE.sub(REDACTED, text)

    def digits(match: re.Match[str]) -> str:
        run = match.group(0)
        count = sum(ch.isdigit() for ch in run)
        if count < 4:
            return run
        if _SAFE_PREFIX.search(text[: match.start()]) and count == len(run):
            return run  # "visit_id=12345", "port 55432"
        return REDACTED

    return _DIGIT_RUN.sub(digits, text)


class RedactingFilter(logging.Filter):
    """Rewrites each record's message, exception and stack text through ``redact``.

    The record is changed in place, so every later handler sees the redacted text.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = f"{record.msg!r} (unformattable log arguments)"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


_OUR_HANDLER_FLAG = "_madoguchi_handler"


def level_from_env(default: int = logging.INFO) -> int:
    """``MADOGUCHI_LOG_LEVEL`` = TRAFFIC | DEBUG | INFO | WARNING | ERROR (IT staff switch)."""
    name = os.environ.get("MADOGUCHI_LOG_LEVEL", "").strip().upper()
    if not name:
        return default
    if name == "TRAFFIC":
        return TRAFFIC
    value = logging.getLevelName(name)
    return value if isinstance(value, int) else default


def configure_logging(
    level: int | None = None,
    *,
    directory: Path | None = None,
    console: bool = False,
) -> Path:
    """Install the rotating file handler (and optionally stderr) on the root logger.

    Idempotent: handlers installed by an earlier call are replaced. Returns the log file.
    """
    effective = level_from_env() if level is None else level
    folder = directory or paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    log_file = folder / LOG_FILE_NAME

    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _OUR_HANDLER_FLAG, False):
            root.removeHandler(handler)
            handler.close()

    formatter = logging.Formatter(LOG_FORMAT)
    file_handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
    )
    handlers: list[logging.Handler] = [file_handler]
    if console:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setLevel(effective)
        handler.setFormatter(formatter)
        handler.addFilter(RedactingFilter())
        setattr(handler, _OUR_HANDLER_FLAG, True)
        root.addHandler(handler)
    root.setLevel(min(effective, root.level) if root.level else effective)
    _restrict_file_mode(log_file)
    return log_file


def _restrict_file_mode(log_file: Path) -> None:
    """Create the log file owner-only (RotatingFileHandler uses the umask otherwise)."""
    if not log_file.exists():
        fd = os.open(log_file, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        os.close(fd)
    else:
        os.chmod(log_file, 0o600)


def shutdown_logging() -> None:
    """Remove and close the handlers installed by ``configure_logging`` (tests, selftest)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _OUR_HANDLER_FLAG, False):
            root.removeHandler(handler)
            handler.close()


def log_files(directory: Path | None = None) -> list[Path]:
    """The current log file and its rotated generations, oldest first."""
    folder = directory or paths.log_dir()
    return sorted(folder.glob(LOG_FILE_NAME + "*"), key=lambda p: p.stat().st_mtime)
