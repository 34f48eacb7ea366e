"""SQLModel tables, one module per domain. No reflex import here."""

from treinico.models.agenda import (
    Appointment,
    BlockedPeriod,
    Booking,
    BookingEvent,
    BookingStatus,
    CalendarFeed,
    CancelKind,
    SessionType,
    SessionTypeProduct,
    WorkingHours,
)
from treinico.models.bulk import BatchStatus, BulkBatch, BulkItem, BulkOperation, ItemOutcome
from treinico.models.client import Client
from treinico.models.commerce import Product, ProductKind
from treinico.models.credit import CreditEvent, CreditEventType
from treinico.models.entitlement import (
    Entitlement,
    EntitlementEvent,
    EntitlementEventType,
    EntitlementSource,
)
from treinico.models.health import (
    HealthAttachment,
    HealthRecord,
    HealthRecordKind,
    HealthRecordVersion,
    TeamDataKey,
)
from treinico.models.homework import Task, TaskEvent, TaskStatus, TaskTemplate
from treinico.models.messages import (
    Conversation,
    Message,
    OutboxKind,
    OutboxStatus,
    Sender,
    WhatsAppOutbox,
)
from treinico.models.portal import LoginChallenge, PortalSession, PortalTicket
from treinico.models.privacy import (
    AccessAction,
    AccessLogEntry,
    ConsentEvent,
    ConsentPurpose,
    ConsentText,
    DataRequest,
    DataRequestKind,
)
from treinico.models.progress import Assessment, MeasurementValue, Metric
from treinico.models.team import (
    JobLease,
    LoginAttempt,
    LoginTicket,
    Membership,
    PublicProfile,
    StaffSession,
    Team,
    User,
)

__all__ = [
    "BatchStatus",
    "BulkBatch",
    "BulkItem",
    "BulkOperation",
    "ItemOutcome",
    "Conversation",
    "Message",
    "OutboxKind",
    "OutboxStatus",
    "Sender",
    "WhatsAppOutbox",
    "AccessAction",
    "AccessLogEntry",
    "ConsentEvent",
    "ConsentPurpose",
    "ConsentText",
    "DataRequest",
    "DataRequestKind",
    "HealthAttachment",
    "HealthRecord",
    "HealthRecordKind",
    "HealthRecordVersion",
    "TeamDataKey",
    "Assessment",
    "MeasurementValue",
    "Metric",
    "Task",
    "TaskEvent",
    "TaskStatus",
    "TaskTemplate",
    "Appointment",
    "BlockedPeriod",
    "Booking",
    "BookingEvent",
    "BookingStatus",
    "CalendarFeed",
    "CancelKind",
    "CreditEvent",
    "CreditEventType",
    "SessionType",
    "SessionTypeProduct",
    "WorkingHours",
    "Client",
    "Entitlement",
    "EntitlementEvent",
    "EntitlementEventType",
    "EntitlementSource",
    "LoginAttempt",
    "LoginChallenge",
    "LoginTicket",
    "Membership",
    "PortalSession",
    "PortalTicket",
    "Product",
    "ProductKind",
    "JobLease",
    "PublicProfile",
    "StaffSession",
    "Team",
    "User",
]
