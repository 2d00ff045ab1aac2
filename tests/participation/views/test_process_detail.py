import pytest
from django.test import override_settings

from participation.views import SEED_SESSION_KEY
from tests.factories import AreaFactory, CategoryFactory, ProcessFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [proposal.title for proposal in response.context["proposals"]]


def test_unknown_or_unpublished_process_answers_404(client):
    ProcessFactory(slug="en-preparation", is_published=False, with_phase="debate")

    assert client.get("/processes/nulle-part/").status_code == 404
    assert client.get("/processes/en-preparation/").status_code == 404


def test_process_page_shows_summary_description_and_the_phases_as_an_ordered_timeline(client, debate_process):
    response = client.get(debate_process.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Budget participatif des Condruses</h1>" in html
    assert debate_process.summary in html
    assert "<p>Une description du processus.</p>" in html
    statuses = [phase.timeline_status for phase in response.context["timeline"]]
    assert statuses == ["past", "past", "current", "next", "later", "later", "later"]
    assert '<ol class="timeline">' in html
    assert html.count('aria-current="step"') == 1
    assert "Where we are now" in html
    assert html.index("Where we are now") < html.index('<span aria-hidden="true">→</span> Next')


def test_drafts_are_never_listed_even_to_their_author(client, debate_process):
    author = UserFactory()
    ProposalFactory(process=debate_process, author=author, state="draft", title="Mon brouillon secret")
    ProposalFactory(process=debate_process, state="in_debate", title="Une proposition publique")
    client.force_login(author)

    response = client.get(debate_process.get_absolute_url())

    assert titles(response) == ["Une proposition publique"]
    assert "Mon brouillon secret" not in response.content.decode()


def test_hidden_proposals_are_listed_as_hidden_without_title(client, debate_process):
    from django.utils import timezone

    ProposalFactory(
        process=debate_process,
        state="in_debate",
        title="Texte injurieux masqué",
        hidden_at=timezone.now(),
        hidden_reason="Propos injurieux",
    )

    html = client.get(debate_process.get_absolute_url()).content.decode()

    assert "Hidden by moderation." in html
    assert "Texte injurieux masqué" not in html


def test_proposals_past_the_threshold_carry_a_text_badge(client):
    process = ProcessFactory(with_phase="debate", support_threshold=3)
    ProposalFactory(process=process, state="in_debate", title="Beaucoup de soutiens", supports_count=3)
    ProposalFactory(process=process, state="in_debate", title="Peu de soutiens ici", supports_count=2)

    response = client.get(process.get_absolute_url() + "?sort=supports")

    assert [p.past_threshold for p in response.context["proposals"]] == [True, False]
    assert response.content.decode().count("Support threshold reached") == 1


def test_filters_by_area_category_state_and_text(client):
    village, other_village = AreaFactory(name="Ohey"), AreaFactory(name="Gesves")
    mobility, nature = CategoryFactory(name="Mobilité"), CategoryFactory(name="Nature")
    process = ProcessFactory(with_phase="debate")
    process.areas.set([village, other_village])
    process.categories.set([mobility, nature])
    ProposalFactory(
        process=process,
        state="in_debate",
        area=village,
        category=mobility,
        title="Une piste cyclable vers l'école",
        body="Sécuriser le trajet des enfants.",
    )
    ProposalFactory(
        process=process,
        state="in_debate",
        area=other_village,
        category=nature,
        title="Planter un verger communal",
        body="Des pommiers anciens.",
    )
    ProposalFactory(
        process=process,
        state="rejected",
        area=village,
        category=nature,
        title="Un parking de plus au centre",
        body="Pour les voitures.",
    )
    url = process.get_absolute_url()

    assert titles(client.get(url, {"area": village.pk, "sort": "newest"})) == [
        "Un parking de plus au centre",
        "Une piste cyclable vers l'école",
    ]
    assert titles(client.get(url, {"category": nature.pk, "sort": "newest"})) == [
        "Un parking de plus au centre",
        "Planter un verger communal",
    ]
    assert titles(client.get(url, {"state": "rejected"})) == ["Un parking de plus au centre"]
    assert titles(client.get(url, {"q": "POMMIERS"})) == ["Planter un verger communal"]
    assert titles(client.get(url, {"q": "cyclable", "area": other_village.pk})) == []
    assert "No proposal matches these filters." in client.get(url, {"q": "introuvable"}).content.decode()


def test_text_search_does_not_match_the_text_of_hidden_proposals(client, debate_process):
    from django.utils import timezone

    ProposalFactory(
        process=debate_process,
        state="in_debate",
        title="Insulte cachée au voisin",
        hidden_at=timezone.now(),
        hidden_reason="Injure",
    )

    assert titles(client.get(debate_process.get_absolute_url(), {"q": "voisin"})) == []


@pytest.mark.parametrize(
    "query",
    [
        {"area": "abc"},
        {"area": "999999"},
        {"category": "x"},
        {"state": "draft"},
        {"state": "nope"},
        {"sort": "sql;drop"},
        {"page": "-1"},
        {"page": "zzz"},
        {"q": "x" * 101},
    ],
)
def test_invalid_filters_are_ignored_with_a_message_never_a_server_error(client, debate_process, query):
    ProposalFactory(process=debate_process, state="in_debate", title="Une proposition valide")

    response = client.get(debate_process.get_absolute_url(), query)

    assert response.status_code == 200
    assert titles(response) == ["Une proposition valide"]


def test_invalid_filter_value_is_reported_on_the_form(client, debate_process):
    html = client.get(debate_process.get_absolute_url(), {"state": "draft"}).content.decode()

    assert "There is a problem" in html
    assert 'aria-invalid="true"' in html


def test_sort_by_most_supported_then_newest(client, debate_process):
    ProposalFactory(
        process=debate_process, state="in_debate", title="Deux soutiens seulement", supports_count=2
    )
    ProposalFactory(
        process=debate_process, state="in_debate", title="Dix soutiens pour ce banc", supports_count=10
    )
    ProposalFactory(process=debate_process, state="in_debate", title="Aucun soutien pour le moment")
    url = debate_process.get_absolute_url()

    assert titles(client.get(url, {"sort": "supports"})) == [
        "Dix soutiens pour ce banc",
        "Deux soutiens seulement",
        "Aucun soutien pour le moment",
    ]
    assert titles(client.get(url, {"sort": "newest"})) == [
        "Aucun soutien pour le moment",
        "Dix soutiens pour ce banc",
        "Deux soutiens seulement",
    ]


@override_settings(PLACETTE_PROPOSALS_PER_PAGE=50)
def test_random_order_is_stable_for_a_visitor_and_differs_between_seeds(client, debate_process):
    for number in range(30):
        ProposalFactory(process=debate_process, state="in_debate", title=f"Proposition numéro {number:02d}")
    url = debate_process.get_absolute_url()

    first = titles(client.get(url))
    seed = client.session[SEED_SESSION_KEY]
    assert titles(client.get(url, {"sort": "random"})) == first
    assert client.session[SEED_SESSION_KEY] == seed
    assert sorted(first) == sorted(f"Proposition numéro {number:02d}" for number in range(30))

    session = client.session
    session[SEED_SESSION_KEY] = seed + 7919
    session.save()
    assert titles(client.get(url)) != first


@override_settings(PLACETTE_PROPOSALS_PER_PAGE=25)
def test_proposals_are_paginated_25_per_page_keeping_the_filters(client, debate_process):
    for number in range(27):
        ProposalFactory(process=debate_process, state="in_debate", title=f"Proposition numéro {number:02d}")
    url = debate_process.get_absolute_url()

    first_page = client.get(url, {"sort": "newest"})
    second_page = client.get(url, {"sort": "newest", "page": 2})

    assert len(first_page.context["proposals"]) == 25
    assert titles(second_page) == ["Proposition numéro 01", "Proposition numéro 00"]
    html = first_page.content.decode()
    assert "27 proposals" in html
    assert "Page 1 of 2" in html
    assert 'href="?sort=newest&amp;page=2#proposals"' in html


def test_submit_button_is_shown_to_residents_while_submission_is_open(client, resident, submission_process):
    url = submission_process.get_absolute_url()
    create_url = f"/processes/{submission_process.slug}/proposals/new/"

    assert create_url not in client.get(url).content.decode()
    client.force_login(resident)
    assert create_url in client.get(url).content.decode()


def test_submit_button_is_not_shown_outside_the_submission_phase(resident_client, debate_process):
    html = resident_client.get(debate_process.get_absolute_url()).content.decode()

    assert "/proposals/new/" not in html


def test_process_titles_and_proposal_titles_are_escaped(client):
    process = ProcessFactory(
        with_phase="debate", title="<b>Budget</b>", summary="<img src=x onerror=alert(1)>"
    )
    ProposalFactory(process=process, state="in_debate", title="<script>alert('titre')</script>")

    html = client.get(process.get_absolute_url()).content.decode()

    assert "&lt;b&gt;Budget&lt;/b&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;alert(&#x27;titre&#x27;)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert "<img src=x" not in html


def test_the_process_page_charts_its_public_proposals_by_state_with_a_text_description(
    client, debate_process
):
    ProposalFactory.create_batch(2, process=debate_process, state="in_debate")
    ProposalFactory(process=debate_process, state="rejected")
    ProposalFactory(process=debate_process, state="draft")  # private: not counted

    response = client.get(debate_process.get_absolute_url(), {"state": "rejected"})

    html = response.content.decode()
    assert [(bar.key, bar.count, bar.width) for bar in response.context["state_chart"]] == [
        ("in_debate", 2, "100"),
        ("rejected", 1, "50"),
    ]  # the whole process, whatever the filters
    assert 'role="img" aria-labelledby="state-chart-title state-chart-desc"' in html
    assert '<desc id="state-chart-desc">In debate: 2; Rejected: 1</desc>' in html
    rejected_bar = '<rect class="chart__bar chart__bar--rejected" x="0" y="61" width="50%" height="12"'
    assert rejected_bar in html


def test_a_process_without_public_proposals_shows_no_chart(client, debate_process):
    ProposalFactory(process=debate_process, state="draft")

    response = client.get(debate_process.get_absolute_url())

    assert response.context["state_chart"] == []
    assert "state-chart" not in response.content.decode()
