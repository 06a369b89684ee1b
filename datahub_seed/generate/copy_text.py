"""A frame's rows in PostgreSQL's COPY text format, rendered a column at a time by numpy.

A Python call per value would cost more than PostgreSQL spends taking the row in. Instead every
column becomes a matrix of bytes, one row per value, padded with NUL bytes (which PostgreSQL text
never holds): digits computed arithmetically, text cut out of one encoded buffer. The matrices side
by side, with a tab column between them and a newline column at the end, are the lines; dropping
the padding joins them into the COPY data.
"""

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import Boolean, Date, DateTime, Numeric

from datahub_seed.clock import DAY
from datahub_seed.generate.frame import Frame, Nullable, Pooled

NUL, TAB, NEWLINE, HYPHEN, COLON, POINT, ZERO, T = b"\0\t\n-:.0T"
NULL = b"\\N"
ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NEEDS_ESCAPE = re.compile(r"[\\\t\n\r]")


def render(frame: Frame) -> bytes:
    """The COPY data of ``frame``, one line per row."""
    rows = len(frame)
    if not rows:
        return b""
    parts = []
    for name, values in frame.columns.items():
        parts += [_column(frame.table.columns[name].type, values), _filled(rows, TAB)]
    parts[-1] = _filled(rows, NEWLINE)
    lines = np.concatenate(parts, axis=1)
    return lines[lines != NUL].tobytes()


def _column(sql_type: Any, values: Any) -> np.ndarray:
    if isinstance(values, Nullable):
        rendered = _column(sql_type, values.values)
        if rendered.shape[1] < len(NULL):
            rendered = np.pad(rendered, ((0, 0), (0, len(NULL) - rendered.shape[1])))
        rendered[values.null] = NUL
        rendered[values.null, : len(NULL)] = np.frombuffer(NULL, np.uint8)
        return rendered
    if isinstance(values, Pooled):
        return _texts(values.pool)[values.index]
    if isinstance(values, list):
        return _texts(values)
    if isinstance(sql_type, Boolean):
        return np.where(np.asarray(values, dtype=bool), ord("t"), ord("f")).astype(np.uint8)[:, None]
    if isinstance(sql_type, DateTime):
        seconds = np.asarray(values, dtype=np.int64)
        time = seconds % DAY
        clock = [_digits(time // 3600, 2), _filled(len(time), COLON), _digits(time // 60 % 60, 2)]
        clock += [_filled(len(time), COLON), _digits(time % 60, 2)]
        return np.concatenate([_dates(seconds // DAY), _filled(len(time), T), *clock], axis=1)
    if isinstance(sql_type, Date):
        return _dates(np.asarray(values, dtype=np.int64))
    if isinstance(sql_type, Numeric) and sql_type.scale:
        scaled = np.asarray(values, dtype=np.int64)
        units, fraction = np.divmod(np.abs(scaled), 10**sql_type.scale)
        point = _filled(len(scaled), POINT)
        return np.concatenate([_sign(scaled), _integers(units), point, _digits(fraction, sql_type.scale)], axis=1)
    integers = np.asarray(values, dtype=np.int64)
    return np.concatenate([_sign(integers), _integers(np.abs(integers))], axis=1)


def _texts(values: Sequence[str]) -> np.ndarray:
    """Each text escaped for COPY and UTF-8 encoded: all joined into one buffer, then cut apart."""
    joined = "\0".join(values)
    if NEEDS_ESCAPE.search(joined):
        joined = joined.translate(ESCAPES)
    buffer = np.frombuffer(joined.encode() + b"\0", np.uint8)
    ends = np.flatnonzero(buffer == NUL).astype(np.int32)  # a chunk's text is far below 2 GB
    starts = np.concatenate([np.zeros(1, np.int32), ends[:-1] + 1])
    lengths = ends - starts
    offsets = np.arange(max(1, int(lengths.max())), dtype=np.int32)
    inside = offsets < lengths[:, None]
    return np.where(inside, buffer[np.where(inside, starts[:, None] + offsets, 0)], NUL).astype(np.uint8)


def _dates(days: np.ndarray) -> np.ndarray:
    """YYYY-MM-DD of day numbers (days since 1970-01-01)."""
    date = days.astype("datetime64[D]")
    year, month = date.astype("datetime64[Y]"), date.astype("datetime64[M]")
    month_number = (month - year.astype("datetime64[M]")).astype(np.int64) + 1
    day_number = (date - month.astype("datetime64[D]")).astype(np.int64) + 1
    dash = _filled(len(days), HYPHEN)
    year_digits = _digits(year.astype(np.int64) + 1970, 4)
    return np.concatenate([year_digits, dash, _digits(month_number, 2), dash, _digits(day_number, 2)], axis=1)


def _integers(magnitudes: np.ndarray) -> np.ndarray:
    """Integers >= 0 in decimal, right-aligned: leading zeros become padding."""
    width = len(str(int(magnitudes.max()))) if len(magnitudes) else 1
    rendered = _digits(magnitudes, width)
    length = np.ones(len(magnitudes), np.int64)
    for power in range(1, width):
        length += magnitudes >= 10**power
    rendered[np.arange(width) < (width - length)[:, None]] = NUL
    return rendered


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """The last ``width`` decimal digits of integers >= 0, zero-padded."""
    rendered = np.empty((len(values), width), np.uint8)
    rest = np.asarray(values, dtype=np.int64)
    for position in range(width - 1, -1, -1):
        rest, digit = np.divmod(rest, 10)
        rendered[:, position] = digit
    return rendered + np.uint8(ZERO)


def _sign(values: np.ndarray) -> np.ndarray:
    return np.where(values < 0, HYPHEN, NUL).astype(np.uint8)[:, None]


def _filled(rows: int, byte: int) -> np.ndarray:
    return np.full((rows, 1), byte, np.uint8)
