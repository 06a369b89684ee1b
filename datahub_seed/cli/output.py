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


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _text(value: Any, grouped: bool) -> str:
    if value is None:
        return ""
    if grouped and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, default=str))


def notify(message: str) -> None:
    """Progress and notices go to stderr so that stdout stays clean for --json."""
    click.echo(message, err=True)
