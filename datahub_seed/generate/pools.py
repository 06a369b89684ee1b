"""Names, places and phrases to draw from: built once per seed from Faker's own lists and texts.toml.

Calling Faker per value costs 70 to 200 us; drawing an index into a pool costs nanoseconds, and
the pools come from the same provider lists and formats, so the values read the same.
"""

import random
from dataclasses import dataclass
from functools import cache

import numpy as np
from faker.providers.address.en_US import Provider as AddressProvider
from faker.providers.person.en_US import Provider as PersonProvider

from datahub_seed.distributions import load
from datahub_seed.generate.core import stream
from datahub_seed.generate.frame import Pooled
from datahub_seed.places import place

TEXTS = load("texts")
POOL_SIZE = 2_000


@dataclass(frozen=True)
class Pools:
    first_names: tuple[str, ...]
    first_name_p: np.ndarray
    last_names: tuple[str, ...]
    last_name_p: np.ndarray
    streets: tuple[str, ...]
    places: tuple[tuple[str, str, str], ...]  # city, state, ZIP
    email_domains: tuple[str, ...]

    def full_names(self, rng: np.random.Generator, n: int) -> list[str]:
        first = rng.choice(len(self.first_names), n, p=self.first_name_p)
        last = rng.choice(len(self.last_names), n, p=self.last_name_p)
        return [
            f"{self.first_names[f]} {self.last_names[s]}" for f, s in zip(first.tolist(), last.tolist(), strict=True)
        ]


Weighted = tuple[tuple[str, ...], np.ndarray]  # values, and the probability of each


def _weighted(names: dict[str, float]) -> Weighted:
    weights = np.array(list(names.values()), dtype=float)
    return tuple(names), weights / weights.sum()


@cache
def pools(seed: int) -> Pools:
    first, first_p = _weighted(PersonProvider.first_names)
    last, last_p = _weighted(PersonProvider.last_names)
    places = random.Random(seed)
    return Pools(
        first_names=first,
        first_name_p=first_p,
        last_names=last,
        last_name_p=last_p,
        streets=streets(stream(seed, "pools.streets"), (first, first_p), (last, last_p), POOL_SIZE),
        places=tuple(place(places) for _ in range(POOL_SIZE // 4)),
        email_domains=("example.com", "example.net", "example.org", "mail.example.com", "inbox.example.net"),
    )


def streets(rng: np.random.Generator, first: Weighted, last: Weighted, n: int) -> tuple[str, ...]:
    """Street addresses as Faker's en_US ``street_address`` makes them ("791 Crist Parks", some with
    "Apt. 123" or "Suite 123"): a 3- to 5-digit building number, a weighted first or last name and a
    street suffix, each part uniform over the provider's formats."""
    digits = rng.integers(3, 6, n)  # the building number formats: ###, #### or #####
    numbers = rng.integers(0, 10**digits)
    first_names = rng.choice(len(first[0]), n, p=first[1])
    last_names = rng.choice(len(last[0]), n, p=last[1])
    by_last_name = rng.random(n) < 0.5
    suffixes = rng.choice(AddressProvider.street_suffixes, n)
    units = rng.integers(0, 1000, n)
    secondary = rng.integers(0, 4, n)  # half have none (the first format), then Apt. and Suite alike
    names = np.where(by_last_name, np.asarray(last[0])[last_names], np.asarray(first[0])[first_names])
    after = ("", "", " Apt. {:03d}", " Suite {:03d}")
    return tuple(
        f"{number:0{width}d} {name} {suffix}" + after[kind].format(unit)
        for width, number, name, suffix, unit, kind in zip(
            digits.tolist(),
            numbers.tolist(),
            names.tolist(),
            suffixes.tolist(),
            units.tolist(),
            secondary.tolist(),
            strict=True,
        )
    )


def phones(rng: np.random.Generator, n: int) -> list[str]:
    """North American numbers in the 555-01xx range reserved for fiction."""
    area = rng.integers(201, 990, n)
    line = rng.integers(100, 200, n)
    return [f"+1-{a}-555-0{b}" for a, b in zip(area.tolist(), line.tolist(), strict=True)]


def phrases(rng: np.random.Generator, groups: list[list[str]], group: np.ndarray) -> Pooled:
    """For each row, a random phrase from the list of its group (e.g. comments by tone)."""
    start = np.cumsum([0] + [len(g) for g in groups])
    index = start[group] + rng.integers(0, 1 << 30, len(group)) % np.diff(start)[group]
    return Pooled([text for g in groups for text in g], index)
