"""The PDF documents of the budgets: the sheet of voting cards and the results report. Their text is read back
with pypdf."""

import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from budgets.models import AllocationRule, Budget, BudgetOutcome, BudgetProject, ProjectResult
from budgets.pdf import CARDS_PER_PAGE, METHOD_EXPLANATIONS, render_code_sheet_pdf, render_results_pdf
from tests.factories import AreaFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_code_sheet_has_ten_cards_per_page_with_the_process_the_address_and_the_code():
    process = ProcessFactory(title="Budget participatif de Havelange", slug="havelange")
    area = AreaFactory(name="Méan", slug="mean")
    codes = [f"ABCD-EFGH-{index:04d}" for index in range(23)]

    pages = text_of(render_code_sheet_pdf(process, codes, area))

    assert CARDS_PER_PAGE == 10
    assert len(pages) == 3
    assert re.findall(r"ABCD-EFGH-\d{4}", "\n".join(pages)) == codes
    first = flat(pages[0])
    assert first.count("Budget participatif de Havelange") == 10
    assert first.count("Méan") == 10
    assert "http://127.0.0.1:8000/processes/havelange/vote/code/" in pages[0].replace("\n", "")
    with translation.override("fr"):
        instruction = str(translation.gettext("Enter this code: it lets one person vote once."))
    assert flat(instruction) in first


def test_a_sheet_for_the_whole_territory_says_so():
    process = ProcessFactory(title="Budget participatif", slug="bp")

    pages = text_of(render_code_sheet_pdf(process, ["AAAA-BBBB-CCCC"], None))

    with translation.override("fr"):
        label = str(translation.gettext("Whole territory"))
    assert len(pages) == 1
    assert label in pages[0]


@pytest.fixture
def counted_budget():
    process = ProcessFactory(title="Budget participatif de Ciney", slug="ciney")
    budget = Budget.objects.create(
        process=process, slug="commune", title="Budget de la commune", amount_cents=50_000_00
    )
    bench = BudgetProject.objects.create(budget=budget, title="Un banc", cost_cents=12_500_00)
    path = BudgetProject.objects.create(budget=budget, title="Un sentier", cost_cents=30_000_00)
    hall = BudgetProject.objects.create(budget=budget, title="Une salle", cost_cents=40_000_00)
    ProjectResult.objects.create(
        project=bench,
        votes_online=30,
        votes_desk=4,
        votes_paper=2,
        votes_total=36,
        selected=True,
        allocated_cents=12_500_00,
        rank=1,
    )
    ProjectResult.objects.create(
        project=path,
        votes_online=20,
        votes_desk=1,
        votes_paper=0,
        votes_total=21,
        selected=True,
        allocated_cents=30_000_00,
        rank=2,
    )
    ProjectResult.objects.create(
        project=hall,
        votes_online=15,
        votes_desk=0,
        votes_paper=0,
        votes_total=15,
        selected=False,
        allocated_cents=0,
        rank=3,
    )
    outcome = BudgetOutcome.objects.create(
        budget=budget,
        rule=AllocationRule.EQUAL_SHARES,
        ballots_count=41,
        total_cost_cents=42_500_00,
        comparison={
            "equal-shares": {"selected": [bench.pk, path.pk], "total_cost_cents": 42_500_00},
            "greedy": {"selected": [bench.pk, path.pk], "total_cost_cents": 42_500_00},
            "equal-shares-plain": {"selected": [bench.pk], "total_cost_cents": 12_500_00},
        },
    )
    return budget, outcome


def test_the_results_report_prints_the_summary_the_table_the_method_and_page_numbers(counted_budget):
    budget, outcome = counted_budget

    pages = text_of(render_results_pdf(budget, outcome))

    text = flat("\n".join(pages))
    assert "Budget participatif de Ciney" in text
    assert "Budget de la commune" in text
    # French number formatting: grouped thousands, no decimals for whole euros.
    assert re.search(r"50\s000\s€", text)  # envelope
    assert re.search(r"42\s500\s€", text)  # funded
    assert re.search(r"7\s500\s€", text)  # left
    assert "41" in text  # ballots counted
    assert re.search(r"1 Un banc 36 30 4 2 12\s500\s€", text)
    assert re.search(r"2 Un sentier 21 20 1 0 30\s000\s€", text)
    assert re.search(r"3 Une salle 15 15 0 0 40\s000\s€", text)
    with translation.override("fr"):
        method = flat(str(METHOD_EXPLANATIONS[AllocationRule.EQUAL_SHARES]))
    assert method[:60] in text
    for number, page in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in page


def test_the_results_report_has_the_chart_of_votes(counted_budget):
    budget, outcome = counted_budget

    text = flat("\n".join(text_of(render_results_pdf(budget, outcome))))

    assert "Un banc — 36" in text
    assert "Une salle — 15" in text
