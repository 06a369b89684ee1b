"""datahub-seed: realistic, internally consistent banking data in six PostgreSQL databases."""

__version__ = "0.1.0"
