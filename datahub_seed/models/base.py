"""What every database's models share: stable constraint names, column types, CHECK helpers.

Each database's module declares its own ``DeclarativeBase`` with its own MetaData (``new_metadata``)
so that Alembic keeps one history per database, and the naming convention makes constraint names
stable across runs.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Identity,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

IntPK = Annotated[int, mapped_column(Integer, Identity(start=1), primary_key=True)]
BigPK = Annotated[int, mapped_column(BigInteger, Identity(start=1), primary_key=True)]
Money = Annotated[Decimal, mapped_column(Numeric(14, 2))]
Rate = Annotated[Decimal, mapped_column(Numeric(7, 4))]
Day = Annotated[dt.date, mapped_column(Date)]
Moment = Annotated[dt.datetime, mapped_column(DateTime)]
Code = Annotated[str, mapped_column(String(32))]
Name = Annotated[str, mapped_column(String(100))]
Prose = Annotated[str, mapped_column(Text)]
# References into another database: PostgreSQL cannot enforce them, so each is tagged with what it
# refers to, and `dhub seed verify` checks every tagged column.
EmployeeRef = Annotated[int, mapped_column(Integer, index=True, info={"refers_to": "employees"})]
CustomerRef = Annotated[int, mapped_column(Integer, index=True, info={"refers_to": "customers"})]
AccountRef = Annotated[int, mapped_column(Integer, index=True, info={"refers_to": "accounts"})]


def new_metadata() -> MetaData:
    """The MetaData of one database's declarative base (each database has its own)."""
    return MetaData(naming_convention=NAMING_CONVENTION)


def one_of(column: str, values: Iterable[str], nullable: bool = False) -> CheckConstraint:
    """CHECK that an enumerated column holds one of ``values``."""
    listed = ", ".join(f"'{value}'" for value in values)
    condition = f"{column} IN ({listed})"
    if nullable:
        condition = f"{column} IS NULL OR {condition}"
    return CheckConstraint(condition, name=f"{column}_valid")


def check(name: str, condition: str) -> CheckConstraint:
    return CheckConstraint(condition, name=name)
