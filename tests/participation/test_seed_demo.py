"""`manage.py seed_demo` and `manage.py demo_accounts`: the demo is complete (every state, every stage), what
the services produce (counters, timelines, phase automation), dated consistently, idempotent, and its accounts
work.

Seeding takes a few seconds, so the module seeds once (committed, removed at the end) and each test reads it;
tests that change the database run in the usual rolled-back transaction."""

from collections import Counter
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from participation.demo import content
from participation.demo.accounts import DEMO_ACCOUNTS, DEMO_EMAILS, DEMO_PASSWORD
from participation.demo.builder import delete_demo_data
from participation.models import (
    Area,
    Category,
    Comment,
    CommentAlignment,
    DomainEvent,
    Phase,
    PhaseKind,
    Process,
    Proposal,
    ProposalState,
    ProposalTransition,
    RejectionReason,
    Report,
    ReportResolution,
    User,
)
from participation.models.proposals import TITLE_MAX_LENGTH, TITLE_MIN_LENGTH
from participation.services.phases import process_advance

EXPECTED_STATES = {
    ProposalState.DRAFT: 2,
    ProposalState.SUBMITTED: 3,
    ProposalState.IN_DEBATE: 12,
    ProposalState.WITHDRAWN: 4,
    ProposalState.REJECTED: 9,
    ProposalState.ACCEPTED: 4,
    ProposalState.ON_BALLOT: 5,
    ProposalState.SELECTED: 4,
    ProposalState.NOT_SELECTED: 3,
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        out = StringIO()
        call_command("seed_demo", "--no-progress", stdout=out, stderr=StringIO())
        yield out.getvalue()
        delete_demo_data()
        Area.objects.filter(slug__in=[area.slug for area in content.AREAS]).delete()
        Category.objects.filter(slug__in=[slug for slug, _name in content.CATEGORIES]).delete()


@pytest.fixture
def demo_db(demo, db):
    return demo


def model_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


# --- What the demo contains ---------------------------------------------------------------------------------


def test_seed_demo_reports_what_it_loaded(demo_db):
    assert "Demo data loaded in" in demo_db
    assert "5 processes, 46 proposals, 70 comments, 222 supports, 36 accounts." in demo_db


def test_the_demo_has_proposals_in_every_state(demo_db):
    counts = Counter(Proposal.objects.values_list("state", flat=True))
    assert counts == EXPECTED_STATES
    assert set(counts) == set(ProposalState.values)
    assert sum(counts.values()) == 46


def test_each_demo_process_is_at_its_stage_of_the_journey(demo_db):
    now = timezone.now()
    current = {process.slug: process.current_phase(now) for process in Process.objects.all()}
    assert {slug: phase.kind if phase else None for slug, phase in current.items()} == {
        content.JEUNESSE: PhaseKind.SUBMISSION,
        content.TRANSITION: PhaseKind.DEBATE,
        content.VIVRE_ENSEMBLE: PhaseKind.EVALUATION,
        content.PATRIMOINE: PhaseKind.VOTE,
        content.PREMIERE_EDITION: None,
    }
    finished = Phase.objects.filter(process__slug=content.PREMIERE_EDITION)
    assert finished.count() == 7
    assert all(phase.is_past_at(now) for phase in finished)
    assert Process.objects.filter(is_published=True).count() == 5


def test_every_rejection_reason_is_used_and_duplicates_link_an_original_of_their_process(demo_db):
    rejected = Proposal.objects.filter(state=ProposalState.REJECTED)
    assert Counter(rejected.values_list("rejection_reason", flat=True)) == {
        RejectionReason.INADMISSIBLE: 1,
        RejectionReason.DUPLICATE: 2,
        RejectionReason.OUT_OF_SCOPE: 2,
        RejectionReason.NOT_FEASIBLE: 3,
        RejectionReason.OTHER: 1,
    }
    for duplicate in rejected.filter(rejection_reason=RejectionReason.DUPLICATE).select_related(
        "duplicate_of"
    ):
        assert duplicate.duplicate_of.process_id == duplicate.process_id
        assert duplicate.duplicate_of.state in (ProposalState.IN_DEBATE, ProposalState.SELECTED)
    assert not rejected.filter(rejection_reason=RejectionReason.DUPLICATE, duplicate_of=None).exists()
    assert all(
        transition.public_reason
        for transition in ProposalTransition.objects.filter(to_state=ProposalState.REJECTED)
    )


def test_evaluated_proposals_have_a_cost_and_a_public_answer(demo_db):
    evaluated = Proposal.objects.filter(
        state__in=[
            ProposalState.ACCEPTED,
            ProposalState.ON_BALLOT,
            ProposalState.SELECTED,
            ProposalState.NOT_SELECTED,
        ]
    )
    assert evaluated.count() == 16
    assert not evaluated.filter(Q(cost_estimate_cents=None) | Q(answer="")).exists()


def test_every_public_proposal_has_a_timeline_that_leads_to_its_state(demo_db):
    for proposal in Proposal.objects.exclude(state=ProposalState.DRAFT).prefetch_related("transitions"):
        transitions = list(proposal.transitions.all())
        assert transitions[0].name == "submit"
        assert transitions[0].from_state == ProposalState.DRAFT
        assert transitions[-1].to_state == proposal.state
        assert [t.from_state for t in transitions[1:]] == [t.to_state for t in transitions[:-1]]
    assert not ProposalTransition.objects.filter(proposal__state=ProposalState.DRAFT).exists()


def test_transitions_happen_inside_the_phase_that_allows_them(demo_db):
    windows = {
        (phase.process_id, phase.kind): (phase.start_at, phase.end_at) for phase in Phase.objects.all()
    }
    phase_of = {
        "submit": PhaseKind.SUBMISSION,
        "open_debate": PhaseKind.DEBATE,
        "accept": PhaseKind.EVALUATION,
        "put_on_ballot": PhaseKind.VOTE,
        "select": PhaseKind.RESULTS,
        "mark_not_selected": PhaseKind.RESULTS,
    }
    checked = 0
    for transition in ProposalTransition.objects.select_related("proposal"):
        kind = phase_of.get(transition.name)
        if kind is None:
            continue
        start, end = windows[(transition.proposal.process_id, kind)]
        assert start <= transition.created_at < end, transition
        checked += 1
    assert checked == ProposalTransition.objects.filter(name__in=phase_of).count() > 80


def test_nothing_is_dated_in_the_future(demo_db):
    now = timezone.now()
    assert not Proposal.objects.filter(
        Q(created_at__gt=now) | Q(submitted_at__gt=now) | Q(state_changed_at__gt=now) | Q(edited_at__gt=now)
    ).exists()
    assert not Comment.objects.filter(created_at__gt=now).exists()
    assert not DomainEvent.objects.filter(created_at__gt=now).exists()
    assert not ProposalTransition.objects.filter(created_at__gt=now).exists()


def test_the_phase_automation_has_nothing_left_to_apply(demo_db):
    for process in Process.objects.all():
        assert process_advance(process=process) == {"opened": [], "closed": [], "proposals_in_debate": 0}


def test_counters_match_the_rows_and_the_threshold_marks_proposals_past_it(demo_db):
    proposals = Proposal.objects.annotate(
        supports_rows=Count("supports", distinct=True),
        visible_comments=Count(
            "comments", filter=Q(comments__hidden_at=None, comments__deleted_at=None), distinct=True
        ),
    ).select_related("process")
    for proposal in proposals:
        assert proposal.supports_count == proposal.supports_rows
        assert proposal.comments_count == proposal.visible_comments
        threshold = proposal.process.support_threshold
        assert (proposal.threshold_reached_at is not None) == (
            threshold is not None and proposal.supports_count >= threshold
        )
    transition = Process.objects.get(slug=content.TRANSITION)
    assert transition.proposals.exclude(threshold_reached_at=None).count() == 4


def test_the_debate_has_every_alignment_replies_and_follows(demo_db):
    assert set(Comment.objects.values_list("alignment", flat=True)) == set(CommentAlignment.values)
    replies = sum(len(comment.replies) for spec in content.PROPOSALS for comment in spec.comments)
    assert Comment.objects.exclude(parent=None).count() == replies == 13
    marie = User.objects.get(email="habitant@placette.localhost")
    assert marie.follows.filter(process__slug=content.TRANSITION).exists()
    supported = set(marie.supports.values_list("proposal__title", flat=True))
    assert {spec.title for spec in content.PROPOSALS if "marie" in spec.supporters} <= supported
    assert len(supported) == 10
    # Authors follow their proposals (the service does it).
    assert Proposal.objects.filter(follows__user=F("author")).count() == 46


def test_the_moderation_queue_has_pending_reports_and_a_hidden_comment_with_its_reason(demo_db):
    pending = Report.objects.filter(resolved_at=None)
    assert pending.count() == 2
    assert pending.filter(proposal__isnull=False).count() == 1
    assert pending.filter(comment__isnull=False).count() == 1
    hidden = Comment.objects.exclude(hidden_at=None).get()
    assert hidden.hidden_reason.startswith("Ce commentaire met en cause une personne")
    assert set(hidden.reports.values_list("resolution", flat=True)) == {ReportResolution.HIDDEN}
    assert Report.objects.filter(resolution=ReportResolution.DISMISSED).count() == 1


def test_proposals_with_a_location_are_in_the_condroz(demo_db):
    located = Proposal.objects.exclude(latitude=None)
    assert located.count() == 13
    for proposal in located:
        assert 50.35 < float(proposal.latitude) < 50.55
        assert 5.2 < float(proposal.longitude) < 5.6


# --- Demo accounts ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("email", [account.address for account in DEMO_ACCOUNTS])
def test_each_demo_account_logs_in_with_the_demo_password(demo_db, client, email):
    assert client.login(email=email, password=DEMO_PASSWORD) is True
    assert EmailAddress.objects.filter(email=email, verified=True, primary=True).count() == 1


def test_the_resident_logs_in_through_the_sign_in_form(demo_db, client):
    response = client.post(
        reverse("account_login"), {"login": "habitant@placette.localhost", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_demo_accounts_hold_their_roles(demo_db):
    users = {user.email: user for user in User.objects.filter(email__in=DEMO_EMAILS)}
    assert len(users) == 36
    assert all(user.email_verified for user in users.values())
    moderator = users["moderation@placette.localhost"]
    admin = users["admin@placette.localhost"]
    evaluator = users["evaluation@placette.localhost"]
    resident = users["habitant@placette.localhost"]
    assert moderator.has_perm("participation.moderate") is True
    assert evaluator.has_perm("participation.evaluate") is True
    assert admin.has_perm("participation.administer_processes") is True
    assert (admin.is_staff, admin.is_superuser) == (True, True)
    assert resident.display_name == "Marie Lambert"
    assert resident.area.name == "Ouffet"
    assert [
        resident.has_perm(perm)
        for perm in ("participation.moderate", "participation.evaluate", "participation.administer_processes")
    ] == [False] * 3


def test_demo_accounts_prints_the_four_accounts_and_the_password(demo_db):
    out = StringIO()
    call_command("demo_accounts", stdout=out, stderr=StringIO())
    printed = out.getvalue()
    assert "placette-demo" in printed
    for email in ("habitant", "moderation", "admin", "evaluation"):
        assert f"{email}@placette.localhost" in printed


def test_demo_accounts_says_how_to_load_missing_accounts(demo_db):
    delete_demo_data()
    err = StringIO()
    call_command("demo_accounts", stdout=StringIO(), stderr=err)
    assert "manage.py seed_demo" in err.getvalue()


# --- Idempotence and reset ----------------------------------------------------------------------------------


def test_a_second_run_changes_nothing(demo_db):
    before = model_counts()
    out = StringIO()
    call_command("seed_demo", "--no-progress", stdout=out, stderr=StringIO())
    assert out.getvalue() == "The demo data is already there; nothing to do (use --reset to recreate it).\n"
    assert model_counts() == before


def test_reset_deletes_the_demo_and_loads_it_again(demo_db):
    before = model_counts()
    old_ids = set(Proposal.objects.values_list("pk", flat=True))
    call_command("seed_demo", "--reset", "--no-progress", stdout=StringIO(), stderr=StringIO())
    assert model_counts() == before
    assert old_ids.isdisjoint(Proposal.objects.values_list("pk", flat=True))
    assert Counter(Proposal.objects.values_list("state", flat=True)) == EXPECTED_STATES


def test_partial_demo_data_is_refused_with_the_command_to_run(demo_db):
    Process.objects.filter(slug=content.JEUNESSE).delete()
    before = model_counts()
    with pytest.raises(CommandError, match="seed_demo --reset"):
        call_command("seed_demo", "--no-progress", stdout=StringIO(), stderr=StringIO())
    assert model_counts() == before


# --- The content itself -------------------------------------------------------------------------------------


def test_demo_titles_respect_the_proposal_title_length():
    assert all(TITLE_MIN_LENGTH <= len(spec.title) <= TITLE_MAX_LENGTH for spec in content.PROPOSALS)
    assert len({spec.key for spec in content.PROPOSALS}) == len(content.PROPOSALS)


def test_demo_bodies_have_paragraphs_without_hard_wrapped_lines():
    for spec in content.PROPOSALS:
        paragraphs = spec.body.split("\n\n")
        assert all(paragraph and "\n" not in paragraph for paragraph in paragraphs), spec.key
    assert sum(len(spec.body.split("\n\n")) >= 2 for spec in content.PROPOSALS) >= 25


def test_the_demo_notifies_nobody_of_its_history_and_gives_the_resident_a_few_notifications(demo_db):
    from participation.models import DomainEvent, Notification, User

    resident = User.objects.get(email="habitant@placette.localhost")
    assert DomainEvent.objects.filter(dispatched_at__isnull=True).count() == 0
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {resident.pk}
    assert Notification.objects.filter(recipient=resident).count() == 8
    unread = Notification.objects.filter(recipient=resident, read_at=None).count()
    assert resident.unread_notifications == unread == 5
