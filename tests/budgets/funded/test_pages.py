"""The public pages of funded projects and associations: content, and a fixed number of queries whatever the
number of projects (overview) or of updates (project page)."""

import datetime

import pytest
from django.urls import reverse

from budgets.models import (
    AssociationRole,
    FundedProjectExpense,
    FundedProjectMilestone,
    FundedProjectPhoto,
    FundedProjectState,
    FundedProjectUpdate,
)
from tests.factories import AreaFactory, ProcessFactory, UserFactory

from .factories import image_bytes, make_association, make_funded_project, member_of

pytestmark = pytest.mark.django_db


def _projects(count, process, association, area):
    for index in range(count):
        project = make_funded_project(
            process=process,
            title=f"Projet {index:02d}",
            associations=[association],
            area=area,
            latitude=50.1 + index / 1000,
            longitude=5.2 + index / 1000,
        )
        FundedProjectMilestone.objects.create(
            project=project, title="Devis", done_on=datetime.date(2026, 1, 1)
        )
        FundedProjectMilestone.objects.create(project=project, title="Travaux")
        FundedProjectExpense.objects.create(
            project=project,
            amount_cents=5_000_00,
            spent_on=datetime.date(2026, 1, 2),
            description="Matériaux",
        )


@pytest.mark.parametrize("count", [3, 25])
def test_the_overview_runs_the_same_queries_for_3_and_25_projects(client, django_assert_num_queries, count):
    process = ProcessFactory(with_phase="implementation")
    association = make_association()
    _projects(count, process, association, AreaFactory(name="Nord", slug="nord"))
    url = reverse("process_funded_projects", kwargs={"slug": process.slug})
    # 1 the process, 2 areas, 3 associations (filters), 4 the projects with spending and milestone counts,
    # 5 their associations, 6 their children.
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('class="card funded-card"') == count
    assert "Projet 00" in content
    assert "50%" in content  # one milestone done of two
    assert '<ol class="funded-map__legend">' in content


def test_the_territory_overview_filters_by_state(client):
    process = ProcessFactory(with_phase="implementation")
    make_funded_project(process=process, title="Lavoir", state=FundedProjectState.COMPLETED)
    make_funded_project(process=process, title="Aire de jeux")
    response = client.get(reverse("funded_project_overview"), {"state": "completed"})
    content = response.content.decode()
    assert "Lavoir" in content
    assert "Aire de jeux" not in content


def test_an_unpublished_process_hides_its_projects(client):
    project = make_funded_project(process=ProcessFactory(is_published=False))
    assert client.get(project.get_absolute_url()).status_code == 404


def _updates(project, count, author):
    for index in range(count):
        update = FundedProjectUpdate.objects.create(
            project=project, author=author, body=f"Nouvelle {index}", happened_on=datetime.date(2026, 3, 1)
        )
        photo = FundedProjectPhoto(update=update, alt=f"Chantier {index}", width=40, height=30)
        photo.image.save(
            "p.jpg",
            __import__("django.core.files.base", fromlist=["ContentFile"]).ContentFile(image_bytes()),
            save=False,
        )
        photo.save()


@pytest.mark.parametrize("count", [3, 50])
def test_a_project_page_runs_the_same_queries_for_3_and_50_updates(
    client, django_assert_num_queries, count, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    association = make_association()
    author = member_of(association, role=AssociationRole.MANAGER)
    project = make_funded_project(associations=[association], latitude=50.1, longitude=5.2)
    _updates(project, count, author)
    viewer = UserFactory()
    client.force_login(viewer)
    # 1 session, 2 user, 3 the project (process, area, proposal, budget project, parent joined, spending and
    # milestone counts as subqueries), 4 its associations, 5 its children, 6 its process's phases, 7 updates
    # with authors, 8 their photos, 9 milestones, 10 expenses, 11 transitions, 12 whether the viewer follows,
    # 13-14 the viewer's user and group permissions (staff rule), 15 the viewer's memberships (rules).
    with django_assert_num_queries(15):
        response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('class="card funded-update"') == count
    assert f'alt="Chantier {count - 1}"' in content
    assert "Follow this project" in content


def test_the_association_page_lists_its_projects_and_contact(client):
    association = make_association(contact_email="contact@lavoir.example", description="Nous restaurons.")
    make_funded_project(title="Le lavoir", associations=[association])
    response = client.get(association.get_absolute_url())
    content = response.content.decode()
    assert "contact@lavoir.example" in content
    assert "Le lavoir" in content
    assert "Nous restaurons." in content


def test_the_reporting_page_is_for_carrying_members_only(client):
    association = make_association()
    project = make_funded_project(associations=[association])
    client.force_login(UserFactory())
    assert client.get(reverse("funded_project_report", kwargs={"pk": project.pk})).status_code == 403
    client.force_login(member_of(association))
    response = client.get(reverse("funded_project_report", kwargs={"pk": project.pk}))
    assert response.status_code == 200
    assert "Declare an expense" in response.content.decode()
