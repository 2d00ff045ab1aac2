"""The outbox side of the pipeline: `event_record` publishes the fan-out only after commit, once; the web
request's cost does not depend on the number of followers; kinds nobody hears about are dispatched at once."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from participation import tasks
from participation.models import DomainEvent, EventKind, Follow, Notification, User
from participation.notifications import queue
from participation.services.events import event_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    sent = []
    monkeypatch.setattr(queue, "publish", lambda task, *args, **options: sent.append((task.name, args)))
    return sent


def test_a_rolled_back_transaction_publishes_nothing_and_a_committed_one_publishes_one_fan_out(
    proposal, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            event_record(kind=EventKind.PROPOSAL_TRANSITION, proposal=proposal, payload={"to": "in_debate"})
            raise RuntimeError("the change failed")
    assert (callbacks, published, DomainEvent.objects.count()) == ([], [], 0)

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            event = event_record(
                kind=EventKind.PROPOSAL_TRANSITION, proposal=proposal, payload={"to": "in_debate"}
            )
            assert published == []  # nothing before the commit
    assert published == [(tasks.fan_out_event.name, (event.pk,))]


def test_a_broker_failure_when_publishing_is_logged_and_leaves_the_event_for_the_sweeper(
    proposal, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(tasks.fan_out_event, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        event = event_record(
            kind=EventKind.PROPOSAL_TRANSITION, proposal=proposal, payload={"to": "in_debate"}
        )
    assert DomainEvent.objects.get(pk=event.pk).dispatched_at is None
    assert "the sweeper will retry it" in caplog.text


def test_an_event_nobody_hears_about_is_recorded_as_dispatched(
    proposal, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = event_record(kind=EventKind.PROPOSAL_EDITED, proposal=proposal)
    assert DomainEvent.objects.get(pk=event.pk).dispatched_at is not None
    assert published == []


def _admit_queries(client, proposal, followers: int) -> int:
    users = User.objects.bulk_create(
        User(email=f"f{proposal.pk}-{index}@example.org", display_name="Suiveur", password="!")
        for index in range(followers)
    )
    Follow.objects.bulk_create((Follow(user=user, proposal=proposal) for user in users), batch_size=2000)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/staff/proposals/{proposal.pk}/admit/")
    assert response.status_code == 302
    return len(queries)


def test_the_web_request_costs_the_same_with_one_or_ten_thousand_followers(
    client, django_capture_on_commit_callbacks, published
):
    """The page records the transition and its event; the fan-out is published after the commit (captured
    here, as Redis would take it) and runs in the worker, batch by batch."""
    from tests.factories import ProcessFactory, ProposalFactory

    process = ProcessFactory(with_phase="submission")
    warm_up, one, many = ProposalFactory.create_batch(3, state="submitted", process=process)
    client.force_login(UserFactory(moderator=True))
    with django_capture_on_commit_callbacks(execute=True):
        _admit_queries(client, warm_up, 0)  # fills the caches (content types, permissions) for both runs
        with_one = _admit_queries(client, one, 1)
        with_ten_thousand = _admit_queries(client, many, 10_000)

    assert with_one == with_ten_thousand
    assert [name for name, _args in published] == [tasks.fan_out_event.name] * 3
    assert Notification.objects.count() == 0
