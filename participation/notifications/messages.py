"""Building the e-mails of notifications: subject, text and HTML in the recipient's language, with a one-click
unsubscribe link (signed, RFC 8058) in the body and in the `List-Unsubscribe` headers."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ..models import Notification, NotificationTopic
from .audiences import describe
from .unsubscribe import unsubscribe_token

# What an e-mail reads on the event and its notification; select_related with these, never a query per row.
EVENT_RELATED = (
    "event__actor",
    "event__process",
    "event__proposal__process",
    "event__phase",
    "event__comment",
)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _unsubscribe_url(user, topic: str) -> str:
    return absolute(reverse("notification_unsubscribe", kwargs={"token": unsubscribe_token(user, topic)}))


def _message(*, user, template: str, context: dict, unsubscribe_url: str) -> EmailMultiAlternatives:
    context = {
        **context,
        "user": user,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe_url,
        "settings_url": absolute(reverse("notification_settings")),
        "notifications_url": absolute(reverse("notification_list")),
    }
    subject = " ".join(render_to_string(f"emails/{template}.subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    return message


def notification_message(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail of one notification (read with `EVENT_RELATED` and its recipient)."""
    user = notification.recipient
    with translation.override(user.preferred_language):
        description = describe(notification.event)
        return _message(
            user=user,
            template="notification",
            context={
                "text": description.text,
                "url": absolute(description.url) if description.url.startswith("/") else description.url,
                "topic": NotificationTopic(notification.topic).label,
                "event": notification.event,
            },
            unsubscribe_url=_unsubscribe_url(user, notification.topic),
        )


def digest_message(*, user, frequency: str, notifications: list[Notification], total: int):
    """The digest e-mail of `user`: the first notifications (read with `EVENT_RELATED`) and their total."""
    with translation.override(user.preferred_language):
        items = []
        for notification in notifications:
            description = describe(notification.event)
            url = absolute(description.url) if description.url.startswith("/") else description.url
            items.append({"text": description.text, "url": url, "created_at": notification.created_at})
        topics = sorted({notification.topic for notification in notifications})
        # One topic: unsubscribing stops that topic; several: the link leads to the settings of the first
        # one and the settings page covers the others.
        return _message(
            user=user,
            template="digest",
            context={
                "items": items,
                "total": total,
                "more": total - len(items),
                "frequency": frequency,
                "topics": [NotificationTopic(topic).label for topic in topics],
            },
            unsubscribe_url=_unsubscribe_url(user, topics[0]),
        )
