"""Fixtures of the open data tests: a published process with every kind of proposal a file must show or
leave out, and helpers to download a file whole."""

from decimal import Decimal

import pytest
from django.utils import timezone

from participation.models import ProposalState
from tests.factories import AreaFactory, CategoryFactory, ProcessFactory, ProposalFactory, UserFactory
from tests.pages import english as english  # noqa: F401  (autouse: pages in English)

SECRET_DRAFT = "Brouillon secret du conseil de quartier"
SECRET_HIDDEN = "Texte caché par la modération"
SECRET_UNPUBLISHED = "Processus pas encore publié"


def download(client, url: str, **headers):
    """(response, body as text) of `url`, a streamed or plain response."""
    response = client.get(url, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode("utf-8")


@pytest.fixture
def ciney(db):
    """A published process (debate open) in the areas Ciney-Centre and Leignon, category Mobilité."""
    area = AreaFactory(name="Ciney-Centre", slug="ciney-centre")
    other = AreaFactory(name="Leignon", slug="leignon")
    category = CategoryFactory(name="Mobilité", slug="mobilite")
    process = ProcessFactory(with_phase="debate", title="Budget participatif de Ciney", slug="ciney")
    process.areas.set([area, other])
    process.categories.set([category])
    process.area, process.other_area, process.category = area, other, category
    return process


@pytest.fixture
def proposals(ciney):
    """Public proposals of `ciney` (two located, one not, one with a formula-like title), plus what must
    never be exported: a draft, a hidden proposal's text and location, a proposal of an unpublished process,
    and the authors' e-mails."""
    authors = [
        UserFactory(email=f"auteur{n}@exemple.be", display_name=f"Auteur Numéro {n}") for n in range(4)
    ]
    located = ProposalFactory(
        process=ciney,
        author=authors[0],
        title="Une piste cyclable vers la gare",
        area=ciney.area,
        category=ciney.category,
        latitude=Decimal("50.294100"),
        longitude=Decimal("5.100200"),
        state=ProposalState.IN_DEBATE,
    )
    south = ProposalFactory(
        process=ciney,
        author=authors[1],
        title="Un verger partagé à Leignon",
        area=ciney.other_area,
        latitude=Decimal("-33.868800"),
        longitude=Decimal("-151.209300"),
        state=ProposalState.ACCEPTED,
    )
    unlocated = ProposalFactory(
        process=ciney,
        author=authors[2],
        title="Des bancs à l'ombre, près de l'église",
        area=ciney.area,
        body="Des bancs pour les aînés : « reposez-vous » à l'ombre des tilleuls.",
    )
    formula = ProposalFactory(
        process=ciney,
        author=authors[3],
        title='=HYPERLINK("http://evil") une idée',
        area=ciney.area,
        body="+33 six bancs",
        answer="@attention",
    )
    ProposalFactory(
        process=ciney,
        author=authors[0],
        title=SECRET_DRAFT,
        body=SECRET_DRAFT,
        state=ProposalState.DRAFT,
        latitude=Decimal("1.5"),
        longitude=Decimal("2.5"),
    )
    hidden = ProposalFactory(
        process=ciney,
        author=authors[1],
        title=SECRET_HIDDEN,
        body=SECRET_HIDDEN,
        latitude=Decimal("3.5"),
        longitude=Decimal("4.5"),
        hidden_at=timezone.now(),
        hidden_reason="Insultes",
    )
    unpublished = ProcessFactory(
        with_phase="submission", is_published=False, title=SECRET_UNPUBLISHED, slug="pas-publie"
    )
    ProposalFactory(process=unpublished, author=authors[2], title=SECRET_UNPUBLISHED, body=SECRET_UNPUBLISHED)
    return {
        "located": located,
        "south": south,
        "unlocated": unlocated,
        "formula": formula,
        "hidden": hidden,
        "authors": authors,
    }
