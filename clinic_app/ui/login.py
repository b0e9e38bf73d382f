# mypy: allow-subclassing-any, allow-untyped-decorators
"""Login (and unlock) window: user name, password, language; demo accounts listed.

The password check is slow on purpose (a modern KDF), so it runs in the worker.
Failures show one generic message. Signals: ``logged_in(object)`` with a
:class:`~clinic_app.ui.session.StaffSession`, ``language_requested(str)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from clinic_app.ui import texts
from clinic_app.ui.errors import describe
from clinic_app.ui.qt import (
    QCloseEvent,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from clinic_app.ui.session import Authenticate, DemoAccount, StaffSession
from clinic_app.ui.worker import Worker


class LoginWindow(QWidget):
    logged_in = Signal(object)
    language_requested = Signal(str)
    closing = Signal()

    def __init__(
        self,
        authenticate: Authenticate,
        worker: Worker,
        *,
        language: str = "ja",
        demo_accounts: Sequence[DemoAccount] = (),
        clinic_name: str = "",
    ) -> None:
        super().__init__()
        self._authenticate = authenticate
        self._worker = worker
        self._demo_accounts = tuple(demo_accounts)
        self._clinic_name = clinic_name
        self._language = language
        self.setWindowTitle("Madoguchi")
        self.setObjectName("login")
        self.resize(720, 560)

        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("subtitle")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lock_label = QLabel()
        self.lock_label.setObjectName("banner_text")
        self.lock_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lock_label.hide()

        self.username_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.language_combo = QComboBox()
        self.language_combo.addItem("日本語", "ja")
        self.language_combo.addItem("English", "en")
        self.language_combo.setCurrentIndex(0 if language == "ja" else 1)
        self.language_combo.currentIndexChanged.connect(
            lambda _i: self.language_requested.emit(self.language_combo.currentData())
        )
        self.login_button = QPushButton()
        self.login_button.setObjectName("primary")
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.submit)
        self.password_edit.returnPressed.connect(self.submit)
        self.username_edit.returnPressed.connect(self.password_edit.setFocus)
        self.error_label = QLabel()
        self.error_label.setObjectName("flag")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.form_frame = QFrame()
        self.form_frame.setObjectName("card")
        self.form = QFormLayout(self.form_frame)
        self.form.setContentsMargins(24, 24, 24, 24)
        self.username_label = QLabel()
        self.password_label = QLabel()
        self.language_label = QLabel()
        self.username_label.setBuddy(self.username_edit)
        self.password_label.setBuddy(self.password_edit)
        self.language_label.setBuddy(self.language_combo)
        self.form.addRow(self.username_label, self.username_edit)
        self.form.addRow(self.password_label, self.password_edit)
        self.form.addRow(self.language_label, self.language_combo)
        self.form.addRow("", self.login_button)
        self.form.addRow("", self.error_label)

        self.demo_frame = QFrame()
        self.demo_frame.setObjectName("banner_offline")
        demo_layout = QVBoxLayout(self.demo_frame)
        self.demo_title = QLabel()
        self.demo_title.setObjectName("banner_text")
        demo_layout.addWidget(self.demo_title)
        self.demo_buttons: list[QPushButton] = []
        for account in self._demo_accounts:
            row = QHBoxLayout()
            label = QLabel(f"{account.username} / {account.password}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            use = QPushButton()
            use.clicked.connect(lambda _c=False, a=account: self.use_demo_account(a))
            self.demo_buttons.append(use)
            row.addWidget(QLabel(), 0)
            row.addWidget(label, 1)
            row.addWidget(use, 0)
            demo_layout.addLayout(row)
        self.demo_frame.setVisible(bool(self._demo_accounts))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 40, 60, 40)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.lock_label)
        layout.addWidget(self.form_frame)
        layout.addWidget(self.demo_frame)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Madoguchi — front desk"))
        self.subtitle.setText(self._clinic_name or self.tr("Log in to start"))
        self.username_label.setText(self.tr("&User name"))
        self.password_label.setText(self.tr("&Password"))
        self.language_label.setText(self.tr("&Language"))
        self.login_button.setText(self.tr("Log in"))
        self.username_edit.setAccessibleName(self.tr("User name"))
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.language_combo.setAccessibleName(self.tr("Language"))
        self.login_button.setAccessibleName(self.tr("Log in"))
        self.demo_title.setText(self.tr("Demo accounts (demo only — the data is made up)"))
        for button, account in zip(self.demo_buttons, self._demo_accounts, strict=True):
            button.setText(self.tr("Use %1").replace("%1", texts.role_text(account.role)))
            button.setAccessibleName(self.tr("Use demo account %1").replace("%1", account.username))
        rows = self.demo_frame.layout()
        for index, account in enumerate(self._demo_accounts):
            row_item = rows.itemAt(index + 1) if rows is not None else None
            row = row_item.layout() if row_item is not None else None
            label_item = row.itemAt(0) if row is not None else None
            role_label = label_item.widget() if label_item is not None else None
            if isinstance(role_label, QLabel):
                role_label.setText(texts.role_text(account.role))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the login window by hand quits the app (hiding it does not)."""
        self.closing.emit()
        super().closeEvent(event)

    def fill(self, username: str, password: str) -> None:
        self.username_edit.setText(username)
        self.password_edit.setText(password)
        self.login_button.setFocus()

    def use_demo_account(self, account: DemoAccount) -> None:
        """Demo: one click fills the account in and logs in (the button says "log in as")."""
        self.fill(account.username, account.password)
        self.submit()

    def show_locked(self, username: str) -> None:
        """Screen locked after idle time: ask again, keep the user name."""
        self.lock_label.setText(self.tr("The screen was locked. Log in again to continue."))
        self.lock_label.show()
        self.username_edit.setText(username)
        self.password_edit.clear()
        self.error_label.hide()
        self.password_edit.setFocus()

    def reset(self) -> None:
        self.lock_label.hide()
        self.password_edit.clear()
        self.error_label.hide()
        self.login_button.setEnabled(True)

    def submit(self) -> None:
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username or not password or not self.login_button.isEnabled():
            return
        self.login_button.setEnabled(False)
        self.error_label.hide()
        authenticate: Callable[[str, str], StaffSession] = self._authenticate
        self._worker.run(
            lambda: authenticate(username, password),
            on_success=self._success,
            on_failure=self._failure,
        )

    def _success(self, session: StaffSession) -> None:
        self.password_edit.clear()
        self.login_button.setEnabled(True)
        self.lock_label.hide()
        self.logged_in.emit(session)

    def _failure(self, error: BaseException) -> None:
        self.login_button.setEnabled(True)
        self.password_edit.clear()
        message = describe(error)
        self.error_label.setText(f"{message.what}\n{message.next_step}")
        self.error_label.show()
        self.password_edit.setFocus()
