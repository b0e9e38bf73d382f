"""Store fixtures (SQLite and PostgreSQL) for the services' adapter tests."""

from tests.helpers.store_fixtures import (  # noqa: F401 (fixtures)
    backend,
    clock,
    db,
    fast_password_hashing,
    pg_server,
    store_url,
)
