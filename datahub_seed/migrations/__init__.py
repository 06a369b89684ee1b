"""The Alembic tree: one history per database under versions/, and the steps they share."""
