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

        entries = [gettext(name) for name in ("Contents", "Key numbers", "Phases", "Proposals by state",
                                               "Proposals by area", "The proposals")]
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
    assert reader.metadata.title.endswith("Budget participatif des Condruses”")
