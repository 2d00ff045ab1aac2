"""Model-level invariants: database constraints, the phase clock, the roles from the data migration."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError
from django.utils import timezone

from participation.models import Feature, Phase, PhaseKind, Proposal, Support
from tests.factories import (
    PhaseFactory,
    ProcessFactory,
    ProposalFactory,
    SupportFactory,
    UserFactory,
    make_phases,
)

pytestmark = pytest.mark.django_db


def test_the_data_migration_creates_the_three_role_groups_with_their_permission():
    groups = {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type")
    }
    assert "participation.moderate" in groups["Moderators"]
    assert "participation.administer_processes" in groups["Process administrators"]
    assert "participation.change_phase" in groups["Process administrators"]
    assert groups["Evaluators"] == {"participation.evaluate"}


@pytest.mark.parametrize(
    ("role", "permission"),
    [
        ("moderator", "participation.moderate"),
        ("process_admin", "participation.administer_processes"),
        ("evaluator", "participation.evaluate"),
    ],
)
def test_a_role_group_grants_its_permission(role, permission):
    user = UserFactory(**{role: True})
    plain = UserFactory()
    assert user.has_perm(permission) is True
    assert plain.has_perm(permission) is False


def test_a_superuser_is_held_to_the_phase_rules_like_everyone():
    superuser = UserFactory(is_superuser=True)
    proposal = ProposalFactory(state="in_debate", process=ProcessFactory(with_phase="evaluation"))
    assert superuser.has_perm("participation.support_proposal", proposal) is False
    assert superuser.has_perm("participation.evaluate_proposal", proposal) is True
    assert superuser.has_perm("participation.change_process") is True


def test_one_support_per_proposal_and_user_is_enforced_by_the_database():
    support = SupportFactory()
    with pytest.raises(IntegrityError):
        Support.objects.create(proposal=support.proposal, user=support.user, process=support.process)


def test_a_rejected_proposal_needs_a_reason_in_the_database():
    proposal = ProposalFactory(state="submitted")
    with pytest.raises(IntegrityError):
        Proposal.objects.filter(pk=proposal.pk).update(state="rejected", rejection_reason="")


def test_a_phase_cannot_end_before_it_starts():
    now = timezone.now()
    with pytest.raises(IntegrityError):
        PhaseFactory(start_at=now, end_at=now - timedelta(hours=1))


def test_the_open_phase_comes_from_the_clock():
    process = ProcessFactory()
    phases = make_phases(process, open_kind=PhaseKind.DEBATE)
    process.refresh_from_db()
    debate = phases[2]
    assert process.current_phase() == debate
    assert process.next_phase() == phases[3]
    assert process.feature_is_open(Feature.SUPPORT) is True
    assert process.feature_is_open(Feature.SUBMIT) is False
    assert process.phase_kind_has_started(PhaseKind.VOTE) is False
    assert process.feature_is_open(Feature.SUBMIT, moment=phases[1].start_at) is True


def test_a_phase_closed_early_is_no_longer_open():
    phase = PhaseFactory(closed_at=timezone.now() - timedelta(minutes=1))
    assert phase.is_open() is False
    assert phase.is_past_at(timezone.now()) is True


def test_the_phases_of_a_process_are_read_once_per_instance(django_assert_num_queries):
    process = ProcessFactory(with_phase="debate")
    process.refresh_from_db()
    with django_assert_num_queries(1):
        for _ in range(5):
            process.feature_is_open(Feature.SUPPORT)
            process.current_phase()


def test_prefetched_phases_cost_no_query(django_assert_num_queries):
    from participation.models import Process

    ProcessFactory(with_phase="debate")
    process = Process.objects.prefetch_related("phases").get()
    with django_assert_num_queries(0):
        assert process.current_phase().kind == PhaseKind.DEBATE


def test_phases_are_ordered_by_position():
    process = ProcessFactory(with_phase="submission")
    assert [phase.kind for phase in Phase.objects.filter(process=process)] == [
        "information",
        "submission",
        "debate",
        "evaluation",
        "vote",
        "results",
        "implementation",
    ]
