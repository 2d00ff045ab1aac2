"""The rendering of the participation report kinds, called directly (HTML in, PDF bytes out), their text
read back with pypdf: the figures, the phases, the comments, page numbers and the table of contents."""

import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from participation.pdf import PDF_VARIANT, html_to_pdf
from participation.pdf_reports import registry

from .conftest import flat, pdf_pages

pytestmark = pytest.mark.django_db


def render(kind_name, target):
    kind = registry.get(kind_name)
    with translation.override("fr"):
        return html_to_pdf(kind.html(target, generated_at=None))


def test_the_process_report_prints_the_counts_by_state_and_by_area_and_the_phases(report_process):
    process, _proposals = report_process

    pages = pdf_pages(render("process", process))

    text = flat("\n".join(pages))
    assert "Budget participatif des Condruses" in text
    with translation.override("fr"):
        in_debate, rejected, accepted = (str(label) for label in ("En débat", "Rejetée", "Acceptée"))
        from participation.models import PhaseKind, ProposalState

        in_debate = str(ProposalState.IN_DEBATE.label)
        rejected = str(ProposalState.REJECTED.label)
        accepted = str(ProposalState.ACCEPTED.label)
        phase_names = [str(kind.label) for kind in PhaseKind]
    # By state (the hidden proposal is counted, the draft is not): 4 in debate, 2 rejected, 1 accepted.
    assert re.search(rf"{in_debate} 4 ", text)
    assert re.search(rf"{rejected} 2 ", text)
    assert re.search(rf"{accepted} 1 ", text)
    # By area.
    assert "Nord 6 " in text
    assert "Sud 1 " in text
    # The bar charts say the same.
    assert f"{in_debate} — 4" in text
    assert "Nord — 6" in text
    for name in phase_names:
        assert name in text
    # The lists leave the hidden proposal and the draft out; the cost is in French typography.
    assert "Un banc devant l'église" in text or "Un banc devant l’église" in text
    assert "Achetez des montres" not in text
    assert "Un brouillon" not in text
    assert re.search(r"Rénover la salle des fêtes Nord 0 0 1\s250\s000 €", text)


def test_the_process_report_has_page_numbers_and_a_table_of_contents_with_pages(report_process):
    process, _proposals = report_process

    pages = pdf_pages(render("process", process))

    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in page
    first = pages[0]
    with translation.override("fr"):
        from django.utils.translation import gettext

        entries = [
            gettext(name)
            for name in (
                "Contents",
                "Key numbers",
                "Phases",
                "Proposals by state",
                "Proposals by area",
                "The proposals",
            )
        ]
    for entry in entries:
        assert entry in first
    # Each entry ends with a page number after its dotted leader.
    toc_lines = [line for line in first.splitlines() if ". . ." in line or "...." in line]
    assert len(toc_lines) >= 5
    assert all(re.search(r"\d+$", line.strip()) for line in toc_lines)


def test_the_proposal_dossier_prints_the_text_the_timeline_and_the_visible_comments(commented_proposal):
    pages = pdf_pages(render("proposal", commented_proposal))

    text = flat("\n".join(pages))
    assert "Un banc devant l" in text
    assert "Un banc à l'ombre près de l'église" in text or "Un banc à l’ombre" in text
    # French typography: a narrow no-break space before "!" and ";" (read back as a space).
    assert "Enfin un banc ! Merci." in text
    assert "Trop cher ; inutile." in text
    assert "D'accord avec vous." in text
    assert "Propos injurieux caché" not in text
    assert "Texte retiré par son auteur" not in text
    with translation.override("fr"):
        from django.utils.translation import gettext

        assert gettext("Written by the author.") in text
    assert "3 commentaires" in text or "3 comments" in text
    for number, page in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in page


def test_reports_are_tagged_pdf_ua_with_language_and_title(report_process):
    process, _proposals = report_process

    reader = PdfReader(io.BytesIO(render("process", process)))

    assert PDF_VARIANT == "pdf/ua-1"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    # Reports are printed in the site's language (French), whoever asks.
    assert reader.metadata.title == "Rapport sur le processus «\u00a0Budget participatif des Condruses\u00a0»"


def test_a_long_process_report_lists_the_most_supported_proposals_and_counts_them_all(report_process):
    from participation.selectors import process_report_data

    process, _proposals = report_process

    data = process_report_data(process=process, list_limit=2)

    listed = [proposal.title for _state, _label, members in data.groups for proposal in members]
    assert listed == ["Un banc devant l'église", "Un sentier vers l'école"]
    assert (data.proposals_count, data.hidden_count, data.unlisted_count) == (7, 1, 4)
    assert dict((state, count) for state, _label, count in data.by_state if count) == {
        "in_debate": 4,
        "rejected": 2,
        "accepted": 1,
    }
    assert [(name, count) for _slug, name, count in data.by_area] == [("Nord", 6), ("Sud", 1)]
    assert (data.supports_count, data.comments_count) == (23, 3)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_process_report_reads_its_data_in_five_queries(report_process, django_assert_num_queries, rows):
    from participation.models import ProposalState
    from participation.selectors import process_report_data
    from tests.factories import ProposalFactory

    process, proposals = report_process
    for number in range(rows):
        ProposalFactory(
            process=process,
            area=proposals["bench"].area,
            state=ProposalState.IN_DEBATE,
            title=f"Proposition de banc numéro {number}",
        )

    # 1 the process, 2 its phases, 3 its areas, 4 the counts by state and area, 5 the listed proposals.
    with django_assert_num_queries(5):
        data = process_report_data(process=process)

    assert data.proposals_count == 7 + rows


@pytest.mark.parametrize("comments", [3, 30])
def test_the_dossier_reads_its_data_in_a_fixed_number_of_queries(
    commented_proposal, django_assert_num_queries, comments
):
    from participation.selectors import proposal_dossier_data
    from tests.factories import CommentFactory

    for _number in range(comments):
        CommentFactory(proposal=commented_proposal)

    # 1 the proposal with process, author, area, category, duplicate_of; 2 its transitions with their actors;
    # 3 the comments with their authors. (None of the fixture's transitions has an actor, so the actors'
    # permissions and groups are not read.)
    with django_assert_num_queries(3):
        data = proposal_dossier_data(proposal=commented_proposal)

    # Two top-level comments of the fixture (the reply is in its thread; hidden and deleted ones are gone).
    assert len(data.comments) == 2 + comments
    assert [len(comment.thread_replies) for comment in data.comments[:2]] == [1, 0]
