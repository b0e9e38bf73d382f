"""Qt Widgets front end: login, reception desk, patient screen, result panel.

Everything here imports Qt through :mod:`clinic_app.ui.qt`; nothing below
``clinic_app.ui`` is imported by the core, services or adapters.
"""
