"""Closing a phase early: a confirmation page, then a POST; process administrators only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.models import DomainEvent, EventKind, PhaseKind

from .conftest import messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def debate_phase(debate_process):
    return debate_process.phases.get(kind=PhaseKind.DEBATE)


def close_url(phase):
    return reverse("staff_phase_close", kwargs={"pk": phase.pk})


def test_the_confirmation_page_explains_and_asks(login, debate_phase):
    response = login("admin").get(close_url(debate_phase))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Close the phase “Debate”</h1>" in html
    assert "Yes, close the phase now" in html
    debate_phase.refresh_from_db()
    assert debate_phase.closed_at is None


def test_a_process_administrator_closes_the_open_phase(login, debate_phase):
    response = login("admin").post(close_url(debate_phase), follow=True)

    assert response.redirect_chain == [
        (reverse("staff_process_proposals", kwargs={"slug": debate_phase.process.slug}), 302)
    ]
    assert messages_of(response) == ["The phase “Debate” is closed."]
    debate_phase.refresh_from_db()
    assert debate_phase.closed_at is not None
    assert debate_phase.closed_at <= timezone.now()
    assert DomainEvent.objects.filter(kind=EventKind.PHASE_CLOSED, phase=debate_phase).count() == 1


@pytest.mark.parametrize("role", ["resident", "moderator", "evaluator"])
def test_others_get_a_403_and_the_phase_stays_open(login, debate_phase, role):
    client = login(role)

    assert client.get(close_url(debate_phase)).status_code == 403
    assert client.post(close_url(debate_phase)).status_code == 403
    debate_phase.refresh_from_db()
    assert debate_phase.closed_at is None


def test_a_phase_that_is_not_open_cannot_be_closed(login, debate_process):
    past_phase = debate_process.phases.get(kind=PhaseKind.SUBMISSION)
    before = past_phase.closed_at

    page = login("admin").get(close_url(past_phase))
    response = login("admin").post(close_url(past_phase))

    assert "This phase is not open: there is nothing to close." in page.content.decode()
    assert response.status_code == 200
    assert response.context["error_message"] == "Only an open phase can be closed."
    past_phase.refresh_from_db()
    assert past_phase.closed_at == before


def test_a_phase_closed_early_cannot_be_closed_again(login, debate_phase):
    earlier = timezone.now() - timedelta(hours=1)
    type(debate_phase).objects.filter(pk=debate_phase.pk).update(closed_at=earlier)

    response = login("admin").post(close_url(debate_phase))

    assert response.context["error_message"] == "Only an open phase can be closed."
    debate_phase.refresh_from_db()
    assert debate_phase.closed_at == earlier


def test_an_unknown_phase_answers_404(login):
    assert login("admin").get(reverse("staff_phase_close", kwargs={"pk": 999999})).status_code == 404
