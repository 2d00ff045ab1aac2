"""proposal_create / update / submit / reject / accept / hide: input validation and side effects."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext

from participation.exceptions import AlreadyDoneError, InvalidInputError, PhaseClosedError
from participation.models import DomainEvent, EventKind, Follow, Proposal, ProposalTransition, Report
from participation.services import proposals
from tests.factories import AreaFactory, CategoryFactory, ProcessFactory, ProposalFactory, UserFactory
from tests.participation.services.matrix import db_snapshot

pytestmark = pytest.mark.django_db

TITLE = "Un abri pour les vélos à la gare"


def _create(**overrides):
    values = {"title": TITLE, "body": "Près du quai 1.", "area": None}
    values.update(overrides)
    actor = values.pop("actor", None) or UserFactory()
    process = values.pop("process", None) or ProcessFactory(with_phase="submission")
    return proposals.proposal_create(actor=actor, process=process, **values)


def test_create_makes_a_private_draft_that_its_author_follows():
    author = UserFactory()
    proposal = _create(actor=author)
    assert proposal.state == "draft"
    assert proposal.author == author
    assert list(Follow.objects.filter(proposal=proposal).values_list("user_id", flat=True)) == [author.pk]
    assert DomainEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "Court"}, "title"),
        ({"title": "x" * 151}, "title"),
        ({"title": "   "}, "title"),
        ({"body": "x" * 10_001}, "body"),
        ({"latitude": Decimal("50.1")}, "longitude"),
        ({"latitude": Decimal("91"), "longitude": Decimal("5")}, "latitude"),
        ({"latitude": "abc", "longitude": Decimal("5")}, "latitude"),
        ({"latitude": Decimal("50"), "longitude": Decimal("181")}, "longitude"),
        ({"area": "Namur"}, "area"),
    ],
)
def test_create_refuses_bad_fields_with_a_field_error_and_writes_nothing(overrides, field):
    process = ProcessFactory(with_phase="submission")
    actor = UserFactory()
    before = db_snapshot()
    with pytest.raises(InvalidInputError) as raised:
        _create(actor=actor, process=process, **overrides)
    assert field in raised.value.field_errors
    assert db_snapshot() == before


def test_create_refuses_an_area_or_category_outside_the_process():
    process = ProcessFactory(with_phase="submission")
    process.areas.add(AreaFactory())
    process.categories.add(CategoryFactory())
    with pytest.raises(InvalidInputError) as raised:
        _create(process=process, area=AreaFactory(), category=CategoryFactory())
    assert set(raised.value.field_errors) == {"area", "category"}


def test_create_rounds_the_location_to_six_decimals():
    proposal = _create(latitude="50.12345678", longitude=5.5)
    proposal.refresh_from_db()
    assert (proposal.latitude, proposal.longitude) == (Decimal("50.123457"), Decimal("5.500000"))


def test_create_is_refused_outside_the_submission_phase():
    with pytest.raises(PhaseClosedError):
        _create(process=ProcessFactory(with_phase="debate"))
    assert Proposal.objects.count() == 0


def test_update_sets_edited_at_and_records_an_event_for_a_public_proposal():
    author = UserFactory()
    process = ProcessFactory(with_phase="submission")
    proposal = ProposalFactory(state="submitted", author=author, process=process)
    area = AreaFactory()
    result = proposals.proposal_update(
        actor=author,
        proposal=proposal,
        title="  Un titre enfin complet  ",
        body="Nouveau texte",
        area=area,
        category=None,
        latitude=None,
        longitude=None,
    )
    result.refresh_from_db()
    assert (result.title, result.body, result.area) == ("Un titre enfin complet", "Nouveau texte", area)
    assert result.edited_at is not None
    assert list(DomainEvent.objects.values_list("kind", flat=True)) == [EventKind.PROPOSAL_EDITED]


def test_update_of_a_draft_records_no_event():
    author = UserFactory()
    proposal = ProposalFactory(state="draft", author=author)
    proposals.proposal_update(
        actor=author,
        proposal=proposal,
        title=TITLE,
        body="",
        area=None,
        category=None,
        latitude=None,
        longitude=None,
    )
    assert DomainEvent.objects.count() == 0


def test_submitting_an_incomplete_draft_names_every_missing_field_and_changes_nothing():
    author = UserFactory()
    proposal = ProposalFactory(
        state="draft", author=author, body="", area=None, process=ProcessFactory(with_phase="submission")
    )
    before = db_snapshot()
    with pytest.raises(InvalidInputError) as raised:
        proposals.proposal_submit(actor=author, proposal=proposal)
    assert set(raised.value.field_errors) == {"body", "area"}
    assert db_snapshot() == before


def _moderator_reject(proposal, **overrides):
    values = {"reason": "inadmissible", "public_reason": "Contraire au règlement."}
    values.update(overrides)
    actor = values.pop("actor", None) or UserFactory(moderator=True)
    return proposals.proposal_reject(actor=actor, proposal=proposal, **values)


def test_reject_records_the_reason_code_and_the_public_reason_on_the_timeline():
    proposal = ProposalFactory(state="in_debate")
    _moderator_reject(proposal, reason="other", public_reason="  Le conseil a déjà voté ce projet.  ")
    proposal.refresh_from_db()
    assert (proposal.state, proposal.rejection_reason) == ("rejected", "other")
    transition = ProposalTransition.objects.get(proposal=proposal)
    assert (transition.reason_code, transition.public_reason) == (
        "other",
        "Le conseil a déjà voté ce projet.",
    )


def test_reject_as_duplicate_links_the_original():
    original = ProposalFactory(state="in_debate")
    proposal = ProposalFactory(state="submitted", process=original.process)
    _moderator_reject(proposal, reason="duplicate", duplicate_of=original)
    proposal.refresh_from_db()
    assert proposal.duplicate_of == original


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"public_reason": "   "}, "public_reason"),
        ({"public_reason": "x" * 2001}, "public_reason"),
        ({"reason": "because"}, "reason"),
        ({"reason": "duplicate"}, "duplicate_of"),
    ],
)
def test_reject_refuses_bad_input_and_changes_nothing(overrides, field):
    proposal = ProposalFactory(state="in_debate")
    before = db_snapshot()
    with pytest.raises(InvalidInputError) as raised:
        _moderator_reject(proposal, **overrides)
    assert field in raised.value.field_errors
    assert db_snapshot() == before


@pytest.mark.parametrize("case", ["itself", "other_process", "draft"])
def test_reject_as_duplicate_needs_another_public_proposal_of_the_same_process(case):
    proposal = ProposalFactory(state="in_debate")
    original = {
        "itself": proposal,
        "other_process": ProposalFactory(state="in_debate"),
        "draft": ProposalFactory(state="draft", process=proposal.process),
    }[case]
    with pytest.raises(InvalidInputError) as raised:
        _moderator_reject(proposal, reason="duplicate", duplicate_of=original)
    assert "duplicate_of" in raised.value.field_errors
    proposal.refresh_from_db()
    assert proposal.state == "in_debate"


def test_an_evaluator_may_reject_only_as_not_feasible():
    proposal = ProposalFactory(state="in_debate", process=ProcessFactory(with_phase="evaluation"))
    evaluator = UserFactory(evaluator=True)
    with pytest.raises(InvalidInputError) as raised:
        _moderator_reject(proposal, actor=evaluator, reason="out_of_scope")
    assert "reason" in raised.value.field_errors
    _moderator_reject(proposal, actor=evaluator, reason="not_feasible")
    proposal.refresh_from_db()
    assert proposal.state == "rejected"


def test_an_evaluator_may_not_reject_a_submitted_proposal():
    proposal = ProposalFactory(state="submitted", process=ProcessFactory(with_phase="evaluation"))
    with pytest.raises(PermissionDenied):
        _moderator_reject(proposal, actor=UserFactory(evaluator=True), reason="not_feasible")


@pytest.mark.parametrize(
    ("cost", "answer", "field"),
    [
        (-1, "Oui", "cost_estimate_cents"),
        (None, "Oui", "cost_estimate_cents"),
        ("100", "Oui", "cost_estimate_cents"),
        (True, "Oui", "cost_estimate_cents"),
        (100, "  ", "answer"),
    ],
)
def test_accept_needs_a_cost_of_zero_or_more_and_a_public_answer(cost, answer, field):
    proposal = ProposalFactory(state="in_debate", process=ProcessFactory(with_phase="evaluation"))
    before = db_snapshot()
    with pytest.raises(InvalidInputError) as raised:
        proposals.proposal_accept(
            actor=UserFactory(evaluator=True), proposal=proposal, cost_estimate_cents=cost, answer=answer
        )
    assert field in raised.value.field_errors
    assert db_snapshot() == before


def test_accept_stores_the_cost_and_the_answer():
    proposal = ProposalFactory(state="in_debate", process=ProcessFactory(with_phase="evaluation"))
    proposals.proposal_accept(
        actor=UserFactory(process_admin=True),
        proposal=proposal,
        cost_estimate_cents=0,
        answer="Réalisable par les services communaux.",
    )
    proposal.refresh_from_db()
    assert (proposal.state, proposal.cost_estimate_cents, proposal.answer) == (
        "accepted",
        0,
        "Réalisable par les services communaux.",
    )


def test_hiding_a_proposal_resolves_its_open_reports_and_records_an_event():
    proposal = ProposalFactory(state="in_debate")
    report = Report.objects.create(reporter=UserFactory(), proposal=proposal, reason="spam")
    moderator = UserFactory(moderator=True)
    proposals.proposal_hide(actor=moderator, proposal=proposal, reason="Publicité.")
    proposal.refresh_from_db()
    report.refresh_from_db()
    assert (proposal.hidden_reason, proposal.hidden_at is not None) == ("Publicité.", True)
    assert (report.resolution, report.resolved_by) == ("hidden", moderator)
    assert list(DomainEvent.objects.values_list("kind", flat=True)) == [EventKind.PROPOSAL_HIDDEN]


def test_hiding_twice_or_without_a_reason_is_refused():
    proposal = ProposalFactory(state="in_debate")
    moderator = UserFactory(moderator=True)
    with pytest.raises(InvalidInputError):
        proposals.proposal_hide(actor=moderator, proposal=proposal, reason=" ")
    proposals.proposal_hide(actor=moderator, proposal=proposal, reason="Spam.")
    with pytest.raises(AlreadyDoneError):
        proposals.proposal_hide(actor=moderator, proposal=proposal, reason="Spam.")
    assert DomainEvent.objects.count() == 1


def test_open_debate_in_bulk_moves_only_submitted_proposals_of_the_process():
    process = ProcessFactory(with_phase="debate")
    submitted = ProposalFactory.create_batch(3, process=process, state="submitted")
    draft = ProposalFactory(process=process, state="draft")
    elsewhere = ProposalFactory(state="submitted")
    assert proposals.proposal_open_debate_in_bulk(process=process) == 3
    assert set(Proposal.objects.filter(state="in_debate").values_list("pk", flat=True)) == {
        p.pk for p in submitted
    }
    assert Proposal.objects.get(pk=draft.pk).state == "draft"
    assert Proposal.objects.get(pk=elsewhere.pk).state == "submitted"
    with translation.override(settings.LANGUAGE_CODE):
        expected_reason = gettext("The debate phase opened.")
    assert set(ProposalTransition.objects.values_list("actor", "name", "public_reason")) == {
        (None, "open_debate", expected_reason)
    }
    assert proposals.proposal_open_debate_in_bulk(process=process) == 0
    assert ProposalTransition.objects.count() == 3
    assert DomainEvent.objects.filter(kind=EventKind.PROPOSAL_TRANSITION).count() == 3
