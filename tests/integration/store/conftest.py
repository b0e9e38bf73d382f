from tests.helpers.store_fixtures import (  # noqa: F401 (fixtures)
    backend,
    clock,
    db,
    empty_store_url,
    fast_password_hashing,
    pg_server,
    store_url,
)
