"""What every factory shares: the bound session, the reference moment, finding or making the rows a
row refers to, and drawing from the distribution files.

Values come from ``factory.random.randgen`` and dates count back from ``as_of()``, so that the same
``reseed(n)``, ``set_as_of(moment)`` and calls make the same objects in any process.
"""

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from decimal import ROUND_DOWN, Decimal
from inspect import cleandoc
from typing import Any

import factory
from factory.random import randgen
from sqlalchemy import create_engine, inspect, select
from sqlalchemy.engine import URL
from sqlalchemy.orm import Mapper, Session
from sqlalchemy.pool import NullPool

from datahub_seed.clock import EPOCH, YEAR_DAYS
from datahub_seed.distributions import Range, Weights, load
from datahub_seed.errors import FactoryUnbound

TEXTS = load("texts")
CENT = Decimal("0.01")
PHONE = "+1-###-555-01##"  # the 555-01xx range reserved for fiction, as the generators make numbers
SECOND = dt.timedelta(seconds=1)
DAY = dt.timedelta(days=1)
YEAR = DAY * 365  # as the generators count whole years of a term or a delay

_session: Session | None = None  # set by bound()
_as_of: dt.datetime | None = None  # set by set_as_of()


@contextmanager
def bound(session: Session) -> Iterator[Session]:
    """Bind every factory to ``session`` inside the block; what was bound before is bound again after
    it. The session is one over the six databases (``open_session``), so that a reference to another
    database finds (or makes) its row in the same session."""
    global _session
    previous, _session = _session, session
    try:
        yield session
    finally:
        _session = previous


def open_session(databases: Mapping[str, "str | URL"]) -> Session:
    """One session over ``databases`` (name -> URL of a migrated database), each table written to its
    own database: the session ``bound()`` takes. Its engines keep no connection once it closes."""
    from datahub_seed.models import BASES

    return Session(binds={BASES[name]: create_engine(url, poolclass=NullPool) for name, url in databases.items()})


def set_as_of(moment: dt.datetime | dt.date | None) -> None:
    """The reference moment every factory date counts back from: nothing a factory makes lies after
    it (SPEC "Time"). A date means its midnight; None means today's midnight, the default."""
    global _as_of
    if isinstance(moment, dt.date) and not isinstance(moment, dt.datetime):
        moment = midnight(moment)
    _as_of = moment and moment.replace(microsecond=0)


def as_of() -> dt.datetime:
    return _as_of or midnight(dt.date.today())


def today() -> dt.date:
    return as_of().date()


def session_for(name: str) -> Session:
    """The bound session, or an error that says how to bind one."""
    if _session is None:
        raise FactoryUnbound(
            f"{name} has no session; wrap the code in `with datahub_seed.factories.bound(session):`"
            " (or use the dhub_session fixture)"
        )
    return _session


def save(*rows: Any) -> None:
    """Add ``rows`` to the bound session and flush, so that their keys are known."""
    session = session_for(type(rows[0]).__name__)
    session.add_all(rows)
    session.flush()


def pick(model: type, *where: Any) -> Any:
    """One row of ``model`` that the bound session holds and that fits ``where``, drawn with the
    factories' random among them in key order; None when there is none (or no session)."""
    if _session is None:
        return None
    _session.flush()
    mapper: Mapper[Any] = inspect(model)
    key = mapper.get_property_by_column(mapper.primary_key[0]).class_attribute  # mapped: the session finds its database
    keys = _session.scalars(select(key).where(*where).order_by(key)).all()
    return _session.get(model, randgen.choice(keys)) if keys else None


def scalar(statement: Any) -> Any:
    """The value the bound session's databases give for ``statement``; None without a session."""
    return _session.scalar(statement) if _session is not None else None


def scalars(statement: Any) -> list:
    """The values the bound session's databases give for ``statement``; none without a session."""
    return list(_session.scalars(statement)) if _session is not None else []


class BaseFactory(factory.Factory):
    """Creates rows through the session of ``bound()``, flushed so that their keys are known;
    builds them without one."""

    class Meta:
        abstract = True

    @classmethod
    def _generate(cls, strategy, params):
        if strategy == factory.CREATE_STRATEGY:
            session_for(cls.__name__)  # before any sub-factory: the error names the factory called
        return super()._generate(strategy, params)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        made = model_class(*args, **kwargs)
        save(made)
        return made


class FindOrMake(factory.SubFactory):
    """A row this one refers to. On create, one that the session holds and that fits ``where(o)``
    (``o``: the referring factory's attributes), picked as ``pick`` does; else, and on build, one
    made by the factory with ``overrides``. Values for the row itself (``customer__city=...``)
    make a new one."""

    def __init__(self, factory_class: Any, where: Callable[[Any], list] = lambda o: [], **overrides: Any) -> None:
        super().__init__(factory_class, **overrides)
        self.where = where

    def evaluate(self, instance, step, extra):
        if step.builder.strategy == factory.CREATE_STRATEGY and extra.keys() <= self._defaults.keys():
            found = pick(self.get_factory()._meta.model, *self.where(instance))
            if found is not None:
                return found
        return super().evaluate(instance, step, extra)


def find_or_make(factory_class: Any, where: Callable[[Any], list] = lambda o: [], **overrides: Any) -> FindOrMake:
    return FindOrMake(factory_class, where, **overrides)


def describe(factory_class: type[BaseFactory]) -> None:
    """Append the factory's traits to its docstring, so that ``help()`` lists them: read from the
    declarations, they cannot fall out of date."""
    names = [name for name, value in factory_class._meta.parameters.items() if isinstance(value, factory.Trait)]
    if names:
        factory_class.__doc__ = f"{cleandoc(factory_class.__doc__ or '')}\n\nTraits: {', '.join(names)}."


def traits(column: str, values) -> dict[str, factory.Trait]:
    """One boolean trait per value, e.g. ``savings=True`` sets ``account_type="savings"``."""
    return {value: factory.Trait(**{column: value}) for value in values}


def draw(weights: Weights, among: tuple[str, ...] | None = None) -> str:
    """One value drawn with the distribution's own weights (only from ``among``, when given)."""
    values = [value for value in weights.values if not among or value in among]
    return randgen.choices(values, [weights.share(value) for value in values])[0]


def weighted(weights: Weights) -> factory.LazyFunction:
    return factory.LazyFunction(lambda: draw(weights))


def chance(share: float) -> bool:
    return randgen.random() < share


def integer(bounds: Range) -> int:
    return randgen.randint(int(bounds.low), int(bounds.high))


def money(bounds: Range) -> Decimal:
    return Decimal(randgen.randint(int(bounds.low * 100), int(bounds.high * 100))).scaleb(-2)


def part_of(amount: Decimal, bounds: Range) -> Decimal:
    """A share of ``amount`` drawn from ``bounds`` (e.g. approved 80-100% of the request), in cents."""
    return (amount * Decimal(str(randgen.uniform(bounds.low, bounds.high)))).quantize(CENT, ROUND_DOWN)


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def moment_between(start: dt.datetime, end: dt.datetime) -> dt.datetime:
    """A whole second in [start, end]; ``start`` when the span is empty."""
    seconds = max(int((end - start).total_seconds()), 0)
    return start.replace(microsecond=0) + dt.timedelta(seconds=randgen.randint(0, seconds))


def day_between(start: dt.date, end: dt.date) -> dt.date:
    """A day in [start, end]; ``start`` when the span is empty."""
    return start + dt.timedelta(days=randgen.randint(0, max((end - start).days, 0)))


def years_ago(years: float) -> dt.datetime:
    return as_of() - dt.timedelta(days=years * YEAR_DAYS)


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` later (the month's last day when it is shorter), as the
    generators count months."""
    import numpy as np  # with the generators' own month arithmetic, only once a date needs it

    from datahub_seed.generate.core import add_months, day_to_date

    return day_to_date(int(add_months(np.asarray((day - EPOCH.date()).days), np.asarray(months))))


def branch_code() -> str:
    return f"BR-{randgen.choice(TEXTS['branch_cities'])}-01"


def phone() -> factory.Faker:
    return factory.Faker("numerify", text=PHONE)
