"""Alembic environment, driven programmatically by ``clinic_app.store.migrate``.

No alembic.ini: the caller puts an open connection (already inside a
transaction, foreign keys off on SQLite) in ``config.attributes["connection"]``.
"""

from alembic import context

from clinic_app.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
