"""A person's notification frequencies, per topic (no row: the topic's default)."""

from django.db import transaction

from ..exceptions import InvalidInputError
from ..models import (
    DEFAULT_FREQUENCY,
    EmailState,
    Notification,
    NotificationFrequency,
    NotificationPreference,
    NotificationTopic,
    User,
)
from .unsubscribe import read_unsubscribe_token


def preferences_for(user) -> dict[str, str]:
    """{topic: frequency} for every topic, defaults filled in. One query."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("topic", "frequency"))
    return {str(topic): chosen.get(str(topic), str(DEFAULT_FREQUENCY[topic])) for topic in NotificationTopic}


def _set(user_id: int, topic: str, frequency: str) -> None:
    NotificationPreference.objects.update_or_create(
        user_id=user_id, topic=topic, defaults={"frequency": frequency}
    )
    if frequency == NotificationFrequency.OFF:
        # What was waiting for an e-mail of this topic is not sent any more (it stays in the app).
        Notification.objects.filter(
            recipient_id=user_id, topic=topic, email_state__in=[EmailState.PENDING, EmailState.QUEUED]
        ).update(email_state=EmailState.SKIPPED)
    elif frequency in (NotificationFrequency.DAILY, NotificationFrequency.WEEKLY):
        # Rows waiting for a digest follow the new one (with "immediately", they keep their digest).
        Notification.objects.filter(
            recipient_id=user_id, topic=topic, email_state=EmailState.PENDING
        ).exclude(email_frequency=frequency).update(email_frequency=frequency)


def notification_preferences_set(*, actor, frequencies: dict[str, str]) -> None:
    """Saves the actor's frequency for each topic given. Unknown topics or frequencies: `InvalidInputError`,
    nothing saved. Turning a topic off also stops its e-mails still waiting (pending digests, queued)."""
    if not getattr(actor, "is_authenticated", False):
        raise InvalidInputError()
    errors = {
        topic: [InvalidInputError.default_message]
        for topic, frequency in frequencies.items()
        if topic not in NotificationTopic.values or frequency not in NotificationFrequency.values
    }
    if errors:
        raise InvalidInputError(field_errors=errors)
    with transaction.atomic():
        for topic, frequency in frequencies.items():
            _set(actor.pk, topic, frequency)


def notification_unsubscribe(*, token: str) -> tuple[User, str]:
    """The one-click unsubscribe of a signed link: sets that topic to "off" for the person it names.
    Raises `unsubscribe.BadUnsubscribeToken` (nothing changed) for a bad, old or foreign token. Idempotent."""
    from .unsubscribe import BadUnsubscribeToken

    user_id, topic = read_unsubscribe_token(token)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or topic not in NotificationTopic.values:
        raise BadUnsubscribeToken("unknown user or topic")
    with transaction.atomic():
        _set(user.pk, topic, NotificationFrequency.OFF)
    return user, topic
