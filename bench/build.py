"""Benchmark the frozen build: folder size, build time, cold start vs the unfrozen app.

    .venv/bin/python bench/build.py                 # build into a temp dir, then measure
    .venv/bin/python bench/build.py --dist DIR      # measure an existing dist/madoguchi
    .venv/bin/python bench/build.py --runs 7

Start time is measured from outside, the same way for both: the app runs
``--demo`` on a private Xvfb screen (xcb platform, throw-away profile) and the
clock stops when X reports the "Madoguchi" login window as viewable (polled with
``xwininfo``). The first frozen and unfrozen runs are the cold ones (right after
the build, before anything else touched those files); the median over the
remaining runs is the warm figure. Goals (issue 7): frozen start ≤ 1.2× unfrozen,
folder < 250 MB.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXE_NAME = "madoguchi.exe" if sys.platform == "win32" else "madoguchi"
WINDOW_TITLE = "Madoguchi"
START_TIMEOUT = 60.0
SIZE_GOAL_MB = 250.0
START_RATIO_GOAL = 1.2


def build(work: Path) -> tuple[Path, float]:
    """Run PyInstaller on build.spec into ``work``; returns (dist folder, seconds)."""
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    started = time.perf_counter()
    subprocess.run(
        [str(pyinstaller), "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
         str(ROOT / "build.spec")],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )
    return work / "dist" / "madoguchi", time.perf_counter() - started


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of regular files, symlinks not followed."""
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            files += 1
    return total, files


def largest_parts(folder: Path, count: int = 6) -> list[tuple[str, int]]:
    internal = folder / "_internal"
    base = internal if internal.is_dir() else folder
    sizes: list[tuple[str, int]] = []
    for child in base.iterdir():
        if child.is_dir() and not child.is_symlink():
            sizes.append((child.name + "/", folder_size(child)[0]))
        elif child.is_file() and not child.is_symlink():
            sizes.append((child.name, child.stat().st_size))
    return sorted(sizes, key=lambda item: -item[1])[:count]


@contextmanager
def xvfb_display() -> Iterator[str]:
    """A private Xvfb screen on a display number nobody else uses; yields DISPLAY."""
    if shutil.which("Xvfb") is None or shutil.which("xwininfo") is None:
        raise SystemExit("needs Xvfb and xwininfo (apt-get install xvfb x11-utils)")
    number = next(
        n for n in range(200 + os.getpid() % 300, 1000)
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists()
    )
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        socket = Path(f"/tmp/.X11-unix/X{number}")
        deadline = time.monotonic() + 10
        while not socket.exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"Xvfb :{number} did not start")
            time.sleep(0.05)
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def login_window_viewable(display: str) -> bool:
    env = {**os.environ, "DISPLAY": display}
    tree = subprocess.run(["xwininfo", "-root", "-tree"], env=env, capture_output=True,
                          text=True, check=False).stdout
    for match in re.finditer(r"^\s*(0x[0-9a-f]+) \"" + re.escape(WINDOW_TITLE) + r"\"", tree,
                             re.MULTILINE):
        info = subprocess.run(["xwininfo", "-id", match.group(1)], env=env,
                              capture_output=True, text=True, check=False).stdout
        if "IsViewable" in info:
            return True
    return False


def time_to_login_window(command: list[str], display: str) -> float:
    """Seconds from spawning ``command`` until its login window is viewable."""
    with tempfile.TemporaryDirectory(prefix="madoguchi-bench-") as home:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("MADOGUCHI_")},
            "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "MADOGUCHI_HOME": home,
        }
        started = time.perf_counter()
        errors = Path(home) / "stderr.txt"
        with errors.open("wb") as sink:
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                       stderr=sink, start_new_session=True)
        try:
            while time.perf_counter() - started < START_TIMEOUT:
                if login_window_viewable(display):
                    return time.perf_counter() - started
                if process.poll() is not None:
                    tail = errors.read_text(errors="replace")[-2000:]
                    raise RuntimeError(
                        f"{command[0]} exited with {process.returncode} early:\n{tail}"
                    )
                time.sleep(0.01)
            raise RuntimeError(f"no login window within {START_TIMEOUT:.0f} s")
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, help="an existing dist/madoguchi folder")
    parser.add_argument("--runs", type=int, default=5, help="start-up runs per variant")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="madoguchi-build-") as work:
        if args.dist:
            dist, build_seconds = args.dist.resolve(), None
        else:
            dist, build_seconds = build(Path(work))
        size, files = folder_size(dist)
        size_mb = size / 1e6
        print(f"build time:          {build_seconds:.1f} s" if build_seconds is not None
              else "build time:          (not built here: --dist given)")
        print(f"folder size:         {size_mb:.1f} MB ({size / 2**20:.1f} MiB, {files} files); "
              f"goal < {SIZE_GOAL_MB:.0f} MB: {'met' if size_mb < SIZE_GOAL_MB else 'MISSED'}")
        for name, part in largest_parts(dist):
            print(f"  {name:<36} {part / 1e6:7.1f} MB")

        frozen = [str(dist / EXE_NAME), "--demo"]
        unfrozen = [sys.executable, "-m", "clinic_app", "--demo"]
        timings: dict[str, list[float]] = {"frozen": [], "unfrozen": []}
        with xvfb_display() as display:
            for _ in range(max(2, args.runs)):
                # Alternate so that background load affects both alike.
                timings["frozen"].append(time_to_login_window(frozen, display))
                timings["unfrozen"].append(time_to_login_window(unfrozen, display))

    cold_frozen, cold_unfrozen = timings["frozen"][0], timings["unfrozen"][0]
    warm_frozen = statistics.median(timings["frozen"][1:])
    warm_unfrozen = statistics.median(timings["unfrozen"][1:])
    print("start to login window (Xvfb, --demo):")
    print(f"  frozen   cold {cold_frozen:6.2f} s   warm median {warm_frozen:6.2f} s   "
          f"runs {', '.join(f'{t:.2f}' for t in timings['frozen'])}")
    print(f"  unfrozen cold {cold_unfrozen:6.2f} s   warm median {warm_unfrozen:6.2f} s   "
          f"runs {', '.join(f'{t:.2f}' for t in timings['unfrozen'])}")
    cold_ratio = cold_frozen / cold_unfrozen
    warm_ratio = warm_frozen / warm_unfrozen
    verdict = "met" if warm_ratio <= START_RATIO_GOAL else "MISSED"
    print(f"ratio frozen/unfrozen: cold {cold_ratio:.2f}x, warm {warm_ratio:.2f}x; "
          f"goal <= {START_RATIO_GOAL}x (warm): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
