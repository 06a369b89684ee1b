"""How the generators and the factories count time: one definition, free of numpy, so that the
factories can share it without loading the generators."""

import datetime as dt

DAY = 86_400  # seconds
YEAR_DAYS = 365.25
EPOCH = dt.datetime(1970, 1, 1)
