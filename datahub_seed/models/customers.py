"""customer_db: CRM data about customers: profiles, interactions, surveys, complaints, campaigns."""

from typing import ClassVar

from sqlalchemy import Boolean, ForeignKey, Integer, SmallInteger, String, Table, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from datahub_seed.distributions import load
from datahub_seed.models.base import (
    Code,
    Day,
    EmployeeRef,
    IntPK,
    Moment,
    Money,
    Name,
    Prose,
    check,
    new_metadata,
    one_of,
)

DIST = load("customer_db")
COMPLIANCE = load("compliance_db")


class Base(DeclarativeBase):
    metadata = new_metadata()
    __table__: ClassVar[Table]  # every model here maps a Table (DeclarativeBase says any FromClause)


INTERACTION_TYPES = sorted({t for types in DIST["interactions"]["channel_types"].values() for t in types})


class CustomerProfile(Base):
    __tablename__ = "customer_profiles"
    __table_args__ = (
        one_of("customer_segment", DIST["customer_profiles"]["customer_segment"].values),
        one_of("customer_status", DIST["customer_profiles"]["customer_status"].values),
        one_of("kyc_status", COMPLIANCE["kyc_records"]["kyc_status"].values),
        one_of("risk_rating", COMPLIANCE["kyc_records"]["risk_rating"].values),
        one_of("preferred_channel", DIST["customer_profiles"]["preferred_channel"].values),
        {"comment": "One CRM profile per customer in accounts_db.customers, with segment and service data."},
    )

    customer_id: Mapped[int] = mapped_column(
        Integer,
        primary_key=True,
        autoincrement=False,
        info={"refers_to": "customers"},
        comment="The customer (accounts_db.customers.customer_id).",
    )
    full_name: Mapped[str | None] = mapped_column(
        String(200), comment="The CRM's copy of the name: first and last name of accounts_db.customers."
    )
    email: Mapped[str | None] = mapped_column(String(200), comment="The CRM's copy of accounts_db.customers.email.")
    phone: Mapped[Code | None] = mapped_column(comment="The CRM's copy of accounts_db.customers.phone.")
    address: Mapped[str | None] = mapped_column(String(200), comment="Street address, as in accounts_db.customers.")
    city: Mapped[Name | None] = mapped_column(comment="City of the postal address.")
    country: Mapped[Name | None] = mapped_column(comment="Country of the postal address.")
    customer_segment: Mapped[Code] = mapped_column(comment="retail, premium, corporate or private_banking.")
    customer_status: Mapped[Code] = mapped_column(comment="Relationship status: active, dormant or closed.")
    kyc_status: Mapped[Code] = mapped_column(comment="verified, pending or expired; equals compliance_db.kyc_records.")
    risk_rating: Mapped[Code] = mapped_column(comment="low, medium or high; equals compliance_db.kyc_records.")
    assigned_agent_id: Mapped[EmployeeRef | None] = mapped_column(
        comment="Relationship agent (employees_db.employees); empty for unassigned customers."
    )
    preferred_channel: Mapped[Code] = mapped_column(comment="Channel the customer prefers to be contacted on.")
    onboarding_date: Mapped[Day] = mapped_column(comment="The date of the customer's created_at.")
    lifetime_value: Mapped[Money] = mapped_column(comment="Estimated lifetime value in USD.")
    created_at: Mapped[Moment] = mapped_column(comment="When the profile was made: the customer's created_at.")
    updated_at: Mapped[Moment] = mapped_column(comment="When the profile last changed; not before created_at.")


class Interaction(Base):
    __tablename__ = "interactions"
    __table_args__ = (
        one_of("channel", DIST["interactions"]["channel"].values),
        one_of("interaction_type", INTERACTION_TYPES),
        one_of("outcome", DIST["interactions"]["outcome"].values),
        check("duration_positive", "duration_minutes IS NULL OR duration_minutes > 0"),
        check("email_has_no_duration", "channel <> 'email' OR duration_minutes IS NULL"),
        {"comment": "Contacts between customers and the bank over any channel."},
    )

    interaction_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the interaction.")
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customer_profiles.customer_id"), index=True, comment="The customer."
    )
    channel: Mapped[Code] = mapped_column(comment="phone, email, web, mobile_app or branch.")
    interaction_type: Mapped[Code] = mapped_column(comment="What kind of contact, fitting the channel (call, chat...).")
    interaction_date: Mapped[Moment] = mapped_column(comment="When it happened.")
    duration_minutes: Mapped[int | None] = mapped_column(SmallInteger, comment="Length in minutes; empty for email.")
    handled_by: Mapped[EmployeeRef | None] = mapped_column(
        comment="Employee who handled it (employees_db.employees); empty when self-service."
    )
    outcome: Mapped[Code] = mapped_column(comment="resolved, escalated or follow_up.")
    subject: Mapped[Name] = mapped_column(comment="Topic of the contact.")
    notes: Mapped[Prose | None] = mapped_column(comment="What the employee noted about the contact and its outcome.")

    customer: Mapped[CustomerProfile] = relationship()


class SatisfactionSurvey(Base):
    __tablename__ = "satisfaction_surveys"
    __table_args__ = (
        check("nps_range", "nps_score BETWEEN 0 AND 10"),
        check("rating_range", "satisfaction_rating BETWEEN 1 AND 5"),
        {"comment": "Post-contact surveys: at most one per interaction, 1-3 days after it."},
    )

    survey_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the survey.")
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interactions.interaction_id"), unique=True, comment="The interaction surveyed."
    )
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customer_profiles.customer_id"), index=True, comment="The customer who answered."
    )
    survey_date: Mapped[Day] = mapped_column(comment="Day the survey was answered, 1-3 days after the interaction.")
    nps_score: Mapped[int] = mapped_column(SmallInteger, comment="Net Promoter Score answer, 0-10.")
    satisfaction_rating: Mapped[int] = mapped_column(SmallInteger, comment="Star rating, 1-5.")
    comments: Mapped[Prose | None] = mapped_column(comment="Free-text comment, when one was left.")

    interaction: Mapped[Interaction] = relationship()
    customer: Mapped[CustomerProfile] = relationship()


class Complaint(Base):
    __tablename__ = "complaints"
    __table_args__ = (
        one_of("complaint_type", DIST["complaints"]["complaint_type"].values),
        one_of("status", DIST["complaints"]["status"].values),
        one_of("priority", DIST["complaints"]["priority"].values),
        check(
            "resolution_matches_status",
            "(status IN ('resolved', 'closed')) = (resolved_date IS NOT NULL)"
            " AND (resolved_date IS NULL) = (resolution_time_hours IS NULL)",
        ),
        check("resolved_after_filed", "resolved_date IS NULL OR resolved_date > filed_date"),
        {"comment": "Customer complaints and how they were handled."},
    )

    complaint_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the complaint.")
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customer_profiles.customer_id"), index=True, comment="The complaining customer."
    )
    complaint_type: Mapped[Code] = mapped_column(comment="service, fee, product, fraud or other.")
    description: Mapped[Prose] = mapped_column(comment="The complaint in the customer's words.")
    filed_date: Mapped[Moment] = mapped_column(comment="When it was filed.")
    status: Mapped[Code] = mapped_column(comment="resolved, investigating, closed or open.")
    priority: Mapped[Code] = mapped_column(comment="critical, high, medium or low.")
    assigned_to: Mapped[EmployeeRef | None] = mapped_column(
        comment="Employee handling it (employees_db.employees); empty while unassigned."
    )
    resolved_date: Mapped[Moment | None] = mapped_column(comment="When a resolved or closed complaint ended.")
    resolution_time_hours: Mapped[int | None] = mapped_column(
        Integer, comment="Whole hours from filed_date to resolved_date."
    )

    customer: Mapped[CustomerProfile] = relationship()


class Campaign(Base):
    __tablename__ = "campaigns"
    __table_args__ = (
        one_of("campaign_type", DIST["campaigns"]["campaign_type"].values),
        one_of("target_segment", DIST["customer_profiles"]["customer_segment"].values),
        check("end_after_start", "end_date > start_date"),
        {"comment": "Marketing campaigns aimed at one customer segment."},
    )

    campaign_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the campaign.")
    campaign_name: Mapped[Name] = mapped_column(unique=True, comment="Unique campaign name.")
    campaign_type: Mapped[Code] = mapped_column(comment="email, digital, cross_sell or direct_mail.")
    target_segment: Mapped[Code] = mapped_column(comment="Customer segment the campaign aims at.")
    start_date: Mapped[Day] = mapped_column(comment="First day of the campaign.")
    end_date: Mapped[Day] = mapped_column(comment="Last day of the campaign.")
    budget: Mapped[Money] = mapped_column(comment="Budget in USD.")


class CampaignResponse(Base):
    __tablename__ = "campaign_responses"
    __table_args__ = (
        UniqueConstraint("campaign_id", "customer_id"),
        one_of("response_type", DIST["campaign_responses"]["response_type"].values),
        {"comment": "How customers responded to campaigns, inside each campaign's dates."},
    )

    response_id: Mapped[IntPK] = mapped_column(comment="Surrogate key of the response.")
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.campaign_id"), index=True, comment="The campaign responded to."
    )
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customer_profiles.customer_id"), index=True, comment="The responding customer."
    )
    response_date: Mapped[Day] = mapped_column(comment="Day of the response, within the campaign.")
    response_type: Mapped[Code] = mapped_column(comment="opened, clicked, replied, purchased or unsubscribed.")
    converted: Mapped[bool] = mapped_column(Boolean, comment="True when the response led to a product sale.")

    campaign: Mapped[Campaign] = relationship()
    customer: Mapped[CustomerProfile] = relationship()
