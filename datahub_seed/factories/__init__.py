"""factory_boy factories: one valid row on demand, with the seeder's distributions.

Give them a session per database, then call them::

    from datahub_seed.factories import AccountFactory, use_session
    use_session(accounts_session)
    AccountFactory(savings=True)  # an account and its customer, flushed
"""

from datahub_seed.factories.accounts import (
    AccountFactory,
    AccountRelationshipFactory,
    CustomerFactory,
    TransactionFactory,
)
from datahub_seed.factories.base import BaseFactory, use_session
from datahub_seed.factories.customers import (
    CampaignFactory,
    CampaignResponseFactory,
    ComplaintFactory,
    CustomerProfileFactory,
    InteractionFactory,
    SatisfactionSurveyFactory,
)
from datahub_seed.factories.employees import DepartmentFactory, EmployeeFactory, TrainingProgramFactory

ALL_FACTORIES = (
    DepartmentFactory,
    EmployeeFactory,
    TrainingProgramFactory,
    CustomerFactory,
    AccountFactory,
    AccountRelationshipFactory,
    TransactionFactory,
    CustomerProfileFactory,
    InteractionFactory,
    SatisfactionSurveyFactory,
    ComplaintFactory,
    CampaignFactory,
    CampaignResponseFactory,
)

__all__ = [factory.__name__ for factory in ALL_FACTORIES] + ["BaseFactory", "use_session"]
