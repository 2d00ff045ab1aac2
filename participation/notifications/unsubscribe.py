"""Signed one-click unsubscribe links: the token names (user, topic), signed with the secret key and dated.
A token older than `UNSUBSCRIBE_MAX_AGE` or signed with another key is refused (the page says so and changes
nothing); a valid one sets that topic to "off" (`preferences.notification_unsubscribe`)."""

from datetime import timedelta

from django.core import signing

SALT = "placette.notifications.unsubscribe"
# Long enough for any e-mail a person still reads; the settings page always works.
UNSUBSCRIBE_MAX_AGE = timedelta(days=365)


class BadUnsubscribeToken(Exception):
    pass


def unsubscribe_token(user, topic: str) -> str:
    return signing.dumps({"u": user.pk, "t": str(topic)}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, topic) of a valid token; `BadUnsubscribeToken` otherwise."""
    try:
        data = signing.loads(token, salt=SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature
        raise BadUnsubscribeToken(str(error)) from error
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("t"), str):
        raise BadUnsubscribeToken("malformed")
    return data["u"], data["t"]
