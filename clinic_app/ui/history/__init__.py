"""The doctor's history view (medication by date / by drug, checkups, trends).

Public:

- :func:`clinic_app.ui.history.window.opener_for_store` → a :class:`HistoryOpener`
  to use as the desk backend's ``open_history(parent, session, patient_id, worker,
  errors)`` (one window per signed-in doctor, reused);
- :class:`~clinic_app.ui.history.screen.DoctorScreen` (today's list + view) and
  :class:`~clinic_app.ui.history.view.HistoryView`, to embed elsewhere;
- :func:`~clinic_app.ui.history.i18n.install_translator` for this package's own
  catalogue (``history_ja.ts``); the widgets also follow ``QLocale`` by themselves.
"""
