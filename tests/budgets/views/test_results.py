import csv
import io

import pytest

from budgets.allocation.pabulib import parse_pabulib
from tests.factories import ProcessFactory, UserFactory

from .conftest import count_budget, make_ballot, make_budget, make_project, voter_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def results_process(db, north, south):
    process = ProcessFactory(with_phase="results", title="Budget participatif de Ciney", slug="ciney")
    process.areas.set([north, south])
    return process


@pytest.fixture
def counted(results_process, north, south):
    """A counted budget of 100 000 €: three projects, four ballots (two online, one at a desk, one on
    paper)."""
    budget = make_budget(results_process, amount_cents=100_000_00)
    cycle = make_project(budget, title="Piste cyclable", cost_cents=60_000_00)
    orchard = make_project(budget, title="Verger partagé", cost_cents=30_000_00)
    hall = make_project(budget, title="Salle des fêtes", cost_cents=50_000_00)
    people = [
        UserFactory(area=north),
        UserFactory(area=north),
        UserFactory(area=south),
        UserFactory(area=None),
    ]
    make_ballot(budget, voter_of(people[0], results_process), [cycle, orchard])
    make_ballot(budget, voter_of(people[1], results_process), [cycle])
    make_ballot(budget, voter_of(people[2], results_process), [hall, orchard], channel="desk")
    make_ballot(budget, voter_of(people[3], results_process), [cycle, hall], channel="paper")
    count_budget(
        budget,
        rule="greedy",
        comparison={
            "greedy": {"selected": [str(cycle.pk), str(orchard.pk)], "total_cost_cents": 90_000_00},
            "equal-shares": {"selected": [str(cycle.pk), str(orchard.pk)], "total_cost_cents": 90_000_00},
            "equal-shares-plain": {
                "selected": [str(hall.pk), str(orchard.pk)],
                "total_cost_cents": 80_000_00,
            },
        },
    )
    budget.cycle, budget.orchard, budget.hall = cycle, orchard, hall
    return budget


def url_of(budget, suffix="") -> str:
    return f"/processes/{budget.process.slug}/budgets/{budget.slug}/results/{suffix}"


def test_the_results_show_winners_envelope_chart_and_turnout(client, counted):
    response = client.get(url_of(counted))

    page = response.content.decode()
    assert response.status_code == 200
    results = response.context["results"]
    assert [project.title for project in results.winners] == ["Piste cyclable", "Verger partagé"]
    assert results.total_cents == 90_000_00 and results.left_cents == 10_000_00
    assert "<dt>Ballots counted</dt><dd>4</dd>" in page
    assert "<dt>Left in the envelope</dt><dd>10,000 €</dd>" in page
    # The chart marks funded projects with a check mark, a word and a hatched bar, and has a text alternative.
    assert "✓ Piste cyclable (funded): <tspan" in page
    assert "Salle des fêtes (not funded): <tspan" in page
    assert 'class="chart__bar chart__bar--funded"' in page
    assert '<desc id="votes-chart-desc">Piste cyclable (funded): 3; ' in page
    assert "<caption>Votes per project and channel, cost and result</caption>" in page
    assert [(row.key, row.count) for row in results.by_channel] == [("online", 2), ("desk", 1), ("paper", 1)]
    assert [(row.label, row.count) for row in results.by_area] == [
        ("Nord", 2),
        ("Sud", 1),
        ("Area not known", 1),
    ]


def test_the_results_explain_the_rule_and_compare_the_other_rules(client, counted):
    response = client.get(url_of(counted))

    page = response.content.decode()
    comparisons = {comparison.rule: comparison for comparison in response.context["results"].comparisons}
    assert list(comparisons) == ["greedy", "equal-shares", "equal-shares-plain"]
    assert comparisons["greedy"].is_used
    assert [project.title for project in comparisons["equal-shares-plain"].only_here] == ["Salle des fêtes"]
    assert [project.title for project in comparisons["equal-shares-plain"].only_in_used] == ["Piste cyclable"]
    assert "The projects are ranked by their number of votes, most votes first." in page
    assert "Would also fund: Salle des fêtes." in page
    assert "Same projects as the rule used." in page


def test_the_results_link_to_the_downloads(client, counted):
    page = client.get(url_of(counted)).content.decode()

    assert f'href="{url_of(counted, "ballots.csv")}"' in page
    assert f'href="{url_of(counted, "ballots.pb")}"' in page
    # The results report is served by the reports' view (`budgets.urls_reports`).
    assert f'href="/processes/{counted.process.slug}/budgets/{counted.slug}/results.pdf"' in page


@pytest.mark.parametrize("phase", ["vote", "debate"])
def test_before_the_results_phase_the_results_answer_404(client, phase):
    budget = make_budget(ProcessFactory(with_phase=phase))
    count_budget(budget)

    response = client.get(url_of(budget))

    assert response.status_code == 404
    assert "The results are not published yet." in response.content.decode()
    for suffix in ("ballots.csv", "ballots.pb"):
        assert client.get(url_of(budget, suffix)).status_code == 404


def test_a_budget_not_counted_yet_answers_404(client, results_process):
    budget = make_budget(results_process)

    assert client.get(url_of(budget)).status_code == 404
    assert client.get(url_of(budget, "ballots.csv")).status_code == 404


def test_staff_see_the_results_before_they_are_public(client):
    budget = make_budget(ProcessFactory(with_phase="vote"))
    count_budget(budget)
    client.force_login(UserFactory(process_admin=True))

    assert client.get(url_of(budget)).status_code == 200


def test_the_anonymised_ballots_csv_lists_fingerprint_channel_and_projects(client, counted):
    response = client.get(url_of(counted, "ballots.csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ciney-commune-ballots.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["ballot", "channel", "projects"]
    ballots = rows[1:]
    assert [row[0] for row in ballots] == sorted(
        ballot.receipt_digest[:16] for ballot in counted.ballots.all()
    )
    assert sorted((row[1], row[2]) for row in ballots) == sorted(
        [
            ("online", f"{counted.cycle.pk},{counted.orchard.pk}"),
            ("online", f"{counted.cycle.pk}"),
            ("desk", f"{counted.orchard.pk},{counted.hall.pk}"),
            ("paper", f"{counted.cycle.pk},{counted.hall.pk}"),
        ]
    )


def test_the_pabulib_file_reads_back_as_the_same_election(client, counted):
    response = client.get(url_of(counted, "ballots.pb"))

    election = parse_pabulib(b"".join(response.streaming_content).decode())
    assert election.budget == 100_000_00
    assert {pid: project.cost for pid, project in election.projects.items()} == {
        str(counted.cycle.pk): 60_000_00,
        str(counted.orchard.pk): 30_000_00,
        str(counted.hall.pk): 50_000_00,
    }
    assert sorted(sorted(ballot) for ballot in election.ballots) == sorted(
        [
            sorted([str(counted.cycle.pk), str(counted.orchard.pk)]),
            [str(counted.cycle.pk)],
            sorted([str(counted.orchard.pk), str(counted.hall.pk)]),
            sorted([str(counted.cycle.pk), str(counted.hall.pk)]),
        ]
    )
    assert election.meta["num_votes"] == "4"
    assert election.projects[str(counted.cycle.pk)].fields["selected"] == "1"


def test_results_texts_are_escaped(client, results_process):
    budget = make_budget(results_process, title="<i>budget</i>")
    make_project(budget, title="<script>alert(1)</script>")
    count_budget(budget)

    page = client.get(url_of(budget)).content.decode()

    assert "<script>alert(1)</script>" not in page and "<i>budget</i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_budget_list_links_to_public_results(client, counted):
    page = client.get(f"/processes/{counted.process.slug}/budgets/").content.decode()

    assert f'href="{url_of(counted)}"' in page


def test_a_long_title_is_shortened_in_the_chart_so_its_count_stays_visible_and_whole_in_the_description(
    client, counted
):
    long_title = "Un défibrillateur accessible jour et nuit dans chaque village, avec des formations"
    type(counted.cycle).objects.filter(pk=counted.cycle.pk).update(title=long_title)

    page = client.get(url_of(counted)).content.decode()

    assert "✓ Un défibrillateur accessible jour et nuit dans chaque villa…: <tspan" in page
    assert f'<desc id="votes-chart-desc">{long_title} (funded): 3; ' in page
