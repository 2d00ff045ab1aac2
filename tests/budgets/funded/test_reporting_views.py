"""The reporting forms and the member management page through HTTP: a refusal shows on the form and changes
nothing; a success redirects with a message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budgets.models import (
    AssociationMembership,
    AssociationRole,
    FundedProject,
    FundedProjectExpense,
    FundedProjectMilestone,
    FundedProjectState,
    FundedProjectUpdate,
)
from budgets.pdf_reports import FUNDED_PROJECT
from participation.models import PdfReport
from tests.factories import ProcessFactory, UserFactory

from .factories import image_bytes, make_association, make_funded_project, member_of, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def member_client(client):
    association = make_association()
    member = member_of(association)
    project = make_funded_project(associations=[association])
    client.force_login(member)
    return client, project, association


def _url(name, project, **kwargs):
    return reverse(name, kwargs={"pk": project.pk, **kwargs})


def test_posting_news_with_a_photo(member_client):
    client, project, _association = member_client
    response = client.post(
        _url("funded_project_post_update", project),
        {
            "body": "Le chantier avance.",
            "happened_on": "2026-05-01",
            "photo_0": SimpleUploadedFile("a.jpg", image_bytes()),
            "alt_0": "Le chantier",
        },
    )
    assert response.status_code == 302
    update = FundedProjectUpdate.objects.get()
    assert [photo.alt for photo in update.photos.all()] == ["Le chantier"]


def test_a_fake_image_shows_on_the_form_and_nothing_is_posted(member_client):
    client, project, _association = member_client
    response = client.post(
        _url("funded_project_post_update", project),
        {
            "body": "Le chantier avance.",
            "happened_on": "2026-05-01",
            "photo_0": SimpleUploadedFile("a.jpg", b"<?php echo 1; ?>"),
            "alt_0": "Le chantier",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "This file is not a JPEG, PNG or WebP image." in response.content.decode()
    assert FundedProjectUpdate.objects.count() == 0


def test_an_expense_on_a_completed_project_is_refused_on_the_page(client):
    association = make_association()
    member = member_of(association)
    project = make_funded_project(associations=[association], state=FundedProjectState.COMPLETED)
    client.force_login(member)
    response = client.post(
        _url("funded_project_declare_expense", project),
        {"amount": "10", "spent_on": "2026-05-01", "description": "Vis"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "accepts no new expense" in response.content.decode()
    assert FundedProjectExpense.objects.count() == 0


def test_milestones_and_state_through_the_pages(member_client):
    client, project, _association = member_client
    client.post(_url("funded_project_add_milestone", project), {"title": "Devis", "planned_on": "2026-06-01"})
    milestone = FundedProjectMilestone.objects.get()
    client.post(
        _url("funded_project_milestone_done", project, milestone_pk=milestone.pk), {"done_on": "2026-06-02"}
    )
    client.post(_url("funded_project_change_state", project), {"transition": "start", "reason": ""})
    client.post(_url("funded_project_progress", project), {"mode": "manual", "percent": "40"})
    project = FundedProject.objects.get(pk=project.pk)
    milestone.refresh_from_db()
    assert (project.state, project.progress_mode, project.progress_manual) == ("in_progress", "manual", 40)
    assert str(milestone.done_on) == "2026-06-02"


def test_a_resident_cannot_post_and_nothing_changes(client):
    project = make_funded_project(associations=[make_association()])
    client.force_login(UserFactory())
    response = client.post(
        _url("funded_project_post_update", project), {"body": "Pirate", "happened_on": "2026-05-01"}
    )
    assert response.status_code == 403
    assert FundedProjectUpdate.objects.count() == 0


def test_a_manager_removes_a_member_but_not_the_last_manager(client):
    association = make_association()
    manager = member_of(association, role=AssociationRole.MANAGER)
    member = member_of(association)
    client.force_login(manager)
    members_url = reverse("association_members", kwargs={"slug": association.slug})
    assert client.get(members_url).status_code == 200
    remove = "association_member_remove"
    for user in (member, manager):
        membership = AssociationMembership.objects.get(user=user)
        response = client.post(
            reverse(remove, kwargs={"slug": association.slug, "membership_pk": membership.pk}),
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 302
    assert list(AssociationMembership.objects.values_list("user", flat=True)) == [manager.pk]
    page = client.get(members_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "An association needs at least one manager" in page


def test_a_member_cannot_manage_members(client):
    association = make_association()
    client.force_login(member_of(association))
    assert client.get(reverse("association_members", kwargs={"slug": association.slug})).status_code == 403


def test_staff_pages_are_for_staff(client):
    client.force_login(UserFactory())
    assert client.get(reverse("staff_funded_project_create")).status_code == 403
    client.force_login(staff_user())
    assert client.get(reverse("staff_funded_project_create")).status_code == 200


def test_the_pdf_report_button_asks_for_the_report(client):
    project = make_funded_project(process=ProcessFactory(with_phase="implementation"))
    response = client.post(
        reverse("pdf_report_request", kwargs={"kind": FUNDED_PROJECT, "target_id": project.pk})
    )
    assert response.status_code == 302
    assert PdfReport.objects.filter(kind=FUNDED_PROJECT).count() == 1


@pytest.mark.parametrize("count", [3, 25])
def test_the_territory_overview_and_csv_run_fixed_queries(client, django_assert_num_queries, count):
    process = ProcessFactory(with_phase="implementation")
    association = make_association()
    for index in range(count):
        make_funded_project(process=process, title=f"P{index}", associations=[association])
    # 1 areas, 2 associations (filters), 3 projects, 4 their associations, 5 their children.
    with django_assert_num_queries(5):
        assert client.get(reverse("funded_project_overview")).status_code == 200
    # Streaming: 1 projects, 2 their associations, 3 their children (one chunk).
    with django_assert_num_queries(3):
        rows = b"".join(client.get(reverse("funded_projects_csv")).streaming_content).decode().splitlines()
    assert len(rows) == count + 1


def test_the_admin_action_creates_missing_funded_projects(client):
    from budgets.models import ProjectResult
    from tests.budgets.factories import BudgetFactory, BudgetProjectFactory

    budget = BudgetFactory()
    budget.allocated_at = budget.created_at
    budget.save(update_fields=["allocated_at"])
    project = BudgetProjectFactory(budget=budget)
    ProjectResult.objects.create(project=project, selected=True, allocated_cents=project.cost_cents, rank=1)
    client.force_login(staff_user(is_staff=True))
    response = client.post(
        reverse("admin:budgets_budget_changelist"),
        {"action": "create_funded_projects", "_selected_action": [budget.pk]},
    )
    assert response.status_code == 302
    assert FundedProject.objects.get().budget_project == project


def test_the_staff_home_links_to_associations(client):
    client.force_login(staff_user())
    assert reverse("staff_association_create") in client.get(reverse("staff_evaluation")).content.decode()
