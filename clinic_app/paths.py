"""Where the app keeps its files, per platform (platformdirs), overridable for tests.

``MADOGUCHI_HOME`` puts config, data and logs under one folder — used by the
demo's throw-away profile, by tests and by IT staff who want a portable install.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "madoguchi"


def _home_override() -> Path | None:
    value = os.environ.get("MADOGUCHI_HOME")
    return Path(value) if value else None


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def config_dir() -> Path:
    home = _home_override()
    return _ensure(home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME)))


def data_dir() -> Path:
    home = _home_override()
    return _ensure(home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME)))


def log_dir() -> Path:
    home = _home_override()
    return _ensure(home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME)))


def backup_dir() -> Path:
    return _ensure(data_dir() / "backups")


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'madoguchi.sqlite3'}"
