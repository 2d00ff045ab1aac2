"""What `has_perm` answers for every named rule: roles × before / during / after the phase that allows it.
The same matrix is run against the services in tests/participation/services/test_permission_matrix.py."""

import pytest
import rules

from participation.models import Proposal
from tests.factories import ProcessFactory, ProposalFactory, UserFactory
from tests.participation.services.matrix import ACTIONS, arrange, matrix_cases

pytestmark = pytest.mark.django_db

CONTRACT_RULES = {
    "participation.view_proposal",
    "participation.add_proposal",
    "participation.change_proposal",
    "participation.submit_proposal",
    "participation.withdraw_proposal",
    "participation.admit_proposal",
    "participation.reject_proposal",
    "participation.evaluate_proposal",
    "participation.hide_proposal",
    "participation.add_comment",
    "participation.change_comment",
    "participation.delete_comment",
    "participation.hide_comment",
    "participation.support_proposal",
    "participation.follow_proposal",
    "participation.follow_process",
    "participation.report_content",
    "participation.access_moderation",
    "participation.access_evaluation",
    "participation.close_phase",
}


def test_every_rule_of_the_contract_is_defined():
    assert [name for name in sorted(CONTRACT_RULES) if not rules.perm_exists(name)] == []


@pytest.mark.parametrize(("action", "timing", "role", "allowed"), list(matrix_cases()))
def test_permission_matrix(action, timing, role, allowed):
    arranged = arrange(action, timing, role)
    assert arranged.actor.has_perm(ACTIONS[action].perm, arranged.obj) is allowed


@pytest.mark.parametrize(
    ("state", "role", "visible"),
    [
        ("draft", "anonymous", False),
        ("draft", "resident", False),
        ("draft", "author", True),
        ("draft", "moderator", True),
        ("draft", "process_admin", True),
        ("draft", "evaluator", False),
        ("submitted", "anonymous", True),
        ("in_debate", "resident", True),
        ("rejected", "anonymous", True),
        ("withdrawn", "unverified", True),
    ],
)
def test_view_proposal_shows_public_states_to_all_and_drafts_to_author_and_staff(state, role, visible):
    from tests.participation.services.matrix import make_actor

    author = UserFactory()
    proposal = ProposalFactory(state=state, author=author, process=ProcessFactory(with_phase="debate"))
    assert make_actor(role, author).has_perm("participation.view_proposal", proposal) is visible


def test_proposals_of_an_unpublished_process_are_visible_to_staff_only():
    process = ProcessFactory(is_published=False, with_phase="debate")
    proposal = ProposalFactory(state="in_debate", process=process)
    assert UserFactory().has_perm("participation.view_proposal", proposal) is False
    assert UserFactory(moderator=True).has_perm("participation.view_proposal", proposal) is True


def test_nobody_may_support_or_comment_a_hidden_proposal():
    proposal = ProposalFactory(state="in_debate", process=ProcessFactory(with_phase="debate"))
    Proposal.objects.filter(pk=proposal.pk).update(hidden_reason="Spam", hidden_at=proposal.created_at)
    proposal.refresh_from_db()
    resident = UserFactory()
    assert resident.has_perm("participation.support_proposal", proposal) is False
    assert resident.has_perm("participation.add_comment", proposal) is False
    assert resident.has_perm("participation.report_content", proposal) is False


def test_withdrawing_stays_possible_until_the_vote_opens_even_between_phases():
    author = UserFactory()
    process = ProcessFactory(with_phase="evaluation")
    proposal = ProposalFactory(state="in_debate", author=author, process=process)
    assert author.has_perm("participation.withdraw_proposal", proposal) is True


def test_rules_without_an_object_refuse_object_rules():
    resident = UserFactory()
    assert resident.has_perm("participation.support_proposal") is False
    assert resident.has_perm("participation.view_proposal") is False


def test_asking_for_25_proposals_of_one_process_runs_one_query_for_the_phases(django_assert_num_queries):
    process = ProcessFactory(with_phase="debate")
    ProposalFactory.create_batch(25, process=process, state="in_debate")
    resident = UserFactory()
    listed = list(Proposal.objects.filter(process=process).prefetch_related("process__phases"))
    with django_assert_num_queries(0):
        answers = [resident.has_perm("participation.support_proposal", proposal) for proposal in listed]
    assert answers == [True] * 25


def test_role_checks_read_the_permissions_once_per_user(django_assert_num_queries):
    process = ProcessFactory(with_phase="debate")
    ProposalFactory.create_batch(3, process=process, state="submitted")
    moderator = UserFactory(moderator=True)
    listed = list(Proposal.objects.filter(process=process).prefetch_related("process__phases"))
    # One query for the user's own permissions, one for the permissions of the user's groups.
    with django_assert_num_queries(2):
        answers = [moderator.has_perm("participation.admit_proposal", proposal) for proposal in listed]
    assert answers == [True] * 3
