"""Clinic settings, declared once: type, default, TOML key and validation per field.

IT staff edit them in the settings dialog (admin only) or in ``settings.toml`` in
``paths.config_dir()``. Secrets never live here: the client-certificate password,
the database password and the backup key are kept in the OS keyring through
``clinic_app.secrets`` (``database_url_with_password`` joins them at the last moment).

Validation happens in two steps, both reporting a reason per field:
- each field's parser refuses a malformed value (``load_settings`` raises
  ``SettingsError`` listing every bad key, so a hand-edited file never half-loads);
- ``Settings.problems()`` adds what depends on several fields or on the machine
  (an HTTPS transport needs an endpoint, a configured file must exist, the
  institution code must be set before the desk goes live).
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from clinic_app import paths
from clinic_app.core.consent import DEFAULT_ENABLED_ITEMS, ConsentItem
from clinic_app.core.errors import KnownError
from clinic_app.secrets import DATABASE_PASSWORD, SecretStore
from clinic_app.settings_toml import dumps_toml as dumps_toml  # re-exported: cli.ops, tests

SETTINGS_FILE_NAME = "settings.toml"


class SettingsError(KnownError):
    """The settings file or a form holds invalid values; ``problems`` maps key → reason."""

    code = "settings_invalid"

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems: dict[str, str] = dict(problems)
        lines = "; ".join(f"{key}: {reason}" for key, reason in sorted(self.problems.items()))
        super().__init__(f"Invalid settings — {lines}")


class TransportKind(Enum):
    """How the app reaches the eligibility service."""

    HTTPS = "https"  # our signed-request path through a gateway (or the sandbox)
    FOLDER = "folder"  # the qualification-confirmation terminal's req/res/face folders


class Language(Enum):
    JAPANESE = "ja"
    ENGLISH = "en"


#: TOML names of the consent items (stable, human-editable).
CONSENT_ITEM_NAMES: dict[str, ConsentItem] = {
    "medication": ConsentItem.MEDICATION,
    "checkup": ConsentItem.CHECKUP,
    "treatment": ConsentItem.TREATMENT,
    "surgery": ConsentItem.SURGERY,
}
_CONSENT_NAME_OF = {item: name for name, item in CONSENT_ITEM_NAMES.items()}


# --- field parsers: raw TOML value → typed value, or ValueError(reason) -------------------


def _expect_str(raw: object) -> str:
    if not isinstance(raw, str):
        raise ValueError(f"expected text, got {type(raw).__name__}")
    return raw.strip()


def _int_in(low: int, high: int) -> Callable[[object], int]:
    def parse(raw: object) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            if isinstance(raw, str) and raw.strip().isdigit():
                raw = int(raw.strip())
            else:
                raise ValueError(f"expected a whole number between {low} and {high}")
        if not low <= raw <= high:
            raise ValueError(f"must be between {low} and {high} (got {raw})")
        return raw

    return parse


def parse_institution_code(raw: object) -> str:
    """保険医療機関コード: 2-digit prefecture, 1-digit fee table, 7-digit institution number.

    Empty means "not configured yet" (a fresh install); ``Settings.problems`` reports it.
    """
    text = _expect_str(raw)
    if not text:
        return ""
    if not re.fullmatch(r"[0-9]{10}", text):
        raise ValueError("must be exactly 10 digits (都道府県2桁 + 点数表1桁 + 医療機関番号7桁)")
    prefecture = int(text[:2])
    if not 1 <= prefecture <= 47:
        raise ValueError(f"the first two digits are the prefecture (01–47), not {text[:2]}")
    if text[2] not in "13":
        raise ValueError(f"the third digit is the fee table (1 医科 or 3 歯科), not {text[2]}")
    return text


def _parse_enum(enum_type: type[Enum]) -> Callable[[object], Any]:
    def parse(raw: object) -> Any:
        text = _expect_str(raw).lower()
        for member in enum_type:
            if member.value == text:
                return member
        allowed = ", ".join(str(m.value) for m in enum_type)
        raise ValueError(f"must be one of {allowed} (got {text!r})")

    return parse


def parse_https_url(raw: object) -> str:
    """The gateway endpoint: https only, a host, no credentials in the URL."""
    text = _expect_str(raw)
    if not text:
        return ""
    parts = urlsplit(text)
    if parts.scheme != "https":
        raise ValueError("must start with https:// (the service is never reached unencrypted)")
    if not parts.hostname:
        raise ValueError("needs a host name, e.g. https://gateway.example.jp/")
    if parts.username or parts.password:
        raise ValueError("must not contain a user or password; secrets go to the keyring")
    try:
        _ = parts.port
    except ValueError as exc:
        raise ValueError("has an invalid port number") from exc
    return text


def parse_optional_path(raw: object) -> str:
    """An absolute file or folder path, or empty; existence is checked by ``problems``."""
    text = _expect_str(raw)
    if not text:
        return ""
    if "\x00" in text:
        raise ValueError("contains a NUL character")
    expanded = os.path.expanduser(text)
    if not os.path.isabs(expanded):
        raise ValueError("must be an absolute path (e.g. C:\\OQS\\ or /srv/oqs)")
    return expanded


def parse_reader_spec(raw: object) -> str:
    """``pcsc`` or ``pcsc:<reader name>``, ``nfc:<nfcpy path>`` (e.g. ``nfc:usb``), or ``sim``."""
    text = _expect_str(raw)
    if text == "sim" or text == "pcsc":
        return text
    if text.startswith("pcsc:") and text[5:].strip():
        return "pcsc:" + text[5:].strip()
    if text.startswith("nfc:") and text[4:].strip():
        return "nfc:" + text[4:].strip()
    raise ValueError(
        "must be 'pcsc', 'pcsc:<reader name>', 'nfc:<device path>' (e.g. nfc:usb) or 'sim'"
    )


def parse_consent_items(raw: object) -> tuple[ConsentItem, ...]:
    if not isinstance(raw, list | tuple):
        raise ValueError('expected a list such as ["medication", "checkup"]')
    items: list[ConsentItem] = []
    for entry in raw:
        if isinstance(entry, ConsentItem):
            item = entry
        else:
            name = _expect_str(entry).lower()
            if name not in CONSENT_ITEM_NAMES:
                allowed = ", ".join(CONSENT_ITEM_NAMES)
                raise ValueError(f"unknown consent item {name!r}; known: {allowed}")
            item = CONSENT_ITEM_NAMES[name]
        if item not in items:
            items.append(item)
    order = list(ConsentItem)
    return tuple(sorted(items, key=order.index))


def parse_database_url(raw: object) -> str:
    """Empty (the default SQLite file), ``sqlite:///<absolute path>`` or a PostgreSQL URL.

    A password in the URL is refused: it belongs in the keyring (``database-password``).
    """
    text = _expect_str(raw)
    if not text:
        return ""
    if text.startswith("sqlite:///"):
        file_part = text[len("sqlite:///") :]
        if file_part in ("", ":memory:"):
            raise ValueError("needs a file path; an in-memory database would lose every visit")
        if not os.path.isabs(file_part):
            raise ValueError("the SQLite file path must be absolute (sqlite:////srv/db.sqlite3)")
        return text
    parts = urlsplit(text)
    if parts.scheme not in ("postgresql", "postgresql+psycopg"):
        raise ValueError(
            "must be sqlite:///<absolute path> or postgresql+psycopg://user@host:port/dbname"
        )
    if parts.password is not None:
        raise ValueError("must not contain the password; store it in the keyring instead")
    if not parts.hostname:
        raise ValueError("needs a host name (postgresql+psycopg://user@host:5432/madoguchi)")
    if not parts.username:
        raise ValueError("needs a user name (postgresql+psycopg://user@host:5432/madoguchi)")
    if not parts.path.strip("/"):
        raise ValueError("needs a database name after the host (…/madoguchi)")
    try:
        _ = parts.port
    except ValueError as exc:
        raise ValueError("has an invalid port number") from exc
    return text


# --- the declaration -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """How one setting is stored and checked; attached to the dataclass field as metadata."""

    key: str  # "section.name" in the TOML file
    parse: Callable[[object], Any]
    label: str  # English label; the dialog translates it
    help: str = ""


def _spec(
    key: str, parse: Callable[[object], Any], label: str, help_text: str = ""
) -> dict[str, FieldSpec]:
    """Dataclass field metadata carrying the setting's ``FieldSpec``."""
    return {"spec": FieldSpec(key, parse, label, help_text)}


@dataclass(frozen=True, slots=True)
class Settings:
    """Every clinic setting with its default. Build with ``from_mapping``/``load_settings``."""

    institution_code: str = field(
        default="",
        metadata=_spec(
            "clinic.institution_code",
            parse_institution_code,
            "Medical institution code",
            "10 digits on the 保険医療機関指定通知書.",
        ),
    )
    language: Language = field(
        default=Language.JAPANESE,
        metadata=_spec(
            "clinic.language",
            _parse_enum(Language),
            "Language",
            "ja or en",
        ),
    )
    idle_lock_minutes: int = field(
        default=5,
        metadata=_spec(
            "desk.idle_lock_minutes",
            _int_in(1, 120),
            "Lock the desk after idle minutes",
        ),
    )
    transport: TransportKind = field(
        default=TransportKind.FOLDER,
        metadata=_spec(
            "eligibility.transport",
            _parse_enum(TransportKind),
            "Eligibility transport",
            "folder (資格確認端末) or https (gateway)",
        ),
    )
    https_url: str = field(
        default="",
        metadata=_spec(
            "eligibility.https_url",
            parse_https_url,
            "HTTPS endpoint",
        ),
    )
    ca_bundle: str = field(
        default="",
        metadata=_spec(
            "eligibility.ca_bundle",
            parse_optional_path,
            "CA bundle (PEM)",
            "Empty: the system trust store.",
        ),
    )
    client_certificate: str = field(
        default="",
        metadata=_spec(
            "eligibility.client_certificate",
            parse_optional_path,
            "Client certificate (PKCS#12 or PEM)",
            "Its password is kept in the keyring.",
        ),
    )
    folder_root: str = field(
        default="",
        metadata=_spec(
            "eligibility.folder_root",
            parse_optional_path,
            "Terminal folder root",
            "The folder holding req, res and face.",
        ),
    )
    reader: str = field(
        default="pcsc",
        metadata=_spec(
            "reader.device",
            parse_reader_spec,
            "Card reader",
            "pcsc, pcsc:<name>, nfc:usb, or sim",
        ),
    )
    consent_items: tuple[ConsentItem, ...] = field(
        default=DEFAULT_ENABLED_ITEMS,
        metadata=_spec(
            "consent.enabled_items",
            parse_consent_items,
            "Consent items asked",
            "medication, checkup, treatment, surgery",
        ),
    )
    records_retention_years: int = field(
        default=5,
        metadata=_spec(
            "retention.records_years",
            _int_in(5, 30),
            "Keep visits and checks (years)",
            "At least 5 years (診療録の保存期間).",
        ),
    )
    history_retention_days: int = field(
        default=90,
        metadata=_spec(
            "retention.history_days",
            _int_in(1, 3650),
            "Keep fetched medication/checkup histories (days)",
        ),
    )
    audit_retention_years: int = field(
        default=5,
        metadata=_spec(
            "retention.audit_years",
            _int_in(5, 30),
            "Keep the audit log (years)",
        ),
    )
    database_url: str = field(
        default="",
        metadata=_spec(
            "database.url",
            parse_database_url,
            "Database URL",
            "Empty: the local SQLite file. PostgreSQL without the password.",
        ),
    )
    backup_generations: int = field(
        default=14,
        metadata=_spec(
            "backup.generations",
            _int_in(1, 365),
            "Backup generations to keep",
        ),
    )

    # --- construction and export ---

    @classmethod
    def specs(cls) -> Iterator[tuple[str, FieldSpec]]:
        """(attribute name, spec) in declaration order."""
        for f in fields(cls):
            yield f.name, f.metadata["spec"]

    @classmethod
    def spec_for(cls, key: str) -> tuple[str, FieldSpec]:
        for name, spec in cls.specs():
            if spec.key == key or name == key:
                return name, spec
        raise KeyError(key)

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Settings:
        """Build from nested TOML data; every bad or unknown key is reported at once."""
        flat, problems = _flatten(data)
        return cls(**cls._parse_values(flat, problems))

    def with_values(self, changes: Mapping[str, object]) -> Settings:
        """A copy with raw values (from a form) parsed by key or attribute name."""
        return replace(self, **self._parse_values(changes, {}))

    @classmethod
    def _parse_values(
        cls, raw_values: Mapping[str, object], problems: dict[str, str]
    ) -> dict[str, Any]:
        """Attribute name → parsed value; raises ``SettingsError`` with every problem
        (those already in ``problems``, unknown keys, values that do not parse)."""
        values: dict[str, Any] = {}
        for key, raw in raw_values.items():
            try:
                name, spec = cls.spec_for(key)
            except KeyError:
                problems[key] = _unknown_key_reason(key)
                continue
            try:
                values[name] = spec.parse(raw)
            except ValueError as exc:
                problems[spec.key] = str(exc)
        if problems:
            raise SettingsError(problems)
        return values

    def to_toml_data(self) -> dict[str, dict[str, object]]:
        """Nested plain data (str/int/bool/list) ready to be written as TOML."""
        data: dict[str, dict[str, object]] = {}
        for name, spec in self.specs():
            section, leaf = spec.key.split(".", 1)
            data.setdefault(section, {})[leaf] = _plain(getattr(self, name))
        return data

    def changed_keys(self, other: Settings) -> list[str]:
        """Keys whose values differ — what the audit log records on a settings change."""
        return [
            spec.key for name, spec in self.specs() if getattr(self, name) != getattr(other, name)
        ]

    # --- checks that need several fields or the machine ---

    def problems(self) -> dict[str, str]:
        """Key → reason for what keeps these settings from working on this machine."""
        found: dict[str, str] = {}
        if not self.institution_code:
            found["clinic.institution_code"] = "is required (10 digits)"
        if self.transport is TransportKind.HTTPS:
            if not self.https_url:
                found["eligibility.https_url"] = "is required for the https transport"
            for key, value in (
                ("eligibility.ca_bundle", self.ca_bundle),
                ("eligibility.client_certificate", self.client_certificate),
            ):
                if value and not Path(value).is_file():
                    found[key] = f"file not found: {value}"
        else:
            if not self.folder_root:
                found["eligibility.folder_root"] = "is required for the folder transport"
            elif not Path(self.folder_root).is_dir():
                found["eligibility.folder_root"] = f"folder not found: {self.folder_root}"
        if self.history_retention_days > self.records_retention_years * 366:
            found["retention.history_days"] = "cannot be longer than the records retention"
        return found

    def require_usable(self) -> Settings:
        """Return self, or raise ``SettingsError`` with ``problems()``."""
        found = self.problems()
        if found:
            raise SettingsError(found)
        return self

    # --- derived values the wiring uses ---

    def effective_database_url(self) -> str:
        """The configured URL, or the default SQLite file in the data directory."""
        return self.database_url or paths.default_database_url()

    def is_postgresql(self) -> bool:
        return self.effective_database_url().startswith("postgresql")


def _unknown_key_reason(key: str) -> str:
    if any(word in key.lower() for word in ("password", "secret", "passphrase", "key_")):
        return "secrets are not kept in the settings file; store them in the keyring"
    return "unknown setting (misspelt?)"


def _flatten(data: Mapping[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    flat: dict[str, object] = {}
    problems: dict[str, str] = {}
    for section, body in data.items():
        if not isinstance(body, Mapping):
            problems[section] = "expected a [section] table"
            continue
        for leaf, value in body.items():
            key = f"{section}.{leaf}"
            if isinstance(value, Mapping):
                problems[key] = "nested tables are not used here"
                continue
            flat[key] = value
    return flat, problems


def _plain(value: object) -> object:
    if isinstance(value, Enum):
        if isinstance(value, ConsentItem):
            return _CONSENT_NAME_OF[value]
        return value.value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


# --- TOML file ------------------------------------------------------------------------


def settings_path() -> Path:
    return paths.config_dir() / SETTINGS_FILE_NAME


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file; a missing file gives the defaults.

    Raises ``SettingsError`` for a malformed file or invalid values (never half-loads).
    """
    target = path or settings_path()
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise SettingsError({"file": f"cannot read {target}: {exc.strerror}"}) from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SettingsError({"file": "is not UTF-8 text"}) from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError({"file": f"is not valid TOML: {exc}"}) from exc
    return Settings.from_mapping(data)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write atomically (temp file + rename), owner-only; returns the path written."""
    target = path or settings_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    text = dumps_toml(settings.to_toml_data())
    handle, temp_name = tempfile.mkstemp(prefix=".settings-", suffix=".toml", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temp_name, 0o600)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target


# --- secrets ---------------------------------------------------------------------------


def database_url_with_password(settings: Settings, secrets: SecretStore) -> str:
    """The URL to connect with: for PostgreSQL the keyring's password is joined here.

    A missing keyring raises ``SecretStoreUnavailable`` (fail closed); no stored password
    leaves the URL as is (trust or certificate authentication).
    """
    url = settings.effective_database_url()
    if not url.startswith("postgresql"):
        return url
    password = secrets.get(DATABASE_PASSWORD)
    if not password:
        return url
    from urllib.parse import quote

    parts = urlsplit(url)
    user, _, host_port = parts.netloc.rpartition("@")  # user is already URL-encoded
    netloc = f"{user}:{quote(password, safe='')}@{host_port}"
    return parts._replace(netloc=netloc).geturl()
