"""SQLModel tables, one module per domain. No reflex import here."""

from treinico.models.client import Client
from treinico.models.commerce import Product, ProductKind
from treinico.models.team import LoginAttempt, LoginTicket, Membership, StaffSession, Team, User

__all__ = [
    "Client",
    "LoginAttempt",
    "LoginTicket",
    "Membership",
    "Product",
    "ProductKind",
    "StaffSession",
    "Team",
    "User",
]
