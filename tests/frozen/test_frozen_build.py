"""The PyInstaller build (build.spec) runs its own self-test: every check passes.

Slow (a full one-folder build); CI runs it. The self-test's keyring check needs a
real Secret Service, so the frozen app runs inside a private D-Bus session with an
unlocked gnome-keyring — exactly what a clinic PC's desktop session provides.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clinic_app.selftest import CHECKS
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
EXE_NAME = "madoguchi.exe" if sys.platform == "win32" else "madoguchi"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]


def pyinstaller() -> Path:
    candidate = Path(sys.executable).with_name("pyinstaller")
    if not candidate.exists():
        skip_or_fail("pyinstaller is not installed in this environment")
    return candidate


def keyring_session_command(executable: Path, *args: str) -> list[str]:
    """Run ``executable`` in a throw-away D-Bus session with an unlocked gnome-keyring.

    The caller points XDG_DATA_HOME at an empty folder: a login keyring left from an
    earlier run with another password would refuse to unlock.
    """
    if sys.platform == "win32":
        return [str(executable), *args]
    for tool in ("dbus-run-session", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            skip_or_fail(f"{tool} is missing (apt-get install dbus gnome-keyring)")
    script = (
        'printf selftest | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"'
    )
    return ["dbus-run-session", "--", "sh", "-c", script, "sh", str(executable), *args]


@pytest.fixture(scope="module")
def frozen_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("frozen")
    result = subprocess.run(
        [
            str(pyinstaller()),
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1100,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    executable = work / "dist" / "madoguchi" / EXE_NAME
    assert executable.is_file()
    return executable


def test_frozen_selftest_passes_every_check(frozen_app: Path, tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV", "MADOGUCHI_HOME"))
    }
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")  # a fresh keyring for this run
    result = subprocess.run(
        keyring_session_command(frozen_app, "--selftest"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
        cwd=frozen_app.parent,
    )
    lines = result.stdout.splitlines()
    report = f"stdout:\n{result.stdout}\nstderr:\n{result.stderr[-3000:]}"
    assert [line.split(":")[0].split()[-1] for line in lines] == [name for name, _ in CHECKS], (
        report
    )
    assert all(line.startswith("PASS ") for line in lines), report
    assert result.returncode == 0, report


def test_frozen_build_ships_what_is_loaded_by_name(frozen_app: Path) -> None:
    internal = frozen_app.parent / "_internal"
    shipped = {p.relative_to(internal).as_posix() for p in internal.rglob("*")}
    assert any(p.endswith("store/migrations/env.py") for p in shipped)
    assert any("store/migrations/versions/" in p and p.endswith(".py") for p in shipped)
    assert any(p.endswith("resources/madoguchi_ja.qm") for p in shipped)
    if sys.platform != "win32":
        plugins = "PySide6/Qt/plugins/"
        assert plugins + "platforms/libqoffscreen.so" in shipped
        assert plugins + "platforms/libqxcb.so" in shipped
        assert plugins + "platforminputcontexts/libibusplatforminputcontextplugin.so" in shipped
    # Left out on purpose: QML, the virtual keyboard, WebEngine and the GTK theme.
    for unwanted in (
        "libQt6Qml",
        "libQt6Quick",
        "VirtualKeyboard",
        "WebEngine",
        "qgtk3",
        "libgtk-3",
    ):
        assert not any(unwanted in p for p in shipped), unwanted
