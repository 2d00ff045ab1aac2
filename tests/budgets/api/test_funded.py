"""The funded projects, their news, milestones and expenses, and the associations through the API: what the
pages show (nothing of an unpublished process, never the members of an association), the writes of the
reporting page and of the project page through their services, and the refusals in the API's error shape."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from budgets.models import (
    AssociationRole,
    FundedProjectExpense,
    FundedProjectFollow,
    FundedProjectMilestone,
    FundedProjectPhoto,
    FundedProjectState,
    FundedProjectTransition,
    FundedProjectUpdate,
)
from budgets.services.funded_projects import funded_project_transition
from tests.factories import AreaFactory, ProcessFactory, UserFactory
from tests.participation.api.world import bearer, token_for

from ..funded.factories import image_bytes, make_association, make_funded_project, member_of, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    north = AreaFactory(name="Nord", slug="nord")
    carrier = make_association(
        "Les Amis du Lavoir", description="Nous restaurons le lavoir.", contact_email="lavoir@example.org"
    )
    member = member_of(carrier, role=AssociationRole.MANAGER, display_name="Dominique")
    project = make_funded_project(
        title="Restaurer le lavoir", associations=[carrier], area=north, allocated_cents=20_000_00
    )
    hidden = make_funded_project(
        title="Projet caché", process=ProcessFactory(is_published=False), associations=[carrier]
    )
    return {"north": north, "carrier": carrier, "member": member, "project": project, "hidden": hidden}


def test_a_funded_project_reads_with_progress_spending_and_timeline(api, scene):
    project = scene["project"]
    staff = staff_user()
    funded_project_transition(actor=staff, project=project, name="start")
    FundedProjectMilestone.objects.create(project=project, title="Devis", done_on=datetime.date(2026, 3, 1))
    FundedProjectMilestone.objects.create(project=project, title="Travaux", position=1)
    FundedProjectExpense.objects.create(
        project=project, amount_cents=5_000_00, spent_on=datetime.date(2026, 3, 2), description="Pierres"
    )
    body = api.get(f"/api/v1/funded-projects/{project.pk}/").json()
    assert body["title"] == "Restaurer le lavoir"
    assert body["state"] == "in_progress"
    assert body["area"] == {"id": scene["north"].pk, "name": "Nord", "slug": "nord"}
    assert body["associations"] == [
        {"id": scene["carrier"].pk, "name": "Les Amis du Lavoir", "slug": "les-amis-du-lavoir"}
    ]
    assert (body["allocated_cents"], body["spent_cents"]) == (20_000_00, 5_000_00)
    assert (body["milestones_done"], body["milestones_total"], body["progress_percent"]) == (1, 2, 50)
    assert [(step["name"], step["from_state"], step["to_state"]) for step in body["timeline"]] == [
        ("start", "planned", "in_progress")
    ]
    assert "actor" not in body["timeline"][0]
    assert body["url"] == f"/funded-projects/{project.pk}/"


def test_a_project_of_an_unpublished_process_is_not_found_as_on_its_page(api, client, scene):
    hidden = scene["hidden"]
    assert api.get(f"/api/v1/funded-projects/{hidden.pk}/").status_code == 404
    assert client.get(f"/funded-projects/{hidden.pk}/").status_code == 404
    ids = [row["id"] for row in api.get("/api/v1/funded-projects/").json()["results"]]
    assert ids == [scene["project"].pk]


def test_funded_projects_filter_by_state_area_association_and_process(api, scene):
    other = make_funded_project(title="Un banc", state=FundedProjectState.COMPLETED)

    def ids(query):
        return [row["id"] for row in api.get(f"/api/v1/funded-projects/?{query}").json()["results"]]

    assert ids("state=completed") == [other.pk]
    assert ids(f"area={scene['north'].pk}") == [scene["project"].pk]
    assert ids("association=les-amis-du-lavoir") == [scene["project"].pk]
    assert ids(f"process={other.process.slug}") == [other.pk]
    assert api.get("/api/v1/funded-projects/?state=unknown").status_code == 400


def test_funded_projects_order_by_the_allocated_amount(api, scene):
    small = make_funded_project(title="Un banc", allocated_cents=1_00)
    rows = api.get("/api/v1/funded-projects/?ordering=allocated_cents").json()["results"]
    assert [row["id"] for row in rows] == [small.pk, scene["project"].pk]


def test_news_show_photos_by_their_safe_url_and_alt_text(api, scene):
    update = FundedProjectUpdate.objects.create(
        project=scene["project"], author=scene["member"], body="Le toit est posé.", happened_on="2026-04-01"
    )
    photo = FundedProjectPhoto(update=update, alt="Le toit neuf du lavoir", width=40, height=30)
    photo.image.save("toit.jpg", SimpleUploadedFile("toit.jpg", image_bytes()), save=False)
    photo.save()
    FundedProjectUpdate.objects.create(project=scene["hidden"], body="Caché.", happened_on="2026-04-01")
    rows = api.get("/api/v1/funded-project-updates/").json()["results"]
    assert rows == [
        {
            "id": update.pk,
            "project": scene["project"].pk,
            "body": "Le toit est posé.",
            "happened_on": "2026-04-01",
            "author_name": "Dominique",
            "photos": [
                {
                    "id": photo.pk,
                    "url": f"/funded-projects/files/photos/{photo.pk}/",
                    "alt": "Le toit neuf du lavoir",
                    "width": 40,
                    "height": 30,
                }
            ],
            "created_at": rows[0]["created_at"],
        }
    ]


def test_expenses_link_their_receipt_to_the_safe_view(api, scene):
    expense = FundedProjectExpense(
        project=scene["project"], amount_cents=12_50, spent_on="2026-04-02", description="Clous"
    )
    expense.receipt.save("facture.pdf", SimpleUploadedFile("facture.pdf", b"%PDF-1.4\n"), save=False)
    expense.receipt_kind = "pdf"
    expense.save()
    without = FundedProjectExpense.objects.create(
        project=scene["project"], amount_cents=3_00, spent_on="2026-04-01", description="Vis"
    )
    rows = api.get(f"/api/v1/funded-project-expenses/?project={scene['project'].pk}").json()["results"]
    assert [(row["id"], row["amount_cents"], row["receipt_kind"], row["receipt_url"]) for row in rows] == [
        (expense.pk, 12_50, "pdf", f"/funded-projects/files/receipts/{expense.pk}/"),
        (without.pk, 3_00, "", None),
    ]


def test_an_association_shows_its_public_page_and_never_its_members(api, scene):
    body = api.get("/api/v1/associations/les-amis-du-lavoir/").json()
    assert body == {
        "id": scene["carrier"].pk,
        "name": "Les Amis du Lavoir",
        "slug": "les-amis-du-lavoir",
        "description": "Nous restaurons le lavoir.",
        "contact_email": "lavoir@example.org",
        "contact_phone": "",
        "website": "",
        "projects": [{"id": scene["project"].pk, "title": "Restaurer le lavoir", "state": "planned"}],
        "url": "/associations/les-amis-du-lavoir/",
    }
    assert "Dominique" not in api.get("/api/v1/associations/").content.decode()


# --- Writes -------------------------------------------------------------------------------------------------


def test_a_member_posts_news_adds_and_completes_a_milestone_and_declares_an_expense(api, scene):
    project, headers = scene["project"], bearer(token_for(scene["member"]))
    url = f"/api/v1/funded-projects/{project.pk}"
    response = api.post(
        f"{url}/updates/",
        {"body": "Le chantier commence.", "happened_on": "2026-05-01"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    assert response.json()["author_name"] == "Dominique"
    assert list(FundedProjectUpdate.objects.values_list("body", flat=True)) == ["Le chantier commence."]
    response = api.post(
        f"{url}/milestones/", {"title": "Devis signé"}, content_type="application/json", **headers
    )
    assert response.status_code == 201, response.content
    milestone_id = response.json()["id"]
    response = api.post(
        f"/api/v1/funded-project-milestones/{milestone_id}/done/",
        {"done_on": "2026-05-03"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["done_on"] == "2026-05-03"
    again = api.post(
        f"/api/v1/funded-project-milestones/{milestone_id}/done/",
        {"done_on": "2026-05-04"},
        content_type="application/json",
        **headers,
    )
    assert again.status_code == 409
    assert again.json()["code"] == "already_done"
    response = api.post(
        f"{url}/expenses/",
        {"amount_cents": 1_250_00, "spent_on": "2026-05-02", "description": "Pierres de taille"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    assert response.json()["receipt_url"] is None
    assert list(FundedProjectExpense.objects.values_list("amount_cents", flat=True)) == [1_250_00]


def test_an_expense_on_a_completed_project_is_refused_with_its_code(api, scene):
    project = make_funded_project(state=FundedProjectState.COMPLETED, associations=[scene["carrier"]])
    response = api.post(
        f"/api/v1/funded-projects/{project.pk}/expenses/",
        {"amount_cents": 100, "spent_on": "2026-05-02", "description": "Pierres"},
        content_type="application/json",
        **bearer(token_for(scene["member"])),
    )
    assert response.status_code == 409
    assert response.json() == {
        "code": "funded_project_closed",
        "detail": "This project is cancelled or completed: it accepts no new expense.",
    }
    assert FundedProjectExpense.objects.count() == 0


def test_staff_move_a_project_through_its_states_and_cancel_with_a_reason(api, scene):
    project, headers = scene["project"], bearer(token_for(staff_user()))
    url = f"/api/v1/funded-projects/{project.pk}/transition/"
    for name, state in (("start", "in_progress"), ("pause", "paused"), ("resume", "in_progress")):
        response = api.post(url, {"transition": name}, content_type="application/json", **headers)
        assert response.status_code == 200, response.content
        assert response.json()["state"] == state
    refused = api.post(url, {"transition": "cancel"}, content_type="application/json", **headers)
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid"
    assert list(refused.json()["errors"]) == ["reason"]
    response = api.post(
        url,
        {"transition": "cancel", "reason": "Plus de terrain."},
        content_type="application/json",
        **headers,
    )
    assert response.json()["state"] == "cancelled"
    assert response.json()["cancel_reason"] == "Plus de terrain."
    impossible = api.post(url, {"transition": "start"}, content_type="application/json", **headers)
    assert impossible.status_code == 409
    assert impossible.json()["code"] == "funded_project_transition_not_allowed"
    assert FundedProjectTransition.objects.filter(project=project).count() == 4


def test_a_member_of_the_association_may_not_cancel(api, scene):
    project = scene["project"]
    response = api.post(
        f"/api/v1/funded-projects/{project.pk}/transition/",
        {"transition": "cancel", "reason": "Non."},
        content_type="application/json",
        **bearer(token_for(scene["member"])),
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    project.refresh_from_db()
    assert project.state == FundedProjectState.PLANNED


def test_a_resident_follows_and_unfollows_a_funded_project(api, scene):
    resident = UserFactory()
    headers, url = bearer(token_for(resident)), f"/api/v1/funded-projects/{scene['project'].pk}/follow/"
    assert api.post(url, **headers).json() == {"following": True}
    assert FundedProjectFollow.objects.filter(user=resident).count() == 1
    twice = api.post(url, **headers)
    assert (twice.status_code, twice.json()["code"]) == (409, "already_done")
    assert api.delete(url, **headers).json() == {"following": False}
    assert FundedProjectFollow.objects.count() == 0
    assert api.post(url).status_code == 401
    hidden = api.post(f"/api/v1/funded-projects/{scene['hidden'].pk}/follow/", **headers)
    assert hidden.status_code == 404
