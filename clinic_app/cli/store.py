"""IT staff commands for the store: user, audit, backup, restore, purge, migrate.

Defaults come from this profile's settings file (``clinic_app.settings``): the
database (``database.url``, with a PostgreSQL password from the keyring), the
backup generations to keep and the retention periods; a command-line flag always
wins, and the file is only read when a default is needed, so a damaged file can
be worked around with flags. Every command takes ``--db URL`` (a SQLite URL/path
or a PostgreSQL URL). Passwords are read from a prompt, or from the first line of
standard input when it is not a terminal — never from an argument. Account
changes, backups, restores, purges and backup-key exports/imports are written to
the audit log (event codes only; the key goes only into the key file or the keyring).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TextIO

from clinic_app import paths, secrets
from clinic_app.core.errors import KnownError
from clinic_app.settings import (
    Settings,
    SettingsError,
    database_url_with_password,
    load_settings,
    settings_path,
)
from clinic_app.store import (
    AuditEvent,
    Database,
    RetentionPolicy,
    StaffRole,
    StaffUser,
    UnitOfWork,
    migrate,
    retention,
)
from clinic_app.store import backup as backups

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_AUDIT_BROKEN = 3


class SettingsFileInvalid(KnownError):
    """The profile's settings file is needed for a default but does not load."""

    code = "settings_invalid"


class ProfileSettings:
    """This profile's settings file, read once and only when a default is needed.

    ``flags`` names the options that make the file unnecessary for the command at
    hand; a file that does not load is reported with them.
    """

    def __init__(self, path: Path | None = None, *, flags: str = "--db") -> None:
        self._path = path
        self._flags = flags
        self._loaded: Settings | None = None

    @property
    def path(self) -> Path:
        return self._path or settings_path()

    def get(self) -> Settings:
        if self._loaded is None:
            try:
                self._loaded = load_settings(self._path)
            except SettingsError as exc:
                reasons = "; ".join(f"{key}: {why}" for key, why in sorted(exc.problems.items()))
                raise SettingsFileInvalid(
                    f"the settings file {self.path} is invalid — {reasons}. Correct it "
                    f"(or in 設定), or give {self._flags} on the command line."
                ) from exc
        return self._loaded


#: Per command, the flags that replace every default it takes from the settings.
SETTINGS_FLAGS = {
    "backup": "--db and --keep",
    "purge": "--db, --histories-days, --visits-days and --audit-days",
}


def database_url(
    value: str | None,
    profile: ProfileSettings | None = None,
    store: secrets.SecretStore | None = None,
) -> str:
    """``--db`` (a URL, or a plain file path taken as SQLite), else the profile's database.

    The profile's PostgreSQL URL gets its password from the keyring here; the result
    may therefore hold a password and must never be printed or logged.
    """
    if value:
        if "://" in value:
            return value
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    settings = (profile or ProfileSettings()).get()
    return database_url_with_password(settings, store or _secret_store())


def _backup_generations(args: argparse.Namespace, profile: ProfileSettings) -> int:
    """``--keep``, else ``backup.generations`` from the settings."""
    keep = args.keep if args.keep is not None else profile.get().backup_generations
    if keep < 1:
        raise KnownError("keep at least one backup generation", code="backup_keep")
    return int(keep)


def retention_policy(args: argparse.Namespace, profile: ProfileSettings) -> RetentionPolicy:
    """The purge periods: each flag given wins, the rest come from the settings."""
    flags = (args.histories_days, args.visits_days, args.audit_days)
    if all(days is not None for days in flags):
        settings_policy = RetentionPolicy()
    else:
        settings = profile.get()
        settings_policy = retention.policy_for(
            history_days=settings.history_retention_days,
            records_years=settings.records_retention_years,
            audit_years=settings.audit_retention_years,
            today=date.today(),
        )
    for days in flags:
        if days is not None and days < 1:
            raise KnownError("retention periods are whole days, 1 or more", code="purge_days")

    def pick(days: int | None, fallback: timedelta) -> timedelta:
        return fallback if days is None else timedelta(days=days)

    return RetentionPolicy(
        histories=pick(args.histories_days, settings_policy.histories),
        visits=pick(args.visits_days, settings_policy.visits),
        audit=pick(args.audit_days, settings_policy.audit),
    )


def read_password(stdin: TextIO, *, confirm: bool) -> str:
    if stdin.isatty():
        first = getpass.getpass("Password: ")
        if confirm and getpass.getpass("Repeat password: ") != first:
            raise KnownError("the two passwords differ", code="password_mismatch")
        return first
    line = stdin.readline()
    return line.rstrip("\r\n")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="madoguchi", description="Madoguchi store commands")
    commands = parser.add_subparsers(dest="command", required=True)

    def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument(
            "--db", help="database URL or SQLite file (default: database.url in the settings)"
        )
        return p

    user = commands.add_parser("user", help="staff accounts")
    user_actions = user.add_subparsers(dest="action", required=True)
    add = with_db(user_actions.add_parser("add", help="create an account (password prompted)"))
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=[r.value for r in StaffRole])
    with_db(user_actions.add_parser("list", help="list accounts"))
    for action, text in (
        ("lock", "lock an account until unlocked"),
        ("unlock", "unlock an account and clear failed attempts"),
        ("passwd", "set a new password (prompted)"),
    ):
        with_db(user_actions.add_parser(action, help=text)).add_argument("name")

    audit = commands.add_parser("audit", help="the audit log")
    audit_actions = audit.add_subparsers(dest="action", required=True)
    verify = with_db(audit_actions.add_parser("verify", help="check the whole hash chain"))
    verify.add_argument(
        "--expect-head",
        metavar="HASH",
        help="a head hash printed earlier; fails if that row is no longer in the chain",
    )
    tail = with_db(audit_actions.add_parser("tail", help="show the newest rows"))
    tail.add_argument("-n", type=int, default=20)

    backup = with_db(commands.add_parser("backup", help="write an encrypted backup generation"))
    backup.add_argument("--dir", type=Path, help="backup folder (default: the profile's)")
    backup.add_argument(
        "--keep", type=int, help="generations to keep (default: backup.generations in the settings)"
    )
    backup_actions = backup.add_subparsers(dest="action", metavar="{key}")
    key = backup_actions.add_parser(
        "key", help="move the backup key to another PC (export / import a key file)"
    )
    key_actions = key.add_subparsers(dest="key_action", required=True)
    export = with_db(
        key_actions.add_parser("export", help="write the key to a new owner-only file")
    )
    export.add_argument("--to", dest="key_file", type=Path, required=True, metavar="FILE")
    import_ = with_db(
        key_actions.add_parser("import", help="put the key from a key file into this keyring")
    )
    import_.add_argument("--from", dest="key_file", type=Path, required=True, metavar="FILE")
    import_.add_argument(
        "--force", action="store_true", help="replace a different key already in the keyring"
    )

    restore = with_db(commands.add_parser("restore", help="restore a backup into an empty profile"))
    restore.add_argument("file", type=Path)

    purge = with_db(commands.add_parser("purge", help="remove data past its retention period"))
    purge.add_argument(
        "--histories-days", type=int, help="default: retention.history_days in the settings"
    )
    purge.add_argument(
        "--visits-days", type=int, help="default: retention.records_years in the settings"
    )
    purge.add_argument("--audit-days", type=int, help="default: retention.audit_years")

    mig = with_db(commands.add_parser("migrate", help="bring the schema to the newest revision"))
    mig.add_argument(
        "--show", action="store_true", help="only show the current and newest revision"
    )
    return parser


def main(
    argv: list[str],
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    settings_file: Path | None = None,
) -> int:
    """``argv[0]`` is the subcommand (as ``clinic_app.__main__`` passes it).

    ``settings_file`` replaces the profile's settings file (tests).
    """
    out = stdout or sys.stdout
    args = _parser().parse_args(argv)
    try:
        if args.command == "backup" and args.action == "key":
            flags = "--db"
        else:
            flags = SETTINGS_FLAGS.get(args.command, "--db")
        profile = ProfileSettings(settings_file, flags=flags)
        return _dispatch(args, stdin or sys.stdin, out, profile)
    except KnownError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return EXIT_ERROR


def _dispatch(
    args: argparse.Namespace, stdin: TextIO, out: TextIO, profile: ProfileSettings
) -> int:
    # Every default is resolved before connecting: a bad setting or flag changes nothing.
    makes_backup = args.command == "backup" and args.action is None
    keep = _backup_generations(args, profile) if makes_backup else 0
    policy = retention_policy(args, profile) if args.command == "purge" else RetentionPolicy()
    url = database_url(args.db, profile)
    if args.command == "migrate":
        return _migrate(url, show=args.show, out=out)
    with Database.open(url, secret_store=_secret_store()) as db:
        if args.command == "user":
            return _user(db, args, stdin, out)
        if args.command == "audit":
            return _audit(db, args, out)
        if args.command == "backup" and args.action == "key":
            return _backup_key(db, args, out)
        if args.command == "backup":
            folder = args.dir or paths.backup_dir()
            info = backups.create_backup(db, folder, _secret_store(), keep=keep)
            print(
                f"backup written: {info.path} ({info.rows} rows, {info.size_bytes} bytes)", file=out
            )
            return EXIT_OK
        if args.command == "restore":
            restored = backups.restore_backup(db, args.file, _secret_store())
            print(
                f"restored {restored.rows} rows from {restored.source.name} "
                f"(made {restored.backup_created_at:%Y-%m-%d %H:%M})",
                file=out,
            )
            return EXIT_OK
        if args.command == "purge":
            report = retention.purge(db, policy)
            removed = ", ".join(f"{name}={count}" for name, count in report.removed.items())
            print(f"purged: {removed}", file=out)
            print(
                f"kept: histories {policy.histories.days} days, visits {policy.visits.days} "
                f"days, audit {policy.audit.days} days",
                file=out,
            )
            return EXIT_OK
    raise AssertionError(f"unhandled command {args.command}")  # argparse prevents this


def _backup_key(db: Database, args: argparse.Namespace, out: TextIO) -> int:
    """``backup key export|import``: the key goes only into the file or the keyring."""
    store = _secret_store()
    if args.key_action == "export":
        fingerprint = backups.export_key(db, store, args.key_file)
        print(f"backup key written to {args.key_file} (fingerprint {fingerprint})", file=out)
        print(
            "warning: this file unlocks every backup of this clinic. Store it offline "
            "(on a USB stick or on paper in the safe, or in the clinic's password manager) "
            "and delete it from this PC.",
            file=sys.stderr,
        )
        return EXIT_OK
    result = backups.import_key(db, store, args.key_file, force=args.force)
    if result.outcome == "same_key":
        print(
            f"this keyring already holds that backup key (fingerprint {result.fingerprint})",
            file=out,
        )
    elif result.outcome == "replaced":
        print(
            f"backup key replaced: now {result.fingerprint}, was {result.previous_fingerprint}",
            file=out,
        )
    else:
        print(f"backup key imported (fingerprint {result.fingerprint})", file=out)
    return EXIT_OK


def _secret_store() -> secrets.SecretStore:
    return secrets.KeyringSecretStore()


def _migrate(url: str, *, show: bool, out: TextIO) -> int:
    import sqlalchemy as sa

    from clinic_app.store.database import with_keyring_password
    from clinic_app.store.engine import create_store_engine

    head = migrate.head_revision()
    # The same password rule as Database.open: a PostgreSQL URL without one uses the keyring's.
    engine = create_store_engine(with_keyring_password(sa.make_url(url), _secret_store()))
    try:
        current = migrate.current_revision(engine)
    finally:
        engine.dispose()
    if show or current == head:
        print(f"schema revision: {current or 'none'} (newest: {head})", file=out)
        return EXIT_OK
    with Database.open(url, secret_store=_secret_store()) as db:
        outcome = db.last_migration
    print(f"migrated from {current or 'empty'} to {head}", file=out)
    if outcome is not None and outcome.copy_path is not None:
        print(f"copy of the database before migrating: {outcome.copy_path}", file=out)
    return EXIT_OK


def _user(db: Database, args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    if args.action == "add":
        password = read_password(stdin, confirm=True)
        user = db.run(lambda uow: uow.staff.add(args.name, password, StaffRole(args.role)))
        print(f"user {user.username} added (role {user.role.value}, id {user.id})", file=out)
    elif args.action == "list":
        now = datetime.now()

        def list_and_audit(uow: UnitOfWork) -> list[StaffUser]:
            uow.audit.append(AuditEvent.USER_LISTED, detail={"via": "cli"})
            return uow.staff.list_all()

        users = db.run(list_and_audit)
        for user in users:
            state = "locked" if user.is_locked(now) else ("disabled" if not user.active else "ok")
            last = f"{user.last_login_at:%Y-%m-%d %H:%M}" if user.last_login_at else "never"
            print(f"{user.username}\t{user.role.value}\t{state}\tlast login {last}", file=out)
    elif args.action == "lock":
        db.run(lambda uow: uow.staff.lock(args.name))
        print(f"user {args.name} locked", file=out)
    elif args.action == "unlock":
        db.run(lambda uow: uow.staff.unlock(args.name))
        print(f"user {args.name} unlocked", file=out)
    elif args.action == "passwd":
        password = read_password(stdin, confirm=True)
        db.run(lambda uow: uow.staff.set_password(args.name, password))
        print(f"password of {args.name} changed", file=out)
    return EXIT_OK


def _audit(db: Database, args: argparse.Namespace, out: TextIO) -> int:
    with db.session(write=False) as uow:
        if args.action == "tail":
            for entry in reversed(uow.audit.latest(args.n)):
                print(
                    f"{entry.seq}\t{entry.occurred_at:%Y-%m-%d %H:%M:%S}\t{entry.event}\t"
                    f"staff={entry.staff_id}\tpatient={entry.patient_id}\t{dict(entry.detail)}",
                    file=out,
                )
            return EXIT_OK
        verdict = uow.audit.verify(expected_head=args.expect_head)
    if verdict.ok:
        print(
            f"audit chain OK: {verdict.rows_checked} rows; head hash {verdict.head_hash}",
            file=out,
        )
        return EXIT_OK
    where = f"at row {verdict.first_bad_seq}" if verdict.first_bad_seq is not None else "at the end"
    print(
        f"audit chain BROKEN {where}: {verdict.problem} ({verdict.rows_checked} rows checked)",
        file=out,
    )
    return EXIT_AUDIT_BROKEN
