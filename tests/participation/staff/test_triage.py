"""The per-process triage list: proposals by state, filters (state, area), counts per state. The staff
home."""

import pytest
from django.urls import reverse

from participation.models import ProposalState
from tests.factories import AreaFactory, ProcessFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def triage_url(process, **query):
    url = reverse("staff_process_proposals", kwargs={"slug": process.slug})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


@pytest.fixture
def triage(debate_process):
    ciney, havelange = AreaFactory(name="Ciney"), AreaFactory(name="Havelange")
    proposals = {
        "submitted_ciney": ProposalFactory(process=debate_process, state="submitted", area=ciney),
        "debate_ciney": ProposalFactory(process=debate_process, state="in_debate", area=ciney),
        "debate_havelange": ProposalFactory(process=debate_process, state="in_debate", area=havelange),
        "rejected_havelange": ProposalFactory(process=debate_process, state="rejected", area=havelange),
        "draft": ProposalFactory(process=debate_process, state="draft", area=ciney),
    }
    ProposalFactory(state="submitted")  # another process
    return debate_process, ciney, havelange, proposals


def pks(response) -> set[int]:
    return {proposal.pk for proposal in response.context["proposals"]}


def test_the_list_shows_every_submitted_or_later_proposal_of_the_process_but_no_draft(login, triage):
    process, _ciney, _havelange, proposals = triage

    response = login("evaluator").get(triage_url(process))

    assert response.status_code == 200
    assert pks(response) == {p.pk for key, p in proposals.items() if key != "draft"}


def test_the_counts_per_state_cover_every_state_but_draft(login, triage):
    process, *_ = triage

    response = login("moderator").get(triage_url(process))

    counts = {state: count for state, _label, count in response.context["state_counts"]}
    assert counts == {
        "submitted": 1,
        "in_debate": 2,
        "withdrawn": 0,
        "rejected": 1,
        "accepted": 0,
        "on_ballot": 0,
        "selected": 0,
        "not_selected": 0,
    }
    assert 'href="?state=in_debate"' in response.content.decode()


def test_the_list_filters_by_state_and_by_area(login, triage):
    process, ciney, havelange, proposals = triage
    client = login("moderator")

    assert pks(client.get(triage_url(process, state="in_debate"))) == {
        proposals["debate_ciney"].pk,
        proposals["debate_havelange"].pk,
    }
    assert pks(client.get(triage_url(process, area=havelange.pk))) == {
        proposals["debate_havelange"].pk,
        proposals["rejected_havelange"].pk,
    }
    assert pks(client.get(triage_url(process, state="in_debate", area=ciney.pk))) == {
        proposals["debate_ciney"].pk
    }


def test_a_bad_filter_value_is_ignored_with_an_error_on_that_filter(login, triage):
    process, _ciney, _havelange, proposals = triage

    response = login("moderator").get(triage_url(process, state="nonsense", area="abc"))

    assert response.status_code == 200
    assert pks(response) == {p.pk for key, p in proposals.items() if key != "draft"}
    assert set(response.context["filter_form"].errors) == {"state", "area"}


def test_an_unknown_process_answers_404(login):
    assert login("moderator").get("/staff/processes/nope/").status_code == 404


def test_an_unpublished_process_is_open_to_staff(login):
    process = ProcessFactory(with_phase="submission", is_published=False, title="En préparation")

    response = login("admin").get(triage_url(process))

    assert response.status_code == 200
    assert "Not published" in response.content.decode()


def test_the_phase_can_be_closed_from_the_triage_page_by_process_administrators_only(login, debate_process):
    phase = debate_process.phases.get(kind="debate")
    close_url = reverse("staff_phase_close", kwargs={"pk": phase.pk})

    assert close_url in login("admin").get(triage_url(debate_process)).content.decode()
    assert close_url not in login("moderator").get(triage_url(debate_process)).content.decode()


def test_the_list_is_paginated(login, debate_process, settings):
    for _ in range(51):
        ProposalFactory(process=debate_process, state="submitted")

    first = login("moderator").get(triage_url(debate_process))
    second = login("moderator").get(triage_url(debate_process, page=2))

    assert len(first.context["proposals"]) == 50
    assert len(second.context["proposals"]) == 1
    assert 'rel="next"' in first.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_runs_the_same_queries_for_3_and_30_rows(
    login, debate_process, django_assert_num_queries, rows
):
    areas = [AreaFactory(), AreaFactory()]
    states = [ProposalState.SUBMITTED, ProposalState.IN_DEBATE, ProposalState.REJECTED]
    for index in range(rows):
        ProposalFactory(process=debate_process, state=states[index % 3], area=areas[index % 2])
    client = login("evaluator")

    # session, user, the viewer's permissions (direct, through groups); the process, its phases; the areas of
    # the filter; the counts per state; the page's count and rows (with author, area, category).
    with django_assert_num_queries(10):
        response = client.get(triage_url(debate_process))

    assert len(response.context["proposals"]) == rows


# --- Staff home ---------------------------------------------------------------------------------------------


def test_the_staff_home_lists_processes_with_what_waits_in_them(login, triage):
    process, *_ = triage

    response = login("moderator").get(reverse("staff_evaluation"))

    listed = {p.pk: p for p in response.context["processes"]}
    assert (
        listed[process.pk].submitted_count,
        listed[process.pk].in_debate_count,
        listed[process.pk].rejected_count,
    ) == (1, 2, 1)
    assert response.context["open_report_count"] == 0
    assert f'href="{triage_url(process)}"' in response.content.decode()


def test_the_staff_home_does_not_count_reports_for_evaluators(login, triage):
    response = login("evaluator").get(reverse("staff_evaluation"))

    assert response.context["open_report_count"] is None
    assert reverse("moderation_queue") not in response.content.decode()
