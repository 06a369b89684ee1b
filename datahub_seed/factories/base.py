"""What every factory shares: the session hook and declarations that draw from the distributions.

Values come from ``factory.random.randgen``, so ``factory.random.reseed_random(n)`` makes a test's
objects repeatable, as with any factory_boy factory.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import factory
from factory.alchemy import SQLAlchemyModelFactory, SQLAlchemyOptions
from factory.random import randgen
from sqlalchemy.orm import Session

from datahub_seed.distributions import Range, Weights


class SessionOptions(SQLAlchemyOptions):
    """A SQLAlchemy factory's ``_meta``, with the two options ``use_session`` sets declared: factory_boy
    makes them at run time (from ``OptionDefault``), so its own class has no annotation for them."""

    sqlalchemy_session: Session | None
    sqlalchemy_session_factory: Callable[[], Session] | None


class BaseFactory(SQLAlchemyModelFactory):
    _options_class = SessionOptions  # the class of every subclass's ``_meta``
    _meta: SessionOptions

    class Meta:
        abstract = True
        sqlalchemy_session_persistence = "flush"


def use_session(
    session: Session | None = None,
    session_factory: Callable[[], Session] | None = None,
    *factories: type[BaseFactory],
) -> None:
    """Make ``factories`` (default: all of them) create rows through ``session`` or ``session_factory``."""
    from datahub_seed.factories import ALL_FACTORIES

    for each in factories or ALL_FACTORIES:
        each._meta.sqlalchemy_session = session
        each._meta.sqlalchemy_session_factory = session_factory


def draw(weights: Weights) -> str:
    """One value drawn with the distribution's own weights."""
    return randgen.choices(weights.values, weights.probabilities.tolist())[0]


def weighted(weights: Weights) -> factory.LazyFunction:
    return factory.LazyFunction(lambda: draw(weights))


def chance(share: float) -> bool:
    return randgen.random() < share


def money(bounds: Range) -> Decimal:
    return Decimal(randgen.randint(int(bounds.low * 100), int(bounds.high * 100))).scaleb(-2)


def moment_between(start: dt.date, end: dt.datetime) -> dt.datetime:
    """A moment after ``start`` (a day counts from its midnight) and at most ``end``."""
    if not isinstance(start, dt.datetime):
        start = dt.datetime.combine(start, dt.time())
    seconds = max(int((end - start).total_seconds()), 1)
    return start + dt.timedelta(seconds=randgen.randint(1, seconds))


def years_ago(years: float) -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0) - dt.timedelta(days=int(years * 365.25))


def traits(column: str, values) -> dict[str, factory.Trait]:
    """One boolean trait per value, e.g. ``savings=True`` sets ``account_type="savings"``."""
    return {value: factory.Trait(**{column: value}) for value in values}
