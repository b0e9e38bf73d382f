"""Pure domain: no Qt, no I/O. Everything here is unit-tested from plain values."""
