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

__all__ = [factory.__name__ for factory in ALL_FACTORIES] + ["BaseFactory", "use_session"]
