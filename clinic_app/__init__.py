"""Madoguchi: front-desk reception for Japanese clinics."""

__version__ = "0.1.0"
