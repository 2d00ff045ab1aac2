"""Notifications: what a domain event means for one person, shown in the app and sent by e-mail.

One `Notification` per (recipient, event) — a unique constraint — so the fan-out (see
`participation.notifications.fanout`) may run a batch twice without creating anything twice. Its e-mail moves
through `email_state` only with conditional updates (see `participation.notifications.emails`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationTopic(models.TextChoices):
    """The kinds of notification a person chooses a frequency for (one preference each)."""

    MY_PROPOSAL = "my_proposal", _("What happens to my proposals")
    COMMENTS_ON_MY_PROPOSAL = "comments_on_my_proposal", _("Comments on my proposals")
    REPLIES_TO_ME = "replies_to_me", _("Replies to my comments")
    FOLLOWED = "followed", _("News of what I follow (proposals, processes, funded projects)")
    PHASES = "phases", _("Phase openings of the processes I follow")
    VOTE_REMINDER = "vote_reminder", _("A reminder before a vote I have not taken part in closes")
    MODERATION = "moderation", _("New reports to moderate (moderators)")


class NotificationFrequency(models.TextChoices):
    """How the e-mails of a topic are sent. In the app the notification is listed whatever the frequency,
    except for the opt-in vote reminder (nobody with the reminder off gets one)."""

    OFF = "off", _("Never")
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")


DEFAULT_FREQUENCY = {
    NotificationTopic.MY_PROPOSAL: NotificationFrequency.IMMEDIATE,
    NotificationTopic.COMMENTS_ON_MY_PROPOSAL: NotificationFrequency.IMMEDIATE,
    NotificationTopic.REPLIES_TO_ME: NotificationFrequency.IMMEDIATE,
    NotificationTopic.FOLLOWED: NotificationFrequency.DAILY,
    NotificationTopic.PHASES: NotificationFrequency.DAILY,
    NotificationTopic.VOTE_REMINDER: NotificationFrequency.OFF,
    NotificationTopic.MODERATION: NotificationFrequency.IMMEDIATE,
}


class NotificationPreference(models.Model):
    """A person's frequency for one topic. No row: the topic's default (`DEFAULT_FREQUENCY`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    topic = models.CharField(_("topic"), max_length=40, choices=NotificationTopic.choices)
    frequency = models.CharField(_("frequency"), max_length=10, choices=NotificationFrequency.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="notification_preference_once"),
            models.CheckConstraint(
                condition=Q(frequency__in=[value for value, _label in NotificationFrequency.choices]),
                name="notification_preference_frequency_valid",
            ),
        ]

    def __str__(self):
        return f"{self.user_id} {self.topic}: {self.frequency}"


class EmailState(models.TextChoices):
    """pending: waits for its digest; queued: an immediate e-mail is (or must be) enqueued; sending: claimed
    by a task; sent; failed: permanent error, or interrupted while sending (see `emails`); skipped: no e-mail
    (the topic is off)."""

    PENDING = "pending", _("Waiting for the digest")
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("No e-mail")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(
        "participation.DomainEvent", on_delete=models.CASCADE, related_name="notifications"
    )
    topic = models.CharField(_("topic"), max_length=40, choices=NotificationTopic.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The recipient's frequency for the topic when the notification was created (which digest takes it).
    email_frequency = models.CharField(max_length=10, choices=NotificationFrequency.choices)
    email_state = models.CharField(_("e-mail"), max_length=10, choices=EmailState.choices)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.TextField(blank=True)
    # When the current claim (state "sending") was taken, and by which run (digests claim many rows at once).
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_claim = models.UUIDField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event"], name="notification_once_per_event"),
            models.CheckConstraint(
                condition=Q(email_state__in=[value for value, _label in EmailState.choices]),
                name="notification_email_state_valid",
            ),
        ]
        indexes = [
            # The recipient's list: unread first, newest first.
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_list_idx"),
            # Digests walk recipients with pending rows of one frequency, in recipient order.
            models.Index(
                fields=["email_frequency", "recipient"],
                condition=Q(email_state="pending"),
                name="notification_digest_idx",
            ),
            # The sweeper: rows waiting for (or stuck in) an immediate e-mail, and failures for staff.
            models.Index(
                fields=["email_state", "email_claimed_at"],
                condition=Q(email_state__in=["queued", "sending", "failed"]),
                name="notification_email_work_idx",
            ),
        ]

    def __str__(self):
        return f"notification #{self.pk} to {self.recipient_id} ({self.topic})"
