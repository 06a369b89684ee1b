"""COPY data rendered by numpy reads back as the values the ORM path would write, and the thread
that renders ahead of COPY keeps order, hands errors on and stops with its caller."""

import datetime as dt
import io
import threading
from decimal import Decimal

import numpy as np
import pytest
from sqlalchemy import BigInteger, Boolean, Column, Date, DateTime, Integer, MetaData, Numeric, Table, Text, text

from datahub_seed.ahead import ReadAhead
from datahub_seed.db import driver_connection
from datahub_seed.generate.copy_text import render
from datahub_seed.generate.frame import Frame, Nullable, Pooled

ODD_TEXTS = [
    "",
    "plain",
    "tab\there",
    "new\nline",
    "carriage\rreturn",
    "back\\slash",
    "\\N",
    "Zoë Ørsted 東京",
    "x" * 300,
]
EDGE = Table(
    "copy_edges",
    MetaData(),
    Column("id", BigInteger),
    Column("small", Integer),
    Column("money", Numeric(14, 2)),
    Column("rate", Numeric(7, 4)),
    Column("day", Date),
    Column("moment", DateTime),
    Column("flag", Boolean),
    Column("note", Text),
    Column("pooled", Text),
    Column("tabbed", Text),  # one character to escape alone: each is found on its own
)


def edge_frame() -> Frame:
    n = len(ODD_TEXTS)
    rows = np.arange(n)
    return Frame(
        EDGE,
        {
            "id": rows * 10**12 - 3,  # negative, and past 2**32
            "small": Nullable(rows - 4, rows % 3 == 0),
            "money": np.array([0, 1, -1, 5, -99, 100, 123456789012, -(10**12), 7]),  # cents
            "rate": Nullable(np.array([0, 1, 9999, 10000, -5, 123456, 7, 8, 9]), rows == 8),
            "day": np.array([0, -1, -365 * 60, 19_000, 20_000, 31, 59, 60, 2932896]),  # to 9999-12-31
            "moment": np.array([0, -1, 86_399, 86_400, 1_700_000_000, -2_000_000_000, 951_782_400, 59, 3600]),
            "flag": rows % 2 == 0,
            "note": Nullable(list(ODD_TEXTS), rows == 1),
            "pooled": Pooled(ODD_TEXTS[::-1], (rows * 5) % n),
            "tabbed": ["a\tb" if row == 3 else "ab" for row in range(n)],
        },
    )


def test_rendered_rows_read_back_as_the_orm_would_write_them(engines):
    frame = edge_frame()
    with engines["accounts_db"].connect() as connection:
        connection.execute(
            text(
                "CREATE TEMPORARY TABLE copy_edges (id bigint, small integer, money numeric(14, 2),"
                " rate numeric(7, 4), day date, moment timestamp, flag boolean, note text, pooled text, tabbed text)"
            )
        )
        driver_connection(connection).cursor().copy_expert(
            f"COPY copy_edges ({', '.join(frame.columns)}) FROM STDIN", io.BytesIO(render(frame))
        )
        read = [dict(row) for row in connection.execute(text("SELECT * FROM copy_edges ORDER BY id")).mappings()]
    assert read == frame.python_rows()
    assert read[2]["note"] == "tab\there" and read[6]["note"] == "\\N" and read[1]["note"] is None
    assert read[4]["money"] == Decimal("-0.99") and read[0]["day"] == dt.date(1970, 1, 1)


def test_an_empty_frame_renders_nothing():
    assert render(Frame(EDGE, {"id": np.array([], dtype=np.int64)})) == b""


def test_read_ahead_keeps_order_and_hands_on_an_error():
    def numbers():
        yield from range(100)
        raise ValueError("generator broke")

    seen = []
    with pytest.raises(ValueError, match="generator broke"), ReadAhead(numbers(), 3) as items:
        for number in items:
            seen.append(number)
    assert seen == list(range(100))


def test_read_ahead_holds_no_more_than_its_limit_but_always_one_item():
    made = []

    def sizes():
        for size in (5, 1, 1, 1, 9, 1):
            made.append(size)
            yield size

    with ReadAhead(sizes(), 4, weight=lambda size: size) as items:
        assert next(items) == 5  # heavier than the limit alone: let through
        taken = [5]
        for size in items:
            taken.append(size)
            assert items.held <= 4 or len(items.waiting) == 1, (made, taken)
    assert taken == [5, 1, 1, 1, 9, 1]


def test_read_ahead_stops_its_thread_when_the_caller_stops_early():
    made = []

    def endless():
        while True:
            made.append(len(made))
            yield made[-1]

    with ReadAhead(endless(), 2) as items:
        assert [next(items) for _ in range(5)] == [0, 1, 2, 3, 4]
    assert not [thread for thread in threading.enumerate() if thread.name == "dhub-read-ahead"]
    assert len(made) <= 5 + 2 + 2  # those taken, those queued, and the one being made when told to stop
