"""What `has_perm` answers for every budgets rule, role and timing (the matrix of
tests/budgets/services/matrix.py), and the predicates' details."""

import pytest
from django.utils import timezone

from budgets.models import Budget, Census
from budgets.predicates import is_desk_agent, may_vote_in_budget, vote_has_ended
from budgets.services.census import voter_verify_with_census
from tests.budgets.factories import BudgetFactory, census_person, desk_agent
from tests.budgets.services.conftest import make_scene
from tests.budgets.services.matrix import ACTIONS, arrange, matrix_cases
from tests.factories import ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("action", "timing", "role", "allowed"), list(matrix_cases()))
def test_rule_permission_matrix(action, timing, role, allowed):
    arranged = arrange(action, timing, role)

    assert arranged.actor.has_perm(ACTIONS[action].perm, arranged.obj) is allowed


def test_every_rule_of_the_brief_exists():
    import rules

    for name in (
        "budgets.vote",
        "budgets.view_results",
        "budgets.manage_budgets",
        "budgets.manage_census",
        "budgets.generate_codes",
        "budgets.cast_at_desk",
        "budgets.enter_paper_ballots",
        "budgets.resolve_paper_ballots",
        "budgets.close_vote",
        "budgets.verify_eligibility",
    ):
        assert rules.perm_exists(name), name


def test_a_desk_agent_holds_the_desk_permission_and_a_resident_does_not():
    assert is_desk_agent(desk_agent()) is True
    assert is_desk_agent(UserFactory()) is False
    assert is_desk_agent(UserFactory(is_superuser=True)) is True


def test_without_a_census_every_resident_votes_in_the_budget_of_their_profiles_area(north, south):
    process = ProcessFactory(with_phase="vote")
    north_budget = BudgetFactory(process=process, area=north)
    town = BudgetFactory(process=process)

    assert UserFactory(area=north).has_perm("budgets.vote", north_budget) is True
    assert UserFactory(area=south).has_perm("budgets.vote", north_budget) is False
    assert UserFactory(area=south).has_perm("budgets.vote", town) is True
    assert UserFactory(unverified=True).has_perm("budgets.vote", town) is False


def test_verifying_opens_the_vote_for_the_same_user_instance(north, south):
    scene = make_scene(north=north, south=south)
    user = UserFactory()
    assert user.has_perm("budgets.vote", scene["town"]) is False

    voter_verify_with_census(
        actor=user, process=scene["process"], values=census_person(scene["census"], area=north)
    )

    assert user.has_perm("budgets.vote", scene["town"]) is True
    assert may_vote_in_budget(user, scene["north_budget"]) is True


def test_an_unpublished_process_opens_no_vote(north):
    process = ProcessFactory(with_phase="vote", is_published=False)
    budget = BudgetFactory(process=process)

    assert UserFactory(area=north).has_perm("budgets.vote", budget) is False


def test_results_are_public_only_once_counted_and_the_results_phase_started():
    process = ProcessFactory(with_phase="results")
    budget = BudgetFactory(process=process)
    resident = UserFactory()
    assert resident.has_perm("budgets.view_results", budget) is False

    Budget.objects.filter(pk=budget.pk).update(allocated_at=timezone.now())
    budget.refresh_from_db()

    assert resident.has_perm("budgets.view_results", budget) is True
    assert vote_has_ended(resident, budget) is True
    assert Census.objects.count() == 0


@pytest.fixture
def north(db):
    from tests.factories import AreaFactory

    return AreaFactory(name="Nord", slug="nord")


@pytest.fixture
def south(db):
    from tests.factories import AreaFactory

    return AreaFactory(name="Sud", slug="sud")
