"""Fixtures of the PDF report tests: files stored in a temporary media root, the PDF's text read back with
pypdf, and a process with proposals in several states and areas."""

import io

import pytest
from pypdf import PdfReader

from participation.models import ProposalState
from tests.factories import AreaFactory, CommentFactory, ProcessFactory, ProposalFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Whitespace (spaces, no-break and narrow no-break spaces, line breaks) as single spaces."""
    return " ".join(text.split())


@pytest.fixture
def report_process(db):
    """A process in debate with two areas: 3 in debate (one hidden), 2 rejected, 1 accepted in Nord;
    1 in debate in Sud; one draft (never counted)."""
    process = ProcessFactory(with_phase="debate", title="Budget participatif des Condruses", slug="condruses")
    north = AreaFactory(name="Nord", slug="nord", position=1)
    south = AreaFactory(name="Sud", slug="sud", position=2)
    process.areas.set([north, south])
    proposals = {
        "bench": ProposalFactory(
            process=process,
            area=north,
            state=ProposalState.IN_DEBATE,
            title="Un banc devant l'église",
            supports_count=12,
            comments_count=3,
        ),
        "path": ProposalFactory(
            process=process,
            area=north,
            state=ProposalState.IN_DEBATE,
            title="Un sentier vers l'école",
            supports_count=7,
        ),
        "spam": ProposalFactory(
            process=process, area=north, state=ProposalState.IN_DEBATE, title="Achetez des montres pas chères"
        ),
        "pool": ProposalFactory(
            process=process, area=north, state=ProposalState.REJECTED, title="Une piscine olympique"
        ),
        "tower": ProposalFactory(
            process=process, area=north, state=ProposalState.REJECTED, title="Une tour de trente étages"
        ),
        "hall": ProposalFactory(
            process=process,
            area=north,
            state=ProposalState.ACCEPTED,
            title="Rénover la salle des fêtes",
            cost_estimate_cents=1_250_000_00,
        ),
        "square": ProposalFactory(
            process=process,
            area=south,
            state=ProposalState.IN_DEBATE,
            title="Des arbres sur la place",
            supports_count=4,
        ),
        "draft": ProposalFactory(
            process=process, area=south, state=ProposalState.DRAFT, title="Un brouillon jamais soumis"
        ),
    }
    from django.utils import timezone

    type(proposals["spam"]).objects.filter(pk=proposals["spam"].pk).update(hidden_at=timezone.now())
    proposals["spam"].refresh_from_db()
    return process, proposals


@pytest.fixture
def commented_proposal(report_process):
    """The bench, with comments: two for, one against, a reply, a hidden and a deleted one."""
    from django.utils import timezone

    from participation.models import CommentAlignment

    _process, proposals = report_process
    bench = proposals["bench"]
    first = CommentFactory(proposal=bench, alignment=CommentAlignment.FOR, body="Enfin un banc ! Merci.")
    CommentFactory(proposal=bench, alignment=CommentAlignment.AGAINST, body="Trop cher ; inutile.")
    CommentFactory(proposal=bench, parent=first, alignment=CommentAlignment.FOR, body="D'accord avec vous.")
    CommentFactory(
        proposal=bench,
        alignment=CommentAlignment.NEUTRAL,
        body="Propos injurieux caché",
        hidden_at=timezone.now(),
    )
    CommentFactory(
        proposal=bench,
        alignment=CommentAlignment.NEUTRAL,
        body="Texte retiré par son auteur",
        deleted_at=timezone.now(),
    )
    return bench


@pytest.fixture
def renders(monkeypatch):
    """Counts the PDF renderings of the report task (each call of `html_to_pdf`), still rendering."""
    from participation.services import pdf_reports

    calls = []
    real = pdf_reports.html_to_pdf

    def counting(html, **kwargs):
        calls.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(pdf_reports, "html_to_pdf", counting)
    return calls


@pytest.fixture
def busy_worker(monkeypatch):
    """Nothing is rendered: the task is queued on a broker no worker reads. Returns the queued report ids."""
    from participation.services import pdf_reports

    queued = []
    monkeypatch.setattr(pdf_reports, "_queue", queued.append)
    return queued


from tests.pages import english as english  # noqa: E402  (pages in English: assertions name the msgids)
