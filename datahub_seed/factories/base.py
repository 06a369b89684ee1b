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
from typing import TYPE_CHECKING, Any, TypeVar

import factory
from factory.declarations import BaseDeclaration as Declaration
from factory.random import randgen
from sqlalchemy import inspect, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import UnboundExecutionError
from sqlalchemy.orm import Mapper, Session

from datahub_seed.clock import EPOCH, YEAR_DAYS
from datahub_seed.distributions import Range, Weights, load
from datahub_seed.errors import ConfigError, FactoryUnbound

TEXTS = load("texts")
CENT = Decimal("0.01")
PHONE = "+1-###-555-01##"  # the 555-01xx range reserved for fiction, as the generators make numbers
SECOND = dt.timedelta(seconds=1)
DAY = dt.timedelta(days=1)
YEAR = DAY * 365  # as the generators count whole years of a term or a delay

T = TypeVar("T")  # the model a factory makes
_session: Session | None = None  # set by bound()
_as_of: dt.datetime | None = None  # set by set_as_of()


@contextmanager
def bound(session: Session) -> Iterator[Session]:
    """Bind every factory to ``session`` inside the block; what was bound before is bound again after
    it. The session is one over the six databases (``open_session``), so that a reference to another
    database finds (or makes) its row in the same session."""
    global _session
    if not isinstance(session, Session):
        raise ConfigError(
            f"bound() takes a SQLAlchemy Session, not {type(session).__name__}: make one with"
            " datahub_seed.factories.open_session(databases)"
        )
    previous, _session = _session, session
    try:
        yield session
    finally:
        _session = previous


def open_session(databases: Mapping[str, "str | URL"] | None = None) -> Session:
    """One session over ``databases`` (name -> URL of a migrated database), each table written to its
    own database: the session ``bound()`` takes. URLs may be text (``postgresql://...``) or SQLAlchemy's
    ``URL``; dhub's driver is used either way. Without ``databases``: those `dhub` uses (its
    environment variables, or the embedded server, started if need be). Its engines keep no
    connection once it closes."""
    import logging

    from datahub_seed.config import database_urls, resolve_urls
    from datahub_seed.db import engine_for
    from datahub_seed.models import BASES

    urls = resolve_urls(notify=logging.getLogger("datahub_seed").info) if databases is None else databases
    return Session(binds={BASES[name]: engine_for(url) for name, url in database_urls(urls).items()})


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
    key = key_attribute(model)
    keys = _session.scalars(select(key).where(*where).order_by(key)).all()
    return _session.get(model, randgen.choice(keys)) if keys else None


def key_attribute(model: type) -> Any:
    """The model's key as a mapped attribute, so that the session finds its database."""
    mapper: Mapper[Any] = inspect(model)
    return mapper.get_property_by_column(mapper.primary_key[0]).class_attribute


def scalar(statement: Any) -> Any:
    """The value the bound session's databases give for ``statement``; None without a session."""
    return _session.scalar(statement) if _session is not None else None


def scalars(statement: Any) -> list:
    """The values the bound session's databases give for ``statement``; none without a session."""
    return list(_session.scalars(statement)) if _session is not None else []


class BaseFactory(factory.Factory[T]):
    """Creates rows through the session of ``bound()``, flushed so that their keys are known;
    builds them without one."""

    class Meta:
        abstract = True

    if TYPE_CHECKING:  # factory_boy's metaclass makes ``Factory()`` a create(); mypy reads its type here

        def __new__(cls, **kwargs: Any) -> T: ...  # type: ignore[misc]

    @classmethod
    def _generate(cls, strategy, params):
        if strategy == factory.CREATE_STRATEGY:
            session_for(cls.__name__)  # before any sub-factory: the error names the factory called
            params = given(cls, params)
        try:
            return super()._generate(strategy, params)
        except UnboundExecutionError as error:
            missing = ", ".join(unreachable(session_for(cls.__name__)))
            raise FactoryUnbound(
                f"the bound session has no database for {missing}: bind one over the six databases"
                " (datahub_seed.factories.open_session)"
            ) from error

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        made = model_class(*args, **kwargs)
        save(made)
        return made


def unreachable(session: Session) -> list[str]:
    """The databases ``session`` has no engine for."""
    from datahub_seed.models import BASES

    missing = []
    for name, base in BASES.items():
        try:
            session.get_bind(next(iter(base.registry.mappers)))
        except UnboundExecutionError:
            missing.append(name)
    return missing


def given(factory_class: Any, params: dict[str, Any]) -> dict[str, Any]:
    """What a create is given, as the factory takes it: ``customer_id=N`` where the factory finds or
    makes a ``customer`` names that row, which must exist; a row given for a find that says what
    does not fit (``unfit``) is checked against the find's rule (see ``Fits``)."""
    declared, caller = factory_class._meta.declarations, factory_class.__name__
    params = dict(params)
    for key in [key for key in params if key.endswith("_id")]:
        name = key.removesuffix("_id")
        if isinstance(declared.get(name), factory.SubFactory) and name not in params:
            row = session_for(caller).get(declared[name].get_factory()._meta.model, params[key])
            if row is None:
                raise ConfigError(f"{caller}: there is no {name} {params[key]}")
            params[name] = row
            del params[key]
    for name, value in params.items():
        find = declared.get(name)
        if isinstance(find, FindOrMake) and find.unfit and value is not None and not isinstance(value, Declaration):
            params[name] = Fits(value, find, f"{caller}: {name}")
    return params


class Fits(Declaration):
    """A row given where the factory would find one: it must fit the find's rule for the row being
    made (an officer employed on the application's day, a customer without a KYC record), or a
    ConfigError says what does not fit, before a database refuses it or verify finds it."""

    def __init__(self, row: Any, find: "FindOrMake", label: str) -> None:
        super().__init__()
        self.row, self.find, self.label = row, find, label

    def evaluate(self, instance, step, extra):
        session = session_for(self.label)
        session.flush()
        identity = inspect(self.row).identity
        key = key_attribute(type(self.row))
        if identity and session.scalar(select(key).where(key == identity[0], *self.find.where(instance))) is None:
            raise ConfigError(
                f"{self.label} {identity[0]} {self.find.unfit(instance)}; leave it out to find or make one that fits"
            )
        return self.row


class SubFactory(factory.SubFactory):
    """factory_boy's SubFactory, whose values (``loan__application__officer=...``) are taken as a
    direct create's are (``given``)."""

    def evaluate(self, instance, step, extra):
        if step.builder.strategy == factory.CREATE_STRATEGY:
            extra = given(self.get_factory(), extra)
        return super().evaluate(instance, step, extra)


class FindOrMake(SubFactory):
    """A row this one refers to. On create, one that the session holds and that fits ``where(o)``
    (``o``: the referring factory's attributes), picked as ``pick`` does; else, and on build, one
    made by the factory with ``overrides``. Values for the row itself (``customer__city=...``)
    make a new one. Where ``where`` is a rule rather than a preference, ``unfit(o)`` says why a
    row does not fit it, and a row given is checked (``Fits``)."""

    def __init__(
        self,
        factory_class: Any,
        where: Callable[[Any], list] = lambda o: [],
        unfit: Callable[[Any], str] | None = None,
        **overrides: Any,
    ) -> None:
        super().__init__(factory_class, **overrides)
        self.where, self.unfit = where, unfit

    def evaluate(self, instance, step, extra):
        if step.builder.strategy == factory.CREATE_STRATEGY and extra.keys() <= self._defaults.keys():
            found = pick(self.get_factory()._meta.model, *self.where(instance))
            if found is not None:
                return found
        return super().evaluate(instance, step, extra)


def find_or_make(
    factory_class: Any,
    where: Callable[[Any], list] = lambda o: [],
    unfit: Callable[[Any], str] | None = None,
    **overrides: Any,
) -> FindOrMake:
    return FindOrMake(factory_class, where, unfit, **overrides)


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
