"""Run ``clinic_app.cli.store`` in-process with a piped (non-terminal) stdin."""

from __future__ import annotations

import io

from clinic_app.cli import store as cli


class FakeStdin(io.StringIO):
    """Text fed to the command as if piped: never a terminal, so no prompts."""

    def isatty(self) -> bool:
        return False


def run(argv: list[str], stdin: str = "") -> tuple[int, str]:
    """(exit code, standard output) of ``madoguchi store`` with ``argv``."""
    out = io.StringIO()
    code = cli.main(argv, stdin=FakeStdin(stdin), stdout=out)
    return code, out.getvalue()
