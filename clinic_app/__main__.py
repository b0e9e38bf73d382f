"""Entry point: ``madoguchi`` / ``python -m clinic_app``.

Subcommands are for IT staff (accounts, audit, backups, card diagnostics); with
no subcommand the desktop app starts (``--demo`` wires the sandbox and the
simulated reader, ``--selftest`` checks an installation). The GUI wiring lives
in ``clinic_app.wiring`` so that importing this module stays cheap.
"""

from __future__ import annotations

import importlib
import sys

#: subcommand → module with ``main(argv: list[str]) -> int``
COMMANDS: dict[str, str] = {
    "card-info": "clinic_app.cli.card",
    "user": "clinic_app.cli.store",
    "audit": "clinic_app.cli.store",
    "backup": "clinic_app.cli.store",
    "restore": "clinic_app.cli.store",
    "purge": "clinic_app.cli.store",
    "migrate": "clinic_app.cli.store",
    "support-bundle": "clinic_app.cli.ops",
    "sandbox": "clinic_app.sandbox.__main__",
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in COMMANDS:
        module = importlib.import_module(COMMANDS[args[0]])
        result: int = module.main(args)
        return result
    wiring = importlib.import_module("clinic_app.wiring")
    result = wiring.main(args)
    return int(result)


if __name__ == "__main__":
    sys.exit(main())
