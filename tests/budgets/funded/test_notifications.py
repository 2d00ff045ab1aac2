"""Followers of a funded project (and of its process) hear about its news and transitions through the
notification pipeline."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from budgets.models import AssociationRole, FundedProjectFollow
from budgets.services.funded_projects import (
    funded_project_follow,
    funded_project_post_update,
    funded_project_transition,
)
from participation.models import Follow, Notification
from participation.notifications.audiences import describe
from participation.services.follows import follow_add
from tests.factories import UserFactory

from .factories import make_association, make_funded_project, member_of

pytestmark = pytest.mark.django_db


def test_a_follower_is_notified_of_an_update(django_capture_on_commit_callbacks):
    association = make_association()
    reporter = member_of(association, role=AssociationRole.MANAGER)
    project = make_funded_project(associations=[association], title="Le lavoir")
    follower, stranger = UserFactory(), UserFactory()
    funded_project_follow(actor=follower, project=project)
    with django_capture_on_commit_callbacks(execute=True):
        update = funded_project_post_update(
            actor=reporter,
            project=project,
            body="Les pierres sont posées.",
            happened_on=datetime.date(2026, 5, 1),
        )
    notification = Notification.objects.select_related("event").get()
    assert (notification.recipient, notification.topic) == (follower, "followed")
    assert not Notification.objects.filter(recipient__in=[stranger, reporter]).exists()
    with translation.override("en"):
        description = describe(notification.event)
    assert description.text == "News of the funded project “Le lavoir”"
    assert (
        description.url
        == reverse("funded_project_detail", kwargs={"pk": project.pk}) + f"#update-{update.pk}"
    )


def test_followers_of_the_process_hear_about_transitions(django_capture_on_commit_callbacks):
    association = make_association()
    reporter = member_of(association)
    project = make_funded_project(associations=[association], title="Le lavoir")
    process_follower = UserFactory()
    follow_add(actor=process_follower, process=project.process)
    assert Follow.objects.filter(process=project.process).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        funded_project_transition(actor=reporter, project=project, name="start")
    notification = Notification.objects.select_related("event").get()
    assert notification.recipient == process_follower
    with translation.override("en"):
        assert describe(notification.event).text == "Funded project “Le lavoir” is now: In progress"


def test_following_twice_keeps_one_row(client):
    project = make_funded_project()
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("funded_project_follow", kwargs={"pk": project.pk}))
    response = client.post(reverse("funded_project_follow", kwargs={"pk": project.pk}))
    assert response.status_code == 302
    assert FundedProjectFollow.objects.filter(user=user, project=project).count() == 1
