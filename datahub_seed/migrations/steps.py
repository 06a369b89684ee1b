"""Steps the second revisions share: moving a column to its new name with its constraints.

A revision must not import the models (they describe the newest schema, not the one a revision
moves from), so the names here are written out, as Alembic writes its own.
"""

from alembic import op


def rename(table: str, old: str, new: str, constraints: dict[str, str] | None = None) -> None:
    """Rename column ``old`` of ``table`` to ``new`` (its data, comment and constraints follow),
    and each constraint or index named in ``constraints`` (old name: new name)."""
    op.alter_column(table, old, new_column_name=new)
    for old_name, new_name in (constraints or {}).items():
        if old_name.startswith("ix_"):
            op.execute(f"ALTER INDEX {old_name} RENAME TO {new_name}")
        else:
            op.execute(f"ALTER TABLE {table} RENAME CONSTRAINT {old_name} TO {new_name}")


def unrename(table: str, old: str, new: str, constraints: dict[str, str] | None = None) -> None:
    """Undo ``rename`` called with the same arguments."""
    rename(table, new, old, {new_name: old_name for old_name, new_name in (constraints or {}).items()})
