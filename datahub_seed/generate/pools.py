"""Names, places and phrases to draw from: built once per seed from Faker's own lists and texts.toml.

Calling Faker per row costs ~70 us; drawing an index into a pool costs nanoseconds, and the
pools come from the same provider lists, so the values read the same.
"""

from dataclasses import dataclass
from functools import cache

import numpy as np
from faker import Faker
from faker.providers.person.en_US import Provider as PersonProvider

from datahub_seed.distributions import load
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


def _weighted(names: dict[str, float]) -> tuple[tuple[str, ...], np.ndarray]:
    weights = np.array(list(names.values()), dtype=float)
    return tuple(names), weights / weights.sum()


@cache
def pools(seed: int) -> Pools:
    faker = Faker("en_US")
    faker.seed_instance(seed)
    first, first_p = _weighted(PersonProvider.first_names)
    last, last_p = _weighted(PersonProvider.last_names)
    return Pools(
        first_names=first,
        first_name_p=first_p,
        last_names=last,
        last_name_p=last_p,
        streets=tuple(faker.street_address() for _ in range(POOL_SIZE)),
        places=tuple(place(faker.random) for _ in range(POOL_SIZE // 4)),
        email_domains=("example.com", "example.net", "example.org", "mail.example.com", "inbox.example.net"),
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
