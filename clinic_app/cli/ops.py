"""``madoguchi support-bundle``: logs and settings for IT support, in one zip.

What goes in: the rotating log files (passed through the redaction filter once
more, in case a file was written by an older version or by hand), the settings
file, the settings' own problem list, and a short system summary (versions,
platform, keyring backend *name*). What never goes in: secrets (they live in the
keyring and are not read here), the database, backups, or anything with patient
data. The zip is written owner-only.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from clinic_app import paths
from clinic_app.core.errors import KnownError
from clinic_app.logging_setup import log_files, redact
from clinic_app.settings import SettingsError, dumps_toml, load_settings, settings_path

BUNDLE_PREFIX = "madoguchi-support-"
#: Packages whose versions help support; read without importing them.
REPORTED_PACKAGES = (
    "madoguchi",
    "PySide6-Essentials",
    "PySide6-Addons",
    "SQLAlchemy",
    "alembic",
    "psycopg",
    "keyring",
    "nfcpy",
    "pyscard",
    "lxml",
    "cryptography",
    "requests",
)


def _system_summary() -> str:
    from importlib import metadata

    lines = [
        f"created: {datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"python: {sys.version.split()[0]} ({platform.python_implementation()})",
        f"platform: {platform.platform()}",
        f"frozen: {bool(getattr(sys, 'frozen', False))}",
        f"config_dir: {paths.config_dir()}",
        f"log_dir: {paths.log_dir()}",
    ]
    for name in REPORTED_PACKAGES:
        try:
            lines.append(f"package {name}: {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"package {name}: (not found)")
    lines.append(f"keyring backend: {_keyring_backend_name()}")
    return "\n".join(lines) + "\n"


def _keyring_backend_name() -> str:
    """The backend's class name only; no secret is read."""
    try:
        import keyring

        backend = keyring.get_keyring()
        return f"{type(backend).__module__}.{type(backend).__qualname__}"
    except Exception as exc:  # the summary must not fail because the keyring does
        return f"unknown ({type(exc).__name__})"


_SECRET_LINE = re.compile(r"^\s*[\"']?[\w.-]*(password|passwd|secret|token|key)\b", re.IGNORECASE)


def _masked(raw_text: str) -> str:
    """A settings file that does not load, with any line naming a secret blanked."""
    return "".join(
        "# (line removed: it names a secret)\n" if _SECRET_LINE.match(line) else line + "\n"
        for line in raw_text.splitlines()
    )


def _settings_report() -> tuple[str | None, str]:
    """(settings as TOML or None, a report of its problems).

    A valid file is re-written from the parsed ``Settings`` (which cannot hold a
    secret); an invalid one is included with secret-looking lines removed.
    """
    path = settings_path()
    if not path.is_file():
        return None, "no settings file (defaults in use)\n"
    try:
        settings = load_settings(path)
    except SettingsError as exc:
        raw_text = path.read_text(encoding="utf-8", errors="replace")
        report = "\n".join(f"{key}: {reason}" for key, reason in sorted(exc.problems.items()))
        return _masked(raw_text), f"the settings file does not load:\n{report}\n"
    text = dumps_toml(settings.to_toml_data())
    problems = settings.problems()
    if not problems:
        return text, "no problems\n"
    return text, "\n".join(f"{key}: {reason}" for key, reason in sorted(problems.items())) + "\n"


def create_support_bundle(output: Path | None = None, *, log_dir: Path | None = None) -> Path:
    """Write the zip and return its path (``output`` may be a folder or a file name)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = output or Path.cwd()
    if target.is_dir():
        target = target / f"{BUNDLE_PREFIX}{stamp}.zip"
    target.parent.mkdir(parents=True, exist_ok=True)
    settings_text, settings_problems = _settings_report()
    fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as bundle:
        for log_file in log_files(log_dir):
            text = log_file.read_text(encoding="utf-8", errors="replace")
            bundle.writestr(
                f"logs/{log_file.name}",
                "".join(redact(line.rstrip("\n")) + "\n" for line in text.splitlines()),
            )
        if settings_text is not None:
            bundle.writestr("settings/settings.toml", settings_text)
        bundle.writestr("settings/problems.txt", settings_problems)
        bundle.writestr("system.txt", _system_summary())
        bundle.writestr(
            "README.txt",
            "Madoguchi support bundle: redacted logs, settings (no secrets), system summary.\n"
            "It holds no patient data and no passwords; check before sending it anyway.\n",
        )
    return target


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="madoguchi support-bundle",
        description="Collect logs and settings (no secrets, no patient data) into a zip.",
    )
    parser.add_argument("command", choices=["support-bundle"])
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="folder or .zip file to write (default: the current folder)",
    )
    args = parser.parse_args(argv)
    try:
        path = create_support_bundle(args.output)
    except (OSError, KnownError) as exc:
        reason = exc.message if isinstance(exc, KnownError) else (exc.strerror or str(exc))
        print(f"support-bundle: cannot write the bundle: {reason}", file=sys.stderr)
        return 1
    print(path)
    return 0
