"""Daily and weekly digests: one e-mail per person grouping their pending notifications of that frequency.

`digest_send_batch` walks the recipients that have pending rows by keyset (`recipient_id > after`, a partial
index), `DIGEST_BATCH_SIZE` at a time, so memory does not grow with the number of subscribers (tested with
tracemalloc); the task runs one batch and publishes the next. For each person, `digest_send_to` claims their
pending rows with one conditional update tagged with a fresh claim id (pending → sending): two runs never
claim the same row, so nobody gets a digest twice. Crash windows are those of `emails` (a row stuck in
"sending" is turned "failed" by the sweeper, visible to staff); a transient SMTP error puts the rows back to
"pending" for the next digest, a permanent one marks them "failed"."""

import uuid

from django.db.models import F
from django.utils import timezone

from ..models import EmailState, Notification, User
from .emails import is_transient
from .messages import EVENT_RELATED, digest_message

DIGEST_BATCH_SIZE = 200
# A digest lists this many notifications and says how many more are waiting in the app.
DIGEST_MAX_ITEMS = 30


def digest_recipients_after(*, frequency: str, after: int, limit: int) -> list[int]:
    """Ids of the next `limit` people with pending notifications of `frequency`, above `after`. One query."""
    return list(
        Notification.objects.filter(
            email_state=EmailState.PENDING, email_frequency=frequency, recipient_id__gt=after
        )
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()[:limit]
    )


def digest_send_to(*, recipient_id: int, frequency: str) -> str:
    """Sends `recipient_id` one digest of their pending notifications of `frequency`. Returns "sent",
    "nothing" (another run claimed them), "pending" (transient error) or "failed". Queries: the claim,
    the claimed notifications with their recipient and events (the total is the claim's count), the final
    update."""
    claim = uuid.uuid4()
    claimed = Notification.objects.filter(
        recipient_id=recipient_id, email_state=EmailState.PENDING, email_frequency=frequency
    ).update(
        email_state=EmailState.SENDING,
        email_claim=claim,
        email_claimed_at=timezone.now(),
        email_attempts=F("email_attempts") + 1,
    )
    if not claimed:
        return "nothing"
    rows = Notification.objects.filter(email_claim=claim, email_state=EmailState.SENDING)
    shown = list(
        rows.select_related("recipient", *EVENT_RELATED).order_by("-created_at", "-id")[:DIGEST_MAX_ITEMS]
    )
    user = shown[0].recipient if shown else User.objects.get(pk=recipient_id)
    try:
        digest_message(user=user, frequency=frequency, notifications=shown, total=claimed).send()
    except Exception as error:  # noqa: BLE001 - classified; a bug ends in "failed", visibly
        message = f"{type(error).__name__}: {error}"[:2000]
        if is_transient(error):
            rows.update(email_state=EmailState.PENDING, email_error=message, email_claim=None)
            return "pending"
        rows.update(email_state=EmailState.FAILED, email_error=message)
        return "failed"
    rows.update(email_state=EmailState.SENT, emailed_at=timezone.now(), email_error="")
    return "sent"


def digest_send_batch(*, frequency: str, after: int = 0, batch_size: int | None = None) -> int | None:
    """Sends the digests of the next `batch_size` (default `DIGEST_BATCH_SIZE`) recipients after `after`;
    returns the cursor to continue from, or None when every recipient is done."""
    batch_size = batch_size or DIGEST_BATCH_SIZE
    recipients = digest_recipients_after(frequency=frequency, after=after, limit=batch_size)
    for recipient_id in recipients:
        digest_send_to(recipient_id=recipient_id, frequency=frequency)
    if len(recipients) < batch_size:
        return None
    return recipients[-1]
