import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import CategoryFactory, ProcessFactory, ProposalFactory

from .conftest import make_budget, make_project, put_in_basket, voter_of

pytestmark = pytest.mark.django_db

# A 1×1 transparent GIF.
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00"
    b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def url_of(budget) -> str:
    return f"/processes/{budget.process.slug}/budgets/{budget.slug}/"


def titles(response) -> list[str]:
    return [project.title for project in response.context["projects"]]


def test_projects_show_cost_area_category_and_the_original_proposal(resident_client, vote_process, north):
    budget = make_budget(vote_process)
    proposal = ProposalFactory(process=vote_process, state="on_ballot", area=north)
    category = CategoryFactory(name="Mobilité")
    make_project(
        budget,
        title="Piste cyclable",
        cost_cents=12_345_00,
        area=north,
        category=category,
        proposal=proposal,
        description="Entre le Nord et la gare.",
    )

    page = resident_client.get(url_of(budget)).content.decode()

    assert "Piste cyclable" in page
    assert "12,345 €" in page
    assert "Nord" in page and "Mobilité" in page
    assert "Entre le Nord et la gare." in page
    assert f'href="/processes/{vote_process.slug}/proposals/{proposal.pk}/"' in page


def test_a_project_image_has_its_alternative_text(resident_client, vote_process, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    budget = make_budget(vote_process)
    make_project(
        budget,
        image=SimpleUploadedFile("banc.gif", PIXEL, content_type="image/gif"),
        image_alt="Un banc en bois sous un tilleul",
    )

    page = resident_client.get(url_of(budget)).content.decode()

    assert 'alt="Un banc en bois sous un tilleul"' in page
    assert 'src="/media/budgets/projects/' in page


def test_projects_filter_by_area_category_and_text_and_sort_by_cost(
    resident_client, vote_process, north, south
):
    budget = make_budget(vote_process)
    mobility, nature = CategoryFactory(name="Mobilité"), CategoryFactory(name="Nature")
    make_project(budget, title="Piste cyclable", cost_cents=30_000_00, area=north, category=mobility)
    make_project(
        budget,
        title="Verger partagé",
        cost_cents=5_000_00,
        area=south,
        category=nature,
        description="Des pommiers pour tous",
    )
    make_project(budget, title="Abri vélo", cost_cents=8_000_00, area=south, category=mobility)

    by_area = resident_client.get(url_of(budget), {"area": south.pk, "sort": "cheapest"})
    by_category = resident_client.get(url_of(budget), {"category": mobility.pk, "sort": "expensive"})
    by_text = resident_client.get(url_of(budget), {"q": "pommiers"})
    by_title = resident_client.get(url_of(budget), {"sort": "title"})

    assert titles(by_area) == ["Verger partagé", "Abri vélo"]
    assert titles(by_category) == ["Piste cyclable", "Abri vélo"]
    assert titles(by_text) == ["Verger partagé"]
    assert titles(by_title) == ["Abri vélo", "Piste cyclable", "Verger partagé"]


def test_the_random_order_stays_the_same_for_a_visitor(resident_client, vote_process):
    budget = make_budget(vote_process)
    for number in range(8):
        make_project(budget, title=f"Projet {number}")

    first = titles(resident_client.get(url_of(budget)))
    second = titles(resident_client.get(url_of(budget)))

    assert first == second
    assert sorted(first) == [f"Projet {number}" for number in range(8)]


def test_invalid_filters_are_reported_and_ignored(resident_client, vote_process, north, south):
    budget = make_budget(vote_process)
    make_project(budget, title="Piste cyclable", area=north)
    make_project(budget, title="Abri vélo", area=south)

    response = resident_client.get(url_of(budget), {"area": "999999", "sort": "bogus"})

    assert response.status_code == 200
    assert sorted(titles(response)) == ["Abri vélo", "Piste cyclable"]
    assert "There is a problem" in response.content.decode()


def test_the_basket_shows_the_money_left_and_a_progress_bar(resident_client, resident, vote_process):
    budget = make_budget(vote_process, amount_cents=100_000_00)
    chosen = make_project(budget, title="Piste cyclable", cost_cents=40_000_00)
    make_project(budget, title="Abri vélo", cost_cents=10_000_00)
    put_in_basket(voter_of(resident, vote_process), chosen)

    response = resident_client.get(url_of(budget))

    page = response.content.decode()
    assert response.context["basket"].left_cents == 60_000_00
    assert "<strong>60,000 €</strong> left of 100,000 €" in page
    assert 'class="progress-bar__fill" x="0" y="0" width="40%"' in page
    assert "40,000 € chosen (40% of the envelope)" in page
    assert 'Remove from my basket<span class="visually-hidden">: Piste cyclable' in page
    assert 'Add to my basket<span class="visually-hidden">: Abri vélo' in page
    assert f'href="/processes/{vote_process.slug}/budgets/commune/checkout/"' in page


def test_a_project_that_does_not_fit_has_no_add_button(resident_client, resident, vote_process):
    budget = make_budget(vote_process, amount_cents=100_000_00)
    chosen = make_project(budget, title="Piste cyclable", cost_cents=80_000_00)
    make_project(budget, title="Salle des fêtes", cost_cents=30_000_00)
    put_in_basket(voter_of(resident, vote_process), chosen)

    page = resident_client.get(url_of(budget)).content.decode()

    assert "Add to my basket" not in page
    assert "Costs more than what is left in your basket (20,000 €)" in page


def test_an_approval_ballot_shows_the_picks_left(resident_client, resident, vote_process):
    budget = make_budget(vote_process, ballot_rule="approval", max_projects=3, min_projects=2)
    chosen = make_project(budget, title="Piste cyclable")
    make_project(budget, title="Abri vélo")
    put_in_basket(voter_of(resident, vote_process), chosen)

    page = resident_client.get(url_of(budget)).content.decode()

    assert "<strong>2</strong> picks left" in page
    assert "Choose up to 3 projects." in page
    assert "Choose at least 2 projects." in page
    assert "Choose 1 more project to complete your ballot." in page


def test_visitors_who_may_not_vote_see_the_projects_without_buttons(client, vote_process):
    budget = make_budget(vote_process)
    make_project(budget, title="Piste cyclable")

    page = client.get(url_of(budget)).content.decode()

    assert "Piste cyclable" in page
    assert "Add to my basket" not in page
    assert 'id="basket"' not in page
    assert "Log in to vote" in page


def test_a_budget_of_another_area_shows_why_one_cannot_vote(resident_client, vote_process, south):
    budget = make_budget(vote_process, slug="sud", area=south)
    make_project(budget)

    page = resident_client.get(url_of(budget)).content.decode()

    assert "This budget is for the residents of Sud." in page
    assert "Add to my basket" not in page


def test_project_texts_are_escaped(resident_client, vote_process):
    budget = make_budget(vote_process, description="<b>gras</b>")
    make_project(budget, title="<img src=x onerror=alert(1)>", description="<script>x</script>")

    page = resident_client.get(url_of(budget)).content.decode()

    assert "<img src=x" not in page and "<script>x</script>" not in page and "<b>gras</b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_unknown_budgets_and_budgets_of_other_processes_answer_404(resident_client, vote_process):
    other = make_budget(ProcessFactory(with_phase="vote"), slug="ailleurs")

    assert resident_client.get(f"/processes/{vote_process.slug}/budgets/ailleurs/").status_code == 404
    assert resident_client.get(url_of(other).replace(other.process.slug, "inconnu")).status_code == 404
