"""The doctor's history view (medication by date / by drug, checkups, trends).

Public: :class:`~clinic_app.ui.history.screen.DoctorScreen` (today's list + view),
:class:`~clinic_app.ui.history.view.HistoryView`, and
:func:`~clinic_app.ui.history.i18n.install_translator` for this package's catalogue.
"""
