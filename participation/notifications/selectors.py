"""Reads of the notification pages (the pages' query counts are tested)."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F

from ..models import EmailState, Notification
from .audiences import Description, describe
from .messages import EVENT_RELATED

NOTIFICATIONS_PER_PAGE = 20
FAILED_PER_PAGE = 50


@dataclass(frozen=True)
class NotificationItem:
    notification: Notification
    description: Description


def notification_page_for_user(*, user, page_number) -> Page:
    """The person's notifications, unread first then newest first, `NOTIFICATIONS_PER_PAGE` a page, each with
    its wording. Queries: the count and the page (events, proposals, processes, phases, actors joined)."""
    notifications = (
        Notification.objects.filter(recipient=user)
        .select_related(*EVENT_RELATED)
        # Unread (no read_at) first on every database (PostgreSQL sorts NULLs last by default).
        .order_by(F("read_at").asc(nulls_first=True), "-created_at", "-id")
    )
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(page_number)
    page.object_list = [NotificationItem(notification, describe(notification.event)) for notification in page]
    return page


def failed_notification_page(*, page_number) -> Page:
    """Notifications whose e-mail failed, newest first, with recipient and wording. Queries: count, page."""
    notifications = (
        Notification.objects.filter(email_state=EmailState.FAILED)
        .select_related("recipient", *EVENT_RELATED)
        .order_by("-created_at", "-id")
    )
    page = Paginator(notifications, FAILED_PER_PAGE).get_page(page_number)
    page.object_list = [NotificationItem(notification, describe(notification.event)) for notification in page]
    return page
