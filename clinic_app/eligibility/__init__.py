"""Talking to the eligibility service (オンライン資格確認): messages and transports.

``messages`` is the pure facade for building and parsing the XML messages of
DESIGN.md §4; the transports (HTTPS, terminal folders) move their bytes.
"""
