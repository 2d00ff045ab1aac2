"""Closing the vote early and counting it: the vote phase closes through `phase_close_early`, the budgets are
counted, the page shows each outcome and what every rule would have funded, and the results report (PDF) is
generated in the background and served from the results URL."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from budgets.models import BudgetOutcome, ProjectResult, Voter
from participation.models import PdfReport
from tests.factories import UserFactory

from .conftest import make_ballot, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def close_url(process):
    return reverse("staff_vote_close", kwargs={"slug": process.slug})


@pytest.fixture
def ballots(vote_process, budgets):
    """Four residents voted in the territory-wide budget: the bench 4 times, the path 3, the hall once."""
    choices = [["bench", "path"], ["bench", "path"], ["bench", "path"], ["bench", "hall"]]
    for names in choices:
        voter = Voter.objects.create(process=vote_process, user=UserFactory())
        make_ballot(budgets["commune"], voter, [budgets[name] for name in names])


def test_an_administrator_closes_the_vote_early_and_sees_the_outcome(
    login, vote_process, budgets, ballots, django_capture_on_commit_callbacks
):
    client = login("admin")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(close_url(vote_process), {"action": "close"}, follow=True)

    assert response.status_code == 200
    assert messages_of(response) == ["The vote is closed.", "The votes are counted. The results are below."]
    vote_phase = vote_process.phases.get(kind="vote")
    assert vote_phase.closed_at is not None
    outcome = BudgetOutcome.objects.get(budget=budgets["commune"])
    assert outcome.ballots_count == 4
    selected = set(
        ProjectResult.objects.filter(selected=True, project__budget=budgets["commune"]).values_list(
            "project__title", flat=True
        )
    )
    assert selected == {"Un banc à l'église", "Un sentier"}
    item = next(item for item in response.context["budgets"] if item.budget.slug == "commune")
    assert [(result.project.title, result.votes_total) for result in item.results] == [
        ("Un banc à l'église", 4),
        ("Un sentier", 3),
        ("Une salle", 1),
    ]
    assert {rule.rule for rule in item.rules} == {"greedy", "equal-shares", "equal-shares-plain"}
    html = response.content.decode()
    assert "(the rule used)" in html
    assert reverse("budget_results_pdf", kwargs={"slug": vote_process.slug, "budget_slug": "commune"}) in html


def test_the_results_report_is_generated_in_the_background_and_served(
    login, vote_process, budgets, ballots, django_capture_on_commit_callbacks
):
    from participation.models import PdfReport, PdfReportState

    client = login("admin")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(close_url(vote_process), {"action": "close"})
    report = PdfReport.objects.get(kind="budget-results", target_id=budgets["commune"].pk)
    assert (report.state, report.progress) == (PdfReportState.READY, 100)
    assert report.file.storage.exists(report.file.name)

    response = client.get(
        reverse("budget_results_pdf", kwargs={"slug": vote_process.slug, "budget_slug": "commune"})
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages
    )
    assert "Budget de la commune" in text
    assert "Un sentier" in text


def test_a_resident_cannot_download_the_report_before_the_results_phase(
    login, vote_process, budgets, ballots, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        login("admin").post(close_url(vote_process), {"action": "close"})

    response = login("resident").get(
        reverse("budget_results_pdf", kwargs={"slug": vote_process.slug, "budget_slug": "commune"})
    )

    assert response.status_code == 404


def test_a_report_of_a_budget_not_counted_answers_404(login, vote_process, budgets):
    response = login("admin").get(
        reverse("budget_results_pdf", kwargs={"slug": vote_process.slug, "budget_slug": "commune"})
    )

    assert response.status_code == 404


def test_counting_a_vote_that_is_not_over_counts_nothing(login, vote_process, budgets, ballots):
    response = login("admin").post(close_url(vote_process), {"action": "count"}, follow=True)

    assert messages_of(response) == ["Nothing to count: the vote is not over."]
    assert BudgetOutcome.objects.count() == 0


def test_closing_a_vote_that_is_not_open_is_refused_and_changes_nothing(login, north, south):
    from .conftest import make_budget, make_process

    process = make_process("debate", north, south, slug="plus-tard")
    make_budget(process)

    response = login("admin").post(close_url(process), {"action": "close"})

    assert response.status_code == 400
    assert "Only an open phase can be closed." in response.content.decode()
    assert process.phases.get(kind="vote").closed_at is None
    assert BudgetOutcome.objects.count() == 0


def test_an_unknown_action_answers_404(login, vote_process, budgets):
    response = login("admin").post(close_url(vote_process), {"action": "explode"})

    assert response.status_code == 404


def test_while_the_report_is_not_stored_the_download_page_says_it_is_being_prepared(
    login, vote_process, budgets, ballots, monkeypatch, django_capture_on_commit_callbacks
):
    from participation.services import pdf_reports

    # Closing asks for the report from the counting service and from the page: a busy worker renders nothing.
    monkeypatch.setattr(pdf_reports, "_queue", lambda report_id: None)
    with django_capture_on_commit_callbacks(execute=True):
        login("admin").post(close_url(vote_process), {"action": "close"})

    response = login("admin").get(
        reverse("budget_results_pdf", kwargs={"slug": vote_process.slug, "budget_slug": "commune"})
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "The PDF report of “Budget de la commune” is being generated." in response.content.decode()
    report = PdfReport.objects.get(kind="budget-results", target_id=budgets["commune"].pk)
    assert f'href="/reports/{report.pk}/"' in response.content.decode()


def test_asking_for_the_report_twice_keeps_one_report_and_one_file(
    vote_process, budgets, ballots, login, django_capture_on_commit_callbacks
):
    from budgets.pdf_reports import queue_results_pdf
    from participation.models import PdfReport

    with django_capture_on_commit_callbacks(execute=True):
        login("admin").post(close_url(vote_process), {"action": "close"})
    with django_capture_on_commit_callbacks(execute=True):
        queue_results_pdf(budgets["commune"].pk)
        queue_results_pdf(budgets["commune"].pk)

    from participation.services.pdf_reports import report_path

    report = PdfReport.objects.get(kind="budget-results", target_id=budgets["commune"].pk)
    assert report.file.name == report_path(report)
    assert report.file.storage.listdir(f"reports/budget-results/{budgets['commune'].pk}") == (
        [],
        [report_path(report).rsplit("/", 1)[1]],
    )
    queue_results_pdf(0)  # no such budget: nothing
    assert PdfReport.objects.filter(kind="budget-results").count() == 2  # commune and nord, once each
