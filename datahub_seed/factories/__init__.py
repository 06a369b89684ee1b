"""factory_boy factories: one valid row of any table on demand, with the seeder's distributions.

Bind them to one session over the six databases for a block of code, then call them::

    import datetime

    from datahub_seed import factories

    session = factories.open_session(databases)  # {"accounts_db": url, ...}, migrated
    factories.reseed(7)  # the same objects in any process...
    factories.set_as_of(datetime.datetime(2026, 6, 30))  # ...on any day: nothing made lies after it
    with factories.bound(session):  # what was bound before comes back on exit
        loan = factories.LoanFactory(paid_off=True)  # its customer, officer and schedule, flushed

A row names rows of other databases (a loan's customer, officer and account): it finds fitting ones
in the session, or makes them, so that what the factories make passes the links and rules of
``dhub seed verify``. Creating outside ``bound()`` raises FactoryUnbound; ``build()`` needs no
session. The dhub_session fixture of the pytest plugin binds them for one test.
"""

import factory.random

from datahub_seed.factories.accounts import (
    AccountFactory,
    AccountRelationshipFactory,
    CustomerFactory,
    TransactionFactory,
)
from datahub_seed.factories.base import BaseFactory, bound, describe, open_session, set_as_of
from datahub_seed.factories.compliance import (
    AmlCheckFactory,
    AuditTrailFactory,
    ComplianceRuleFactory,
    KycRecordFactory,
    RegulatoryReportFactory,
    RuleViolationFactory,
    SuspiciousActivityReportFactory,
)
from datahub_seed.factories.customers import (
    CampaignFactory,
    CampaignResponseFactory,
    ComplaintFactory,
    CustomerProfileFactory,
    InteractionFactory,
    SatisfactionSurveyFactory,
)
from datahub_seed.factories.employees import (
    DepartmentFactory,
    EmployeeAssignmentFactory,
    EmployeeFactory,
    EmployeeTrainingFactory,
    PerformanceReviewFactory,
    TrainingProgramFactory,
)
from datahub_seed.factories.insurance import (
    BeneficiaryFactory,
    ClaimFactory,
    PolicyEventFactory,
    PolicyFactory,
    PremiumPaymentFactory,
)
from datahub_seed.factories.loans import (
    CollateralFactory,
    LoanApplicationFactory,
    LoanFactory,
    LoanGuarantorFactory,
    RepaymentScheduleFactory,
    RiskAssessmentFactory,
)

ALL_FACTORIES = (
    DepartmentFactory,
    EmployeeFactory,
    TrainingProgramFactory,
    EmployeeTrainingFactory,
    PerformanceReviewFactory,
    EmployeeAssignmentFactory,
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
    LoanApplicationFactory,
    LoanFactory,
    CollateralFactory,
    RepaymentScheduleFactory,
    LoanGuarantorFactory,
    RiskAssessmentFactory,
    PolicyFactory,
    BeneficiaryFactory,
    ClaimFactory,
    PremiumPaymentFactory,
    PolicyEventFactory,
    KycRecordFactory,
    AmlCheckFactory,
    SuspiciousActivityReportFactory,
    RegulatoryReportFactory,
    AuditTrailFactory,
    ComplianceRuleFactory,
    RuleViolationFactory,
)

for each in ALL_FACTORIES:
    describe(each)


def reseed(seed: int) -> None:
    """factory_boy's random state (Faker's with it) from ``seed``, and every factory's sequence from
    the start: with the same as-of, the same calls then make the same objects in any process."""
    factory.random.reseed_random(seed)
    for each in ALL_FACTORIES:
        each.reset_sequence()


__all__ = [each.__name__ for each in ALL_FACTORIES] + [
    "ALL_FACTORIES",
    "BaseFactory",
    "bound",
    "open_session",
    "reseed",
    "set_as_of",
]
