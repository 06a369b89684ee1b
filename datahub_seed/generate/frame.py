"""Rows of one table held as columns, and their Python values (``copy_text`` renders them for COPY).

Column conventions (what a generator puts in ``Frame.columns``):
- integers, booleans: numpy arrays;
- NUMERIC(p, s): integers scaled by 10**s (cents for money), so arithmetic stays exact;
- DATE: days since the epoch; TIMESTAMP: seconds since the epoch;
- text: a list of str, or ``Pooled(pool, index)`` when values repeat from a small pool;
- JSONB: a list of already-serialised JSON strings;
- NULL: ``Nullable(values, null_mask)`` around any of the above.
"""

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from sqlalchemy import JSON, Boolean, Date, DateTime, Numeric, Table

from datahub_seed.generate.core import EPOCH, day_to_date


@dataclass
class Pooled:
    """Text values drawn from a small pool: ``pool[index[i]]``."""

    pool: Sequence[str]
    index: np.ndarray

    def __len__(self) -> int:
        return len(self.index)

    def __getitem__(self, rows: slice) -> "Pooled":
        return Pooled(self.pool, self.index[rows])

    def values(self) -> list[str]:
        pool = self.pool
        return [pool[i] for i in self.index.tolist()]


@dataclass
class Nullable:
    """Any column with some rows NULL (``null[i]`` True)."""

    values: Any
    null: np.ndarray

    def __len__(self) -> int:
        return len(self.null)

    def __getitem__(self, rows: slice) -> "Nullable":
        return Nullable(self.values[rows], self.null[rows])


@dataclass
class Frame:
    """Rows for ``table`` as equally long columns, named as in the model."""

    table: Table
    columns: dict[str, Any]

    def __post_init__(self) -> None:
        lengths = {name: len(values) for name, values in self.columns.items()}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"{self.table.name}: columns differ in length: {lengths}")
        unknown = set(self.columns) - set(self.table.columns.keys())
        if unknown:
            raise ValueError(f"{self.table.name}: no such columns {sorted(unknown)}")

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def chunks(self, rows: int) -> Iterator["Frame"]:
        for start in range(0, len(self), rows):
            yield Frame(self.table, {name: values[start : start + rows] for name, values in self.columns.items()})

    def python_rows(self) -> list[dict[str, Any]]:
        """The rows as dictionaries of Python values, for the portable ORM loader."""
        names = list(self.columns)
        converted = [_python_column(self.table.columns[name].type, self.columns[name]) for name in names]
        return [dict(zip(names, row, strict=True)) for row in zip(*converted, strict=True)]


@dataclass
class Update:
    """Set ``column`` of rows already loaded, keyed by ``key``: how a reference cycle is closed."""

    table: Table
    key: str
    column: str
    keys: np.ndarray
    values: np.ndarray


def _python_column(sql_type: Any, values: Any) -> list[Any]:
    if isinstance(values, Nullable):
        converted = _python_column(sql_type, values.values)
        return [None if null else value for value, null in zip(converted, values.null.tolist(), strict=True)]
    if isinstance(sql_type, JSON):  # kept serialised for COPY; the ORM serialises it itself
        return [json.loads(text) for text in _python_column(None, values)]
    if isinstance(values, Pooled):
        return values.values()
    if isinstance(values, list):
        return values
    if isinstance(sql_type, Boolean):
        return np.asarray(values, dtype=bool).tolist()
    if isinstance(sql_type, DateTime):
        return [EPOCH + dt.timedelta(seconds=s) for s in np.asarray(values).tolist()]
    if isinstance(sql_type, Date):
        return [day_to_date(d) for d in np.asarray(values).tolist()]
    if isinstance(sql_type, Numeric) and sql_type.scale:
        return [Decimal(v).scaleb(-sql_type.scale) for v in np.asarray(values).tolist()]
    return np.asarray(values).tolist()
