"""Where customers live: a real city, its state, and a ZIP code in that state's range (SPEC: the
address, city and country are realistic and consistent with each other). Shared by the seeder's
pools and the factories; imports no numpy."""

import random

from faker.providers.address.en_US import Provider as Addresses

from datahub_seed.distributions import load

CITIES: dict[str, list[str]] = load("texts")["places"]  # state -> some of its real cities
STATES = sorted(CITIES)  # the 50 states and DC
ZIP_RANGES: dict[str, tuple[int, int]] = {state: Addresses.states_postcode[state] for state in STATES}


def place(random_source: random.Random) -> tuple[str, str, str]:
    """(city, state, ZIP code), drawn with ``random_source``."""
    state = random_source.choice(STATES)
    low, high = ZIP_RANGES[state]
    return random_source.choice(CITIES[state]), state, f"{random_source.randint(low, high):05d}"
