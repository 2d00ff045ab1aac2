"""Associations: a manager invites by e-mail (a signed link, once, expiring) and removes members, never the
last manager; staff create associations and link projects."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from budgets.models import Association, AssociationMembership, AssociationRole
from budgets.services import associations as services
from tests.factories import UserFactory

from .factories import make_association, make_funded_project, member_of, staff_user

pytestmark = pytest.mark.django_db


def _link(message) -> str:
    return re.search(r"http://\S+/associations/invitation/\S+/", message.body).group(0)


def test_a_manager_invites_and_the_person_accepts(client, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    association = make_association()
    manager = member_of(association, role=AssociationRole.MANAGER)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("association_members", kwargs={"slug": association.slug}),
            {"email": "Camille@Example.org", "role": "member"},
        )
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["camille@example.org"]]
    path = _link(mail.outbox[0]).removeprefix(settings.SITE_URL)
    invited = UserFactory(email="camille@example.org")
    client.force_login(invited)
    assert "Accept the invitation" in client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    response = client.post(path)
    assert response.status_code == 302
    assert AssociationMembership.objects.get(user=invited).role == AssociationRole.MEMBER
    # The link works once.
    response = client.post(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "This invitation has already been used." in response.content.decode()


def test_a_forged_or_expired_link_says_so(client, monkeypatch):
    association = make_association()
    manager = member_of(association, role=AssociationRole.MANAGER)
    invitation = services.association_invite(actor=manager, association=association, email="a@example.org")
    token = services.invitation_token(invitation)
    response = client.get(
        reverse("association_invitation", kwargs={"token": token[:-2] + "xx"}), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "This invitation link is not valid." in response.content.decode()
    monkeypatch.setattr(services, "INVITATION_MAX_AGE", -1)
    response = client.get(
        reverse("association_invitation", kwargs={"token": token}), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "This invitation has expired." in response.content.decode()


def test_accepting_needs_an_account():
    association = make_association()
    invitation = services.association_invite(
        actor=member_of(association, role=AssociationRole.MANAGER),
        association=association,
        email="a@example.org",
    )
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(services.InvitationError):
        services.invitation_accept(actor=AnonymousUser(), token=services.invitation_token(invitation))
    assert AssociationMembership.objects.count() == 1


def test_a_member_cannot_invite():
    association = make_association()
    with pytest.raises(PermissionDenied):
        services.association_invite(
            actor=member_of(association), association=association, email="a@example.org"
        )


def test_the_last_manager_cannot_be_removed():
    association = make_association()
    manager = member_of(association, role=AssociationRole.MANAGER)
    member = member_of(association)
    membership = AssociationMembership.objects.get(user=manager)
    with pytest.raises(services.LastManagerError):
        services.membership_remove(actor=manager, membership=membership)
    services.membership_remove(actor=manager, membership=AssociationMembership.objects.get(user=member))
    assert list(AssociationMembership.objects.values_list("user", flat=True)) == [manager.pk]


def test_one_membership_per_person_and_association():
    from django.db import IntegrityError, transaction

    association = make_association()
    user = member_of(association)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssociationMembership.objects.create(association=association, user=user, role=AssociationRole.MANAGER)


def test_staff_create_an_association_and_link_a_project(client):
    staff = staff_user()
    client.force_login(staff)
    response = client.post(
        reverse("staff_association_create"),
        {"name": "Les Jardins Partagés", "contact_email": "jardins@example.org"},
    )
    association = Association.objects.get()
    assert response.status_code == 302
    assert association.slug == "les-jardins-partages"
    project = make_funded_project()
    response = client.post(
        reverse("staff_funded_project_carriers", kwargs={"pk": project.pk}),
        {"associations": [association.pk]},
    )
    assert response.status_code == 302
    assert list(project.associations.all()) == [association]
    client.force_login(UserFactory())
    assert client.get(reverse("staff_association_create")).status_code == 403


def test_staff_create_a_project_funded_another_way(client):
    client.force_login(staff_user())
    response = client.post(
        reverse("staff_funded_project_create"), {"title": "Fontaine", "allocated": "1200.50"}
    )
    assert response.status_code == 302
    from budgets.models import FundedProject

    project = FundedProject.objects.get()
    assert (project.title, project.allocated_cents, project.process_id) == ("Fontaine", 1_200_50, None)
