"""The Django admin: e-mail based accounts, processes with their phases and the actions that call the phase
services, read-only proposals, comments, reports and events."""

import pytest
from django.urls import reverse

from participation.models import DomainEvent, EventKind, Phase, Proposal, Report, User
from tests.factories import CommentFactory, ProcessFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize(
    "model", ["user", "area", "category", "process", "proposal", "comment", "report", "domainevent"]
)
def test_every_changelist_and_change_page_answers(superuser_client, model):
    objects = {
        "user": UserFactory,
        "area": lambda: ProposalFactory().area,
        "category": None,
        "process": lambda: ProcessFactory(with_phase="debate"),
        "proposal": ProposalFactory,
        "comment": CommentFactory,
        "report": lambda: Report.objects.create(
            reporter=UserFactory(), proposal=ProposalFactory(), reason="spam"
        ),
        "domainevent": lambda: DomainEvent.objects.create(kind=EventKind.PHASE_OPENED),
    }
    assert superuser_client.get(reverse(f"admin:participation_{model}_changelist")).status_code == 200
    if objects[model] is not None:
        obj = objects[model]()
        response = superuser_client.get(reverse(f"admin:participation_{model}_change", args=[obj.pk]))
        assert response.status_code == 200


def test_a_superuser_creates_an_account_with_an_email_address(superuser_client):
    response = superuser_client.post(
        reverse("admin:participation_user_add"),
        {
            "email": "Nouvelle@Example.org",
            "display_name": "Nouvelle",
            "usable_password": "true",
            "password1": "une-phrase-de-passe-solide",
            "password2": "une-phrase-de-passe-solide",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@example.org")
    assert user.check_password("une-phrase-de-passe-solide")


def test_a_duplicate_address_in_another_case_is_refused(superuser_client):
    UserFactory(email="marie@example.org")
    response = superuser_client.post(
        reverse("admin:participation_user_add"),
        {
            "email": "MARIE@example.org",
            "display_name": "Marie",
            "usable_password": "true",
            "password1": "une-phrase-de-passe-solide",
            "password2": "une-phrase-de-passe-solide",
        },
    )
    assert response.status_code == 200
    assert User.objects.filter(email__iexact="marie@example.org").count() == 1


def test_proposals_are_read_only_in_the_admin(superuser_client):
    proposal = ProposalFactory(state="submitted")
    response = superuser_client.post(
        reverse("admin:participation_proposal_change", args=[proposal.pk]),
        {"title": "Changé par l'admin", "state": "rejected"},
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert (proposal.state, proposal.title) != ("rejected", "Changé par l'admin")
    assert proposal.state == "submitted"


def test_the_apply_phase_changes_action_runs_process_advance(superuser_client):
    process = ProcessFactory(with_phase="debate")
    proposal = ProposalFactory(process=process, state="submitted")
    response = superuser_client.post(
        reverse("admin:participation_process_changelist"),
        {
            "action": "apply_phase_changes",
            "_selected_action": [process.pk],
        },
    )
    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).state == "in_debate"


def test_the_close_current_phase_action_closes_the_open_phase(superuser_client):
    process = ProcessFactory(with_phase="submission")
    response = superuser_client.post(
        reverse("admin:participation_process_changelist"),
        {
            "action": "close_current_phase",
            "_selected_action": [process.pk],
        },
    )
    assert response.status_code == 302
    assert Phase.objects.get(process=process, kind="submission").closed_at is not None


def test_a_process_administrator_manages_processes_in_the_admin(client):
    admin = UserFactory(process_admin=True, is_staff=True)
    client.force_login(admin)
    process = ProcessFactory(with_phase="debate")
    assert client.get(reverse("admin:participation_process_change", args=[process.pk])).status_code == 200
    assert client.get(reverse("admin:participation_domainevent_changelist")).status_code == 200
    assert client.get(reverse("admin:participation_user_changelist")).status_code == 403


def test_a_moderator_sees_reports_and_dismisses_them_with_the_action(client):
    moderator = UserFactory(moderator=True, is_staff=True)
    client.force_login(moderator)
    report = Report.objects.create(reporter=UserFactory(), proposal=ProposalFactory(), reason="spam")
    response = client.post(
        reverse("admin:participation_report_changelist"),
        {
            "action": "dismiss",
            "_selected_action": [report.pk],
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.resolution, report.resolved_by) == ("dismissed", moderator)
    assert client.get(reverse("admin:participation_process_changelist")).status_code == 403
