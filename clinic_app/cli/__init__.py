"""Command-line actions for IT staff; each module exposes ``main(argv) -> int``."""
