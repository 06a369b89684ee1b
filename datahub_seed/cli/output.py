"""Plain-text tables and JSON for every command that prints rows."""

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import click


def render_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], grouped: bool = True) -> str:
    """Rows aligned under their headers; numbers right-aligned (integers with thousands separators
    when ``grouped``, decimals as stored), NULL shown as empty."""
    cells = [[_text(value, grouped) for value in row] for row in rows]
    widths = [max([len(header), *(len(row[i]) for row in cells)]) for i, header in enumerate(headers)]
    numeric = [bool(rows) and all(_is_number(row[i]) or row[i] is None for row in rows) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            value.rjust(width) if right else value.ljust(width)
            for value, width, right in zip(values, widths, numeric, strict=True)
        ).rstrip()

    return "\n".join([line(headers), line(["-" * width for width in widths]), *(line(row) for row in cells)])


def count_table(counts: dict[str, dict[str, int]], tables: bool = False) -> str:
    """Rows per database (``counts``: database -> table -> rows) and the total; with ``tables``,
    every table's rows, each database's subtotal after its tables."""
    rows: list[tuple[str, Any, int]] = []
    for database, per_table in counts.items():
        subtotal = sum(per_table.values())
        if tables:
            rows += [(database, table, count) for table, count in per_table.items()]
            rows.append((database, f"all {len(per_table)} tables", subtotal))
        else:
            rows.append((database, len(per_table), subtotal))
    table_count = sum(len(per_table) for per_table in counts.values())
    total = sum(count for per_table in counts.values() for count in per_table.values())
    rows.append(("total", f"all {table_count} tables" if tables else table_count, total))
    return render_table(["database", "table" if tables else "tables", "rows"], rows)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _text(value: Any, grouped: bool) -> str:
    if value is None:
        return ""
    if grouped and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return plain(value)


def plain(value: Any) -> str:
    """A value JSON has no type for, as text: bytes in PostgreSQL's hex form (``\\x0a1b``)."""
    return "\\x" + bytes(value).hex() if isinstance(value, bytes | memoryview) else str(value)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, default=plain))


def notify(message: str) -> None:
    """Progress and notices go to stderr so that stdout stays clean for --json."""
    click.echo(message, err=True)
