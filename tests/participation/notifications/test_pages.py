"""Notification pages: the list with its unread count in the header, mark as read, preferences, the one-click
unsubscribe page, the staff page of failed e-mails. Pages are asked for in English (language cookie)."""

import re

import pytest
from django.conf import settings
from django.core import signing

from participation.models import (
    DomainEvent,
    EmailState,
    EventKind,
    Notification,
    NotificationPreference,
    User,
)
from participation.notifications import unsubscribe
from participation.notifications.unsubscribe import unsubscribe_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def resident(db):
    return UserFactory(display_name="Camille")


def notify(user, proposal, count, *, state=EmailState.SENT):
    events = DomainEvent.objects.bulk_create(
        DomainEvent(
            kind=EventKind.PROPOSAL_TRANSITION,
            proposal=proposal,
            process=proposal.process,
            payload={"to": "accepted"},
            dispatched_at=proposal.created_at,
        )
        for _index in range(count)
    )
    rows = Notification.objects.bulk_create(
        Notification(
            recipient=user, event=event, topic="followed", email_frequency="daily", email_state=state
        )
        for event in events
    )
    User.objects.filter(pk=user.pk).update(unread_notifications=count)
    return rows


def header_count(html: str) -> str | None:
    match = re.search(r'<span class="count-badge" aria-hidden="true">(\d+)</span>', html)
    return match.group(1) if match else None


@pytest.mark.parametrize("rows", [3, 20])
def test_the_list_shows_my_notifications_with_links_at_a_constant_number_of_queries(
    client, resident, proposal, django_assert_num_queries, rows
):
    notify(resident, proposal, rows)
    notify(UserFactory(), proposal, 2)  # somebody else's
    client.force_login(resident)

    # session, user (with its unread counter: the header costs nothing more), count, the page of
    # notifications with events, proposals, processes, phases, actors and comments joined; the viewer's
    # permissions, direct and through groups (the staff links of the navigation).
    with django_assert_num_queries(6):
        response = client.get("/me/notifications/")

    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == rows
    assert html.count(f'href="{proposal.get_absolute_url()}"') == rows
    assert f"“{proposal.title}” is now: Accepted" in html
    assert header_count(html) == str(rows)
    assert f"({rows} unread)" in html


def test_the_header_shows_no_count_without_unread_notifications_and_costs_no_query(
    client, resident, django_assert_num_queries
):
    client.force_login(resident)
    # session, user, count (zero: no page query), the viewer's permissions (direct, through groups)
    with django_assert_num_queries(5):
        response = client.get("/me/notifications/")
    html = response.content.decode()
    assert header_count(html) is None
    assert 'href="/me/notifications/" aria-current="page">Notifications</a>' in html


def test_unread_notifications_come_first_then_the_newest(client, resident, proposal):
    old_unread, read, new_unread = notify(resident, proposal, 3)
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    client.force_login(resident)
    page = client.get("/me/notifications/").context["page"]
    assert [item.notification.pk for item in page.object_list] == [new_unread.pk, old_unread.pk, read.pk]


def test_marking_one_as_read_updates_the_header_count(client, resident, proposal):
    first, second = notify(resident, proposal, 2)
    client.force_login(resident)

    response = client.post(f"/me/notifications/{first.pk}/read/", {"next": "/me/notifications/"})
    client.post(f"/me/notifications/{first.pk}/read/")  # twice: counted once

    assert response.status_code == 302
    assert Notification.objects.get(pk=first.pk).read_at is not None
    assert Notification.objects.get(pk=second.pk).read_at is None
    assert User.objects.get(pk=resident.pk).unread_notifications == 1
    assert header_count(client.get("/me/notifications/").content.decode()) == "1"


def test_one_cannot_mark_somebody_elses_notification(client, resident, proposal):
    other = notify(UserFactory(), proposal, 1)[0]
    client.force_login(resident)
    client.post(f"/me/notifications/{other.pk}/read/")
    assert Notification.objects.get(pk=other.pk).read_at is None
    assert User.objects.get(pk=other.recipient_id).unread_notifications == 1


def test_mark_all_as_read(client, resident, proposal):
    notify(resident, proposal, 3)
    client.force_login(resident)
    response = client.post("/me/notifications/read/", follow=True)
    assert Notification.objects.filter(recipient=resident, read_at__isnull=True).count() == 0
    assert User.objects.get(pk=resident.pk).unread_notifications == 0
    assert "Every notification is marked as read." in response.content.decode()


def test_the_settings_page_shows_defaults_and_saves_a_frequency_per_topic(client, resident):
    client.force_login(resident)
    html = client.get("/me/notifications/settings/").content.decode()
    assert 'id="topic-followed-daily" name="topic-followed" value="daily" checked' in html
    assert 'id="topic-vote_reminder-off" name="topic-vote_reminder" value="off" checked' in html
    assert '<label for="topic-my_proposal-weekly">Weekly digest</label>' in html
    assert 'name="topic-moderation"' not in html  # a resident does not moderate

    choices = {
        f"topic-{topic}": "off"
        for topic in ("my_proposal", "comments_on_my_proposal", "replies_to_me", "phases", "moderation")
    }
    response = client.post(
        "/me/notifications/settings/",
        {**choices, "topic-followed": "weekly", "topic-vote_reminder": "immediate"},
    )

    assert response.status_code == 302
    assert dict(NotificationPreference.objects.filter(user=resident).values_list("topic", "frequency")) == {
        **{key.removeprefix("topic-"): "off" for key in choices},
        "followed": "weekly",
        "vote_reminder": "immediate",
    }


def test_a_bad_frequency_changes_nothing_and_says_so(client, resident):
    client.force_login(resident)
    response = client.post("/me/notifications/settings/", {"topic-followed": "hourly"})
    assert response.status_code == 400
    assert "Choose one option for each kind of notification." in response.content.decode()
    assert NotificationPreference.objects.count() == 0


def test_turning_a_topic_off_stops_its_waiting_e_mails(client, resident, proposal):
    waiting = notify(resident, proposal, 2, state=EmailState.PENDING)
    client.force_login(resident)
    client.post("/me/notifications/settings/", {"topic-followed": "off"})
    assert set(
        Notification.objects.filter(pk__in=[n.pk for n in waiting]).values_list("email_state", flat=True)
    ) == {"skipped"}


def test_the_unsubscribe_link_asks_on_get_and_stops_the_topic_on_a_one_click_post_without_csrf(resident):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"/notifications/unsubscribe/{unsubscribe_token(resident, 'followed')}/"

    page = client.get(url)
    assert page.status_code == 200
    assert "Stop these e-mails" in page.content.decode()
    assert NotificationPreference.objects.count() == 0  # a GET (a mail scanner) changes nothing

    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=resident, topic="followed").frequency == "off"


@pytest.mark.parametrize("damage", ["tampered", "expired", "other-salt"])
def test_a_bad_or_old_unsubscribe_link_says_so_and_changes_nothing(client, resident, damage, monkeypatch):
    token = unsubscribe_token(resident, "followed")
    if damage == "tampered":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif damage == "other-salt":
        token = signing.dumps({"u": resident.pk, "t": "followed"}, salt="something else")
    else:
        monkeypatch.setattr(unsubscribe, "UNSUBSCRIBE_MAX_AGE", -1)

    for response in (
        client.get(f"/notifications/unsubscribe/{token}/"),
        client.post(f"/notifications/unsubscribe/{token}/"),
    ):
        assert response.status_code == 400
        assert (
            "This unsubscribe link is damaged or too old. Nothing was changed." in response.content.decode()
        )
    assert NotificationPreference.objects.count() == 0


def test_staff_see_failed_e_mails_and_send_one_again(client, proposal, django_capture_on_commit_callbacks):
    failed = notify(UserFactory(email="refused@example.org"), proposal, 1, state=EmailState.FAILED)[0]
    Notification.objects.filter(pk=failed.pk).update(email_error="SMTPRecipientsRefused: 550 No such user")
    client.force_login(UserFactory(moderator=True))

    html = client.get("/staff/notifications/failed/").content.decode()
    assert "refused@example.org" in html
    assert "SMTPRecipientsRefused: 550 No such user" in html

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"/staff/notifications/{failed.pk}/retry/")
    assert response.status_code == 302
    assert Notification.objects.get(pk=failed.pk).email_state == EmailState.QUEUED
    assert len(callbacks) == 1


def test_residents_cannot_see_or_retry_failed_e_mails(client, resident, proposal):
    failed = notify(UserFactory(), proposal, 1, state=EmailState.FAILED)[0]
    client.force_login(resident)
    assert client.get("/staff/notifications/failed/").status_code == 403
    assert client.post(f"/staff/notifications/{failed.pk}/retry/").status_code == 403
    assert Notification.objects.get(pk=failed.pk).email_state == EmailState.FAILED
